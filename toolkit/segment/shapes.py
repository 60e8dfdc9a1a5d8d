"""Pass 1: the shape of each line (caption, page head, disclosure, box item, name, byline, short, body).

A line's kind is decided from the line alone (its length, punctuation, markers, whether it
reads as a person's name); the roles come later, from position and evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.segment.rules import SegmentRules

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# Stray spaces that layout tools leave between two CJK characters (Latin spacing is kept).
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[{_CJK}])")
_NAME_SEPARATORS = re.compile(r"\s*[、，,/／]\s*|\s+")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# "中國移動 (00941)", "迅策(O3317)" (OCR letter O kept), "貴州茅台 (600519.SH)".
# A table-like box row may carry figures after the code: "騰訊控股（00700） 淨買入 12.5億".
_BOX_ITEM = re.compile(
    r"^\S[^，。；,;：:（）()]{0,24}?\s*[（(]\s*[0-9OoＯ]{1,6}(?:\.[A-Za-z]{1,3})?\s*[）)]"
    r"(?:\s+[^，。；,;！？!?（）()\s][^，。；,;！？!?（）()]{0,22})?$"
)
# A data-table row: a label, then figures and a few words (a broker, a rating, 按年), at least one
# figure: "恒生指數 25,812 -312", "滙豐控股 摩根士丹利 增持 128元", "每股盈利 5.2元 按年 (+12%)". A figure
# may carry a short unit ("1,932億元人民幣", "3房", "US$3億"), since the spaces already say it is a row.
# A rate may be a formula over a Latin base: "H+1.3厘", "封頂P-1.75厘", "HIBOR+0.8%".
_FIGURE = r"[（(]?(?:[\u3400-\u9fff]{0,3}[A-Z]{1,5}(?=[+\-−]))?[+\-−]?(?:[A-Z]{0,3}\$)?\d[\d,]*(?:\.\d+)?[^\s\d，。；,;：:！？!?（）()]{0,5}[）)]?"
# A figure with a few ideographs glued before it and a unit of at most two characters ("目標價410元",
# "現金回贈1.8%"; not "新造按揭30年最低定息"), and a bracketed note
# ("(上調)"): taken among a row's later cells, once a plain figure (or a rating word) says it is a row.
_GLUED_FIGURE = (r"(?:[\u3400-\u9fff]{1,4}[（(]?[+\-−]?(?:[A-Z]{0,3}\$)?\d[\d,]*(?:\.\d+)?"
                 r"[^\s\d，。；,;：:！？!?（）()]{0,2}[）)]?|" + _FIGURE + ")")
_ROW_CELL = rf"(?:{_GLUED_FIGURE}|[^\s\d，。；,;：:！？!?（）()]{{1,4}}|[（(][^\s\d（）()]{{1,4}}[）)])"
_TABLE_ROW = re.compile(
    rf"^[^\s，。；,;：:！？!?]{{1,14}}(?:\s+[^\s\d，。；,;：:！？!?（）()]{{1,6}}){{0,3}}\s+{_FIGURE}"
    rf"(?:\s+{_ROW_CELL}){{0,4}}$"
)
# A row of broker ratings without codes: a label, at least one word (a broker, a rating), then a
# glued figure ("比亞迪 買入 目標價410元"). The word between keeps out two-part headlines with an
# amount ("新股首掛升兩成 一手賺2,400元", "港股急跌 恒指瀉500點").
_RATING_ROW = re.compile(
    rf"^[^\s，。；,;：:！？!?]{{1,14}}(?:\s+[^\s\d，。；,;：:！？!?（）()]{{1,6}}){{1,3}}\s+{_GLUED_FIGURE}"
    rf"(?:\s+{_ROW_CELL}){{0,4}}$"
)
# A subtitle under a title: "——外資連續五日沽貨".
_SUBTITLE_MARK = ("——", "—", "--", "－－")
# An author printed after a dash where the article ends: "——陳栢熙", "── 李明".
_DASHES = "—－-─"
# A Latin name after a byline prefix: "撰文：Ivan Lo", "文：Mary-Anne Chan", "記者 K.Y. Wong".
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,3}$")
# A page-header date: "2026年11月25日 星期三 A002版", "2026-11-25", day first "30.11.2026（一）".
_PAGE_DATE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}"
    r"|[〇零一二][〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
)
# A weekday printed as one character in brackets after a date: "（一）", "(日)".
_SHORT_WEEKDAY = re.compile(r"^[（(][一二三四五六日天][）)]$")
_BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
# Brackets inside a headline may hold a stock code and price: "(2382, $78.5)".
_BRACKETED = re.compile(r"[（(][^（）()]{0,24}[）)]")
# A thousands separator in an amount ("2,400元"), not a clause break.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A page or issue code: A12, B06, 第3版, P.38, 第2231期 (a weekly's issue number).
_PAGE_NUMBER = re.compile(
    r"^(?:第?[A-Za-z]{0,2}\d{1,3}版|[A-Za-z]{1,2}\d{1,3}|[Pp]\.\s?\d{1,3}|第\d{1,3}[頁页]|第\d{1,5}期)$"
)


@dataclass(slots=True)
class Line:
    kind: str  # body, short, name, byline, caption, disclosure, item
    text: str
    column: str | None = None
    author: str | None = None
    open: bool = False  # a body line that does not end a sentence
    gap_before: int = 0  # blank lines above it on the page
    tag: bool = False  # an author tag printed at the end of its article ("[何志成 股海尋寶]")
    title: str | None = None  # an "inline" line's title, printed in brackets before its text
    quote: bool = False  # a caption that is a pull quote (a quotation alone between paragraphs)
    brief: bool = False  # a short line titling one of several one-line briefs printed in a row
    note: bool = False  # a bracketed source note at the page foot, on the whole page (placed in unassigned)
    indented: bool = False  # printed after a two-full-width-space indent (a paragraph's first line)
    runs_on: bool = False  # on a page whose paragraphs are marked by indents: its paragraph goes on below



def _compact(text: str) -> str:
    return "".join(text.split())


def _terminal(text: str, rules: SegmentRules) -> bool:
    """Whether ``text`` ends a sentence (closing quotes and brackets looked through)."""
    stripped = text.rstrip().rstrip(rules.closers)
    return bool(stripped) and stripped[-1] in rules.sentence_end


def _ends_paragraph(text: str, rules: SegmentRules) -> bool:
    """Whether a body line ends its paragraph: like ``_terminal``, but a line ending in ；
    is only a clause break (the paragraph goes on in the next column). A short bracket after the
    sentence's end ("…之一。(資料圖片)", "…追。（阿燦）") closes the paragraph too."""
    stripped = text.rstrip()
    if stripped[-1:] in "）)":
        start = max(stripped.rfind("（"), stripped.rfind("("))
        head = stripped[:start].rstrip().rstrip(rules.closers)
        if start > 0 and len(stripped) - start <= 12 and head and head[-1] in rules.sentence_end:
            return True
    stripped = stripped.rstrip(rules.closers)
    return bool(stripped) and stripped[-1] in rules.paragraph_end


