"""Money in tables: bare figures whose unit and currency are printed once, in the title or header.

A boxed table reads ``主要銀行業績（億元）`` over rows such as ``匯豐　142.3``, or has a header
row ``股份　成交額（億元）　收市價（元）　升跌（%）`` over ``匯豐控股　142.3　98.6　+1.2``.
Each bare figure in a money column is an amount in that column's unit (142.3 億元 →
HK$14.23 billion); a price column in 元 is per share (per barrel, ounce or tonne when the row
or header names one); figures in a column of percentages, points or counts are not money.

Rules, briefly:

* The table's unit comes from the title or a line without figures: ``（億元）``, ``(億港元)``,
  ``單位：百萬港元``. A header cell's own unit (``收市價（元）``) overrides it for its column.
* The header row is the first item before any figure with two or more cells and no digits.
  Without one, every bare figure of a row is in the table's unit.
* Footnotes ``*以美元計``, ``#人民幣`` switch the currency (not the scale) of rows whose label
  carries the mark.
* A cell that already has a currency (``62.35美元``) is read by the amount finder; the table
  only adds its per-unit (``布蘭特期油（每桶）``).
* A bare 元 follows the article's currency, as elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from toolkit.document import Box, Fact
from toolkit.errors import InputError
from toolkit.facts.common import _BARE, _NUM, CURRENCY_WORDS, PER_UNITS, _fold, _number
from toolkit.numbers import MULTIPLIERS, render_amount

_MARKS = "*#△▲※^＊﹡"
_NOT_MONEY = re.compile(r"%|％|點|点|升跌|漲跌|涨跌|變動|变动|變化|变化|按年|按季|同比|環比|环比|幅|率|比|股數|股数|手數|手数|數目|数目|市盈|PE|倍|人數|人数|隻|只數")
_PRICE = re.compile(r"價|价|收市|收盤|收盘|每股|股息|派息")
_COMMODITY_UNIT = re.compile(r"(?:每|/|[(（])(桶|盎司|安士|噸|吨|公斤)")


@dataclass(frozen=True, slots=True)
class _Unit:
    multiplier: str
    currency: str  # a word from CURRENCY_WORDS or a bare 元


@cache
def _unit_pattern() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = sorted((k for k in CURRENCY_WORDS if not k.isascii()), key=len, reverse=True)
    currency = "|".join([*map(re.escape, words), "元", "HK\\$", "US\\$"])
    mult = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
    bracket = re.compile(rf"[(（](?:單位|单位|金額|金额)?\s*[:：]?\s*(?P<mult>{mult})?\s*(?P<cur>{currency})\s*[)）]")
    label = re.compile(rf"(?:單位|单位|貨幣|货币)\s*[:：]\s*(?P<mult>{mult})?\s*(?P<cur>{currency})")
    footnote = re.compile(rf"^\s*(?:註|注)?\s*[:：]?\s*(?P<mark>[{re.escape(_MARKS)}]+)\s*(?:以|為|为|單位|单位|貨幣|货币)?"
                          rf"\s*[:：]?\s*(?:{mult})?(?P<cur>{currency})(?:計|计|結算|结算|計價|计价|為單位|为单位)?\s*$")
    return bracket, label, footnote


def _find_unit(text: str) -> _Unit | None:
    bracket, label, _ = _unit_pattern()
    found = label.search(text) or bracket.search(text)
    if not found:
        return None
    return _Unit(found.group("mult") or "", found.group("cur"))


def _cells(item: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell: cells are split by full-width spaces, tabs or 2+ spaces."""
    splitter = r"[\t\u3000]+| {2,}" if re.search(r"[\t\u3000]| {2}", item) else r"\s+"
    cells, start = [], 0
    for gap in re.finditer(splitter, item):
        if gap.start() > start:
            cells.append((start, item[start:gap.start()]))
        start = gap.end()
    if start < len(item):
        cells.append((start, item[start:]))
    return cells


def _currency(word: str, bare_yuan: str | None) -> str | None:
    return bare_yuan if word in _BARE else CURRENCY_WORDS.get(word, {"HK$": "HKD", "US$": "USD"}.get(word))


@dataclass(slots=True)
class _Column:
    unit: _Unit | None
    money: bool
    price: bool
    per: str | None


def _columns(header: list[tuple[int, str]], table_unit: _Unit | None) -> list[_Column]:
    columns = []
    for _, label in header:
        own = _find_unit(_fold(label))
        per = _COMMODITY_UNIT.search(label)
        per_word = PER_UNITS.get(per.group(1)) if per else None
        if own is not None:
            columns.append(_Column(own, True, bool(_PRICE.search(label)), per_word))
        elif _NOT_MONEY.search(label):
            columns.append(_Column(None, False, False, None))
        elif table_unit is not None and _PRICE.search(label):
            # 十大成交（億元） over 收市價: a price is in 元, whatever the table's scale.
            columns.append(_Column(_Unit("", table_unit.currency), True, True, per_word))
        else:
            columns.append(_Column(table_unit, table_unit is not None, False, per_word))
    return columns


