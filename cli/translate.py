"""``brief translate``: Chinese text to English with the installed model, figures kept exact."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import model_option, models_dir_option, read_text_argument, write_result


@click.command(
    "translate",
    epilog="""\b
Examples:
  brief translate "港股昨日反覆回升"
  brief translate -f article.txt -o article.en.txt
  cat article.txt | brief translate --no-cache
  brief translate --glossary my_terms.tsv "恒指收報17,500點"
  brief translate --stats -f article.txt
  brief translate --clear-cache""",
)
@click.argument("text", required=False)
@click.option("-f", "--file", "file", metavar="FILE", help="Read the text from FILE (- for stdin).")
@click.option("-o", "--output", metavar="FILE", help="Write the English here instead of stdout.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@click.option("--clear-cache", is_flag=True, help="Empty the translation cache (and translate nothing else).")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your glossary (TSV: Chinese<TAB>English), applied with the built-in one.")
@click.option("--beam", "beam_size", type=int, default=None, help="Beam size (default 2).")
@click.option("--stats", is_flag=True,
              help="Print how the sentences went (whole, retried, pieced, cached, repaired) as JSON on stderr.")
@models_dir_option
@model_option
def command(
    text: str | None,
    file: str | None,
    output: str | None,
    no_cache: bool,
    clear_cache: bool,
    glossary_path: Path | None,
    beam_size: int | None,
    stats: bool,
    models_dir: Path | None,
    model: str | None,
) -> None:
    """Translate TEXT (or a file, or stdin) from Chinese (Traditional or Simplified) to English.

    Each line is translated on its own; blank lines are kept.
    """
    from toolkit.config import BriefOptions

    options = BriefOptions.from_env(
        use_cache=not no_cache,
        glossary_path=glossary_path,
        models_dir=models_dir,
        model=model,
        beam_size=beam_size,
    )
    if clear_cache:
        from toolkit.translation.cache import clear_cache as clear

        removed = clear(options.cache_path)
        click.echo(f"brief: removed {removed} cached translation(s) from {options.cache_path}", err=True)
        if text is None and file is None:
            return
    from toolkit.translation import TranslationReport, load_translator, translate_texts

    source = read_text_argument(text, file)
    translator = load_translator(options, required=True)
    assert translator is not None
    lines = source.splitlines()
    indexes = [i for i, line in enumerate(lines) if line.strip()]
    report = TranslationReport()
    english = translate_texts([lines[i].strip() for i in indexes], translator, options, report=report)
    out = [""] * len(lines)
    for i, line in zip(indexes, english, strict=True):
        out[i] = line
    write_result("\n".join(out) + "\n", output)
    if report.doubtful:
        from toolkit.translation.pipeline import doubtful_notice

        click.echo(f"brief: {doubtful_notice(len(report.doubtful))}", err=True)
    if stats:
        import json

        click.echo(json.dumps({"translation": report.counts()}), err=True)