def _furniture(line: str, rules: SegmentRules) -> bool:
    """A page head (masthead, page code, date, weekday, section): no article's text.

    Recognised by its shape, whatever the section is called: two anchors (a date, a page code
    such as A12/P14/B06, a masthead, a weekday) and at most a couple of short other words
    ("信報　市場脈搏　P14　2026年11月24日　星期二"); or one anchor with only known names beside it.
    """
    if len(line) > rules.max_furniture_chars:
        return False
    anchors, known, unknown, bare_numbers, dated = 0, 0, 0, 0, False
    for token in line.split():
        date = _PAGE_DATE.match(token)
        if token in rules.mastheads or _PAGE_NUMBER.match(token):
            anchors += 1
        elif date:
            anchors += 1
            dated = True
            rest = token[date.end():]
            if rest and rest.strip("()（）") not in rules.weekday_words and not _SHORT_WEEKDAY.match(rest):
                unknown += 1
        elif _BARE_PAGE_NUMBER.match(token):
            bare_numbers += 1  # a page number only beside a date ("30.11.2026（一）　財經　22")
        elif token.strip("()（）") in rules.weekday_words:
            anchors += 1
        elif token in rules.known_sections:
            known += 1
        elif len(token) <= rules.page_head_word_chars and not any(ch in rules.prose_punctuation for ch in token):
            unknown += 1
        else:
            return False
    if dated:
        anchors += bare_numbers
    else:
        unknown += bare_numbers
    if anchors == 0:
        return False
    # "財經 B4", "证券时报": one anchor with known names only; else two anchors and few other words.
    return unknown == 0 or (anchors + known >= 2 and unknown <= rules.page_head_unknown_words)


def _is_disclosure(inner: str, rules: SegmentRules) -> bool:
    head = inner.lstrip()[: rules.disclosure_max_cue_offset]
    return any(cue in head for cue in rules.disclosure_cues)


def _person_name(text: str, rules: SegmentRules) -> str | None:
    """The name(s) in an author line ("李靈修", "文：沈金", "■文︰李小明", "本报记者 李四 王五"),
    or None when it is not shaped like one. Several names need a prefix (记者…) before them."""
    body = text.strip().lstrip(rules.byline_markers).strip().replace("︰", "：")
    # "◎记者 王晓东 ○编辑 李慧": the editor's credit after the reporter's is no author; cut it off.
    cut = min((body.find(cue) for cue in rules.editor_credit_cues if body.find(cue) > 0), default=-1)
    if cut > 0:
        body = body[:cut].rstrip().rstrip(rules.byline_markers + "，,、/／|｜").rstrip()
    if not body or len(body) > (rules.name_chars[1] + 2) * rules.max_byline_names + 6:
        return None
    compact = _compact(body)
    rest = body
    for prefix in rules.byline_prefixes:
        if compact.startswith(prefix):
            rest = _after_prefix(body, len(prefix))
            latin = " ".join(rest.split())
            if _LATIN_NAME.match(latin):
                return latin  # "撰文：Ivan Lo": a prefix says the Latin words are a name
            break
    else:
        # "香港文匯報記者 周曉菁", "新华社记者 张明": any outlet before 記者.
        ends = [compact.find(end) + len(end) for end in rules.byline_prefix_ends if 0 <= compact.find(end) <= 10]
        if ends:
            rest = _after_prefix(body, max(ends))
    tokens = _NAME_SEPARATORS.split(rest.strip())
    if len(tokens) > 1 and rest is not body and (
            tokens[-1].endswith(rules.dateline_words) or tokens[-1].startswith(rules.dateline_words)):
        # "本报记者 王晓东 北京报道", "记者 李四 发自上海": the place it was filed from is no name.
        tokens.pop()
        rest = rest.strip()[: rest.strip().rfind(tokens[-1]) + len(tokens[-1])]
    if len(tokens) > 1 and rest is not body:
        # "本报记者 李雪 见习记者 王菲": a second reporter of another rank; the rank is no name.
        names = [_strip_rank(t, rules) for t in tokens]
        if any(n != t for n, t in zip(names, tokens, strict=True)):
            names = [n for n in names if n]
            if 0 < len(names) <= rules.max_byline_names and all(_single_name(n, rules) for n in names):
                return "、".join(names)
            return None
    if len(tokens) > 1:
        if rest == body or len(tokens) > rules.max_byline_names or not all(tokens):
            return None
        # Several names as printed ("李四 王五", "李四、王五"): one convention, joined by 、.
        return "、".join(tokens) if all(_single_name(t, rules) for t in tokens) else None
    single = _compact(rest)
    marked = text.strip()[:1] in rules.byline_markers or compact[: len(compact) - len(single)].endswith(("：", ":"))
    if rest is not body and marked and single and _IDEOGRAPH.fullmatch(single):
        # After "文：" (or a marker and a prefix) any short word is a name, pen names too ("文：阿麥").
        low, high = rules.name_chars
        return single if low <= len(single) <= high + 1 else None
    return _single_name(single, rules)


