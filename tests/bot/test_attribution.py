"""Who speaks in an article's units, read from plain text: no model or store needed."""

from __future__ import annotations

import re

import pytest

from bot.attribution import Attribution, Voices
from bot.question import analyse
from corpus import Span
from index.lexical import LexicalIndex

LEXICAL = LexicalIndex([])
_SENTENCE = re.compile(r"[^\s].*?(?:[.!?][”\"']?(?=\s|$)|$)", re.M)


def voices(question: str, text: str) -> tuple[Voices, list[str]]:
    """The article's voices for the question's speaker, and its units (one per sentence)."""
    spans = [Span(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    texts = [text[s.start:s.end] for s in spans]
    attribution = Attribution(analyse(question), LEXICAL)
    return attribution.read(text, spans, texts, [set(LEXICAL.terms(t)) for t in texts]), texts


def test_a_title_beside_the_name_stands_for_the_speaker() -> None:
    found, units = voices("What did the Russian foreign minister say?",
                          "Russian Foreign Minister Sergey Lavrov arrived on Monday. “We are ready,” Lavrov said.")
    assert units[1] == "“We are ready,” Lavrov said."
    assert found.of(1) == (1.0, 1.0, 1.0)  # theirs, reported, a direct quotation


def test_a_quote_given_to_someone_else_is_not_the_speakers() -> None:
    found, _ = voices("What did Lavrov say?", "Lavrov arrived on Monday. “We are not ready,” Renn said of Lavrov.")
    assert found.of(1) == (1.0, 0.0, 0.0)  # it names him, but the words are Renn's


def test_criticising_someone_is_not_their_speech() -> None:
    found, _ = voices("What did the referee Anton Brisk say about the penalty?",
                      "Ekdahl also criticised the referee, Anton Brisk, for not awarding a second penalty. "
                      "“Everyone saw it except the one person who matters,” she said.")
    assert found.of(0) == (1.0, 0.0, 0.0)  # it names him, but the criticism is Ekdahl's
    assert found.of(1) == (0.0, 0.0, 0.0)  # and so is what "she said" next


def test_a_bare_title_far_down_the_story_is_the_one_named_at_the_top() -> None:
    found, units = voices("What did Dorian Makepeace say?",
                          "Fire Chief Dorian Makepeace said crews were tired. The fire began on Tuesday. It spread "
                          "south. Hundreds were moved. Shelters opened. The chief said it could be days before "
                          "residents were allowed back.")
    assert units[-1].startswith("The chief said")
    assert found.of(len(units) - 1)[:2] == (1.0, 1.0)


def test_a_quote_carries_on_from_a_title_speaking() -> None:
    found, units = voices("What did Edvard Stroud say about the queues?",
                          "Vellacor’s Foreign Minister Edvard Stroud met Karst on Thursday. The crossing will stay open "
                          "all night. “It is a start,” the foreign minister said. “A driver should be through the queue "
                          "in three hours by Christmas.”")
    assert units[3].startswith("“A driver")
    assert found.of(3) == (1.0, 1.0, 1.0)  # as the title speaking before it is the minister named earlier


@pytest.mark.parametrize(("question", "title"), [
    ("What did the judge say about the survey?", "Justice Amara Lindqvist"),
    ("What did the doctor say?", "Dr. Helena Varga"),
])
def test_a_titles_short_form_stands_for_the_title_asked(question: str, title: str) -> None:
    found, units = voices(question, f"{title} said the survey was nine years old.")
    assert found.of(len(units) - 1) == (1.0, 1.0, 0.0)  # this naive splitter cuts after "Dr."


def test_he_said_carries_the_named_speakers_quote_on() -> None:
    text = "Lavrov said the talks had been useful. “We will meet again in March,” he said."
    found, _ = voices("What did Lavrov say?", text)
    assert found.of(1)[0] == 1.0
    assert found.continuation(0) == Span(text.index("“We"), len(text))


def test_she_added_carries_a_quote_on_from_a_she_said() -> None:
    text = ("Helena Varga said the weekend lists had worked. “Nobody waits a year now,” she said.\n\n"
            "“But we are running at 97 percent bed occupancy,” she added. Renn disagreed. “It is fine,” she said.")
    found, units = voices("What did Helena Varga say?", text)
    assert units[2].startswith("“But we are running")
    assert found.of(2) == (1.0, 1.0, 1.0)  # carried on from "she said", which carries on from her name
    assert found.of(4)[0] == 0.0  # after "Renn disagreed", "she" is Renn


def test_a_bare_title_speaks_for_the_last_person_named_by_it() -> None:
    text = ("Norwegian Fisheries Minister Kari Holmen arrived late. Danish Fisheries Minister Jens Krag spoke first. "
            "The minister said quotas must fall.")
    asked_holmen, _ = voices("What did the Norwegian fisheries minister say?", text)
    asked_krag, _ = voices("What did the Danish fisheries minister say?", text)
    assert asked_holmen.of(2)[0] == 0.0  # the minister named last is Krag
    assert asked_krag.of(2)[0] == 1.0


def test_a_transcript_line_is_its_speakers_to_the_end_of_the_paragraph() -> None:
    text = "REPORTER: Is the offer final?\nVARGA: No. We made an offer in March. It stands.\nREPORTER: Thank you."
    found, units = voices("What did Varga say?", text)
    assert units[1] == "VARGA: No."
    assert found.of(2) == (1.0, 1.0, 1.0)  # "We made an offer in March." names no one, but the line is hers
    assert found.continuation(1) == Span(text.index("It stands."), text.index("It stands.") + len("It stands."))
    assert found.of(4)[0] == 0.0  # the reporter's


@pytest.mark.parametrize("question", ["When did the talks start?", "What did Lavrov say?"])
def test_no_unit_is_the_speakers_when_none_is_named(question: str) -> None:
    found, _ = voices(question, "The talks started on Monday. “We are ready,” an official said.")
    assert found.of(1) == (0.0, 0.0, 0.0)


def test_a_quotation_over_several_paragraphs_stays_its_speakers() -> None:
    # The first paragraph leaves the quotation open; the next reopens it: both are Holt's.
    text = ("“We will fight this,” Holt said. “The court got it wrong on every count.\n\n"
            "“We will appeal. We will win.”\n\nThe ministry said it would study the ruling.")
    found, units = voices("What did Holt say?", text)
    assert units[3] == "We will win.”"
    assert [found.of(i)[1] for i in range(5)] == [1.0, 1.0, 1.0, 1.0, 0.0]


def test_a_surname_alone_names_whom_the_story_named_in_full() -> None:
    # "Petter" is the rarer word, so the surname alone covers less than half of the name as asked.
    text = "Transport Minister Petter Haldane spoke first. The union disagreed. Later Haldane said it was too late."
    found, _ = voices("What did Petter Haldane say?", text)
    assert found.of(2)[:2] == (1.0, 1.0)
    other, _ = voices("What did Erland Haldane say?", "Transport Minister Petter Haldane spoke. Haldane said no.")
    assert other.of(1)[0] == 0.0  # the story never names an Erland Haldane


def test_a_title_held_through_whose_is_the_organisations() -> None:
    text = ("The recall was announced with the Consumer Safety Office, whose director, Vera Haakonsen, praised it. "
            "She urged owners not to sell the kettles.")
    found, _ = voices("What did the consumer safety director warn?", text)
    assert found.of(0)[0] == 1.0
    assert found.of(1)[:2] == (1.0, 1.0)  # carried on by "She"


def test_an_expert_not_involved_in_the_study_is_the_outside_one() -> None:
    text = ("Prof Henrik Dahl, an entomologist at the Natural History Institute who was not involved in the study, "
            "called the discovery “genuinely astonishing”.")
    assert voices("What does the outside entomologist think?", text)[0].of(0)[:2] == (1.0, 1.0)
    assert voices("What does the independent entomologist think?", text)[0].of(0)[:2] == (1.0, 1.0)
    assert voices("What does the outside entomologist think?", text.replace("not ", ""))[0].of(0)[0] == 0.0


def test_a_speaker_not_involved_after_where_they_work_is_the_outside_expert() -> None:
    text = ("Professor Johan Treval of the Institute of Marine Sciences, who was not involved in the study, said the "
            "years had been dry. “It is careful work,” Treval said.")
    found, _ = voices("What did the outside expert say about the study?", text)
    assert [found.of(i)[:2] for i in (0, 1)] == [(1.0, 1.0)] * 2
    # one who was involved in it is not
    assert voices("What did the outside expert say?", text.replace("not ", ""))[0].of(1)[0] == 0.0


@pytest.mark.parametrize("title", ["chair of the Ilvaran Competition Authority", "Competition Authority president",
                                   "director-general of the Competition Authority"])
def test_the_chair_of_an_authority_is_its_head_and_boss_but_the_deputy_chair_is_not(title: str) -> None:
    text = f"Desmond Quail, {title}, said the deal would be examined closely. “Prices rise,” Quail said."
    head, boss = "What did the head of the competition authority say?", "What did the competition authority's boss say?"
    for asked in (head, boss):
        found, _ = voices(asked, text)
        assert [found.of(i)[0] for i in (0, 1)] == [1.0, 1.0], (asked, title)
    deputy, _ = voices(head, text.replace("Quail, ", "Quail, deputy "))
    assert deputy.of(1)[0] == 0.0


QUAIL = ("Desmond Quail, chair of the Ilvaran Competition Authority, said the regulator would examine the deal. "
          "“Prices rise,” Quail said.")
TALLEY = ("Brin Talley, general secretary of the Harbour and Crane Workers' Union, said members would strike. "
          "“We have no choice,” Talley said.")
VELL = ("Brannock Systems will cut 400 jobs. Chief executive Ida Vell said the cuts were painful. "
        "“We grew too fast,” Vell said.")
STRAND = "Fire Commissioner Edvin Strand said the fire would burn for weeks. “It could take weeks,” Strand said."
TULLY = ("President Lucien Marteval of Sarvonne arrived on Wednesday. The union's president, Siobhan Tully, said "
         "tariffs would ruin farms. “Small farms will close,” Tully said.")


@pytest.mark.parametrize(("text", "asked", "units", "other", "other_text", "silent"), [
    # a body asked for by its kind is the one the story names, where the rest of its title agrees
    (QUAIL, "What did the head of the competition regulator warn?", (0, 1),
     "What did the head of the energy regulator warn?", QUAIL, 1),
    # a union's general secretary is the union leader asked for
    (TALLEY, "What did the crane workers' union leader say?", (0, 1), "What did the dockers' union leader say?",
     TALLEY, 1),
    # a company's boss is its chief executive, not the deputy
    (VELL, "How did Brannock's boss explain the cuts?", (1, 2), "How did Brannock's boss explain the cuts?",
     VELL.replace("Chief", "Deputy chief"), 2),
    # a fire commissioner is the fire chief; a union's president is no country's
    (STRAND, "How long does the fire chief think it will take?", (0, 1), "What did the president of Sarvonne say?",
     TULLY, 2),
])
def test_the_holder_of_a_title_a_question_asks_for(text: str, asked: str, units: tuple[int, ...], other: str,
                                                     other_text: str, silent: int) -> None:
    found, _ = voices(asked, text)
    assert [found.of(i)[0] for i in units] == [1.0] * len(units)
    assert voices(other, other_text)[0].of(silent)[0] == 0.0


def test_a_short_form_in_a_title_is_the_body_the_story_named_in_full() -> None:
    text = ("The Tarvish Nursing Federation (TNF), the union, wants more pay. “We are exhausted,” said Mira Stell, "
            "general secretary of the TNF. “Think of the patients,” said Hal Ormer, the association's director.")
    found, _ = voices("What did the head of the nurses' union say?", text)
    assert [found.of(i)[0] for i in (1, 2)] == [1.0, 0.0]  # the closest title, not the patients' association's


def test_the_person_a_profile_is_about_speaks_as_she() -> None:
    text = ("Ada Verrin, poet of the fens, dies at 91\n\nAda Verrin wrote about the fens for sixty years. Her first "
            "book appeared in 1959. In a rare interview in 2011, she described her method: “I cut every word.”")
    found, units = voices("What did Ada Verrin say about how she writes?", text)
    assert units[3].startswith("In a rare interview") and found.of(3)[:2] == (1.0, 1.0)
    # without a headline naming her, "she" is nobody in particular
    assert voices("What did Ada Verrin say?", text.split("\n\n", 1)[1])[0].of(2)[0] == 0.0


def test_a_sentence_opening_but_he_carries_the_speaker_on() -> None:
    text = ("Finance Minister Benedikt Saarlo said he was proud of his record. But he acknowledged that his party had "
            "lost touch on housing. “People could not find a home,” he said.")
    found, _ = voices("What did Benedikt Saarlo say about housing?", text)
    assert [found.of(i)[:2] for i in (1, 2)] == [(1.0, 1.0)] * 2
    assert found.of(2)[2] == 1.0  # his own words


INTERVIEW = ("Arne Vikstrom kept the light for 31 years. He spoke to us in his cottage.\n\n"
             "How did you end up as a keeper?\n\nI fished for twenty years. Then the boat was sold.\n\n"
             "What will you miss most?\n\nFour in the morning.")


def test_an_unlabelled_interview_answer_is_the_interviewees() -> None:
    found, units = voices("What did Arne Vikstrom say about fishing?", INTERVIEW)
    assert units[2] == "How did you end up as a keeper?"
    assert found.of(2)[0] == 0.0  # the interviewer asks
    assert [found.of(i) for i in (3, 4, 6)] == [(1.0, 1.0, 1.0)] * 3
    # Questions between paragraphs make no interview unless the introduction says it is one.
    explainer, _ = voices("What did Arne Vikstrom say about fishing?", INTERVIEW.replace("He spoke to us", "He lives"))
    assert explainer.of(3)[0] == 0.0


def test_a_title_of_an_organisation_is_its_holders() -> None:
    text = ("Osric Pellenne, medical director of Virelle University Hospital, was cautious. Helena Varga, "
            "medical director of Santera General Hospital, said the lists had worked. Virelle University Hospital "
            "said it would hire nurses.")
    found, _ = voices("What did the medical director of Virelle University Hospital say?", text)
    assert [found.of(i)[0] for i in range(3)] == [1.0, 0.0, 0.0]  # not another hospital's director, nor the hospital


def test_a_company_is_not_named_by_a_common_word_of_its_name() -> None:
    found, _ = voices("What did Ardent Home say?",
                      "Ardent Home recalled its kettles. At home, owners said they feared fires.")
    assert found.of(1)[0] == 0.0


def test_a_bare_title_is_not_the_one_the_story_gives_whole_to_someone_else() -> None:
    text = ("Varnland will charge a toll; Ostria's transport minister, Karel Dvornik, said it came late. "
            "Transport Minister Nils Aavik said the toll was fair.")
    found, _ = voices("What did Ostria's transport minister say?", text)
    assert [found.of(i)[0] for i in range(2)] == [1.0, 0.0]  # Aavik is Varnland's


def test_a_counterpart_holds_the_title_of_the_person_named_before() -> None:
    text = ("Talks ended between Foreign Minister Johanna Lind and her Kelvari counterpart, Karim al-Mansour. "
            "Al-Mansour said the talks depend on one thing.")
    found, _ = voices("What did Kelvar's foreign minister say?", text)
    assert [found.of(i)[:2] for i in range(2)] == [(1.0, 0.0), (1.0, 1.0)]


def test_a_title_in_anothers_apposition_is_theirs_where_two_appositions_overlap() -> None:
    text = "Kelvar's Water Minister, Yusuf Rahimi, who did not travel to Tirava, said it was a first step."
    assert voices("What did Kelvar's foreign minister say?", text)[0].of(0)[0] == 0.0
    assert voices("What did Kelvar's water minister say?", text)[0].of(0)[0] == 1.0


def test_a_title_after_a_preposition_holds_a_surname_with_particles() -> None:
    text = ("Talks in the Orsenian capital between Foreign Minister Johanna van der Linde ended. "
            "Van der Linde said the talks went well.")
    found, _ = voices("What did Orsenia's foreign minister say?", text)
    assert found.of(1)[:2] == (1.0, 1.0)


def test_a_quotation_in_single_marks_is_read_as_one() -> None:
    # British style: the sentences inside the second quotation name no one, yet are Holloway's, quoted directly.
    text = ("'It hurts, of course it hurts,' Holloway said. 'Three seconds after 1,100 kilometres. I had nothing left "
            "on the climb.' Rask's team said they didn't expect it.")
    found, units = voices("What did Holloway say?", text)
    assert units[2] == "I had nothing left on the climb.'"
    assert [found.of(i)[1] for i in range(4)] == [1.0, 1.0, 1.0, 0.0]  # the apostrophes open no quotation
    assert found.of(1)[2] == 1.0


def test_a_quotation_in_single_marks_runs_over_paragraphs_only_where_reopened() -> None:
    text = ("'Every study tells the same story,' Thorne said. 'You cap the price,\n\n"
            "'and the supply shrinks.'\n\nThe vote was close. It's not over.")
    found, _ = voices("What did Thorne say?", text)
    assert [found.of(i)[1] for i in range(5)] == [1.0, 1.0, 1.0, 0.0, 0.0]
    nested = 'Thorne said: "They told me \'no\' twice." It\'s done.'
    assert voices("What did Thorne say?", nested)[0].of(0)[2] == 1.0  # single marks inside double ones stay


def test_a_title_with_a_relative_clause_is_held_by_its_head() -> None:
    text = ("“It is a crisis,” said Dr Leonie Haverford, a former orthopaedic surgeon who led the review. "
            "Haverford described Ombrey General as “a hospital running on goodwill and overtime”.")
    found, _ = voices("How did the former surgeon who led the audit describe Ombrey General?", text)
    # and "Haverford described Ombrey General" is no title given to an Ombrey General
    assert [found.of(i) for i in range(2)] == [(1.0, 1.0, 1.0), (1.0, 1.0, 1.0)]
