"""Answers over real indexes: verbatim quotes, attribution, abstention, follow-ups, filters, bad questions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.runnables import RunnableLambda

from bot import Answer, ArticleNotFound, Bot, QuestionError, Settings
from bot.evaluation import evaluate, load_cases
from tests.conftest import DATA, SHARED, bot_over

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def news_bot(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Bot:  # type: ignore[no-untyped-def]
    """The bundled sample plus five news articles: two quote the same mayor, one profiles a CEO without quoting her."""
    data_dir = tmp_path_factory.mktemp("news-bot")
    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir), embeddings=embeddings)
    bot.index([DATA / "news"])
    return bot


def assert_verbatim(bot: Bot, answer: Answer) -> None:
    for q in answer.quotes:
        assert bot.article(q.article_id).text[q.start:q.end] == q.text


def test_the_development_set_passes_whole(sample_bot: Bot) -> None:
    summary = evaluate(sample_bot, load_cases(SHARED / "eval" / "seed-dev.jsonl")).summary()
    assert summary["failures"] == []
    assert summary["verbatim_rate"] == 1.0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(min_size=1, max_size=120))
def test_every_quote_is_verbatim_whatever_is_asked(news_bot: Bot, question: str) -> None:
    try:
        answer = news_bot.ask(question)
    except QuestionError:
        assert not question.strip() or "\x00" in question
        return
    assert answer.abstained == (not answer.quotes)
    assert_verbatim(news_bot, answer)


def test_a_speaker_is_quoted_from_the_article_that_quotes_them_not_a_decoy(news_bot: Bot) -> None:
    answer = news_bot.ask("What did Mira Castell say?")
    assert not answer.abstained
    first = answer.quotes[0]
    assert first.article_id == "chipmaker-results"
    assert "painful but necessary" in first.text or "We built this company" in first.text
    assert_verbatim(news_bot, answer)


def test_a_title_stands_for_the_name(news_bot: Bot) -> None:
    answer = news_bot.ask("What did the Lumen chief executive say about research?")
    assert "Cutting the labs would be cheap" in answer.quotes[0].text


def test_a_speaker_quoted_in_two_articles_is_quoted_from_each(news_bot: Bot) -> None:
    answer = news_bot.ask("What did Mayor Okafor say?")
    lead = {q.article_id for q in answer.quotes[:2]}
    assert lead == {"transit-line", "harbor-budget"}
    assert "City council approves" in answer.text and "Harbor City budget" in answer.text


@pytest.fixture(scope="module")
def wire_bot(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Bot:  # type: ignore[no-untyped-def]
    """Wire stories with datelines: one quotes a grid director and a finance minister and names an energy
    minister who only "faced calls" to resign; one quotes the finance minister on the budget; one gives a
    library's opening hours, which the first (cooling centres' hours) rivals; one names a ferry owner who "did not
    respond to requests for comment" and a captain followed by another person's quote. And an interview in
    "Q: … / A: …" form with a lighthouse keeper, whose answers never name her, and a column whose byline names its
    writer, who speaks as "I" and quotes a bus driver who does too. And fisheries ministers who share a title,
    beside a scientist and a chair named after theirs, and a company's CEO. And a briefing's transcript, its lines
    labelled with who speaks them; and the water ministers of two countries."""
    data_dir = tmp_path_factory.mktemp("wire-bot")
    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=False), embeddings=embeddings)
    bot.index([DATA / "conventions"])
    return bot


@pytest.mark.parametrize("question", [
    "How much did Baltline pay for the Skjold Star?",  # the lead names both, and states no price
    "How much did Olav Sund earn?",
    "How much will the cooling centres cost?",
])
def test_a_question_about_money_is_not_answered_by_a_sentence_without_a_sum(wire_bot: Bot, question: str) -> None:
    assert wire_bot.ask(question).abstained


@pytest.mark.parametrize(("question", "answer"), [
    ("How far will the Havdal sea wall stretch?", "1.2 kilometres"),  # the lead repeats "Havdal" and "sea wall"
    ("How much has Havdal set aside for the sea wall?", "18 million crowns"),
])
def test_the_detail_asked_for_outranks_a_lead_that_repeats_the_subject(wire_bot: Bot, question: str,
                                                                         answer: str) -> None:
    assert answer in wire_bot.ask(question).quotes[0].text


def test_a_sum_in_a_currency_no_list_knows_answers_what_it_costs(make_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bot = bot_over(make_bot, tmp_path, rail=(
        "Korvessa approves northern rail line\n\nHALVIK, May 4 - Korvessa's parliament approved a bill on Wednesday to "
        "build a 240-kilometre rail line between Halvik and Dorrow. The line, estimated to cost 14.6 billion dalers, "
        "would cut the journey between the two cities to under two hours. Construction is due to begin in 2027.\n"),
        tram=("City approves tram line\n\nThe 14-kilometre tram line is expected to cost $2.4 billion and to open in "
              "2030, the city council said.\n"))
    answer = bot.ask("How much will the rail line between Halvik and Dorrow cost?")
    assert "14.6 billion dalers" in answer.quotes[0].text, answer.text


def test_a_currency_is_known_from_any_story(make_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bot = bot_over(make_bot, tmp_path, phone=(
        "Quillon unveils Aria 3 phone\n\nRENNSFORD, Sept. 18 - Quillon unveiled its Aria 3 smartphone on Thursday. The "
        "phone will go on sale on Oct. 10 at 899 corra for the base model.\n"),  # unscaled: no sure sign of a currency
        results=("Veridan profit falls\n\nOMBRITH, Oct. 28 - Veridan Freight made a profit of 41.6 million corra in the "
                 "third quarter.\n"))
    answer = bot.ask("How much does the Aria 3 sell for?")
    assert not answer.abstained and "899 corra" in answer.quotes[0].text, answer.text


def test_a_share_does_not_say_what_a_sum_was(make_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bot = bot_over(make_bot, tmp_path, results=(
        "Veridan profit falls 18 percent\n\nOMBRITH, Oct. 28 - Veridan Freight, the largest haulier, reported an 18 "
        "percent drop in third-quarter net profit on Tuesday as border queues raised its costs.\n\nNet profit fell to "
        "41.6 million corra in the three months to September, from 50.7 million corra a year earlier.\n"))
    answer = bot.ask("How much net profit did Veridan Freight make in the third quarter?")
    assert "41.6 million corra" in answer.quotes[0].text, answer.text
    answer = bot.ask("How much did Veridan's net profit fall in the third quarter?")  # a change: a share says it
    assert "18" in answer.quotes[0].text, answer.text


FOLLOWED_UP = {  # a story, a question about it, a follow-up, and what the follow-up's first quote holds
    # asking for a type of thing (a time) in few words of its own: not the other story's "long time"
    "typed": ("Ferry firm fined over grounding\n\nKESSEL BAY, June 18 - A court fined Bellacourt Lines 4.2 million "
              "marrin on Thursday over the grounding of its ferry. Its former operations director, Konrad Lisle, was "
              "given a suspended sentence.\n\nLisle's lawyer, Benedikt Orsa, said his client would appeal against the "
              "conviction. He said the ruling would be challenged within the 30 days allowed by law.\n",
              "Is Lisle going to appeal?", "How long do they have to do it?", "30 days"),
    # asking for no type of thing: not the other story's "the government has asked"
    "untyped": ("Hester Bridge to shut for 14 months\n\nCOBBET, Nov 3 (Wire) - The Hester Bridge will close to traffic "
                "for 14 months from November 17 so that its corroded steel cables can be replaced, the county council "
                "said.\n\nThe national roads agency will run a free ferry across the river and extra buses while the "
                "work goes on.\n",
                "Why is the Hester Bridge closing?", "And what's the government doing about it?", "free ferry"),
}


@pytest.mark.parametrize("case", FOLLOWED_UP)
def test_a_follow_up_is_answered_from_the_story_the_conversation_is_about(  # type: ignore[no-untyped-def]
        make_bot, tmp_path: Path, case: str) -> None:
    story, question, follow_up, holds = FOLLOWED_UP[case]
    bot = bot_over(make_bot, tmp_path, story=story, recall=(
        "Kettle maker recalls 300,000 units\n\nArdent Home is recalling 300,000 kettles that can overheat, and the "
        "government has asked it to explain the delay. \"Four months is a long time to wait for a recall,\" said Piet "
        "Larsson of the Consumers' League.\n"))
    first = bot.ask(question)
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = bot.ask(follow_up, history)
    assert not answer.abstained and answer.quotes[0].article_id == "story" and holds in answer.quotes[0].text, \
        answer.text


def test_a_question_in_an_article_is_answered_by_the_best_sentence_of_the_paragraph_after_it(  # type: ignore[no-untyped-def]
        make_bot, tmp_path: Path) -> None:
    bot = bot_over(make_bot, tmp_path, tunnel=(
        "The Varn Tunnel, explained\n\n3. When will it open?\n\nConstruction is due to start in May 2027, provided the "
        "permit is granted. Two boring machines will work towards each other from opposite banks. The ministry's "
        "target date for opening is autumn 2032.\n\n4. Who pays?\n\nThe state pays for all of it.\n"))
    answer = bot.ask("And when will it open?")
    assert "autumn 2032" in answer.quotes[0].text, answer.text


def test_a_year_the_articles_never_state_is_not_answered(wire_bot: Bot) -> None:
    # The museum story gives the renovation's cost, and no year: it cannot say what it cost in 2015.
    assert not wire_bot.ask("How much did the Porthaven Maritime Museum's renovation cost?").abstained
    assert wire_bot.ask("How much did the Porthaven Maritime Museum's renovation cost in 2015?").abstained
    answer = wire_bot.ask("What did volunteers restore that was built in 1902?")  # a year it states
    assert "pilot boat built in 1902" in answer.quotes[0].text


def test_a_share_of_the_cost_does_not_say_what_something_costs(wire_bot: Bot) -> None:
    # "… the island council will pay 30 percent of the cost of a new ferry."
    answer = wire_bot.ask("How much would a new ferry cost?")
    assert not any("30 percent" in q.text for q in answer.quotes), answer.quotes


@pytest.mark.parametrize(("question", "sum_"), [
    ("How much will the ferry repairs cost?", "1.4 million crowns"),
    # the lead reports "a 24 percent rise in second-quarter profit": a share, not what the profit was
    ("What was Nordlys Ferries' net profit in the second quarter?", "96 million crowns"),
])
def test_a_question_about_money_is_answered_by_the_sum(wire_bot: Bot, question: str, sum_: str) -> None:
    assert sum_ in wire_bot.ask(question).quotes[0].text


def test_a_speaker_question_quotes_only_the_speakers_words(wire_bot: Bot) -> None:
    answer = wire_bot.ask("What did Vestby say?")
    quoted = " ".join(q.text for q in answer.quotes)
    assert "crack ran along a weld" in quoted and "not about to sink" in quoted
    assert all("Vestby" in q.text for q in answer.quotes), [q.text for q in answer.quotes]  # no one else's


def test_a_title_after_a_place_possessive_names_the_speaker(wire_bot: Bot) -> None:
    answer = wire_bot.ask("What did the Valdoria grid director say?")  # "Valdoria's grid director, Anika Brandt"
    assert "no room for error" in answer.quotes[0].text or "reserve margins" in answer.quotes[0].text
    assert not any(q.text.startswith("Analysts said") for q in answer.quotes[:2])  # mentions Valdoria, not him


@pytest.mark.parametrize("question", ["What did Energy Minister Ruiz say about the blackouts?", "What did Tomas Ruiz say?"])
def test_a_person_who_only_faced_calls_was_not_quoted(wire_bot: Bot, question: str) -> None:
    answer = wire_bot.ask(question)  # nor is another minister's quote his: "Finance Minister" is not "Energy Minister"
    assert answer.abstained, answer.quotes[:1]


@pytest.mark.parametrize("question", [
    "What did Petter Lunde say about the repairs?",  # his trip is known "according to two people familiar with the talks"
    "What did Lunde say?",  # "Lunde did not respond to requests for comment."
    "What did the ferry captain Olav Sund say about the inspection?",  # the next quote is given to another: “…,” Holt said.
    "What did Sund say?",
    # "Baltline Ferries’ Norrvik terminal" is no person called Norrvik, and no chief executive is quoted
    "What did Baltline's chief executive say?",
])
def test_words_refused_sourced_to_others_or_given_to_another_are_not_the_speakers(wire_bot: Bot, question: str) -> None:
    answer = wire_bot.ask(question)
    assert answer.abstained, answer.quotes[:1]


def test_a_refusal_is_not_the_speakers_words(wire_bot: Bot) -> None:
    # "Omdal declined to say whether the board believed …": "believed" is no speech of hers
    answer = wire_bot.ask("What did Lise Omdal say about the route?")
    assert answer.quotes and "about priorities, not people" in answer.quotes[0].text, answer.quotes[:1]
    assert not any("declined to say" in q.text for q in answer.quotes), answer.quotes


@pytest.mark.parametrize(("question", "words"), [
    ("What did Holt say?", "nobody looked"),  # “…,” Holt said.
    # "Ingrid Vestby, the harbour authority's chief engineer, said …", then “…,” Vestby said.
    ("What did the chief engineer say about the ship?", "nobody should carry passengers"),
    # whose manager goes unsaid beside the name: "Port manager Aksel Brun …", then “…,” Brun said.
    ("What did Norrvik's port manager say?", "Freight keeps the island fed"),
])
def test_a_quote_given_by_name_is_that_speakers(wire_bot: Bot, question: str, words: str) -> None:
    assert words in wire_bot.ask(question).quotes[0].text


@pytest.mark.parametrize(("question", "words", "others"), [
    # two ministers share a title: "Danish Fisheries Minister Jens Krag" names Krag, and is no Norwegian minister
    # nor is "Holmen's state secretary, Ivar Lie" Holmen
    ("What did Holmen say?", "small coastal fleets", ("lowest since records", "Without a deal", "science is clear",
                                                      "table a compromise")),
    ("What did the Danish fisheries minister say?", "smaller cut", ("small coastal fleets", "Without a deal")),
    # "Luis Ortega, Spain's fisheries minister, said: …" is his, and does not run on into the next person's quote
    ("What did Ortega say?", "Without a deal", ("science is clear", "small coastal fleets", "smaller cut")),
    # a surname with particles, named after the title: “…,” said the commission's chief scientist, Marta de la Cruz
    ("What did de la Cruz say?", "science is clear", ("meet again", "2,000 jobs")),
    ("What did the chief scientist say?", "science is clear", ("Without a deal", "meet again")),
    # "Velmark's Water Minister, Omar Haddad, …": "Water Minister" is no one's surname, and Ostria's minister is
    # someone else, as is the bare "the minister" who speaks after her
    ("What did Velmark's water minister say?", "a start, not a solution", ("published online", "Farmers deserve")),
    ("What did Ostria's water minister say?", "published online", ("a start", "hand over")),
])
def test_officials_who_share_a_title_are_each_quoted_in_their_own_words(wire_bot: Bot, question: str, words: str,
                                                                        others: tuple[str, ...]) -> None:
    answer = wire_bot.ask(question)
    assert answer.quotes and words in answer.quotes[0].text, answer.quotes[:1]
    assert not any(o in q.text for q in answer.quotes for o in others), [q.text for q in answer.quotes]


def test_the_bare_title_speaks_for_the_last_person_it_named(wire_bot: Bot) -> None:
    # "Ostria's Water Minister, Lena Brandt, said …", then “Farmers deserve …,” the minister said.
    answer = wire_bot.ask("What did Ostria's water minister say?")
    assert any("Farmers deserve" in q.text for q in answer.quotes), [q.text for q in answer.quotes]


def test_a_topic_written_as_one_word_finds_it_written_as_two(wire_bot: Bot) -> None:
    answer = wire_bot.ask("What did Haddad say about the data handover?")  # "… would hand over its own gauge data"
    assert answer.quotes and "hand over" in answer.quotes[0].text, answer.quotes[:1]


@pytest.mark.parametrize("question", ["What did the Nordhav chief executive say?", "What did Nordhav's CEO say?"])
def test_a_title_asked_with_its_company_names_the_holder_in_a_story_about_it(wire_bot: Bot, question: str) -> None:
    # "At Nordhav Seafood, …, CEO Ola Berg said …": the title leaves the company unsaid, the story says it
    answer = wire_bot.ask(question)
    assert answer.quotes and "risen by a fifth" in answer.quotes[0].text, answer.quotes[:1]


def test_a_quote_that_names_the_speaker_again_leaves_the_sentence_before_it_quoted(wire_bot: Bot) -> None:
    # "… Tor Eide, said Norway's coastal towns would lose 2,000 jobs.", then “Whole villages …,” Eide said. “…”
    quoted = " ".join(q.text for q in wire_bot.ask("What did Eide say?").quotes)
    assert all(words in quoted for words in ("2,000 jobs", "Whole villages", "they empty")), quoted


@pytest.mark.parametrize(("question", "words"), [
    ("What did Britt Aasen say about her grandmother?", "My grandmother kept this light"),
    ("What did Aasen say about the foghorn?", "foghorn compressor breaks down"),
    ("What did the lighthouse keeper say about the birds?", "The quiet, and the birds"),  # the headline's title
])
def test_an_interviews_answers_are_the_interviewees_words(wire_bot: Bot, question: str, words: str) -> None:
    answer = wire_bot.ask(question)
    assert answer.quotes and words in answer.quotes[0].text, answer.quotes[:1]


def test_an_interview_answer_is_quoted_whole(wire_bot: Bot) -> None:
    # "A: Mostly I watch and I fix things. The lamp has not failed once …, but the foghorn compressor breaks down …"
    answer = wire_bot.ask("What did Aasen say about the foghorn?")
    assert answer.quotes and all(w in answer.quotes[0].text for w in ("Mostly I watch", "foghorn compressor")), \
        answer.quotes[:1]


def test_an_interviews_answers_are_not_another_persons_words(wire_bot: Bot) -> None:
    assert wire_bot.ask("What did Vestby say about the foghorn?").abstained  # the keeper's answer, not hers


@pytest.mark.parametrize(("question", "words"), [
    ("What did Varga say about the union?", "My door is open. I will meet the union leaders"),  # the whole answer
    ("What did the transport minister say about the cost?", "9 million euros a day"),
])
def test_a_transcripts_labelled_lines_are_the_speakers_words(wire_bot: Bot, question: str, words: str) -> None:
    answer = wire_bot.ask(question)  # "VARGA: My door is open. I will meet …"
    assert answer.quotes and words in answer.quotes[0].text, answer.quotes[:1]
    assert not any("REPORTER" in q.text for q in answer.quotes), answer.quotes


def test_an_answer_is_about_the_question_before_it_not_the_one_after(wire_bot: Bot) -> None:
    # "REPORTER: The union says you have delayed the talks. Do you accept that?" / "VARGA: No. We made an offer …"
    answer = wire_bot.ask("What did Varga say about the delayed talks?")
    assert answer.quotes and "We made an offer in March" in answer.quotes[0].text, answer.quotes[:1]


def test_who_said_it_is_answered_with_a_name_not_a_pronoun(wire_bot: Bot) -> None:
    # “The stock is at its lowest since records began,” he said. — after "Danish Fisheries Minister Jens Krag said …"
    answer = wire_bot.ask("Who said the stock is at its lowest since records began?")
    assert answer.quotes and "Jens Krag" in answer.quotes[0].text and "lowest since" in answer.quotes[0].text


def test_blaming_is_speech(wire_bot: Bot) -> None:
    answer = wire_bot.ask("What did Ek say?")  # "… Tomas Ek, earlier blamed the ministry for the breakdown in talks."
    assert answer.quotes and "blamed the ministry" in answer.quotes[0].text, answer.quotes[:1]


@pytest.mark.parametrize(("question", "words"), [
    ("What does Hovde think about saving money?", "I have no quarrel with the board wanting to save money"),
    ("What did Nils Hovde say about the night bus?", "I rode the number 40 night bus"),
])
def test_a_columns_first_person_is_the_writers_words(wire_bot: Bot, question: str, words: str) -> None:
    answer = wire_bot.ask(question)
    assert answer.quotes and words in answer.quotes[0].text, answer.quotes[:1]
    assert not any("half my passengers" in q.text for q in answer.quotes)  # the driver's "I", in his quotation


def test_he_after_who_is_a_named_person_is_that_person(wire_bot: Bot) -> None:
    first = wire_bot.ask("Who is Nils Hovde?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = wire_bot.ask("What does he think about the passengers?", history)  # his words, not the driver's
    assert answer.quotes and "I have no quarrel" in answer.quotes[0].text, answer.quotes[:1]


def test_a_speakers_words_on_the_topic_are_found_where_they_are_not_named(embeddings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In a long interview, the chunks that name the interviewee crowd out the answer that does not: "My father
    worked in this pit for 31 years" is found by searching the topic too."""
    bot = Bot.open(tmp_path, settings=Settings(data_dir=tmp_path, load_sample=False), embeddings=embeddings)
    bot.index([DATA / "dev-news-2" / "articles"])
    answer = bot.ask("What did Selma Dravik say about her father?")
    assert answer.quotes and "My father worked in this pit" in answer.quotes[0].text, answer.quotes[:1]