def _strip_rank(token: str, rules: SegmentRules) -> str:
    """``token`` without a reporter's rank before the name ("见习记者王菲" → "王菲", "见习记者" → "")."""
    for prefix in rules.byline_prefixes:
        if token.startswith(prefix) and not prefix.endswith(("：", ":")):
            return token[len(prefix):]
    return token


def _printed_beyond(unit: Line) -> bool:
    """Whether a column-and-author line prints more than its column and name ("[盧一鳴專欄]" gives
    the column 盧一鳴專欄 and the author 盧一鳴): then the line as printed is kept as the byline."""
    if not (unit.column and unit.author):
        return False
    return sorted(_compact(unit.column + unit.author)) != sorted(_compact(unit.text))


def column_tag(line: str, rules: SegmentRules) -> Line | None:
    """A column tag in brackets, "[盧一鳴專欄]", "【陳美華之見】": the inside is the column, the name
    before the column word (專欄, 之見, 隨筆…) its author when it reads as a name (a surname first,
    or 阿/老). Printed above a title, it heads the article."""
    if len(line) < 4 or line[0] not in "[［〔【" or line[-1] not in "]］〕】" or len(line) > rules.max_heading_chars:
        return None
    inner = _compact(line[1:-1])
    for suffix in rules.column_tag_suffixes:
        if inner.endswith(suffix) and len(inner) > len(suffix):
            name = inner[: -len(suffix)]
            low, high = rules.name_chars
            if _single_name(name, rules) or (
                    low <= len(name) <= high and _IDEOGRAPH.fullmatch(name) and name.startswith(rules.pen_name_prefixes)):
                return Line("byline", line, column=inner, author=name)
            if _IDEOGRAPH.fullmatch(inner):
                return Line("byline", line, column=inner)  # "【投資專欄】": a column, no name to take
    return None


def _after_prefix(text: str, length: int) -> str:
    """``text`` after its first ``length`` non-blank characters (a byline prefix)."""
    seen = 0
    for index, ch in enumerate(text):
        if seen == length:
            return text[index:]
        seen += not ch.isspace()
    return ""


def _single_name(compact: str, rules: SegmentRules) -> str | None:
    if not compact or _IDEOGRAPH.fullmatch(compact) is None:
        return None
    low, high = rules.name_chars
    if compact[:2] in rules.compound_surnames and low + 1 <= len(compact) <= high + 1:
        return compact
    if compact[0] in rules.surnames and low <= len(compact) <= high:
        return compact
    return None


def _column_like(text: str, rules: SegmentRules) -> bool:
    if text in rules.known_columns:
        return True
    return (
        2 <= len(text) <= rules.max_column_chars
        and not _terminal(text, rules)
        and not any(ch in rules.prose_punctuation for ch in text)
    )


def _byline(text: str, rules: SegmentRules) -> tuple[str, str] | None:
    """``(column, author)`` for a "頭牌手記 沈金" line (either order), else None."""
    tokens = text.split()
    if "\u3000" in text and len(tokens) > 2:
        # "投資攻略　Ivan Lo": the wide space parts the column from a Latin name that has spaces itself.
        tokens = [part.strip() for part in text.split("\u3000") if part.strip()]
        if (len(tokens) == 2 and _column_like(tokens[0], rules) and _LATIN_NAME.match(" ".join(tokens[1].split()))
                and _IDEOGRAPH.search(tokens[0])):
            return tokens[0], " ".join(tokens[1].split())
        return None
    if len(tokens) != 2:
        return None
    first, second = tokens
    if _column_like(first, rules) and _person_name(second, rules) and not _person_name(first, rules):
        return first, second
    # "散戶日記　阿麥": a column and a pen name set apart by an ideographic space. A headline's halves
    # may be set apart so too ("港股回穩　待突破"): the name must read as one (阿麥, 老馮) or the column be known.
    low, high = rules.name_chars
    if ("\u3000" in text and _column_like(first, rules) and len(first) > len(second)
            and low <= len(second) <= high and _IDEOGRAPH.fullmatch(second)
            and (second.startswith(rules.pen_name_prefixes) or first in rules.known_columns)):
        return first, second
    if _column_like(second, rules) and _person_name(first, rules) and not _person_name(second, rules):
        return second, first
    return None


