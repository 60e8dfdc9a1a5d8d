"""The segmenter's cue words, thresholds and evidence weights, read from ``data/segment_rules.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "segment_rules.json"

@dataclass(frozen=True, slots=True)
class CreditRules:
    """Cue words for credit lines (``credit_lines`` in ``segment_rules.json``; see toolkit/segment/credits.py)."""

    author_labels: tuple[str, ...]
    other_labels: tuple[str, ...]
    separators: str
    max_affiliation_chars: int
    max_org_author_chars: int
    agencies: frozenset[str]
    agency_before: tuple[str, ...]
    agency_after: tuple[str, ...]
    note_lead: tuple[str, ...]
    note_verbs: tuple[str, ...]
    job_suffixes: tuple[str, ...]
    affiliation_suffixes: tuple[str, ...] = ()
    writer_roles: tuple[str, ...] = ()
    label_words: frozenset[str] = frozenset()
    dateline_places: tuple[str, ...] = ()
    dateline_ends: tuple[str, ...] = ()
    column_separators: str = ""
    subject_labels: frozenset[str] = frozenset()
    not_pen_names: frozenset[str] = frozenset()


def _credit_rules(data: dict[str, object] | None) -> CreditRules | None:
    if not data:
        return None

    def words(key: str) -> tuple[str, ...]:
        value = data.get(key, ())
        return tuple(sorted(value, key=len, reverse=True)) if isinstance(value, list) else ()

    wrappers = data.get("agency_wrappers", {})
    assert isinstance(wrappers, dict)
    return CreditRules(
        author_labels=words("author_labels"), other_labels=words("other_labels"),
        separators=str(data.get("separators", "：︰:")),
        max_affiliation_chars=int(str(data.get("max_affiliation_chars", 24))),
        max_org_author_chars=int(str(data.get("max_org_author_chars", 16))),
        agencies=frozenset(words("agencies")),
        agency_before=tuple(sorted(wrappers.get("before", ()), key=len, reverse=True)),
        agency_after=tuple(sorted(wrappers.get("after", ()), key=len, reverse=True)),
        note_lead=words("note_lead"), note_verbs=words("note_verbs"), job_suffixes=words("job_suffixes"),
        affiliation_suffixes=words("affiliation_suffixes"),
        writer_roles=words("writer_roles"), label_words=frozenset(words("label_words")),
        dateline_places=words("dateline_places"), dateline_ends=words("dateline_ends"),
        column_separators=str(data.get("column_separators", "")),
        subject_labels=frozenset(words("subject_labels")),
        not_pen_names=frozenset(words("not_pen_names")),
    )


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """The cue words and thresholds the segmenter uses (read from ``segment_rules.json``)."""

    caption_markers: frozenset[str]
    sentence_end: frozenset[str]
    closers: str
    prose_punctuation: frozenset[str]
    max_heading_chars: int
    max_column_chars: int
    max_header_run: int
    title_first_bonus: int
    title_two_parts_bonus: int
    title_end_marks: frozenset[str]
    max_box_item_chars: int
    min_box_items: int
    max_disclosure_chars: int
    name_chars: tuple[int, int]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    byline_prefixes: tuple[str, ...]
    known_columns: frozenset[str]
    known_sections: frozenset[str]
    box_titles: frozenset[str]
    disclosure_cues: tuple[str, ...]
    disclosure_max_cue_offset: int
    paragraph_end: frozenset[str]
    byline_markers: str
    max_byline_names: int
    brief_list_cues: tuple[str, ...]
    mastheads: frozenset[str]
    credit_cues: tuple[str, ...]
    credit_suffixes: tuple[str, ...]
    byline_prefix_ends: tuple[str, ...]
    weekday_words: tuple[str, ...]
    max_furniture_chars: int
    page_head_unknown_words: int
    page_head_word_chars: int
    pen_name_chars: int
    heading_weights: dict[str, float]
    cohesion_window: int
    news_lead_cues: tuple[str, ...]
    column_voice_cues: tuple[str, ...]
    editor_credit_cues: tuple[str, ...] = ()
    org_author_suffixes: tuple[str, ...] = ()
    org_author_min_chars: int = 6
    page_note_words: tuple[str, ...] = ()
    title_over_deck_chars: int = 8
    indented_page_min_lines: int = 3
    max_page_note_chars: int = 60
    lead_time_words: tuple[str, ...] = ()
    dated_lead_chars: int = 12
    dateline_words: tuple[str, ...] = ()
    pen_name_prefixes: tuple[str, ...] = ()
    continuation_subjects: tuple[str, ...] = ()
    continuation_openers: tuple[str, ...] = ()  # 此外, 他表示: a paragraph that goes on from the one above
    related_reading_labels: tuple[str, ...] = ()  # 延伸閱讀: a list of other stories' headlines follows
    max_related_heads: int = 6
    continuation_adverbs: tuple[str, ...] = ()  # 亦: its subject does the same as the one above
    closing_cues: tuple[str, ...] = ()  # 業界預期: a paragraph that closes a story
    headline_row_paragraph_chars: int = 60  # a table's last row over a paragraph this long may be a headline
    column_tag_suffixes: tuple[str, ...] = ()
    author_note_cues: tuple[str, ...] = ()
    inline_title_chars: tuple[int, int] = (5, 24)
    inline_title_not_ending: tuple[str, ...] = ()
    pull_quote_max_chars: int = 60
    table_cell_chars: int = 12
    credit_lines: CreditRules | None = None


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> SegmentRules:
    """Read the segmentation rules (the packaged ``segment_rules.json`` unless ``path`` is given)."""
    data = json.loads(Path(path or RULES_PATH).read_text(encoding="utf-8"))
    low, high = data["name_chars"]
    inline = data.get("inline_title", {"chars": (5, 24), "not_ending": ()})
    return SegmentRules(
        caption_markers=frozenset(data["caption_markers"]),
        sentence_end=frozenset(data["sentence_end"]),
        closers=data["closers"],
        prose_punctuation=frozenset(data["prose_punctuation"]),
        max_heading_chars=int(data["max_heading_chars"]),
        max_column_chars=int(data["max_column_chars"]),
        max_header_run=int(data["max_header_run"]),
        title_first_bonus=int(data["title_scores"]["first_in_run"]),
        title_two_parts_bonus=int(data["title_scores"]["two_parts"]),
        title_end_marks=frozenset(data["title_end_marks"]),
        max_box_item_chars=int(data["max_box_item_chars"]),
        min_box_items=int(data["min_box_items"]),
        max_disclosure_chars=int(data["max_disclosure_chars"]),
        name_chars=(int(low), int(high)),
        surnames=frozenset(data["surnames"]),
        compound_surnames=frozenset(data["compound_surnames"]),
        # Longest first, so "撰文：" is removed before "文：".
        byline_prefixes=tuple(sorted(data["byline_prefixes"], key=len, reverse=True)),
        known_columns=frozenset(data["known_columns"]),
        known_sections=frozenset(data["known_sections"]),
        box_titles=frozenset(data["box_titles"]),
        disclosure_cues=tuple(data["disclosure_cues"]),
        disclosure_max_cue_offset=int(data["disclosure_max_cue_offset"]),
        paragraph_end=frozenset(data["paragraph_end"]),
        byline_markers=data["byline_markers"],
        max_byline_names=int(data["max_byline_names"]),
        brief_list_cues=tuple(data["brief_list_cues"]),
        mastheads=frozenset(data["mastheads"]),
        credit_cues=tuple(data["credit_cues"]),
        credit_suffixes=tuple(data["credit_suffixes"]),
        byline_prefix_ends=tuple(data["byline_prefix_ends"]),
        weekday_words=tuple(data["page_furniture"]["weekday_words"]),
        max_furniture_chars=int(data["page_furniture"]["max_chars"]),
        page_head_unknown_words=int(data["page_furniture"]["unknown_words"]),
        page_head_word_chars=int(data["page_furniture"]["word_chars"]),
        pen_name_chars=int(data["pen_name_chars"]),
        heading_weights={k: float(v) for k, v in data["heading_evidence"].items() if not k.startswith("_")},
        cohesion_window=int(data["heading_evidence"]["window_chars"]),
        news_lead_cues=tuple(data["news_lead_cues"]),
        column_voice_cues=tuple(data["column_voice_cues"]),
        editor_credit_cues=tuple(data.get("editor_credit_cues", ())),
        org_author_suffixes=tuple(data.get("org_author_suffixes", ())),
        org_author_min_chars=int(data.get("org_author_min_chars", 6)),
        title_over_deck_chars=int(data["title_scores"].get("over_deck_chars", 8)),
        indented_page_min_lines=int(data.get("indented_page_min_lines", 3)),
        page_note_words=tuple(data.get("page_notes", {}).get("words", ())),
        max_page_note_chars=int(data.get("page_notes", {}).get("max_chars", 60)),
        lead_time_words=tuple(data.get("lead_time_words", ())),
        dated_lead_chars=int(data.get("dated_lead_chars", 12)),
        dateline_words=tuple(data.get("dateline_words", ())),
        pen_name_prefixes=tuple(data.get("pen_name_prefixes", ())),
        continuation_subjects=tuple(data.get("continuation_subjects", ())),
        continuation_openers=tuple(data.get("continuation_openers", ())),
        related_reading_labels=tuple(data.get("related_reading_labels", ())),
        max_related_heads=int(data.get("max_related_heads", 6)),
        continuation_adverbs=tuple(data.get("continuation_adverbs", ())),
        closing_cues=tuple(data.get("closing_cues", ())),
        headline_row_paragraph_chars=int(data.get("headline_row_paragraph_chars", 60)),
        column_tag_suffixes=tuple(data.get("column_tag_suffixes", ())),
        author_note_cues=tuple(data.get("author_note_cues", ())),
        inline_title_chars=(int(inline["chars"][0]), int(inline["chars"][1])),
        inline_title_not_ending=tuple(inline["not_ending"]),
        pull_quote_max_chars=int(data.get("pull_quote_max_chars", 60)),
        table_cell_chars=int(data.get("table_cell_chars", 12)),
        credit_lines=_credit_rules(data.get("credit_lines")),
    )
