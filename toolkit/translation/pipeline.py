"""The translation pipeline: Chinese texts in, English out, every figure exact.

Steps, for a batch of texts: hk2s conversion; sentence splitting; facts and glossary terms
found by ``toolkit.facts``; over-long sentences cut at clause boundaries (a model has a
position limit, and no sentence may fail a page); the cache; then one length-sorted batch
through the model.

How facts stay exact (``method="english"``, the default): each fact's rule-rendered English is
written into the Chinese source (``恒指收报24,951 points``), which any general model carries
through as it carries Latin text and digits. Every output is then checked fact by fact, by value,
and a figure the model reshaped (``24951 points``, ``HK$263 bn``) is put back
(``protect.verify_facts``); a fact still missing is put where the model's attention says it
translated that part of the source, or where the source order puts it (the decode asks the
backend for an ``Alignment``). Only a sentence the model cut short before a fact is translated,
as the last resort, in pieces between its facts. Outputs are also checked for loops, empty
output, Chinese left over and invented numbers: the first three are decoded again with a wider
beam (a few per call, see RETRY_SHARE), an invented number is marked ``[?]`` in place.

``method="figures"`` writes only figures and codes in English and leaves glossary terms in
Chinese for the model to word, checked and put back by attention like the rest: a measured
alternative (``benchmarks/bench_translate.py``) that leans on the model's attention more.
``method="placeholders"`` is the older way (``⟦n⟧`` symbols the model must copy); it only works
with a model trained for it and stays for comparison (``benchmarks/bench_translate.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload, runtime_checkable

from toolkit.config import BriefOptions
from toolkit.errors import INSTALL_MODEL_HINT
from toolkit.translation import guards
from toolkit.translation.protect import (
    Protected,
    Span,
    english_in_source,
    join_pieces,
    placeholder,
    protect,
    restore,
    spans_from_facts,
    strip_placeholders,
    tidy_spacing,
    verify_facts,
)

if TYPE_CHECKING:
    from toolkit.document import Article, Brief, Fact
    from toolkit.translation.backends.base import Alignment

SIMPLIFYING_CONFIGS = ("hk2s", "t2s", "tw2s", "tw2sp")
Method = Literal["english", "figures", "placeholders"]
# Longest sentence sent to the model as one, in characters. Well under the 256 positions of
# Argos models even when rare characters take several SentencePiece tokens each.
MAX_SENTENCE_CHARS = 100
# Decode a sentence whose fact did not come through again with a wider beam before cutting it
# into pieces (measured in benchmarks/bench_translate.py).
RETRY_MISSING_FACTS = False
_CLAUSE_ENDS = "，；、,;：:"
# An output with no text, Chinese left in it or a loop (the model stopped translating) is
# decoded again, with a wider beam and repetition penalties, for at most RETRY_SHARE of a
# call's sentences (the worst first; the rest are trimmed and marked in place). An invented
# number is marked [?] in place: a second decode rarely gave the right number, only none, and on
# a small model each extra call costs about a tenth of the page (benchmarks/bench_translate.py).
RETRY_FOR = frozenset({"empty", "chinese", "repetition"})
RETRY_SHARE = 0.03
RETRY_BEAM = 0  # 0: twice the model's beam, at least 4
_SEVERITY = {"empty": 0, "repetition": 0, "chinese": 1, "numbers": 2, "facts": 3}
# Cache entries made one way are not reused for the other.
_METHOD_VERSION = {"english": "eis2", "figures": "fis1", "placeholders": "ph1"}


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
    """What happened to the sentences of one ``translate_texts`` call (the JSON ``translation``).

    ``sentences`` counts distinct sentences after long ones were cut; ``whole`` those translated
    as one sentence (``whole + pieced + cached == sentences``); ``retried`` those decoded a
    second time; ``pieced`` those translated in pieces between their facts; ``repaired`` those
    whose English was mended after the model: a figure put back by value, or a doubtful part
    marked ``[?]`` / ``[zh: …]`` (those are also listed in ``doubtful``).
    """

    sentences: int = 0
    whole: int = 0
    retried: int = 0
    pieced: int = 0
    cached: int = 0
    repaired: int = 0
    doubtful: list[str] = field(default_factory=list)
    # Per text of the call: the model's confidence (the lowest of its sentences), None when unknown.
    confidence: list[float | None] = field(default_factory=list)

    def add(self, other: TranslationReport) -> None:
        """Fold the counts of another call into this one (a brief translated in parts)."""
        for name in ("sentences", "whole", "retried", "pieced", "cached", "repaired"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.doubtful.extend(other.doubtful)
        self.confidence.extend(other.confidence)

    def counts(self) -> dict[str, int]:
        return {
            "sentences": self.sentences,
            "whole": self.whole,
            "retried": self.retried,
            "pieced": self.pieced,
            "cached": self.cached,
            "repaired": self.repaired,
        }


@dataclass(slots=True, frozen=True)
class Translated:
    """One text's English and the model's confidence in it (the lowest of its sentences)."""

    text: str
    confidence: float | None = None


@dataclass(slots=True)
class _Job:
    source: str
    prepared: Protected
    english: str | None = None
    confidence: float | None = None
    issues: list[str] = field(default_factory=list)
    mended: bool = False


def _glossary(options: BriefOptions) -> tuple[Any, str]:
    try:
        from toolkit.glossary import load_glossary
    except ImportError:
        return None, "none"
    glossary = load_glossary(options.glossary_path)
    return glossary, str(getattr(glossary, "version", "?"))


def _find_facts(sentence: str, glossary: Any, bare_yuan: str = "HKD") -> list[Fact]:
    from toolkit.facts import find_facts

    return list(find_facts(sentence, glossary=glossary, bare_yuan=bare_yuan, subjects=False))


def _simplify(texts: list[str], options: BriefOptions) -> list[str]:
    from toolkit.conversion import convert_many

    config = options.opencc_config if options.opencc_config in SIMPLIFYING_CONFIGS else "hk2s"
    return convert_many(texts, config)


def split_long(sentence: str, spans: list[Span], limit: int = MAX_SENTENCE_CHARS) -> list[tuple[str, list[Span]]]:
    """Cut a sentence longer than ``limit`` into clauses of at most about ``limit`` tokens.

    Length is counted as the model will see it: a Chinese character about one token, a fact's
    English rendering a token per two letters (a Chinese vocabulary cuts English finely). Cuts go after clause punctuation (，；、) where
    possible, else at the limit; never inside a fact. Each clause comes with its facts' spans,
    re-based to the clause.
    """
    cost = [1.0] * len(sentence)
    inside = [False] * (len(sentence) + 1)
    for span in spans:
        for i in range(span.start, span.end):
            cost[i] = 0.0
            if i > span.start:
                inside[i] = True
        if span.start < len(sentence):
            cost[span.start] = len(span.english) / 2
    if sum(cost) <= limit:
        return [(sentence, spans)]
    cuts = [0]
    while sum(cost[cuts[-1] :]) > limit:
        start = cuts[-1]
        allowed: list[int] = []
        total = 0.0
        for i in range(start + 1, len(sentence)):
            total += cost[i - 1]
            if total > limit and allowed:
                break
            if not inside[i]:
                allowed.append(i)
        clause = [i for i in allowed if sentence[i - 1] in _CLAUSE_ENDS]
        # Prefer the last clause end past the first third of the window, so pieces stay long.
        good = [i for i in clause if sum(cost[start:i]) >= limit / 3]
        cut = (good or clause or allowed or [len(sentence)])[-1]
        cuts.append(cut)
        if cut >= len(sentence):
            break
    if cuts[-1] != len(sentence):
        cuts.append(len(sentence))
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        raw = sentence[a:b]
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip())
        local = [Span(s.start - a - lead, s.end - a - lead, s.english, s.term) for s in spans if a <= s.start and s.end <= b]
        out.append((raw.strip(), local))
    return out


# Most source tokens sent as one sentence: Argos models stop at 256 positions, and a clause of
# rare characters (one token per byte with byte fallback) can pass that in 100 characters.
MAX_SOURCE_TOKENS = 200


def _fit_model(clauses: list[tuple[str, list[Span]]], translator: Translator) -> list[tuple[str, list[Span]]]:
    """Cut clauses again, by the model's own token count, until each fits ``MAX_SOURCE_TOKENS``."""
    encode = getattr(translator, "encode", None)
    if encode is None:
        return clauses
    out: list[tuple[str, list[Span]]] = []
    todo = list(reversed(clauses))
    while todo:
        clause, spans = todo.pop()
        try:
            tokens = len(encode(english_in_source(clause, spans).text))
        except Exception:  # a tokenizer that fails here fails in the decode, with the model's own error
            tokens = 0
        if tokens <= MAX_SOURCE_TOKENS or len(clause) < 8:
            out.append((clause, spans))
            continue
        # Cut to the share of the clause that fits, at a clause end where split_long finds one.
        limit = max(4, int(len(clause) * MAX_SOURCE_TOKENS / tokens * 0.9))
        parts = split_long(clause, spans, limit=limit)
        if len(parts) == 1:
            out.append((clause, spans))
            continue
        todo.extend(reversed(parts))
    return out


