"""Evidence for the segmenter's decisions, apart from the walk that takes them.

The hard call on a page is a short line between paragraphs: the subhead of the article it
sits in, or the title of a new article that has no byline (a brief, a sidebar, a wire
story, a column's second item)? Position alone cannot tell. Each ``Clue`` here is one
piece of evidence with a signed weight from ``segment_rules.json`` (``heading_evidence``):
the line's shape (length, two parts, a wire tag or a stock headline), the article it sits
in (opened by a byline or not, already holding subheads), and what the text after it does:
does it go on with the vocabulary of the text before (lexical cohesion, after TextTiling,
Hearst 1997, with character bigrams weighted by how rare they are on the page) and does it
take up the line's own words (a new subject)? A positive sum makes the line a title.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from toolkit.segment.rules import SegmentRules
from toolkit.segment.shapes import Line, _compact

# Overlapping pairs of Chinese characters, found in one pass of the regex engine.
_HAN_BIGRAM = re.compile(r"(?=([\u3400-\u9fff\uf900-\ufaff]{2}))")
_LATIN_TERM = re.compile(r"[A-Za-z0-9]{2,}")
# "【大公報訊】", "【本報訊】", "[明報專訊]": a wire or desk tag opens a story.
_WIRE_TAG = re.compile(r"^[【\[［〔][^】\]］〕]{1,8}[訊讯電电][】\]］〕]")
# "今日之選：舜宇光學 (2382, $78.5) 上望90元", "騰訊 (700, $512) 遊戲收入料回暖".
# "一、科技股受壓", "(二)內銀股造好", "3. 資金流向": a numbered part of one article.
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.]\s*\D)")
_CODE = re.compile(r"[（(]\s*([0-9]{3,6})(?:\.[A-Za-z]{1,3})?\s*[）)]")
_STOCK_HEADLINE = re.compile(r"[（(]\s*[0-9]{1,6}(?:\.[A-Za-z]{1,3})?\s*[,，]\s*\$?\s*[0-9][\d.]*\s*[）)]")


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of evidence: what was measured, and what it adds to the score."""

    name: str
    value: float
    weight: float

    def __str__(self) -> str:
        value = f"{self.value:.2f}".rstrip("0").rstrip(".") if self.value != int(self.value) else str(int(self.value))
        return f"{self.name}={value} ({self.weight:+.1f})"


@dataclass(slots=True)
class Decision:
    """What the segmenter decided about one heading-like line, and why (``brief segment --explain``)."""

    line: str
    decision: str
    clues: list[Clue] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(clue.weight for clue in self.clues)

    def __str__(self) -> str:
        clues = ", ".join(str(c) for c in self.clues)
        score = f" score {self.score:+.1f}:" if self.clues else ""
        return f"{self.line}\n    → {self.decision}{score} {clues}".rstrip()


def terms(text: str) -> list[str]:
    """The vocabulary of ``text``: bigrams of Chinese characters, and Latin/digit words."""
    out: list[str] = _HAN_BIGRAM.findall(text)
    out.extend(t.upper() for t in _LATIN_TERM.findall(text) if not t.isdigit())
    return out


class _TermWeights(dict[str, float]):
    """idf of a term from the idf of its characters (filled on first use)."""

    def __init__(self, char_idf: dict[str, float]) -> None:
        super().__init__()
        self.char_idf = char_idf

    def __missing__(self, term: str) -> float:
        chars = self.char_idf
        weight = self[term] = sum(chars.get(ch, 1.0) for ch in term) / len(term)
        return weight


class Cohesion:
    """Lexical cohesion on one page: term vectors weighted by how rare their characters are on the page.

    A term's weight is the mean idf of its two characters over the page's body lines: cheap
    to count for the whole page (sets of characters), while the terms themselves are only
    made for the lines a decision looks at. Common characters (的, 公司, 上升) weigh little.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self._terms: dict[int, Counter[str]] = {}
        frequency: Counter[str] = Counter()
        documents = 0
        for line in lines:
            if line.kind == "body":
                documents += 1
                frequency.update(set(line.text))
        documents = documents or 1
        self._char_idf = {ch: math.log(1 + documents / df) for ch, df in frequency.items()}
        self.idf = _TermWeights(self._char_idf)

    def terms(self, i: int) -> Counter[str]:
        found = self._terms.get(i)
        if found is None:
            found = self._terms[i] = Counter(terms(self.lines[i].text)) if self.lines[i].kind == "body" else Counter()
        return found

    def vector(self, indexes: list[int]) -> Counter[str]:
        total: Counter[str] = Counter()
        for i in indexes:
            total.update(self.terms(i))
        return total

    def similarity(self, left: Counter[str], right: Counter[str]) -> float:
        """Cosine of two term vectors weighted by idf: 0 nothing shared, 1 the same vocabulary."""
        if not left or not right:
            return 0.0
        idf = self.idf
        dot = sum(count * right[t] * idf[t] ** 2 for t, count in left.items() if t in right)
        norm_left = math.sqrt(sum((c * idf[t]) ** 2 for t, c in left.items()))
        norm_right = math.sqrt(sum((c * idf[t]) ** 2 for t, c in right.items()))
        return dot / (norm_left * norm_right)

    def echo(self, line: str, block: Counter[str]) -> float:
        """Share of the line's own terms (weighted by idf) that the block uses."""
        own = set(terms(line))
        if not own or not block:
            return 0.0
        idf = self.idf
        weight = sum(idf[t] for t in own)
        return sum(idf[t] for t in own if t in block) / weight


