"""``brief summarize``: extractive Chinese summaries of a page's articles, or of one text."""

from __future__ import annotations

import json
from typing import Any

import click

from cli.common import read_text_argument, write_result

ALGORITHMS = ("brief", "lexrank", "textrank", "lsa", "luhn", "edmundson")


@click.command(
    "summarize",
    epilog="""\b
Examples:
  brief summarize page.txt                  3 sentences per article, as printed
  brief summarize article.txt --title "中電上半年盈利升21%"   one article, with its headline
  brief summarize page.txt -n 2 --script hans --format json
  brief summarize page.txt --ratio 0.2 --algorithm textrank
  brief summarize --text "港股昨日反覆回升。恒指收市報24951點。"
  cat article.txt | brief summarize -n 1""",
)
@click.argument("page", metavar="[PAGE]", required=False)
@click.option("-t", "--text", "text", metavar="TEXT", help="Summarise this text (one article) instead of a page.")
@click.option("--title", metavar="HEADLINE",
              help="The article's headline: PAGE (or the text) is then one article. Without it, the first "
                   "line of a text is taken as the headline when it looks like one.")
@click.option("-n", "--sentences", type=int, default=None, help="Sentences per summary (default 3).")
@click.option("--ratio", type=float, default=None, help="Summary length as a share of the sentences, e.g. 0.2.")
@click.option("--algorithm", type=click.Choice(ALGORITHMS), default=None, help="Summary algorithm (default brief: headline, lead, figures and TextRank; the best on our evaluation).")
@click.option("--script", type=click.Choice(["hant", "hans"]), default=None,
              help="Script of the output: hant (Traditional) or hans (Simplified); default: as printed.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Plain text or JSON.")
@click.option("-o", "--output", metavar="FILE", help="Write the result here instead of stdout.")
def command(
    page: str | None,
    text: str | None,
    title: str | None,
    sentences: int | None,
    ratio: float | None,
    algorithm: str | None,
    script: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Summarise each article of PAGE (a file, or - for stdin), or one text (--text, or stdin).

    The summary is extractive: chosen sentences in page order, favouring those that say what
    the headline says, the lead, and the sentences that carry the article's figures, never a
    caption, disclosure or subhead. No translation model needed.
    """
    from toolkit.config import BriefOptions
    from toolkit.errors import UsageError

    options = BriefOptions.from_env(summary_sentences=sentences, summary_ratio=ratio,
                                    summary_algorithm=algorithm, script=script, translate=False)
    if page is not None and text is not None:
        raise UsageError("give a PAGE or --text, not both")
    if page is None:
        result = _summarize_text(read_text_argument(text, None), options, script, fmt, title)
    elif title is not None:
        from toolkit.reading import read_file

        result = _summarize_text(read_file(page).text, options, script, fmt, title)
    else:
        result = _summarize_page(page, options, fmt)
    write_result(result, output)


def _summarize_text(source: str, options: Any, script: str | None, fmt: str, title: str | None = None) -> str:
    from toolkit.conversion import convert_many
    from toolkit.errors import InputError
    from toolkit.summary import summarize

    if not source.strip():
        raise InputError("the text is empty: nothing to summarise")
    chosen = summarize(source, sentences=options.summary_sentences, ratio=options.summary_ratio,
                       algorithm=options.summary_algorithm, opencc_config=options.opencc_config, title=title)
    if script == "hans":
        chosen = convert_many(chosen, options.opencc_config)
    elif script == "hant":
        chosen = convert_many(chosen, "s2hk")
    if fmt == "json":
        data = {"algorithm": options.summary_algorithm, "sentences": chosen}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{sentence}\n" for sentence in chosen)


def _summarize_page(page: str, options: Any, fmt: str) -> str:
    from toolkit.conversion import convert
    from toolkit.pipeline import make_brief
    from toolkit.reading import read_file

    loaded = read_file(page)
    brief = make_brief(loaded.text, source=loaded.source, options=options)
    hans = options.script == "hans"
    items: list[dict[str, Any]] = []
    for article in brief.articles:
        if article.kind != "article":
            continue
        title = article.title.simplified if hans and article.title.simplified else article.title.original
        chosen = article.summary.simplified if hans else article.summary.original
        column, author = article.column, article.author
        if hans:
            column, author = (convert(x, options.opencc_config) if x else x for x in (column, author))
        items.append({"title": title, "column": column, "author": author,
                      "algorithm": article.summary.algorithm, "sentences": list(chosen)})
    if fmt == "json":
        return json.dumps({"source": brief.source, "articles": items}, ensure_ascii=False, indent=2) + "\n"
    blocks = []
    for item in items:
        byline = " · ".join(str(x) for x in (item["column"], item["author"]) if x)
        lines = [str(item["title"])] + ([byline] if byline else []) + [f"  - {s}" for s in item["sentences"]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
