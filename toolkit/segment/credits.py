"""Credit lines: who wrote, reported, translated or compiled a story, or which agency filed it.

A credit line is printed under the title (``文：何曉彤（某證券研究部）``, ``報道：明報記者 甲　攝影：
明報記者 乙``, ``編譯：李曉晴``, ``（綜合外電）``), above it (``【彭博】``) or at the end of the text
(``（作者梁志遠為大學經濟系副教授）``, ``〔馮嘉欣　資深測量師〕``). Whatever its place, a line that is
mostly credits is never a title, a column or a section: ``read_credit`` says whether a line
is one and whose name it gives (the writer's, never the photographer's or the editor's;
none for an agency). The cue words are ``credit_lines`` in ``segment_rules.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from toolkit.document import Article
from toolkit.segment.evidence import Decision
from toolkit.segment.rules import CreditRules, SegmentRules
from toolkit.segment.shapes import (
    _IDEOGRAPH,
    _LATIN_NAME,
    Line,
    _after_prefix,
    _compact,
    _person_name,
    _single_name,
)

_OPEN, _CLOSE = "（(【[［〔", "）)】]］〕"
_PARTS = re.compile(r"[、/／・，,\s]+")
_DASHES = "—－-─"
_AFFILIATED = re.compile(r"([\u3400-\u9fff]{2,4})\s*[（(]([^（）()]{2,24})[）)]")


@dataclass(frozen=True, slots=True)
class Credit:
    """What a credit line gives: the author's name(s) (None for an agency), and the shape it was read from."""

    author: str | None
    shape: str


def _unbracket(text: str) -> tuple[str, bool]:
    """``text`` without one pair of outer brackets, and whether it had them."""
    if len(text) >= 2 and text[0] in _OPEN and text[-1] in _CLOSE and _OPEN.index(text[0]) == _CLOSE.index(text[-1]):
        return text[1:-1].strip(), True
    return text, False


def agency_credit(text: str, rules: SegmentRules) -> bool:
    """A line holding only agency names: "（路透）", "【彭博】", "綜合外電", "（據新華社電）", "(路透/彭博)".

    Bare (without brackets) only names of three characters or more count, so a section
    called "綜合" is no credit.
    """
    credits = rules.credit_lines
    if credits is None:
        return False
    inner, bracketed = _unbracket(_compact(text).lstrip(rules.byline_markers))
    parts = [p for p in _PARTS.split(inner) if p]
    if not parts or len(parts) > 3:
        return False
    return all(_agency(part, credits, bracketed) for part in parts)


def _agency(word: str, credits: CreditRules, bracketed: bool) -> bool:
    """One agency name, maybe wrapped: "路透", "據新華社電", "本報綜合"."""
    for before in ("", *credits.agency_before):
        if not word.startswith(before):
            continue
        rest = word[len(before):]
        for after in ("", *credits.agency_after):
            if after and not rest.endswith(after):
                continue
            name = rest[: len(rest) - len(after)]
            if name in credits.agencies and (bracketed or len(name) >= 3):
                return True
    return False


def above_title_tag(text: str) -> bool:
    """An agency tag in square or lenticular brackets ("【彭博】"), printed over the story it files."""
    stripped = text.strip()
    return stripped[:1] in "【[［〔"


def read_credit(text: str, rules: SegmentRules) -> Credit | None:
    """The credit a line prints, or None when the line is no credit line.

    Shapes, in order: an agency tag; a closing note on the writer (``（作者X為…）``); a
    bracketed name with the writer's job (``〔X　資深測量師〕``); one or more labelled credits
    (``報道：… 攝影：…``), the first naming the writer, maybe with the firm in brackets
    (``文：X（某證券研究部）``).
    """
    credits = rules.credit_lines
    if credits is None or not text.strip():
        return None
    if agency_credit(text, rules):
        return Credit(None, "agency tag")
    body = text.strip().lstrip(rules.byline_markers).strip().replace("︰", "：")
    inner, bracketed = _unbracket(body)
    if name := _note_name(inner, rules, credits, bracketed):
        return Credit(name, "note on the writer")
    if bracketed and body[0] in "【[［〔" and (name := _person_name(inner, rules)) and _compact(name) != _compact(inner):
        return Credit(name.strip(), "bracketed byline")  # "【記者 葉卓軒】"
    if bracketed and (name := _job_tag(inner, rules, credits)):
        return Credit(name, "name and the writer's job")
    if bracketed and body[0] in "（(" and (credit := _labelled(inner, rules, credits)) and credit.author:
        # "（解答：黃綺雯）" after a reader's question: the expert's credit closing the answer.
        return Credit(credit.author, "name and a credit label in brackets")
    if name := _name_with_affiliation(body.lstrip(_DASHES).strip(), rules, credits):
        return Credit(name, "name with the writer's firm or job")
    if name := _filed_from(body, rules, credits):
        return Credit(name, "reporter byline with the place it was filed from")
    if name := _spaced_names(body, rules):
        return Credit(name, "reporter byline with names spaced out to the line's width")
    if bracketed and body[0] in "（(" and (name := _tail_credit(body, rules)):
        return Credit(name, "reporter credit in round brackets")  # "（本報記者 馮樂）", where the text ends
    return _labelled(body, rules, credits)


