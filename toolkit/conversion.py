"""Traditional ↔ Simplified Chinese with OpenCC.

``hk2s`` (Hong Kong Traditional → Simplified) is the default because brief's pages come
from the Hong Kong press; ``t2s`` and ``tw2s`` serve other sources, and the ``s2*``
configurations go the other way (used to show Chinese in Traditional script).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from toolkit.errors import InputError, UsageError

if TYPE_CHECKING:
    from opencc import OpenCC

CONFIGS = ("hk2s", "t2s", "tw2s", "tw2sp", "s2t", "s2hk", "s2tw", "s2twp", "t2hk", "t2tw", "hk2t")
DEFAULT_CONFIG = "hk2s"


@cache
def _converter(config: str) -> OpenCC:
    if config not in CONFIGS:
        raise UsageError(f"unknown OpenCC configuration {config!r}; choose one of {', '.join(CONFIGS)}")
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str = DEFAULT_CONFIG) -> str:
    """Convert ``text`` between Chinese scripts with the named OpenCC configuration."""
    return convert_many([text], config)[0]


def convert_many(texts: list[str], config: str = DEFAULT_CONFIG) -> list[str]:
    """Convert several texts with one converter; ``InputError`` for text that is not valid Unicode."""
    converter = _converter(config)
    try:
        return [converter.convert(t) if t else t for t in texts]
    except (UnicodeEncodeError, TypeError):
        from toolkit.reading import check_text

        for text in texts:
            if not isinstance(text, str):
                raise InputError(f"expected text, got {type(text).__name__}") from None
            check_text(text, "text")
        raise
