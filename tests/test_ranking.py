"""Key figures ranking: headline and summary facts first; 8 shown by default, JSON keeps all."""

from __future__ import annotations

from toolkit.config import BriefOptions
from toolkit.document import Article, Brief, Fact, Paragraph, Summary
from toolkit.ranking import rank_facts
from toolkit.render import brief_to_dict, render_markdown


def _fact(kind: str, text: str, paragraph: int | None, start: int, value: float, where: str = "paragraph",
          subject: str | None = None, currency: str | None = None) -> Fact:
    return Fact(kind, text, text, start, start + len(text), paragraph=paragraph, where=where, value=value,
                subject=subject, currency=currency)


def _article() -> Article:
    paragraphs = ["恒指收市報25632點，升42點，成交額1890億元。", "騰訊升3.4%，收報608.5元。", "科指跌0.6%。"]
    article = Article(title=Paragraph("恒指升42點 騰訊破頂", "恒指升42点 腾讯破顶"),
                      paragraphs=[Paragraph(p, p) for p in paragraphs])
    article.summary = Summary(original=["騰訊升3.4%，收報608.5元。"], simplified=["腾讯升3.4%，收报608.5元。"])
    article.facts = [
        _fact("index_points", "25632點", 0, 5, 25632),
        _fact("change", "升42點", 0, 11, 42),
        _fact("amount", "1890億元", 0, 19, 1.89e11, currency="HKD"),
        _fact("change", "升3.4%", 1, 2, 3.4, subject="騰訊"),
        _fact("amount", "608.5元", 1, 10, 608.5, subject="騰訊", currency="HKD"),
        _fact("change", "跌0.6%", 2, 2, -0.6),
        _fact("change", "升42點", None, 2, 42, where="title"),
    ]
    return article


def test_headline_then_summary_then_lead_then_the_rest() -> None:
    article = _article()
    ranked = rank_facts(article)
    assert [f.text for f in ranked] == ["升42點", "608.5元", "升3.4%", "1890億元", "25632點", "升42點", "跌0.6%"]
    assert ranked[0].where == "title"
    assert sorted(f.rank for f in article.facts if f.rank is not None) == list(range(1, 8))


def test_markdown_shows_eight_figures_and_says_how_many_more() -> None:
    article = _article()
    article.facts += [_fact("percentage", f"{n}%", 2, 0, n) for n in range(10, 20)]
    rank_facts(article)
    brief = Brief(source="page.txt", articles=[article])
    text = render_markdown(brief, BriefOptions(translate=False))
    table = text.split("**Key figures**")[1].split("\n\n")[1]
    assert len(table.splitlines()) == 2 + 8
    assert "*8 more figures: `--all-figures` shows every one; the JSON brief keeps them all.*" in text
    every = render_markdown(brief, BriefOptions(translate=False, all_figures=True))
    assert "more figures" not in every
    assert len(every.split("**Key figures**")[1].split("\n\n")[1].splitlines()) == 2 + 16
    facts = brief_to_dict(brief)["articles"][0]["facts"]
    assert len(facts) == 17 and sorted(f["rank"] for f in facts) == list(range(1, 18))


def test_a_subject_past_its_share_waits_for_the_others() -> None:
    paragraphs = ["恒指高見25096點，低見24713點，收報24951點，升95點。", "全日成交2630億元。"]
    article = Article(title=Paragraph("港股反覆", "港股反复"), paragraphs=[Paragraph(p, p) for p in paragraphs])
    article.summary = Summary(original=[paragraphs[0]], simplified=[paragraphs[0]])
    article.facts = [
        _fact("index_points", "25096點", 0, 4, 25096, subject="恒指"),
        _fact("index_points", "24713點", 0, 12, 24713, subject="恒指"),
        _fact("index_points", "24951點", 0, 21, 24951, subject="恒指"),
        _fact("change", "升95點", 0, 28, 95, subject="恒指"),
        _fact("amount", "2630億元", 1, 4, 2.63e11, subject="成交", currency="HKD"),
    ]
    ranked = [f.text for f in rank_facts(article)]
    # Two readings of the index, then the turnover, then the other readings.
    assert ranked[:3] == ["25096點", "24951點", "2630億元"]
    assert sorted(ranked[3:]) == sorted(["24713點", "升95點"])
