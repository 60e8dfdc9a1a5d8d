"""The brief as Markdown: what an analyst reads first.

Per article: the English headline, the headline as printed, column and author, the summary
as bullets, a key-figures table, a stocks table, and captions and disclosures in small print;
then the page's box items and every stock on the page. Text from the page is escaped, so a
``|`` or a leading ``#`` in it never breaks the tables or the headings.

``render_html`` renders this same Markdown; it asks for ``lang`` spans around the Chinese,
which plain Markdown does without.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.config import BriefOptions
from toolkit.document import Article, Box, Brief, Fact, Paragraph
from toolkit.errors import INSTALL_MODEL_HINT

FIGURE_KINDS = ("amount", "change", "percentage", "index_points")
UNTRANSLATED = "(untranslated)"
LOW_CONFIDENCE = "†"  # after an English text the model was unsure of (``BriefOptions.confidence_threshold``)
LANGS = {"hant": "zh-Hant", "hans": "zh-Hans"}

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~])")
_LEADING = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))")
_SPACES = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def escape(text: str) -> str:
    """``text`` as literal Markdown inline text (also safe in a table cell), on one line."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(_escape_leading, text)


def escape_keeping_code(text: str) -> str:
    """Like ``escape``, but `backticked` commands stay code spans (brief's own notices)."""
    parts = re.split(r"(`[^`\n]+`)", _SPACES.sub(" ", text).strip())
    out = "".join(part if index % 2 else _SPECIAL.sub(r"\\\1", part) for index, part in enumerate(parts))
    return _LEADING.sub(_escape_leading, out)


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(2):
        return match.group(1) + "\\" + match.group(2)
    return match.group(1) + match.group(3) + "\\" + match.group(4)


@dataclass(slots=True)
class _Writer:
    """The few choices the whole rendering shares."""

    options: BriefOptions
    html: bool = False

    @property
    def lang(self) -> str:
        return LANGS.get(self.options.script, "zh-Hant")

    def zh(self, text: str) -> str:
        """Chinese text in the chosen script, escaped; marked with its language for HTML."""
        if self.options.script == "hans" and _HAN.search(text):
            from toolkit.conversion import convert

            text = convert(text, self.options.opencc_config)
        escaped = escape(text)
        if self.html and _HAN.search(escaped):
            return f'<span lang="{self.lang}">{escaped}</span>'
        return escaped

    def script_text(self, paragraph: Paragraph) -> str:
        if self.options.script == "hans" and paragraph.simplified:
            return paragraph.simplified
        return paragraph.original

    def small(self, label: str, text: str) -> str:
        return f"<small>*{label}:* {self.zh(text)}</small>"

    def unsure(self, confidence: float | None) -> str:
        """The low-confidence mark to put after a translated text, or nothing."""
        if confidence is None or confidence >= self.options.confidence_threshold:
            return ""
        if self.html:
            return f' <sup title="model confidence {confidence:.2f}">{LOW_CONFIDENCE}</sup>'
        return f" {LOW_CONFIDENCE}"


def _confidences(brief: Brief) -> list[float | None]:
    """Every confidence the brief shows next to an English text."""
    out: list[float | None] = []
    for article in brief.articles:
        out.append(article.title.confidence if article.title.english else None)
        out += list(article.summary.confidence or [])
        out += [p.confidence for p in article.paragraphs if p.english]
    return out


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return lines


def headline(article: Article) -> str:
    """The English headline, or the printed one while there is no translation (never empty)."""
    for text in (article.title.english, article.title.original, article.title.simplified):
        if text and text.strip():
            return text.strip()
    return "Untitled"


KEY_FIGURES_SHOWN = 8


def key_figures(article: Article) -> list[Fact]:
    """The article's amounts, changes, percentages and index points, each printed figure once,
    most important first (``Fact.rank``, see ``toolkit.ranking``; page order when unranked)."""
    seen: set[tuple[str, str | None]] = set()
    out: list[Fact] = []
    ranked = sorted(article.facts, key=lambda f: f.rank if f.rank is not None else 1 << 30)
    for fact in ranked:
        if fact.kind in FIGURE_KINDS and (fact.text, fact.subject) not in seen:
            seen.add((fact.text, fact.subject))
            out.append(fact)
    return out


