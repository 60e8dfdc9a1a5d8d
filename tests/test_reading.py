"""Decoding rule and whitespace normalisation of ``toolkit.reading``."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.reading import decode_bytes, read_file, read_page

TRAD = "港股昨日反覆回升，中國移動(00941)收78.05元，末期息派0.1689元人民幣。"
SIMP = "港股昨日反复回升，中国移动(00941)收78.05元，末期息派0.1689元人民币。"


def test_utf8_plain_and_with_bom() -> None:
    assert decode_bytes(TRAD.encode("utf-8")) == (TRAD, "utf-8")
    text, encoding = decode_bytes(codecs.BOM_UTF8 + TRAD.encode("utf-8"))
    assert (text, encoding) == (TRAD, "utf-8-sig")


def test_utf16_with_bom() -> None:
    text, encoding = decode_bytes(TRAD.encode("utf-16"))
    assert text == TRAD and encoding == "utf-16"


def test_big5_hkscs_detected() -> None:
    text, encoding = decode_bytes(TRAD.encode("big5hkscs"))
    assert text == TRAD and encoding == "big5hkscs"


def test_gb18030_detected() -> None:
    text, encoding = decode_bytes(SIMP.encode("gb18030"))
    assert text == SIMP and encoding == "gb18030"


def test_example_page_in_big5_reads_back(example_text: str) -> None:
    page_text = example_text.replace("◀", "")  # ◀ has no Big5 code point
    page = read_page(page_text.encode("big5hkscs"), "page.big5.txt")
    assert page.encoding == "big5hkscs"
    assert page.text == page_text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the input is empty"),
        (b"  \n\r\n\t ", "the input is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        (b"abc \x80\x80\xff def", "not valid UTF-8, Big5-HKSCS or GB18030"),
    ],
)
def test_bad_input_gives_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_page(data, "x.txt")


def test_windows_line_endings_and_odd_spaces() -> None:
    page = read_page("標題\r\n\r\n第一段\u00a0文字\u200b。\r第二行", "x")
    assert page.text == "標題\n\n第一段 文字。\n第二行"


def test_read_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_file(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_file(str(tmp_path))