def stock_headline(text: str) -> bool:
    """A headline naming a stock with its code and price: "今日之選：舜宇光學 (2382, $78.5) 上望90元"."""
    return _STOCK_HEADLINE.search(text) is not None


def wire_tag(text: str) -> bool:
    """A story opened by a desk or wire tag: "【大公報訊】國家外匯儲備連升三月"."""
    return _WIRE_TAG.match(text) is not None


def _lead(text: str) -> str:
    """The first clause of a paragraph, where a news story names its subject."""
    return re.split(r"[，。,；;]", text, maxsplit=1)[0]


def new_company(after_text: str, article_text: str, max_codes: int) -> bool:
    """The text after the line opens on a stock code the article before never named.

    Not in an article that already names several stocks (a market round-up moves from one
    stock to the next under its subheads).
    """
    codes = _CODE.findall(_lead(after_text))
    if not codes or len(set(_CODE.findall(article_text))) >= max_codes:
        return False
    return not any(code in article_text for code in codes)


def dated_lead(after_text: str, rules: SegmentRules) -> bool:
    """The text after opens like a news story's lead: a subject, then when ("央行昨日開展…",
    "中電控股周四宣布…"); a subhead's paragraph goes on from the story ("期內…", "他表示…")."""
    lead = _lead(after_text)[: rules.dated_lead_chars]
    if lead.startswith(rules.continuation_subjects):
        return False  # "他昨日表示", "該公司周四公布": the story before goes on
    for word in rules.lead_time_words:
        at = lead.find(word)
        if at >= 2 and lead[at - 1] not in "下上本":  # "下周一開售" looks ahead: no lead
            return True
    return False


# "本報訊　港鐵公司…", "新华社北京11月29日电　中国人民银行…", "【明報專訊】…": a desk tag or dateline opens a story.
_DATELINE = re.compile(r"^\s*(?:[【\[［〔(（]?(?:本報|本报|本刊)[^，。\s]{0,4}[訊讯][】\]］〕)）]?"
                       r"|[【\[［〔][^】\]］〕，。]{1,8}[訊讯電电][】\]］〕]"
                       r"|[^，。\s]{2,10}?[0-9０-９一二三四五六七八九十]{1,2}月[0-9０-９一二三四五六七八九十]{1,3}日[電电訊讯]"
                       r"|[^，。\s]{2,10}[訊讯](?=[，,\s]))[，,\s]*")


def dateline_lead(after_text: str) -> bool:
    """The text after opens on a dateline or desk tag (本報訊, 新華社北京11月29日電): only a story starts so."""
    return _DATELINE.match(after_text) is not None


def continues_above(after_text: str, rules: SegmentRules) -> bool:
    """The text after opens by going on from the text above it (此外, 同時, 他表示, 該公司), or says
    its subject did the same (滙豐昨日亦宣布): a subhead's paragraph, whatever news words follow
    (an unsigned story names its subject first and owes nothing to the text above)."""
    text = after_text.lstrip()
    return text.startswith(rules.continuation_openers) or any(word in _lead(text) for word in rules.continuation_adverbs)


def past_dateline(after_text: str) -> str:
    """The text after without its dateline: "证券时报e公司讯，中国平安（601318）公告…" → "中国平安（601318）公告…"."""
    found = _DATELINE.match(after_text)
    return after_text[found.end():] if found else after_text


def closes_story(last_paragraph: str, rules: SegmentRules) -> bool:
    """The paragraph above opens like a story's last one: an outlook or a closing view (業界預期,
    分析人士認為, 展望), after which a news page starts the next story rather than a section."""
    text = last_paragraph.lstrip()
    for some in ("有", "不少", "部分", "多名", "多位", "個別", "个别", "有的"):  # "有基金經理指出"
        if text.startswith(some) and text[len(some):].startswith(rules.closing_cues):
            return True
    return text.startswith(rules.closing_cues)


def lead_voice(after_text: str, rules: SegmentRules) -> int:
    """+1 when the text after opens like a news lead (據悉, 公布, 數據顯示), -1 in a columnist's voice (筆者)."""
    lead = _lead(after_text)
    if any(cue in lead for cue in rules.column_voice_cues):
        return -1
    return 1 if any(cue in lead for cue in rules.news_lead_cues) else 0


