"""What a figure refers to (Fact.subject) and its English (Fact.subject_english)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from toolkit.document import Fact

if TYPE_CHECKING:
    from toolkit.glossary import Glossary

from toolkit.facts.common import _CJK, _INDEX_NAMES, _sentence_bounds
from toolkit.facts.stocks import _company_aliases, load_companies

# ---------------------------------------------------------------- subjects

_CLAUSE_BREAK = r"[，,。；;：:！!？?\n「」『』()（）、]"
_GLOSS = re.compile(r"[(（][^()（）\n]{1,30}[)）]")
# A subject is a run of Chinese, with share classes (A股較H股); else a Latin word (ARR已突破).
_SUBJECT_RUN = f"(?:[{_CJK}]|[A-Z](?=股))+$"
_LATIN_SUBJECT = r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Za-z][A-Za-z0-9&.\-]*){0,2}$"
_PER_METRIC = re.compile(r"每[^0-9０-９$＄〇一二兩两三四五六七八九十]+")
_CUTTING_KINDS = ("stock", "amount", "percentage", "change", "index_points")


@dataclass(frozen=True, slots=True)
class _NameMatch:
    """A name found by ``_NameScanner`` (the parts of ``re.Match`` the subject rules use)."""

    text: str
    start_at: int
    end_at: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.end_at


class _NameScanner:
    """Longest-first, left-to-right search for a thousand-odd company names.

    A regex alternation of every name took ~0.5 s to compile; a table by first character
    finds the same names with no start-up cost.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        by_first: dict[str, set[int]] = {}
        for name in names:
            by_first.setdefault(name[0], set()).add(len(name))
        self._names = frozenset(names)
        self._lengths = {c: tuple(sorted(n, reverse=True)) for c, n in by_first.items()}

    def prefix(self, text: str) -> str | None:
        """The longest name ``text`` starts with and goes on after, or None."""
        for length in self._lengths.get(text[:1], ()):
            if length < len(text) and text[:length] in self._names:
                return text[:length]
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[_NameMatch]:
        end = len(text) if end is None else end
        found: list[_NameMatch] = []
        at = start
        while at < end:
            for length in self._lengths.get(text[at], ()):
                if at + length <= end and text[at:at + length] in self._names:
                    found.append(_NameMatch(text[at:at + length], at, at + length))
                    at += length
                    break
            else:
                at += 1
        return found


@dataclass(frozen=True, slots=True)
class _SubjectCues:
    """``data/subject_cues.json`` with Simplified forms added, ready to match."""

    metrics: tuple[str, ...]
    inner_fillers: re.Pattern[str]
    trailing: tuple[str, ...]
    leading: tuple[str, ...]
    keep_at_start: tuple[str, ...]
    causes: re.Pattern[str]
    cut_after: re.Pattern[str]
    metric: re.Pattern[str]
    closing_price: frozenset[str]
    after_noun: re.Pattern[str]
    after_verb: re.Pattern[str]
    after_labels: dict[str, tuple[str, str]]
    lead_labels: dict[str, tuple[str, str]]
    topics: re.Pattern[str]
    not_a_subject_start: tuple[str, ...]
    units_after_number: str
    time_clause_ends: str
    after_object: re.Pattern[str]
    company: _NameScanner


def _both_scripts(words: list[str]) -> list[str]:
    from toolkit.conversion import convert

    out = dict.fromkeys(words)
    out.update(dict.fromkeys(convert("\n".join(words), "hk2s").split("\n")))
    return sorted(out, key=len, reverse=True)


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, _both_scripts(words)))


