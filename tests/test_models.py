"""Model management: list, install from a file (checked first), remove; and the CLI over it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cli_runner import run_cli as run

from toolkit.errors import ModelError, ModelNotInstalled
from toolkit.translation.models import install_model_file, list_models, remove_model


def rewrite(source: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """Copy an .argosmodel, passing each (name, bytes) through ``change`` (None drops the entry)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            result = change(item.filename, src.read(item.filename))
            if result is not None:
                dst.writestr(item.filename, result)
    return target


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def installed(test_model_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    install_model_file(test_model_file, folder)
    return folder


def test_list_is_empty_for_an_empty_or_missing_folder(tmp_path: Path) -> None:
    assert list_models(tmp_path / "missing") == []
    assert list_models(tmp_path) == []


@pytest.mark.slow
def test_install_list_remove(installed: Path) -> None:
    [model] = list_models(installed)
    assert (model.from_code, model.to_code, model.name, model.version) == ("zh", "en", "brief-test", "0.1")
    assert model.size_bytes > 100_000 and model.path.parent == installed
    assert [p.name for p in installed.iterdir()] == [model.path.name]  # no staging left behind
    removed = remove_model("zh", "en", installed)
    assert removed.path == model.path and list_models(installed) == []
    with pytest.raises(ModelNotInstalled):
        remove_model("zh", "en", installed)


@pytest.mark.slow
def test_reinstall_replaces_the_installed_pair(installed: Path, test_model_file: Path) -> None:
    install_model_file(test_model_file, installed)
    assert len(list_models(installed)) == 1


def _wrong_language(name: str, data: bytes) -> bytes:
    if name.endswith("metadata.json"):
        meta = json.loads(data)
        meta.update(from_code="en", to_code="de")
        return json.dumps(meta).encode()
    return data


BROKEN = {
    "wrong language": (_wrong_language, "translates en→de, not zh→en"),
    "no sentencepiece": (lambda n, d: None if n.endswith("sentencepiece.model") else d, "sentencepiece.model is missing"),
    "no model": (lambda n, d: None if "/model/" in n else d, "model/model.bin is missing"),
    "garbage weights": (lambda n, d: b"\0" * 100 if n.endswith("model.bin") else d, "cannot be loaded"),
    "bad metadata": (lambda n, d: b"{not json" if n.endswith("metadata.json") else d, "unreadable metadata.json"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_file_fails_clearly_and_leaves_installed_models_untouched(
    case: str, installed: Path, test_model_file: Path, tmp_path: Path
) -> None:
    change, message = BROKEN[case]
    bad = rewrite(test_model_file, tmp_path / "bad.argosmodel", change)
    before = snapshot(installed)
    with pytest.raises(ModelError) as info:
        install_model_file(bad, installed)
    assert message in str(info.value)
    assert snapshot(installed) == before


@pytest.mark.slow
def test_not_a_zip_or_truncated(tmp_path: Path, test_model_file: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(ModelError, match="not an Argos model"):
        install_model_file(junk, tmp_path / "models")
    truncated = tmp_path / "cut.argosmodel"
    data = test_model_file.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError):
        install_model_file(truncated, tmp_path / "models")
    assert not (tmp_path / "models").exists() or list_models(tmp_path / "models") == []


# --- CLI --------------------------------------------------------------------------------

@pytest.mark.slow
def test_cli_install_list_translate_remove(capsys: pytest.CaptureFixture[str], test_model_file: Path, tmp_path: Path) -> None:
    folder = str(tmp_path / "m")
    code, out, err = run(["models", "install", "--file", str(test_model_file), "--models-dir", folder], capsys)
    assert code == 0 and out == "" and err.startswith("brief: installed zh→en brief-test 0.1")
    code, out, _err = run(["models", "list", "--models-dir", folder], capsys)
    assert code == 0 and out.startswith("zh→en\tbrief-test\t0.1\t")
    code, out, _err = run(["translate", "--models-dir", folder, "--no-cache", "恒指升1.5%。\n\n港股回升。"], capsys)
    assert code == 0 and "1.5%" in out.splitlines()[0] and out.splitlines()[1] == ""
    code, _out, err = run(["models", "remove", "zh", "en", "--models-dir", folder], capsys)
    assert code == 0 and err.startswith("brief: removed zh→en brief-test")
    code, out, err = run(["translate", "--models-dir", folder, "港股"], capsys)
    assert code == 3 and out == ""
    assert err.startswith("brief: error: no zh→en translation model in") and err.count("\n") == 1
    assert "brief models install --file" in err


def test_cli_bad_file_is_one_line_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_text("junk")
    code, out, err = run(["models", "install", "--file", str(junk), "--models-dir", str(tmp_path / "m")], capsys)
    assert (code, out) == (3, "")
    assert err == f"brief: error: {junk} is not an Argos model (.argosmodel files are zip archives)\n"


def test_cli_list_without_models_names_the_install_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(["models", "list", "--models-dir", str(tmp_path)], capsys)
    assert code == 0 and out == ""
    assert "brief models install --file" in err


def test_cli_install_from_index_offline_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argostranslate.package

    def offline() -> None:
        raise OSError("network unreachable")

    monkeypatch.setattr(argostranslate.package, "update_package_index", offline)
    code, out, err = run(["models", "install", "zh", "en", "--models-dir", str(tmp_path)], capsys)
    assert (code, out) == (4, "")  # a network error, not a broken model (3)
    assert err.startswith("brief: error: cannot reach the Argos package index") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_clear_cache(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.translation.cache import TranslationCache

    path = tmp_path / "cache.sqlite3"
    cache = TranslationCache(path)
    cache.put_many({"a": "b"})
    cache.close()
    monkeypatch.setenv("BRIEF_CACHE_PATH", str(path))
    code, _out, err = run(["models", "clear-cache"], capsys)
    assert code == 0 and err == f"brief: removed 1 cached translation(s) from {path}\n"


def test_shipped_test_data_is_present() -> None:
    data = Path(__file__).parent / "data" / "flores200_zh_en.tsv"
    lines = data.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1000 and all(line.count("\t") == 1 for line in lines)
