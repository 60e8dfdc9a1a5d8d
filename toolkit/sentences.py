"""Split Chinese text into sentences, our own way.

Both the translator and the summariser need sentences. Stanza and spaCy sentence models need
downloads and are slow, and sumy's Chinese rule drops text without final punctuation, so
brief splits on Chinese and Western sentence punctuation itself, keeping closing quotes and
brackets with their sentence and never losing a character: ``"".join(split_sentences(t)) == t``
once surrounding whitespace is ignored.
"""

from __future__ import annotations

import re

_END = "。！？!?；;…"
_CLOSERS = "」』”’）)】》〉\"'"
# A sentence ends at one or more end marks, followed by any closing quotes or brackets.
# An ASCII full stop ends a sentence only when not between digits or letters (3.5, U.S.).
_SENTENCE = re.compile(
    rf"[^{_END}]*?(?:[{_END}]+|(?<![0-9A-Za-z])\.(?![0-9A-Za-z])|\.(?=\s|$))[{_CLOSERS}]*|[^{_END}]+$",
    re.S,
)
_OPEN = "「『“‘（(【《〈"
_CLOSE = "」』”’）)】》〉"


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` in order, stripped, none empty.

    An end mark inside an open quote or bracket does not end the sentence, so a quoted
    exclamation stays with the sentence that carries it.
    """
    pieces = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]
    sentences: list[str] = []
    buffer = ""
    for piece in pieces:
        buffer += piece
        if _depth(buffer) <= 0:
            if buffer.strip():
                sentences.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        sentences.append(buffer.strip())
    return sentences


def _depth(text: str) -> int:
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth > 0:
            depth -= 1
    return depth
