"""brief: offline English briefs of Chinese financial pages.

The public calls are plain functions over the dataclasses of ``toolkit.document``::

    from toolkit import make_brief, render_markdown
    brief = make_brief(open("examples/page.txt", "rb").read(), source="page.txt")
    print(render_markdown(brief))

Heavy dependencies (OpenCC, jieba, sumy, argostranslate) load on first use, so
``import toolkit`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.config import BriefOptions
from toolkit.document import Article, Box, Brief, Fact, Page, Paragraph, Summary
from toolkit.errors import (
    BriefError,
    InputError,
    LimitExceeded,
    ModelError,
    ModelNotInstalled,
    NetworkError,
    OutputError,
    SegmentationError,
    UsageError,
)

__all__ = [
    "Article",
    "Box",
    "Brief",
    "BriefError",
    "BriefOptions",
    "Fact",
    "InputError",
    "LimitExceeded",
    "ModelError",
    "ModelNotInstalled",
    "NetworkError",
    "OutputError",
    "Page",
    "Paragraph",
    "SegmentationError",
    "Summary",
    "UsageError",
    "brief_to_dict",
    "convert",
    "find_facts",
    "make_brief",
    "read_page",
    "render_html",
    "render_markdown",
    "segment_page",
    "summarize",
    "translate",
]

_LAZY = {
    "make_brief": "toolkit.pipeline",
    "convert": "toolkit.conversion",
    "read_page": "toolkit.reading",
    "segment_page": "toolkit.segment",
    "find_facts": "toolkit.facts",
    "summarize": "toolkit.summary",
    "translate": "toolkit.translation",
    "render_markdown": "toolkit.render",
    "render_html": "toolkit.render",
    "brief_to_dict": "toolkit.render",
}

if TYPE_CHECKING:
    from toolkit.conversion import convert
    from toolkit.facts import find_facts
    from toolkit.pipeline import make_brief
    from toolkit.reading import read_page
    from toolkit.render import brief_to_dict, render_html, render_markdown
    from toolkit.segment import segment_page
    from toolkit.summary import summarize
    from toolkit.translation import translate


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