def _heading_shaped(text: str, rules: SegmentRules) -> bool:
    """Short, no sentence end, no prose punctuation outside brackets ("騰訊 (700, $512) 料回暖" is one)."""
    compact = _compact(text)
    outside = _THOUSANDS.sub("", _BRACKETED.sub("", compact))  # "一手賺2,400元": no clause comma
    return (
        len(compact) <= rules.max_heading_chars
        and not _terminal(compact, rules)
        and not any(ch in rules.prose_punctuation for ch in outside)
    )


def _end_tag(line: str, rules: SegmentRules) -> Line | None:
    """An author tag in square brackets: "[何志成 股海尋寶]", "[周志豪]" (printed where the article ends)."""
    if not (line[0] in "[［〔" and line[-1] in "]］〕") or len(line) > rules.max_heading_chars:
        return None
    inner = line[1:-1].strip()
    if (byline := _byline(inner, rules)) is not None:
        return Line("byline", line, column=byline[0], author=byline[1], tag=True)
    if _person_name(inner, rules) is not None:
        return Line("name", line, author=line, tag=True)
    return None


def desk_name(text: str, rules: SegmentRules) -> bool:
    """A team that signs a column ("法國興業證券上市產品銷售部", "中金公司研究部"): one word of
    ideographs (a Latin firm name before it allowed) ending in a desk's name; its place decides
    whether it ends the article above or heads the next, like any author line."""
    compact = _compact(text)
    return (rules.org_author_min_chars <= len(compact) <= rules.max_heading_chars
            and len(text.split()) == 1 and compact.endswith(rules.org_author_suffixes)
            and _IDEOGRAPH.fullmatch(compact[-4:]) is not None
            and not any(ch in rules.prose_punctuation or ch.isdigit() for ch in compact))


def dash_name(text: str, rules: SegmentRules) -> str | None:
    """The name in "——陳栢熙": an author signing off after a dash (a subtitle after a dash is longer)."""
    stripped = text.strip()
    if not stripped.startswith(_SUBTITLE_MARK + ("─",)):
        return None
    rest = stripped.lstrip(_DASHES).strip()
    return _person_name(rest, rules) if rest else None


def signoff_name(text: str, rules: SegmentRules) -> str | None:
    """The name in "——阿麥": a dash, then a pen name of 2 to ``pen_name_chars`` characters (the walker
    takes it as the author only after the article's text, where no subtitle stands)."""
    stripped = text.strip()
    if not stripped.startswith(_SUBTITLE_MARK + ("─",)):
        return None
    name = stripped.lstrip(_DASHES).strip()
    low, _ = rules.name_chars
    if low <= len(name) <= rules.pen_name_chars - 2 and _IDEOGRAPH.fullmatch(name):
        return name
    return None


def prefixed_pen_name(text: str, rules: SegmentRules) -> bool:
    """A line of 2-3 ideographs that reads as a pen name by its first character ("老顧", "阿麥"):
    an author line, placed by position like any name (it ends the text above or heads the next)."""
    low, high = rules.name_chars
    return (low <= len(text) <= min(high, 3) and _IDEOGRAPH.fullmatch(text) is not None
            and text.startswith(rules.pen_name_prefixes))


def pen_name(text: str, rules: SegmentRules) -> str | None:
    """A pen name after a byline marker ("●股壇狙擊手"): the marker says it is an author line."""
    stripped = text.strip()
    if not stripped or stripped[0] not in rules.byline_markers:
        return None
    name = stripped.lstrip(rules.byline_markers).strip()
    if 2 <= len(name) <= rules.pen_name_chars and _IDEOGRAPH.fullmatch(name):
        return name
    return None


def _classify(line: str, rules: SegmentRules) -> list[Line]:
    """The unit(s) of one stripped, non-blank line: usually one; more when contact lines end it."""
    if line[0] in rules.caption_markers:
        return [Line("caption", line)]
    if len(line) <= rules.max_heading_chars and (
            line.startswith(rules.credit_cues)
            or (line.endswith(rules.credit_suffixes) and not any(ch in rules.prose_punctuation for ch in line))):
        return [Line("caption", line)]  # "資料來源：彭博", "新華社記者 張明 攝" credit a chart or photo
    if _furniture(line, rules):
        return [Line("furniture", line)]
    bracketed = line[0] in "(（" and line[-1] in ")）" and len(line) <= rules.max_disclosure_chars
    if bracketed and _is_disclosure(line[1:-1], rules):
        return [Line("disclosure", line)]
    if bracketed and _person_name(line[1:-1], rules):
        # "（記者 陳大文）" under the text: the author's credit, which ends the article.
        return [Line("disclosure", line, author=line)]
    # "…再定行結。(微博：有容載道)": the contact line is split off the paragraph it ends.
    tails: list[Line] = []
    end = len(line)
    while line[end - 1] in ")）":
        start = max(line.rfind("(", 0, end), line.rfind("（", 0, end))
        if start <= 0 or end - start > rules.max_disclosure_chars:
            break
        if not _is_disclosure(line[start + 1:end - 1], rules):
            break
        head_end = start
        while head_end > 0 and line[head_end - 1].isspace():
            head_end -= 1
        if head_end == 0:
            break
        tails.append(Line("disclosure", line[start:end]))
        end = head_end
    tails.reverse()
    return [_classify_shape(line[:end] if tails else line, rules), *tails]