def _reporter(text: str, rules: SegmentRules) -> str | None:
    """The name(s) in a byline led by a reporter's prefix ("記者 馮樂", "本报记者 周涛 赵一鸣"); None for
    a bare name, which in brackets may be anything ("（李寧）")."""
    name = _person_name(text, rules)
    if name is None or _compact(name) == _compact(text.lstrip(rules.byline_markers)):
        return None
    return name.strip()


def _spaced_names(body: str, rules: SegmentRules) -> str | None:
    """"王磊" in "本报记者 王　磊": a two-character name set with a space between its characters (so it
    fills the width of a three-character one); "王磊、李娜" in "记者 王　磊 李　娜". Only after a prefix."""
    if len(body.split()) < 3:
        return None  # a prefix and at least two characters, each set apart
    compact = _compact(body)
    prefix = next((p for p in rules.byline_prefixes if compact.startswith(p)), None)
    if prefix is None:
        return None
    chars = _after_prefix(body, len(prefix)).split()
    if not chars or len(chars) % 2 or any(len(ch) != 1 for ch in chars):
        return None
    names = [_single_name(chars[k] + chars[k + 1], rules) for k in range(0, len(chars), 2)]
    if len(names) > rules.max_byline_names or not all(names):
        return None
    return "、".join(n for n in names if n)


def without_dateline(text: str, credits: CreditRules) -> str | None:
    """``text`` without the place it was filed from and the word after it ("黃嘉儀深圳報道" → "黃嘉儀",
    "林晓 广州电" → "林晓"), or None when it does not end so. The place is a listed city or
    region (``dateline_places``), else its last two characters: with no space before it, only
    a list tells "黃嘉儀深圳" from "黃嘉儀深" + "圳"; the caller still needs a reporter's prefix."""
    stripped = text.rstrip()
    for end in credits.dateline_ends:
        if not stripped.endswith(end):
            continue
        head = stripped[: -len(end)]
        for place in credits.dateline_places:  # longest first: "大灣區" before "灣區"
            if head.endswith(place) and head[: -len(place)].strip():
                return head[: -len(place)].rstrip()
        if len(head) > 2 and _IDEOGRAPH.fullmatch(head[-2:]):
            return head[:-2].rstrip()  # an unlisted place: most are two characters ("贛州")
    return None


def _filed_from(body: str, rules: SegmentRules, credits: CreditRules) -> str | None:
    """X in "■大公報記者 黃嘉儀深圳報道", "記者李嘉欣、王志強上海報道", "本报记者 林晓 广州电": a reporter's
    byline (a prefix before the name) ending in the place it was filed from."""
    head = without_dateline(body, credits)
    return (_reporter(head, rules) or _spaced_names(head, rules)) if head else None