@pytest.mark.parametrize(("question", "words"), [
    ("What will happen to the lighthouse building?", "It becomes a small museum"),  # "Q: What happens to …?"
    ("What does the keeper's job involve these days?", "Mostly I watch and I fix things"),
])
def test_a_question_in_an_article_is_answered_by_what_follows_it(wire_bot: Bot, question: str, words: str) -> None:
    answer = wire_bot.ask(question)
    assert answer.quotes and words in answer.quotes[0].text, answer.quotes[:1]
    assert not any(q.text.endswith("?") for q in answer.quotes), answer.quotes  # a question answers nothing


@pytest.mark.parametrize(("question", "start", "not_theirs"), [
    ("What did Pezeshkian say?", "Pezeshkian said", "Putin hailed"),  # “… with Pezeshkian …, Putin hailed …”
    ("What did Putin say?", "At a joint news conference", "Pezeshkian said"),
    ("What did Jalali say?", "The treaty is expected", "Pezeshkian said"),  # “TASS reported, citing … Jalali”
    ("What did the Iranian ambassador say?", "The treaty is expected", "Pezeshkian said"),  # not the president
    ("What did the Iranian president say?", "Pezeshkian said", "The treaty is expected"),
    # “… according to Ukrainian and Western officials”, not “Iranian and Russian officials said …”
    ("What did Western officials say?", "Iran has supplied Russia", "Iranian and Russian officials"),
])
def test_each_speaker_of_the_sample_is_quoted_in_their_own_words(sample_bot: Bot, question: str, start: str,
                                                                  not_theirs: str) -> None:
    answer = sample_bot.ask(question)
    assert answer.quotes and answer.quotes[0].text.startswith(start), answer.quotes[:1]
    assert not any(not_theirs in q.text for q in answer.quotes), answer.quotes