def heading_clues(line: str, *, opened_by: str, has_subheads: bool, paragraphs_before: int, signed_after: bool, same_column_after: bool,
                  after_text: str, article_text: str,
                  before: Counter[str], after: Counter[str], title_terms: Counter[str], cohesion: Cohesion,
                  rules: SegmentRules, complete: bool = False, in_column: bool = False,
                  voice_change: bool = False, after_box: bool = False, last_paragraph: str = "") -> list[Clue]:
    """The evidence that a lone short line between paragraphs titles a new article (sum > 0).

    ``opened_by`` says how the article it sits in began: "byline" (an author or column over
    its text), "labelled" (only an unknown label over its title: a column or a briefs list),
    "no_byline", or "untitled" (the page starts inside it); ``signed_after``
    whether the text after the line ends in an author line of its own, ``same_column_after``
    whether it ends in a tag naming this article's column; ``in_column`` whether the article is a
    column (has a column name); ``voice_change`` whether the text before speaks in a columnist's
    voice (筆者, 我認為) and the text after does not (a news story after a signed column); ``after_box``
    whether it comes right after a table's last row (a headline under a stand-alone table); ``last_paragraph``
    the article's paragraph right above the line (does it close a story?). Unless ``complete``,
    the vocabulary clues are left out when they could not change the sign of the sum.
    """
    w = rules.heading_weights
    clues: list[Clue] = []
    length = len(_compact(line))
    if wire_tag(line):
        clues.append(Clue("wire_tag", 1, w["wire_tag"]))
    if stock_headline(line):
        clues.append(Clue("stock_headline", 1, w["stock_headline"]))
    if _NUMBERED.match(line.strip()):
        clues.append(Clue("numbered", 1, w["numbered"]))
    if len(line.split()) >= 2:
        clues.append(Clue("two_parts", 1, w["two_parts"]))
    if length >= w["long_chars"]:
        clues.append(Clue("long", length, w["long"]))
    elif length <= w["very_short_chars"]:
        clues.append(Clue("very_short", length, w["very_short"]))
    elif length <= w["short_chars"]:
        clues.append(Clue("short", length, w["short"]))
    clues.append(Clue(f"{opened_by}_article", 1, w[f"{opened_by}_article"]))
    if signed_after:
        clues.append(Clue("signed_after", 1, w["signed_after"]))
    if same_column_after:
        clues.append(Clue("same_column_after", 1, w["same_column_after"]))
    dateline = bool(after_text and w.get("dateline_lead") and dateline_lead(after_text))
    after_text = past_dateline(after_text) if dateline else after_text  # the lead proper comes after it
    if after_text and new_company(after_text, article_text, int(w["round_up_codes"])):
        clues.append(Clue("new_company", 1, w["new_company"]))
    goes_on = bool(after_text and w.get("continuation") and continues_above(after_text, rules))
    # "他表示，…" carries a news word but goes on from the story above: no news lead then.
    voice = lead_voice(after_text, rules) if after_text else 0
    if goes_on and voice > 0:
        voice = 0
    if voice:
        clues.append(Clue("news_lead" if voice > 0 else "column_voice", voice,
                          w["news_lead"] if voice > 0 else w["column_voice"]))
    # A column moves from one stock's news to the next under its subheads: there a dated lead says little.
    if after_text and not in_column and w.get("dated_lead") and dated_lead(after_text, rules):
        clues.append(Clue("dated_lead", 1, w["dated_lead"]))
    if dateline:
        clues.append(Clue("dateline_lead", 1, w["dateline_lead"]))
    if goes_on:
        clues.append(Clue("continuation", 1, w["continuation"]))
    elif last_paragraph and w.get("closing_before") and closes_story(last_paragraph, rules):
        clues.append(Clue("closing_before", 1, w["closing_before"]))
    if voice_change and w.get("voice_change"):
        clues.append(Clue("voice_change", 1, w["voice_change"]))
    if after_box and w.get("after_box"):
        clues.append(Clue("after_box", 1, w["after_box"]))
    if paragraphs_before == 1:
        clues.append(Clue("one_paragraph_before", 1, w["one_paragraph_before"]))
    if has_subheads:
        clues.append(Clue("has_subheads", 1, w["has_subheads"]))
    if not after:
        clues.append(Clue("nothing_after", 1, w["nothing_after"]))
        return clues
    # The vocabulary clues add at most this much: below it, the line is a subhead whatever they say.
    most = w["cohesion"] * w["cohesion_pivot"] + w["new_subject"] * (1 - w["new_subject_pivot"])
    if not complete and sum(c.weight for c in clues) + most < 0:
        return clues
    similarity = cohesion.similarity(before, after)
    clues.append(Clue("cohesion", similarity, w["cohesion"] * (w["cohesion_pivot"] - similarity)))
    # A new subject: the line's words come back after it, not before; the article's title words do not.
    new_subject = cohesion.echo(line, after) - cohesion.echo(line, before)
    clues.append(Clue("new_subject", new_subject, w["new_subject"] * (new_subject - w["new_subject_pivot"])))
    if title_terms:
        title_echo = cohesion.similarity(title_terms, after)
        clues.append(Clue("title_echo", title_echo, w["title_echo"] * title_echo))
    return clues