def column_credit(text: str, rules: SegmentRules) -> tuple[str, str] | None:
    """``(column, author)`` of a column name and its writer's credit on one line, above the title:
    "■經濟觀察　文／鄭永康", "技術分析｜王志遠", "投資攻略 · 撰文：陳浩然", "【股壇觀察】陳志明".

    The column is the label before a separator (``column_separators``) or in lenticular brackets;
    what follows must read as a credit (a labelled or prefixed byline, or a bare name after a
    bar, a dot or brackets) and the label as a column (short, no sentence punctuation, no name,
    no ``subject_labels`` word such as 專訪, after which the name is the person interviewed).
    """
    credits = rules.credit_lines
    if credits is None:
        return None
    body = text.strip().lstrip(rules.byline_markers).strip()
    label, rest, bare = "", "", True
    closing = {"【": "】", "〖": "〗", "[": "]", "［": "］", "〔": "〕"}.get(body[:1])
    if closing and 0 < body.find(closing) < len(body) - 1:
        end = body.find(closing)
        label, rest = body[1:end].strip(), body[end + 1:].strip()
    elif (spaced := _labelled_after_space(body, rules)) is not None:
        label, rest = spaced  # "■經濟觀察 文／鄭永康"
    else:
        separators = credits.column_separators + rules.byline_markers
        for index, ch in enumerate(body):
            if ch in separators:
                label, rest = body[:index].strip(), body[index:].strip(separators + " ").strip()
                bare = ch not in "／—"  # "中美／王毅" is a headline: after a slash or dash, only a credit
                break
    if not label or not rest or not _column_label(label, rules):
        return None
    credit = read_credit(rest, rules)
    if credit is not None and credit.author is not None and credit.shape != "agency tag":
        return label, credit.author
    if not bare or _compact(label) in credits.subject_labels:
        return None  # "專訪｜陳茂波", "【人物】李嘉誠": the name is whom the story is about
    names = [_single_name(part, rules) for part in _PARTS.split(rest)] if not _LATIN_NAME.match(rest) else []
    if 1 < len(names) <= rules.max_byline_names and all(names):
        return label, "、".join(n for n in names if n)  # "經濟觀察 · 鄭永康、林小雨"
    if _LATIN_NAME.match(rest) and " " in rest:
        return label, rest  # "投資攻略｜Ivan Lo"
    name = _person_name(rest, rules)
    if name is None or label_word(rest, rules):
        return None
    return label, name.strip()


def _labelled_after_space(body: str, rules: SegmentRules) -> tuple[str, str] | None:
    """Label and credit parted by a plain space, when what follows is a labelled credit ("經濟觀察 文／X");
    a bare name after a space ("頭牌手記 沈金") is read as a byline elsewhere."""
    label, _, rest = body.partition(" ")
    credits = rules.credit_lines
    if credits is None or not any(ch in credits.separators + "：︰" for ch in rest):
        return None  # a labelled credit has its separator ("文：", "撰文／"): most headlines stop here
    credit = read_credit(rest.strip(), rules)
    if credit is None or credit.shape != "labelled credit":
        return None
    return label, rest.strip()


def _column_label(label: str, rules: SegmentRules) -> bool:
    """A column's name: short, with no sentence punctuation, not a person's name, a credit or a credit's label."""
    compact = _compact(label)
    credits = rules.credit_lines
    cues = (*credits.author_labels, *credits.other_labels, *credits.writer_roles) if credits else ()
    if compact in cues or compact.startswith(rules.byline_prefixes) or compact.endswith(rules.byline_prefix_ends):
        return False  # "作者 | 李明", "本報記者｜李明": a credit's own label, no column
    return (2 <= len(compact) <= rules.max_column_chars and not any(ch in rules.prose_punctuation for ch in compact)
            and _person_name(label, rules) is None and read_credit(label, rules) is None
            and not any(ch.isdigit() for ch in compact))


def _name_with_affiliation(body: str, rules: SegmentRules, credits: CreditRules) -> str | None:
    """X in "范家豪（資深測量師）", "——何曉彤（某證券研究部）": a name alone, then the writer's job or firm
    in brackets ("李寧（02331）" is a stock, not a writer: the brackets must hold a job or a firm)."""
    match = _AFFILIATED.fullmatch(body)
    if match is None or not _single_name(match.group(1), rules):
        return None
    inside = _compact(match.group(2))
    if any(ch.isdigit() or ch in rules.prose_punctuation for ch in inside):
        return None
    return match.group(1) if inside.endswith((*credits.job_suffixes, *credits.affiliation_suffixes)) else None


