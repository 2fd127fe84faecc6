"""What a question asks for, and which earlier turn a follow-up leans on: pure text rules, no index."""

from __future__ import annotations

import pytest

from bot.conversation import resolve
from bot.question import AnswerType, Request, analyse, parts


@pytest.mark.parametrize(("question", "speaker", "topic"), [
    ("What did Lavrov say about the treaty?", "Lavrov", "the treaty"),
    ("What worries the head of emergency medicine at San Anselmo most?", "head of emergency medicine at San Anselmo", None),
    ("What concerns the mayor about the budget?", "mayor", "the budget"),
    ("What concerns were raised about the dam?", None, None),  # a noun, not a verb with a person after it
    ("What did she say after the match?", "she", None),  # when she spoke, not what about
    ("What did the report say about deaths?", "report", "deaths"),  # "report" after "the" is a noun
    ("Did Lavrov comment on the treaty?", "Lavrov", "the treaty"),  # whether they said it
    ("Does Vinter think it would work elsewhere?", "Vinter", "it would work elsewhere"),
    ("Did the union say when the ballot closes?", None, None),  # asks when it closes
    ("Did anyone call the police?", None, None),
    ("How did the Harbour coach explain the defeat?", "Harbour coach", "the defeat"),  # how they put it
    ("What does the transport minister make of the toll?", "transport minister", "the toll"),
    ("When does the chief think people can go home?", "chief", "people can go home"),  # what she expects
    ("When did she say it?", None, None),  # when she spoke
    # whose view a question asks for, before or after it; a typed question stays a fact question
    ("According to the Tallis & Rowe analyst, what's the bigger question?", "Tallis & Rowe analyst",
     "what's the bigger question"),
    ("What is the main risk, according to Lavrov?", "Lavrov", "What is the main risk"),
    ("What might have sparked the blaze, according to officials?", None, None),
    ("According to the AAA, what is the percentage of stations that ran out?", None, None),
    ("What does the central bank now think of the krenna?", "central bank", "the krenna"),  # when, not who
    ("How many seats did Green Coast win, according to the near-final results?", None, None),
    ("And what did their president warn?", "their president", None),  # a follow-up's opening word
    ("So, what did Lavrov say about the treaty?", "Lavrov", "the treaty"),
])
def test_speaker_and_topic(question: str, speaker: str | None, topic: str | None) -> None:
    asked = analyse(question)
    assert (asked.speaker, asked.topic) == (speaker, topic)


@pytest.mark.parametrize(("question", "occasion", "topic"), [
    ("What did she say after the match?", "after the match", None),
    ("What did she say about the match?", None, "the match"),
    ("What did the mayor say last week about the budget?", "last week", "the budget"),
    ("What did the mayor say about the budget before the vote?", "before the vote", "the budget"),
    ("What did Lavrov say on Tuesday?", "on Tuesday", None),
    ("At the Hallinsk talks, what did Stroud say about the queues?", "At the Hallinsk talks", "the queues"),
    ("What did Thorne say happens when you bring in rent control?", None, "happens when you bring in rent control"),
])
def test_when_a_speaker_spoke_is_kept_apart_from_the_topic(question: str, occasion: str | None,
                                                           topic: str | None) -> None:
    asked = analyse(question)
    assert (asked.occasion, asked.topic) == (occasion, topic)


@pytest.mark.parametrize(("question", "kind"), [
    ("How much did it cost?", AnswerType.AMOUNT),
    ("What proportion of patients were treated on time?", AnswerType.AMOUNT),
    ("When did the talks start?", AnswerType.DATE),
    ("The war ended when?", AnswerType.DATE),
    ("What happens when the dam fails?", AnswerType.OTHER),  # "when" inside the question asks for no date
    ("Who won the cup?", AnswerType.PERSON),
    ("The treaty was signed by whom?", AnswerType.PERSON),
    ("In the final, who scored the winner?", AnswerType.PERSON),
    ("Under whose rule was the wall built?", AnswerType.PERSON),
    ("What was the name of the man who found it?", AnswerType.PERSON),
    # a relative "who" asks for no person: the question word does
    ("Where did Oberlenne residents who had to leave their homes sleep?", AnswerType.PLACE),
    ("Why did the workers who stayed refuse the offer?", AnswerType.REASON),
    ("How fast was the car going?", AnswerType.NUMBER),
    ("What was the final score of the derby?", AnswerType.NUMBER),
    ("What was the attendance at Heathfield Park?", AnswerType.NUMBER),
    ("By what margin did the court decide the case?", AnswerType.NUMBER),
    ("What is the capacity of the ground?", AnswerType.OTHER),  # a number in only 12 of SQuAD's 17 answers
])
def test_answer_type(question: str, kind: AnswerType) -> None:
    assert analyse(question).answer_type is kind


