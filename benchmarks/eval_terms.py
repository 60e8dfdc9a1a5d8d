"""Score the glossary on a list of market terms: how many come out in the English a HK desk writes.

    .venv/bin/python benchmarks/eval_terms.py [tests/gold/terms_50.tsv] [--glossary FILE] [-v]

A term counts as right when the glossary renders the whole term (``Glossary.find``) as one of
the accepted English forms (case, hyphens and punctuation ignored). Used for issue 16: the list
was written before the glossary was extended, and an unseen list is scored the same way.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.glossary import Glossary, load_glossary  # noqa: E402


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9&/%$]+", " ", text.lower()).strip()


def _forms(english: str) -> set[str]:
    """The English as given, and both halves of "SFC (Securities and Futures Commission)"."""
    forms = {_norm(english)}
    both = re.fullmatch(r"(.+?)\s*\((.+)\)", english.strip())
    if both:
        forms |= {_norm(both.group(1)), _norm(both.group(2))}
    return forms


def read_terms(path: Path) -> list[tuple[str, list[str]]]:
    """(term, accepted English forms) from a ``Chinese<TAB>alt|alt`` file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, english = line.split("\t")
        out.append((term.strip(), [e.strip() for e in english.split("|")]))
    return out


def render(glossary: Glossary, term: str) -> str | None:
    """What the glossary gives for the whole term, or None when it does not cover it alone."""
    found = glossary.find(term)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(term):
        return found[0].english
    return None


def score(glossary: Glossary, terms: list[tuple[str, list[str]]]) -> tuple[int, list[tuple[str, str | None, list[str]]]]:
    misses = []
    right = 0
    for term, accepted in terms:
        got = render(glossary, term)
        if got is not None and _forms(got) & {_norm(a) for a in accepted}:
            right += 1
        else:
            misses.append((term, got, accepted))
    return right, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("terms", nargs="?", default=str(ROOT / "tests/gold/terms_50.tsv"))
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    glossary = load_glossary(args.glossary)
    terms = read_terms(Path(args.terms))
    right, misses = score(glossary, terms)
    print(f"{right}/{len(terms)} terms right ({100 * right / len(terms):.0f}%), glossary of {len(glossary)} entries")
    if args.verbose:
        for term, got, accepted in misses:
            print(f"  {term}: got {got!r}, want {' | '.join(accepted)}")


if __name__ == "__main__":
    main()
