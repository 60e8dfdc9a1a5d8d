"""The web page in a real browser: Debian's Chromium driven by Playwright, against ``brief serve``.

Each server is ``brief serve`` as a user runs it, in a subprocess on a free loopback port; the
browser is the system's Chromium (``apt-get install chromium``; ``playwright install`` is never
run). Screenshots at 390 px and 1280 px go to ``$BRIEF_ARTIFACTS`` (default
``tests/artifacts/``, git-ignored). Skipped, with the reason, when Playwright or Chromium is missing.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[web-test]'"
)

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "page.txt"
CHROMIUM = next((path for path in (os.environ.get("BRIEF_CHROMIUM"), shutil.which("chromium"),
                                   shutil.which("chromium-browser")) if path and os.path.exists(path)), None)
ARTIFACTS = Path(os.environ.get("BRIEF_ARTIFACTS") or REPO / "tests" / "artifacts")
BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
KEY = "desk-key-7"
BODY_LIMIT = 40_000  # the example page (15 kB) passes, four of it do not
WAIT_MS = 120_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-cache")


def _serve(cache_home: Path, models: Path, *args: str, **env: str) -> Iterator[str]:
    """``brief serve`` in a subprocess; yields its URL once ``/health`` answers."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEF_")}
    environment.update(XDG_CACHE_HOME=str(cache_home), **env)
    process = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "serve", "--port", str(port),
         "--models-dir", str(models), "--log-level", "warning", *args],
        cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "brief serve did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def server(models_dir: Path, cache_home: Path) -> Iterator[str]:
    """The test model installed, a small body limit, no key."""
    yield from _serve(cache_home, models_dir, BRIEF_MAX_BODY_BYTES=str(BODY_LIMIT))


@pytest.fixture(scope="module")
def keyed_server(models_dir: Path, cache_home: Path) -> Iterator[str]:
    yield from _serve(cache_home, models_dir, "--api-key", KEY)


