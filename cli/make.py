"""``brief PAGE``: the English brief of a page."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import model_option, models_dir_option, stderr_progress, write_result

FORMATS = ("md", "json", "html")


@click.command(
    "make",
    epilog="""\b
Examples:
  brief page.txt -o en.md
  brief page.txt --format html -o en.html --bilingual
  brief - < page.txt --format json > page.json
  brief page.txt --full --no-cache""",
)
@click.argument("page", metavar="PAGE", type=str)
@click.option("-o", "--output", metavar="FILE", help="Write the brief here (atomically) instead of stdout.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="md (default; or from the -o suffix), json (the stable contract) or html.")
@click.option("--full", is_flag=True, help="Translate the whole text, not only what the brief shows.")
@click.option("--bilingual", is_flag=True, help="Show each summary sentence with its Chinese.")
@click.option("--all-figures", is_flag=True,
              help="Show every key figure of an article (default: the 8 that matter most; JSON keeps all).")
@click.option("--script", type=click.Choice(["hant", "hans"]), default=None,
              help="Script of the Chinese shown: hant (as printed, default) or hans.")
@click.option("--opencc", "opencc_config", default=None, metavar="CONFIG",
              help="OpenCC configuration for Simplified text: hk2s (default), t2s, tw2s.")
@click.option("--terms", type=click.Choice(["hk", "mainland"]), default=None,
              help="mainland: Simplified text in mainland market words (認沽證 → 认沽权证); with --script hans.")
@click.option("-n", "--sentences", "summary_sentences", type=int, default=None,
              help="Summary length in sentences (default 3).")
@click.option("--ratio", "summary_ratio", type=float, default=None,
              help="Summary length as a share of each article's sentences, e.g. 0.2.")
@click.option("--algorithm", "summary_algorithm", default=None,
              type=click.Choice(["brief", "lexrank", "textrank", "lsa", "luhn", "edmundson"]),
              help="Summary algorithm (default brief: headline, lead, figures and TextRank; the best on our gold summaries).")
@click.option("--no-translate", is_flag=True, help="Skip translation: Chinese brief, English figures only.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your glossary (TSV: Chinese<TAB>English), applied with the built-in one.")
@models_dir_option
@model_option
@click.option("--confidence-threshold", type=click.FloatRange(0, 1), default=None,
              help="Mark translated sentences below this model confidence (0 marks none) [env: BRIEF_CONFIDENCE_THRESHOLD].")
@click.option("-q", "--quiet", is_flag=True, help="No progress or notices on stderr.")
def command(
    page: str,
    output: str | None,
    fmt: str | None,
    full: bool,
    bilingual: bool,
    all_figures: bool,
    script: str | None,
    opencc_config: str | None,
    terms: str | None,
    summary_sentences: int | None,
    summary_ratio: float | None,
    summary_algorithm: str | None,
    no_translate: bool,
    no_cache: bool,
    glossary_path: Path | None,
    models_dir: Path | None,
    model: str | None,
    confidence_threshold: float | None,
    quiet: bool,
) -> None:
    """Make the English brief of PAGE (a file, or - for stdin).

    The brief has, per article: the English headline, column and author, a summary,
    a key-figures table and a stocks table; then every stock on the page.
    """
    from toolkit.config import BriefOptions
    from toolkit.pipeline import make_brief
    from toolkit.reading import read_file
    from toolkit.render import render_html, render_json, render_markdown

    if fmt is None:
        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        fmt = {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "md")
    options = BriefOptions.from_env(
        full=full or None,
        bilingual=bilingual or None,
        all_figures=all_figures or None,
        script=script,
        opencc_config=opencc_config,
        terms=terms,
        summary_sentences=summary_sentences,
        summary_ratio=summary_ratio,
        summary_algorithm=summary_algorithm,
        translate=False if no_translate else None,
        use_cache=not no_cache,
        glossary_path=glossary_path,
        models_dir=models_dir,
        model=model,
        confidence_threshold=confidence_threshold,
    )
    if output not in (None, "-"):
        from toolkit.output import check_not_input, check_output_path

        check_output_path(output)
        if page != "-":
            check_not_input(output, page)
    loaded = read_file(page, options.max_input_bytes)
    progress = stderr_progress(quiet)
    brief = make_brief(loaded.text, source=loaded.source, options=options, progress=progress)
    if not quiet:
        for notice in brief.notices:
            click.echo(f"brief: {notice}", err=True)
    if fmt == "json":
        text = render_json(brief)
    elif fmt == "html":
        text = render_html(brief, options)
    else:
        text = render_markdown(brief, options)
    write_result(text, output)
