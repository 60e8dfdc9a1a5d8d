"""The whole chain for one page: read → segment → convert → facts → summarise → translate.

Each stage lives in its own module and works on the dataclasses of ``toolkit.document``;
this module only calls them in order, so any stage can be run or replaced alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit.config import BriefOptions
from toolkit.conversion import convert_many
from toolkit.document import Article, Brief
from toolkit.reading import read_page

if TYPE_CHECKING:
    from toolkit.translation import Translator

Progress = Callable[[str], None]


def convert_articles(articles: list[Article], config: str) -> None:
    """Fill the ``simplified`` field of every title and paragraph, in one OpenCC pass."""
    targets = [a.title for a in articles] + [p for a in articles for p in a.paragraphs]
    for target, simplified in zip(targets, convert_many([t.original for t in targets], config), strict=True):
        target.simplified = simplified


def make_brief(
    data: bytes | str,
    *,
    source: str = "<input>",
    options: BriefOptions | None = None,
    translator: Translator | None = None,
    progress: Progress | None = None,
) -> Brief:
    """Make the brief of one page of Chinese text (bytes are decoded by ``toolkit.reading``).

    With no translator given, the installed zh→en model is used when there is one; without
    one, every English field that needs the model stays ``None`` and ``Brief.notices`` says
    how to install it.
    """
    from toolkit.facts import find_article_facts, find_page_date, normalise_stock_codes
    from toolkit.glossary import load_glossary
    from toolkit.ranking import rank_facts
    from toolkit.segment import segment_page
    from toolkit.summary import summarize_article

    options = options or BriefOptions()
    say = progress or (lambda _message: None)
    page = read_page(data, source)
    say("segmenting")
    articles, unassigned = segment_page(page)
    for article in articles:
        for text in (article.title, *article.paragraphs):
            text.original = normalise_stock_codes(text.original)
        for box in article.boxes:
            box.items = [normalise_stock_codes(item) for item in box.items]
    convert_articles(articles, options.opencc_config)
    say("finding facts")
    glossary = load_glossary(options.glossary_path)
    for article in articles:
        article.facts = find_article_facts(article, glossary=glossary)
    say("summarising")
    for article in articles:
        article.summary = summarize_article(article, options)
        rank_facts(article)
    brief = Brief(source=page.source, articles=articles, unassigned=unassigned, date=find_page_date(page.text))
    if options.translate:
        from toolkit.translation import translate_brief

        translate_brief(brief, options, translator, progress=say)
    return brief
