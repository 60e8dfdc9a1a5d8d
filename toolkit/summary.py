"""Extractive summaries: which sentences of an article an analyst would read first.

brief's default method (``brief``) weighs the evidence an editor leaves on the page, the
headline, the subheads, the lead, the key figures, cue words for outlook and news, beside
sumy's TextRank centrality (``toolkit.evidence``; weights tuned leave one page out on 65
hand-picked articles, ``benchmarks/eval_summaries.py``). sumy's own methods (TextRank default
among them before, LexRank, LSA, Luhn, Edmundson) stay available by name, blended with the key
figures and the lead. Over Chinese sumy needs help: its Chinese rule drops text that lacks final
punctuation and its English tokenizer needs NLTK data we cannot download, so brief builds
sumy's document model itself from ``toolkit.sentences.split_sentences`` and jieba words.
Near-duplicate sentences are never picked twice, and the summary keeps page order.

Only ``article.paragraphs`` are candidates: captions, disclosures, subheads and boxes are
separate fields of ``Article`` and never picked. A plain text is sorted the same way first
(``read_article_text``): headline, subheads, paragraphs, and lines never picked.
"""

from __future__ import annotations

import logging
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from toolkit.config import SUMMARY_ALGORITHMS, BriefOptions
from toolkit.document import Article, Fact, Summary
from toolkit.errors import UsageError
from toolkit.evidence import DEFAULT_WEIGHTS, Weights, combine, sentence_features
from toolkit.sentences import split_sentences

# Chosen with benchmarks/eval_summaries.py on 65 hand-picked articles, leave one page out:
# the headline, the lead and the figures beat every sumy ranking on its own (table in the script).
DEFAULT_ALGORITHM = "brief"
DUPLICATE_JACCARD = 0.6

# How a sumy algorithm's score is made: the sumy rank (rescaled to 0..1), plus a bonus for key figures
# and stock codes, plus a bonus for the lead. Chosen with benchmarks/eval_summaries.py.
RANK_WEIGHT = 1.0
FIGURE_WEIGHT = 1.0
LEAD_WEIGHT = 0.3
# A sentence this short (in characters) is a fragment or a rhetorical line, rarely summary material.
SHORT_SENTENCE = 12
SHORT_PENALTY = 0.5

_KEY_FACT_KINDS = frozenset({"amount", "change", "percentage", "index_points"})
# The light figure signal for an article the facts stage has not seen: amounts, percentages,
# index points and stock codes as printed.
_FIGURE = re.compile(
    r"\d[\d,]*(?:\.\d+)?\s*(?:%|％|倍|点|點|[万萬亿億千百]*(?:美元|港元|人民币|人民幣|元|美金))"
)
_STOCK_CODE = re.compile(r"[(（]\s*[A-Z]?\d{4,6}(?:\.[A-Z]{2})?\s*[)）]")
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


class Summarizer(Protocol):
    """Rates the sentences of a document: higher is more central."""

    name: str

    def rate(self, paragraphs: Sequence[Sequence[str]], heading: str = "") -> list[float]:
        """One score per sentence, paragraphs flattened in order."""
        ...