_BARE_CELL = re.compile(rf"^(?P<sign>[+-])?(?P<n>{_NUM})(?P<mult>{'|'.join(sorted(MULTIPLIERS, key=len, reverse=True))})?$")


def table_facts(box: Box, bare_yuan: str | None, around: Sequence[str] = ()) -> dict[int, list[Fact]]:
    """Amounts in the bare figures of ``box``'s rows, by item index (offsets into each item).

    ``around`` are the article's other short lines (subheads, captions): the page reader may
    file a table's title or footnote there and give the header row as the box title. Empty
    when the table prints no money unit. See the module docstring for the rules.
    """
    _, _, footnote = _unit_pattern()
    table_unit = _find_unit(_fold(box.title))
    header: list[tuple[int, str]] | None = None
    if not re.search(r"\d", box.title) and len(title_cells := _cells(box.title)) >= 2:
        header = title_cells
    marks: dict[str, str] = {}
    for line in around:
        folded = _fold(line).strip()
        if note := footnote.match(folded):
            marks.update(dict.fromkeys(note.group("mark"), note.group("cur")))
        elif table_unit is None and len(folded) <= 30 and not re.search(r"\d", folded):
            table_unit = _find_unit(folded) or table_unit
    data_rows: list[int] = []
    for index, item in enumerate(box.items):
        folded = _fold(item).strip()
        if note := footnote.match(folded):
            for mark in note.group("mark"):
                marks[mark] = note.group("cur")
            continue
        if not re.search(r"\d", folded):
            cells = _cells(item)
            if header is None and not data_rows and len(cells) >= 2:
                header = cells
            if table_unit is None and (unit := _find_unit(folded)) is not None and len(cells) < 2:
                table_unit = unit
            continue
        data_rows.append(index)
    columns = _columns(header, table_unit) if header else None
    if table_unit is None and not (columns and any(c.money for c in columns)):
        return {}
    out: dict[int, list[Fact]] = {}
    for index in data_rows:
        if facts := _row_facts(box.items[index], columns, table_unit, marks, bare_yuan):
            out[index] = facts
    return out


def _row_facts(item: str, columns: list[_Column] | None, table_unit: _Unit | None, marks: dict[str, str],
               bare_yuan: str | None) -> list[Fact]:
    cells = _cells(item)
    if len(cells) < 2:
        return []
    label = cells[0][1]
    switched = next((cur for mark, cur in marks.items() if mark in label), None)
    row_per = _COMMODITY_UNIT.search(label)
    if columns is not None:
        # Align from the right: a label may be split in two cells, figures never are.
        offset = len(columns) - len(cells)
        pairs = [(cell, columns[i + offset]) for i, cell in enumerate(cells[1:], start=1)
                 if 0 <= i + offset < len(columns)]
    else:
        pairs = [(cell, _Column(table_unit, True, False, None)) for cell in cells[1:]]
    out: list[Fact] = []
    for (start, text), column in pairs:
        if not column.money or column.unit is None:
            continue
        cell = _BARE_CELL.match(_fold(text).strip())
        if cell is None or cell.group("sign"):
            continue
        multiplier = cell.group("mult") or column.unit.multiplier
        currency = _currency(switched or column.unit.currency, bare_yuan)
        if currency is None:
            continue
        try:
            value = _number(cell.group("n") + multiplier)
        except InputError:
            continue
        per = column.per or (PER_UNITS.get(row_per.group(1)) if row_per else None)
        unit = f"per {per}" if per else ("per share" if column.price and not multiplier else None)
        begin = start + cell.start("n")
        end = start + cell.end()
        out.append(Fact(kind="amount", text=item[begin:end], english=render_amount(value, currency, unit),
                        start=begin, end=end, value=float(value), currency=currency, unit=unit))
    return out


def row_label(item: str) -> str | None:
    """The label of a table row (its first cell, without a stock code or footnote mark): what
    its figures are about."""
    cells = _cells(item)
    if not cells:
        return None
    label = re.sub(r"\s*[(（\[][^)）\]]*[)）\]]\s*$", "", cells[0][1]).strip(" " + _MARKS)
    return label or None


def box_per_unit(box: Box, index: int) -> str | None:
    """``per barrel`` for a row, header or title that names a commodity unit (布蘭特期油（每桶）,
    ``原油（美元/桶）``), for prices printed with their currency in the cell; else None."""
    for text in (box.items[index], *box.items[:index], box.title):
        if (text is box.items[index] or not re.search(r"\d", text)) and (found := _COMMODITY_UNIT.search(text)):
            return f"per {PER_UNITS[found.group(1)]}"
    return None
