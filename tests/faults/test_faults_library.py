"""Fault suite: hostile input through make_brief and each stage; every failure must be a BriefError.

Bounded and deterministic (``derandomize``), so it runs in CI in seconds and a failure repeats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import hostile_text, page_bytes, page_text

from toolkit.config import BriefOptions
from toolkit.errors import BriefError

FUZZ = settings(max_examples=200, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OFFLINE = BriefOptions(translate=False)


class Echo:
    name = "echo"

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        return [f"EN<{s}>" for s in sentences]


def only_brief_errors(call: Callable[[], Any]) -> Any:
    """Run ``call``; a BriefError is an answer, any other exception fails the property."""
    try:
        return call()
    except BriefError as exc:
        assert str(exc).strip(), "a BriefError must say what went wrong"
        return None


@FUZZ
@given(data=page_bytes())
def test_make_brief_from_bytes(data: bytes) -> None:
    from toolkit.pipeline import make_brief
    from toolkit.render import brief_to_dict, render_html, render_markdown

    brief = only_brief_errors(lambda: make_brief(data, source="fuzz.txt", options=OFFLINE))
    if brief is not None:
        render_markdown(brief, OFFLINE).encode("utf-8")
        render_html(brief, OFFLINE).encode("utf-8")
        brief_to_dict(brief)


@FUZZ
@given(text=page_text)
def test_make_brief_from_text_with_a_translator(text: str) -> None:
    import json

    from toolkit.pipeline import make_brief
    from toolkit.render import brief_to_dict, render_markdown

    options = BriefOptions(full=True, bilingual=True)
    brief = only_brief_errors(lambda: make_brief(text, source="<fuzz>", options=options,
                                                 translator=Echo()))  # type: ignore[arg-type]
    if brief is not None:
        render_markdown(brief, options).encode("utf-8")
        json.dumps(brief_to_dict(brief), ensure_ascii=False).encode("utf-8")


@FUZZ
@given(data=page_bytes())
def test_read_page(data: bytes) -> None:
    from toolkit.reading import read_page

    page = only_brief_errors(lambda: read_page(data, "fuzz"))
    if page is not None:
        page.text.encode("utf-8")


@FUZZ
@given(text=page_text)
def test_segment(text: str) -> None:
    from toolkit.reading import read_page
    from toolkit.segment import segment_page

    only_brief_errors(lambda: segment_page(read_page(text, "fuzz")))


@FUZZ
@given(text=hostile_text, config=st.sampled_from(["hk2s", "t2s", "s2hk", "nonsense"]))
def test_convert(text: str, config: str) -> None:
    from toolkit.conversion import convert

    only_brief_errors(lambda: convert(text, config))


@FUZZ
@given(text=hostile_text)
def test_facts_sentences_detection(text: str) -> None:
    from toolkit.detect import detect_language
    from toolkit.facts import find_facts
    from toolkit.sentences import split_sentences

    only_brief_errors(lambda: find_facts(text))
    only_brief_errors(lambda: split_sentences(text))
    only_brief_errors(lambda: detect_language(text))


@FUZZ
@given(text=page_text, sentences=st.integers(-1, 5))
def test_summarize(text: str, sentences: int) -> None:
    from toolkit.summary import summarize

    only_brief_errors(lambda: summarize(text, sentences=sentences))


@settings(FUZZ, max_examples=100)
@given(texts=st.lists(hostile_text, max_size=5))
def test_translate_texts(texts: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    from toolkit.translation import translate_texts

    options = BriefOptions(use_cache=True, cache_path=tmp_path_factory.mktemp("c") / "t.sqlite3")
    english = only_brief_errors(lambda: translate_texts(texts, Echo(), options))  # type: ignore[arg-type]
    if english is not None:
        assert len(english) == len(texts)