def translate_texts(
    texts: list[str],
    translator: Translator,
    options: BriefOptions,
    *,
    report: TranslationReport | None = None,
    find_facts: Callable[[str], list[Fact]] | None = None,
    method: Method = "english",
    repair: bool = True,
) -> list[str]:
    """Translate texts (Traditional or Simplified) to English, every figure kept exact.

    ``find_facts`` replaces ``toolkit.facts.find_facts`` (tests use hand-made facts);
    ``method`` and ``repair`` are there to measure the alternatives.
    """
    done = translate_scored(texts, translator, options, report=report, find_facts=find_facts, method=method, repair=repair)
    return [t.text for t in done]


def translate_scored(
    texts: list[str],
    translator: Translator,
    options: BriefOptions,
    *,
    report: TranslationReport | None = None,
    find_facts: Callable[[str], list[Fact]] | None = None,
    method: Method = "english",
    repair: bool = True,
    bare_yuan: str = "HKD",
) -> list[Translated]:
    """``translate_texts`` with the model's confidence in each text (``None`` when the model gives none)."""
    from toolkit.sentences import split_sentences

    report = report if report is not None else TranslationReport()
    simplified = _simplify(texts, options)
    if find_facts is None:
        glossary, glossary_version = _glossary(options)

        def find(sentence: str) -> list[Fact]:
            return _find_facts(sentence, glossary, bare_yuan)

        find_facts = find
    else:
        glossary_version = "custom"
    spans_of: dict[str, list[Span]] = {}
    per_text: list[list[str]] = []
    for text in simplified:
        units: list[str] = []
        for sentence in split_sentences(text):
            spans = spans_from_facts(find_facts(sentence), sentence)
            for clause, local in _fit_model(split_long(sentence, spans), translator):
                spans_of.setdefault(clause, local)
                units.append(clause)
        per_text.append(units)
    unique = list(spans_of)
    report.sentences = len(unique)
    version = f"{glossary_version}/{_METHOD_VERSION[method]}{'' if repair else '-norepair'}"
    if bare_yuan != "HKD":  # the same words render another currency: another cache entry
        version += f"/{bare_yuan}"
    done = _translate_unique(unique, spans_of, translator, options, version, report, method, repair)
    out = []
    for units in per_text:
        scores = [score for u in units if (score := done[u][1]) is not None]
        out.append(Translated(" ".join(done[u][0] for u in units), min(scores) if scores else None))
    report.confidence = [t.confidence for t in out]
    return out


