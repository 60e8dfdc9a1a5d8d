"""Financial facts in Chinese text: stock codes, money, percentages, changes, index points, dates.

For an investor the figures are the brief, so they are found and rendered in English by rule,
never by the translation model: 3685億元人民幣 → ``RMB 368.5 billion``, 中國移動(00941) →
``China Mobile (00941.HK)``. Each fact keeps its offsets in the text it came from, so the
translation stage can protect it and the summariser can weigh sentences that carry figures.

Rules, briefly (see each finder for detail):

* A number is **money** only with a currency (美元, 港元, 人民幣, US$, HK$ … or a bare 元,
  HKD in Hong Kong press and RMB in mainland press or a Hong Kong article on mainland policy
  and markets: see ``bare_yuan_currency``). 2.36億 users, 3分鐘, 20隻, 61天 are not money.
* A currency declared once (``30億元（澳門元，下同）``, ``（單位：人民幣）``) is the bare 元's
  currency from that amount to the end of the article (``declared_currencies``).
* ``增加3,200億元至14.9萬億元``, ``上調目標價620元至700元`` are a change and a level (two
  amounts), not a range; ``150億至170億元`` and ``介乎X至Y`` are ranges.
* A bracketed US ticker (微軟（MSFT）) counts when it is in ``data/us_listed.tsv``.
* A bracketed number is a **stock code** only with a name-like token before it (中國移動
  (00941)), an explicit market marker (0941.HK, HK:700, 股份代號), or the 5-digit HK form
  with a leading zero. 4-digit years (2025) and 1–3 digit numbers need the company to be in
  ``data/hk_companies.tsv`` under a name matching the one printed.
* N點 is an **index level** only in a sentence that talks about an index (恒指, 港股, 指數…).
* Where matches overlap, the higher kind wins: stock > amount > percentage/change >
  index points > date; within a kind, the longer match. Glossary terms are then looked for
  in the text left between the figures.
* ``Fact.subject`` (what a figure is about) comes from a clause heuristic, not a parser:
  see ``_subject``; its cue words (metrics, fillers, time words, labels) are data in
  ``data/subject_cues.json``. jieba was not needed for the cases seen (and loads a dictionary
  on first use, over the 50 ms a page's facts may take).

One module per kind: ``stocks``, ``amounts``, ``changes`` (percentages, changes, index points),
``dates`` and ``subjects`` (``Fact.subject`` and ``Fact.subject_english``), over ``common``
(the fold, the shared number and currency grammar, compiled patterns); this module resolves
overlaps and is the public face (every name other modules import from ``toolkit.facts``).

Text is scanned through a length-preserving fold (full-width digits and brackets → ASCII) so
offsets stay valid in the original.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.document import Article, Box, Fact
from toolkit.facts.amounts import (
    _amount_facts,
    bare_yuan_currency,
    declared_currencies,
    paragraph_yuan_currency,
)
from toolkit.facts.changes import _index_facts, _percent_facts
from toolkit.facts.coins import _coin_facts
from toolkit.facts.common import _Candidate, _fold
from toolkit.facts.dates import _date_facts, find_page_date, render_date
from toolkit.facts.stocks import Company, _stock_facts, load_companies, load_us_listed, normalise_stock_codes
from toolkit.facts.subjects import _clause_breaks, _index_subject, _subject, english_subject
from toolkit.facts.tables import box_per_unit, row_label, table_facts
from toolkit.numbers import parse_chinese_number, render_amount

if TYPE_CHECKING:
    from toolkit.glossary import Glossary

__all__ = [
    "Company",
    "bare_yuan_currency",
    "declared_currencies",
    "english_subject",
    "find_article_facts",
    "find_facts",
    "find_page_date",
    "load_companies",
    "load_us_listed",
    "normalise_stock_codes",
    "parse_chinese_number",
    "render_amount",
    "render_date",
]


def _resolve(candidates: list[_Candidate]) -> list[Fact]:
    chosen: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for candidate in sorted(candidates, key=lambda c: (c.priority, -(c.fact.end - c.fact.start), c.fact.start)):
        f = candidate.fact
        if f.end <= f.start or any(f.start < e and s < f.end for s, e in taken):
            continue
        chosen.append(f)
        taken.append((f.start, f.end))
    return sorted(chosen, key=lambda f: f.start)


def find_facts(text: str, *, glossary: Glossary | None = None, bare_yuan: str | None = "HKD",
               subjects: bool = True) -> list[Fact]:
    """Every financial fact in ``text`` (Traditional or Simplified), sorted by start, non-overlapping.

    ``bare_yuan`` is the currency of a bare 元 / $ (HKD in Hong Kong press; pass "CNY" for
    mainland text, "auto" to decide from the text (see ``bare_yuan_currency``), or None to
    skip such amounts). Glossary terms are found only when a ``glossary`` is given.
    ``subjects=False`` skips what each figure refers to (most of the time spent here), for
    callers that need only the facts and their English, as translation does.
    """
    if not text:
        return []
    if bare_yuan == "auto":
        bare_yuan = bare_yuan_currency([text])
    folded = _fold(text)
    declared = declared_currencies(text)
    candidates = (_stock_facts(text, folded) + _amount_facts(text, folded, bare_yuan, declared) + _coin_facts(text, folded)
                  + _percent_facts(text, folded) + _index_facts(text, folded) + _date_facts(text, folded))
    facts = _resolve(candidates)
    if glossary is not None:
        # Terms are looked for only outside the figures, so 2025年全年業績 still yields 業績.
        masked = list(text)
        for fact in facts:
            masked[fact.start:fact.end] = "\0" * (fact.end - fact.start)
        facts = sorted(facts + glossary.find("".join(masked)), key=lambda f: f.start)
    if not subjects:
        return facts
    breaks = _clause_breaks(text, facts)
    for index, fact in enumerate(facts):
        if fact.kind in ("amount", "percentage", "change"):
            fact.subject = _subject(text, facts, index, breaks)
        elif fact.kind == "index_points":
            fact.subject = _index_subject(text, fact)
        if fact.subject:
            fact.subject_english = english_subject(fact.subject, glossary)
    return facts


def find_article_facts(article: Article, *, glossary: Glossary | None = None,
                       bare_yuan: str | None = "auto") -> list[Fact]:
    """Facts of an article's title, paragraphs, subheads, captions and box items (original text).

    ``where`` names the text and ``paragraph`` its index in its list (box items are numbered
    across all boxes of the article); offsets are into that text. With ``bare_yuan="auto"``
    a bare 元 is RMB in an article about A-shares or mainland policy, or in mainland press
    (``bare_yuan_currency``), else HKD; a paragraph with strong one-sided evidence of its own
    overrides the article (``paragraph_yuan_currency``).
    """
    out: list[Fact] = []
    items = [item for box in article.boxes for item in box.items]
    auto = bare_yuan == "auto"
    if auto:
        bare_yuan = bare_yuan_currency([article.title.original, *article.subheads,
                                        *(p.original for p in article.paragraphs), *article.captions, *items])

    declared: list[str] = []  # a currency declared for the rest of the article: （澳門元，下同）

    def add(text: str, where: str, index: int | None) -> None:
        currency: str | None = bare_yuan
        if declared:
            currency = declared[-1]
        elif auto and bare_yuan:
            currency = paragraph_yuan_currency(text, bare_yuan)
        for fact in find_facts(text, glossary=glossary, bare_yuan=currency):
            fact.where, fact.paragraph = where, index
            out.append(fact)
        declared.extend(found for _, found in declared_currencies(text))

    add(article.title.original, "title", None)
    for index, subhead in enumerate(article.subheads):
        add(subhead, "subhead", index)
    for index, paragraph in enumerate(article.paragraphs):
        add(paragraph.original, "paragraph", index)
    for index, caption in enumerate(article.captions):
        add(caption, "caption", index)
    index = 0
    notes = [p.original for p in article.paragraphs if len(p.original) <= 30]  # a table's footnote as a paragraph
    for box in article.boxes:
        in_table = table_facts(box, declared[-1] if declared else bare_yuan,
                               [*article.subheads, *article.captions, *notes])
        for row, item in enumerate(box.items):
            found = len(out)
            add(item, "box", index)
            _add_table_facts(out, found, in_table.get(row, []), box, row, item, index, glossary)
            index += 1
    return out


def _add_table_facts(out: list[Fact], found: int, table: list[Fact], box: Box, row: int, item: str,
                     index: int, glossary: Glossary | None) -> None:
    """Merge the amounts a table's title or header gives a row's bare figures (``tables``) into the
    facts already found in the row, and give prices with a currency their commodity unit."""
    row_facts = out[found:]
    per = box_per_unit(box, row)
    for fact in row_facts:
        if per and fact.kind == "amount" and fact.unit is None and fact.value is not None and fact.value < 10**6:
            fact.unit = per
            fact.english = f"{fact.english} {per}"
    label = row_label(item)
    for fact in table:
        if any(fact.start < f.end and f.start < fact.end for f in row_facts):
            continue
        fact.where, fact.paragraph = "box", index
        fact.subject = label
        if fact.subject:
            fact.subject_english = english_subject(fact.subject, glossary)
        out.append(fact)
    out[found:] = sorted(out[found:], key=lambda f: f.start)
