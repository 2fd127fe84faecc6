"""The training data of the cross-encoder: the answer's own sentence with the answer cut out is a negative."""

from __future__ import annotations

from bot.ranker.squad import GoldQuestion
from bot.ranker.train import Corpus
from corpus import Article

TEXT = ("The dam held after the quake. About 2,000 troops have been allocated to Zipingpu. "
        "The 2,000 figure came from the army; officials expect 2,000 more.")


def question(answer: str, occurrence: int = 0) -> GoldQuestion:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(answer, start + 1)
    return GoldQuestion("q", "How many troops were sent to Zipingpu?", "dam/001", answer, start)


def test_the_answer_is_cut_from_its_sentence_with_one_space() -> None:
    corpus = Corpus([Article(id="dam/001", text=TEXT, title="Dam")])
    q = question("2,000")
    positive = corpus.positive(q)
    assert positive is not None
    assert corpus.units[positive].text == "About 2,000 troops have been allocated to Zipingpu."
    without = corpus.without_answer(q, positive)
    assert without is not None
    assert without.startswith("About troops have been allocated to Zipingpu. | Dam | ")


def test_no_negative_where_the_answer_recurs_in_the_sentence_or_is_all_of_it() -> None:
    corpus = Corpus([Article(id="dam/001", text=TEXT, title="Dam")])
    recurs = question("2,000", occurrence=1)  # "The 2,000 figure …; officials expect 2,000 more."
    whole = question("The dam held after the quake.")
    for q in (recurs, whole):
        positive = corpus.positive(q)
        assert positive is not None
        assert corpus.without_answer(q, positive) is None
