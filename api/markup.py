"""Translate the text of an HTML fragment and keep its markup (LibreTranslate's ``format=html``).

The stdlib ``html.parser`` splits the fragment into markup and text nodes; only text nodes
holding Chinese go to the translator (in one batch), everything else is written back as it
came — start tags byte for byte, text inside ``<script>``/``<style>`` untouched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RAW_TEXT = frozenset({"script", "style"})


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.texts: list[int] = []  # indexes in ``parts`` of the text nodes to translate
        self.visible: list[int] = []  # indexes of every text node outside <script> and <style>
        self._raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(self.get_starttag_text() or f"<{tag}>")
        if tag in _RAW_TEXT:
            self._raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _RAW_TEXT and self._raw:
            self._raw -= 1
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._raw:
            self.parts.append(data)
            return
        self.visible.append(len(self.parts))
        if _HAN.search(data):
            self.texts.append(len(self.parts))
        self.parts.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.parts.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.parts.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.parts.append(f"<![{data}]>")


def text_content(fragment: str) -> str:
    """The visible text of ``fragment`` (no tags, no script or style), e.g. to detect its language."""
    splitter = _Splitter()
    splitter.feed(fragment)
    splitter.close()
    return "".join(html.unescape(splitter.parts[i]) for i in splitter.visible)


def chinese_text_nodes(fragment: str) -> list[str]:
    """The text nodes of ``fragment`` that hold Chinese (what ``translate_html`` will translate)."""
    splitter = _Splitter()
    splitter.feed(fragment)
    splitter.close()
    return [html.unescape(splitter.parts[i]) for i in splitter.texts]


def translate_html(fragment: str, translate: Callable[[list[str]], list[str]]) -> str:
    """``fragment`` with each Chinese text node replaced by its translation (one ``translate`` call).

    Leading and trailing whitespace of a node is kept so inline markup still reads well.
    """
    splitter = _Splitter()
    splitter.feed(fragment)
    splitter.close()
    nodes = [html.unescape(splitter.parts[i]) for i in splitter.texts]
    cores = [node.strip() for node in nodes]
    english = translate(cores) if cores else []
    for index, node, _core, text in zip(splitter.texts, nodes, cores, english, strict=False):
        lead = node[: len(node) - len(node.lstrip())]
        trail = node[len(node.rstrip()):]
        splitter.parts[index] = lead + html.escape(text, quote=False) + trail
    return "".join(splitter.parts)
