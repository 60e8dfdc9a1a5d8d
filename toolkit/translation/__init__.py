"""Offline Chinese→English translation with an installed Argos Translate package.

The model only ever sees Simplified sentences whose figures, codes and glossary terms are
replaced by placeholders; the English renderings found by ``toolkit.facts`` go back in
afterwards, so the model can never change a figure. Whole pages go through in one batched
call, finished sentences are cached, and every output is checked for the ways neural
translation fails (loops, empty output, Chinese left over, lost placeholders, invented
numbers) and repaired, not passed on.

    from toolkit.translation import translate
    translate("港股昨日反覆回升")                   # needs an installed zh→en model
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, overload, runtime_checkable

from toolkit.config import BriefOptions
from toolkit.errors import INSTALL_MODEL_HINT, ModelNotInstalled
from toolkit.translation import guards
from toolkit.translation.protect import (
    Protected,
    join_pieces,
    placeholder,
    protect,
    restore,
    spans_from_facts,
    strip_placeholders,
    tidy_spacing,
)

if TYPE_CHECKING:
    from toolkit.document import Brief, Fact

__all__ = [
    "ModelNotInstalled",
    "Translator",
    "TranslationReport",
    "load_translator",
    "no_model_notice",
    "translate",
    "translate_brief",
    "translate_texts",
]

SIMPLIFYING_CONFIGS = ("hk2s", "t2s", "tw2s", "tw2sp")


@runtime_checkable
class Translator(Protocol):
    """What brief needs from a translation model: raw sentence translation, in a batch."""

    name: str

    def translate_sentences(self, sentences: list[str]) -> list[str]: ...


def no_model_notice() -> str:
    return (
        "no Chinese→English model is installed: headlines and summaries stay in Chinese "
        f"(figures and stock names are in English by rule); {INSTALL_MODEL_HINT}"
    )


def load_translator(options: BriefOptions, *, required: bool = False) -> Translator | None:
    """The translator of the installed zh→en package (in ``options.models_dir`` or argostranslate's folder).

    ``None`` when none is installed, or ``ModelNotInstalled`` when ``required``.
    """
    from toolkit.translation.backends import open_installed

    return open_installed(options, required=required)


@dataclass(slots=True)
class TranslationReport:
    """What happened to the sentences of one ``translate_texts`` call."""

    sentences: int = 0
    cached: int = 0
    translated: int = 0
    retried: int = 0
    pieced: int = 0
    repaired: list[str] = field(default_factory=list)
    # byom: per-text confidence (lowest of its sentences), until the protect pipeline fills it.
    confidence: list[float | None] = field(default_factory=list)
    sentence_confidence: dict[str, float | None] = field(default_factory=dict)


@dataclass(slots=True)
class _Job:
    source: str
    protected: Protected
    english: str | None = None
    issues: list[str] = field(default_factory=list)


def _glossary(options: BriefOptions) -> tuple[Any, str]:
    try:
        from toolkit.glossary import load_glossary
    except ImportError:
        return None, "none"
    glossary = load_glossary(options.glossary_path)
    return glossary, str(getattr(glossary, "version", "?"))


def _find_facts(sentence: str, glossary: Any) -> list[Fact]:
    try:
        from toolkit.facts import find_facts
    except ImportError:
        return []
    try:
        return list(find_facts(sentence, glossary=glossary))
    except TypeError:  # a find_facts without the glossary argument
        return list(find_facts(sentence))


def _simplify(texts: list[str], options: BriefOptions) -> list[str]:
    from toolkit.conversion import convert_many

    config = options.opencc_config if options.opencc_config in SIMPLIFYING_CONFIGS else "hk2s"
    return convert_many(texts, config)


def translate_texts(
    texts: list[str],
    translator: Translator,
    options: BriefOptions,
    *,
    report: TranslationReport | None = None,
    find_facts: Callable[[str], list[Fact]] | None = None,
) -> list[str]:
    """Translate texts (Traditional or Simplified) to English, every figure kept exact.

    The full path: hk2s conversion, sentence splitting, protection of facts and glossary
    terms, the cache, one length-sorted batch through the model, guards and recovery.
    ``find_facts`` replaces ``toolkit.facts.find_facts`` (tests use hand-made facts).
    """
    from toolkit.sentences import split_sentences

    report = report if report is not None else TranslationReport()
    simplified = _simplify(texts, options)
    per_text = [split_sentences(t) for t in simplified]
    unique = list(dict.fromkeys(s for sentences in per_text for s in sentences))
    report.sentences = len(unique)
    if find_facts is None:
        glossary, glossary_version = _glossary(options)

        def find(sentence: str) -> list[Fact]:
            return _find_facts(sentence, glossary)

        find_facts = find
    else:
        glossary_version = "custom"
    done = _translate_unique(unique, translator, options, glossary_version, find_facts, report)
    report.confidence = [_lowest([report.sentence_confidence.get(s) for s in sentences]) for sentences in per_text]  # byom
    return [" ".join(done[s] for s in sentences) for sentences in per_text]


def _decode(translator: Translator, texts: list[str]) -> tuple[list[str], list[float | None]]:  # byom
    """The model's English for ``texts`` and its confidence in each (``None`` when it gives none)."""
    decode = getattr(translator, "decode", None)
    if decode is None:
        return translator.translate_sentences(texts), [None] * len(texts)
    from toolkit.translation.backend import DecodeSettings

    decoded = decode(texts, DecodeSettings(beam_size=int(getattr(translator, "beam_size", 2))))
    return [d.text for d in decoded], [d.confidence for d in decoded]


def _lowest(values: list[float | None]) -> float | None:  # byom
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _translate_unique(
    sentences: list[str],
    translator: Translator,
    options: BriefOptions,
    glossary_version: str,
    find_facts: Callable[[str], list[Fact]],
    report: TranslationReport,
) -> dict[str, str]:
    from toolkit.translation.cache import cache_key, open_cache

    model_id = str(getattr(translator, "model_id", translator.name))
    beam = int(getattr(translator, "beam_size", options.beam_size))
    keys = {s: cache_key(model_id, s, glossary_version, beam) for s in sentences}
    cache = open_cache(options.cache_path) if options.use_cache and sentences else None
    done: dict[str, str] = {}
    try:
        if cache is not None:
            hits = cache.get_many([*keys.values(), *(k + ":confidence" for k in keys.values())])
            done = {s: hits[k] for s, k in keys.items() if k in hits}
            report.sentence_confidence.update({s: float(hits[k + ":confidence"]) for s, k in keys.items() if k + ":confidence" in hits})  # byom
            report.cached = len(done)
        todo = [s for s in sentences if s not in done]
        if todo:
            fresh = _translate_fresh(todo, translator, find_facts, report)
            done.update(fresh)
            if cache is not None:
                try:
                    confident = {s: c for s, c in report.sentence_confidence.items() if s in fresh and c is not None}  # byom
                    cache.put_many({**{keys[s]: e for s, e in fresh.items()},
                                    **{keys[s] + ":confidence": f"{c:.6f}" for s, c in confident.items()}})
                except Exception:  # a busy or read-only cache must not lose the translations
                    pass
    finally:
        if cache is not None:
            cache.close()
    # Judged on the final text, so a sentence repaired earlier and served from the cache counts too.
    report.repaired = [s for s in sentences if guards.is_marked(done[s])]
    return done


def _retry(translator: Translator, texts: list[str]) -> list[str] | None:
    """Translate again with a wider beam and repetition penalties, when the backend allows it."""
    translate_with = getattr(translator, "translate_with", None)
    if translate_with is None:
        return None
    from toolkit.translation.backend import DecodeSettings

    beam = max(4, int(getattr(translator, "beam_size", 2)) * 2)
    return list(translate_with(texts, DecodeSettings(beam_size=beam, repetition_penalty=1.3, no_repeat_ngram_size=3)))


def _check(job: _Job, raw: str) -> None:
    restored = restore(raw, job.protected)
    job.english = restored
    if restored is None:
        job.issues = ["placeholders"]
        return
    job.issues = guards.problems(restored, job.source)
    invented = guards.invented_numbers(restored, job.source, job.protected.renderings)
    if invented:
        job.issues.append("numbers")


def _translate_fresh(
    sentences: list[str],
    translator: Translator,
    find_facts: Callable[[str], list[Fact]],
    report: TranslationReport,
) -> dict[str, str]:
    keeps_whole = getattr(translator, "keeps_whole", None)
    placeholders_ok = keeps_whole is None or bool(keeps_whole(placeholder(1)))
    jobs = [_Job(s, protect(s, spans_from_facts(find_facts(s)))) for s in sentences]
    direct = [j for j in jobs if placeholders_ok or j.protected.count == 0]
    report.translated = len(jobs)
    raws, confidences = _decode(translator, [j.protected.text for j in direct])  # byom
    report.sentence_confidence.update({j.source: c for j, c in zip(direct, confidences, strict=True)})
    for job, raw in zip(direct, raws, strict=True):
        _check(job, raw)
    failing = [j for j in direct if j.issues]
    if failing:
        retried = _retry(translator, [j.protected.text for j in failing])
        if retried is not None:
            report.retried += len(failing)
            for job, raw in zip(failing, retried, strict=True):
                before = job.english, job.issues
                _check(job, raw)
                # Keep the first attempt when the retry is no better.
                if len(job.issues) > len(before[1]) and before[0] is not None:
                    job.english, job.issues = before
    # Sentences whose placeholders the model cannot keep: translate the pieces between them.
    pieced = [j for j in jobs if j.protected.count and (j.english is None or not placeholders_ok)]
    if pieced:
        report.pieced += len(pieced)
        texts = [p for j in pieced for p in j.protected.pieces if guards.worth_translating(p)]
        english_pieces, piece_confidences = _decode(translator, texts) if texts else ([], [])  # byom
        translated = dict(zip(texts, english_pieces, strict=True))
        confidence = dict(zip(texts, piece_confidences, strict=True))
        for job in pieced:
            report.sentence_confidence[job.source] = _lowest([confidence.get(p) for p in job.protected.pieces])  # byom
            parts = [_clean_piece(translated[p], p) if guards.worth_translating(p) else "" for p in job.protected.pieces]
            job.english = join_pieces(parts, job.protected)
            job.issues = []
    result: dict[str, str] = {}
    for job in jobs:
        english = job.english if job.english is not None else ""
        if job.issues:
            english = _repair(english, job.source, job.protected.renderings)
        result[job.source] = english
    return result


def _clean_piece(english: str, source: str) -> str:
    """A piece translated alone: repaired like a sentence, but an empty piece stays empty."""
    english = _repair(english, source, [])
    return "" if english.startswith("[not translated") else english


def _repair(english: str, source: str, renderings: list[str]) -> str:
    """Last resort for an output still wrong after a retry: trim loops, mark what is doubtful."""
    english = guards.trim_repetition(strip_placeholders(english))
    english = guards.mark_invented_numbers(english, source, renderings)
    english = guards.mark_chinese(english)
    if guards.is_empty(english) and not guards.is_empty(source):
        english = f"[not translated: {source}]"
    return tidy_spacing(english)


@overload
def translate(text: str, *, options: BriefOptions | None = None, translator: Translator | None = None) -> str: ...


@overload
def translate(
    text: list[str], *, options: BriefOptions | None = None, translator: Translator | None = None
) -> list[str]: ...


def translate(
    text: str | list[str], *, options: BriefOptions | None = None, translator: Translator | None = None
) -> str | list[str]:
    """Translate Chinese text (Traditional or Simplified) to English with the installed model.

    Raises ``ModelNotInstalled`` (naming the install command) when there is no model.
    """
    options = options or BriefOptions()
    translator = translator or load_translator(options, required=True)
    assert translator is not None
    if isinstance(text, str):
        return translate_texts([text], translator, options)[0]
    return translate_texts(list(text), translator, options)


def translate_brief(
    brief: Brief,
    options: BriefOptions,
    translator: Translator | None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Fill the English of every title and summary (and with ``options.full`` every paragraph).

    Everything goes through one batched call. Without an installed model the English stays
    ``None`` and ``brief.notices`` says, once, how to install one.
    """
    say = progress or (lambda _message: None)
    if translator is None:
        translator = load_translator(options)
    if translator is None:
        notice = no_model_notice()
        if notice not in brief.notices:
            brief.notices.append(notice)
        return
    targets: list[tuple[Any, str]] = []
    texts: list[str] = []
    for article in brief.articles:
        texts.append(article.title.simplified or article.title.original)
        targets.append((article.title, "title"))
        for sentence in article.summary.simplified:
            texts.append(sentence)
            targets.append((article.summary, "summary"))
        if options.full:
            for paragraph in article.paragraphs:
                texts.append(paragraph.simplified or paragraph.original)
                targets.append((paragraph, "paragraph"))
    say(f"translating {len(texts)} texts")
    report = TranslationReport()
    english = translate_texts(texts, translator, options, report=report)
    for article in brief.articles:
        article.summary.english = []
    for article in brief.articles:  # byom
        article.summary.confidence = []
    for (target, kind), text, confidence in zip(targets, english, report.confidence, strict=True):
        if kind == "summary":
            target.english.append(text)
            target.confidence.append(confidence)
        else:
            target.english = text
            target.confidence = confidence
    brief.translator = translator.name
    if report.repaired:
        brief.notices.append(
            f"{len(report.repaired)} sentence(s) could not be translated cleanly; doubtful parts are marked [zh: …] or [?]"
        )

