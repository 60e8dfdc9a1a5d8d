"""Mainland market words through OpenCC (issue 16): ``terms="mainland"`` / ``--terms mainland``."""

from __future__ import annotations

import pytest
from cli_runner import run_cli

from toolkit.config import BriefOptions
from toolkit.conversion import MAINLAND_CONFIG, convert, convert_many
from toolkit.errors import UsageError


@pytest.mark.parametrize(("text", "mainland"), [
    ("買入認沽證後炒燶", "买入认沽权证后炒亏"),
    ("好倉坐艇，要斬倉止蝕", "多头仓位被套，要割肉止损"),
    ("公司宣布供股及配股", "公司宣布配股及配售"),
    ("恒指插水，大戶沽貨", "恒生指数跳水，大户抛售"),
    ("认沽证炒燶", "认沽权证炒亏"),  # Simplified input is mapped too
])
def test_hong_kong_words_in_mainland_usage(text: str, mainland: str) -> None:
    assert convert(text, "hk2s", terms="mainland") == mainland


def test_default_terms_keep_the_words_and_ordinary_text_is_plain_hk2s() -> None:
    assert convert("買入認沽證") == "买入认沽证"
    plain = "三大市場單純利用資金，預期指標良好"
    assert convert(plain, terms="mainland") == convert(plain)


def test_mainland_terms_need_simplified_output() -> None:
    with pytest.raises(UsageError, match="Simplified"):
        convert("認沽證", "s2hk", terms="mainland")
    with pytest.raises(UsageError, match="terms"):
        convert_many(["認沽證"], "hk2s", terms="taiwan")


def test_options_and_environment_select_the_mainland_configuration() -> None:
    assert BriefOptions(terms="mainland").opencc_config == MAINLAND_CONFIG
    assert BriefOptions.from_env({"BRIEF_TERMS": "mainland"}).opencc_config == MAINLAND_CONFIG
    assert BriefOptions(opencc_config=MAINLAND_CONFIG).terms == "mainland"
    assert BriefOptions().opencc_config == "hk2s"


def test_cli_convert_shows_the_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["convert", "--terms", "mainland", "買入認沽證後炒燶"], capsys) == (0, "买入认沽权证后炒亏\n", "")
    code, _, err = run_cli(["convert", "--terms", "mainland", "--config", "s2hk", "x"], capsys)
    assert code == 2 and "Simplified" in err
