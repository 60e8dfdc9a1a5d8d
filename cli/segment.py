"""``brief segment PAGE``: show what brief understood of a page (articles, bylines, boxes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.common import write_result

if TYPE_CHECKING:
    from toolkit.document import Article


@click.command(
    "segment",
    epilog="""\b
Examples:
  brief segment page.txt
  brief segment page.txt --format json > segments.json
  cat page.txt | brief segment -
  brief segment page.txt --explain     # why each heading line became a title, subhead or author""",
)
@click.argument("page", metavar="PAGE", type=str)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools (every paragraph included).")
@click.option("-o", "--output", metavar="FILE", help="Write the result here instead of stdout.")
@click.option("--explain", is_flag=True,
              help="For each heading line (title, subhead, author line, page head): the evidence and the decision.")
def command(page: str, fmt: str, output: str | None, explain: bool) -> None:
    """List the articles and boxes found on PAGE (a file, or - for stdin).

    For each: kind, title, section, column, author, subheads, number of paragraphs and
    characters, captions, disclosures and box items; then any text brief could not place.
    """
    from toolkit.reading import read_file
    from toolkit.segment import segment_page

    page_data = read_file(page)
    if explain:
        from toolkit.segment import explain_text

        decisions = explain_text(page_data.text)
        write_result(f"{page_data.source}: {len(decisions)} decisions\n\n" + "\n".join(str(d) for d in decisions) + "\n",
                     output)
        return
    articles, unassigned = segment_page(page_data)
    if fmt == "json":
        import json

        from toolkit.segment import segments_to_dict

        data = {"source": page_data.source, **segments_to_dict(articles, unassigned)}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = describe(page_data.source, articles, unassigned)
    write_result(text, output)


def describe(source: str, articles: list[Article], unassigned: list[str]) -> str:
    """The plain-text listing: one block per article, fields left out when empty."""
    from toolkit.segment import article_characters

    boxes = sum(1 for a in articles if a.kind == "box")
    count = len(articles) - boxes
    lines = [f"{source}: {_plural(count, 'article')}, {_plural(boxes, 'box')}, {len(unassigned)} unassigned", ""]
    for number, article in enumerate(articles, 1):
        title = article.title.original or "(no title)"
        lines.append(f"{number}. {article.kind}: {title}")
        byline = [f"{name}: {value}" for name, value in
                  (("section", article.section), ("column", article.column), ("author", article.author)) if value]
        if byline:
            lines.append("   " + " · ".join(byline))
        if article.kind == "article" or article.paragraphs:
            lines.append(f"   paragraphs: {len(article.paragraphs)} · characters: {article_characters(article)}")
        if article.subheads:
            lines.append("   subheads: " + " | ".join(article.subheads))
        lines.extend(f"   caption: {caption}" for caption in article.captions)
        lines.extend(f"   disclosure: {disclosure}" for disclosure in article.disclosures)
        for box in article.boxes:
            lines.append(f"   box {box.title or '(untitled)'}: " + "; ".join(box.items))
        lines.append("")
    if unassigned:
        lines.append("unassigned:")
        lines.extend(f"   {text}" for text in unassigned)
        lines.append("")
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "es" if noun.endswith("x") else "s")
