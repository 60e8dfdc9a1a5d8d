"""Chinese/Arabic number parsing and English rendering by rule (toolkit.numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.numbers import (
    format_number,
    parse_chinese_number,
    render_amount,
    render_amount_range,
    render_percentage,
)

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write 0 < n < 10**12 in standard Chinese numerals (the inverse under test)."""
    def section(m: int) -> str:
        out, zero = "", False
        for unit, power in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            digit = m // power % 10
            if digit:
                out += ("零" if zero else "") + DIGITS[digit] + unit
                zero = False
            elif out:
                zero = True
        return out

    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += section(group) + ("", "萬", "億")[index]
        gap = False
    return out


@pytest.mark.parametrize(("text", "value"), [
    ("三千六百八十五億", "368500000000"),
    ("一萬二千", "12000"),
    ("一萬二", "12000"),
    ("兩千三", "2300"),
    ("百分之五", "5"),
    ("0.1689", "0.1689"),
    ("1,500", "1500"),
    ("36.7萬", "367000"),
    ("36.7万", "367000"),
    ("280.26億", "28026000000"),
    ("1.2萬億", "1200000000000"),
    ("5千萬", "50000000"),
    ("十五", "15"),
    ("二十", "20"),
    ("一千零五", "1005"),
    ("一點五", "1.5"),
    ("三點五亿", "350000000"),
    ("二〇二五", "2025"),
    ("１２３", "123"),
])
def test_parse_chinese_number(text: str, value: str) -> None:
    assert parse_chinese_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "一點", "三隻", "1.2.3"])
def test_parse_rejects_non_numbers(text: str) -> None:
    with pytest.raises(InputError):
        parse_chinese_number(text)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese_number(to_chinese(n)) == n


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
       st.sampled_from(["", "萬", "億", "万", "亿", "千萬", "百萬", "萬億"]))
def test_arabic_with_units_round_trip(number: Decimal, unit: str) -> None:
    multiplier = {"": 1, "萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8, "千萬": 10**7, "百萬": 10**6,
                  "萬億": 10**12}[unit]
    assert parse_chinese_number(f"{number}{unit}") == number * multiplier


@pytest.mark.parametrize(("value", "currency", "unit", "english"), [
    ("368500000000", "CNY", None, "RMB 368.5 billion"),
    ("367000", "USD", None, "US$367,000"),
    ("28026000000", "USD", None, "US$28.026 billion"),
    ("263000000000", "HKD", None, "HK$263 billion"),
    ("0.41", "HKD", "per share", "HK$0.41 per share"),
    ("0.5", "USD", "per second", "US$0.5 per second"),
    ("15000000", "USD", None, "US$15 million"),
    ("1200000000000", "CNY", None, "RMB 1.2 trillion"),
    ("0.1689", "CNY", None, "RMB 0.1689"),
    ("1000", None, None, "1,000"),
])
def test_render_amount(value: str, currency: str | None, unit: str | None, english: str) -> None:
    assert render_amount(Decimal(value), currency, unit) == english


def test_render_amount_has_no_float_artifacts() -> None:
    value = parse_chinese_number("36.7萬")
    assert render_amount(value, "USD", None) == "US$367,000"
    assert format_number(Decimal("0.1") + Decimal("0.2")) == "0.3"


def test_render_ranges_and_percentages() -> None:
    assert render_amount_range(Decimal(4300), Decimal(4350), "USD", None) == "US$4,300–4,350"
    assert render_amount_range(Decimal(10**9), Decimal(12 * 10**8), "HKD", None) == "HK$1–1.2 billion"
    assert render_amount_range(Decimal(5 * 10**8), Decimal(12 * 10**8), "HKD", None) == \
        "HK$500 million to HK$1.2 billion"
    assert render_percentage(Decimal("3.2")) == "3.2%"
    assert render_percentage(Decimal(5), Decimal(10)) == "5% to 10%"