def _note_name(inner: str, rules: SegmentRules, credits: CreditRules, bracketed: bool) -> str | None:
    """X in "作者X為本地大學經濟系副教授", "作者：X，資深分析師" (a note on the writer, where the article ends);
    in brackets also "X為本地大學經濟系副教授" when it ends in a job."""
    compact = _compact(inner).rstrip("。.")
    if len(compact) > rules.max_disclosure_chars or any(ch in "。！？!?" for ch in compact):
        return None
    if not bracketed and not (compact.startswith(("作者", "本文作者")) and compact.endswith(credits.job_suffixes)):
        return None  # unbracketed, only "作者X為…教授。" (a column's "筆者向來認為…" is its text)
    for lead in credits.note_lead:
        if compact.startswith(lead):
            rest = compact[len(lead):]
            labelled = rest[:1] in credits.separators + "："
            # "作者：X，資深分析師": after a separator a comma may part the name from the note.
            return _name_before_verb(rest[1:] if labelled else rest, rules, credits, ("，", ",") if labelled else ())
    if bracketed and compact.endswith(credits.job_suffixes):
        return _name_before_verb(compact, rules, credits, ())
    return None


def _name_before_verb(rest: str, rules: SegmentRules, credits: CreditRules, commas: tuple[str, ...]) -> str | None:
    low, high = rules.name_chars
    for size in range(high + 1, low - 1, -1):
        name = rest[:size]
        after = rest[size:]
        if (after.startswith((*credits.note_verbs, *commas)) and len(after) > 2
                and (_single_name(name, rules) or (commas and low <= len(name) <= high and after.startswith(commas)
                                                    and _IDEOGRAPH.fullmatch(name)))):
            return name
    return None


def _job_tag(inner: str, rules: SegmentRules, credits: CreditRules) -> str | None:
    """X in "馮嘉欣　資深測量師" or "註冊會計師 馮嘉欣": a name and the writer's job, in either order."""
    words = inner.split()
    if len(words) != 2:
        return None
    for name, job in (words, words[::-1]):
        if (_single_name(name, rules) and job.endswith(credits.job_suffixes) and _IDEOGRAPH.fullmatch(job[-2:])
                and len(job) <= credits.max_affiliation_chars and not _single_name(job, rules)
                and not any(ch in rules.prose_punctuation for ch in job)):
            return name
    return None


@lru_cache(maxsize=4)
def _label_pattern(credits: CreditRules) -> re.Pattern[str]:
    labels = "|".join(re.escape(label) for label in sorted({*credits.author_labels, *credits.other_labels},
                                                             key=len, reverse=True))
    seps = re.escape(credits.separators + "：")
    others = "|".join(re.escape(label) for label in credits.other_labels)
    roles = "|".join(re.escape(role) for role in credits.writer_roles) or "(?!)"
    return re.compile(
        # A label opens a credit at the line start or after a space: "報道：甲　攝影：乙", "文、圖：甲".
        rf"(?:^|(?<=[\s|｜,，;；]))(?:((?:{labels})(?:[、/／](?:{labels}))*)\s*[{seps}]"
        # "特約撰稿人 甲": a writer's role before the name, at the line start.
        rf"|^({roles})(?=\s)"
        # "記者 甲 攝影 乙": after a space, the photographer's (or editor's) label needs no separator.
        rf"|(?<=\s)({others})(?=\s*[\u3400-\u9fff]))\s*")


def _author_label(label: str | None, credits: CreditRules) -> bool:
    """Whether a credit's label names the writer ("文、圖" does: the writer took the photos too)."""
    if label is None:
        return True
    return label in credits.writer_roles or any(part in credits.author_labels for part in re.split(r"[、/／]", label))


def _labelled(body: str, rules: SegmentRules, credits: CreditRules) -> Credit | None:
    pattern = _label_pattern(credits)
    found = list(pattern.finditer(body))
    if not found:
        return None
    starts = [m.start() for m in found]
    if starts[0] != 0 and _person_name(body[: starts[0]].strip(), rules) is None:
        return None  # words before the first label that are no byline: not a credit line
    pieces: list[tuple[str | None, str]] = []
    if starts[0] != 0:
        pieces.append((None, body[: starts[0]].strip()))
    for k, match in enumerate(found):
        end = starts[k + 1] if k + 1 < len(found) else len(body)
        label = match.group(1) or match.group(2) or match.group(3)
        pieces.append((label, body[match.end():end].strip().rstrip("，,;；|｜").strip()))
    if len(pieces) == 1 and not _author_label(pieces[0][0], credits):
        return None  # "來源：彭博" alone: a chart's credit, a caption's business
    author: str | None = None
    for label, value in pieces:
        if not value:
            return None
        if not _author_label(label, credits):
            continue  # the photographer, the editor: credited, no author
        if author is None:
            author = _credited_name(label, value, rules, credits)
            if author is None:
                return None
    if author is None:
        return None
    return Credit(author, "several credits on one line, the writer's first" if len(pieces) > 1 else "labelled credit")