@pytest.fixture(scope="module")
def bare_server(cache_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """No translation model installed."""
    yield from _serve(cache_home, tmp_path_factory.mktemp("no-models"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        # launch() gives the browser a new, empty profile of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page plus what it did: console errors (CSP refusals show there) and every request."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[Any] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r))


@pytest.fixture()
def web(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    watched = Watched(context.new_page())
    yield watched
    context.close()


def _screenshot(page: Any, name: str, *, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def _make_brief(page: Any) -> None:
    page.get_by_role("button", name="Make the brief").click()
    page.wait_for_function(
        "() => /Done|failed|found no|could not|Too large|No valid|Cancelled/.test("
        "document.getElementById('brief-status').textContent + document.getElementById('brief-error').textContent)"
    )


def _brief_posts(web: Watched) -> list[Any]:
    """The page's ``POST /v1/brief`` requests that reached the server."""
    return [r for r in web.requests if r.method == "POST" and r.url.endswith("/v1/brief")]


# Playwright cannot read a multipart body holding a file, so the page's own fetch is watched: it
# logs [format, translate] of each brief request and, told to, answers as an older server would.
WATCH_FETCH = """(() => {
  const realFetch = window.fetch.bind(window);
  window.briefPosts = [];
  window.olderServer = null; // "no-bundle": 422 for format=bundle; "503": no model, as servers once said
  const answer = (status, body) => new Response(JSON.stringify(body), {status, headers: {"Content-Type": "application/json"}});
  window.fetch = (url, init) => {
    if (String(url).endsWith("/v1/brief") && init && init.body instanceof FormData) {
      const format = init.body.get("format");
      const translate = init.body.get("translate");
      window.briefPosts.push([format, translate]);
      if (window.olderServer === "no-bundle" && format === "bundle")
        return Promise.resolve(answer(422, {error: "format: Input should be 'json', 'markdown', 'md' or 'html'",
                                            type: "InputError"}));
      if (window.olderServer === "503" && translate === "true")
        return Promise.resolve(answer(503, {error: "no Chinese→English model is installed; install it with: " +
                                                   "brief models install zh en", type: "ModelNotInstalled"}));
    }
    return realFetch(url, init);
  };
})();"""


def _older_server(page: Any, server: str, kind: str | None) -> None:
    page.add_init_script(WATCH_FETCH)
    page.goto(server)
    page.evaluate("(kind) => { window.olderServer = kind; }", kind)


def _api_brief(url: str, data: bytes, **headers: str) -> dict[str, Any]:
    r = httpx.post(f"{url}/v1/brief", files={"file": ("page.txt", data)}, data={"format": "json"},
                   headers=headers, timeout=120)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_pasted_page_gives_the_brief(server: str, web: Watched) -> None:
    page = web.page
    page.goto(server)
    expect = _api_brief(server, EXAMPLE.read_bytes())
    articles = [a for a in expect["articles"] if a["kind"] == "article"]
    page.get_by_label("Page text").fill(EXAMPLE.read_text(encoding="utf-8"))
    page.get_by_label("Summary sentences").fill("2")
    _make_brief(page)
    assert page.locator("#brief-error").is_hidden(), page.locator("#brief-error").text_content()
    assert page.locator("#brief-status").text_content() == f"Done: {len(articles)} articles."

    view = page.locator("#brief-view")
    # A headline the model was unsure of carries the † confidence mark after it.
    headlines = [h.rstrip().removesuffix("†").rstrip() for h in view.locator("h3").all_text_contents()]
    for article in articles:
        assert article["title"]["english"] in headlines
    # A stock row and a key figure of the page, as the tables show them.
    stock = view.locator("tr", has_text="03317")
    assert stock.count() >= 1 and "HK" in stock.first.text_content()
    assert view.locator("td", has_text="US$5.4 billion").count() >= 1
    assert view.locator("td", has_text="HK$263 billion").count() >= 1
    # Two summary sentences per article, as asked.
    first = view.locator("h3").first.locator("xpath=following-sibling::ul[1]/li")
    assert first.count() == 2
    assert page.locator("#model-status").text_content().startswith("Translation model: argos brief-test")
    posts = _brief_posts(web)  # one brief, one request: JSON, HTML and Markdown together
    assert len(posts) == 1 and set(posts[0].response().json()) == {"brief", "json", "html", "markdown"}

    _screenshot(page, "web-brief-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    _screenshot(page, "web-brief-390.png")
    page.evaluate("() => document.getElementById('brief-result').scrollIntoView()")
    _screenshot(page, "web-brief-390-result.png", full_page=False)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Markdown (.md)").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "pasted-page.en.md"
    r = httpx.post(f"{server}/v1/brief", files={"file": ("pasted-page.txt", EXAMPLE.read_bytes())},
                   data={"format": "markdown", "sentences": "2"}, timeout=120)
    assert markdown == r.text  # the server's own Markdown, options and all
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as JSON (.json)").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    data = json.loads(saved)
    assert [a["title"] for a in data["articles"]] == [a["title"] for a in expect["articles"]]
    assert data == posts[0].response().json()["brief"]  # the brief the page got, as the server sent it
    assert saved == posts[0].response().json()["json"]  # byte for byte the CLI's --format json
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as HTML (.html)").click()
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert len(_brief_posts(web)) == 1  # the downloads asked the server nothing more

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy English summary").click()
    page.wait_for_function("() => document.getElementById('result-status').textContent === 'Summary copied.'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert articles[0]["title"]["english"] in copied
    shown = data["articles"][0]["summary"]["english"]
    assert len(shown) == 2 and f"- {shown[0]}\n- {shown[1]}\n" in copied

    assert not web.errors, web.errors
    assert all(r.url.startswith(server) for r in web.requests), [r.url for r in web.requests]


def test_dropped_file_in_any_encoding(server: str, web: Watched) -> None:
    page = web.page
    page.goto(server)
    text = EXAMPLE.read_text(encoding="utf-8")
    big5 = text.encode("big5hkscs", "replace")
    # A real drop: a File in a DataTransfer, dispatched on the drop zone as the browser does.
    page.evaluate(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "text/plain"}));
            const zone = document.getElementById("drop-zone");
            zone.dispatchEvent(new DragEvent("dragenter", {dataTransfer: transfer, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        [base64.b64encode(big5).decode(), "page-big5.txt"],
    )
    assert "page-big5.txt" in page.locator("#file-info").text_content()
    assert page.get_by_label("Page text").is_disabled()
    _make_brief(page)
    assert page.locator("#brief-error").is_hidden(), page.locator("#brief-error").text_content()
    assert page.locator("#brief-view").get_by_text("商業化失敗樣本").count() >= 1
    assert page.locator("#brief-view h2").first.text_content() == "Brief: page-big5.txt"

    # The file chooser too, with a Simplified page in GB18030 shown in Simplified script.
    page.get_by_role("button", name="Remove file").click()
    page.set_input_files("#page-file", files=[{"name": "page-gb.txt", "mimeType": "text/plain",
                                               "buffer": text.encode("gb18030")}])
    page.get_by_label("Chinese script").select_option("hans")
    _make_brief(page)
    assert page.locator("#brief-view h2").first.text_content() == "Brief: page-gb.txt"
    assert page.locator("#brief-view").get_by_text("商业化失败样本").count() >= 1
    assert not web.errors, web.errors


def test_errors_are_clear_messages(server: str, web: Watched) -> None:
    page = web.page
    page.goto(server)
    error = page.locator("#brief-error")

    page.get_by_role("button", name="Make the brief").click()
    assert error.text_content() == "Paste a page or choose a .txt file first."

    too_big = EXAMPLE.read_bytes() * 4
    page.set_input_files("#page-file", files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": too_big}])
    _make_brief(page)
    assert error.is_visible()
    message = error.text_content()
    assert message.startswith("Too large for this server:") and str(BODY_LIMIT) in message, message
    assert page.evaluate("document.activeElement.id") == "brief-error"
    _screenshot(page, "web-error-413-1280.png")

    page.set_input_files("#page-file", files=[{"name": "bin.txt", "mimeType": "text/plain",
                                               "buffer": b"\x00\x01\x02binary"}])
    _make_brief(page)
    assert error.text_content().startswith("brief could not use this input:")
    assert "binary" in error.text_content()

    page.get_by_role("button", name="Remove file").click()
    page.get_by_label("Page text").fill("圖：資料圖片")
    page.get_by_label("Page text").press("Control+Enter")  # the keyboard way to press the button
    page.wait_for_function("() => document.getElementById('brief-error').textContent.length > 0")
    assert error.text_content().startswith("brief found no articles on this page.")
    assert page.locator("#brief-result").is_hidden()


def test_markup_in_a_page_stays_text(server: str, web: Watched) -> None:
    page = web.page
    page.goto(server)
    hostile = ('<img src=x onerror="window.pwned=1">港股昨日反覆回升<script>window.pwned=2</script>\n\n'
               + EXAMPLE.read_text(encoding="utf-8"))
    page.get_by_label("Page text").fill(hostile)
    page.get_by_label("Bilingual: the Chinese beside each summary sentence").check()
    _make_brief(page)
    assert page.locator("#brief-error").is_hidden(), page.locator("#brief-error").text_content()
    view = page.locator("#brief-view")
    assert view.locator("img, script, a, iframe, [onerror], [style]").count() == 0
    assert "<img src=x" in view.text_content()
    assert page.evaluate("() => window.pwned") is None
    assert not web.errors, web.errors


def test_translate_tab(server: str, web: Watched) -> None:
    page = web.page
    page.goto(server)
    page.get_by_role("tab", name="Brief a page").focus()
    page.keyboard.press("ArrowRight")  # tabs move with the arrow keys
    assert page.get_by_role("tab", name="Translate").get_attribute("aria-selected") == "true"
    assert page.locator("#panel-brief").is_hidden()
    page.get_by_label("Chinese text").fill("工行全年純利升0.7%，有3685億元人民幣。")
    page.get_by_role("button", name="Translate", exact=True).click()
    page.wait_for_function("() => document.getElementById('tr-output').value.includes('RMB 368.5 billion')")
    english = page.get_by_label("English").input_value()
    assert "0.7%" in english
    assert page.locator("#tr-detected").text_content().startswith("Detected: Traditional Chinese")
    assert "brief-test" in page.locator("#tr-model").text_content()
    page.get_by_label("Chinese text").fill("港股昨日反复回升，恒指收报")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.getElementById('tr-detected').textContent.includes('Simplified')")
    _screenshot(page, "web-translate-1280.png")
    page.set_viewport_size({"width": 390, "height": 844})
    _screenshot(page, "web-translate-390.png")
    assert not web.errors, web.errors


def test_api_key_is_asked_once_and_sent_in_a_header(keyed_server: str, web: Watched) -> None:
    page = web.page
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(keyed_server)
    dialog = page.locator("#key-dialog")
    dialog.wait_for(state="visible")
    _screenshot(page, "web-api-key-390.png", full_page=False)
    page.get_by_role("textbox", name="API key").fill("wrong")
    page.get_by_role("button", name="Use this key").click()
    assert dialog.is_hidden()
    page.get_by_label("Page text").fill(EXAMPLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Make the brief").click()
    dialog.wait_for(state="visible")  # the wrong key was refused: asked again, with the reason
    assert "did not accept" in page.locator("#key-message").text_content()
    page.get_by_role("textbox", name="API key").fill(KEY)
    page.get_by_role("button", name="Use this key").click()
    page.wait_for_function("() => document.getElementById('brief-status').textContent.startsWith('Done')")
    # Asked once: a second brief and a translation go through without the dialog.
    page.get_by_role("button", name="Make the brief").click()
    page.wait_for_function("() => document.getElementById('brief-status').textContent.startsWith('Done')")
    page.get_by_role("tab", name="Translate").click()
    page.get_by_label("Chinese text").fill("港股昨日反覆回升")
    page.get_by_role("button", name="Translate", exact=True).click()
    page.wait_for_function("() => document.getElementById('tr-output').value.length > 0")
    assert dialog.is_hidden()

    api_calls = [r for r in web.requests if "/v1/" in r.url or r.url.endswith("/detect")]
    assert api_calls and all(KEY not in r.url and "wrong" not in r.url for r in web.requests)
    assert api_calls[-1].headers.get("x-api-key") == KEY
    assert not [e for e in web.errors if "401" not in e], web.errors


def test_without_a_model_the_brief_keeps_chinese_and_says_how_to_install(bare_server: str, web: Watched) -> None:
    page = web.page
    page.goto(bare_server)
    page.wait_for_function("() => document.getElementById('model-status').textContent.startsWith('No translation model')")
    page.get_by_label("Page text").fill(EXAMPLE.read_text(encoding="utf-8"))
    _make_brief(page)
    assert page.locator("#brief-error").is_hidden(), page.locator("#brief-error").text_content()
    result = page.locator("#brief-result")
    assert "brief models install zh en" in result.text_content()
    assert "Sora 成 AI 商業化失敗樣本" in page.locator("#brief-view h3").all_text_contents()
    assert page.locator("#brief-view td", has_text="US$5.4 billion").count() >= 1
    assert page.get_by_role("button", name="Copy summary (Chinese)").is_visible()
    assert len(_brief_posts(web)) == 1  # today's server: the brief and its notice in one answer
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("() => document.getElementById('brief-result').scrollIntoView()")
    _screenshot(page, "web-no-model-390.png", full_page=False)


def test_an_older_server_without_the_bundle_gets_two_requests(server: str, web: Watched) -> None:
    """A server from before format=bundle refuses it (422): the page asks for JSON, then HTML."""
    page = web.page
    _older_server(page, server, "no-bundle")
    page.get_by_label("Page text").fill(EXAMPLE.read_text(encoding="utf-8"))
    _make_brief(page)
    assert page.locator("#brief-error").is_hidden(), page.locator("#brief-error").text_content()
    assert page.locator("#brief-status").text_content().startswith("Done:")
    assert page.locator("#brief-view td", has_text="US$5.4 billion").count() >= 1
    assert [f for f, _ in page.evaluate("window.briefPosts")] == ["bundle", "json", "html"]
    assert len(_brief_posts(web)) == 2  # the refused bundle never left the page here
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Markdown (.md)").click()
    r = httpx.post(f"{server}/v1/brief", files={"file": ("pasted-page.txt", EXAMPLE.read_bytes())},
                   data={"format": "markdown"}, timeout=120)
    assert Path(download.value.path()).read_text(encoding="utf-8") == r.text
    # The page remembers: the next brief goes the old way at once.
    _make_brief(page)
    assert [f for f, _ in page.evaluate("window.briefPosts")] == ["bundle", "json", "html", "markdown", "json", "html"]
    assert not web.errors, web.errors


def test_an_older_server_answering_503_without_a_model(server: str, web: Watched) -> None:
    """A server that answers 503 when no model is installed: the brief is made again without English."""
    page = web.page
    _older_server(page, server, "503")
    page.get_by_label("Page text").fill(EXAMPLE.read_text(encoding="utf-8"))
    _make_brief(page)
    assert page.locator("#brief-error").is_hidden(), page.locator("#brief-error").text_content()
    assert "brief models install zh en" in page.locator("#notices").text_content()
    assert page.get_by_role("button", name="Copy summary (Chinese)").is_visible()
    assert page.evaluate("window.briefPosts") == [["bundle", "true"], ["bundle", "false"]]
    assert len(_brief_posts(web)) == 1
    assert not web.errors, web.errors
