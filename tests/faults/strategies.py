"""Hypothesis strategies for hostile pages: real page shapes, torn encodings, junk and odd Unicode."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "page.txt").read_text(encoding="utf-8")
LINES = [line for line in EXAMPLE.splitlines() if line.strip()]

# Pieces a financial page is made of, and the ones that broke parsers before.
TOKENS = [
    "騰訊控股(00700)", "(00941)", "3685億元人民幣", "升0.7%", "跌2.3%", "恒指", "港股", "1月15日",
    "2026年", "美元", "HK$12.5", "億", "萬", "%", "。", "，", "：", "「", "」", "（", "）", "\n", "\n\n",
    "■", "●", "記者", "報道", "文：", "＊", "\t", " ", "\u3000", "\xa0", "\u200b", "\ufeff", "\r\n", "\r",
    "0", "9", ".", "-", "+", "$", "…", "——", "ABC", "etc.", "<b>", "&amp;", "|", "`", "#", "*", "\\",
]
ODD = ["\ud800", "\udfff", "\x00", "\x07", "\x1b", "\x7f", "\U0001f4b9", "\u202e", "\ufffd", "\U00020000"]

pieces = st.one_of(
    st.sampled_from(TOKENS),
    st.sampled_from(LINES).map(lambda line: line + "\n"),
    st.characters(codec="utf-8"),
    st.sampled_from(ODD),
)
hostile_text = st.lists(pieces, max_size=60).map("".join)
page_text = st.one_of(
    hostile_text,
    st.lists(st.sampled_from(LINES), min_size=1, max_size=25).map("\n".join),
    st.text(max_size=300),
)


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """Page bytes in the encodings pages come in, sometimes torn or flipped, or plain junk."""
    kind = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "big5hkscs", "gb18030", "junk"]))
    if kind == "junk":
        return draw(st.binary(max_size=400))
    text = draw(page_text)
    data = text.encode(kind, errors="replace" if kind not in ("utf-8", "utf-8-sig", "utf-16") else "surrogatepass")
    if data and draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data