def _classify_shape(line: str, rules: SegmentRules) -> Line:
    compact = _compact(line)
    if len(compact) <= rules.max_box_item_chars and (_BOX_ITEM.match(line) or _TABLE_ROW.match(line)
                                                          or _RATING_ROW.match(line)):
        return Line("item", line)
    if (tag := column_tag(line, rules)) is not None:
        return tag
    if (tag := _end_tag(line, rules)) is not None:
        return tag
    if dash_name(line, rules) is not None:
        return Line("name", line, author=line)
    if _person_name(line, rules) is not None or pen_name(line, rules) is not None:
        return Line("name", line, author=line)
    if (byline := _byline(line, rules)) is not None:
        return Line("byline", line, column=byline[0], author=byline[1])
    if desk_name(line, rules) or prefixed_pen_name(line, rules):
        return Line("name", line, author=line)
    if _heading_shaped(line, rules):
        return Line("short", line)
    if (title := inline_title(line, rules)) is not None:
        return Line("inline", line, open=not _ends_paragraph(line, rules), title=title)
    return Line("body", line, open=not _ends_paragraph(line, rules))


# Brackets that print a brief's title at the start of its text: "【小米季績勝預期】小米集團…".
_INLINE_BRACKETS = {"【": "】", "〖": "〗"}


def inline_title(line: str, rules: SegmentRules) -> str | None:
    """The title printed in brackets before the text of a brief ("【小米季績勝預期】小米集團…"),
    or None. A dateline tag (【明報專訊】, 【新華社電】) is none, nor a short label (【觀點】);
    the walker makes it a title only in a list of such briefs."""
    closing = _INLINE_BRACKETS.get(line[:1])
    end = line.find(closing, 1) if closing else -1
    if end < 0:
        return None
    inner, rest = line[1:end].strip(), line[end + 1:].strip()
    low, high = rules.inline_title_chars
    if (not low <= len(_compact(inner)) <= high or inner.endswith(rules.inline_title_not_ending)
            or not _heading_shaped(inner, rules) or len(_compact(rest)) < 2 * low):
        return None
    return inner


def _table_row_cells(text: str, rules: SegmentRules) -> int:
    """How many cells a line has when it reads as a row of a table (cells parted by spaces, short,
    no sentence punctuation, one cell mostly a figure: "按年+2.6%", "1,120萬元", not the "US$3億綠債"
    of a headline); 0 when it does not."""
    cells = text.split()
    if (len(cells) < 2 or any(len(cell) > rules.table_cell_chars for cell in cells)
            or not any(sum(ch.isdigit() or ch in ".,%+-−" for ch in cell) * 5 >= len(cell) * 2 for cell in cells) or any(ch in "，。；：！？,;:!?、" for ch in _THOUSANDS.sub("", text))):
        return 0
    return len(cells)


def _mark_table_rows(units: list[Line], rules: SegmentRules) -> None:
    """Rows of a table printed in the text ("社會消費品零售總額　4.21萬億元人民幣　按年+2.6%",
    "太古城 中心3座高層 1,120萬元 呎價1.52萬"): box items, though no single row's shape says so.

    A lone line with spaces and a figure may be a two-part headline ("港股急跌 恒指瀉500點");
    lines in a row of such shapes, three cells each or three of them, are a table; so are two
    rows of two cells under a short title line ("主要數據" / "CPI　按年+0.2%" / "PPI　按年-2.1%"),
    each ending in a figure."""
    i = 0
    while i < len(units):
        j = i
        cells: list[int] = []
        # Across a blank line (some pages print one after every line) a row must have as many
        # cells as the one above, three or more: a two-part headline with a figure may come next.
        while (j < len(units) and units[j].kind in ("short", "body", "item")
               and (count := _table_row_cells(units[j].text, rules))
               and (j == i or units[j].gap_before == 0 or (units[j].gap_before == 1 and count == cells[-1] >= 3))):
            cells.append(count)
            j += 1
        if (len(cells) >= 3 and cells[0] == 2 and min(cells[1:]) >= 3
                and (i == 0 or units[i - 1].kind != "short") and len(_compact(units[i].text)) <= rules.max_heading_chars):
            # "主要商品價格 (11月28日)" over rows of three cells or more: the table's title, dated.
            units[i].kind, units[i].open = "short", False
            i += 1
            cells = cells[1:]
        titled = (len(cells) == 2 and i > 0 and units[i - 1].kind == "short" and units[i + 1].gap_before == 0
                  and all(any(ch.isdigit() for ch in units[k].text.split()[-1]) for k in range(i, j)))
        if len(cells) >= 3 or (len(cells) == 2 and (min(cells) >= 3 or titled)):
            for k in range(i, j):
                units[k].kind, units[k].open = "item", False
        i = max(j, i + 1)


# An announcement item opens with the company and its code: "贵州茅台（600519）公告，…", "友邦保險(1299)…".
_LISTED_LEAD = re.compile(r"^[●■◆◇□○▲►·•\s]*\*?[\u4e00-\u9fffA-Za-z]{2,10}[(（]\d{3,6}(?:\.[A-Za-z]{2})?[)）]")


