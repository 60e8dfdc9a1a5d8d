"""Bytes → text: decode a page with one clear rule and normalise its whitespace.

The rule: a byte-order mark decides (UTF-8, UTF-16); else strict UTF-8; else the better of
Big5-HKSCS and GB18030 as judged by charset-normalizer (both decode many of the same byte
strings, so strict decoding alone cannot tell them apart); else a clear error.
"""

from __future__ import annotations

import codecs
import re

from toolkit.document import Page
from toolkit.errors import InputError

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


def read_page(data: bytes | str, source: str = "<input>") -> Page:
    """Turn raw input (bytes from a file or a request, or an already decoded string) into a Page."""
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data, source)
    else:
        text, encoding = data, "unicode"
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{source}: the input is empty")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, MAX_CONTROL_RATIO * len(text)):
        raise InputError(f"{source}: looks like a binary file, not text ({controls} control characters)")
    text = _CONTROL.sub("", text)
    return Page(source=source, text=text, encoding=encoding)


def read_file(path: str) -> Page:
    """Read a page from a file path, or from stdin when ``path`` is ``-``."""
    import sys

    if path == "-":
        return read_page(sys.stdin.buffer.read(), "<stdin>")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    return read_page(data, path)
