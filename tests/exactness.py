"""Every fact's English in its paragraph's English: the check both translation tests make."""

from __future__ import annotations

from typing import Any


def check_facts_exact(brief: Any) -> int:
    """Assert that each paragraph's English holds its facts' renderings as often as they occur.

    A sentence or clause may start with a term, capitalised ("Deflation ..."): the same term.
    Returns how many distinct renderings were checked.
    """
    from toolkit.facts import find_facts
    from toolkit.glossary import load_glossary
    from toolkit.sentences import split_sentences

    glossary = load_glossary(None)
    checked = 0
    for article in brief.articles:
        assert article.title.english is not None
        for paragraph in article.paragraphs:
            assert paragraph.english is not None and "⟦" not in paragraph.english
            renderings = [f.english for s in split_sentences(paragraph.simplified)
                          for f in find_facts(s, glossary=glossary) if f.english]
            for rendering in set(renderings):
                capital = rendering[0].upper() + rendering[1:]
                seen = paragraph.english.count(rendering) + (paragraph.english.count(capital) if capital != rendering else 0)
                assert seen >= renderings.count(rendering), (rendering, paragraph.english)
                checked += 1
    return checked
