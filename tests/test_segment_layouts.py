"""Property tests: the dev corpus's articles recombined under randomised layout conventions.

A generated page takes articles of ``tests/corpus/pages/src/dev`` and prints each in a
convention drawn at random: a page head or none; the byline under the title, over it with a
column, at the end (bare, with 文：, bracketed as a tag or as （記者 …）) or absent; the column
printed or not; a caption between paragraphs; a briefs list of unsigned items under a label.
Whatever the draw, every article must come back with its title and author, and nothing of
the page may be lost. The locked part of the corpus is never used here.

Layouts a reader could not decide either are not drawn: a bare name printed *above* a title
right after an unsigned article (is it that article's end or the next one's head?);
subheads inside unsigned articles (a short line there reads as the next headline); an
unlabelled list of briefs or an unsigned, unlabelled story right after a column signed at
its head (their headlines read as the column's subheads; on paper the type size tells);
subheads in an article whose author is printed only at its end, under a bare label (a
label over short items reads as a briefs list).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.segment import placed_texts, segment_text

DEV = Path(__file__).resolve().parent / "corpus" / "pages" / "src" / "dev"
SECTIONS = ["市場追蹤", "投資動向", "環球市況", "企業焦點", "市場脈搏"]
BRIEF_LABELS = ["財經簡訊", "企業快訊", "公司速遞"]
COLUMNS = ["股市直擊", "理財有道", "大市前瞻", "樓市縱橫", "資金流向"]
NAMES = ["陳志明", "黃美玲", "李家豪", "張嘉欣", "吳國強", "林慧儀", "歐陽德"]


@dataclass
class Story:
    """One article of the corpus: its title, subheads and paragraphs (each whole)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    subheads: dict[int, str] = field(default_factory=dict)  # paragraph index → subhead above it


def _stories() -> list[Story]:
    stories: list[Story] = []
    current: Story | None = None
    for path in sorted(DEV.glob("*.tagged")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            tag, _, rest = raw.partition("|")
            text = rest.split("|")[0]
            if tag == "T" and not text.startswith("今日之選"):
                current = Story(text)
                stories.append(current)
            elif tag in ("#", "#box", "B", "T"):
                current = None
            elif current is None:
                continue
            elif tag == "P":
                current.paragraphs.append(text)
            elif tag == "+":
                current.paragraphs[-1] += text
            elif tag == "S" and not text.startswith("——"):
                current.subheads[len(current.paragraphs)] = text
    return [s for s in stories if s.paragraphs]


STORIES = _stories()


@dataclass
class Expected:
    title: str
    author: str | None


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[Expected], list[str]]:
    """A page text, the articles it holds (title, author) and its page head lines."""
    lines: list[str] = []
    expected: list[Expected] = []
    heads: list[str] = []
    if draw(st.booleans()):
        head = (f"{draw(st.sampled_from(['信報', '明報', '星島日報', '大公報']))}　{draw(st.sampled_from(SECTIONS))}"
                f"　{draw(st.sampled_from(['A12', 'B3', 'P14']))}　2026年12月{draw(st.integers(1, 28))}日　"
                f"{draw(st.sampled_from(['星期一', '星期三', '星期五']))}")
        lines += [head, ""]
        heads.append(head)
    chosen = draw(st.lists(st.sampled_from(STORIES), min_size=1, max_size=4, unique_by=lambda s: s.title))
    previous_signed_at_head = True
    offset = draw(st.integers(0, len(NAMES) - 1))
    for index, story in enumerate(chosen):
        if draw(st.integers(0, 4)) == 0:  # a briefs list: a label, then unsigned one-paragraph items
            items = draw(st.lists(st.sampled_from(STORIES), min_size=2, max_size=3, unique_by=lambda s: s.title))
            taken = {e.title for e in expected} | {s.title for s in chosen}
            items = [item for item in items if item.title not in taken]
            if not items:
                continue
            # A list right under a column signed at its head gets its label (else it reads as the column's subheads).
            if index == 0 or previous_signed_at_head or draw(st.booleans()):
                lines += [draw(st.sampled_from(BRIEF_LABELS)), ""]
            for item in items:
                lines += [item.title, item.paragraphs[0], ""]
                expected.append(Expected(item.title, None))
            previous_signed_at_head = False
            continue
        name = NAMES[(index + offset) % len(NAMES)]  # one author per article on a page
        column = draw(st.one_of(st.none(), st.sampled_from(COLUMNS)))
        place = draw(st.sampled_from(["under", "over", "end", "tag", "reporter", "none"]))
        if place == "over" and column is None and not previous_signed_at_head:
            place = "under"
        if place == "none" and column is None and previous_signed_at_head:
            place = "end"  # an unsigned, unlabelled story right under a signed column: see the docstring
        author: str | None = name if place != "none" else None
        head: list[str] = []
        if place == "over":
            head += [f"{column} {name}"] if column else [name]
            head.append(story.title)
        else:
            head += [column] if column else []
            head.append(story.title)
            if place == "under":
                head.append(draw(st.sampled_from([name, f"文：{name}", f"■文︰{name}", f"記者 {name}"])))
        lines += [*head, ""]
        signed = place in ("under", "over")
        caption_at = draw(st.integers(0, len(story.paragraphs)))
        for k, paragraph in enumerate(story.paragraphs):
            if k in story.subheads and signed and k > 0:
                lines += [story.subheads[k], ""]
            if k == caption_at and k > 0:
                lines += ["▲" + story.title[:6] + "。", ""]
            lines += [paragraph, ""]
        if place == "end":
            lines[-1:] = [draw(st.sampled_from([name, f"文：{name}"])), ""]
        elif place == "tag":
            lines += [f"[{name} {column}]" if column else f"[{name}]", ""]
        elif place == "reporter":
            lines += [f"（記者 {name}）", ""]
        expected.append(Expected(story.title, author))
        previous_signed_at_head = place in ("under", "over")
    return "\n".join(lines), expected, heads


def _chars(texts: list[str] | str) -> Counter[str]:
    joined = "".join(texts) if isinstance(texts, list) else texts
    return Counter(ch for ch in joined if not ch.isspace())


def test_the_corpus_gives_enough_stories() -> None:
    assert len(STORIES) >= 30


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_articles_titles_and_authors_come_back(page: tuple[str, list[Expected], list[str]]) -> None:
    text, expected, heads = page
    articles, unassigned = segment_text(text)
    found = [(a.title.original, a.author) for a in articles if a.kind == "article"]
    assert found == [(e.title, e.author) for e in expected], text
    assert unassigned == heads
    assert _chars(placed_texts(articles, unassigned)) == _chars(text)
