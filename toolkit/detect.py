"""Which Chinese script a text is in: Traditional, Simplified, or not Chinese at all.

brief only translates Chinese, so the question that matters is the script (it picks the
OpenCC configuration) and whether the text is Chinese at all. Two signals, no model:
the share of Han characters among the letters, and which characters OpenCC would change —
a character that ``t2s`` changes and ``s2t`` keeps exists only in Traditional text, and the
other way round. Most characters are shared by both scripts and say nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HANT = "zh-Hant"
HANS = "zh-Hans"
ENGLISH = "en"
UNKNOWN = "und"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
MIN_HAN_SHARE = 0.3
# Characters OpenCC's s2t rewrites although Hong Kong and Taiwan print them every day
# (恒生, 台灣, 公里...): seeing one says nothing about the script.
SHARED_VARIANTS = frozenset("恒台里着群峰床秘污吃痴")


@dataclass(slots=True, frozen=True)
class Detection:
    """The detected language (``zh-Hant``, ``zh-Hans``, ``en`` or ``und``), confidence in [0, 1]
    and the evidence: Han characters, Traditional-only and Simplified-only characters seen."""

    language: str
    confidence: float
    han: int = 0
    traditional: int = 0
    simplified: int = 0


def _script_counts(text: str, han: list[str]) -> tuple[int, int]:
    """How many Han characters are Traditional-only and Simplified-only.

    Whole-text conversion first, so phrase rules count too (反覆 → 反复, while 覆 alone stays);
    per character when OpenCC changed the length (it rarely does).
    """
    from toolkit.conversion import convert_many

    to_simplified, to_traditional = (convert_many([text], config)[0] for config in ("t2s", "s2t"))
    if len(to_simplified) == len(text) == len(to_traditional):
        trad = simp = 0
        for c, s, t in zip(text, to_simplified, to_traditional, strict=False):
            if s != c and t == c:
                trad += 1
            elif t != c and s == c and c not in SHARED_VARIANTS:
                simp += 1
        return trad, simp
    chars = sorted(set(han))
    singles_s = dict(zip(chars, convert_many(chars, "t2s"), strict=False))
    singles_t = dict(zip(chars, convert_many(chars, "s2t"), strict=False))
    trad = sum(1 for c in han if singles_s[c] != c and singles_t[c] == c)
    simp = sum(1 for c in han if singles_t[c] != c and singles_s[c] == c and c not in SHARED_VARIANTS)
    return trad, simp


def detect_language(text: str) -> Detection:
    """Detect the script of ``text``; counts each character occurrence, so long texts weigh more."""
    han = _HAN.findall(text)
    latin = len(_LATIN.findall(text))
    letters = len(han) + latin
    if letters == 0:
        return Detection(UNKNOWN, 0.0)
    han_share = len(han) / letters
    if han_share < MIN_HAN_SHARE:
        if latin:
            # Latin script: brief cannot tell English from French, so it is only a guess.
            return Detection(ENGLISH, round(0.5 * latin / letters, 3), han=len(han))
        return Detection(UNKNOWN, 0.0, han=len(han))
    trad, simp = _script_counts(text, han)
    if trad == simp:
        # Only shared characters (or a tie): Chinese for sure, script unknown; Simplified is
        # the safe reading because converting it with hk2s changes nothing.
        return Detection(HANS if trad == 0 else HANT, round(0.5 * han_share, 3), len(han), trad, simp)
    language = HANT if trad > simp else HANS
    # Evidence saturates: a handful of script-only characters in a short text is already clear.
    evidence = abs(trad - simp) / (trad + simp)
    strength = min(1.0, (trad + simp) / 3)
    confidence = han_share * (0.5 + 0.5 * evidence * strength)
    return Detection(language, round(confidence, 3), len(han), trad, simp)