def _translate_unique(
    sentences: list[str],
    spans_of: dict[str, list[Span]],
    translator: Translator,
    options: BriefOptions,
    version: str,
    report: TranslationReport,
    method: Method,
    repair: bool,
) -> dict[str, tuple[str, float | None]]:
    from toolkit.translation.cache import cache_key, open_cache

    model_id = str(getattr(translator, "model_id", translator.name))
    beam = int(getattr(translator, "beam_size", options.beam_size))
    keys = {s: cache_key(model_id, s, version, beam) for s in sentences}
    cache = open_cache(options.cache_path) if options.use_cache and sentences else None
    done: dict[str, tuple[str, float | None]] = {}
    try:
        if cache is not None:
            hits = cache.get_many([*keys.values(), *(k + _CONFIDENCE for k in keys.values())])
            done = {s: (hits[k], _float_or_none(hits.get(k + _CONFIDENCE))) for s, k in keys.items() if k in hits}
            report.cached = len(done)
        todo = [s for s in sentences if s not in done]
        if todo:
            fresh = _translate_fresh(todo, spans_of, translator, report, method, repair)
            done.update(fresh)
            if cache is not None:
                try:
                    cache.put_many({**{keys[s]: e for s, (e, _) in fresh.items()},
                                    **{keys[s] + _CONFIDENCE: f"{c:.6f}" for s, (_, c) in fresh.items() if c is not None}})
                except Exception:  # a busy or read-only cache must not lose the translations
                    pass
    finally:
        if cache is not None:
            cache.close()
    # Judged on the final text, so a sentence marked earlier and served from the cache counts too.
    report.doubtful = [s for s in sentences if guards.is_marked(done[s][0])]
    return done


_CONFIDENCE = ":confidence"  # cache key suffix: a cached sentence keeps its confidence mark