@pytest.mark.parametrize(("question", "counted"), [
    ("How many members of the rate-setting committee wanted a cut?", "members"),
    ("In total, how many container ships are waiting?", "container ships"),
    ("How much did it cost?", None),
])
def test_what_a_how_many_question_counts(question: str, counted: str | None) -> None:
    assert analyse(question).counted == counted


@pytest.mark.parametrize(("question", "money"), [
    ("How much will the repairs cost?", True),
    ("How much was Lind fined?", True),
    ("How much profit did the carmaker make last year?", True),
    ("How much is the manuscript worth?", True),
    ("What was the price of a ticket?", True),
    ("What was Solenne Air's net profit in the third quarter?", True),
    ("What is the annual fee?", True),
    ("How much will the toll be for a lorry?", True),  # a price word asks for a sum too
    ("How much cash is each flooded household getting from the state?", True),
    ("How much of the budget goes to schools?", False),  # a share
    ("What is the business source of the majority of GE's revenues?", False),
    ("What was the main source of income for the region?", False),
    ("How much more did the Genesis version sell than the SNES one?", False),  # a comparison
    ("How much backing does the union need for a strike?", False),
    ("How much time do people spend online?", False),
    ("What did the Gaskarn Tunnel cost in the end?", True),  # asked without "how much"
    ("What will the new line cost the city?", True),
    ("What did Kerry think cost him the race?", False),  # what a loss is put down to
    ("What did the cost overruns mean for the city?", False),
])
def test_a_question_about_a_sum_of_money(question: str, money: bool) -> None:
    assert analyse(question).money is money


@pytest.mark.parametrize(("question", "sum_only"), [
    ("How much will it cost?", True),
    ("What was the price of a ticket?", True),
    ("How much did ticket prices rise?", False),  # a share says how much they changed
    ("How much net profit did Veridan make in the third quarter?", True),  # "an 18 percent drop in profit" does not
    ("What was Solenne Air's net profit in the third quarter?", True),
])
def test_a_question_that_only_a_sum_answers(question: str, sum_only: bool) -> None:
    assert analyse(question).sum_only is sum_only


@pytest.mark.parametrize(("question", "measure"), [
    ("How deep was the water where the divers found the astrolabe?", "deep"),
    ("How long is the tunnel?", "long"),  # a length or a time
    ("How long will the tunnel be?", "long"),
    ("How long does the lettuce keep?", "time"),  # a time: "keeps for three weeks", not "a 3-metre bed"
    ("How long does Brannock have to appeal the ruling?", "time"),
    ("How often will the express bus run?", "often"),
    ("How many people live there?", None),
    ("What was the final score in the Cup final?", "score"),  # a result: "88-81"
    ("Who composed the score for the film?", None),
    ("Why did it take so long?", None),
])
def test_the_measure_a_question_asks_for(question: str, measure: str | None) -> None:
    assert analyse(question).measure == measure


@pytest.mark.parametrize(("question", "years"), [
    ("How much did it cost to build the Mellby viaduct in 1987?", ("1987",)),
    ("What led the league to cancel the 2004-2005 season?", ("2004", "2005")),
    ("How many people live there?", ()),
    ("How many were sold at 1,987 crowns each?", ()),  # a price, not a year
    ("What happened after 2022.5?", ()),
])
def test_the_years_a_question_names(question: str, years: tuple[str, ...]) -> None:
    assert analyse(question).years == years