def test_a_speakers_words_are_not_crowded_out_by_sentences_that_repeat_the_topic(sample_bot: Bot) -> None:
    # "treaty" fills the sentences the model would read; Putin "hailed the deal" (next to "agreement") in another
    answer = sample_bot.ask("What did Putin say about the treaty?")
    assert answer.quotes and "Putin hailed" in answer.quotes[0].text, answer.quotes[:1]


def test_two_people_asked_together_are_each_quoted(sample_bot: Bot) -> None:
    answer = sample_bot.ask("What did Lavrov and Putin say?")
    assert [q.text[:20] for q in answer.quotes[:2]] == ["Russian Foreign Mini", "At a joint news conf"], answer.quotes


def test_asked_whether_a_speaker_said_something_quotes_the_speaker(sample_bot: Bot) -> None:
    answer = sample_bot.ask("Did Putin say anything about the treaty?")  # not "The Kremlin earlier said …"
    assert answer.quotes and "Putin hailed" in answer.quotes[0].text, answer.quotes[:1]


def test_a_request_for_the_gist_quotes_the_lead(sample_bot: Bot) -> None:
    answer = sample_bot.ask("What is this article about?")  # one article: its opening sentences
    assert not answer.abstained and len(answer.quotes) == 3
    assert answer.quotes[0].start == 0 and [q.start for q in answer.quotes] == sorted(q.start for q in answer.quotes)
    assert_verbatim(sample_bot, answer)


