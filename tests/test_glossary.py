"""The glossary of market terms (toolkit.glossary): built-in + user file, both scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.facts import find_facts
from toolkit.glossary import Glossary, load_glossary


def test_builtin_glossary_is_large_and_has_the_hk_slang() -> None:
    glossary = load_glossary()
    assert len(glossary) >= 150
    for term, english in [("沽空", "short selling"), ("好倉", "long position"), ("趁低吸納", "buy on dips"),
                          ("好淡", "bulls and bears"), ("空軍", "short sellers"), ("荷里活", "Hollywood"),
                          ("末期息", "final dividend"), ("市盈率", "P/E ratio"), ("恒指", "Hang Seng Index"),
                          ("食糊", "take profit"), ("騰雞", "flustered"), ("大頭佛", "mess"),
                          ("七七八八", "mostly"), ("心水股", "stock picks"), ("收息", "earn dividends")]:
        assert glossary.get(term) == english, term


def test_find_prefers_longest_and_never_overlaps() -> None:
    glossary = Glossary.from_entries({"沽空": "short selling", "沽空率": "short-selling ratio",
                                      "空軍": "short sellers", "軍": "army"})
    facts = glossary.find("昨日沽空率只有11%，說明「空軍」不敢放肆")
    assert [(f.kind, f.text, f.english) for f in facts] == [
        ("term", "沽空率", "short-selling ratio"), ("term", "空軍", "short sellers")]
    text = "昨日沽空率只有11%"
    assert all(text[f.start:f.end] == f.text for f in glossary.find(text))


def test_longest_match_wins_even_when_it_starts_later() -> None:
    glossary = Glossary.from_entries({"AB": "x", "BCDE": "y"})
    assert [f.text for f in glossary.find("ABCDE")] == ["BCDE"]


@pytest.mark.parametrize(("text", "terms"), [
    ("香港股票分析師協會主席", []),           # 港股 straddles 香港 / 股票
    ("香港股市昨日回升", []),
    ("港股昨日回升", ["港股"]),
    ("北水流入港股", ["北水", "港股"]),
    ("大市成交額", ["大市成交"]),            # one end inside a word is not straddling
    ("恒指收報24951點", ["恒指"]),
])
def test_a_term_that_straddles_two_words_is_not_the_term(text: str, terms: list[str]) -> None:
    glossary = load_glossary()
    found = [f.text for f in glossary.find(text) if f.text in ("港股", "北水", "大市成交", "恒指")]
    assert found == terms


def test_simplified_forms_match_too() -> None:
    glossary = load_glossary()
    facts = glossary.find("港股趁低吸纳，空军不敢放肆，派发末期息")
    assert [(f.text, f.english) for f in facts if f.text in ("趁低吸纳", "空军", "末期息")] == [
        ("趁低吸纳", "buy on dips"), ("空军", "short sellers"), ("末期息", "final dividend")]


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.tsv"
    user.write_text("# mine\n\n食糊\tcash in\n擠水分\tsqueeze out the froth\n", encoding="utf-8")
    glossary = load_glossary(user)
    assert glossary.get("食糊") == "cash in"
    assert glossary.get("擠水分") == "squeeze out the froth"
    assert glossary.get("挤水分") == "squeeze out the froth"
    assert glossary.get("沽空") == "short selling"
    assert glossary.version != load_glossary().version
    assert glossary.version == load_glossary(user).version


def test_version_is_a_stable_content_hash() -> None:
    one = Glossary.from_entries({"甲": "a", "乙": "b"})
    two = Glossary.from_entries({"乙": "b", "甲": "a"})
    three = Glossary.from_entries({"甲": "a", "乙": "B"})
    assert one.version == two.version != three.version
    assert len(one.version) == 16


@pytest.mark.parametrize(("content", "line"), [
    ("食糊\ttake profit\n騰雞 flustered\n", 2),
    ("# ok\n\n\tno key\n", 3),
    ("食糊\t\n", 1),
    ("a\tb\tc\n", 1),
])
def test_malformed_user_file_names_the_line(tmp_path: Path, content: str, line: int) -> None:
    user = tmp_path / "bad.tsv"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad\.tsv:{line}: "):
        load_glossary(user)


def test_missing_or_binary_user_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "nope.tsv")
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(InputError, match="UTF-8"):
        load_glossary(binary)


def test_terms_come_with_facts_only_when_asked_and_never_overlap_figures() -> None:
    text = "恒指收市報24951點，沽空率11%，工行全年純利升0.7%，有3685億元人民幣。"
    assert [f for f in find_facts(text) if f.kind == "term"] == []
    facts = find_facts(text, glossary=load_glossary())
    terms = [f.text for f in facts if f.kind == "term"]
    assert terms == ["恒指", "收市", "沽空率", "全年純利"]
    assert all(a.end <= b.start for a, b in zip(facts, facts[1:], strict=False))


def test_terms_are_found_around_figures_not_lost_to_them() -> None:
    facts = find_facts("萬洲國際(00288)近日公布2025年全年業績", glossary=load_glossary())
    assert [(f.kind, f.text, f.english) for f in facts] == [
        ("stock", "萬洲國際(00288)", "WH Group (00288.HK)"), ("date", "2025年全年", "FY2025"),
        ("term", "業績", "results")]


def test_glossary_is_market_scale_and_gets_the_term_list_right() -> None:
    """Issue 16: ≥800 entries; the 50-term list written before the glossary grew scores ≥95%."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from eval_terms import read_terms, score

    glossary = load_glossary()
    assert len(glossary) >= 800
    terms = read_terms(Path(__file__).parent / "gold" / "terms_50.tsv")
    right, _ = score(glossary, terms)
    assert len(terms) == 50 and right >= 48


def test_a_term_at_the_end_of_a_text_is_found_with_its_own_length() -> None:
    glossary = Glossary.from_entries({"沽空": "short selling", "沽空率": "short-selling ratio"})
    assert [(f.text, f.end) for f in glossary.find("大量沽空")] == [("沽空", 4)]
