"""Market terms that must come out the same every time: 沽空 → short selling, 恒指 → Hang Seng Index.

The built-in glossary (``data/glossary.tsv``) covers Hong Kong and mainland market terms and
slang a general translation model gets wrong (食糊, 騰雞, 大頭佛). A user glossary in the same
format adds or overrides entries. Keys are matched in both Traditional and Simplified script;
``Glossary.version`` changes whenever the content does, so cached translations made with an
older glossary are not reused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.document import Fact
from toolkit.errors import InputError

__all__ = ["Glossary", "load_glossary", "parse_glossary"]


@dataclass(slots=True)
class Glossary:
    """Chinese term → English, with the keys also in Simplified script.

    ``entries`` holds the terms as written (Traditional, usually); ``find`` also matches
    their Simplified forms.
    """

    entries: dict[str, str] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)
    _lengths: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    version: str = ""
    _segmenter: Any = field(default=None, repr=False)

    @classmethod
    def from_entries(cls, entries: dict[str, str]) -> Glossary:
        """A glossary of ``entries``, with Simplified keys added and its version computed."""
        from toolkit.conversion import convert

        lookup: dict[str, str] = {}
        keys = [k for k in entries if "\n" not in k]
        # One OpenCC call for all keys: a thousand separate calls cost most of the load time.
        for key, simplified in zip(keys, convert("\n".join(keys), "hk2s").split("\n"), strict=True):
            if simplified != key and simplified not in entries:
                lookup[simplified] = entries[key]
        lookup.update(entries)
        content = "\n".join(f"{k}\t{v}" for k, v in sorted(entries.items()))
        version = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
        lengths: dict[str, set[int]] = {}
        for key in lookup:
            lengths.setdefault(key[0], set()).add(len(key))
        by_first = {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()}
        return cls(dict(entries), lookup, by_first, version)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, term: str) -> str | None:
        """The English for ``term`` (Traditional or Simplified), or None."""
        return self._lookup.get(term)

    def find(self, text: str) -> list[Fact]:
        """Glossary terms in ``text`` as ``term`` facts, sorted by start and non-overlapping.

        Longer terms win over shorter ones they overlap (沽空率 over 沽空), whatever their
        position; among equals, the earlier one.
        """
        lookup, lengths = self._lookup, self._lengths
        matches: list[tuple[int, int]] = []
        for start, char in enumerate(text):
            for length in lengths.get(char, ()):
                if start + length <= len(text) and text[start:start + length] in lookup:
                    matches.append((start, start + length))
                    break
        if matches:
            matches = self._within_words(text, matches)
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
            if all(end <= s or start >= e for s, e in chosen):
                chosen.append((start, end))
        return [Fact(kind="term", text=text[s:e], english=lookup[text[s:e]], start=s, end=e)
                for s, e in sorted(chosen)]


    def _within_words(self, text: str, matches: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Drop a match that straddles two words: 港股 in 香港股票 (香港 / 股票), where both its ends
        fall inside words of the sentence's segmentation (jieba over its word list, with the
        glossary's terms added as words)."""
        if any(not text[s:e].isascii() and e - s > 1 for s, e in matches):
            segmenter = self._segmenter or self._make_segmenter()
            inner: set[int] = set()  # positions that fall strictly inside a word
            position = 0
            for word in segmenter.lcut(text, HMM=False):
                inner.update(range(position + 1, position + len(word)))
                position += len(word)
            return [(s, e) for s, e in matches if not (s in inner and e in inner)]
        return matches

    def _make_segmenter(self) -> Any:
        from toolkit.summary import word_segmenter

        segmenter = word_segmenter(k for k in self._lookup if len(k) > 1 and not k.isascii())
        self._segmenter = segmenter
        return segmenter


def parse_glossary(text: str, source: str) -> dict[str, str]:
    """Entries of a glossary file: ``Chinese<TAB>English`` lines, ``#`` comments, blank lines.

    Raises ``InputError`` naming ``source`` and the line number of a malformed line.
    """
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(
                f"{source}:{number}: a glossary line must be Chinese<TAB>English, got {line!r}"
            )
        entries[parts[0].strip()] = parts[1].strip()
    return entries


@cache
def _builtin() -> tuple[tuple[str, str], ...]:
    from importlib import resources

    text = resources.files("toolkit").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    return tuple(parse_glossary(text, "glossary.tsv").items())


@cache
def _builtin_glossary() -> Glossary:
    return Glossary.from_entries(dict(_builtin()))


def load_glossary(user_path: Path | None = None) -> Glossary:
    """The built-in glossary, plus the user's file at ``user_path`` (its entries win)."""
    if user_path is None:
        return _builtin_glossary()
    path = Path(user_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"glossary file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError(f"glossary file {path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise InputError(f"cannot read glossary file {path}: {error.strerror}") from None
    entries = dict(_builtin())
    entries.update(parse_glossary(text, str(path)))
    return Glossary.from_entries(entries)
