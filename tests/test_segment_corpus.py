"""The segmenter on the corpus of tests/corpus/pages: dev pages all right, locked pages above floors.

The dev part is what the rules were tuned on: every article must come back with its title,
author and column, nothing lost. The locked part was written with its gold before any rule
changed and scored once, at the end (see tests/corpus/pages/README.md); its floors are
pinned at that score so later changes cannot make it worse unnoticed. Scoring is shared
with ``benchmarks/eval_segment.py``, which prints the per-page table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "pages"
sys.path.insert(0, str(REPO / "tests" / "corpus"))

from segment_scoring import eval_segment  # noqa: E402

DEV = sorted((CORPUS / "dev").glob("*.gold.json"))
LOCKED = sorted((CORPUS / "locked").glob("*.gold.json"))
# Pinned at the one scoring of the locked part (see the README there); raise, never lower.
# Scored once on 2026-11-30 at commit f0d1ad6: titles 29/29, authors 28/29, columns 27/29, nothing lost
# on 11/11 pages, precision 29/31 (two subheads read as titles: L01, L05).
LOCKED_FLOORS = {"titles": 1.0, "authors": 0.96, "columns": 0.93, "nothing_lost": 1.0, "precision": 0.93}


def test_the_corpus_is_wide() -> None:
    assert len(DEV) + len(LOCKED) >= 30 and len(LOCKED) >= 10
    about = " ".join(json.loads(p.read_text(encoding="utf-8"))["_about"] for p in DEV + LOCKED)
    for paper in ("HKEJ", "HKET", "Ming Pao", "Sing Tao", "Oriental", "Ta Kung Pao", "Wen Wei Po", "am730",
                  "Shanghai Securities", "Securities Times", "China Securities", "Yicai"):
        assert paper in about


@pytest.mark.parametrize("folder", ["pages", "credits", "lists", "boxes", "unsigned", "features"])
def test_built_files_match_their_tagged_sources(folder: str) -> None:
    from build_corpus import parse

    root = REPO / "tests" / "corpus" / folder
    sources = sorted((root / "src").glob("*/*.tagged"))
    assert sources
    for src in sources:
        part = src.parent.name
        text, gold = parse(src.read_text(encoding="utf-8"), f"tests/corpus/{folder}/{part}/{src.stem}.txt")
        assert (root / part / f"{src.stem}.txt").read_text(encoding="utf-8") == text
        assert json.loads((root / part / f"{src.stem}.gold.json").read_text(encoding="utf-8")) == gold


@pytest.mark.parametrize("gold_path", DEV, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_dev_page_is_segmented_right(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    score = eval_segment.score_page((REPO / gold["page"]).read_text(encoding="utf-8"), gold)
    assert score.misses == []
    assert (score.titles, score.authors, score.columns, score.nothing_lost) == (
        score.articles, score.articles, score.articles, True)


def test_locked_part_meets_its_floors() -> None:
    totals = eval_segment.totals(eval_segment.score_part("locked"))
    below = {k: v for k, v in totals.items() if k in LOCKED_FLOORS and v < LOCKED_FLOORS[k]}
    assert not below, f"locked corpus below its floors: {below}"
