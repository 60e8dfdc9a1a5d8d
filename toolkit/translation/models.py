"""Installed translation models: list, pick, install (a file, a folder or the Argos index), remove.

Models live in one folder: the one a user names (``BriefOptions.models_dir`` /
``--models-dir`` / ``BRIEF_MODELS_DIR``) or else the folder argostranslate itself uses. Two
kinds sit side by side there, told apart by their files: Argos Translate packages (from
``.argosmodel`` zips, read with argostranslate's own ``Package`` class) and CTranslate2 model
folders a user converted (``install_model_dir``; the layouts are in
``backends.ctranslate2_dir``), copied in or linked. Anything is fully checked in staging
*before* the models folder is touched, so a corrupt or incomplete model never damages what is
installed. Nothing here downloads unless ``install_model_from_index`` is called, and
argostranslate (which creates its folders when imported) is imported only inside these functions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.errors import INSTALL_MODEL_HINT, ModelError, ModelNotInstalled, NetworkError, UsageError

SOURCE_CODE = "zh"
TARGET_CODE = "en"


@dataclass(slots=True, frozen=True)
class ModelInfo:
    """One installed (or just installed) translation package."""

    from_code: str
    to_code: str
    name: str
    version: str
    size_bytes: int
    path: Path
    kind: str = "argos"
    linked_to: Path | None = None
    installed_at: float = 0.0

    @property
    def weights(self) -> Path:
        """The model's weights file (what fingerprints it)."""
        return self.path / "model" / "model.bin" if self.kind == "argos" else self.path / "model.bin"

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"


