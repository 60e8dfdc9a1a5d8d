"""Score money amounts on tests/data/amounts_check.tsv (tables, coin units, commodity prices).

Usage: python benchmarks/amounts_check.py [dev|locked|all]

Prints, per split: expected amounts found with the right value and currency (recall), of those
with the right unit too, and amounts found that the gold does not list (false positives,
which include every amount found in a negative case).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from toolkit.document import Article, Box, Fact, Paragraph
from toolkit.facts import find_article_facts

CHECK = Path(__file__).resolve().parent.parent / "tests" / "data" / "amounts_check.tsv"


@dataclass(frozen=True, slots=True)
class Expected:
    value: float
    currency: str
    unit: str | None


@dataclass(slots=True)
class Case:
    id: str
    split: str
    kind: str
    input: str
    expected: list[Expected]
    context: str


def load_cases(path: Path = CHECK) -> list[Case]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t"):
        expected = []
        for entry in filter(None, (e.strip() for e in (row["expected"] or "").split(";"))):
            value, currency, *unit = entry.split(" ")
            expected.append(Expected(float(value), currency, " ".join(unit) or None))
        cases.append(Case(row["id"], row["split"], row["kind"], row["input"], expected, row.get("context") or ""))
    return cases


def case_amounts(case: Case) -> list[Fact]:
    """The amounts brief finds in a case, read as an article (a box for tables)."""
    paragraphs = [Paragraph(case.context)] if case.context else []
    if case.kind == "table":
        title, *items = [cell.strip() for cell in case.input.split(" | ")]
        article = Article(title=Paragraph(""), paragraphs=paragraphs, boxes=[Box(title, items)])
    else:
        article = Article(title=Paragraph(""), paragraphs=[*paragraphs, Paragraph(case.input)])
    facts = find_article_facts(article)
    if case.kind == "text":
        facts = [f for f in facts if f.paragraph == len(paragraphs)]
    else:
        facts = [f for f in facts if f.where == "box"]
    return [f for f in facts if f.kind == "amount"]


def _same(fact: Fact, want: Expected) -> bool:
    return (fact.value is not None and abs(fact.value - want.value) <= 1e-9 * max(1.0, abs(want.value))
            and fact.currency == want.currency)


def score(cases: list[Case]) -> dict[str, int]:
    totals = {"expected": 0, "found": 0, "unit_right": 0, "false_positives": 0}
    for case in cases:
        facts = case_amounts(case)
        used: set[int] = set()
        for want in case.expected:
            totals["expected"] += 1
            match = next((i for i, f in enumerate(facts) if i not in used and _same(f, want)), None)
            if match is None:
                continue
            used.add(match)
            totals["found"] += 1
            totals["unit_right"] += facts[match].unit == want.unit
        totals["false_positives"] += len(facts) - len(used)
    return totals


def misses(cases: list[Case]) -> list[str]:
    out = []
    for case in cases:
        facts = case_amounts(case)
        got = sorted(f"{f.value:g} {f.currency} {f.unit or ''}".strip() for f in facts)
        want = sorted(f"{e.value:g} {e.currency} {e.unit or ''}".strip() for e in case.expected)
        if got != want:
            out.append(f"{case.id}: want {want} got {got}")
    return out


def main(argv: list[str]) -> None:
    which = argv[1] if len(argv) > 1 else "dev"
    cases = [c for c in load_cases() if which == "all" or c.split == which]
    t = score(cases)
    print(f"{which}: {len(cases)} cases; value+currency {t['found']}/{t['expected']}"
          f" ({100 * t['found'] / max(1, t['expected']):.0f}%); unit right {t['unit_right']}/{t['expected']};"
          f" false positives {t['false_positives']}")
    if which != "locked":
        for line in misses(cases):
            print("  " + line)


if __name__ == "__main__":
    main(sys.argv)