# ---------------------------------------------------------------- tokenizer and sumy adapter


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The Chinese stop words of ``toolkit/data/stopwords_zh.txt`` (Simplified)."""
    text = resources.files("toolkit").joinpath("data/stopwords_zh.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """A jieba tokenizer over our word list, built in memory.

    jieba's own start-up loads 349,000 words (0.6 s) and writes a cache file to /tmp; the
    60,000 most frequent of them (``data/jieba_words_zh.txt``, from jieba 0.42's dict.txt, MIT)
    load in about 0.15 s, touch no disk and score the same on benchmarks/eval_summaries.py.
    jieba's import warning (pkg_resources) and its log lines are silenced: a stage never prints.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba

    jieba.setLogLevel(logging.WARNING)
    words = resources.files("toolkit").joinpath("data/jieba_words_zh.txt")
    if not words.is_file():
        jieba.initialize()
        return jieba.dt
    tokenizer = jieba.Tokenizer()
    with words.open("rb") as handle:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(handle)
    tokenizer.initialized = True
    return tokenizer


def word_segmenter(extra_words: Iterable[str]) -> Any:
    """A jieba tokenizer over the same word list with ``extra_words`` added (each at the
    frequency at which jieba would just keep it whole), separate from the summaries' own."""
    import jieba

    base = _jieba()
    segmenter = jieba.Tokenizer()
    segmenter.FREQ, segmenter.total, segmenter.initialized = dict(base.FREQ), base.total, True
    for word in extra_words:
        segmenter.add_word(word, freq=segmenter.suggest_freq(word, False))
    return segmenter


class ChineseTokenizer:
    """The duck-typed tokenizer sumy asks for: ``to_sentences`` and ``to_words``.

    Words are jieba's, without punctuation and stop words, Latin lower-cased.
    """

    def __init__(self, stop: frozenset[str] | None = None) -> None:
        self._stop = stop_words() if stop is None else stop

    def to_sentences(self, text: str) -> list[str]:
        return split_sentences(text)

    def to_words(self, text: str) -> list[str]:
        words = (w.strip().lower() for w in _jieba().lcut(text))
        return [w for w in words if w and _WORDLIKE.search(w) and w not in self._stop]


def _document(paragraphs: Sequence[Sequence[str]], heading: str, tokenizer: ChineseTokenizer) -> Any:
    from sumy.models.dom import ObjectDocumentModel
    from sumy.models.dom import Paragraph as SumyParagraph
    from sumy.models.dom import Sentence as SumySentence

    built = []
    for index, sentences in enumerate(paragraphs):
        items = [SumySentence(s, tokenizer) for s in sentences]
        if index == 0 and heading.strip():
            items.insert(0, SumySentence(heading, tokenizer, is_heading=True))
        built.append(SumyParagraph(items))
    return ObjectDocumentModel(built)


@dataclass
class SumySummarizer:
    """A sumy summarizer behind our ``Summarizer`` protocol.

    sumy returns only the chosen sentences; passing a callable as the count lets us read the
    rating sumy gave every sentence (by document order), which we then blend with our own signals.
    """

    name: str
    factory: Callable[[ChineseTokenizer, list[str]], Any]

    def rate(self, paragraphs: Sequence[Sequence[str]], heading: str = "") -> list[float]:
        tokenizer = ChineseTokenizer()
        document = _document(paragraphs, heading, tokenizer)
        total = len(document.sentences)
        if total == 0:
            return []
        scores = [0.0] * total
        if not document.words:
            return scores

        def capture(infos: Sequence[Any]) -> Sequence[Any]:
            for info in infos:
                rating = float(info.rating)
                scores[info.order] = rating if math.isfinite(rating) else 0.0
            return infos

        summarizer = self.factory(tokenizer, tokenizer.to_words(heading))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            summarizer(document, capture)
        return scores


def _lexrank(_tokenizer: ChineseTokenizer, _heading_words: list[str]) -> Any:
    from sumy.summarizers.lex_rank import LexRankSummarizer

    return LexRankSummarizer()


def _textrank(_tokenizer: ChineseTokenizer, _heading_words: list[str]) -> Any:
    from sumy.summarizers.text_rank import TextRankSummarizer

    return TextRankSummarizer()


def _lsa(_tokenizer: ChineseTokenizer, _heading_words: list[str]) -> Any:
    from sumy.summarizers.lsa import LsaSummarizer

    return LsaSummarizer()


def _luhn(_tokenizer: ChineseTokenizer, _heading_words: list[str]) -> Any:
    from sumy.summarizers.luhn import LuhnSummarizer

    return LuhnSummarizer()


def _edmundson(_tokenizer: ChineseTokenizer, heading_words: list[str]) -> Any:
    from sumy.summarizers.edmundson import EdmundsonSummarizer

    # No Chinese cue-word lists exist for Edmundson's cue method, so it is off; the headline's
    # words serve as bonus words (key method), stop words as null words (title, location).
    bonus = [w for w in heading_words if w]
    summarizer = EdmundsonSummarizer(cue_weight=0.0, key_weight=1.0 if bonus else 0.0)
    summarizer.null_words = sorted(stop_words())
    if bonus:
        summarizer.bonus_words = bonus
    return summarizer


@dataclass
class EvidenceSummarizer:
    """brief's own method: headline, subheads, lead, figures, cues and centrality, weighed."""

    name: str = "brief"
    weights: Weights = DEFAULT_WEIGHTS

    def rate(self, paragraphs: Sequence[Sequence[str]], heading: str = "", subheads: Sequence[str] = (),
             figures: Sequence[float] | None = None) -> list[float]:
        evidence = sentence_evidence(paragraphs, heading=heading, subheads=subheads, figures=figures)
        return combine(evidence, self.weights)


SUMMARIZERS: dict[str, Summarizer] = {
    "brief": EvidenceSummarizer(),
    "lexrank": SumySummarizer("lexrank", _lexrank),
    "textrank": SumySummarizer("textrank", _textrank),
    "lsa": SumySummarizer("lsa", _lsa),
    "luhn": SumySummarizer("luhn", _luhn),
    "edmundson": SumySummarizer("edmundson", _edmundson),
}
assert set(SUMMARIZERS) == set(SUMMARY_ALGORITHMS)


def get_summarizer(name: str) -> Summarizer:
    """The summarizer registered under ``name`` (see ``SUMMARIZERS``)."""
    try:
        return SUMMARIZERS[name]
    except KeyError:
        raise UsageError(
            f"unknown summary algorithm {name!r}; choose one of {', '.join(SUMMARIZERS)}"
        ) from None


# ---------------------------------------------------------------- choosing sentences


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if _WORDLIKE.match(c)]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def is_near_duplicate(a: str, b: str, threshold: float = DUPLICATE_JACCARD) -> bool:
    """True when the character-bigram Jaccard similarity of ``a`` and ``b`` exceeds ``threshold``."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return a.strip() == b.strip()
    return len(x & y) / len(x | y) > threshold


def _rescale(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    if high - low <= 1e-12:
        return [0.5] * len(values)
    return [(v - low) / (high - low) for v in values]


def figure_signal(sentence: str) -> float:
    """0..1: how much a sentence is about figures, read off the text (amounts, %, codes)."""
    figures = len(_FIGURE.findall(sentence))
    codes = len(_STOCK_CODE.findall(sentence))
    return min(1.0, 0.4 * figures + 0.4 * codes)


def _count(total: int, sentences: int, ratio: float | None) -> int:
    if total == 0:
        return 0
    wanted = max(1, round(total * ratio)) if ratio is not None else sentences
    return max(0, min(total, wanted))


def sentence_evidence(
    paragraphs: Sequence[Sequence[str]],
    *,
    heading: str = "",
    subheads: Sequence[str] = (),
    figures: Sequence[float] | None = None,
) -> list[dict[str, float]]:
    """The evidence of ``toolkit.evidence`` per sentence, with sumy's TextRank as centrality."""
    flat = [s for p in paragraphs for s in p]
    if not flat:
        return []
    centrality = _rescale(get_summarizer("textrank").rate(paragraphs, heading))
    signal = list(figures) if figures is not None else [figure_signal(s) for s in flat]
    return sentence_features(paragraphs, heading=heading, subheads=subheads,
                             centrality=centrality, figures=signal)