def test_a_request_for_the_gist_of_a_topic_quotes_the_articles_about_it(news_bot: Bot) -> None:
    answer = news_bot.ask("Summarize the story about the light rail line")
    assert not answer.abstained and answer.quotes[0].article_id == "transit-line"
    # past the headline, the lead
    assert answer.quotes[0].text.startswith("The Harbor City council voted 9-2"), answer.quotes[0]
    assert_verbatim(news_bot, answer)
    nothing = news_bot.ask("Summarize the article about the Olympic marathon")
    assert nothing.abstained and "No article names “Olympic marathon”" in nothing.text
    everything = news_bot.ask("What are the articles about?")  # six articles, one lead each, up to five
    assert len({q.article_id for q in everything.quotes}) == len(everything.quotes) == 5
    assert "5 of the 6 articles" in everything.text
    only = news_bot.ask("tl;dr", article_ids=["drought-farms"])
    assert {q.article_id for q in only.quotes} == {"drought-farms"}


def test_which_articles_mention_someone_quotes_where_each_names_them(news_bot: Bot) -> None:
    answer = news_bot.ask("Which articles mention Okafor?")  # the mayor, quoted in two of the articles
    assert not answer.abstained and answer.text.startswith("2 articles name “Okafor”")
    assert all("Okafor" in q.text for q in answer.quotes) and len({q.article_id for q in answer.quotes}) == 2
    assert_verbatim(news_bot, answer)
    nobody = news_bot.ask("Is Zebulon Quarrington mentioned anywhere?")
    assert nobody.abstained and "No article names “Zebulon Quarrington”" in nobody.text