def _labels(words: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each cue word in both scripts → its label in (Traditional, Simplified)."""
    from toolkit.conversion import convert

    labels = {word: (label, convert(label, "hk2s")) for word, label in words.items()}
    labels.update({convert(word, "hk2s"): pair for word, pair in labels.items()})
    return labels


def _label(labels: dict[str, tuple[str, str]], word: str, text: str) -> str:
    """The label of ``word`` in the script ``text`` is written in (Traditional unless clearly Simplified)."""
    from toolkit.conversion import convert

    traditional, simplified = labels[word]
    clearly_simplified = convert(text, "hk2s") == text and convert(text, "s2hk") != text
    return simplified if clearly_simplified else traditional


@cache
def _subject_cues() -> _SubjectCues:
    """Read once, on first use: the cue lists are data, so tomorrow's page needs no code change."""
    import json
    from importlib import resources

    from toolkit.conversion import convert

    data = json.loads(resources.files("toolkit").joinpath("data/subject_cues.json").read_text(encoding="utf-8"))
    cut = data["cut_after"]
    after = data["after_figure"]
    metrics = _alternation(data["metrics"]["words"])
    not_time = re.escape(cut["not_time_after_marker"] + convert(cut["not_time_after_marker"], "hk2s"))
    time_marker = _alternation([cut["time_marker"]])
    fillers = _alternation(after["fillers"])
    labels = _labels(after["verbs"])
    aliases = _company_aliases()
    return _SubjectCues(
        metrics=tuple(_both_scripts(data["metrics"]["words"])),
        inner_fillers=re.compile(f"^(?P<period>.+?)(?:{_alternation(data['inner_fillers'])})(?P<metric>{metrics})$"),
        trailing=tuple(_both_scripts(data["trailing"]["words"] + data["time_words"]["words"])),
        leading=tuple(_both_scripts(data["leading"]["words"] + data["time_words"]["words"])),
        keep_at_start=tuple(_both_scripts(data["leading"]["keep"] + data["metrics"]["words"])),
        causes=re.compile(_alternation(data["causes"])),
        cut_after=re.compile(f"(?:{_alternation(cut['words'] + data['time_words']['words'])}"
                             f"|(?:{time_marker})(?![{not_time}]))"),
        metric=re.compile(metrics),
        closing_price=frozenset(_both_scripts(data["closing_price"]["words"])),
        after_noun=re.compile(
            f"(?:(?:{_alternation(after['links'])})(?:{fillers})*[{_CJK}]{{0,2}}?|(?:{fillers})+[{_CJK}]{{0,2}}?)?"
            f"(?P<noun>{_alternation(after['nouns'])})"),
        after_verb=re.compile(
            f"(?:{fillers})*(?:{_alternation(after['adverbs'])})*(?P<verb>{_alternation(list(after['verbs']))})"),
        after_labels=labels,
        lead_labels=_labels(data["lead_labels"]["words"]),
        topics=re.compile(_alternation(data["topics"]["words"])),
        not_a_subject_start=tuple(_both_scripts(data["not_a_subject_start"]["words"])),
        units_after_number=data["units_after_number"]["chars"] + convert(data["units_after_number"]["chars"], "hk2s"),
        time_clause_ends=data["time_clause_ends"]["chars"] + convert(data["time_clause_ends"]["chars"], "hk2s"),
        after_object=re.compile(f"(?:的)?(?P<object>[{_CJK}]{{0,4}}?(?:{_alternation(after['objects'])}))"),
        company=_NameScanner(aliases),
    )


def _strip_end(subject: str, cues: _SubjectCues) -> str:
    """Drop trailing verbs and fillers (僅為, 達, 收…), never cutting into a metric (營收)."""
    while subject and not subject.endswith(cues.metrics):
        word = next((w for w in cues.trailing if subject.endswith(w)), None)
        if word is None:
            break
        subject = subject[: -len(word)]
    return subject


def _strip_start(subject: str, cues: _SubjectCues) -> str:
    """Drop leading time words, pronouns and company names (昨日, 其, 萬洲…)."""
    while subject and not subject.startswith(cues.keep_at_start):
        word = next((w for w in cues.leading if subject.startswith(w)), None)
        if word is None:
            word = cues.company.prefix(subject)
        if word is None:
            break
        subject = subject[len(word):]
    return subject


def _clean_subject(lead: str) -> str | None:
    """The noun phrase at the end of ``lead`` (the clause up to a figure), or None."""
    cues = _subject_cues()
    run = re.search(_SUBJECT_RUN, lead)
    subject = _clean_chinese_subject(lead, run, cues) if run else None
    if subject is None:
        latin = re.search(_LATIN_SUBJECT, _strip_end(lead.rstrip(), cues).rstrip())
        if latin and 2 <= len(latin.group()) <= 20:
            return latin.group()
    return subject


def _clean_chinese_subject(lead: str, run: re.Match[str], cues: _SubjectCues) -> str | None:
    subject = _strip_end(run.group(), cues)
    if subject.endswith(("的", "之")):  # 市場預期的15億元: the subject is what comes before
        subject = _strip_end(subject[:-1], cues)
    if run.start() > 0 and lead[run.start() - 1].isdigit():
        subject = subject.lstrip(cues.units_after_number)
    cause = cues.causes.search(subject)
    if cause and cause.start() > 0:
        subject = subject[: cause.start()]
    subject = _strip_end(_cut_after(subject, cues), cues)
    subject = _strip_end(_strip_start(subject, cues), cues)
    filler = cues.inner_fillers.match(subject)
    if filler:
        subject = filler.group("period") + filler.group("metric")
    if subject.startswith(cues.not_a_subject_start) or subject.endswith(tuple(cues.time_clause_ends)):
        return None
    if not 2 <= len(subject) <= 10:
        return None
    return subject


def _cut_after(subject: str, cues: _SubjectCues) -> str:
    """What follows the last verb or marker that starts a subject (錄得, 的, 派…), never inside a metric (派息)."""
    inside = {i for m in cues.metric.finditer(subject) for i in range(m.start() + 1, m.end())}
    cuts = [m.end() for m in cues.cut_after.finditer(subject) if m.start() not in inside and m.end() not in inside]
    return subject[cuts[-1]:] if cuts else subject


def _clause_breaks(text: str, facts: list[Fact]) -> list[int]:
    """Ends of clause punctuation in ``text`` outside the facts (a code's brackets are not breaks)."""
    inside = bytearray(len(text))
    spans = [(f.start, f.end) for f in facts if f.kind in _CUTTING_KINDS]
    spans += [m.span() for m in _GLOSS.finditer(text)]  # ARR(年化經常性收入)已突破: a gloss is no break
    for start, end in spans:
        inside[start:end] = b"\1" * (end - start)
    return [m.end() for m in re.finditer(_CLAUSE_BREAK, text) if not inside[m.start()]]


def _lead_subject(text: str, start: int, end: int, facts: list[Fact]) -> str | None:
    """The subject in ``text[start:end]``: dates split it (2025年MINIMAX實現營收), glosses drop out."""
    pieces, cursor = [], start
    for fact in facts:
        if fact.kind == "date" and start <= fact.start and fact.end <= end:
            pieces.append(text[cursor:fact.start])
            cursor = fact.end
    pieces.append(text[cursor:end])
    for piece in reversed(pieces):
        subject = _clean_subject(_GLOSS.sub("", piece))
        if subject:
            return subject
    return None


def _lead_start(facts: list[Fact], index: int, all_breaks: list[int]) -> int:
    """Where the text before ``facts[index]`` in its clause starts (after any figure in it)."""
    fact = facts[index]
    breaks = all_breaks[: bisect.bisect_right(all_breaks, fact.start)]
    ends = [f.end for f in facts[:index] if f.kind in _CUTTING_KINDS]
    return max([breaks[-1] if breaks else 0, *ends])


def _company_in_focus(text: str, facts: list[Fact], index: int) -> str | None:
    """The company last named before ``facts[index]`` in its paragraph (此股…收78.05元 → 中移動)."""
    fact = facts[index]
    stock = next((f for f in reversed(facts[:index]) if f.kind == "stock" and f.name), None)
    named = None
    for match in _subject_cues().company.finditer(text, max(0, fact.start - 300), fact.start):
        named = match  # the last one
    if named and (stock is None or named.start() >= stock.end):
        return named.group()
    return stock.name if stock else None


def _subject(text: str, facts: list[Fact], index: int, all_breaks: list[int]) -> str | None:
    """What a figure is about (see module doc). A heuristic over clauses, not a parser, in this order:

    1. a noun right after the figure names it (有5%到10%的利潤, 4600美元附近阻力), a verb right
       after an amount gives a label (可於965元買入 → 買入價), an object names it (50億元綠色債券);
    2. a per-unit metric printed inside the amount: 每股派息0.3185元 → 每股派息;
    3. the noun phrase just before it in its clause, less trailing verbs (僅為, 達, 收…), leading
       time words and company names, anything before 的/錄得 or from a cause (因…) on
       (上望18元 → 目標價: a few such words are labels);
    4. a bare closing price (…，收78.05元) is about the company last named in the paragraph;
    5. otherwise the clause takes the subject of the figure before it, or the stock named before
       it, in the same sentence (…，有3685億元人民幣; 長飛光纖(06869)終見回調，跌4.5%);
    6. an amount takes the last price noun (金價, 股價…) said before it in its sentence, a
       change the last company named in it.

    Cue words are data: ``data/subject_cues.json``.
    """
    cues = _subject_cues()
    fact = facts[index]
    clause_end = re.search(_CLAUSE_BREAK, text[fact.end:fact.end + 16])
    after = text[fact.end:fact.end + (clause_end.start() if clause_end else 16)]
    noun = cues.after_noun.match(after)
    if noun:
        return noun.group("noun")
    verb = cues.after_verb.match(after) if fact.kind == "amount" else None
    if verb:
        return _label(cues.after_labels, verb.group("verb"), text)
    thing = cues.after_object.match(after) if fact.kind == "amount" else None
    if thing:
        return thing.group("object")
    per = _PER_METRIC.match(fact.text) if fact.kind == "amount" else None
    if per and _strip_end(per.group(), cues).endswith(cues.metrics):  # 每股派息0.3185元 → 每股派息
        return _strip_end(per.group(), cues)
    lead_start = _lead_start(facts, index, all_breaks)
    lead = text[lead_start:fact.start]
    subject = _lead_subject(text, lead_start, fact.start, facts)
    if subject:
        label = next((word for word in cues.lead_labels if subject.endswith(word)), None)
        if fact.kind == "amount" and label:
            return _label(cues.lead_labels, label, text)
        return subject
    before = [(i, f) for i, f in enumerate(facts[:index]) if f.kind in _CUTTING_KINDS]
    bare = _strip_start(_cut_after(_GLOSS.sub("", lead).strip(), cues), cues)
    company = _company_in_focus(text, facts, index) if fact.kind == "amount" and bare in cues.closing_price else None
    if company:
        return company
    sentence_start, _ = _sentence_bounds(text, fact.start, fact.end)
    for i, previous in reversed(before):
        if previous.start < sentence_start:
            break
        if previous.kind == "stock":
            return previous.name
        if previous.subject:
            return previous.subject
        if previous.kind == "index_points":  # 國指收報8888點，跌1.1% → 國指
            named = _lead_subject(text, _lead_start(facts, i, all_breaks), previous.start, facts)
            if named:
                return named
    if fact.kind == "amount":
        topics = [m.group() for m in cues.topics.finditer(text, sentence_start, fact.start)]
        if topics:
            return topics[-1]
    if fact.kind == "change":  # 中國人壽表現最佳，全周累升12%
        companies = [m.group() for m in cues.company.finditer(text, sentence_start, fact.start)]
        if companies:
            return companies[-1]
    return None


@cache
def _index_words() -> re.Pattern[str]:
    """Index names, full names first (上證指數 before 上證), then words that stand for the market."""
    return re.compile(f"{_INDEX_NAMES}|港股|大市|股指|期指|A股|a股|美股")


def _index_subject(text: str, fact: Fact) -> str | None:
    """Index points are about the index last named before them in the paragraph, or in
    their own phrase (港股…升越25000點關 → 港股; 恒指低位為24713點 → 恒指)."""
    names = [m.group() for m in _index_words().finditer(text, 0, fact.end)]
    return names[-1] if names else None


# ---------------------------------------------------------------- subjects in English

_SUBJECT_PARTICLES = frozenset("的之")
_SUBJECT_COUNTER = r"^[兩两二三四五六七八九十]+[隻只間间家個个行者]"
_subject_vocabularies: dict[str, dict[str, str]] = {}


@cache
def _subject_words() -> tuple[tuple[str, str], ...]:
    """``data/subject_english.tsv``: the words subjects are made of, with their English."""
    from importlib import resources

    from toolkit.glossary import parse_glossary

    text = resources.files("toolkit").joinpath("data/subject_english.tsv").read_text(encoding="utf-8")
    return tuple(parse_glossary(text, "subject_english.tsv").items())


def _subject_vocabulary(glossary: Glossary | None) -> dict[str, str]:
    """Chinese → English for subject pieces: glossary terms, subject words, company names (both scripts)."""
    from toolkit.glossary import Glossary, load_glossary

    glossary = glossary or load_glossary()
    vocabulary = _subject_vocabularies.get(glossary.version)
    if vocabulary is None:
        vocabulary = {}
        for company in load_companies().values():
            for name in company.names:
                vocabulary.setdefault(name, company.english)
        words = Glossary.from_entries(dict(_subject_words()))
        for key, english in [*glossary._lookup.items(), *words._lookup.items()]:
            vocabulary[key] = english
        _subject_vocabularies[glossary.version] = vocabulary
    return vocabulary


def english_subject(subject: str, glossary: Glossary | None = None) -> str | None:
    """What a figure refers to, in English, without a model: 全年純利 → ``full-year net profit``.

    The subject must be covered end to end by known words (``data/subject_english.tsv``, the
    glossary, company names; 的/之 may be skipped), in the fewest pieces; Chinese word order is
    kept, which reads right for these noun phrases (中移動股價 → China Mobile share price).
    Returns None when any part is unknown, so the Chinese is shown instead of a guess.
    """
    subject = subject.strip()
    if not subject:
        return None
    if subject.isascii():
        return subject
    vocabulary = _subject_vocabulary(glossary)
    subject = re.sub(_SUBJECT_COUNTER, "", subject) or subject  # 三隻股份 → 股份, 三行前三季純利 → 前三季純利
    longest = 14
    n = len(subject)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for start in range(n):
        here = best[start]
        if here is None:
            continue
        steps: list[tuple[int, str | None]] = []
        if subject[start] in _SUBJECT_PARTICLES:
            steps.append((start + 1, None))
        for end in range(start + 1, min(n, start + longest) + 1):
            piece = subject[start:end]
            english = vocabulary.get(piece) or (piece if piece.isascii() and piece.strip() else None)
            if english == "-":  # a word that is dropped (或, 約, 合共)
                steps.append((end, None))
            elif english:
                steps.append((end, english))
        for end, english in steps:
            candidate = (here[0] + 1, here[1] + ([english] if english else []))
            if best[end] is None or candidate[0] < best[end][0]:  # type: ignore[index]
                best[end] = candidate
    found = best[n]
    if found is None or not found[1]:
        return None
    return " ".join(found[1])
