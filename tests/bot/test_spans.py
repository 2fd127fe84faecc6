"""Candidate features read from real stored units: what a unit offers as an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
from bot.conversation import resolve
from bot.question import MEASURES, analyse
from bot.spans import (Candidate, CandidateBuilder, RetrievedChunk, currencies, holds_what_is_asked,
                       lacks_the_date, lacks_the_number, names_another, states_money, states_the_dates)
from corpus import Article
from index import MiniLMEmbeddings
from tests.conftest import DATA, bot_over

pytestmark = pytest.mark.slow


def candidates(bot: Bot, embeddings: MiniLMEmbeddings, article_id: str, question: str, *,
               local: frozenset[str] = frozenset()) -> list[Candidate]:
    article = bot.article(article_id)
    builder = CandidateBuilder(resolve(analyse(question), []), embeddings.embed_query_array(question),
                               bot.retriever.chunk_table().lexical, local=local)
    return builder.build([RetrievedChunk(article, 0, len(article.text), 0)], {article_id: bot.store.units(article_id)})


def unit(found: list[Candidate], start: str) -> Candidate:
    (match,) = [c for c in found if c.text.startswith(start)]
    return match


@pytest.mark.parametrize(("question", "cue"), [("When did the blackouts start?", "type_date"),
                                               ("How many homes lost power?", "type_number")])
def test_a_dateline_is_not_the_date_or_number_asked_for(make_bot, embeddings: MiniLMEmbeddings,  # type: ignore[no-untyped-def]
                                                        question: str, cue: str) -> None:
    bot = make_bot()
    bot.index([DATA / "conventions" / "heat-grid.txt"])
    by_start = {c.text.split()[0]: c for c in candidates(bot, embeddings, "heat-grid", question)}
    assert by_start["VALDORIA,"].feature(cue) == 0  # "VALDORIA, August 3 —" is where and when it was filed
    assert by_start["Forecasters"].feature("type_date") == (cue == "type_date")  # "… break on Thursday"


def test_how_many_wants_a_number_of_what_it_counts(make_bot, embeddings: MiniLMEmbeddings) -> None:  # type: ignore[no-untyped-def]
    bot = make_bot()
    bot.index([DATA / "conventions" / "heat-grid.txt"])
    found = candidates(bot, embeddings, "heat-grid", "How many cooling centres has the city opened?")
    assert unit(found, "The city has opened twelve").feature("type_number") == 1
    assert unit(found, "Valdoria's grid director").feature("type_number") == 0  # "2 percent" counts no centres


@pytest.mark.parametrize(("question", "answer"), [
    ("How many vehicles is Ardmore recalling?", "Ardmore Motors will recall"),  # "of its …" runs longer
    ("How many safe-deposit boxes did the robbers open?", "The gang opened"),  # the second number counts them
    ("How many confirmed cases are there?", "Confirmed cases rose"),  # the count after what it counts
])
def test_a_number_counts_what_is_asked_past_of_or_another_number_or_after_it(  # type: ignore[no-untyped-def]
        make_bot, embeddings: MiniLMEmbeddings, tmp_path: Path, question: str, answer: str) -> None:
    bot = bot_over(make_bot, tmp_path, recall=(
        "Recall and raid\n\nArdmore Motors will recall 84,300 of its Solenne sport utility vehicles. The gang "
        "opened 73 of the vault's 410 safe-deposit boxes. Dealers sold 12 cars and three vans on the day. Confirmed "
        "cases rose to 64.\n"))
    found = candidates(bot, embeddings, "recall", question)
    assert unit(found, answer).feature("type_number") == 1
    assert unit(found, "Dealers sold").feature("type_number") == 0


def test_a_number_of_other_people_may_be_the_people_counted(make_bot, embeddings: MiniLMEmbeddings,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    bot = bot_over(make_bot, tmp_path, trial=(
        "Old pill eases migraines\n\nThe study followed 412 adults at 3 hospitals. Patients had 5 fewer bad days. "
        "It cost 2 million crowns.\n"))
    found = candidates(bot, embeddings, "trial", "How many patients took part in the trial?")
    assert unit(found, "Patients had 5").feature("type_number") == 0  # "5 fewer bad days": days, not patients
    assert unit(found, "The study followed").feature("type_number") == 0.75  # adults: people, if not the patients
    assert unit(found, "It cost").feature("type_number") == 0


def test_a_sum_in_a_currency_the_stories_use_is_an_amount(make_bot, embeddings: MiniLMEmbeddings,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    bot = bot_over(make_bot, tmp_path, flood=("Flood grant\n\nThe government will pay an emergency grant of 2,500 "
                                              "dunets to every flooded household. The river peaked on Sunday.\n"))
    found = candidates(bot, embeddings, "flood", "How much is each flooded household getting from the state?",
                       local=frozenset({"dunet", "dunets"}))
    assert unit(found, "The government will pay").feature("type_amount") == 1
    assert unit(found, "The river peaked").feature("type_amount") == 0


def test_a_sentence_is_about_what_its_story_is_about(make_bot, embeddings: MiniLMEmbeddings) -> None:  # type: ignore[no-untyped-def]
    bot = make_bot()
    bot.index([DATA / "conventions" / "sea-wall.txt"])  # "Coastal town plans sea wall …", filed from HAVDAL
    found = candidates(bot, embeddings, "sea-wall", "How far will the Havdal sea wall stretch?")
    # "The wall will run for 1.2 kilometres …" names neither Havdal nor the sea; the lead names both, and no more
    assert unit(found, "The wall will run").feature("coverage") == unit(found, "HAVDAL,").feature("coverage") > 0


def test_a_story_is_about_the_names_its_lead_gives(make_bot, embeddings: MiniLMEmbeddings,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    bot = bot_over(make_bot, tmp_path, merger=(
        "Two biggest dairies agree merger\n\nPILSBY FORD, Feb 18 — Pilsby Dairy and Northmilk agreed on Wednesday to "
        "merge in a deal that values the combined company at 2.1 billion dunets.\n\nThe chief executive said the "
        "merger would save about 85 million dunets a year. Shares in Pilsby Dairy rose 7 per cent, and Northmilk "
        "shares jumped 19 per cent.\n"))
    found = candidates(bot, embeddings, "merger", "How much will the Pilsby Dairy and Northmilk merger save each year?")
    # the lead names the two companies the story is about, and no sentence after it needs to: it must not win by
    # their names alone
    saving, lead = unit(found, "The chief executive said"), unit(found, "PILSBY FORD,")
    assert saving.feature("coverage") > lead.feature("coverage")


def test_an_age_is_stated_in_a_short_sentence(make_bot, embeddings: MiniLMEmbeddings,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    bot = bot_over(make_bot, tmp_path, obituary=("Hedda Sarrow dies\n\nLANTHE, Nov 3 — Hedda Sarrow, the poet, has "
                                                 "died. She was 88. She won the Northern Prize 3 times. She was "
                                                 "married for 52 years. Her oak is two hundred years old.\n"))
    found = candidates(bot, embeddings, "obituary", "How old was Hedda Sarrow when she died?")
    assert unit(found, "She was 88.").feature("type_number") == 1  # an age, not just any number
    assert unit(found, "Her oak is").feature("type_number") == 1
    assert unit(found, "She was married").feature("type_number") == 0.75  # a time passed: an age, perhaps
    assert unit(found, "She won").feature("type_number") == 0.5
    found = candidates(bot, embeddings, "obituary", "How long was Hedda Sarrow married?")
    assert unit(found, "She was married").feature("type_number") == 1
    assert unit(found, "Her oak is").feature("type_number") == 0.5  # an age is no time taken


def test_every_measure_a_question_asks_for_is_looked_for_in_its_unit(make_bot,  # type: ignore[no-untyped-def]
                                                                     embeddings: MiniLMEmbeddings) -> None:
    bot = make_bot()
    bot.index([DATA / "conventions" / "sea-wall.txt"])
    for measure in MEASURES:
        found = candidates(bot, embeddings, "sea-wall", f"How {measure} is the wall?")
        length = measure in ("deep", "tall", "high", "far", "wide", "long")
        assert unit(found, "The wall will run").feature("type_number") == (1.0 if length else 0.5), measure


def test_a_measure_is_answered_best_by_a_number_in_its_unit(make_bot, embeddings: MiniLMEmbeddings) -> None:  # type: ignore[no-untyped-def]
    bot = make_bot()
    bot.index([DATA / "conventions" / "sea-wall.txt"])
    found = candidates(bot, embeddings, "sea-wall", "How far will the wall run?")
    assert unit(found, "The wall will run").feature("type_number") == 1  # "1.2 kilometres"
    assert unit(found, "The council has set aside").feature("type_number") == 0.5  # "18 million crowns": a number


@pytest.mark.parametrize(("article_id", "question", "start"), [
    ("budget-vote", "When do the new tax bands apply?", "The new income tax"),  # "on Jan. 1."
    ("museum-reopens", "When can visitors come?", "Visitors can come"),  # "from 10 a.m. to 5 p.m."
])
def test_news_style_dates_and_hours_answer_when(make_bot, embeddings: MiniLMEmbeddings,  # type: ignore[no-untyped-def]
                                                article_id: str, question: str, start: str) -> None:
    bot = make_bot()
    bot.index([DATA / "conventions" / f"{article_id}.txt"])
    assert unit(candidates(bot, embeddings, article_id, question), start).feature("type_date") == 1


def test_a_reason_cue_is_a_causal_connective_not_any_to(make_bot, embeddings: MiniLMEmbeddings) -> None:  # type: ignore[no-untyped-def]
    bot = make_bot()
    bot.index([DATA / "conventions" / "museum-reopens.txt"])
    found = candidates(bot, embeddings, "museum-reopens", "Why was the museum renovated?")
    assert unit(found, "The renovation was driven by").feature("type_reason") == 1  # "… damage found in 2019"
    assert unit(found, "Visitors can come").feature("type_reason") == 0  # "from 10 a.m. to 5 p.m." gives no reason


def test_a_speakers_quote_is_scored_on_the_asked_topic_not_on_their_name(make_bot,  # type: ignore[no-untyped-def]
                                                                          embeddings: MiniLMEmbeddings) -> None:
    bot = make_bot()
    bot.index([DATA / "conventions" / "ferry-halted.txt"])
    found = candidates(bot, embeddings, "ferry-halted", "What did Holt say about the inspection?")
    quote = unit(found, "“We were told in April")  # "… Either the inspection missed it, or nobody looked," Holt said.
    assert quote.feature("speaker_direct") == 1
    assert quote.feature("coverage") == 1  # "inspection" is there; the speaker's name is no part of the topic
    assert unit(found, "Repairs are expected").feature("coverage") == 0


@pytest.mark.parametrize(("sentence", "money", "sum_"), [
    ("Repairs are expected to cost about 1.4 million crowns.", True, True),
    ("The fine was not less than 13 million USD.", True, True),
    ("Each disc was priced around USD100.", True, True),
    ("Entry remains free.", True, True),
    ("Shares fell 6 percent in New York.", True, False),  # a share: how much a sum changed, not what it is
    ("Shares in Pilsby Dairy rose 7.3 per cent.", True, False),  # "per cent" is no sum in cents
    ("The stamp costs 85 cents.", True, True),
    ("Veloride had completed about 1.1 million paid rides in the city.", False, False),  # a count, not a sum
    ("The viaduct opened in 1987.", False, False),
])
def test_what_states_a_sum_of_money(sentence: str, money: bool, sum_: bool) -> None:
    assert states_money(sentence) is money
    assert states_money(sentence, shares=False) is sum_


@pytest.mark.parametrize(("question", "stated"), [
    ("What was inflation in the year to December?", False),  # the story gives January's
    ("What was inflation in the year to January?", True),
    ("What happened on Sept. 30?", True),  # news abbreviates it
    ("How much did it cost to build in 1987?", False),
    ("What did the bank decide in 2026?", True),
    ("May the bank raise rates again?", True),  # a verb, not the month
])
def test_a_story_that_never_names_an_asked_year_or_month_cannot_answer(question: str, stated: bool) -> None:
    story = Article("rates", "LUSK, Feb 12, 2026 - Prices rose 5.3% in the year to January. The board meets Sept 30.")
    assert states_the_dates(analyse(question), story) is stated


@pytest.mark.parametrize(("sentence", "named"), [
    ("The company now supplies two supermarket chains.", False),
    ("Oskelund Seating, the largest supplier, said on Wednesday it was in talks.", False),  # the question's name
    ("Deepgreen Farms supplies the Norrmart and Halvo chains.", True),
    ("KORVIK, March 5 - Parts makers warned that two carmakers were approached in May.", False),  # a dateline
    ("Norrmart stocks it in every store.", True),  # the story names Norrmart inside a sentence too
    ("Greenland signed a treaty in 1985.", True),  # a rare word, whatever opens the sentence
    ("Its lettuce is sold in Ardrin and Kessel Bay.", False),  # where, not which chains
    ("Its lettuce is sold at Norrmart in Ardrin.", True),
])
def test_a_sentence_that_names_what_a_which_question_asks_for(sentence: str, named: bool) -> None:
    question = analyse("Which supermarket chains does Oskelund Seating or Deepgreen Farms supply?")
    assert names_another(question, sentence, story=f"{sentence} Its lettuce is sold by Norrmart.") is named


@pytest.mark.parametrize("question", ["Which countries buy the lettuce?", "In which city is it sold?",
                                      "Which newspaper reported it?"])
def test_what_follows_in_names_a_country_city_or_newspaper(question: str) -> None:
    assert names_another(analyse(question), "It is sold in Kessel Bay.", story="It is sold in Kessel Bay.")


def test_a_sum_in_a_currency_the_story_uses() -> None:
    story = ("The line, estimated to cost 14.6 billion dalers, would cut the journey to 70 minutes. "
             "Building it will cost 1,850 jobs at the airline, the union said. The daler rose.")
    assert currencies(story) == {"dalers", "daler"}  # not "jobs": the amount is neither scaled nor by the month
    assert states_money("It will cost 14.6 billion dalers.", shares=False, local=currencies(story))
    assert not states_money("It will cost 14.6 billion dalers.", shares=False)  # no currency list knows it
    assert not states_money("It will cost 1,850 jobs.", shares=False, local=currencies(story))
    assert states_money("The court quashed a 40-million-daler expansion.", shares=False, local=currencies(story))
    assert currencies("Families are paying 300 dalers a month more, the survey found.") == {"dalers", "daler"}
    assert currencies("The project spent 2 million hours on it.") == frozenset()


@pytest.mark.parametrize(("sentence", "moved"), [
    ("Shares in Vantry fell 9.3 percent in Dunmere trading.", True),
    ("The dollar strengthened against the euro.", True),
    ("The Veskarian sovel rose 0.6 percent against the dravo.", True),  # a currency the stories give sums in
    ("The bank raised its main rate to 4.75 percent.", False),
])
def test_how_investors_took_it_is_said_by_a_share_price_or_a_currency_moving(sentence: str, moved: bool) -> None:
    question = analyse("How did the national currency move once the decision was made public?")
    assert holds_what_is_asked(question, sentence, local=frozenset({"sovel", "sovels"})) is moved


@pytest.mark.parametrize(("question", "sentence", "lacks"), [
    ("How many people live on Tessmoor?", "The island has enough food and fuel for at least a week.", True),
    ("How many people live on Tessmoor?", "TESSMOOR, Nov. 6 — The island has enough food for a week.", True),
    ("How old is the finance minister?", "Finance Minister Ilse Marrow has promised emergency help.", True),
    ("How old is the finance minister?", "19:30 — Finance Minister Ilse Marrow has promised emergency help.", True),
    ("How old is the finance minister?", "Finance Minister Ilse Marrow, 58, has promised emergency help.", False),
    ("How many people live on Tessmoor?", "About two thousand people live on the island.", False),
    ("How many troops were sent?", "The army sent 400 soldiers.", False),  # any number: "troops" need not be said
    ("How long will the bridge be shut?", "The bridge will be shut until the spring.", False),
    ("How often does the ferry run?", "The ferry runs every morning.", False),
    ("How many of the treaties protected rights?", "None of the treaties protected rights.", False),
    ("How many times has the ferry sunk?", "The ferry has sunk twice.", False),
    ("How many children died?", "Thousands of children died.", False),
    ("At what age does it peak?", "It peaks at fifteen.", False),
    ("How many seats did the party win?", "The party won seventy seats.", False),
    ("How was it decided how many seats each party gets?", "Seats follow each party's strength.", False),
    ("Who runs the ferry?", "The ferry is run by the council.", False),
])
def test_a_sentence_without_a_number_does_not_say_how_many(question: str, sentence: str, lacks: bool) -> None:
    assert lacks_the_number(analyse(question), sentence) is lacks


@pytest.mark.parametrize(("question", "sentence", "lacks"), [
    ("What date is her operation booked for?", "She has been waiting 19 months for a hip replacement.", True),
    ("On what day does the strike start?", "HALBERG, March 3 — The union said the strike would be long.", True),
    ("What date is her operation booked for?", "Her operation is now booked for March 14.", False),
    ("Which day does the strike start?", "The strike starts on Tuesday.", False),
    ("What dates back to the Roman era?", "The bridge is old.", False),  # "dates" is the verb
    ("When does the strike start?", "The strike starts after the vote.", False),  # "when" may be an event
])
def test_a_sentence_without_a_date_does_not_say_on_what_date(question: str, sentence: str, lacks: bool) -> None:
    assert lacks_the_date(analyse(question), sentence) is lacks


def test_a_currency_no_list_knows_moves_only_where_the_stories_give_sums_in_it() -> None:
    question = analyse("How did the national currency move once the decision was made public?")
    assert not holds_what_is_asked(question, "The Veskarian sovel rose 0.6 percent.", local=frozenset())


def test_a_name_given_a_blame_laid_and_a_rate_are_what_their_questions_ask_for(  # type: ignore[no-untyped-def]
        make_bot, tmp_path, embeddings: MiniLMEmbeddings) -> None:
    story = tmp_path / "glacier-beetle.txt"
    story.write_text("Beetle found living inside a glacier\n\nTAMSGATE — Scientists have discovered a new species of "
                     "beetle living inside the Harrow Glacier.\n\nThey have named it Cryobius harrowensis.\n\nThe "
                     "glacier is shrinking fast. The team blames warmer summers. It is retreating by roughly 25 metres "
                     "a year.\n", encoding="utf-8")
    bot = make_bot()
    bot.index([story])
    named = candidates(bot, embeddings, "glacier-beetle", "What is the new beetle species called?")
    assert unit(named, "They have named it").feature("type_name") == 1
    assert unit(named, "TAMSGATE").feature("type_name") == 0
    why = candidates(bot, embeddings, "glacier-beetle", "Why is the glacier shrinking?")
    assert unit(why, "The team blames").feature("type_reason") == 1
    assert unit(why, "The glacier is shrinking").feature("type_reason") == 0
    fast = candidates(bot, embeddings, "glacier-beetle", "How fast is the glacier shrinking?")
    assert unit(fast, "It is retreating").feature("type_number") == 1  # a rate is a speed