def _byline(w: _Writer, article: Article) -> str | None:
    parts = []
    for label, value in (("Column", article.column), ("Author", article.author), ("Section", article.section)):
        if value:
            parts.append(f"*{label}:* {w.zh(value)}")
    return " · ".join(parts) or None


def _summary(w: _Writer, article: Article) -> list[str]:
    summary = article.summary
    chinese = summary.simplified if w.options.script == "hans" else summary.original
    if not chinese and not summary.english:
        return []
    lines = ["**Summary**", ""]
    if summary.english:
        confidence = list(summary.confidence or [])
        for index, english in enumerate(summary.english):
            bullet = f"- {escape(english)}" + w.unsure(confidence[index] if index < len(confidence) else None)
            if w.options.bilingual and index < len(chinese):
                bullet += f" — {w.zh(chinese[index])}"
            lines.append(bullet)
    else:
        lines.append(f"*Summary in Chinese {UNTRANSLATED}:*")
        lines.append("")
        lines += [f"- {w.zh(sentence)}" for sentence in chinese]
    lines.append("")
    return lines


def _figures(w: _Writer, article: Article) -> list[str]:
    facts = key_figures(article)
    if not facts:
        return []
    hidden = 0 if w.options.all_figures else max(0, len(facts) - KEY_FIGURES_SHOWN)
    if hidden:
        facts = facts[:KEY_FIGURES_SHOWN]
    rows = [(w.zh(f.text), escape(f.english), escape(f.subject_english) if f.subject_english else w.zh(f.subject or ""))
            for f in facts]
    lines = ["**Key figures**", "", *_table(("Figure", "English", "Refers to"), rows), ""]
    if hidden:
        more = "figure" if hidden == 1 else "figures"
        lines += [f"*{hidden} more {more}: `--all-figures` shows every one; the JSON brief keeps them all.*", ""]
    return lines


def _stocks(w: _Writer, article: Article) -> list[str]:
    stocks = article.stocks
    if not stocks:
        return []
    rows = [(escape(f.code or ""), w.zh(f.name or f.text), escape(f.name_english or ""), escape(f.market or ""))
            for f in stocks]
    return ["**Stocks**", "", *_table(("Code", "Company", "English name", "Market"), rows), ""]


def _box_lines(w: _Writer, box: Box, stocks: list[Fact]) -> list[str]:
    lines = []
    for item in box.items:
        line = f"- {w.zh(item)}"
        names = [f.name_english for f in stocks if f.code and f.code in item and f.name_english]
        if names:
            line += f" — {escape(names[0])}"
        lines.append(line)
    return lines


def _full_text(w: _Writer, article: Article) -> list[str]:
    translated = any(p.english for p in article.paragraphs)
    lines = ["**Full text**" if translated else f"**Full text** *in Chinese {UNTRANSLATED}*", ""]
    subhead: str | None = None
    for paragraph in article.paragraphs:
        if paragraph.subhead and paragraph.subhead != subhead:
            subhead = paragraph.subhead
            lines += [f"### {w.zh(subhead)}", ""]
        if paragraph.english:
            lines += [escape(paragraph.english) + w.unsure(paragraph.confidence), ""]
        elif translated:
            lines += [f"{w.zh(w.script_text(paragraph))} *{UNTRANSLATED}*", ""]
        else:
            lines += [w.zh(w.script_text(paragraph)), ""]
    return lines


def _article(w: _Writer, article: Article) -> list[str]:
    title = headline(article)
    lines = [f"## {escape(title) + w.unsure(article.title.confidence) if article.title.english else w.zh(title)}", ""]
    printed = w.script_text(article.title)
    if article.title.english and printed:
        lines += [f"**{w.zh(printed)}**", ""]
    byline = _byline(w, article)
    if byline:
        lines += [byline, ""]
    lines += _summary(w, article)
    lines += _figures(w, article)
    lines += _stocks(w, article)
    for box in article.boxes:
        lines += [f"**{w.zh(box.title)}**" if box.title else "**Box**", ""]
        lines += _box_lines(w, box, article.stocks) + [""]
    if w.options.full and article.paragraphs:
        lines += _full_text(w, article)
    for caption in article.captions:
        lines += [w.small("Caption", caption), ""]
    for disclosure in article.disclosures:
        lines += [w.small("Disclosure", disclosure), ""]
    return lines


