// brief's web page: a client of the API on the same origin (POST /v1/brief, /v1/translate, /detect).
// No library, no build step. Text from the page or the server goes into the document as text
// (textContent, value); the one HTML it shows is the server's own brief, parsed off-document
// and copied over element by element through an allow-list.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = "brief.apiKey";

  const state = {
    key: sessionStorage.getItem(KEY_STORE) || localStorage.getItem(KEY_STORE) || "",
    keyRequired: false,
    charLimit: 0,
    brief: null, // {json, jsonText, html, markdown, input, options, translate, notice}
    bundle: null, // does the server answer format=bundle? null until it has been asked
  };

  // ---------- talking to the API ----------

  class ApiError extends Error {
    constructor(status, message, type) {
      super(message);
      this.status = status;
      this.type = type || "";
    }
  }

  async function errorFrom(response) {
    let message = "";
    let type = "";
    try {
      const body = await response.json();
      message = typeof body.error === "string" ? body.error : "";
      type = typeof body.type === "string" ? body.type : "";
    } catch (_) {
      // not JSON (a proxy's page, say): the status line says enough
    }
    return new ApiError(response.status, message || `${response.status} ${response.statusText}`.trim(), type);
  }

  // One request; the key goes in a header (never in the URL). A 401 asks for the key and retries.
  async function call(path, { body, json, accept, signal } = {}) {
    for (;;) {
      const headers = {};
      if (state.key) headers["X-API-Key"] = state.key;
      if (accept) headers["Accept"] = accept;
      let payload = body;
      if (json !== undefined) {
        headers["Content-Type"] = "application/json";
        payload = JSON.stringify(json);
      }
      let response;
      try {
        response = await fetch(path, { method: "POST", headers, body: payload, signal, credentials: "same-origin" });
      } catch (err) {
        if (err.name === "AbortError") throw err;
        throw new ApiError(0, "The server did not answer. Is brief serve still running?");
      }
      if (response.ok) return response;
      const error = await errorFrom(response);
      if (response.status === 401 || (response.status === 403 && path === "/detect")) {
        const key = await askKey(state.key ? "The server did not accept that key: " + error.message
                                           : "This server asks for an API key. Ask its administrator for one.");
        if (key) continue;
      }
      throw error;
    }
  }

  function explain(error) {
    if (!(error instanceof ApiError)) return "Something went wrong in the page: " + String(error);
    const said = error.message;
    switch (error.status) {
      case 0: return said;
      case 401: case 403: return "No valid API key: " + said;
      case 413: return "Too large for this server: " + said + ". Send a shorter page, or ask the administrator to raise BRIEF_MAX_BODY_BYTES or BRIEF_MAX_CHARS.";
      case 422: case 400: return "brief could not use this input: " + said;
      case 429: return "Too many requests: " + said;
      case 503: return "No translation model on the server: " + said;
      default: return `The server failed (${error.status}): ${said}`;
    }
  }

  // ---------- the API key ----------

  let keyWaiters = [];

  function askKey(message) {
    const dialog = $("key-dialog");
    $("key-message").textContent = message;
    $("key-input").value = "";
    if (!dialog.open) dialog.showModal();
    $("key-input").focus();
    return new Promise((resolve) => keyWaiters.push(resolve));
  }

  function closeKeyDialog(key) {
    const dialog = $("key-dialog");
    if (dialog.open) dialog.close();
    const waiters = keyWaiters;
    keyWaiters = [];
    waiters.forEach((resolve) => resolve(key));
  }

  function setKey(key, remember) {
    state.key = key;
    sessionStorage.setItem(KEY_STORE, key);
    if (remember) localStorage.setItem(KEY_STORE, key);
    else localStorage.removeItem(KEY_STORE);
  }

  function setUpKeyDialog() {
    $("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("key-input").value.trim();
      if (!key) {
        $("key-message").textContent = "Type the key first.";
        $("key-input").focus();
        return;
      }
      setKey(key, $("key-remember").checked);
      closeKeyDialog(key);
    });
    $("key-cancel").addEventListener("click", () => closeKeyDialog(null));
    $("key-dialog").addEventListener("cancel", () => closeKeyDialog(null));
    $("key-change").addEventListener("click", () => askKey("Type the API key to use from now on."));
  }

  // ---------- server facts: model, limits, keys ----------

  async function loadServerFacts() {
    try {
      const settings = await (await fetch("/frontend/settings")).json();
      state.keyRequired = Boolean(settings.keyRequired);
      state.charLimit = Number(settings.charLimit) || 0;
    } catch (_) { /* an older server: no limits shown */ }
    $("key-change").hidden = !state.keyRequired;
    updateCount();
    try {
      const health = await (await fetch("/health")).json();
      $("model-status").textContent = health.ready
        ? "Translation model: " + health.translator
        : "No translation model installed: headlines and summaries stay in Chinese";
      $("model-status").classList.toggle("warn", !health.ready);
    } catch (_) {
      $("model-status").textContent = "The server did not answer.";
    }
    if (state.keyRequired && !state.key) await askKey("This server asks for an API key. Ask its administrator for one.");
  }

  // ---------- tabs ----------

  function setUpTabs() {
    const tabs = [$("tab-brief"), $("tab-translate")];
    const select = (tab) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        $(t.getAttribute("aria-controls")).hidden = !on;
      }
      tab.focus();
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab));
      tab.addEventListener("keydown", (event) => {
        const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -i, End: tabs.length - 1 - i };
        if (event.key in moves) {
          event.preventDefault();
          select(tabs[(i + moves[event.key] + tabs.length) % tabs.length]);
        }
      });
    });
  }

  // ---------- progress and messages ----------

  function busy(button, cancel, status, text) {
    const started = Date.now();
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.classList.add("working");
    if (cancel) cancel.hidden = false;
    const tick = () => {
      const seconds = Math.round((Date.now() - started) / 1000);
      status.textContent = seconds >= 2 ? `${text} ${seconds} s` : text;
    };
    tick();
    const timer = setInterval(tick, 1000);
    return (finalText) => {
      clearInterval(timer);
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.classList.remove("working");
      if (cancel) cancel.hidden = true;
      status.textContent = finalText || "";
    };
  }

  function showError(box, message) {
    box.textContent = message;
    box.hidden = !message;
    if (message) box.focus();
  }

  // ---------- the page to brief: pasted text or a file ----------

  let chosenFile = null;

  function setFile(file) {
    chosenFile = file;
    const text = $("page-text");
    $("file-info").hidden = !file;
    text.disabled = Boolean(file);
    if (file) {
      $("file-name").textContent = `${file.name} (${formatSize(file.size)}), sent as it is`;
    } else {
      $("page-file").value = "";
    }
    showError($("brief-error"), "");
  }

  function formatSize(bytes) {
    return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
  }

  function setUpDrop() {
    const zone = $("drop-zone");
    // A file dropped anywhere else must not make the browser leave the page.
    for (const kind of ["dragover", "drop"]) document.addEventListener(kind, (event) => event.preventDefault());
    let depth = 0;
    zone.addEventListener("dragenter", (event) => {
      event.preventDefault();
      depth += 1;
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (!depth) zone.classList.remove("dragging");
    });
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      depth = 0;
      zone.classList.remove("dragging");
      const file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) setFile(file);
    });
    $("page-file").addEventListener("change", (event) => setFile(event.target.files[0] || null));
    $("file-clear").addEventListener("click", () => {
      setFile(null);
      $("page-text").focus();
    });
  }

  // ---------- the brief ----------

  function briefInput() {
    if (chosenFile) return { blob: chosenFile, name: chosenFile.name };
    const text = $("page-text").value;
    if (!text.trim()) return null;
    return { blob: new Blob([text], { type: "text/plain;charset=utf-8" }), name: "pasted-page.txt" };
  }

  function briefOptions() {
    const sentences = parseInt($("opt-sentences").value, 10);
    return {
      bilingual: $("opt-bilingual").checked,
      full: $("opt-full").checked,
      script: $("opt-script").value,
      sentences: Number.isFinite(sentences) ? Math.min(20, Math.max(1, sentences)) : 3,
    };
  }

  function briefForm(input, options, format, translate) {
    const form = new FormData();
    form.append("file", input.blob, input.name);
    form.append("format", format);
    form.append("bilingual", String(options.bilingual));
    form.append("full", String(options.full));
    if (options.script) form.append("script", options.script);
    form.append("sentences", String(options.sentences));
    form.append("translate", String(translate));
    return form;
  }

  async function fetchBrief(input, options, format, translate, signal) {
    const response = await call("/v1/brief", { body: briefForm(input, options, format, translate), signal });
    return response.text();
  }

  // An older server knows no format=bundle: pydantic's message names the field ("format: Input should be …").
  function unknownFormat(err) {
    return err instanceof ApiError && (err.status === 422 || err.status === 400) && /(^|; )format\b/.test(err.message);
  }

  function hasArticles(json) {
    return Boolean(json.articles && json.articles.some((a) => a.kind !== "box"));
  }

  // The brief in every format from one request and one run of the pipeline (format=bundle).
  async function fetchBundle(input, options, translate, signal) {
    const bundle = JSON.parse(await fetchBrief(input, options, "bundle", translate, signal));
    const json = bundle.brief;
    // The .json download: laid out as the CLI's --format json writes it.
    // bundle.json is the brief as the CLI writes it: a download saves it byte for byte.
    const jsonText = typeof bundle.json === "string" ? bundle.json : JSON.stringify(json, null, 2) + "\n";
    return { json, jsonText, html: bundle.html, markdown: bundle.markdown };
  }

  // The way before format=bundle: JSON, then the HTML of the same page; Markdown only when downloaded.
  async function fetchEachFormat(input, options, translate, signal) {
    const jsonText = await fetchBrief(input, options, "json", translate, signal);
    const json = JSON.parse(jsonText);
    const html = hasArticles(json) ? await fetchBrief(input, options, "html", translate, signal) : "";
    return { json, jsonText, html, markdown: null };
  }

  async function fetchWholeBrief(input, options, translate, signal) {
    if (state.bundle !== false) {
      try {
        const parts = await fetchBundle(input, options, translate, signal);
        state.bundle = true;
        return parts;
      } catch (err) {
        if (!unknownFormat(err)) throw err;
        state.bundle = false; // remembered: the next brief goes the old way at once
      }
    }
    return fetchEachFormat(input, options, translate, signal);
  }

  let running = null;

  async function makeBrief(event) {
    event.preventDefault();
    const error = $("brief-error");
    showError(error, "");
    const input = briefInput();
    if (!input) {
      showError(error, "Paste a page or choose a .txt file first.");
      $("page-text").focus();
      return;
    }
    const options = briefOptions();
    running = new AbortController();
    const done = busy($("brief-button"), $("brief-cancel"), $("brief-status"), "Making the brief…");
    $("brief-result").setAttribute("aria-busy", "true");
    try {
      let translate = true;
      let notice = "";
      let parts;
      try {
        parts = await fetchWholeBrief(input, options, true, running.signal);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 503)) throw err;
        // An older server answers 503 without a model: make the brief as the CLI does then.
        translate = false;
        notice = err.message.charAt(0).toUpperCase() + err.message.slice(1);
        parts = await fetchWholeBrief(input, options, false, running.signal);
      }
      const json = parts.json;
      if (!hasArticles(json)) {
        done("");
        showError(error, "brief found no articles on this page. Is it the text of a Chinese newspaper page? " +
                         "Headlines, bylines and paragraphs are what it looks for.");
        return;
      }
      state.brief = { ...parts, input, options, translate, notice };
      showBrief(state.brief);
      const count = json.articles.filter((a) => a.kind !== "box").length;
      done(`Done: ${count} article${count === 1 ? "" : "s"}.`);
      $("brief-view").querySelector("h2, h3")?.focus();
    } catch (err) {
      if (err.name === "AbortError") {
        done("Cancelled.");
      } else {
        done("");
        showError(error, explain(err));
      }
    } finally {
      $("brief-result").removeAttribute("aria-busy");
      running = null;
    }
  }

  function showBrief(brief) {
    const notices = $("notices");
    notices.replaceChildren();
    // The brief shows its own notices; the page adds only what the server said instead of a brief.
    const lines = brief.notice ? [brief.notice] : [];
    for (const line of lines) {
      const p = document.createElement("p");
      p.textContent = line;
      notices.append(p);
    }
    notices.hidden = !lines.length;
    $("brief-view").replaceChildren(...safeBriefNodes(brief.html));
    const english = brief.json.articles.some((a) => a.summary && a.summary.english && a.summary.english.length);
    $("copy-summary").textContent = english ? "Copy English summary" : "Copy summary (Chinese)";
    $("result-status").textContent = "";
    $("brief-result").hidden = false;
    $("brief-placeholder").hidden = true;
  }

  // The server's HTML brief, parsed off-document; only these elements and attributes survive.
  const ALLOWED = new Set(["H1", "H2", "H3", "H4", "P", "UL", "OL", "LI", "TABLE", "THEAD", "TBODY", "TR", "TH",
                           "TD", "STRONG", "EM", "SMALL", "SPAN", "BLOCKQUOTE", "CODE", "BR", "HR"]);
  const SHIFT = { H1: "h2", H2: "h3", H3: "h4", H4: "h5" }; // the page's own h1 stays the only h1

  function safeBriefNodes(html) {
    // Only the body of the brief: its <style> would be refused by the page's CSP even unused.
    const start = html.indexOf("<main>");
    const end = html.lastIndexOf("</main>");
    if (start >= 0 && end > start) html = html.slice(start + "<main>".length, end);
    const doc = new DOMParser().parseFromString(html, "text/html");
    const root = doc.querySelector("main") || doc.body;
    const copy = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return [document.createTextNode(node.data)];
      if (node.nodeType !== Node.ELEMENT_NODE) return [];
      const children = [...node.childNodes].flatMap(copy);
      if (!ALLOWED.has(node.tagName)) return children; // keep the text, drop the element
      const element = document.createElement(SHIFT[node.tagName] || node.tagName.toLowerCase());
      const lang = node.getAttribute("lang");
      if (lang && /^[a-zA-Z-]{2,12}$/.test(lang)) element.lang = lang;
      if (/^H\d$/.test(node.tagName)) element.tabIndex = -1;
      if (node.tagName === "TABLE") {
        const wrap = document.createElement("div");
        wrap.className = "table-wrap";
        wrap.tabIndex = 0; // scrollable by keyboard on a phone
        element.append(...children);
        wrap.append(element);
        return [wrap];
      }
      element.append(...children);
      return [element];
    };
    return [...root.childNodes].flatMap(copy);
  }

  function headline(article) {
    const title = article.title || {};
    return (title.english || title.original || title.simplified || "Untitled").trim();
  }

  function summaryText(json) {
    const blocks = [];
    for (const article of json.articles) {
      if (article.kind === "box" || !article.summary) continue;
      const sentences = article.summary.english || article.summary.original || [];
      if (!sentences.length) continue;
      blocks.push([headline(article), ...sentences.map((s) => "- " + s)].join("\n"));
    }
    return blocks.join("\n\n") + "\n";
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (_) { /* fall back below */ }
    }
    // Plain http on a LAN address has no clipboard API: the old way still works there.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (_) { ok = false; }
    area.remove();
    return ok;
  }

  async function copySummary() {
    if (!state.brief) return;
    const ok = await copyText(summaryText(state.brief.json));
    $("result-status").textContent = ok ? "Summary copied." : "The browser refused to copy; select the text instead.";
  }

  function stem(name) {
    const base = name.split(/[\\/]/).pop() || "page";
    return base.replace(/\.[^.]*$/, "") || "page";
  }

  async function download(format) {
    const brief = state.brief;
    if (!brief) return;
    const status = $("result-status");
    let text;
    if (format === "json") text = brief.jsonText;
    else if (format === "html") text = brief.html;
    else {
      if (brief.markdown === null) { // only from a server without format=bundle
        status.textContent = "Preparing the Markdown…";
        try {
          brief.markdown = await fetchBrief(brief.input, brief.options, "markdown", brief.translate);
        } catch (err) {
          status.textContent = explain(err);
          return;
        }
      }
      text = brief.markdown;
    }
    const types = { json: "application/json", html: "text/html", markdown: "text/markdown" };
    const extensions = { json: "json", html: "html", markdown: "md" };
    const url = URL.createObjectURL(new Blob([text], { type: types[format] + ";charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${stem(brief.input.name)}.en.${extensions[format]}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.textContent = `Downloaded ${link.download}.`;
  }

  function setUpBrief() {
    $("brief-form").addEventListener("submit", makeBrief);
    $("brief-cancel").addEventListener("click", () => running && running.abort());
    $("copy-summary").addEventListener("click", copySummary);
    for (const button of document.querySelectorAll("[data-download]")) {
      button.addEventListener("click", () => download(button.dataset.download));
    }
    $("page-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("brief-form").requestSubmit();
    });
  }

  // ---------- translate ----------

  const SCRIPT_NAMES = { "zh-Hant": "Traditional Chinese", "zh-Hans": "Simplified Chinese", en: "English", und: "unknown" };
  let translating = null;
  let typingTimer = 0;

  function updateCount() {
    const length = $("tr-input").value.length;
    $("tr-count").textContent = state.charLimit ? `${length} / ${state.charLimit}` : `${length} characters`;
  }

  async function detectScript(text, signal) {
    const response = await call("/detect", { json: { q: text }, signal });
    const [found] = await response.json();
    return found;
  }

  async function translate(event) {
    if (event) event.preventDefault();
    const text = $("tr-input").value;
    const error = $("tr-error");
    showError(error, "");
    if (!text.trim()) {
      $("tr-output").value = "";
      $("tr-detected").textContent = "";
      $("tr-copy").disabled = true;
      return;
    }
    if (translating) translating.abort();
    const controller = new AbortController();
    translating = controller;
    const done = busy($("tr-button"), null, $("tr-status"), "Translating…");
    try {
      const source = $("tr-source").value;
      const body = { text };
      if (source === "auto") {
        const found = await detectScript(text, controller.signal);
        const name = SCRIPT_NAMES[found.language] || found.language;
        $("tr-detected").textContent = `Detected: ${name} (${Math.round(found.confidence)}%)`;
      } else {
        $("tr-detected").textContent = "";
      }
      if (["hk2s", "tw2s", "t2s"].includes(source)) body.opencc_config = source;
      const response = await call("/v1/translate", { json: body, signal: controller.signal });
      const answer = await response.json();
      $("tr-output").value = answer.translation;
      $("tr-model").textContent = answer.translator ? "by " + answer.translator : "";
      $("tr-copy").disabled = false;
      done("");
    } catch (err) {
      if (err.name === "AbortError") {
        done("");
        return;
      }
      done("");
      showError(error, explain(err));
    } finally {
      if (translating === controller) translating = null;
    }
  }

  function setUpTranslate() {
    const input = $("tr-input");
    $("translate-form").addEventListener("submit", translate);
    input.addEventListener("input", () => {
      updateCount();
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => translate(), 900); // like LibreTranslate: translate as you type
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        clearTimeout(typingTimer);
        $("translate-form").requestSubmit();
      }
    });
    $("tr-source").addEventListener("change", () => input.value.trim() && translate());
    $("tr-copy").addEventListener("click", async () => {
      const ok = await copyText($("tr-output").value);
      $("tr-status").textContent = ok ? "Translation copied." : "The browser refused to copy.";
    });
  }

  setUpTabs();
  setUpKeyDialog();
  setUpDrop();
  setUpBrief();
  setUpTranslate();
  loadServerFacts();
})();
