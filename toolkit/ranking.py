"""Which of an article's facts matter most: the order of its key figures.

A market column can carry thirty figures; a reader on a phone wants the eight that make the
news. The editor and the summary have already said which those are, so a fact ranks by:

1. where it stands: in the headline, then in a summary sentence, then in the lead paragraph,
   then anywhere else;
2. what it is about: a figure whose subject the headline names, then one with a subject,
   then one without;
3. its kind and size: amounts before index points, changes and percentages, larger before
   smaller (amounts compared in rough HK dollars, so RMB 5 billion outranks HK$2 billion);
4. page order, to break ties.

Then variety: past the headline's own figures, a subject that already has ``PER_SUBJECT``
figures ahead waits until every other subject has had its turn, so a market column's eight rows
are not eight readings of the same index. Likewise only ``PER_BOXES`` figures from boxes
(tables of rows) come before the rest; the others come last, so a table does not fill the key figures.

``rank_facts`` writes ``Fact.rank`` (1 = first) for every fact of the article; renderers
show the first few and JSON keeps them all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from toolkit.document import Article, Fact

PER_SUBJECT = 2
PER_BOXES = 3  # a table's rows (box items) are many figures of one kind: a few, then the prose's
KEY_FIGURE_KINDS = ("amount", "index_points", "change", "percentage")
# Rough HK dollars per unit, only to order amounts in different currencies by size.
_TO_HKD = {"HKD": 1.0, "CNY": 1.08, "RMB": 1.08, "USD": 7.8, "EUR": 8.5, "GBP": 9.9, "JPY": 0.052,
           "MOP": 0.97, "TWD": 0.24, "SGD": 5.8, "AUD": 5.1,
           "CAD": 5.6, "CHF": 9.0, "KRW": 0.0056}


def _spans(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for sentence in sentences:
        start = text.find(sentence.strip())
        if start >= 0 and sentence.strip():
            spans.append((start, start + len(sentence.strip())))
    return spans


def _place(fact: Fact, summary_spans: dict[int, list[tuple[int, int]]]) -> int:
    if fact.where == "title":
        return 0
    if fact.where == "paragraph" and fact.paragraph is not None:
        if any(start <= fact.start and fact.end <= end for start, end in summary_spans.get(fact.paragraph, [])):
            return 1
        if fact.paragraph == 0:
            return 2
    return 3 if fact.where == "paragraph" else 4


def _about(fact: Fact, title: str) -> int:
    if fact.subject and fact.subject in title:
        return 0
    return 1 if fact.subject else 2


def _size(fact: Fact) -> float:
    if fact.value is None:
        return 0.0
    value = abs(fact.value)
    if fact.kind == "amount":
        value *= _TO_HKD.get((fact.currency or "HKD").upper(), 1.0)
    return math.log10(value + 1.0)


def fact_order_key(fact: Fact, position: int, title: str, summary_spans: dict[int, list[tuple[int, int]]]
                   ) -> tuple[int, int, int, float, int]:
    kind = KEY_FIGURE_KINDS.index(fact.kind) if fact.kind in KEY_FIGURE_KINDS else len(KEY_FIGURE_KINDS)
    return (_place(fact, summary_spans), _about(fact, title), kind, -_size(fact), position)


def _varied(ranked: list[Fact]) -> list[Fact]:
    """Keep the order, but move a figure whose subject has had ``PER_SUBJECT`` figures already
    (headline figures aside) behind the others."""
    shown: dict[str, int] = {}
    first: list[Fact] = []
    later: list[Fact] = []
    boxed = 0
    boxes_later: list[Fact] = []
    for fact in ranked:
        key = fact.subject
        if fact.where == "box" and fact.kind in KEY_FIGURE_KINDS:
            boxed += 1
            if boxed > PER_BOXES:
                boxes_later.append(fact)
                continue
        if fact.where == "title" or key is None or fact.kind not in KEY_FIGURE_KINDS:
            first.append(fact)
        elif shown.get(key, 0) < PER_SUBJECT:
            shown[key] = shown.get(key, 0) + 1
            first.append(fact)
        else:
            later.append(fact)
    return first + later + boxes_later


def rank_facts(article: Article) -> list[Fact]:
    """Set ``Fact.rank`` (1 = most important) on every fact of ``article``; return them in rank order.

    Call after the summary is chosen: facts in summary sentences rank high.
    """
    summary_spans: dict[int, list[tuple[int, int]]] = {}
    for index, paragraph in enumerate(article.paragraphs):
        spans = _spans(paragraph.original, article.summary.original)
        if spans:
            summary_spans[index] = spans
    title = " ".join(t for t in (article.title.original, article.title.simplified) if t)
    order = sorted(range(len(article.facts)),
                   key=lambda i: fact_order_key(article.facts[i], i, title, summary_spans))
    ranked = _varied([article.facts[i] for i in order])
    for rank, fact in enumerate(ranked, start=1):
        fact.rank = rank
    return ranked