def _boxes(w: _Writer, boxes: list[Article]) -> list[str]:
    lines = ["## Box items", ""]
    for article in boxes:
        lines += [f"**{w.zh(headline(article))}**", ""]
        stocks = article.stocks
        if article.boxes:
            for box in article.boxes:
                if box.title and box.title != article.title.original:
                    lines += [f"*{w.zh(box.title)}*", ""]
                lines += _box_lines(w, box, stocks) + [""]
        elif article.paragraphs:
            lines += _box_lines(w, Box("", [p.original for p in article.paragraphs]), stocks) + [""]
        elif stocks:
            lines += [f"- {escape(f.code or '')} {w.zh(f.name or f.text)}"
                      + (f" — {escape(f.name_english)}" if f.name_english else "") for f in stocks]
            lines.append("")
    return lines


def page_stocks(brief: Brief) -> list[tuple[Fact, list[Article]]]:
    """Every stock on the page, once per code, with the articles (and boxes) that mention it."""
    found: dict[str, tuple[Fact, list[Article]]] = {}
    for article in brief.articles:
        for fact in article.stocks:
            assert fact.code is not None
            entry = found.setdefault(fact.code, (fact, []))
            if article not in entry[1]:
                entry[1].append(article)
    return list(found.values())


def _page_stocks(w: _Writer, brief: Brief) -> list[str]:
    stocks = page_stocks(brief)
    if not stocks:
        return []
    rows = []
    for fact, articles in stocks:
        where = "; ".join(escape(headline(a)) if a.title.english else w.zh(headline(a)) for a in articles)
        rows.append((escape(fact.code or ""), w.zh(fact.name or fact.text), escape(fact.name_english or ""),
                     where))
    return ["## Stocks on this page", "", *_table(("Code", "Company", "English name", "Articles"), rows), ""]


def _pseudo(source: str) -> str:
    """``<stdin>``, ``<request>``: names brief gives to input without a file, shown without brackets."""
    found = re.fullmatch(r"<([\w .-]+)>", source)
    return found.group(1) if found else source


def _header(w: _Writer, brief: Brief) -> list[str]:
    name = _pseudo(re.split(r"[\\/]", brief.source)[-1] or brief.source)
    articles = [a for a in brief.articles if a.kind == "article"]
    if brief.translator:
        model = escape(brief.translator)
    elif not w.options.translate:
        model = "not used (translation turned off)"
    elif brief.notices:
        model = "none installed (see below)"
    else:
        model = f"none — {INSTALL_MODEL_HINT}"
    facts = [f"**Source:** {escape(_pseudo(brief.source))}"]
    if brief.date:
        facts.append(f"**Date:** {escape(brief.date)}")
    facts.append(f"**Model:** {model}")
    facts.append(f"**Articles:** {len(articles)} · **Stocks:** {len(page_stocks(brief))}")
    lines = [f"# Brief: {escape(name)}", "", "  \n".join(facts), ""]
    if brief.notices:
        quoted = "\n>\n".join(f"> {escape_keeping_code(n)}" for n in brief.notices)
        lines += [quoted, ""]
    unsure = [c for c in _confidences(brief) if w.unsure(c)]
    if unsure:
        lines += [f"{LOW_CONFIDENCE} *the model was unsure of this translation: its confidence (the mean probability "
                  f"of its words) is below {w.options.confidence_threshold:.2f} ({len(unsure)} marked).*", ""]
    return lines


def render_brief_markdown(brief: Brief, options: BriefOptions | None = None, *, html: bool = False) -> str:
    """The Markdown of a brief; with ``html``, Chinese text carries ``lang`` spans for HTML."""
    w = _Writer(options or BriefOptions(), html=html)
    lines = _header(w, brief)
    for article in brief.articles:
        if article.kind == "article":
            lines += _article(w, article)
    boxes = [a for a in brief.articles if a.kind == "box"]
    if boxes:
        lines += _boxes(w, boxes)
    lines += _page_stocks(w, brief)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render_markdown(brief: Brief, options: BriefOptions | None = None) -> str:
    """The brief as Markdown (CommonMark with tables)."""
    return render_brief_markdown(brief, options)