def _float_or_none(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


Raw = tuple[str, "float | None", "Alignment | None"]


def _decode(translator: Translator, texts: list[str], beam: int | None = None, *, alignment: bool = False) -> list[Raw]:
    """Raw translations with confidence and, when asked and the backend can, the model's alignment
    (wider beam and repetition penalties for a retry)."""
    from toolkit.translation.backend import DecodeSettings

    decode = getattr(translator, "decode", None)
    translate_with = getattr(translator, "translate_with", None)
    if beam is None:
        if decode is not None:
            settings = DecodeSettings(beam_size=int(getattr(translator, "beam_size", 2)), alignment=alignment)
            return [(d.text, d.confidence, getattr(d, "alignment", None)) for d in decode(texts, settings)]
        return [(t, None, None) for t in translator.translate_sentences(texts)]
    settings = DecodeSettings(beam_size=beam, repetition_penalty=1.3, no_repeat_ngram_size=3, alignment=alignment)
    if decode is not None:
        return [(d.text, d.confidence, getattr(d, "alignment", None)) for d in decode(texts, settings)]
    if translate_with is not None:
        return [(t, None, None) for t in translate_with(texts, settings)]
    return []


def _check(job: _Job, raw: str, confidence: float | None, method: Method, repair: bool,
           alignment: Alignment | None = None) -> None:
    job.confidence = confidence
    job.mended = False
    if method == "placeholders":
        restored = restore(raw, job.prepared)
        job.english = restored
        if restored is None:
            job.issues = ["facts"]
            return
        english = restored
    else:
        if "⟦" in raw:
            raw, alignment = strip_placeholders(raw), None  # the word offsets no longer hold
        verified = verify_facts(raw, job.prepared.renderings, repair=repair, alignment=alignment,
                                sources=job.prepared.offsets)
        english = verified.english
        job.english = english
        job.mended = verified.repaired > 0
        if job.mended and _only_renderings(english, job.prepared.renderings):
            job.confidence = None  # every word the reader sees was put there by rule, not by the model
        if verified.missing:
            job.issues = ["facts"]
            return
    job.issues = guards.problems(english, job.source)
    if guards.invented_numbers(english, job.source, job.prepared.renderings):
        job.issues.append("numbers")


def _only_renderings(english: str, renderings: list[str]) -> bool:
    rest = english.lower()
    for rendering in sorted(renderings, key=len, reverse=True):
        rest = rest.replace(rendering.lower(), " ")
    return not re.search(r"[a-z]", rest)


def _translate_fresh(
    sentences: list[str],
    spans_of: dict[str, list[Span]],
    translator: Translator,
    report: TranslationReport,
    method: Method,
    repair: bool,
) -> dict[str, tuple[str, float | None]]:
    if method == "placeholders":
        keeps_whole = getattr(translator, "keeps_whole", None)
        model_ok = keeps_whole is None or bool(keeps_whole(placeholder(1)))
        jobs = [_Job(s, protect(s, spans_of[s])) for s in sentences]
    else:
        model_ok = True
        jobs = [_Job(s, english_in_source(s, spans_of[s], terms=method == "english")) for s in sentences]
    direct = [j for j in jobs if model_ok or j.prepared.count == 0]
    align = method != "placeholders" and repair
    decoded = _decode(translator, [j.prepared.text for j in direct], alignment=align)
    for job, (raw, confidence, alignment) in zip(direct, decoded, strict=True):
        _check(job, raw, confidence, method, repair, alignment)
    failing = [j for j in direct if RETRY_FOR.intersection(j.issues) or (RETRY_MISSING_FACTS and "facts" in j.issues)]
    # The worst first (a loop or empty output before Chinese left over, then the least
    # confident), and no more than a share of the call: a poor model must not double the time.
    failing.sort(key=lambda j: (_SEVERITY.get(min(j.issues, key=lambda i: _SEVERITY.get(i, 9)), 9),
                                j.confidence if j.confidence is not None else 0.0))
    failing = failing[: max(1, math.ceil(RETRY_SHARE * len(direct)))]

    def lost(job: _Job) -> bool:  # its facts did not come through: translated between them
        return bool(job.prepared.count) and (job.english is None or "facts" in job.issues or not model_ok)

    # The pieces of sentences already lost go in the same call as the retries: a small model's
    # call costs its decoding steps, however few its sentences.
    translated: dict[str, Raw] = {}
    if failing:
        early = _piece_texts([j for j in jobs if lost(j) and j not in failing])
        beam = RETRY_BEAM or max(4, int(getattr(translator, "beam_size", 2)) * 2)
        second = _decode(translator, [j.prepared.text for j in failing] + early, beam, alignment=align)
        if second:
            translated.update(zip(early, second[len(failing):], strict=True))
            report.retried += len(failing)
            for job, (raw, confidence, alignment) in zip(failing, second, strict=False):
                before = job.english, job.issues, job.confidence, job.mended
                _check(job, raw, confidence, method, repair, alignment)
                # Keep the first attempt when the retry is no better.
                if len(job.issues) > len(before[1]) or ("facts" in job.issues and "facts" not in before[1]):
                    job.english, job.issues, job.confidence, job.mended = before
    # Last resort: a sentence whose facts did not come through is translated between them.
    pieced = [j for j in jobs if lost(j)]
    if pieced:
        report.pieced += len(pieced)
        rest = [p for p in _piece_texts(pieced) if p not in translated]
        if rest:
            translated.update(zip(rest, _decode(translator, rest), strict=True))
        for job in pieced:
            parts, scores = [], []
            for piece in job.prepared.pieces:
                if guards.worth_translating(piece):
                    text, score, _ = translated[piece]
                    parts.append(_clean_piece(text, piece))
                    if score is not None:
                        scores.append(score)
                else:
                    parts.append("")
            job.english = join_pieces(parts, job.prepared)
            job.confidence = min(scores) if scores else None
            job.issues = []
            job.mended = False
    report.whole += len(jobs) - len(pieced)
    result: dict[str, tuple[str, float | None]] = {}
    for job in jobs:
        english = job.english if job.english is not None else ""
        if job.issues:
            english = _repair(english, job.source, job.prepared.renderings)
        if job.mended or job.issues:
            report.repaired += 1
        result[job.source] = (english, job.confidence)
    return result


def _piece_texts(jobs: list[_Job]) -> list[str]:
    return list(dict.fromkeys(p for j in jobs for p in j.prepared.pieces if guards.worth_translating(p)))


def _clean_piece(english: str, source: str) -> str:
    """A piece translated alone: repaired like a sentence, but an empty piece stays empty."""
    english = _repair(english, source, [])
    return "" if english.startswith("[not translated") else english


def _repair(english: str, source: str, renderings: list[str]) -> str:
    """Last resort for an output still wrong after a retry: trim loops, mark what is doubtful."""
    english = guards.trim_repetition(strip_placeholders(english), renderings)
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


def doubtful_notice(count: int) -> str:
    return f"{count} sentence(s) could not be translated cleanly; doubtful parts are marked [zh: …] or [?]"


def _count_texts(article: Article, options: BriefOptions) -> int:
    return 1 + len(article.summary.simplified) + (len(article.paragraphs) if options.full else 0)


def translate_brief(
    brief: Brief,
    options: BriefOptions,
    translator: Translator | None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Fill the English of every title and summary (and with ``options.full`` every paragraph).

    Everything goes through one batched call. Without an installed model the English stays
    ``None`` and ``brief.notices`` says, once, how to install one. ``brief.translation`` gets
    the counts of ``TranslationReport``; each text its confidence.
    """
    say = progress or (lambda _message: None)
    if translator is None:
        translator = load_translator(options)
    if translator is None:
        notice = no_model_notice()
        if notice not in brief.notices:
            brief.notices.append(notice)
        return
    from toolkit.facts import bare_yuan_currency

    # A bare 元 is HK$ or RMB by the article it stands in (as in its key figures), so the articles
    # go through in at most two batched calls, one per currency.
    groups: dict[str, list[Article]] = {}
    for article in brief.articles:
        printed = [article.title.original, *(p.original for p in article.paragraphs)]
        groups.setdefault(bare_yuan_currency(printed), []).append(article)
    report = TranslationReport()
    say(f"translating {sum(_count_texts(a, options) for a in brief.articles)} texts")
    for article in brief.articles:
        article.summary.english = []
        article.summary.confidence = []
    for currency, articles in groups.items():
        targets: list[tuple[Any, str]] = []
        texts: list[str] = []
        for article in articles:
            texts.append(article.title.simplified or article.title.original)
            targets.append((article.title, "title"))
            for sentence in article.summary.simplified:
                texts.append(sentence)
                targets.append((article.summary, "summary"))
            if options.full:
                for paragraph in article.paragraphs:
                    texts.append(paragraph.simplified or paragraph.original)
                    targets.append((paragraph, "paragraph"))
        part = TranslationReport()
        english = translate_scored(texts, translator, options, report=part, bare_yuan=currency)
        report.add(part)
        for (target, kind), done in zip(targets, english, strict=True):
            if kind == "summary":
                target.english.append(done.text)
                target.confidence.append(done.confidence)
            else:
                target.english = done.text
                target.confidence = done.confidence
    brief.translator = translator.name
    brief.translation = report.counts()
    if report.doubtful:
        brief.notices.append(doubtful_notice(len(report.doubtful)))

