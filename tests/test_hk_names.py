"""The HK company table against a check set it was never tuned on, renamed companies, and words that are not stocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.facts import english_subject, find_facts, load_companies

CHECK = Path(__file__).parent / "data" / "hk_names_check.tsv"
# Scored before and after the 2026-07 update (40 Hang Seng Index constituents, Hang Seng's own
# Chinese names): 40/40 codes, 40/40 names, 40/40 found in "name(short code)" both times.
FLOOR_CODES, FLOOR_NAMES, FLOOR_FOUND = 40, 40, 40
LISTED = Path(__file__).parent / "data" / "hk_listed_check.tsv"
# 40 companies drawn from HKEX's 2026-07 list of listed companies: before the update 20/40 codes in
# the table and 15/40 named as the company is named now; after: 40/40 and 39/40 (00458 Tristate is
# listed under its English name only; the table has its Chinese press name 聯亞集團).
FLOOR_LISTED_CODES, FLOOR_LISTED_NAMES = 40, 39


def _check_rows(path: Path = CHECK) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, chinese, english = line.split("\t")
            rows.append((code, chinese, english))
    return rows


def test_check_set_is_forty_distinct_codes() -> None:
    rows = _check_rows()
    assert len(rows) == 40 and len({code for code, _, _ in rows}) == 40


def test_check_set_scores_at_least_the_pinned_floors() -> None:
    table = load_companies()
    rows = _check_rows()
    codes = [code for code, _, _ in rows if code in table]
    names = [code for code, chinese, _ in rows if code in table and chinese in table[code].names]
    found = [code for code, chinese, _ in rows
             if any(f.kind == "stock" and f.code == code and f.name == chinese
                    for f in find_facts(f"{chinese}({int(code)})股價"))]
    assert (len(codes), len(names), len(found)) >= (FLOOR_CODES, FLOOR_NAMES, FLOOR_FOUND), \
        [row for row in rows if row[0] not in names]


def test_listed_companies_are_in_the_table_under_their_current_name() -> None:
    table = load_companies()
    rows = _check_rows(LISTED)
    assert len(rows) == 40

    def core(name: str) -> str:  # the company name less brackets and its legal ending
        return re.sub(r"(?:股份有限公司|有限公司|公司)$", "", re.sub(r"[(（][^)）]*[)）]", "", name)).lower()

    codes = [code for code, _, _ in rows if code in table]
    named = [code for code, chinese, _ in rows if code in table
             and any(len(n) >= 2 and n.lower() in core(chinese) for n in table[code].names)]
    assert (len(codes), len(named)) >= (FLOOR_LISTED_CODES, FLOOR_LISTED_NAMES)


@pytest.mark.parametrize(("text", "code", "name", "english"), [
    ("東方甄選(01797)股價急升", "01797", "東方甄選", "East Buy Holding"),
    ("融創中國(1918)復牌", "01918", "融創中國", "Sunac China Holdings"),
    ("碧桂園服務(6098)派息", "06098", "碧桂園服務", "Country Garden Services Holdings"),
    ("中軟國際(354)接獲訂單", "00354", "中軟國際", "Chinasoft International"),
    ("中原證券(1375)收報3元", "01375", "中原證券", "CC Securities"),
    ("中創智領(564)", "00564", "中創智領", "ZCZL Industrial Technology Group"),
    ("鄭煤機(564)", "00564", "鄭煤機", "ZCZL Industrial Technology Group"),
    ("星太鏈集團(399)", "00399", "星太鏈集團", "Starcoin Group"),
    ("泡泡瑪特(9992)", "09992", "泡泡瑪特", "Pop Mart"),
])
def test_renamed_and_recent_companies_are_found_by_their_current_name(
        text: str, code: str, name: str, english: str) -> None:
    stocks = [f for f in find_facts(text) if f.kind == "stock"]
    assert [(f.code, f.name, f.name_english) for f in stocks] == [(code, name, english)]


@pytest.mark.parametrize(("subject", "english"), [
    ("融創中國股價", "Sunac China Holdings share price"),
    ("東方甄選股價", "East Buy Holding share price"),
])
def test_a_current_name_without_a_code_is_a_company_in_subjects(subject: str, english: str) -> None:
    assert english_subject(subject) == english


def test_a_company_named_without_a_code_is_the_subject_of_its_change() -> None:
    facts = [f for f in find_facts("內房股中，融創中國表現最佳，全周累升12%。") if f.kind == "change"]
    assert [f.subject for f in facts] == ["融創中國"]


@pytest.mark.parametrize("text", [
    "國家隊在北京(2008)奪得金牌",   # 北京 is no longer a name of 00392 (北京控股)
    "時代(2023)廣場人流回升",        # 時代 is no longer a name of 01023 (時代集團)
    "航天(31)號衛星升空",            # nor 航天 of 00031 (航天控股)
    "萬里長城(1)號段開放",
    "百勝(20)年慶典",
])
def test_an_ordinary_word_before_a_short_number_is_not_a_stock(text: str) -> None:
    assert [f for f in find_facts(text) if f.kind == "stock"] == []


def test_ordinary_words_are_not_company_names() -> None:
    names = {n for company in load_companies().values() for n in company.names}
    ordinary = {"北京", "時代", "聯合", "航天", "神州", "長城", "百勝", "地平線", "貝殼", "中國", "香港", "新世紀",
                "中國航天", "中國教育", "中國玻璃", "國際資源"}
    assert names & ordinary == set()


def test_market_nicknames_carry_a_short_code() -> None:
    from toolkit.facts import find_facts

    facts = find_facts("騰仔（700）今日再升，大笨象（5）亦見承接。")
    assert [(f.code, f.name_english) for f in facts if f.kind == "stock"] == [
        ("00700", "Tencent Holdings"), ("00005", "HSBC Holdings")]
