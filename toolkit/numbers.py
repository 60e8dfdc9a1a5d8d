"""Chinese and Arabic numbers → exact ``Decimal`` values, and back to English by rule.

Figures are the part of a brief an investor reads first, so they are parsed and rendered
with ``Decimal`` (never float: 36.7萬 must be 367,000, not 366,999.99…) and never by the
translation model. Both scripts are accepted (萬/万, 億/亿, 兩/两, 點/点).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from toolkit.errors import InputError

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"億": Decimal(10) ** 8, "亿": Decimal(10) ** 8, "萬": Decimal(10) ** 4, "万": Decimal(10) ** 4}
POINT = ("點", "点")
# Multipliers written after a number, longest first (for regexes and ``unit_multiplier``).
MULTIPLIERS = ("萬億", "万亿", "千億", "千亿", "百億", "百亿", "億", "亿",
               "千萬", "千万", "百萬", "百万", "萬", "万", "千", "百")

# Scale words printed after a Latin currency sign: "US$3.5 billion", "HK$1.2bn".
ENGLISH_SCALES = {"trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6,
                  "mn": 10**6, "thousand": 10**3}

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．，％"}


def unit_multiplier(unit: str | None) -> Decimal:
    """The value of a multiplier such as 億 or 百萬 (1 for none)."""
    value = Decimal(1)
    for char in unit or "":
        if char in BIG_UNITS:
            value *= BIG_UNITS[char]
        elif char in SMALL_UNITS:
            value *= SMALL_UNITS[char]
        else:
            raise InputError(f"not a number unit: {unit!r}")
    return value


def _arabic(text: str) -> Decimal | None:
    plain = text.replace(",", "")
    if not plain or not all(c.isdigit() or c == "." for c in plain) or plain.count(".") > 1:
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def _section(text: str) -> Decimal:
    """A number below 萬: digits with 十/百/千, or Arabic digits, or a digit run (二〇二五)."""
    if not text:
        return Decimal(0)
    arabic = _arabic(text)
    if arabic is not None:
        return arabic
    for point in POINT:
        if point in text:
            whole, frac = text.split(point, 1)
            digits = "".join(str(DIGITS[c]) if c in DIGITS else c for c in frac)
            return _section(whole) + Decimal("0." + digits) if digits.isdigit() else _fail(text)
    if all(c in DIGITS for c in text) and len(text) > 1:
        return Decimal("".join(str(DIGITS[c]) for c in text))
    total = Decimal(0)
    number: Decimal | None = None
    last_unit = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char in DIGITS:
            number = Decimal(DIGITS[char])
            i += 1
        elif char.isdigit():
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] in ".,"):
                j += 1
            number = _arabic(text[i:j])
            if number is None:
                _fail(text)
            i = j
        elif char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            total += (Decimal(1) if number is None else number) * unit
            number, last_unit = None, unit
            i += 1
        else:
            _fail(text)
    if number is not None:
        # 兩千三 = 2300: a lone trailing digit counts in the unit below the last one.
        if last_unit >= 100 and number < 10 and text[-2] not in DIGITS and text[-2] not in "零〇":
            number *= last_unit // 10
        total += number
    return total


def _fail(text: str) -> Decimal:
    raise InputError(f"not a number: {text!r}")


def parse_chinese_number(text: str) -> Decimal:
    """The exact value of a number written in Chinese and/or Arabic numerals.

    ``三千六百八十五億`` → 368500000000, ``一萬二千`` → 12000, ``36.7萬`` → 367000,
    ``1,500`` → 1500, ``0.1689`` → 0.1689. ``百分之五`` gives 5 (the number of per cent),
    matching ``5%``. Raises ``InputError`` for text that is not a number.
    """
    text = text.strip().translate(_FULLWIDTH).replace(" ", "")
    if text.startswith("百分之"):
        return parse_chinese_number(text[3:])
    if text.endswith(("%", "％")):
        return parse_chinese_number(text[:-1])
    if not text:
        return _fail(text)
    return _parse(text)


def _parse(text: str) -> Decimal:
    for big in ("億", "亿", "萬", "万"):
        cut = text.rfind(big)
        if cut < 0:
            continue
        left, right = text[:cut], text[cut + 1:]
        value = (_parse(left) if left else Decimal(1)) * BIG_UNITS[big]
        if right:
            rest = _parse(right)
            # 一萬二 = 12000 and 三億五 = 350000000: a lone digit after a big unit.
            if len(right) == 1 and right in DIGITS:
                rest *= BIG_UNITS[big] / 10
            value += rest
        return value
    return _section(text)


def format_number(value: Decimal) -> str:
    """``value`` with thousands separators and no trailing zeros (28.026, 367,000)."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value).normalize():f}".partition(".")
    frac = frac.rstrip("0")
    return f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")


_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
CURRENCY_PREFIX = {"USD": "US$", "HKD": "HK$", "CNY": "RMB ", "EUR": "EUR ", "JPY": "JPY ", "GBP": "£",
                   "AUD": "A$", "SGD": "S$", "TWD": "NT$", "CAD": "C$", "CHF": "CHF ", "KRW": "KRW ",
                   "MOP": "MOP "}


def _scale(value: Decimal) -> tuple[Decimal, str]:
    for size, word in _SCALES:
        if abs(value) >= size:
            return value / size, word
    return value, ""


def render_number(value: Decimal) -> str:
    """A plain figure in English: 367,000; 5.4 billion; 28.026 billion."""
    scaled, word = _scale(value)
    return f"{format_number(scaled)} {word}".strip()


def render_amount(value: Decimal, currency: str | None, unit: str | None) -> str:
    """A money amount by rule: ``RMB 368.5 billion``, ``US$367,000``, ``HK$0.41 per share``.

    ``currency`` is an ISO code (HKD, USD, CNY…); ``unit`` is a per-unit phrase such as
    ``"per share"``. Millions and larger are written with a scale word.
    """
    prefix = CURRENCY_PREFIX.get(currency or "", f"{currency} " if currency else "")
    text = prefix + render_number(value)
    return f"{text} {unit}" if unit else text


def render_amount_range(low: Decimal, high: Decimal, currency: str | None, unit: str | None) -> str:
    """A range: ``US$4,300–4,350``, ``HK$1–1.2 billion``, ``HK$500 million to HK$1.2 billion``."""
    low_scaled, low_word = _scale(low)
    high_scaled, high_word = _scale(high)
    if low_word == high_word:
        prefix = CURRENCY_PREFIX.get(currency or "", f"{currency} " if currency else "")
        text = f"{prefix}{format_number(low_scaled)}–{format_number(high_scaled)} {high_word}".strip()
        return f"{text} {unit}" if unit else text
    return f"{render_amount(low, currency, None)} to {render_amount(high, currency, unit)}"


def render_percentage(value: Decimal, high: Decimal | None = None, unit: str = "%") -> str:
    """``32%``, ``5% to 10%``, ``0.5 percentage points``."""
    def one(v: Decimal) -> str:
        return f"{format_number(v)}%" if unit == "%" else f"{format_number(v)} {unit}"

    return one(value) if high is None else f"{one(value)} to {one(high)}"
