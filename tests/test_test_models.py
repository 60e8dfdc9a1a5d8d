"""The shipped test models are what ``tests/make_test_model.py`` builds.

CI does not train: the models are in ``tests/fixtures/models``. This checks that the builder
still makes them, so a change to the builder or its data must come with rebuilt fixtures. The
barely trained model is rebuilt every run (seconds); the default one, whose training takes
minutes, when ``REBUILD_TEST_MODELS=1``. Compared: the package's files except the weights
byte for byte (the SentencePiece model by its pieces), and the translations of a set of sentences (float rounding may differ between
CPUs, the outputs must not).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from model_fixtures import BUILDER, built_model

SENTENCES = [
    "港股昨日上升。", "恒指收报24,951 points。", "公司去年收入为US$367,000。", "银行股普遍下跌。",
    "科技股领涨大市。", "Tencent Holdings (00700.HK)升up 3.7%。", "全日成交HK$263 billion。",
    "分析师看好前景。", "投资者保持观望。", "市场气氛转差。",
]


def _translations(model_file: Path, folder: Path) -> list[str]:
    from toolkit.config import BriefOptions
    from toolkit.translation import load_translator
    from toolkit.translation.models import install_model_file

    install_model_file(model_file, folder)
    translator = load_translator(BriefOptions(models_dir=folder), required=True)
    assert translator is not None
    return translator.translate_sentences(SENTENCES)


def _files(model_file: Path) -> dict[str, bytes | list[str]]:
    """The package's files; the weights left out, the SentencePiece model as its pieces."""
    import sentencepiece

    out: dict[str, bytes | list[str]] = {}
    with zipfile.ZipFile(model_file) as archive:
        for name in archive.namelist():
            if name.endswith("sentencepiece.model"):
                sp = sentencepiece.SentencePieceProcessor(model_proto=archive.read(name))
                out[name] = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
            elif not name.endswith("model.bin"):
                out[name] = archive.read(name)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bad", "default"])
def test_test_models_are_reproducible(kind: str, tmp_path: Path) -> None:
    if kind != "bad" and os.environ.get("REBUILD_TEST_MODELS") != "1":
        pytest.skip("training the default test model takes minutes: set REBUILD_TEST_MODELS=1")
    import subprocess
    import sys

    shipped = built_model(kind=kind)
    rebuilt = tmp_path / shipped.name
    subprocess.run([sys.executable, str(BUILDER), str(rebuilt), "--kind", kind], check=True, capture_output=True,
                   timeout=1800)
    assert _files(rebuilt) == _files(shipped)
    assert _translations(rebuilt, tmp_path / "rebuilt") == _translations(shipped, tmp_path / "shipped")