def test_a_question_that_asks_two_things_is_answered_on_each(wire_bot: Bot) -> None:
    answer = wire_bot.ask("How many islanders does the ferry suspension strand, and how much will the repairs cost?")
    firsts = [q.text for q in answer.quotes[:2]]
    assert any("about 900 islanders" in t for t in firsts) and any("1.4 million crowns" in t for t in firsts)
    assert_verbatim(wire_bot, answer)


def test_the_part_of_a_question_the_articles_do_not_answer_is_named(wire_bot: Bot) -> None:
    answer = wire_bot.ask("How long will the ferry repairs take, and which insurer will pay for them?")
    assert "three weeks" in answer.quotes[0].text
    assert answer.text.endswith("The articles don't answer “Which insurer will pay for them?”.")


def test_a_speakers_direct_quote_on_the_topic_answers_whatever_ranks_first(wire_bot: Bot) -> None:
    # The headline is about the heatwave; her quote names neither it nor the question's words.
    answer = wire_bot.ask("What did the grid director say about the heatwave?")
    assert "no room for error" in answer.quotes[0].text


def test_a_speaker_asked_about_two_topics_is_quoted_on_each(wire_bot: Bot) -> None:
    answer = wire_bot.ask("What has Okoro said about the blackouts and about the budget?")
    assert {q.article_id for q in answer.quotes[:2]} == {"heat-grid", "budget-vote"}


def test_a_paraphrased_question_finds_the_answer(news_bot: Bot) -> None:
    # Few shared words (share price fall -> shares fell 12 percent): the cross-encoder reads it, as the features
    # alone put the announcement first.
    answer = news_bot.ask("How much did Lumen's share price fall after the announcement?")
    assert "fell 12 percent" in answer.quotes[0].text


@pytest.mark.parametrize("question", [
    "What did Mira Castell say about the merger with Orion?",
    "Who won the football match on Saturday?",
    "What is the population of Russia?",
    "How many electric buses will Harbor City buy?",
])
def test_abstains_when_the_articles_do_not_answer(news_bot: Bot, question: str) -> None:
    answer = news_bot.ask(question)
    assert answer.abstained, answer.quotes[:1]
    assert answer.quotes == ()
    assert "don't answer" in answer.text