def _mark_announcement_rows(units: list[Line], rules: SegmentRules) -> None:
    """A short heading ("公告速递", "简讯") over two or more lines in a row that each open with a
    company and its code, with no headline between them: an announcement list printed as one
    box (its items are the lines). A briefs list has a headline over each item and stays articles."""
    for i, unit in enumerate(units):
        # "简讯" reads as a name (简 is a surname); over a list of announcements it is its heading.
        label = unit.kind == "name" and any(cue in unit.text for cue in rules.brief_list_cues)
        if (unit.kind != "short" and not label) or len(_compact(unit.text)) > rules.max_column_chars:
            continue
        j, rows = i + 1, 0
        while j < len(units) and units[j].kind == "body" and _LISTED_LEAD.match(units[j].text):
            j, rows = j + 1, rows + 1
            if j < len(units) and units[j - 1].open and units[j].kind == "body" and units[j].gap_before == 0:
                j += 1  # the rest of an item broken at the column edge
        if rows >= rules.min_box_items:
            if label:
                unit.kind, unit.author = "short", None
            for k in range(i + 1, j):
                units[k].kind, units[k].open = "item", False


# A row of a fact box: a short label, a colon and a short value ("招股價：5.80至6.20元", "姓名：黃志勤").
_FACT_ROW = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,6}[：:]\s*\S")
_FACT_VALUE_CHARS = 24
_MIN_FACT_ROWS = 3


def _fact_row(unit: Line) -> bool:
    text = _compact(unit.text)
    value = text[text.find("：") + 1:] if "：" in text else text[text.find(":") + 1:]
    return (unit.kind == "short" and bool(_FACT_ROW.match(text)) and len(value) <= _FACT_VALUE_CHARS
            and not any(ch in "，。；！？,;!?" for ch in _THOUSANDS.sub("", value)))


def _mark_fact_rows(units: list[Line], rules: SegmentRules) -> None:
    """A short title line over three or more "label：value" lines in a row with no blank line
    between ("受訪者簡介" / "姓名：…" / "職位：…" / "年齡：47歲"; "【…招股資料】" / "招股價：…" /
    "每手：500股" …): a box of facts (a profile, an IPO fact sheet), its rows the lines. Credit
    lines ("記者：…") never count (they are read as names); nor do lines with sentence punctuation."""
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and units[j].gap_before == 0 and _fact_row(units[j]):
            j += 1
        if (j - i - 1 >= _MIN_FACT_ROWS and units[i].kind == "short" and not _fact_row(units[i])
                and len(_compact(units[i].text)) <= rules.max_heading_chars):
            for k in range(i + 1, j):
                units[k].kind, units[k].open = "item", False
            i = j
        else:
            i += 1


# A numbered row of a box: "1. 留意美國就業數據", "2、高息股回調可吸納".
_NUMBERED_ROW = re.compile(r"^\d{1,2}\s*[.、)）．]")
_HEADLINE_BODY_CHARS = 40


def _row_shape(text: str) -> tuple[bool, int]:
    return bool(_NUMBERED_ROW.match(text)), len(text.split())


def _unmark_headline_after_rows(units: list[Line], rules: SegmentRules) -> None:
    """A two-part headline with a figure ("強積金回報　11月升2.3%") has a table row's shape; printed
    right under a box's last row with no blank line, it reads as one more row. It is the headline
    of the next article when its shape differs from the rows above it (numbered rows, or another
    number of cells), a paragraph follows it, and its first part comes back in that paragraph (a
    headline names its subject; a row's label does not announce the text after a box)."""
    for i in range(1, len(units) - 1):
        unit, above, after = units[i], units[i - 1], units[i + 1]
        parts = unit.text.split()
        if (unit.kind != "item" or above.kind != "item" or after.kind != "body" or len(parts) != 2
                or _row_shape(unit.text) == _row_shape(above.text) or _NUMBERED_ROW.match(unit.text)
                or len(_compact(after.text)) < _HEADLINE_BODY_CHARS):
            continue
        lead = re.sub(r"[^\u4e00-\u9fff]", "", parts[0])
        if any(lead[k:k + 2] in after.text for k in range(len(lead) - 1)):
            unit.kind = "short"


# The marker leading a row of a list box: a bullet, a circled number, 一、, 1、 or (1).
_LIST_MARKER = re.compile(r"^(?:([●■◆◇□○•·▪►★☆])|[①-⑳]|[一二三四五六七八九十]{1,2}、|\d{1,2}[、.．)）]|[(（]\d{1,2}[)）])")


def _marker_kind(text: str) -> str | None:
    """Which sort of list marker leads ``text`` (the bullet itself, or "numbered"), or None."""
    found = _LIST_MARKER.match(text)
    if found is None:
        return None
    return found.group(1) or "numbered"


def _mark_marked_rows(units: list[Line], rules: SegmentRules) -> None:
    """A short title over three or more short lines in a row, with no blank line, each led by the
    same sort of list marker ("本周貼士" / "● 留意美國就業數據" / "● 高息股回調可吸納" …, or
    ①②③, 一、二、三、): a list box (tips, points to watch), its rows the lines. Numbered subheads
    ("一、科技股受壓") have text between them; a list has none."""
    i = 0
    while i < len(units):
        marker = _marker_kind(units[i + 1].text) if i + 1 < len(units) else None
        j = i + 1
        # A bulleted line alone reads as a pen name ("●股壇狙擊手"); three in a row are a list.
        while (marker is not None and j < len(units) and units[j].kind in ("short", "item", "name") and units[j].gap_before == 0
               and _marker_kind(units[j].text) == marker and len(_compact(units[j].text)) <= rules.max_box_item_chars):
            j += 1
        if (j - i - 1 >= _MIN_FACT_ROWS and units[i].kind == "short" and _marker_kind(units[i].text) is None
                and len(_compact(units[i].text)) <= rules.max_heading_chars):
            for k in range(i + 1, j):
                units[k].kind, units[k].open, units[k].author = "item", False, None
            i = j
        else:
            i += 1


