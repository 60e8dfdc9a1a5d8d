"""Bring your own model: CTranslate2 folders in each converter layout, install, pick, confidence.

The folders are brief's own test model laid out as the converters lay out OPUS-MT (Marian),
NLLB and shared-SentencePiece models (``make_layout_models.py``); nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
from cli_runner import run_cli
from exactness import check_facts_exact

from toolkit.config import BriefOptions
from toolkit.errors import ModelError, ModelNotInstalled, UsageError
from toolkit.translation import load_translator, translate_texts
from toolkit.translation.backend import Decoded, DecodeSettings
from toolkit.translation.backends.base import mean_log_prob
from toolkit.translation.backends.ctranslate2_dir import inspect_dir
from toolkit.translation.models import install_model_dir, install_model_file, list_models, remove_model

pytestmark = pytest.mark.slow


class _AnySize(str):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"\d+\.\d MB", other) is not None

    __hash__ = str.__hash__


ANY_SIZE = _AnySize("N.N MB")


@pytest.fixture(scope="module")
def all_installed(layout_models: dict[str, Path], test_model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder with the Argos test model and every layout, installed in that order."""
    folder = tmp_path_factory.mktemp("byom-models")
    install_model_file(test_model_file, folder)
    for kind, path in layout_models.items():
        install_model_dir(path, folder, name=f"test-{kind}")
    return folder


def test_layouts_are_told_apart_by_their_files(layout_models: dict[str, Path]) -> None:
    kinds = {kind: inspect_dir(path) for kind, path in layout_models.items()}
    assert {k: v.kind for k, v in kinds.items()} == {k: k for k in ("sentencepiece", "marian", "nllb", "m2m100")}
    assert (kinds["nllb"].source_language, kinds["nllb"].target_language) == ("zho_Hans", "eng_Latn")
    assert (kinds["m2m100"].source_language, kinds["m2m100"].target_language) == ("__zh__", "__en__")
    assert [p.name for p in kinds["marian"].vocabularies] == ["source_vocabulary.json", "target_vocabulary.json"]


def test_install_list_and_pick(all_installed: Path) -> None:
    listed = {m.name: m for m in list_models(all_installed)}
    assert {m.kind for m in listed.values()} == {"argos", "sentencepiece", "marian", "nllb", "m2m100"}
    assert listed["test-marian"].path == all_installed / "test-marian" and listed["test-marian"].size_bytes > 1_000_000
    # Without a name the model installed last translates; a name picks another.
    assert load_translator(BriefOptions(models_dir=all_installed)).kind == "m2m100"  # type: ignore[union-attr]
    for name, kind in (("brief-test", "argos"), ("translate-zh_en-brief-test", "argos"), ("test-marian", "marian")):
        assert load_translator(BriefOptions(models_dir=all_installed, model=name)).kind == kind  # type: ignore[union-attr]
    env = BriefOptions.from_env({"BRIEF_MODEL": "test-sentencepiece", "BRIEF_MODELS_DIR": str(all_installed)})
    assert load_translator(env).kind == "sentencepiece"  # type: ignore[union-attr]
    with pytest.raises(ModelNotInstalled, match=r"no zh→en model named 'opus'.*installed: test-m2m100, test-marian"):
        load_translator(BriefOptions(models_dir=all_installed, model="opus"))


