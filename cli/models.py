"""``brief models``: list, install and remove translation models (Argos Translate packages)."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import models_dir_option


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _options(models_dir: Path | None):  # type: ignore[no-untyped-def]
    from toolkit.config import BriefOptions

    return BriefOptions.from_env(models_dir=models_dir)


@click.group(
    "models",
    epilog="""\b
Examples:
  brief models list
  brief models install --file translate-zh_en-1_9.argosmodel  (offline: a copied file)
  brief models install zh en                                  (downloads; needs internet)
  brief models remove zh en
  brief models clear-cache""",
)
def command() -> None:
    """List, install and remove translation models.

    Models live where argostranslate keeps them, or in the folder given with --models-dir
    or BRIEF_MODELS_DIR. brief never downloads a model unless told to here.
    """


@command.command("list")
@models_dir_option
def list_command(models_dir: Path | None) -> None:
    """Show the installed language pairs, versions, sizes and folders."""
    from toolkit.errors import INSTALL_MODEL_HINT
    from toolkit.translation.models import list_models, resolve_models_dir

    options = _options(models_dir)
    models = list_models(options.models_dir)
    if not models:
        click.echo(f"brief: no models installed in {resolve_models_dir(options.models_dir)}; {INSTALL_MODEL_HINT}", err=True)
        return
    for model in models:
        click.echo(f"{model.pair}\t{model.name}\t{model.version}\t{_size(model.size_bytes)}\t{model.path}")


@command.command("install")
@click.argument("from_code", required=False)
@click.argument("to_code", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Install this .argosmodel file (no internet needed).")
@models_dir_option
def install_command(from_code: str | None, to_code: str | None, file: Path | None, models_dir: Path | None) -> None:
    """Install the FROM_CODE→TO_CODE model (zh en) from the Argos index, or a file with --file."""
    from toolkit.errors import UsageError
    from toolkit.translation.models import install_model_file, install_model_from_index

    options = _options(models_dir)
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
@click.argument("from_code")
@click.argument("to_code")
@models_dir_option
def remove_command(from_code: str, to_code: str, models_dir: Path | None) -> None:
    """Remove the installed FROM_CODE→TO_CODE model."""
    from toolkit.translation.models import remove_model

    model = remove_model(from_code, to_code, _options(models_dir).models_dir)
    click.echo(f"brief: removed {model.pair} {model.name} {model.version} from {model.path}", err=True)


@command.command("clear-cache")
def clear_cache_command() -> None:
    """Empty the translation cache."""
    from toolkit.translation.cache import clear_cache

    path = _options(None).cache_path
    click.echo(f"brief: removed {clear_cache(path)} cached translation(s) from {path}", err=True)