def test_a_follow_up_is_resolved_against_the_conversation(sample_bot: Bot) -> None:
    first = sample_bot.ask("What did Lavrov say?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    follow_up = sample_bot.ask("When did he say it?", history)
    assert "Lavrov said on Tuesday" in follow_up.quotes[0].text
    alone = sample_bot.ask("When did he say it?")  # without the conversation there is no "he": the reply asks who
    assert alone.abstained and not alone.quotes
    assert "“he”" in alone.text and "name" in alone.text


def test_a_follow_up_about_the_speaker_not_their_words_is_a_question_of_fact(wire_bot: Bot) -> None:
    first = wire_bot.ask("What did Brekke say about his passengers?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = wire_bot.ask("How long has he driven the bus?", history)  # about him, not what he said
    assert answer.quotes and "driven the 40 since 2009" in answer.quotes[0].text, answer.quotes[:1]


def test_a_follow_up_that_names_nothing_leans_on_the_conversation(wire_bot: Bot) -> None:
    first = wire_bot.ask("Which library reopened in Valdoria?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    assert "9 a.m. to 8 p.m." in wire_bot.ask("What are the opening hours?", history).quotes[0].text
    assert "cooling centres" in wire_bot.ask("What are the opening hours?").quotes[0].text  # alone, it is a toss-up


def test_a_follow_up_finds_its_subject_in_the_headline(wire_bot: Bot) -> None:
    first = wire_bot.ask("Which museum reopened in Porthaven?")  # answered by a long lead sentence
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    # The hours sentence and its neighbours never say "museum"; the headline does.
    assert "10 a.m. to 5 p.m." in wire_bot.ask("What are the opening hours?", history).quotes[0].text


def test_she_after_a_who_question_is_the_person_it_answered(wire_bot: Bot) -> None:
    first = wire_bot.ask("Who is Valdoria's grid director?")
    assert "Anika Brandt" in first.quotes[0].text
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = wire_bot.ask("What did she say after the blackouts?", history)
    # Her words, not the finance minister's, who is the one quoted on the blackouts.
    assert "no room for error" in answer.quotes[0].text or "reserve margins" in answer.quotes[0].text
    assert "Okoro" not in answer.quotes[0].text


def test_he_after_a_who_question_is_the_person_it_answered_whose_surname_has_a_particle(wire_bot: Bot) -> None:
    first = wire_bot.ask("Who chaired the meeting?")  # “…,” said the meeting's chair, Pieter van Dam.
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = wire_bot.ask("What did he say?", history)
    assert answer.quotes and all("van Dam" in q.text for q in answer.quotes), answer.quotes


def test_a_title_asked_in_a_follow_up_is_the_one_in_the_story_discussed(wire_bot: Bot) -> None:
    first = wire_bot.ask("What did the fishing ministers fail to agree?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = wire_bot.ask("What did the minister say about it?", history)  # another story quotes a water minister
    assert answer.quotes and {q.article_id for q in answer.quotes} == {"fishing-quotas"}, answer.quotes


def test_an_amount_in_a_sentence_that_refers_back(news_bot: Bot) -> None:
    # The amount sits in the paragraph after the vote, which names the line only as "the 14-kilometre line".
    answer = news_bot.ask("How much will the Riverside light rail line cost?")
    assert answer.quotes[0].article_id == "transit-line" and "$2.4 billion" in answer.quotes[0].text
    assert_verbatim(news_bot, answer)


def test_filters_restrict_the_articles_quoted(news_bot: Bot, tmp_path: Path) -> None:
    only = news_bot.ask("What did Mayor Okafor say?", article_ids=["harbor-budget"])
    assert {q.article_id for q in only.quotes} == {"harbor-budget"}
    with pytest.raises(ArticleNotFound, match="'harbour-budget'.*verbatim articles"):  # a misspelt id
        news_bot.ask("What did Mayor Okafor say?", article_ids=["harbor-budget", "harbour-budget"])

    records = [{"id": "wire/rates-1", "title": "Rates held", "source": "Wire", "published": "2025-03-01",
                "text": "The central bank held interest rates at 4 percent on Tuesday, citing stubborn inflation."},
               {"id": "paper/rates-2", "title": "Rates cut", "source": "Paper", "published": "2025-06-01",
                "text": "The central bank cut interest rates to 3.5 percent on Wednesday as inflation cooled."}]
    (tmp_path / "rates.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    news_bot.index([tmp_path / "rates.jsonl"])
    question = "What did the central bank do with interest rates?"
    assert {q.article_id for q in news_bot.ask(question, source="Paper").quotes} == {"paper/rates-2"}
    assert {q.article_id for q in news_bot.ask(question, published_to=date(2025, 4, 1)).quotes} == {"wire/rates-1"}
    assert {q.article_id for q in news_bot.ask(question, published_from=date(2025, 5, 1)).quotes} == {"paper/rates-2"}


@pytest.mark.parametrize(("question", "message"), [
    ("", "empty"), ("   \n\t", "empty"), ("why? " * 20_000, "limit"), (42, "must be text"),
    (b"What did Lavrov say?", "must be text"), (None, "must be text"), ("What\x00 did", "binary"),
])
def test_bad_questions_get_a_clear_question_error(sample_bot: Bot, question: object, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        sample_bot.ask(question)  # type: ignore[arg-type]


def test_bad_history_gets_a_clear_question_error(sample_bot: Bot) -> None:
    with pytest.raises(QuestionError, match="history"):
        sample_bot.ask("What did Lavrov say?", [{"role": "robot", "content": 3}])


def test_the_chain_is_a_composable_runnable(sample_bot: Bot) -> None:
    first_quote = sample_bot.chain | RunnableLambda(lambda answer: answer.quotes[0].text)
    assert "constructive in nature" in first_quote.invoke("What did Lavrov say?")
    batch = sample_bot.chain.batch(["What did Putin say?", {"question": "Who runs Apple?"}])
    assert "a real breakthrough" in batch[0].quotes[0].text
    assert batch[1].abstained


def test_a_sum_answers_a_follow_up_that_asks_only_what_it_costs(wire_bot: Bot) -> None:
    # "The council has set aside 18 million crowns for a first phase": the sum answers "cost", a word it never uses
    first = wire_bot.ask("When will Havdal start building its sea wall?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    answer = wire_bot.ask("How much will it cost?", history)
    assert not answer.abstained and "18 million crowns" in answer.quotes[0].text, answer.text


def test_a_speakers_quote_that_names_some_of_the_topic_answers(wire_bot: Bot) -> None:
    # the topic "the harbour's economic importance": her words name the harbour, not its economy
    answer = wire_bot.ask("What did Lind say about the harbour's economic importance?")
    assert not answer.abstained and "shop window" in answer.quotes[0].text, answer.text
    assert wire_bot.ask("What did Lind say about pensions?").abstained  # naming none of it is no answer


def test_how_investors_took_it_is_answered_by_a_share_price_moving(wire_bot: Bot) -> None:
    # the lead reports the results in the question's words; "Nordlys shares rose 6 percent" answers it
    answer = wire_bot.ask("How did investors react to Nordlys Ferries' quarterly results?")
    assert "shares rose 6 percent" in answer.quotes[0].text, answer.text


def test_how_the_stock_did_in_other_words_is_answered_by_the_closest_storys_share_price(wire_bot: Bot) -> None:
    # none of "the ferry operator's stock do" is the sentence's, and the judge alone would abstain: the share price
    # moving in the story closest to the question answers it
    answer = wire_bot.ask("How did the ferry operator's stock do after the summer figures came out?")
    assert not answer.abstained and "shares rose 6 percent" in answer.quotes[0].text, answer.text


def test_the_sentence_beside_that_holds_what_is_asked_is_quoted_with_the_best(wire_bot: Bot) -> None:
    # "Lind presented the final design …" repeats the question; the place is in the next sentence
    answer = wire_bot.ask("Where did Lind present the final design of the sea wall?")
    assert "the Havdal Seamen's Hall" in answer.quotes[0].text, answer.text


# Stories that withhold a detail, each beside one it gives.
WITHHOLDING = {
    "recall": (
        "Halvik recalls home hubs\n\nTORVIK, April 8 - Halvik Systems said on Wednesday it would recall 240,000 of "
        "its Nimbus home hubs after customers reported overheating.\n\nChief technology officer Emil Rasko said "
        "engineers had traced the fault to a batch of charging chips from an outside manufacturer, which he declined "
        "to name.\n\nShares in Halvik fell 8 percent in Torvik.\n"),
    "transfer": (
        "Rovers sign Ferreira-Lind\n\nSALTGRAVE, July 14 - Saltgrave Rovers have signed striker Tomas Ferreira-Lind "
        "from Ashby Cross Athletic in a deal worth 4.5 million rell, a club record.\n\nThe 24-year-old, who scored 19 "
        "league goals last season, has signed a five-year contract. His salary was not disclosed.\n\nManager Declan "
        "Harcourt said the striker would not be rushed into the team.\n"),
    "strike": (
        "Dockworkers walk out at Harlan Point\n\nHARLAN POINT, April 28 - About 1,900 dockworkers began a 48-hour "
        "strike on Monday after pay talks with Harlan Point Terminals collapsed.\n\nCompany spokesman Luis Reyes said "
        "the proposed weekend shifts would be voluntary. He declined to say how much the strike was costing the "
        "company each day.\n\nThe company has offered a 3.5 percent rise, worth about 900 rell a year to a "
        "full-time docker.\n"),
    "flood": (
        "Two dead as River Tessel floods Ashby Cross\n\nASHBY CROSS, March 22 - Two people died and about 2,300 were "
        "forced from their homes after the River Tessel burst its banks in Ashby Cross on Saturday.\n\nThe river "
        "peaked at 6.8 metres at the Mill Lane gauge.\n\nPolice said the two victims were a 74-year-old man whose car "
        "was swept off a road near Kettleby and a 39-year-old woman found downstream. Their names have not been "
        "released.\n"),
}


@pytest.mark.parametrize(("story", "question"), [
    ("recall", "Which company made the faulty charging chips in the Nimbus hub?"),
    ("transfer", "What salary will Ferreira-Lind earn at Rovers?"),
    # The withholding names the cost plainly: the sum the story does give is of something else.
    ("strike", "How much is the strike costing Harlan Point Terminals each day?"),
    # The lead matches best and names places; the withholding follows a lower candidate, about the victims.
    ("flood", "What were the names of the two people who died in the Ashby Cross flood?"),
])
def test_a_detail_the_story_says_was_withheld_is_not_answered(make_bot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              story: str, question: str) -> None:
    answer = bot_over(make_bot, tmp_path, **{story: WITHHOLDING[story]}).ask(question)
    assert answer.abstained and not answer.quotes
    assert "not disclosed" in answer.text and WITHHOLDING[story].split("\n")[0] in answer.text


def test_a_person_described_and_never_named_is_not_named(make_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bot = bot_over(make_bot, tmp_path, fire=(
        "Wildfire forces hundreds from homes\n\nFELDRE, Aug 9 - More than 400 people were ordered out of their homes "
        "as a wildfire spread on Saturday. Two firefighters were treated for heat exhaustion, and a resident was "
        "taken to hospital with burns to his hands.\n\nFire chief Rasmus Holt said the fire was under control.\n"))
    answer = bot.ask("What is the name of the resident who was taken to hospital with burns?")
    assert answer.abstained and not answer.quotes and "never names" in answer.text
    assert "Rasmus Holt" in bot.ask("Who is the fire chief?").quotes[0].text  # a name given is answered


def test_a_wire_storys_lead_does_not_win_by_repeating_the_question(make_bot) -> None:  # type: ignore[no-untyped-def]
    # "QUELLPORT, May 23 — Saltreach Rovers won the Maravey Cup …, beating Quellport Athletic 3-2 after extra time"
    # holds every word of the question but not the scorer
    bot = make_bot()
    bot.index([DATA / "dev-news-13" / "articles" / "cup_final.txt"])
    answer = bot.ask("Who scored the winning goal for Saltreach Rovers in the cup final?")
    assert "substitute Ilya Marten" in answer.quotes[0].text
    # A result answers it ("beating Quellport Athletic 3-2"), not "It was Athletic's first defeat in a cup final"
    assert "3-2 after extra time" in bot.ask("What was the final score in the Maravey Cup final?").quotes[0].text


@pytest.mark.parametrize(("story", "question", "answer"), [
    ("dev-news-10/articles/ossel_flood.txt", "How many flood victims ended up needing care from medics?",
     "31 people had been treated in hospital"),
    ("dev-news-3/articles/castell-bank-trial.txt",
     "How many account holders lost some of their money when the lender went under?", "About 40,000 customers"),
    ("dev-news-13/articles/brisa_floods.txt", "At its highest point, how far above usual did the Tamm climb?",
     "6.4 metres above its normal level"),
])
def test_a_question_in_other_words_than_its_answer_is_answered(  # type: ignore[no-untyped-def]
        make_bot, story: str, question: str, answer: str) -> None:
    # The answer shares few of the question's words, so the features cannot tell it apart: the model reads
    bot = make_bot()
    bot.index([DATA / story])
    reply = bot.ask(question)
    assert not reply.abstained and answer in reply.quotes[0].text, reply.text


WRITTEN = {  # stories written for a case: (story, question, what the first quote holds)
    # "Its leader" names neither the party nor the verb asked; the sentences that name the party name no leader
    "leader": ("Assembly passes budget after all-night session\n\nVELDRA, May 3 (Wire) - The National Assembly passed "
               "the budget by 80 votes to 64 early on Wednesday, after a session that lasted through the night.\n\n"
               "The opposition Green Alliance voted against the budget as a bloc. Its leader, Marta Sollen, called it "
               "\"a budget for the next election, not the next decade\" and said her party would fight the fuel "
               "tax.\n\nPolls published on Monday put the ruling Centre Party three points behind the Green "
               "Alliance.\n", "Who leads the Green Alliance?", "Marta Sollen"),
    # The lead gives the sentence but not the name; the sentence that names him gives his trial, not his sentence
    "sentence": ("Former water chief jailed for bribery\n\nMERVAL, Oct 2 (Wire) - The former head of the Merval Water "
                 "Board was sentenced on Monday to five years in prison for taking bribes from building firms. Tomas "
                 "Vell, 61, who ran the board from 2015 until 2022, was convicted of bribery and fraud after a trial "
                 "that lasted 11 weeks and heard from 30 witnesses.\n\nVell denied the charges and his lawyer said he "
                 "would appeal.\n", "How long was Tomas Vell sentenced to?", "five years in prison"),
    # The quote asked for names none of the topic, the sentence framing it does; the next paragraph's quote names
    # some of it in passing
    "framed": ("Council approves harbour plan\n\nPORTVILLE, June 3 (Wire) - The city council approved the harbour "
               "redevelopment on Tuesday by 31 votes to 9.\n\nCouncillor Edith Marr was delighted with the plan's "
               "affordable housing. \"Four hundred families will finally have somewhere to live,\" she said.\n\n"
               "Marr also complained about the parking, which she said was too scarce. \"Even affordable homes need "
               "somewhere to put a car,\" she said.\n", "What did Marr think of the affordable housing?",
               "Four hundred families"),
    # Asked what she urged: the sentence that says she urged something, not the one that repeats the topic's words
    "urged": ("Ferry strike enters third day\n\nPORTHALL, Aug 9 (Wire) - Ferry crews stayed on strike for a third day "
              "on Friday, stranding about 2,000 passengers.\n\nTransport Minister Ada Krell said the government would "
              "not legislate to end the ferry strike but was watching supplies to the islands closely.\n\nKrell urged "
              "both sides to return to talks at the arbitration board. \"Nobody wins a stand-off at sea,\" she said.\n",
              "What did the transport minister urge during the ferry strike?", "return to talks"),
    # The question calls him by his title; the sentence that answers calls him by his surname
    "titled": ("Ferry link agreed\n\nKARSTAD, June 2 (Wire) - Prime Minister Ola Brekke gave the Veldran president "
               "a tour of the harbour on Tuesday before talks on a ferry link between the two countries.\n\nAt a "
               "dinner that evening the president gave Brekke a silver compass. The two leaders toasted the link.\n",
               "What did the president give the prime minister?", "silver compass"),
}


@pytest.mark.parametrize("case", WRITTEN)
def test_a_story_written_for_a_case_is_answered_by_its_sentence(make_bot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 case: str) -> None:
    story, question, holds = WRITTEN[case]
    answer = bot_over(make_bot, tmp_path, **{case: story}).ask(question)
    assert not answer.abstained and holds in answer.quotes[0].text, answer.text


def test_which_company_is_not_answered_by_a_sentence_that_names_none(make_bot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bot = bot_over(make_bot, tmp_path, farm=(
        "Salad farm grows in old mine\n\nARDRIN - Selma Dravik founded Deepgreen Farms in 2023 to grow salad leaves "
        "180 metres underground. The company now supplies two supermarket chains and employs 35 people.\n\n"
        "Its lettuce is sold in Ardrin and Kessel Bay, and it keeps for two weeks in the fridge.\n"))
    assert bot.ask("Which supermarket chains sell Deepgreen's lettuce?").abstained
    answer = bot.ask("In which towns is Deepgreen's lettuce sold?")  # it names them: answered
    assert not answer.abstained and "Ardrin and Kessel Bay" in answer.quotes[0].text


LACKING = {  # stories that do not give everything their words invite asking for
    "rate": (
        "Bank of Korvessa raises its main rate\n\nHALVIK - The Bank of Korvessa raised its main interest rate to 4.75 "
        "percent on Thursday. The decision by the monetary policy committee was split, with a majority voting for the "
        "increase and a minority against it.\n\nGovernor Ada Marthen said the committee had acted to bring inflation "
        "back to target.\n"),
    "waits": (
        "Hospital waits: the latest\n\n19:30 — Health Minister Ilse Marrow has promised to cut waiting times for "
        "hip replacements.\n\n19:45 — Rosalind Tey, a former bus driver from Ombrey, has been waiting 19 months for a "
        "hip replacement at Ombrey General Hospital. Her operation has been postponed twice.\n"),
}


@pytest.mark.parametrize(("story", "question", "reply"), [
    ("rate", "Which committee members voted against the rate increase?",
     "“Bank of Korvessa raises its main rate”, does not name it"),
    ("rate", "How many committee members voted against the rate increase?", "gives no number"),
    ("waits", "What date is Rosalind Tey's hip replacement now booked for?", "gives no date"),
    ("waits", "How old is Health Minister Ilse Marrow?", "gives no number"),  # "19:30" is the time of the entry
])
def test_a_sentence_without_the_name_number_or_date_asked_for_does_not_answer(  # type: ignore[no-untyped-def]
        make_bot, tmp_path: Path, story: str, question: str, reply: str) -> None:
    answer = bot_over(make_bot, tmp_path, **{story: LACKING[story]}).ask(question)
    # each abstention says which story comes closest and what it lacks
    assert answer.abstained and not answer.quotes and reply in answer.text


@pytest.mark.parametrize(("story", "question", "quoted"), [
    ("recall", "Who declined to name the chip manufacturer?", "Emil Rasko"),  # the withholding is what is asked
    ("transfer", "How much did Rovers pay for Ferreira-Lind?", "4.5 million rell"),  # one sum withheld, one given
    ("rate", "Who is the governor of the Bank of Korvessa?", "Ada Marthen"),  # a name given
    ("waits", "How long has Rosalind Tey been waiting for a hip replacement?", "19 months"),  # a number given
])
def test_what_the_story_gives_beside_what_it_leaves_out_is_answered(  # type: ignore[no-untyped-def]
        make_bot, tmp_path: Path, story: str, question: str, quoted: str) -> None:
    answer = bot_over(make_bot, tmp_path, **{story: (WITHHOLDING | LACKING)[story]}).ask(question)
    assert not answer.abstained and quoted in answer.quotes[0].text