def _credited_name(label: str | None, value: str, rules: SegmentRules, credits: CreditRules) -> str | None:
    """The writer in the value of one credit: "明報記者 關卓瑤", "何曉彤（某證券研究部）", "华泰证券研究所"."""
    value = _drop_affiliation(value, credits)
    if label is None:
        name = _person_name(value, rules)
        return name.strip() if name else None
    # A label before a byline that has its own prefix ("整理：記者 甲", "報道：明報記者 甲").
    name = _person_name(value, rules) or _person_name("文：" + value, rules)
    if name:
        return name.strip()
    words = value.split()
    for name, other in (words, words[::-1]) if len(words) == 2 else ():
        if (_single_name(name, rules) and len(other) <= credits.max_affiliation_chars and not _single_name(other, rules)
                and not any(ch in rules.prose_punctuation for ch in other)):
            return name  # "文：何詠詩　某證券研究部董事": the firm or job beside the name, unbracketed
    latin = " ".join(value.split())
    if _LATIN_NAME.match(latin):
        return latin
    compact = _compact(value)
    if (len(value.split()) == 1 and 2 <= len(compact) <= credits.max_org_author_chars
            and not any(ch in rules.prose_punctuation or ch.isdigit() for ch in compact)
            and _IDEOGRAPH.search(compact)):
        return compact  # a firm or desk signing ("撰文：某證券研究部")
    return None


def _drop_affiliation(value: str, credits: CreditRules) -> str:
    """"何曉彤（法國興業證券上市產品銷售部）" → "何曉彤": the firm in brackets after a name."""
    stripped = value.strip()
    if stripped[-1:] in "）)":
        start = max(stripped.rfind("（"), stripped.rfind("("))
        if start > 0 and len(stripped) - start - 2 <= credits.max_affiliation_chars:
            return stripped[:start].strip()
    return stripped


@lru_cache(maxsize=1)
def _word_tags() -> tuple[tuple[str, str], ...]:
    """The word list (``data/jieba_words_zh.txt``: jieba's most frequent words with their part of
    speech) as (word, tag) pairs, read once for every question asked of it."""
    words = resources.files("toolkit").joinpath("data/jieba_words_zh.txt")
    if not words.is_file():
        return ()
    rows = words.read_text(encoding="utf-8").splitlines()
    return tuple((row.partition(" ")[0], row.rsplit(" ", 1)[-1]) for row in rows)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Two- and three-character words of the word list that are not people's names: 金融, 周末, 焦点."""
    return frozenset(w for w, tag in _word_tags() if 2 <= len(w) <= 3 and not tag.startswith("nr"))


def listed_label(text: str, rules: SegmentRules) -> bool:
    """A label named in the rules (a known section or column, 編者按, 獨家, 專訪…): never a writer's name."""
    word = _compact(text)
    credits = rules.credit_lines
    return word in rules.known_sections or word in rules.known_columns or bool(credits and word in credits.label_words)


def label_word(text: str, rules: SegmentRules) -> bool:
    """A bare line that reads as a surname and a given name but is a word: a label ("焦點", "金融",
    "周末", "黃金"), not a writer. (A pen name may well be a word, "一葉": this is for surname-led lines.)"""
    word = _compact(text)
    if listed_label(word, rules):
        return True
    low, high = rules.name_chars
    if not (low <= len(word) <= high and _IDEOGRAPH.fullmatch(word)):
        return False
    common = _common_words()
    if word in common:
        return True
    from toolkit.conversion import convert  # OpenCC, loaded only when a Traditional label needs it

    return convert(word, "hk2s") in common


