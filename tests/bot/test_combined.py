"""A question that asks two things gets one answer: leads first, no quote twice, unanswered parts named."""

from __future__ import annotations

from bot.answer import Answer, Quote
from bot.answerer import combined

TEXT = "The strike began in March. The union wants a 9 percent raise. Talks resume Monday."


def quote(sentence: str, end_sentence: str | None = None) -> Quote:
    start = TEXT.index(sentence)
    end = TEXT.index(end_sentence or sentence) + len(end_sentence or sentence)
    return Quote(1, TEXT[start:end], "strike", "Strike", start, end, 0.5)


def answer(question: str, *quotes: Quote) -> Answer:
    return Answer(question, "…", quotes, abstained=not quotes)


STARTED, RAISE, TALKS = "The strike began in March.", "The union wants a 9 percent raise.", "Talks resume Monday."


def test_each_parts_lead_follows_the_whole_questions_and_nothing_repeats() -> None:
    whole = answer("When did it start, and what do they want?", quote(STARTED), quote(TALKS))
    result = combined(whole, [answer("When did it start?", quote(STARTED)), answer("What do they want?", quote(RAISE))],
                      max_quotes=5)
    assert [q.text for q in result.quotes] == [STARTED, RAISE, TALKS]
    assert [q.n for q in result.quotes] == [1, 2, 3]
    assert result.text == f"“{STARTED}” [1]\n“{RAISE}” [2]"
    assert result.question == whole.question and not result.abstained


def test_a_lead_inside_a_longer_quote_is_cited_by_that_quote_and_unanswered_parts_are_named() -> None:
    whole = answer("When did it start, and what do they want, and who pays?", quote(STARTED, RAISE))
    result = combined(whole, [answer("When did it start?", quote(STARTED)), answer("What do they want?", quote(RAISE)),
                              answer("Who pays?")], max_quotes=1)
    assert [q.text for q in result.quotes] == [f"{STARTED} {RAISE}"]
    assert result.text == f"“{STARTED} {RAISE}” [1]\nThe articles don't answer “Who pays?”."


def test_nothing_answered_is_an_abstention() -> None:
    whole = answer("Who pays, and when?")
    assert combined(whole, [answer("Who pays?"), answer("When is it?")], max_quotes=5) is whole
