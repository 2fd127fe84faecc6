"""Neighbouring candidates close in score are quoted as one passage, still verbatim."""

from __future__ import annotations

import numpy as np

from bot.answerer import JOIN_SHARE, MAX_PASSAGE_CHARS, joined
from bot.spans import FEATURES, Candidate
from corpus import Article, Span

TEXT = ("The strike began in March. The union wants a 9 percent raise. Talks resume Monday.\n"
        "Ships are waiting offshore. Ports are shut.")
ARTICLE = Article(id="strike", text=TEXT)


def candidate(sentence: str, score: float, article: Article = ARTICLE, *, headline: bool = False) -> Candidate:
    start = article.text.index(sentence)
    features = np.zeros(len(FEATURES))
    features[FEATURES.index("headline")] = headline
    return Candidate(article, Span(start, start + len(sentence)), features, score=score)


def test_a_close_neighbour_joins_the_quote_in_either_order() -> None:
    best = candidate("The union wants a 9 percent raise.", 0.8)
    after = joined(best, candidate("Talks resume Monday.", 0.8 * JOIN_SHARE))
    before = joined(best, candidate("The strike began in March.", 0.7))
    assert after is not None and before is not None
    assert after.text == "The union wants a 9 percent raise. Talks resume Monday."
    assert before.text == "The strike began in March. The union wants a 9 percent raise."
    for passage in (after, before):
        assert TEXT[passage.span.start:passage.span.end] == passage.text
        assert passage.score == best.score


def test_a_neighbour_across_a_paragraph_break_joins_too() -> None:
    passage = joined(candidate("Talks resume Monday.", 0.8), candidate("Ships are waiting offshore.", 0.8))
    assert passage is not None and passage.text == "Talks resume Monday.\nShips are waiting offshore."


def test_no_join_with_a_weak_distant_or_other_article_sentence() -> None:
    best = candidate("The union wants a 9 percent raise.", 0.8)
    assert joined(best, candidate("Talks resume Monday.", 0.79 * JOIN_SHARE)) is None
    assert joined(candidate("The strike began in March.", 0.8), candidate("Talks resume Monday.", 0.8)) is None
    assert joined(candidate("Talks resume Monday.", 0.8), candidate("Ports are shut.", 0.8)) is None
    other = Article(id="other", text=TEXT)
    assert joined(best, candidate("Talks resume Monday.", 0.8, other)) is None


def test_no_passage_longer_than_a_glance() -> None:
    long_sentence = "It " + "went on " * (MAX_PASSAGE_CHARS // 8) + "and on."
    article = Article(id="long", text=f"The raise is 9 percent. {long_sentence}")
    assert joined(candidate("The raise is 9 percent.", 0.8, article), candidate(long_sentence, 0.8, article)) is None


def test_a_headline_is_never_joined_to_the_text_below() -> None:
    article = Article(id="titled", text="Dockers strike at Halvering\n\nThe union wants a 9 percent raise.")
    title = candidate("Dockers strike at Halvering", 0.8, article, headline=True)
    lead = candidate("The union wants a 9 percent raise.", 0.8, article)
    assert joined(title, lead) is None and joined(lead, title) is None
