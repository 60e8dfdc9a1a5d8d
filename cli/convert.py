"""``brief convert``: Traditional ↔ Simplified Chinese with OpenCC."""

from __future__ import annotations

import click

from cli.common import read_text_argument, write_result


@click.command(
    "convert",
    epilog="""\b
Examples:
  brief convert "港股昨日反覆回升"            → 港股昨日反复回升
  brief convert -f page.txt -o page.hans.txt
  brief convert --config s2hk "港股昨日反复回升"
  brief convert --terms mainland "買入認沽證後炒燶"  → 买入认沽权证后炒亏
  cat page.txt | brief convert""",
)
@click.argument("text", required=False)
@click.option("-f", "--file", "file", metavar="FILE", help="Read the text from FILE (- for stdin).")
@click.option("-o", "--output", metavar="FILE", help="Write the result here instead of stdout.")
@click.option("-c", "--config", "config", default="hk2s", show_default=True,
              help="OpenCC configuration: hk2s, t2s, tw2s, tw2sp, s2t, s2hk, s2tw, s2twp, t2hk, t2tw, hk2t, hk2s-mainland.")
@click.option("--terms", type=click.Choice(["hk", "mainland"]), default=None,
              help="mainland: also put Hong Kong market words in mainland usage (認沽證 → 认沽权证); "
                   "Simplified output only. Default hk (words as printed), or BRIEF_TERMS.")
def command(text: str | None, file: str | None, output: str | None, config: str, terms: str | None) -> None:
    """Convert TEXT (or a file, or stdin) between Chinese scripts."""
    from toolkit.config import BriefOptions
    from toolkit.conversion import convert

    source = read_text_argument(text, file)
    result = convert(source, config, BriefOptions.from_env(terms=terms).terms)
    write_result(result if result.endswith("\n") else result + "\n", output)