def mark_credits(units: list[Line], rules: SegmentRules) -> list[Line]:
    """Give credit lines the kind the walker places as author lines, whatever their shape said;
    and label words that read as names ("焦點", "金融") the kind of a heading line.

    A labelled or agency credit becomes a name line (it heads its story or ends it, by
    position, like any byline; it is never a title); a note on the writer or a bracketed
    name with a job closes its article as a credit line ("（記者 陳大文）" does the same).
    """
    units = _split_glued_credits(units, rules)
    for index, unit in enumerate(units):
        if unit.kind in ("caption", "furniture", "item"):
            continue
        if unit.kind == "inline" and lead_credit(unit.text, rules) and unit.text.strip()[:1] in "【[［〔":
            units[index] = Line("body", unit.text, gap_before=unit.gap_before)  # "【記者 X】…": a credit, no title
            continue
        if unit.kind in ("short", "name", "byline", "body", "disclosure") and editor_credit(unit.text, rules):
            units[index] = Line("disclosure", unit.text, gap_before=unit.gap_before)  # "（编辑 张莉）": never the author
            continue
        if unit.kind in ("short", "name", "byline") and (pair := column_credit(unit.text, rules)) is not None:
            units[index] = Line("byline", unit.text, column=pair[0], author=pair[1], gap_before=unit.gap_before)
            continue  # "■經濟觀察　文／鄭永康": the column and its writer, one line over the title
        if (unit.kind == "name" and unit.author == unit.text and not unit.text.startswith(rules.pen_name_prefixes)
                and label_word(unit.text, rules)):
            units[index] = Line("short", unit.text, gap_before=unit.gap_before)  # "焦點" over a title: a label
            continue
        credit = read_credit(unit.text, rules)
        if credit is None:
            continue
        line = Line("name", unit.text, author=unit.text, gap_before=unit.gap_before)
        if credit.shape in ("note on the writer", "reporter credit in round brackets") or (credit.shape.startswith("name and") and unit.text[:1] in "（("):
            line.kind = "disclosure"
        elif credit.shape.startswith("name and"):
            line.tag = True  # "〔馮嘉欣　資深測量師〕": printed where its article ends
        units[index] = line
    return units


def glued_credit(text: str, rules: SegmentRules) -> int | None:
    """Where a reporter's credit printed at the end of a paragraph starts ("…第一季完成。（記者 馮樂）",
    "…渡過淡市。■記者 何俊傑", "…。——記者 馮樂"), or None. The text before it must end a sentence."""
    stripped = text.rstrip()
    closing = stripped[-1:]
    if closing and closing in _CLOSE:
        start = stripped.rfind(_OPEN[_CLOSE.index(closing)])
        if closing == "）":
            start = max(start, stripped.rfind("("))
        elif closing == ")":
            start = max(start, stripped.rfind("（"))
    else:
        start = max(stripped.rfind(mark) for mark in (*rules.byline_markers, "——"))
    if start <= 0 or len(stripped) - start > rules.max_disclosure_chars:
        return None
    head = stripped[:start].rstrip()
    if not head or head.rstrip(rules.closers)[-1:] not in rules.sentence_end:
        return None
    return start if _tail_credit(stripped[start:], rules) else None


_TAIL_SHAPES = ("labelled credit", "reporter byline with the place it was filed from",
                "reporter byline with names spaced out to the line's width")


def _tail_credit(tail: str, rules: SegmentRules) -> str | None:
    """The writer a credit at a text's end names: a reporter's prefix, a place filed from or a label
    ("記者 馮樂", "記者馮樂深圳報道", "文／馮樂"); a bare name in brackets may be anything ("（李寧）")."""
    credits = rules.credit_lines
    inner = _unbracket(tail.strip().lstrip(_DASHES).strip())[0].lstrip(rules.byline_markers).strip()
    if not inner or credits is None:
        return None
    credit = read_credit(inner, rules)
    if credit is not None and credit.author and credit.shape in _TAIL_SHAPES:
        return credit.author
    return _reporter(inner, rules)


def _split_glued_credits(units: list[Line], rules: SegmentRules) -> list[Line]:
    """A body line ending in a reporter's credit becomes the body line and the credit, which the
    walker takes as the author printed where the text ends (so the credit stays out of the text)."""
    out: list[Line] = []
    for unit in units:
        start = glued_credit(unit.text, rules) if unit.kind == "body" else None
        if start is None:
            out.append(unit)
            continue
        tail = unit.text[start:].strip()
        out.append(Line("body", unit.text[:start].rstrip(), open=False, gap_before=unit.gap_before))
        out.append(Line("disclosure", tail, author=tail))
    return out