_ROW_LABEL_CHARS = 6
_ROW_CHARS = 16


def _extend_rows(units: list[Line], rules: SegmentRules) -> None:
    """A "label　value" line with no figure ("保薦人　中金公司") under rows of the same number of cells
    ("招股價　5.80至6.20元" / "每手　500股"), with no blank line, is the box's last row though no
    row shape matches it, when no paragraph or byline follows it (a headline heads text; a row
    does not) and it is short, its first cell a label. Under rows of "name (code)" ("萬洲國際 (00288)")
    a two-part line is a headline ("美股翻身乏力 A股港股具韌性"), never a row."""
    for i in range(1, len(units)):
        unit, above = units[i], units[i - 1]
        parts = unit.text.split()
        if (unit.kind != "short" or above.kind != "item" or unit.gap_before or len(parts) != len(above.text.split())
                or len(parts) < 2 or len(_compact(parts[0])) > _ROW_LABEL_CHARS
                or len(_compact(unit.text)) > _ROW_CHARS or _NUMBERED_ROW.match(above.text)
                or any(ch in above.text for ch in "(（")):  # rows of "name (code)" take no label row
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt is None or (nxt.kind in ("short", "furniture") and not nxt.text.startswith(("—", "─"))):
            unit.kind = "item"


# A one-line brief: its text is one short paragraph (a feature's sections run longer).
_ONE_LINE_BRIEF_CHARS = 100
_MIN_BRIEFS = 3


def _mark_brief_runs(units: list[Line], rules: SegmentRules) -> None:
    """Short lines that title one-line briefs in a layout with no blank lines ("港交所推新指數期貨" /
    one line of text / "領展增派中期分派" / one line of text …): three or more such pairs in a row,
    with no blank line, byline or longer text among them, are a list of briefs, each its own
    article, whatever the heading above them is called (one more pair is asked for right under
    a paragraph, where a column's subheads could also stand)."""
    i = 0
    while i < len(units):
        j = i
        while (j + 1 < len(units) and units[j].kind == "short" and units[j + 1].kind == "body"
               and not units[j + 1].open and units[j + 1].gap_before == 0
               and (j == i or units[j].gap_before == 0)
               and len(_compact(units[j + 1].text)) <= _ONE_LINE_BRIEF_CHARS
               and units[j].text not in rules.known_columns and units[j].text not in rules.known_sections):
            j += 2
        h = i - 1
        while h >= 0 and units[h].kind in ("caption", "furniture"):
            h -= 1
        # Under a heading, an author line or a table, or at the top; right under a paragraph only
        # when longer (three subheads over a paragraph each may end a short column).
        headed = h < 0 or units[h].kind != "body"
        if (j - i) // 2 >= _MIN_BRIEFS + (not headed):
            for k in range(i, j, 2):
                units[k].brief = True
        i = max(j, i + 1)


def _pull_quote(units: list[Line], i: int, rules: SegmentRules) -> bool:
    """A quotation alone on its line between two paragraphs, with no speaker ("「補貼帶動的多屬提前
    消費，政策一退，需求便回落。」"): a pull quote set in the text, not a paragraph. A quote in
    the story names its speaker on the same line (「…」他說。)."""
    text = _compact(units[i].text)
    dash = min((text.find(d) for d in ("——", "──", "—") if d in text), default=-1)
    if dash > 0 and len(text) - dash <= 14 and not any(ch in "，。；,;" for ch in text[dash:]):
        text = text[:dash]  # 「…」——某基金經理: the quote signed after a dash
    closing = {"「": "」", "“": "”", "『": "』"}.get(text[:1])
    if closing is None or not text.endswith(closing) or len(text) > rules.pull_quote_max_chars:
        return False
    if text.find(closing, 1) != len(text) - 1:
        return False  # 「…」，他說「…」: two quotations and a speaker
    h = i - 1
    while h >= 0 and units[h].kind == "caption":
        h -= 1
    j = _next_index(units, i)
    return (h >= 0 and units[h].kind == "body" and not units[h].open
            and j < len(units) and units[j].kind in ("body", "short"))


