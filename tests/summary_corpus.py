"""The summary gold corpus (``tests/corpus/summaries/``): articles with an analyst's picks.

Each page file is light markup, so the same articles serve as clean text with their title
and, rendered as a printed page, through brief's own segmentation:

    %% page: p01_hk_results        page header (also: locked, about, date, section)
    # 標題                          an article starts at its headline
    @ 專欄 | 記者 名字               column and byline (column optional)
    ## 副題                         a subhead
    > ▲圖說                         a photo caption
    ! (作者並無持有上述股份)          a disclosure
    [P]一句。[A]另一句。              paragraph; [P] marks a pick, [A] an acceptable alternate

A marker applies to the sentence that starts at it (sentences as ``toolkit.sentences`` splits).
See the README beside the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.sentences import split_sentences

CORPUS = Path(__file__).resolve().parent / "corpus" / "summaries"
_MARK = re.compile(r"\[(P|A)\]")
_SPACE = re.compile(r"\s+")


@dataclass
class GoldArticle:
    page: str
    title: str
    column: str | None = None
    byline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    disclosures: list[str] = field(default_factory=list)
    picks: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)
    # Every line of the body in printed order, as (kind, text): paragraph, subhead, caption, disclosure.
    blocks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean body: paragraphs only, one per line."""
        return "\n".join(self.paragraphs)

    @property
    def printed(self) -> str:
        """The body as printed, subheads, captions and disclosures in place, one block per line."""
        return "\n".join(text for _kind, text in self.blocks)


@dataclass
class GoldPage:
    name: str
    locked: bool
    date: str
    section: str
    articles: list[GoldArticle]

    def page_text(self) -> str:
        """The page as an e-paper extraction would give it, for ``toolkit.make_brief``."""
        lines = [self.date, "", self.section, ""]
        for article in self.articles:
            if article.column:
                lines += [article.column, ""]
            lines += [article.title, ""]
            if article.byline:
                lines += [article.byline, ""]
            for _kind, text in article.blocks:
                lines += [text, ""]
        return "\n".join(lines)


def _paragraph(line: str, article: GoldArticle) -> None:
    marks, clean, cursor = [], [], 0
    for match in _MARK.finditer(line):
        clean.append(line[cursor:match.start()])
        marks.append((sum(len(c) for c in clean), match.group(1)))
        cursor = match.end()
    clean.append(line[cursor:])
    text = "".join(clean).strip()
    lead = len("".join(clean)) - len("".join(clean).lstrip())
    offset = 0
    for sentence in split_sentences(text):
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        kinds = {kind for position, kind in marks if start <= position - lead < offset}
        if "P" in kinds:
            article.picks.append(sentence)
        elif "A" in kinds:
            article.alternates.append(sentence)
    article.paragraphs.append(text)
    article.blocks.append(("paragraph", text))


def parse_page(path: Path) -> GoldPage:
    header: dict[str, str] = {}
    articles: list[GoldArticle] = []
    name = path.stem
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("%%"):
            key, _, value = line[2:].partition(":")
            header[key.strip()] = value.strip()
        elif line.startswith("## "):
            articles[-1].subheads.append(line[3:].strip())
            articles[-1].blocks.append(("subhead", line[3:].strip()))
        elif line.startswith("# "):
            articles.append(GoldArticle(page=header.get("page", name), title=line[2:].strip()))
        elif line.startswith("@ "):
            column, _, byline = line[2:].rpartition("|")
            articles[-1].column = column.strip() or None
            articles[-1].byline = byline.strip() or None
        elif line.startswith("> "):
            articles[-1].captions.append(line[2:].strip())
            articles[-1].blocks.append(("caption", line[2:].strip()))
        elif line.startswith("! "):
            articles[-1].disclosures.append(line[2:].strip())
            articles[-1].blocks.append(("disclosure", line[2:].strip()))
        else:
            _paragraph(line, articles[-1])
    return GoldPage(name=header.get("page", name), locked=header.get("locked", "no") == "yes",
                    date=header.get("date", ""), section=header.get("section", ""), articles=articles)


def load_pages(locked: bool | None = False) -> list[GoldPage]:
    """The gold pages; ``locked=None`` gives all, True only the locked ones, False the development ones."""
    pages = [parse_page(p) for p in sorted(CORPUS.glob("*.txt"))]
    return [p for p in pages if locked is None or p.locked == locked]


def norm(text: str) -> str:
    return _SPACE.sub("", text)


def matches(chosen: str, gold: str) -> bool:
    """A chosen sentence counts for a gold one when either contains the other (spacing ignored)."""
    c, g = norm(chosen), norm(gold)
    return bool(c) and bool(g) and (g in c or c in g)
