"""Bytes → text: decode a page with one clear rule and normalise its whitespace.

The rule: a byte-order mark decides (UTF-8, UTF-16); else strict UTF-8; else the better of
Big5-HKSCS and GB18030 as judged by charset-normalizer (both decode many of the same byte
strings, so strict decoding alone cannot tell them apart); else a clear error.
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from toolkit.document import Page
from toolkit.errors import InputError, LimitExceeded

# A page is tens of kilobytes; past this, `brief /dev/zero` would eat the memory (BRIEF_MAX_INPUT_BYTES).
DEFAULT_MAX_INPUT_BYTES = 8 * 1024 * 1024
_SURROGATE = re.compile(r"[\ud800-\udfff]")

MAX_CONTROL_RATIO = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Spaces that layout tools leave: no-break, narrow no-break, figure, thin and similar.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")


def decode_bytes(data: bytes, source: str = "<input>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise ``InputError`` when it can't be."""
    if not data.strip():
        raise InputError(f"{source}: the input is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{source}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start})"
                ) from None
    if b"\x00" in data:
        raise InputError(f"{source}: looks like a binary file, not text (it holds NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = _guess_chinese_legacy_encoding(data)
    if legacy is None:
        raise InputError(
            f"{source}: not valid UTF-8, Big5-HKSCS or GB18030 text; "
            "save it as UTF-8 and try again"
        )
    return data.decode(legacy), legacy


def _guess_chinese_legacy_encoding(data: bytes) -> str | None:
    candidates = []
    for encoding in ("big5hkscs", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append(encoding)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=candidates).best()
    return best.encoding if best is not None and best.encoding in candidates else candidates[-1]


def normalise_text(text: str) -> str:
    """Unify line endings and odd spaces, drop invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return text


def check_text(text: str, source: str = "<input>") -> str:
    """``text`` itself, or ``InputError`` when it holds a lone surrogate (not valid Unicode).

    Python strings can carry them (JSON ``"\\ud800"``, ``surrogateescape``); OpenCC, SQLite and
    UTF-8 output cannot, so they are refused at the door instead of failing deep inside a stage.
    """
    found = _SURROGATE.search(text)
    if found is not None:
        raise InputError(
            f"{source}: holds a lone surrogate (U+{ord(found.group()):04X}) at character {found.start()}, "
            "which is not valid Unicode text"
        )
    return text


def read_page(data: bytes | str, source: str = "<input>") -> Page:
    """Turn raw input (bytes from a file or a request, or an already decoded string) into a Page."""
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data, source)
    elif isinstance(data, str):
        text, encoding = check_text(data, source), "unicode"
    else:
        raise InputError(f"{source}: expected bytes or text, got {type(data).__name__}")
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{source}: the input is empty")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, MAX_CONTROL_RATIO * len(text)):
        raise InputError(f"{source}: looks like a binary file, not text ({controls} control characters)")
    text = _CONTROL.sub("", text)
    return Page(source=source, text=text, encoding=encoding)


def read_limited(stream: BinaryIO, source: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """Read ``stream`` to its end, or ``LimitExceeded`` as soon as it passes ``max_bytes``.

    Reads in chunks, so an endless stream (``/dev/zero``, a runaway pipe) costs at most the limit.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(1 << 20, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise LimitExceeded(
                f"{source}: larger than the input limit of {max_bytes:,} bytes "
                "(a page is far smaller; raise BRIEF_MAX_INPUT_BYTES if this one is real)"
            )


def read_file(path: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> Page:
    """Read a page from a file path, or from stdin when ``path`` is ``-``, up to ``max_bytes``."""
    import sys

    if path == "-":
        return read_page(read_limited(sys.stdin.buffer, "<stdin>", max_bytes), "<stdin>")
    try:
        with open(path, "rb") as handle:
            data = read_limited(handle, path, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return read_page(data, path)