def _units(text: str, rules: SegmentRules) -> list[Line]:
    units: list[Line] = []
    gap = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            gap += 1
            continue
        found = _classify(line, rules)
        found[0].gap_before = gap
        found[0].indented = raw.startswith(_INDENT)
        units.extend(found)
        gap = 0
    _mark_page_notes(units, rules)
    _mark_indented_paragraphs(units, rules)
    _mark_table_rows(units, rules)
    _mark_announcement_rows(units, rules)
    _mark_fact_rows(units, rules)
    _mark_marked_rows(units, rules)
    _unmark_headline_after_rows(units, rules)
    _extend_rows(units, rules)
    _mark_brief_runs(units, rules)
    for i, unit in enumerate(units):
        if unit.kind == "body" and _pull_quote(units, i, rules):
            unit.kind, unit.quote = "caption", True
    for i, unit in enumerate(units):
        # "港股何去何從？" reads as a sentence, but over a byline (or right under one) it is a title.
        if unit.kind == "body" and _question_title(unit.text, rules):
            h = i - 1
            while h >= 0 and units[h].kind in ("caption", "furniture"):
                h -= 1
            under_byline = h >= 0 and units[h].kind in ("name", "byline") and not units[h].tag
            j = _next_index(units, i)
            k = _next_index(units, j)
            over_byline = j < len(units) and units[j].kind in ("name", "byline")
            over_header = (j < len(units) and units[j].kind == "short"
                           and k < len(units) and units[k].kind in ("name", "byline"))
            # After a box (its last row) as after a closing line: nothing above it to go on.
            first = h < 0 or units[h].kind in ("disclosure", "short", "item") or units[h].tag
            # Alone between paragraphs it is heading-shaped too: the walker weighs title against subhead.
            alone = h >= 0 and units[h].kind == "body" and not units[h].open
            if over_byline or over_header or under_byline or first or alone or headline_over_body(units, i, rules):
                unit.kind, unit.open = "short", False
    return units


_INDENT = "\u3000\u3000"


def _mark_indented_paragraphs(units: list[Line], rules: SegmentRules) -> None:
    """On a page that marks paragraphs by indentation (most body lines indented, no blank lines
    needed), an unindented body line under an indented one is that paragraph's next printed line,
    even when the line above ends a sentence: the indent, not the full stop, opens a paragraph."""
    body = [unit for unit in units if unit.kind in ("body", "inline")]
    indented = [unit for unit in body if unit.indented]
    if len(indented) < rules.indented_page_min_lines or 3 * len(indented) < len(body):
        return
    for unit, below in zip(units, units[1:], strict=False):
        if unit.kind in ("body", "inline") and below.kind == "body" and not below.indented and below.gap_before == 0:
            unit.runs_on = True


def _page_note(text: str, rules: SegmentRules) -> bool:
    """A source or data note in brackets ("（資料來源：彭博）", "（本版資料由各公司公告整理）")."""
    return (len(text) <= rules.max_page_note_chars and text[:1] in "(（" and text[-1:] in ")）"
            and "（" not in text[1:-1] and "(" not in text[1:-1]
            and any(word in text for word in rules.page_note_words))


def _mark_page_notes(units: list[Line], rules: SegmentRules) -> None:
    """Bracketed source notes at the very foot of the page: they speak for the whole page (or
    its table), so they go to unassigned like the page head, not into the last article's text."""
    for unit in reversed(units):
        if unit.kind == "furniture" or unit.note:
            continue
        if not _page_note(unit.text, rules):
            return
        unit.kind, unit.note, unit.open = "furniture", True, False


def headline_over_body(units: list[Line], i: int, rules: SegmentRules) -> bool:
    """A two-part headline asking a question ("內需未穩出口轉弱 明年增長靠甚麼？") right over a long
    paragraph: a title even under a paragraph left open (a piece of a broken sentence has no
    space between two halves, nor a question mark at its end)."""
    text = units[i].text
    parts = text.split()
    if len(parts) != 2 or min(len(p) for p in parts) < 3 or _compact(text).rstrip(rules.closers)[-1:] not in rules.title_end_marks:
        return False
    if not _question_title(text, rules):
        return False
    j = _next_index(units, i)
    return j < len(units) and units[j].kind == "body" and len(units[j].text) >= rules.max_heading_chars


def _question_title(text: str, rules: SegmentRules) -> bool:
    """"港股何去何從？", or a question as the first half of a two-part headline ("年尾揸邊隻？ 收息股穩陣過炒孖展")."""
    compact = _compact(text).rstrip(rules.closers)
    if len(compact) > rules.max_heading_chars:
        return False
    marks = "".join(rules.title_end_marks)
    parts = [part.rstrip(rules.closers) for part in text.split()]
    if (len(parts) == 2 and parts[0][-1:] in rules.title_end_marks and len(parts[1]) >= 2
            and _IDEOGRAPH.search(parts[0]) and _IDEOGRAPH.search(parts[1])):
        return not any(ch in rules.prose_punctuation for part in parts for ch in part.rstrip(marks))
    return (
        compact[-1:] in rules.title_end_marks
        and not any(ch in rules.prose_punctuation for ch in compact[:-1].rstrip(marks))
    )


def clean_body_text(text: str) -> str:
    """Remove stray spaces between two CJK characters, keep those in Latin text ("Sora Pro 1080P")."""
    return _CJK_SPACE.sub("", text)


def _separator(left: str, right: str) -> str:
    """What goes between two pieces of a sentence broken across a column break.

    Nothing inside CJK text or words; a space between two Latin letters or digits, since a
    Latin word broken at a column edge cannot be told from two words ("Sora Pro" / "1080P")
    and a space loses no character.
    """
    if left and right and left[-1].isascii() and right[0].isascii() and left[-1].isalnum() and right[0].isalnum():
        # A lowercase letter after a letter goes on a word broken at the edge ("Black" / "well");
        # Latin in Chinese press is names, tickers and acronyms, rarely lowercase running text.
        return "" if left[-1].isalpha() and right[0].islower() else " "
    return ""


def _next_index(units: list[Line], i: int) -> int:
    """Index of the next unit after ``i`` that is not a caption (``len(units)`` at the end)."""
    j = i + 1
    while j < len(units) and units[j].kind in ("caption", "furniture"):
        j += 1
    return j