def editor_credit(text: str, rules: SegmentRules) -> bool:
    """A line crediting only the page's editor ("（编辑 张莉）", "責任編輯：鄭家明", "编辑：许明"): never the
    author, a closing line like a disclosure (as the corpus gold keeps "（责任编辑：周宁）")."""
    body = _unbracket(_compact(text).lstrip(rules.byline_markers))[0].replace("︰", "：")
    cue = next((c for c in sorted(rules.editor_credit_cues, key=len, reverse=True) if body.startswith(c)), None)
    if cue is None:
        return False
    rest = text.strip().lstrip(rules.byline_markers).strip().strip("".join(_OPEN + _CLOSE))
    rest = rest.replace("︰", "：")[rest.find(cue[-1]) + 1:].lstrip("：:／/｜| \u3000")
    names = [p for p in _PARTS.split(rest) if p]
    low, high = rules.name_chars
    return (0 < len(names) <= rules.max_byline_names
            and all(low <= len(n) <= high + 1 and _IDEOGRAPH.fullmatch(n) for n in names))


_PART_NUMERALS = "一二三四五六七八九十百之上中下續续完"  # "（二之一）", "（上）": a part, not a name
_LEAD_CLOSE = ("報道：", "报道：", "報道:", "报道:", "報道", "报道")


def lead_credit(text: str, rules: SegmentRules) -> tuple[str, str] | None:
    """``(author, credit as printed)`` for a reporter's credit at the start of a paragraph, or None:
    "本報訊（記者 X）…", "新华社北京11月29日电（记者 X）…", "【大公報訊】記者X報道：…", "【記者 X】…",
    "■記者 X、Y報道：…". The head before a bracketed credit must end as a dateline does (訊, 電…)."""
    credits = rules.credit_lines
    if credits is None:
        return None
    stripped = text.strip()
    # "本報訊（記者 X）", "新华社北京11月29日电（记者 X）": a dateline, then the credit in round brackets.
    opened = min((k for k in (stripped.find("（"), stripped.find("(")) if k >= 0), default=-1)
    if 0 < opened <= 30:
        head = stripped[:opened].lstrip(rules.byline_markers).strip()
        close = stripped.find("）" if stripped[opened] == "（" else ")", opened)
        if (close > opened and head.endswith(credits.dateline_ends) and not any(ch in rules.prose_punctuation for ch in head)
                and (name := _reporter(stripped[opened + 1:close].strip(), rules))):
            return name, stripped[:close + 1]
    if spaced := _spaced_lead(stripped, rules, credits):
        return spaced
    # "【大公報訊】記者X報道：", "【記者 X】", "■記者 X報道：": a tag, maybe, then the reporter's credit.
    rest, start = stripped, 0
    if stripped[:1] in "【[［〔":
        end = stripped.find(_CLOSE[_OPEN.index(stripped[0])])
        if end < 0 or end > 30:
            return None
        inner = stripped[1:end].strip()
        if name := _reporter(inner, rules):
            return name, stripped[:end + 1]  # "【記者 蘇曉彤】"
        if not _compact(inner).endswith(credits.dateline_ends):
            return None
        rest, start = stripped[end + 1:], end + 1
    lead = rest.lstrip(rules.byline_markers + " \u3000")
    colon = min((k for k in (lead.find("："), lead.find(":")) if k > 0), default=-1)
    if colon < 0 or colon > 24 or lead == stripped and not stripped.startswith(rules.byline_markers):
        return None  # unbracketed only after a tag or a marker: "記者X報道：" alone may be a quote's lead-in
    credit = lead[:colon].strip()
    for end_word in _LEAD_CLOSE:
        if credit.endswith(end_word.rstrip("：:")):
            credit = credit[: -len(end_word.rstrip("：:"))].rstrip()
            break
    else:
        return None
    name = _reporter(credit, rules) or _filed_from(lead[:colon].strip(), rules, credits)
    if not name:
        return None
    return name, stripped[: start + (len(rest) - len(lead)) + colon + 1]