@pytest.mark.parametrize(("question", "market"), [
    ("How did investors take the news of the recall?", True),
    ("How did the stock market react to the takeover?", True),
    ("How did Corvale's share price end up on the day?", True),
    ("What happened to Krona's shares?", True),
    ("How did the e-scooter firm's stock do on the day it announced the recall?", True),
    ("How did the national currency move once the decision was made public?", True),
    ("How did the market stall owners react?", False),  # traders at a market, not investors
    ("How did the company do last year?", False),
    ("How did the minister react?", False),
])
def test_a_question_about_how_investors_took_something(question: str, market: bool) -> None:
    assert analyse(question).market is market


@pytest.mark.parametrize(("question", "request_", "topic"), [
    ("Summarize the story about the tram cracks", Request.GIST, "tram cracks"),
    ("Can you recap the cup final?", Request.GIST, "cup final"),
    ("Give me a summary of the Korvik articles", Request.GIST, "Korvik"),
    ("What was the story on Lavrov about?", Request.GIST, "Lavrov"),
    ("What is this article about?", Request.GIST, None),
    ("What are the key points?", Request.GIST, None),
    ("tl;dr", Request.GIST, None),
    ("What's the latest on the Korvik plant?", Request.GIST, "Korvik plant"),
    ("What's new?", Request.GIST, None),
    ("Which articles mention Haldane?", Request.MENTIONS, "Haldane"),
    ("Which stories are about the strike?", Request.MENTIONS, "strike"),
    ("Can you find me stories on Korvik?", Request.MENTIONS, "Korvik"),
    ("Is the Mellby viaduct mentioned anywhere?", Request.MENTIONS, "Mellby viaduct"),
])
def test_a_request_about_the_articles_and_its_topic(question: str, request_: Request, topic: str | None) -> None:
    asked = analyse(question)
    assert asked.request is request_ and asked.topic == topic


@pytest.mark.parametrize("question", [
    "What is the treaty about?",  # about a thing, not the articles
    # SQuAD questions that name a summary or a mention without asking for one
    "How did Alexander Macfarlane summarize the relationship between different methods?",
    "What is the most well-known summary of Calvin's teachings?",
    "Which historical overview did Seiki Hosokibara create?",
    "Which article of the constitution mentions the right to vote?",
    "What was happening in the stadium at the time?",
])
def test_a_question_that_names_a_summary_or_a_mention_is_not_a_request(question: str) -> None:
    assert analyse(question).request is Request.FACT


@pytest.mark.parametrize(("question", "expected"), [
    ("How long was the line shut, and when will it reopen?", ["How long was the line shut?", "When will it reopen?"]),
    ("When does it open? What does it cost?", ["When does it open?", "What does it cost?"]),
    ("How much will it cost and who will pay for it?", ["How much will it cost?", "Who will pay for it?"]),
    ("Who won and how?", ["Who won and how?"]),  # too short a part to stand alone
    ("Where and when was it signed?", ["Where and when was it signed?"]),
    ("Goldenson proposed a merger between UPT and what network?",  # one question with the asked part inside
     ["Goldenson proposed a merger between UPT and what network?"]),
    ("What did Okonjo say about the strike and what about the rates?",  # a speaker's topics, not two questions
     ["What did Okonjo say about the strike and what about the rates?"]),
    ("What is the difference between the two plans?", ["What is the difference between the two plans?"]),
    ("Who won it? Who lost it? Who scored first? Who was sent off?",  # a pasted list is read whole
     ["Who won it? Who lost it? Who scored first? Who was sent off?"]),
    ("What did Lavrov and Putin say?", ["What did Lavrov say?", "What did Putin say?"]),  # two people
    ("What did Putin and the Iranian president say about it?",
     ["What did Putin say about it?", "What did the Iranian president say about it?"]),
    ("What did Lavrov, Putin and Pezeshkian say?", ["What did Lavrov say?", "What did Putin say?",
                                                    "What did Pezeshkian say?"]),
    ("What did the mayor and the governor say?", ["What did the mayor say?", "What did the governor say?"]),
    ("What did Iranian and Russian officials say?", ["What did Iranian and Russian officials say?"]),  # one speaker
    ("What did the police and fire officials say?", ["What did the police and fire officials say?"]),
    ("What did Halvorsen & Dahl say?", ["What did Halvorsen & Dahl say?"]),  # a firm
    ("What did Smith, the chief executive, say?", ["What did Smith, the chief executive, say?"]),  # one person
])
def test_a_question_that_asks_two_things_comes_apart(question: str, expected: list[str]) -> None:
    assert parts(analyse(question)) == expected


