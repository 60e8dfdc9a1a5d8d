"""Traditional ↔ Simplified Chinese with OpenCC.

``hk2s`` (Hong Kong Traditional → Simplified) is the default because brief's pages come
from the Hong Kong press; ``t2s`` and ``tw2s`` serve other sources, and the ``s2*``
configurations go the other way (used to show Chinese in Traditional script).

``hk2s-mainland`` is brief's own OpenCC configuration (``data/opencc/hk2s_mainland.json``):
hk2s with a dictionary of Hong Kong market words in their mainland form chained in front
(認沽證 → 认沽权证, 炒燶 → 炒亏), for mainland readers. It is OpenCC doing the work, through
its text-dictionary mechanism, not string replacement here; ``terms="mainland"`` selects it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from toolkit.errors import InputError, UsageError

if TYPE_CHECKING:
    from opencc import OpenCC

MAINLAND_CONFIG = "hk2s-mainland"
CONFIGS = ("hk2s", "t2s", "tw2s", "tw2sp", "s2t", "s2hk", "s2tw", "s2twp", "t2hk", "t2tw", "hk2t", MAINLAND_CONFIG)
SIMPLIFYING = ("hk2s", "t2s", "tw2s", "tw2sp", MAINLAND_CONFIG)
DEFAULT_CONFIG = "hk2s"
TERMS = ("hk", "mainland")


def config_for_terms(config: str, terms: str) -> str:
    """The OpenCC configuration that gives ``config``'s script with ``terms`` vocabulary.

    ``terms="hk"`` keeps the words as printed; ``"mainland"`` maps Hong Kong market words to
    mainland usage, which only makes sense for Simplified output.
    """
    if terms not in TERMS:
        raise UsageError(f"unknown terms {terms!r}; choose one of {', '.join(TERMS)}")
    if terms == "hk" or config == MAINLAND_CONFIG:
        return config
    if config not in SIMPLIFYING:
        raise UsageError(f"terms 'mainland' give Simplified text; use it with {', '.join(SIMPLIFYING[:4])}, not {config}")
    return MAINLAND_CONFIG


def _own_config(name: str) -> OpenCC:
    """Load one of brief's OpenCC configurations from ``data/opencc``.

    OpenCC looks up dictionary files next to the configuration or in its own data folder as
    built, not where the wheel installed it; so the file names are made absolute (OpenCC's
    dictionaries from its package, ours from ``data/opencc``) in a temporary copy of the JSON.
    """
    import os
    import tempfile
    from importlib import resources

    import opencc

    folder = resources.files("toolkit").joinpath("data/opencc")
    config = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
    share = getattr(opencc, "_opencc_share_dir", "")

    def locate(node: dict[str, Any]) -> None:
        if node.get("type") == "group":
            for child in node["dicts"]:
                locate(child)
        elif node.get("type") == "text":
            node["file"] = str(folder.joinpath(node["file"]))
        elif share:
            node["file"] = os.path.join(share, node["file"])

    for step in [*config.get("normalization", []), *config["conversion_chain"], config["segmentation"]]:
        locate(step["dict"])
    handle, path = tempfile.mkstemp(prefix="brief-opencc-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(config, out, ensure_ascii=False)
        return opencc.OpenCC(path)
    finally:
        os.unlink(path)


@cache
def _converter(config: str) -> OpenCC:
    if config not in CONFIGS:
        raise UsageError(f"unknown OpenCC configuration {config!r}; choose one of {', '.join(CONFIGS)}")
    if config == MAINLAND_CONFIG:
        return _own_config("hk2s_mainland")
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str = DEFAULT_CONFIG, terms: str = "hk") -> str:
    """Convert ``text`` between Chinese scripts with the named OpenCC configuration.

    ``terms="mainland"`` also puts Hong Kong market words in their mainland form (see module doc).
    """
    return convert_many([text], config, terms)[0]


def convert_many(texts: list[str], config: str = DEFAULT_CONFIG, terms: str = "hk") -> list[str]:
    """Convert several texts with one converter; ``InputError`` for text that is not valid Unicode."""
    converter = _converter(config_for_terms(config, terms))
    try:
        return [converter.convert(t) if t else t for t in texts]
    except (UnicodeEncodeError, TypeError):
        from toolkit.reading import check_text

        for text in texts:
            if not isinstance(text, str):
                raise InputError(f"expected text, got {type(text).__name__}") from None
            check_text(text, "text")
        raise
