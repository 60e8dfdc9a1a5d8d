"""Facts put back by the model's attention (``verify_facts`` with an ``Alignment``).

A real model never saw brief's placeholders, so each fact's English is written into the source
and checked in the output. What the model reshaped, dropped or mistranslated is put back where
its attention says it translated that part of the source, instead of translating the sentence
again in pieces. Alignments here are written by hand, as a model that translates well would give
them; the end-to-end test uses the shipped test model, which translates badly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.translation.backend import Alignment, Decoded, DecodeSettings
from toolkit.translation.protect import english_in_source, spans_from_facts, verify_facts


def hand_alignment(source: str, english: str, links: dict[str, str]) -> Alignment:
    """An alignment where each output word named in ``links`` attends only to the source text it names.

    Source tokens are single characters, except a run of Latin letters, which is one token
    (as SentencePiece keeps a known word whole). Words not named attend evenly to everything.
    """
    sources: list[tuple[int, int]] = []
    position = 0
    while position < len(source):
        end = position + 1
        while source[position].isascii() and source[position].isalpha() and end < len(source) and source[end].isascii() and source[end].isalpha():
            end += 1
        sources.append((position, end))
        position = end
    words: list[tuple[int, int]] = []
    weights: list[tuple[float, ...]] = []
    cursor = 0
    for word in english.split():
        start = english.index(word, cursor)
        cursor = start + len(word)
        words.append((start, cursor))
        target = links.get(word.strip(",."))
        if target is None:
            weights.append(tuple(1 / len(sources) for _ in sources))
            continue
        at = source.index(target)
        covered = [j for j, (a, b) in enumerate(sources) if a < at + len(target) and b > at]
        weights.append(tuple(1 / len(covered) if j in covered else 0.0 for j in range(len(sources))))
    return Alignment(tuple(sources), tuple(words), tuple(weights))


def test_a_reshaped_term_is_replaced_where_the_model_translated_it() -> None:
    source = "市场出现deflation的迹象。"
    english = "The market shows signs of deflationary."
    alignment = hand_alignment(source, english, {"market": "市场", "shows": "出现", "signs": "迹象",
                                                 "deflationary": "deflation"})
    at = source.index("deflation")

    verified = verify_facts(english, ["deflation"], alignment=alignment, sources=[(at, at + len("deflation"))])

    assert verified.english == "The market shows signs of deflation."
    assert (verified.missing, verified.repaired) == ([], 1)


def test_a_dropped_term_goes_beside_the_word_that_translates_its_neighbour() -> None:
    source = "恒指昨日bulls and bears交锋激烈。"
    english = "The index had a fierce fight yesterday."
    alignment = hand_alignment(source, english, {"index": "恒指", "yesterday": "昨日", "fight": "交锋",
                                                 "fierce": "激烈"})
    at = source.index("bulls")

    verified = verify_facts(english, ["bulls and bears"], alignment=alignment,
                            sources=[(at, at + len("bulls and bears"))])

    # 昨日 (left of the term) is translated by "yesterday": the term follows it, outside the full stop.
    assert verified.english == "The index had a fierce fight yesterday bulls and bears."
    assert verified.missing == []


def test_a_garbled_figure_is_replaced_with_its_unit_words() -> None:
    source = "全日成交额HK$263 billion。"
    english = "Turnover for the day was HK$62 billion."
    alignment = hand_alignment(source, english, {"Turnover": "成交额", "day": "全日", "HK$62": "HK$263 billion"})
    at = source.index("HK$")

    verified = verify_facts(english, ["HK$263 billion"], alignment=alignment, sources=[(at, at + len("HK$263 billion"))])

    assert verified.english == "Turnover for the day was HK$263 billion."


def test_a_found_fact_is_never_overwritten_by_a_wrong_alignment() -> None:
    source = "恒指收报24,951 points，通缩deflation。"
    english = "The index closed at 24,951 points, deflation? no: deflating."
    # A wrong alignment points the missing term at the figure: the figure stays, the term goes elsewhere.
    alignment = hand_alignment(source, english, {"24,951": "deflation", "points": "deflation"})
    at = source.index("deflation")

    verified = verify_facts(english.replace("deflation?", "what?"), ["24,951 points", "deflation"],
                            alignment=alignment, sources=[(source.index("24"), source.index("，")),
                                                          (at, at + 9)])

    assert verified.english == "The index closed at 24,951 points, what? no: deflating."
    assert verified.missing == ["deflation"]  # no word singles it out: translated in pieces instead


def test_without_attention_or_evidence_a_fact_stays_missing() -> None:
    source = "市场出现deflation的迹象。"
    english = "Something else entirely."
    at = source.index("deflation")
    flat = hand_alignment(source, english, {})  # attention spread evenly: it says nothing

    assert verify_facts(english, ["deflation"]).missing == ["deflation"]
    assert verify_facts(english, ["deflation"], alignment=flat, sources=[(at, at + 9)]).missing == ["deflation"]


def test_english_in_source_knows_where_each_rendering_stands() -> None:
    from toolkit.facts import find_facts
    from toolkit.glossary import load_glossary

    sentence = "恒指收报24951点，A股通缩，总成交额2630亿元。"
    prepared = english_in_source(sentence, spans_from_facts(find_facts(sentence, glossary=load_glossary(None)), sentence))

    assert [prepared.text[a:b] for a, b in prepared.offsets] == prepared.renderings
    assert "24,951 points" in prepared.renderings and "HK$263 billion" in prepared.renderings


class DroppingModel:
    """A model that translates well but drops every Latin word of its source, as real ones may.

    It gives an alignment like a real model's: each output word attends to the Chinese it translates.
    """

    name = "dropping test model"
    beam_size = 2
    WORDS = {"市场": "the market", "出现": "shows", "迹象": "signs", "恒指": "the index", "收报": "closed at",
             "昨日": "yesterday"}

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        return [d.text for d in self.decode(sentences, DecodeSettings())]

    def decode(self, sentences: list[str], settings: DecodeSettings) -> list[Decoded]:
        out = []
        for sentence in sentences:
            parts, links = [], {}
            for chinese, english in self.WORDS.items():
                if chinese in sentence:
                    parts.append((sentence.index(chinese), english))
            parts.sort()
            text = " ".join(english for _, english in parts) + "."
            for at, english in parts:
                links[english.split()[-1]] = sentence[at : at + 2]
            alignment = hand_alignment(sentence, text, links) if settings.alignment else None
            out.append(Decoded(text, 0.9, alignment))
        return out


def test_a_model_that_drops_terms_still_gives_whole_sentences_with_every_fact() -> None:
    from toolkit.config import BriefOptions
    from toolkit.translation import TranslationReport, translate_texts

    report = TranslationReport()
    english = translate_texts(["市場出現通縮迹象。", "恒指昨日收報24951點。"], DroppingModel(), BriefOptions(use_cache=False),
                              report=report)

    assert "deflation" in english[0] and "24,951 points" in english[1]
    assert (report.whole, report.pieced, report.repaired) == (2, 0, 2)


def test_the_engine_gives_word_alignments_that_point_into_the_text(translator: Any) -> None:
    sentence = "港股昨日回升，恒指收报24,951 points。"
    [decoded] = translator.decode([sentence], DecodeSettings(beam_size=2, alignment=True))
    alignment = decoded.alignment

    assert alignment is not None and alignment.words
    assert all(0 <= a < b <= len(decoded.text) for a, b in alignment.words)
    # Each word span is one whitespace-free word of the text, in order, none overlapping.
    spans = list(alignment.words)
    assert all(decoded.text[a:b] and not any(c.isspace() for c in decoded.text[a:b]) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    assert len(spans) >= len(decoded.text.split()) // 2
    assert all(0 <= a <= b <= len(sentence) for a, b in alignment.sources)
    # Each word's attention is spread over the source: its shares of the whole sentence are ~1.
    assert all(share == pytest.approx(1.0, abs=1e-3) for share in alignment.shares(0, len(sentence)))
    [plain] = translator.decode([sentence], DecodeSettings(beam_size=2))
    assert plain.alignment is None and plain.text == decoded.text


def test_sentencepiece_offsets_cover_byte_fallback_and_full_width_characters(test_model_file: Path, tmp_path: Path) -> None:
    import zipfile

    from toolkit.translation.backends.base import load_sentencepiece, sentencepiece_offsets

    with zipfile.ZipFile(test_model_file) as archive:
        name = next(n for n in archive.namelist() if n.endswith("sentencepiece.model"))
        archive.extract(name, tmp_path)
    processor = load_sentencepiece(tmp_path / name)
    text = "恒指（上升）deflation 的 Hollywood，𠮶啲。"

    offsets = sentencepiece_offsets(processor, text)

    assert offsets is not None and len(offsets) == len(processor.encode(text, out_type=str))
    covered = "".join(text[a:b] for a, b in dict.fromkeys(offsets))
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_a_rendering_is_found_only_as_whole_words() -> None:
    # The figure inside a longer number is not the figure: the garbled one is put back by value.
    assert verify_facts("The index closed at 124,951 points.", ["24,951 points"]).english == (
        "The index closed at 24,951 points.")
    assert verify_facts("Signs of deflationary pressure.", ["deflation"]).missing == ["deflation"]
    assert verify_facts("Deflation returned.", ["deflation"]).english == "Deflation returned."


def test_terms_can_stay_in_chinese_for_the_model_and_still_come_out_exact() -> None:
    """``method="figures"``: only figures are written in English; a term is put back by attention."""
    from toolkit.config import BriefOptions
    from toolkit.translation import TranslationReport, translate_texts

    sentence = "市场出现通缩迹象，恒指收报24951点。"
    spans = spans_from_facts([f for f in _facts(sentence)], sentence)
    prepared = english_in_source(sentence, spans, terms=False)
    assert "通缩" in prepared.text and "24,951 points" in prepared.text
    assert [prepared.text[a:b] for a, b in prepared.offsets] == ["通缩", "恒指", "24,951 points"]

    class WordsItsOwnWay(DroppingModel):
        WORDS = {**DroppingModel.WORDS, "通缩": "falling prices"}

    report = TranslationReport()
    [english] = translate_texts([sentence], WordsItsOwnWay(), BriefOptions(use_cache=False), report=report,
                                method="figures")
    assert "deflation" in english and "Hang Seng Index" in english and "24,951 points" in english
    assert "prices" not in english
    assert (report.whole, report.pieced) == (1, 0)


def _facts(sentence: str) -> list[Any]:
    from toolkit.facts import find_facts
    from toolkit.glossary import load_glossary

    return find_facts(sentence, glossary=load_glossary(None), subjects=False)


def test_a_fact_no_word_singles_out_goes_where_the_source_order_puts_it() -> None:
    # The model dropped the term and the words beside it attend to more than their neighbour:
    # the term goes between the words translating what precedes and what follows it.
    source = "恒指上周五早段再度bulls and bears，交锋后尾段回升。"
    english = "The index on Friday morning after the fight, rebounded late."
    # Nothing attends to the term's neighbours (再度 before it, "，交" after it).
    alignment = hand_alignment(source, english, {"index": "恒指", "Friday": "上周五", "morning": "早段",
                                                 "fight": "锋后", "rebounded": "回升", "late": "尾段"})
    at = source.index("bulls")
    span = (at, at + len("bulls and bears"))

    verified = verify_facts(english, ["bulls and bears"], alignment=alignment, sources=[span])

    assert verified.missing == []
    # Words before the cut attend to the source before the term, words after it to the source after.
    assert verified.english.index("morning") < verified.english.index("bulls and bears") < verified.english.index("fight")


def test_an_output_that_stops_before_a_fact_is_not_patched_with_it() -> None:
    # The model stopped after the first clause: the figure in the second stays missing (pieces).
    source = "港股昨日回升，市场气氛好转，恒指收报24,951 points。"
    english = "Hong Kong stocks rebounded yesterday."
    alignment = hand_alignment(source, english, {"Hong": "港股", "Kong": "港股", "stocks": "港股",
                                                 "rebounded": "回升", "yesterday": "昨日"})
    at = source.index("24,951")

    verified = verify_facts(english, ["24,951 points"], alignment=alignment, sources=[(at, at + 13)])

    assert verified.missing == ["24,951 points"]


def test_a_fact_put_between_words_is_never_overwritten_by_a_later_repair() -> None:
    source = "今日A股报价RMB 93.4。"
    english = "The RMB 394.5 quote 7."
    alignment = hand_alignment(source, english, {"quote": "报价", "394.5": "RMB 93.4"})
    rows = alignment.weights.tolist()
    # "RMB" gives "A" enough attention for A-shares to go beside it (after it: it mostly attends to 今).
    rows[1] = [0.45 if j == 2 else 0.55 if j == 0 else 0.0 for j in range(len(alignment.sources))]
    alignment = Alignment(alignment.sources, alignment.words, rows)
    at = source.index("RMB")

    verified = verify_facts(english, ["A-shares", "RMB 93.4"], alignment=alignment,
                            sources=[(2, 4), (at, at + len("RMB 93.4"))])

    # The figure's repair would take "RMB … 394.5" and the A-shares put between them with it.
    assert verified.english.count("A-shares") == 1 and verified.english.count("RMB 93.4") == 1
    assert verified.missing == []


def test_a_repair_does_not_double_the_words_the_model_got_right() -> None:
    source = "Tencent Holdings (00700.HK)昨日下跌，末期息派RMB 0.2029。"
    english = "Tencent Holdings (0070.HK) fell yesterday, final dividend RMB RMB 202.9."
    name_at, pay_at = source.index("Tencent"), source.index("RMB")
    alignment = hand_alignment(source, english, {"(0070.HK)": "(00700.HK)", "fell": "下跌", "yesterday": "昨日",
                                                 "202.9.": "RMB 0.2029"})

    verified = verify_facts(english, ["Tencent Holdings (00700.HK)", "RMB 0.2029"], alignment=alignment,
                            sources=[(name_at, source.index("昨日")), (pay_at, pay_at + len("RMB 0.2029"))])

    assert verified.missing == []
    assert verified.english.startswith("Tencent Holdings (00700.HK) fell yesterday")
    assert verified.english.count("Tencent") == 1 and "RMB RMB" not in verified.english
    assert "RMB 0.2029" in verified.english
