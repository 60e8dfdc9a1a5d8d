"""``brief models``: list, install and remove translation models (Argos packages, CTranslate2 folders)."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import model_option, models_dir_option


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _options(models_dir: Path | None, model: str | None = None):  # type: ignore[no-untyped-def]
    from toolkit.config import BriefOptions

    return BriefOptions.from_env(models_dir=models_dir, model=model)


@click.group(
    "models",
    epilog="""\b
Examples:
  brief models list
  brief models install --file translate-zh_en-1_9.argosmodel  (offline: a copied file)
  brief models install --dir opus-mt-zh-en-ct2 --name opus    (a converted CTranslate2 folder)
  brief models install zh en                                  (downloads; needs internet)
  brief models remove zh en
  brief models remove --name opus
  brief models clear-cache""",
)
def command() -> None:
    """List, install and remove translation models.

    Models live where argostranslate keeps them, or in the folder given with --models-dir
    or BRIEF_MODELS_DIR. Several may be installed: --model NAME / BRIEF_MODEL picks one,
    else the one installed last is used. brief never downloads a model unless told to here.
    """


@command.command("list")
@models_dir_option
@model_option
def list_command(models_dir: Path | None, model: str | None) -> None:
    """Show the installed models: pair, name, version, size, where, kind (and which one is used by default)."""
    from toolkit.errors import INSTALL_MODEL_HINT
    from toolkit.translation.models import list_models, resolve_models_dir

    options = _options(models_dir, model)
    models = list_models(options.models_dir)
    if not models:
        click.echo(f"brief: no models installed in {resolve_models_dir(options.models_dir)}; {INSTALL_MODEL_HINT}", err=True)
        return
    from toolkit.translation.models import find_model

    default = find_model(models_dir=options.models_dir, name=options.model) if len(models) > 1 else None
    for info in models:
        where = f"{info.path} -> {info.linked_to}" if info.linked_to else str(info.path)
        used = "\tdefault" if default is not None and info.path == default.path else ""
        click.echo(f"{info.pair}\t{info.name}\t{info.version}\t{_size(info.size_bytes)}\t{where}\t{info.kind}{used}")


@command.command("install")
@click.argument("from_code", required=False)
@click.argument("to_code", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Install this .argosmodel file (no internet needed).")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Install this CTranslate2 model folder (with its SentencePiece model(s)).")
@click.option("--name", default=None, help="Name for the model installed with --dir (default: the folder's name).")
@click.option("--link", is_flag=True, help="With --dir: link to the folder instead of copying it.")
@models_dir_option
def install_command(from_code: str | None, to_code: str | None, file: Path | None, folder: Path | None,
                    name: str | None, link: bool, models_dir: Path | None) -> None:
    """Install the FROM_CODE→TO_CODE model (zh en) from the Argos index, a file with --file, or a
    converted CTranslate2 folder with --dir (checked before anything installed is touched)."""
    from toolkit.errors import UsageError
    from toolkit.translation.models import install_model_dir, install_model_file, install_model_from_index

    options = _options(models_dir)
    if (name or link) and folder is None:
        raise UsageError("--name and --link go with --dir")
    if folder is not None:
        if from_code or to_code or file is not None:
            raise UsageError("give one of a language pair, --file or --dir")
        model = install_model_dir(folder, options.models_dir, name=name, link=link)
        how = f"linked to {model.linked_to}" if model.linked_to else f"in {model.path}"
        click.echo(f"brief: installed {model.pair} {model.name} ({model.kind}, {_size(model.size_bytes)}) {how}", err=True)
        return
    if file is not None:
        if from_code or to_code:
            raise UsageError("give either a language pair or --file, not both")
        model = install_model_file(file, options.models_dir)
    else:
        if not (from_code and to_code):
            raise UsageError("say which model to install: `brief models install zh en` or --file FILE")
        model = install_model_from_index(from_code, to_code, options.models_dir)
    click.echo(f"brief: installed {model.pair} {model.name} {model.version} ({_size(model.size_bytes)}) in {model.path}", err=True)


@command.command("remove")
@click.argument("from_code", required=False, default="zh")
@click.argument("to_code", required=False, default="en")
@click.option("--name", default=None, help="Remove the model of this name (a linked folder keeps its files).")
@models_dir_option
def remove_command(from_code: str, to_code: str, name: str | None, models_dir: Path | None) -> None:
    """Remove the installed FROM_CODE→TO_CODE model, or the one named with --name."""
    from toolkit.translation.models import remove_model

    model = remove_model(from_code, to_code, _options(models_dir).models_dir, name)
    click.echo(f"brief: removed {model.pair} {model.name} {model.version} from {model.path}", err=True)


@command.command("clear-cache")
def clear_cache_command() -> None:
    """Empty the translation cache."""
    from toolkit.translation.cache import clear_cache

    path = _options(None).cache_path
    click.echo(f"brief: removed {clear_cache(path)} cached translation(s) from {path}", err=True)