def argos_packages_dir() -> Path:
    """The folder argostranslate installs packages into, worked out without importing it.

    Importing ``argostranslate.settings`` creates folders, so its rule is repeated here:
    ``ARGOS_PACKAGES_DIR``, else ``$XDG_DATA_HOME/argos-translate/packages``.
    """
    explicit = os.environ.get("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "argos-translate" / "packages"


def resolve_models_dir(models_dir: Path | None) -> Path:
    """The models folder to use: the one given, else argostranslate's."""
    return Path(models_dir).expanduser() if models_dir is not None else argos_packages_dir()


def _argos_package() -> Any:
    # Lazy: importing argostranslate reads its settings and creates its folders.
    import argostranslate.package

    return argostranslate.package


def _info(package: Any, path: Path) -> ModelInfo:
    metadata = _read_metadata(path / "metadata.json")
    name = str(metadata.get("package_name") or metadata.get("code") or path.name)
    return ModelInfo(
        from_code=str(package.from_code),
        to_code=str(package.to_code),
        name=name,
        version=str(package.package_version or "?"),
        size_bytes=_size(path),
        path=path,
        installed_at=_installed_at(path),
    )


def _dir_info(path: Path, kind: str) -> ModelInfo:
    return ModelInfo(
        from_code=SOURCE_CODE,
        to_code=TARGET_CODE,
        name=path.name,
        version="-",
        size_bytes=_size(path),
        path=path,
        kind=kind,
        linked_to=path.resolve() if path.is_symlink() else None,
        installed_at=_installed_at(path),
    )


def _touch(path: Path) -> None:
    """Mark the install time on the entry itself (a copy keeps its source's times; a link's target is not ours)."""
    try:
        os.utime(path, follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


def _installed_at(path: Path) -> float:
    """When the entry was put in the models folder (a link's own time, not its target's)."""
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def _read_metadata(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def list_models(models_dir: Path | None = None) -> list[ModelInfo]:
    """The translation models installed in ``models_dir`` (argostranslate's folder by default):
    Argos packages and CTranslate2 model folders, by folder name."""
    from toolkit.translation.backends.ctranslate2_dir import inspect_dir, looks_like_model_dir

    folder = resolve_models_dir(models_dir)
    if not folder.is_dir():
        return []
    entries = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    packages = [p for p in entries if (p / "metadata.json").is_file()]
    package_module: Any = _argos_package() if packages else None
    models = []
    for path in entries:
        if path in packages:
            try:
                package = package_module.Package(path)
            except (OSError, ValueError):
                continue
            if getattr(package, "type", "translate") != "translate":
                continue
            models.append(_info(package, path))
        elif looks_like_model_dir(path):
            try:
                layout = inspect_dir(path)
            except ModelError:
                continue  # a folder spoiled after install is not offered (``install --dir`` says why)
            models.append(_dir_info(path, layout.kind))
    return models


def _matches(model: ModelInfo, name: str) -> bool:
    return name in (model.name, model.path.name)


def find_model(
    from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE, models_dir: Path | None = None, name: str | None = None
) -> ModelInfo | None:
    """The installed model for a language pair, or ``None``.

    ``name`` (a model's name or folder name) picks one; without it, when several are
    installed, the one installed last is used.
    """
    candidates = [m for m in list_models(models_dir) if m.from_code == from_code and m.to_code == to_code]
    if name:
        candidates = [m for m in candidates if _matches(m, name)]
    if not candidates:
        return None
    return max(candidates, key=lambda m: (m.installed_at, m.path.name))


def require_model(
    from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE, models_dir: Path | None = None, name: str | None = None
) -> ModelInfo:
    """The installed model for a pair (and ``name``), or ``ModelNotInstalled`` saying what to do."""
    model = find_model(from_code, to_code, models_dir, name)
    if model is None:
        folder = resolve_models_dir(models_dir)
        if name:
            names = sorted(m.path.name for m in list_models(models_dir) if (m.from_code, m.to_code) == (from_code, to_code))
            have = f"installed: {', '.join(names)}" if names else "none is installed"
            raise ModelNotInstalled(f"no {from_code}→{to_code} model named {name!r} in {folder} ({have}); see `brief models list`")
        raise ModelNotInstalled(f"no {from_code}→{to_code} translation model in {folder}; {INSTALL_MODEL_HINT}")
    return model


def _check_archive(path: Path, from_code: str, to_code: str) -> tuple[str, dict[str, Any]]:
    """Check an .argosmodel zip without extracting it; return its top folder and metadata."""
    if not path.is_file():
        raise UsageError(f"no such model file: {path}")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path} is not an Argos model (.argosmodel files are zip archives)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            bad = archive.testzip()
            if bad is not None:
                raise ModelError(f"{path} is corrupt: {bad} fails its checksum")
            tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
            if len(tops) != 1:
                raise ModelError(f"{path} is not an Argos model: expected one top folder, found {len(tops)}")
            top = tops.pop()
            for name in names:
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts:
                    raise ModelError(f"{path} is not a safe archive: it holds {name!r}")
            required = [f"{top}/metadata.json", f"{top}/model/model.bin", f"{top}/sentencepiece.model"]
            for needed in required:
                if needed not in names:
                    raise ModelError(f"{path} is not a usable Argos model: {needed.split('/', 1)[1]} is missing")
            try:
                metadata = json.loads(archive.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise ModelError(f"{path} has an unreadable metadata.json") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ModelError(f"{path} is corrupt: {exc}") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{path} has an unreadable metadata.json")
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (from_code, to_code):
        raise ModelError(
            f"{path} translates {pair[0]}→{pair[1]}, not {from_code}→{to_code}; nothing was installed"
        )
    return top, metadata


def _check_extracted(folder: Path) -> Any:
    """Load what argostranslate and brief will load, so a broken model fails now, not later."""
    try:
        package = _argos_package().Package(folder)
        import ctranslate2
        import sentencepiece

        sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
        ctranslate2.Translator(str(folder / "model"), device="cpu", inter_threads=1, intra_threads=1)
    except Exception as exc:  # any failure to load means the file is not a working model
        raise ModelError(f"the model in {folder.name} cannot be loaded: {exc}".splitlines()[0]) from None
    return package


def install_model_file(path: Path, models_dir: Path | None = None) -> ModelInfo:
    """Install a zh→en ``.argosmodel`` file, replacing an installed zh→en package.

    The file is checked (zip, metadata, languages, model and SentencePiece files, and that
    both load) in a staging folder before anything installed is touched.
    """
    path = Path(path).expanduser()
    top, _metadata = _check_archive(path, SOURCE_CODE, TARGET_CODE)
    folder = resolve_models_dir(models_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the models folder {folder}: {exc.strerror}") from None
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=folder))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(staging)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ModelError(f"{path} is corrupt: {exc}") from None
        package = _check_extracted(staging / top)
        replaced = [
            m for m in list_models(folder) if (m.from_code, m.to_code, m.kind) == (SOURCE_CODE, TARGET_CODE, "argos")
        ]
        target = folder / top
        trash = folder / f".removed-{int(time.time() * 1000)}"
        trash.mkdir()
        for old in replaced:
            old.path.rename(trash / old.path.name)
        if target.exists():
            target.rename(trash / (target.name + ".other"))
        (staging / top).rename(target)
        _touch(target)
        shutil.rmtree(trash, ignore_errors=True)
        _forget_loaded()
        return _info(package, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_dir_loads(layout: Any) -> None:
    """Load the model and its SentencePiece files as translation will, so a broken one fails now."""
    try:
        import ctranslate2
        import sentencepiece

        for spm in dict.fromkeys([layout.source_spm, layout.target_spm]):
            sentencepiece.SentencePieceProcessor(model_file=str(spm))
        ctranslate2.Translator(str(layout.folder), device="cpu", inter_threads=1, intra_threads=1)
    except Exception as exc:  # any failure to load means the folder is not a working model
        raise ModelError(f"the model in {layout.folder} cannot be loaded: {exc}".splitlines()[0]) from None


def _check_name(name: str) -> str:
    if not name or name.startswith(".") or "/" in name or "\\" in name or name in ("..",):
        raise UsageError(f"{name!r} cannot be a model name: use letters, digits, '-', '_' or '.'")
    return name


def install_model_dir(
    path: Path, models_dir: Path | None = None, *, name: str | None = None, link: bool = False
) -> ModelInfo:
    """Install a CTranslate2 zh→en model folder (copied, or linked with ``link``) as ``name``.

    The folder is checked (its layout, every file it needs, and that the model and its
    SentencePiece files load) before anything installed is touched; an installed model of the
    same name is replaced only once the new one is in place.
    """
    from toolkit.translation.backends.ctranslate2_dir import inspect_dir

    source = Path(path).expanduser().absolute()
    if not source.exists():
        raise UsageError(f"no such model folder: {source}")
    inspect_dir(source)
    name = _check_name(name or source.name)
    folder = resolve_models_dir(models_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the models folder {folder}: {exc.strerror}") from None
    if source.resolve() == (folder / name).resolve():
        raise UsageError(f"{source} is already installed as {name}")
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=folder))
    try:
        staged = staging / name
        if link:
            staged.symlink_to(source.resolve(), target_is_directory=True)
        else:
            try:
                shutil.copytree(source, staged)
            except (OSError, shutil.Error) as exc:
                raise UsageError(f"cannot copy {source} into {folder}: {exc}".splitlines()[0]) from None
        layout = inspect_dir(staged)
        _check_dir_loads(layout)
        target = folder / name
        trash = folder / f".removed-{int(time.time() * 1000)}"
        if target.exists() or target.is_symlink():
            trash.mkdir()
            target.rename(trash / name)
        staged.rename(target)
        _touch(target)
        if trash.exists():
            shutil.rmtree(trash, ignore_errors=True)
        _forget_loaded()
        return _dir_info(target, layout.kind)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install_model_from_index(from_code: str, to_code: str, models_dir: Path | None = None) -> ModelInfo:
    """Download a package from the Argos index (needs internet), then install it like a file."""
    if (from_code, to_code) != (SOURCE_CODE, TARGET_CODE):
        raise UsageError(f"brief translates {SOURCE_CODE}→{TARGET_CODE} only, not {from_code}→{to_code}")
    package_module = _argos_package()
    from argostranslate import settings

    index = Path(settings.local_package_index)
    before = index.stat().st_mtime if index.exists() else None
    import contextlib
    import io

    # argostranslate prints and swallows a failed fetch; its own message would be noise here.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            package_module.update_package_index()
        except Exception:
            pass
    after = index.stat().st_mtime if index.exists() else None
    if after is None or after == before:
        raise NetworkError(
            "cannot reach the Argos package index (no internet?); on an offline machine copy "
            "translate-zh_en-1_9.argosmodel here and run `brief models install --file translate-zh_en-1_9.argosmodel`"
        )
    available = [p for p in package_module.get_available_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
    if not available:
        raise ModelError(f"the Argos package index has no {from_code}→{to_code} package")
    try:
        downloaded = Path(available[0].download())
    except Exception as exc:
        raise NetworkError(f"download of the {from_code}→{to_code} package failed: {exc}") from None
    try:
        return install_model_file(downloaded, models_dir)
    finally:
        downloaded.unlink(missing_ok=True)


def remove_model(
    from_code: str = SOURCE_CODE, to_code: str = TARGET_CODE, models_dir: Path | None = None, name: str | None = None
) -> ModelInfo:
    """Remove an installed model (``name`` picks one of several; a linked folder loses only its link).

    Done like argostranslate's ``uninstall`` (delete the folder under its package lock)
    without calling it, because it imports ``argostranslate.translate`` (spaCy, ~3 s).
    """
    model = find_model(from_code, to_code, models_dir, name)
    dangling = resolve_models_dir(models_dir) / name if name and not name.startswith(".") and "/" not in name else None
    if model is None and dangling is not None and dangling.is_symlink() and not dangling.exists():
        dangling.unlink()  # a link whose folder is gone: not listed, but still removable
        return ModelInfo(from_code, to_code, dangling.name, "-", 0, dangling, kind="missing")
    if model is None:
        what = f"model named {name!r}" if name else "model"
        raise ModelNotInstalled(f"no {from_code}→{to_code} {what} is installed in {resolve_models_dir(models_dir)}")
    if model.path.is_symlink():
        model.path.unlink()
    elif model.kind != "argos":
        shutil.rmtree(model.path)
    else:
        package_module = _argos_package()
        with package_module.package_lock:
            shutil.rmtree(model.path)
    _forget_loaded()
    return model


def _forget_loaded() -> None:
    from toolkit.translation.backend import forget_loaded_models

    forget_loaded_models()