def test_she_after_a_who_question_is_the_person_the_answer_named() -> None:
    history = [{"role": "user", "content": "Who manages Rovers?"},
               {"role": "assistant", "content": "“Rovers manager Ilse Marchetti, who took over the club in October, "
                                                "said the victory belonged to the fans.” [1]"}]
    assert resolve(analyse("What did she say after the match?"), history).question.speaker == "Ilse Marchetti"
    # Only a question about her words becomes a question about a speaker.
    assert resolve(analyse("When did she take over?"), history).question.speaker is None


def test_she_is_the_name_beside_the_asked_title_not_the_wire_agency() -> None:
    history = [{"role": "user", "content": "Who is the governor of the Bank of Korvessa?"},
               {"role": "assistant", "content": "“HALVIK, May 4 (Meridian News) - The Bank of Korvessa raised its "
                                                "rate, but Governor Ilse Marthen signalled a pause.” [1]"}]
    assert resolve(analyse("What did she say about households?"), history).question.speaker == "Ilse Marthen"


@pytest.mark.parametrize(("question", "dangling"), [
    ("When did he say it?", "he"), ("What else did she say?", "she"), ("How much did she pay?", "she"),
    ("What did Lavrov say about his visit?", None), ("How did Olsen explain his team's defeat?", None),
    ("What did the musicologist say convinced her team?", None), ("Why did they raise rates?", None),
    ("When was he elected by Nixon?", None),  # a name of its own to find the story by
])
def test_he_or_she_with_no_earlier_turn_is_nobody_yet(question: str, dangling: str | None) -> None:
    assert resolve(analyse(question), []).dangling == dangling
    history = [{"role": "user", "content": "What did Lavrov say?"}, {"role": "assistant", "content": "“…” [1]"}]
    assert resolve(analyse(question), history).dangling is None


def test_he_after_a_speaker_question_is_that_speaker() -> None:
    history = [{"role": "user", "content": "What did Lavrov say?"}, {"role": "assistant", "content": "“…” [1]"}]
    assert resolve(analyse("What else did he say?"), history).question.speaker == "Lavrov"


def test_she_two_turns_on_is_still_the_person_the_first_answer_named() -> None:
    history = [{"role": "user", "content": "Who is Redenza's housing minister?"},
               {"role": "assistant", "content": "“Opening the debate, Housing Minister Sabine Okoro said rents rose.” [1]"},
               {"role": "user", "content": "What did she say about renting?"},
               {"role": "assistant", "content": "“Renting has been treated as a waiting room,” she said. [1]"}]
    assert resolve(analyse("What did she say about the register?"), history).question.speaker == "Sabine Okoro"
    history = [{"role": "user", "content": "What did Lavrov say?"}, {"role": "assistant", "content": "“…” [1]"},
               {"role": "user", "content": "When did he say it?"}, {"role": "assistant", "content": "“…” [1]"}]
    assert resolve(analyse("What else did he say?"), history).question.speaker == "Lavrov"


@pytest.mark.parametrize(("question", "named"), [
    ("Which firm audited Castell Bank's accounts?", True), ("Which two Asian carmakers are interested?", True),
    ("In which countries were the hubs sold?", True), ("Which two committee members voted against it?", True),
    ("which players did the coach drop", True), ("which squad does he ride for", False),
    ("Which species is most at risk?", False), ("What company made the chips?", False),
])
def test_a_question_asking_which_company_team_country_or_members_asks_a_name(question: str, named: bool) -> None:
    assert analyse(question).which_named is named


@pytest.mark.parametrize("question", ["What is the new beetle species called?", "What's the name of the ferry now?"])
def test_what_a_thing_is_called_asks_for_a_name(question: str) -> None:
    assert analyse(question).answer_type is AnswerType.NAME


def test_a_title_that_names_its_organisation_is_still_a_title() -> None:
    assert analyse("What did the medical director of Virelle University Hospital say?").speaker_by_title
    assert not analyse("What did Transport Minister Petter Haldane say?").speaker_by_title