def _spaced_lead(text: str, rules: SegmentRules, credits: CreditRules) -> tuple[str, str] | None:
    """"本报北京11月29日讯 记者 王立新 中国人民银行…": a dateline, then the reporter's credit set off by
    spaces, no brackets. Each name a word of its own, the text after them another."""
    words = text.split()
    if len(words) < 4 or len(words[0]) > 30 or not words[0].endswith(credits.dateline_ends):
        return None
    if any(ch in rules.prose_punctuation for ch in words[0]) or not words[1].startswith(rules.byline_prefixes):
        return None
    prefix = next(p for p in rules.byline_prefixes if words[1].startswith(p))
    names = [words[1][len(prefix):]] if words[1] != prefix else []
    k = 2
    while k < len(words) - 1 and len(names) < rules.max_byline_names and _single_name(words[k], rules) and (
            not names or _single_name(names[-1], rules)):
        names.append(words[k])
        k += 1
    names = [n for n in names if n]
    if not names or not all(_single_name(n, rules) for n in names) or k >= len(words):
        return None
    end = text.find(words[k - 1], len(words[0])) + len(words[k - 1])
    return "、".join(names), text[:end]


def bracket_pen_name(text: str, rules: SegmentRules) -> str | None:
    """The pen name a column signs with in brackets at the end of its last paragraph ("…唔使急住追。（股壇判官）"),
    or None. The bracket must hold a short name-like word after a sentence's end: no digit, punctuation,
    caption word (``not_pen_names``: 見圖, 資料圖片, 完), place filed from, agency, firm or job."""
    credits = rules.credit_lines
    stripped = text.rstrip()
    if credits is None or stripped[-1:] not in "）)":
        return None
    start = max(stripped.rfind("（"), stripped.rfind("("))
    inner = stripped[start + 1:-1].strip()
    head = stripped[:start].rstrip()
    if start <= 0 or not head or head[-1:] not in rules.sentence_end:
        return None
    if not (2 <= len(inner) <= rules.pen_name_chars and _IDEOGRAPH.fullmatch(inner)):
        return None
    if (inner in credits.not_pen_names or inner in credits.dateline_places or agency_credit(f"（{inner}）", rules)
            or not inner.strip(_PART_NUMERALS) or read_credit(inner, rules) is not None
            or inner.endswith((*credits.affiliation_suffixes, *credits.job_suffixes, *credits.dateline_ends))
            or listed_label(inner, rules) or _is_place_or_firm(inner)):
        return None
    return inner


@lru_cache(maxsize=1)
def _places_and_firms() -> frozenset[str]:
    """Words the word list tags as places or organisations (ns, nt): "灣仔" in brackets is where, not who."""
    return frozenset(w for w, tag in _word_tags() if tag in ("ns", "nt", "m", "t"))


def _is_place_or_firm(word: str) -> bool:
    places = _places_and_firms()
    if word in places:
        return True
    from toolkit.conversion import convert  # OpenCC, loaded only when a Traditional word needs it

    return convert(word, "hk2s") in places


def credit_leads(articles: list[Article], units: list[Line], rules: SegmentRules) -> list[Decision]:
    """Authors printed inside the text: a reporter's credit leading the first paragraph (kept whole,
    the credit recorded in ``lead_credit``), or a column's pen name in brackets closing the last one
    (split off into ``byline``, as a reporter's credit glued there is). Only for articles with no author."""
    decisions: list[Decision] = []
    for article in articles:
        decisions.extend(Decision(line, "editor's credit: a disclosure, never the author or a column")
                         for line in article.disclosures if editor_credit(line, rules))
        if article.kind != "article" or article.author is not None or article.byline is not None or not article.paragraphs:
            continue
        first = _compact(article.paragraphs[0].original)
        raw = next((u.text for u in units if u.kind in ("body", "inline") and _compact(u.text)
                    and first.startswith(_compact(u.text)[:24])), article.paragraphs[0].original)
        if found := lead_credit(raw, rules):
            name, printed = found
            article.author, article.lead_credit = name, printed
            decisions.append(Decision(printed, f"credit leading the first paragraph: author {name} (the text is kept whole)"))
            continue
        last = article.paragraphs[-1]
        if article.column is not None and (pen := bracket_pen_name(last.original, rules)):
            cut = max(last.original.rstrip().rfind("（"), last.original.rstrip().rfind("("))
            article.byline = last.original.rstrip()[cut:]
            last.original = last.original[:cut].rstrip()
            article.author = pen
            decisions.append(Decision(article.byline, f"pen name in brackets closing the column {article.column}: author {pen}"))
    return decisions