def test_cli_install_list_and_remove_a_linked_folder(
    layout_models: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models"
    code, _out, err = run_cli(["models", "install", "--dir", str(layout_models["marian"]), "--name", "opus", "--link",
                               "--models-dir", str(folder)], capsys)
    assert code == 0, err
    assert "installed zh→en opus (marian," in err and "linked to" in err
    assert (folder / "opus").is_symlink()
    code, out, err = run_cli(["models", "list", "--models-dir", str(folder)], capsys)
    assert re.fullmatch(rf"zh→en\topus\t-\t\d+\.\d MB\t{folder}/opus -> {layout_models['marian']}\tmarian\n", out), out
    run_cli(["models", "install", "--dir", str(layout_models["nllb"]), "--models-dir", str(folder)], capsys)
    code, out, err = run_cli(["models", "list", "--models-dir", str(folder)], capsys)
    assert [line.split("\t")[1:] for line in out.splitlines()] == [
        ["nllb", "-", ANY_SIZE, f"{folder}/nllb", "nllb", "default"],
        ["opus", "-", ANY_SIZE, f"{folder}/opus -> {layout_models['marian']}", "marian"],
    ]
    code, out, err = run_cli(["models", "list", "--model", "opus", "--models-dir", str(folder)], capsys)
    assert out.splitlines()[1].endswith("\tmarian\tdefault")
    code, out, err = run_cli(["models", "remove", "--name", "opus", "--models-dir", str(folder)], capsys)
    assert code == 0 and not (folder / "opus").exists()
    assert (layout_models["marian"] / "model.bin").is_file()  # a link's target is the user's: kept


@pytest.mark.parametrize(
    ("layout", "remove", "message"),
    [
        ("sentencepiece", "model.bin", "model.bin is missing"),
        ("sentencepiece", "config.json", "config.json is missing"),
        ("sentencepiece", "shared_vocabulary.json", "shared_vocabulary.json (or source_ and target_vocabulary.json) is missing"),
        ("marian", "target_vocabulary.json", "target_vocabulary.json is missing"),
        ("marian", "source_vocabulary.json", "source_vocabulary.json is missing"),
        ("marian", "target.spm", "target.spm is missing (copy it from the Hugging Face model)"),
        ("marian", "source.spm", "source.spm is missing (copy it from the Hugging Face model)"),
        ("sentencepiece", "sentencepiece.model", "its SentencePiece model is missing (sentencepiece.model; source.spm"),
        ("nllb", "sentencepiece.bpe.model", "its SentencePiece model is missing"),
    ],
)
def test_bad_folder_names_what_is_missing_and_touches_nothing(
    layout_models: dict[str, Path], test_model_file: Path, tmp_path: Path, layout: str, remove: str, message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "models"
    install_model_file(test_model_file, folder)
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    bad = tmp_path / "bad"
    shutil.copytree(layout_models[layout], bad)
    (bad / remove).unlink()
    code, _out, err = run_cli(["models", "install", "--dir", str(bad), "--name", "translate-zh_en-brief-test",
                               "--models-dir", str(folder)], capsys)
    assert code == 3
    assert err.startswith(f"brief: error: {bad} is not a usable CTranslate2 model: {message}")
    assert err.count("\n") == 1
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before


def test_bad_folders_of_other_kinds(layout_models: dict[str, Path], tmp_path: Path) -> None:
    nllb = tmp_path / "nllb"
    shutil.copytree(layout_models["nllb"], nllb)
    vocabulary = json.loads((nllb / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (nllb / "shared_vocabulary.json").write_text(json.dumps([t for t in vocabulary if t != "eng_Latn"]), encoding="utf-8")
    with pytest.raises(ModelError, match="no Chinese and English language tokens"):
        install_model_dir(nllb, tmp_path / "models")
    broken = tmp_path / "broken"
    shutil.copytree(layout_models["sentencepiece"], broken)
    (broken / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot be loaded"):
        install_model_dir(broken, tmp_path / "models")
    with pytest.raises(UsageError, match="no such model folder"):
        install_model_dir(tmp_path / "nowhere", tmp_path / "models")
    with pytest.raises(UsageError, match="cannot be a model name"):
        install_model_dir(layout_models["marian"], tmp_path / "models", name="../x")
    assert list_models(tmp_path / "models") == []


@pytest.mark.parametrize("kind", ["marian", "nllb", "m2m100", "sentencepiece"])
def test_example_page_translates_with_figures_exact(kind: str, all_installed: Path, example_text: str, tmp_path: Path) -> None:
    from toolkit.pipeline import make_brief

    options = BriefOptions(models_dir=all_installed, model=f"test-{kind}", full=True, cache_path=tmp_path / "c.sqlite3")
    brief = make_brief(example_text, options=options)
    assert brief.translator == f"{kind} test-{kind} (ctranslate2, beam 2)"
    assert check_facts_exact(brief) >= 10


def test_cache_is_keyed_by_model(all_installed: Path) -> None:
    ids = {load_translator(BriefOptions(models_dir=all_installed, model=m)).model_id  # type: ignore[union-attr]
           for m in ("brief-test", "test-sentencepiece", "test-marian", "test-nllb", "test-m2m100")}
    assert len(ids) == 5


@pytest.mark.parametrize("name", ["brief-test", "test-marian", "test-nllb", "test-m2m100", "test-sentencepiece"])
def test_confidence_is_the_mean_token_probability(name: str, all_installed: Path) -> None:
    """Checked against CTranslate2's own per-token scores of the same output."""
    translator = load_translator(BriefOptions(models_dir=all_installed, model=name))
    assert translator is not None
    sentences = ["港股昨日反复回升。", "市场预期美联储将在年内减息两次，资金流入新兴市场。", "中国"]
    for sentence in sentences:
        [result] = translator.decode([sentence], DecodeSettings(beam_size=2))
        source = translator.encode(sentence)
        prefix = translator.target_prefix()
        limit = int(1.5 * len(source) + 10) + len(prefix)
        output = translator._translator.translate_batch(  # the same search, to get its tokens
            [source], target_prefix=[prefix] if prefix else None, beam_size=2, length_penalty=0.2,
            replace_unknowns=True, max_decoding_length=limit,
        )[0].hypotheses[0]
        log_probs = translator._translator.score_batch([source], [output])[0].log_probs[len(prefix):]
        if len(output) >= limit:
            log_probs = log_probs[:-1]  # cut off before its end token: none was scored
        assert result.confidence is not None and 0 < result.confidence <= 1
        assert result.confidence == pytest.approx(math.exp(sum(log_probs) / len(log_probs)), rel=1e-2)  # int8, batch padding


def test_mean_log_prob_undoes_the_length_penalty() -> None:
    # 4 tokens + end token, no prefix: score = sum / 5**0.2.
    assert mean_log_prob(-10 / 5**0.2, 4) == pytest.approx(-2.0)
    # Truncated: no end token. With a 1-token forced prefix: the prefix is not scored.
    assert mean_log_prob(-8 / 4**0.2, 4, truncated=True) == pytest.approx(-2.0)
    assert mean_log_prob(-8 / 5**0.2, 4, prefix=1) == pytest.approx(-2.0)


def test_translate_texts_works_for_every_kind(all_installed: Path, tmp_path: Path) -> None:
    for name in ("test-marian", "test-nllb"):
        options = BriefOptions(models_dir=all_installed, model=name, cache_path=tmp_path / "c.sqlite3")
        translator = load_translator(options)
        assert translator is not None
        [english] = translate_texts(["工行全年純利升0.7%，有3685億元人民幣。"], translator, options)
        assert "0.7%" in english and "RMB 368.5 billion" in english


def test_remove_by_name_keeps_the_others(layout_models: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "models"
    install_model_dir(layout_models["marian"], folder, name="a")
    install_model_dir(layout_models["sentencepiece"], folder, name="b")
    assert remove_model(models_dir=folder, name="a").name == "a"
    assert [m.name for m in list_models(folder)] == ["b"]


# --- confidence in what brief shows --------------------------------------------------------

@pytest.fixture(scope="module")
def confident_brief(all_installed: Path, example_text: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from toolkit.pipeline import make_brief

    options = BriefOptions(models_dir=all_installed, model="test-marian", cache_path=tmp_path_factory.mktemp("c") / "c.sqlite3",
                           use_cache=True)
    return make_brief(example_text, options=options), options


def test_json_keeps_confidence_on_each_translated_text(confident_brief) -> None:  # type: ignore[no-untyped-def]
    from toolkit.render import render_json

    brief, _options = confident_brief
    data = json.loads(render_json(brief))
    # None only where the model produced nothing the reader sees (a text rendered wholly by rule).
    titles = [article["title"]["confidence"] for article in data["articles"]]
    assert all(c is None or 0 < c <= 1 for c in titles) and sum(c is not None for c in titles) >= len(titles) - 1
    for article in data["articles"]:
        assert len(article["summary"]["confidence"]) == len(article["summary"]["english"])
        assert all(c is None or 0 < c <= 1 for c in article["summary"]["confidence"])
        assert all(p["confidence"] is None for p in article["paragraphs"])  # not translated without --full


def test_cached_rerun_keeps_the_confidence(confident_brief, example_text: str) -> None:  # type: ignore[no-untyped-def]
    from toolkit.pipeline import make_brief

    brief, options = confident_brief
    again = make_brief(example_text, options=options)
    assert [a.title.confidence for a in again.articles] == [pytest.approx(a.title.confidence, abs=1e-6) for a in brief.articles]
    assert [a.summary.confidence for a in again.articles] == [
        pytest.approx(a.summary.confidence, abs=1e-6) for a in brief.articles
    ]


def test_markdown_and_html_mark_low_confidence_with_a_legend(confident_brief) -> None:  # type: ignore[no-untyped-def]
    from toolkit.render import render_html, render_markdown

    brief, options = confident_brief
    confidences = [a.title.confidence for a in brief.articles] + [c for a in brief.articles for c in a.summary.confidence]
    confidences = [c for c in confidences if c is not None]
    threshold = sorted(confidences)[len(confidences) // 2]  # half above, half below
    below = sum(c < threshold for c in confidences)
    markdown = render_markdown(brief, options.with_changes(confidence_threshold=threshold))
    assert markdown.count(" †\n") == below
    assert f"† *the model was unsure of this translation: its confidence (the mean probability of its words) is below {threshold:.2f} ({below} marked).*" in markdown
    html = render_html(brief, options.with_changes(confidence_threshold=threshold))
    assert html.count('<sup title="model confidence 0.') == below and "the model was unsure" in html
    assert "†" not in render_markdown(brief, options.with_changes(confidence_threshold=0.0))


def test_v1_translate_answers_with_confidence(all_installed: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(models_dir=all_installed, model="test-nllb", cache_path=tmp_path / "c.sqlite3")
    with TestClient(create_app(settings)) as client:
        one = client.post("/v1/translate", json={"text": "工行全年純利升0.7%。"}).json()
        assert one["translator"].startswith("nllb test-nllb") and 0 < one["confidence"] <= 1
        many = client.post("/v1/translate", json={"text": ["市場預期年內減息兩次。", "資金流入新興市場，恒指升1.5%。"]}).json()
        assert len(many["confidence"]) == 2 and all(0 < c <= 1 for c in many["confidence"])
        models = client.get("/v1/models").json()["models"]
        assert {m["kind"] for m in models} == {"argos", "sentencepiece", "marian", "nllb", "m2m100"}


def test_cli_picks_the_model_and_the_threshold(all_installed: Path, example_page_path: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    base = [str(example_page_path), "--models-dir", str(all_installed), "--no-cache", "-q"]
    code, out, err = run_cli([*base, "--model", "test-marian", "--confidence-threshold", "1"], capsys)
    assert code == 0, err
    assert "**Model:** marian test-marian (ctranslate2, beam 2)" in out and "† *the model was unsure" in out
    code, out, err = run_cli([*base, "--model", "test-marian", "--confidence-threshold", "0"], capsys)
    assert code == 0 and "†" not in out
    code, out, err = run_cli([*base, "--model", "nope"], capsys)
    assert code == 3 and err.startswith("brief: error: no zh→en model named 'nope'") and err.count("\n") == 1


def test_threshold_from_the_environment() -> None:
    assert BriefOptions.from_env({"BRIEF_CONFIDENCE_THRESHOLD": "0.45"}).confidence_threshold == 0.45
    assert BriefOptions().confidence_threshold == 0.3
    with pytest.raises(UsageError, match="confidence threshold"):
        BriefOptions(confidence_threshold=1.5)


class _PiecesOnly:
    """A model that cannot keep placeholders: sentences with figures go through in pieces."""

    name = model_id = "pieces-only"
    beam_size = 2

    def keeps_whole(self, symbol: str) -> bool:
        return False

    def translate_sentences(self, sentences: list[str]) -> list[str]:
        return [d.text for d in self.decode(sentences, DecodeSettings())]

    def decode(self, sentences: list[str], settings: DecodeSettings) -> list[Decoded]:
        return [Decoded("rose", 0.9 if len(s) < 3 else 0.4) for s in sentences]


def test_sentences_translated_in_pieces_get_their_least_confident_piece(tmp_path: Path) -> None:
    from toolkit.translation import TranslationReport

    report = TranslationReport()
    english = translate_texts(["恒指升1.5%，收报17,500点。", "港股昨日反覆回升。"], _PiecesOnly(),  # type: ignore[arg-type]
                              BriefOptions(cache_path=tmp_path / "c.sqlite3"), report=report)
    assert "1.5%" in english[0] and report.pieced >= 1
    # The reader gets the pieces ("，收报" scores 0.4, "昨日" 0.9): each text takes its least confident piece.
    assert report.confidence == [pytest.approx(0.4), pytest.approx(0.9)]


def test_a_link_whose_folder_is_gone_is_not_offered_but_can_be_removed(layout_models: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "opus"
    shutil.copytree(layout_models["marian"], source)
    folder = tmp_path / "models"
    install_model_dir(source, folder, link=True)
    shutil.rmtree(source)
    assert list_models(folder) == []
    assert remove_model(models_dir=folder, name="opus").kind == "missing"
    assert not (folder / "opus").is_symlink()