def pick(flat: Sequence[str], scores: Sequence[float], count: int) -> list[int]:
    """The ``count`` best-scoring sentences, no near-duplicate twice, in page order."""
    order = sorted(range(len(flat)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for index in order:
        if len(chosen) == count:
            break
        if any(is_near_duplicate(flat[index], flat[j]) for j in chosen):
            continue
        chosen.append(index)
    return sorted(chosen)


def choose_sentences(
    paragraphs: Sequence[Sequence[str]],
    *,
    count: int,
    algorithm: str = DEFAULT_ALGORITHM,
    heading: str = "",
    subheads: Sequence[str] = (),
    figures: Sequence[float] | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[int]:
    """Indices (flattened, in page order) of the sentences to keep.

    ``brief`` weighs the headline, subheads, lead, figures, cue words and TextRank
    centrality (``toolkit.evidence``); a sumy algorithm's name gives its rank blended with
    the key figures and the lead. ``figures`` gives each sentence's key-figure signal (0..1);
    without it, it is read off the text with ``figure_signal``.
    """
    flat = [s for p in paragraphs for s in p]
    if count <= 0 or not flat:
        return []
    if algorithm == "brief":
        rated = EvidenceSummarizer(weights=weights).rate(paragraphs, heading, subheads, figures)
        return pick(flat, rated, count)
    ranks = _rescale(get_summarizer(algorithm).rate(paragraphs, heading))
    signal = list(figures) if figures is not None else [figure_signal(s) for s in flat]
    scores = []
    for index, sentence in enumerate(flat):
        score = RANK_WEIGHT * ranks[index] + FIGURE_WEIGHT * signal[index]
        if index == 0:
            score += LEAD_WEIGHT
        if len(sentence) < SHORT_SENTENCE:
            score -= SHORT_PENALTY
        scores.append(score)
    return pick(flat, scores, count)


# ---------------------------------------------------------------- public calls


def _spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        if start < 0:
            start = cursor
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans


def _signals(texts: Sequence[str], sentences: Sequence[Sequence[str]], facts: Sequence[Fact]) -> list[float]:
    """Key-figure signal per sentence: facts whose offsets (into ``texts[fact.paragraph]``) fall in it."""
    signals: list[float] = []
    for index, (text, these) in enumerate(zip(texts, sentences, strict=True)):
        here = [f for f in facts if f.paragraph == index]
        for start, end in _spans(text, list(these)):
            inside = [f for f in here if f.start < end and f.end > start]
            figures = sum(1 for f in inside if f.kind in _KEY_FACT_KINDS)
            stocks = sum(1 for f in inside if f.kind == "stock")
            signals.append(min(1.0, 0.4 * figures + 0.4 * stocks))
    return signals


def _fact_signals(article: Article, paragraph_sentences: list[list[str]]) -> list[float] | None:
    """Key-figure signal per sentence from ``article.facts``; None when the article has no facts.

    Fact offsets are into ``paragraph.original``; OpenCC maps characters 1:1, so the printed
    sentences line up with the Simplified ones (else the Simplified text is used).
    """
    if not article.facts:
        return None
    facts = [f for f in article.facts if f.where == "paragraph" and f.paragraph is not None]
    texts, sentences = [], []
    for paragraph, simplified in zip(article.paragraphs, paragraph_sentences, strict=True):
        printed = split_sentences(paragraph.original)
        if len(printed) == len(simplified):
            texts.append(paragraph.original)
            sentences.append(printed)
        else:
            texts.append(paragraph.simplified)
            sentences.append(simplified)
    return _signals(texts, sentences, facts)


def _text_signals(blocks: list[str], printed: list[list[str]]) -> list[float] | None:
    """Key-figure signal for a plain text, from the facts stage when it is there."""
    try:
        from toolkit.facts import find_facts
    except ImportError:
        return None
    facts = []
    for index, block in enumerate(blocks):
        for fact in find_facts(block):
            fact.paragraph = index
            facts.append(fact)
    return _signals(blocks, printed, facts)


def _in_script(simplified: list[str], printed_text: str, back_config: str) -> list[str]:
    """The sentences of ``simplified`` as printed: split ``printed_text`` the same way, or convert back."""
    printed = split_sentences(printed_text)
    if len(printed) == len(simplified):
        return printed
    from toolkit.conversion import convert_many

    return convert_many(simplified, back_config)


_BACK = {"hk2s": "s2hk", "t2s": "s2t", "tw2s": "s2tw", "tw2sp": "s2twp"}


@dataclass
class Prepared:
    """One article ready for ranking: Simplified sentences per paragraph, as-printed ones, evidence."""

    paragraphs: list[list[str]]
    printed: list[str]
    heading: str = ""
    subheads: list[str] = field(default_factory=list)
    figures: list[float] | None = None

    def evidence(self) -> list[dict[str, float]]:
        """``toolkit.evidence`` features per sentence (for tuning and explaining)."""
        return sentence_evidence(self.paragraphs, heading=self.heading, subheads=self.subheads,
                                 figures=self.figures)

    def choose(self, count: int, algorithm: str = DEFAULT_ALGORITHM, weights: Weights = DEFAULT_WEIGHTS) -> list[int]:
        return choose_sentences(self.paragraphs, count=count, algorithm=algorithm, heading=self.heading,
                                subheads=self.subheads, figures=self.figures, weights=weights)


def prepare_article(article: Article, options: BriefOptions) -> Prepared:
    """An article of the pipeline (title, subheads, paragraphs, facts) ready for ranking."""
    from toolkit.conversion import convert_many

    simplified_texts = [p.simplified for p in article.paragraphs]
    if any(not t and p.original for t, p in zip(simplified_texts, article.paragraphs, strict=True)):
        simplified_texts = convert_many([p.original for p in article.paragraphs], options.opencc_config)
    paragraphs = [split_sentences(t) for t in simplified_texts]
    back = _BACK.get(options.opencc_config, "s2hk")
    printed = [s for p, these in zip(article.paragraphs, paragraphs, strict=True)
               for s in _in_script(these, p.original, back)]
    heading = article.title.simplified or (convert_many([article.title.original], options.opencc_config)[0]
                                           if article.title.original else "")
    subheads = convert_many(article.subheads, options.opencc_config) if article.subheads else []
    return Prepared(paragraphs, printed, heading, subheads, _fact_signals(article, paragraphs))


def summarize_article(article: Article, options: BriefOptions) -> Summary:
    """The extractive summary of one article (empty for box items and empty articles)."""
    algorithm = options.summary_algorithm
    if article.kind == "box" or not article.paragraphs:
        return Summary(algorithm=algorithm)
    prepared = prepare_article(article, options)
    total = len(prepared.printed)
    chosen = prepared.choose(_count(total, options.summary_sentences, options.summary_ratio), algorithm)
    flat = [s for p in prepared.paragraphs for s in p]
    return Summary(algorithm=algorithm, simplified=[flat[i] for i in chosen],
                   original=[prepared.printed[i] for i in chosen])


_CAPTION_START = "◀▲▼▶◁△▽▷►◄■□●◆"
_SENTENCE_END = "。！？!?；;…：:」』”）)"
_DISCLOSURE = re.compile(
    r"並無持有|并无持有|沒有持有|没有持有|不代表本[報报]|僅供參考|仅供参考|資料來源|资料来源|資料圖片|资料图片"
    r"|^[（(](?:作者|筆者|笔者|本[報报]|記者|记者|撰文|以上)"
)
_BYLINE = re.compile(r"^(?:■|●)?\s*(?:本[報报])?(?:記者|记者|撰文|文|作者)\s*[：:]?\s*\S{2,4}(?:\s+\S{2,4})?$")
HEADLINE_CHARS = 40
SUBHEAD_CHARS = 24


@dataclass
class ArticleText:
    """A plain article text read into what counts as evidence and what may be picked."""

    title: str = ""
    subheads: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    # Lines never picked and not evidence: captions, disclosures, bylines.
    dropped: list[str] = field(default_factory=list)


def looks_like_headline(line: str) -> bool:
    """A short line without sentence punctuation inside or at its end, like an editor's headline."""
    line = line.strip()
    if not line or len(line) > HEADLINE_CHARS or line[0] in _CAPTION_START:
        return False
    if _BYLINE.match(line) or _DISCLOSURE.search(line):
        return False
    body = line.rstrip("？！?!")  # a question or exclamation may end a headline
    return not any(mark in body for mark in "。，,；;：:")


def read_article_text(text: str, title: str | None = None) -> ArticleText:
    """Sort the lines of one article's plain text: headline, subheads, paragraphs, the rest.

    Without ``title``, a first line that looks like a headline (and is followed by more)
    is taken as one. Captions (▲◀…), disclosures and bylines are dropped; a short line without
    sentence punctuation inside the body is a subhead: evidence, never a summary sentence.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = ArticleText(title=(title or "").strip())
    if not out.title and len(lines) > 1 and looks_like_headline(lines[0]):
        out.title, lines = lines[0], lines[1:]
    elif lines and re.sub(r"\s+", "", lines[0]) == re.sub(r"\s+", "", out.title):
        lines = lines[1:]  # the headline given and printed again above the text
    for line in lines:
        if line[0] in _CAPTION_START or _DISCLOSURE.search(line) or _BYLINE.match(line):
            out.dropped.append(line)
        elif len(line) <= SUBHEAD_CHARS and line[-1] not in _SENTENCE_END and "，" not in line \
                and "。" not in line and len(lines) > 1:
            out.subheads.append(line)
        else:
            out.paragraphs.append(line)
    if not out.paragraphs and out.subheads:  # a text of short lines only: they are the body
        out.paragraphs, out.subheads = out.subheads, []
    return out


def summarize(
    text: str,
    *,
    sentences: int = 3,
    ratio: float | None = None,
    algorithm: str = DEFAULT_ALGORITHM,
    opencc_config: str = "hk2s",
    title: str | None = None,
) -> list[str]:
    """The chosen sentences of one article's plain Chinese text, in page order and as printed.

    Paragraphs are separated by line breaks. ``title`` is the article's headline, the best
    evidence of what matters; without it a first line that looks like a headline is used (see
    ``read_article_text``, which also keeps captions, disclosures and subheads out). The text
    is ranked in Simplified Chinese (converted with ``opencc_config``); key figures come from
    ``toolkit.facts``.
    """
    if sentences < 1:
        raise UsageError("the summary needs at least 1 sentence")
    if ratio is not None and not 0 < ratio <= 1:
        raise UsageError("the summary ratio must be in (0, 1]")
    get_summarizer(algorithm)
    prepared = prepare_text(text, title=title, opencc_config=opencc_config)
    chosen = prepared.choose(_count(len(prepared.printed), sentences, ratio), algorithm)
    return [prepared.printed[i] for i in chosen]


def prepare_text(text: str, *, title: str | None = None, opencc_config: str = "hk2s") -> Prepared:
    """One article's plain text (see ``read_article_text``) ready for ranking."""
    from toolkit.conversion import convert_many

    article = read_article_text(text, title)
    blocks = article.paragraphs
    printed = [split_sentences(b) for b in blocks]
    converted = convert_many([*blocks, article.title, *article.subheads], opencc_config)
    paragraphs = [split_sentences(b) for b in converted[:len(blocks)]]
    for index, (ours, theirs) in enumerate(zip(paragraphs, printed, strict=True)):
        if len(ours) != len(theirs):  # never expected (OpenCC maps 1:1), but keep them aligned
            paragraphs[index] = convert_many(theirs, opencc_config)
    return Prepared(paragraphs, [s for p in printed for s in p], converted[len(blocks)],
                    converted[len(blocks) + 1:], _text_signals(blocks, printed) if blocks else None)
