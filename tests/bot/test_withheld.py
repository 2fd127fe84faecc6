import pytest

from bot.question import analyse
from bot.withheld import leaves_unnamed, says_what_is_withheld

PLAYERS = ("The signing leaves Rovers needing to sell players, and Harcourt confirmed that two squad members had been "
           "told they could leave.", "He declined to name them.")
COMPENSATION = ("The council said owners will be compensated at market value, but the total amount set aside for "
                "compensation has not been disclosed.",)


@pytest.mark.parametrize(("question", "sentences", "withheld"), [
    ("What salary will Ferreira-Lind earn?", ("His salary was not disclosed, although local media say he will be the "
                                               "highest-paid player.",), 0),
    ("What salary will Lind earn?", ("Her salary was not disclosed.",), 0),  # a sum, not "her" for a person
    ("Which two Rovers players have been told they can leave?", PLAYERS, 1),  # "them": what the sentence before says
    ("In which two export markets is Harbour Pale the best-selling beer?", (
        "Sund said Harbour Pale had become the best-selling foreign beer in two export markets, though she would not "
        "name them.",), 0),
    ("Which neighbourhoods did the children live in?", ("The names of the neighbourhoods where the children lived "
                                                        "were withheld from the paper.",), 0),
    ("What were the names of the two people who died?", ("Police said the victims were a man and a woman.",
                                                         "Their names have not been released."), 1),
    ("Which company will build the tram extension?", ("The council has not yet chosen a builder.",), 0),
    ("Which company made the faulty chips?", ("The chips came from an outside manufacturer, which he declined to "
                                              "name.",), 0),
    ("How much is the strike costing the port each day?", ("He declined to say how much the strike was costing the "
                                                           "company each day.",), 0),
    ("How much compensation will owners get?", COMPENSATION, 0),
    ("When will the memorial be held?", ("A public memorial will be held at the station at a later date.",), 0),
    ("Who was the cyclist?", ("The cyclist, a 34-year-old nurse who has not been named, broke her leg.",), 0),
    ("When will the ministry reconsider the application?", ("No date has been set for the ministry to reconsider "
                                                            "the application.",), 0),
    ("Which company makes the chip inside the phone?", ("The phone runs on a new chip made by a contract "
                                                        "manufacturer he did not name.",), 0),
    ("When will the prime ministers sign the agreement?", ("The agreement will be signed by the two prime ministers, "
                                                           "but neither side said when that would happen.",), 0),
    ("How did the robbers get into the vault?", ("Police would not say how the gang got into the vault.",), 0),
    ("What started the wildfire?", ("The cause of the fire is not yet known.",), 0),  # "fire" ends "wildfire"
    ("How much will the waiting-time plan cost?", ("The ministry has not published an estimate of what the plan "
                                                   "will cost.",), 0),
    ("How many jobs will the dairy cut at the Merrowick plant?", ("She said the Merrowick site would remain its "
                                                                  "largest plant, but she did not give a figure for "
                                                                  "jobs there.",), 0),  # a figure: a count or a sum
    ("How many jobs will the depot closures cost?", ("He declined to give a figure for the cost of the closures.",),
     None),  # a figure for the cost: a sum
    ("When will the phone reach Brastovia?", ("It will reach Brastovia and other markets early next year but he did "
                                              "not give a date or a price for those markets.",), 0),  # either kind
    ("What are the names of the people who died?", ("Police said the names of the dead would not be released until "
                                                    "all families had been informed.",), 0),
    ("How will the two countries split the cost of the flood defences?", ("The two sides did not agree on how the "
                                                                          "cost of the flood defences would be "
                                                                          "shared.",), 0),
    # "figures" names nothing of its own: they are of what the sentence speaks of before
    ("How much redundancy pay will the workers get?", ("It said redundancy payments would be above the legal minimum "
                                                       "but did not give figures.",), 0),
    ("What was the value of the seized tablets?", ("Voskuil would not put a value on the seized tablets.",), 0),
    # "what royalty rate …" is of the kind the question would be: a number
    ("What royalty rate will the miner pay the state?", ("The minister declined to say what royalty rate the miner "
                                                         "would pay to the state.",), 0),
    # Not what is asked: another kind of thing, or nothing the question speaks of.
    ("How much did the workers' pay rise?", ("The workers' pay rose 5 percent, but the company did not give a "
                                             "reason.",), None),
    ("How many homes will be demolished?", COMPENSATION, None),
    ("Who is the Rovers manager?", PLAYERS, None),  # names tie a withheld thing to nothing: they recur all through
    ("Why were the chips faulty?", ("The chips came from an outside manufacturer, which he declined to name.",), None),
    ("When was the manufacturer named?", ("The chips came from a manufacturer, which he declined to name.",), None),
    ("What injuries did the cyclist suffer?", ("The cyclist, a nurse who has not been named, was hurt.",), None),
    # "How much" asks; it is no word of what is asked.
    ("How much of the blaze had crews brought under control?", ("It did not say how much money it hoped to "
                                                                "raise.",), None),
    ("When will the miner start digging?", ("The minister declined to say what royalty rate the miner would "
                                            "pay.",), None),
    # "Those markets" are the ones named before them in the sentence, not the sentence before.
    ("When does the phone go on sale in Vellacor?", ("The phone will go on sale in Vellacor on Oct. 10.",
                                                     "It will reach other markets early next year but he did not "
                                                     "give a date for those markets."), None),
    # Not withheld: a standing fact, the past, a statement.
    ("What is the highest court called?", ("The highest court is not named the Supreme Court.",), None),
    ("When was the Welsh name borrowed?", ("The Welsh name was borrowed back from English at a later date.",), None),
    ("Who filed the patent?", ("He did not say the patent would be filed.",), None),
    # A question about the withholding itself.
    ("Who declined to name the manufacturer?", ("Rasko declined to name the manufacturer.",), None),
    ("Why was the nurse not named?", ("The cyclist, a nurse who has not been named, broke her leg.",), None),
])
def test_a_story_that_says_what_is_asked_was_withheld(question: str, sentences: tuple[str, ...],
                                                        withheld: int | None) -> None:
    found = says_what_is_withheld(analyse(question), sentences)
    assert (found and found.sentence) == withheld


FIREFIGHTER = ("15:20 — A firefighter has been taken to hospital with burns to his hands.",
               "The fire service says his condition is stable.", "He has not been named.")


def test_a_question_that_names_nothing_but_what_it_asks_is_about_the_earlier_question() -> None:
    asked = analyse("What's his name?")
    found = says_what_is_withheld(asked, FIREFIGHTER, earlier="A firefighter was taken to hospital, right?")
    assert found is not None and found.sentence == 2
    assert says_what_is_withheld(asked, FIREFIGHTER) is None  # nothing says whose name is asked
    # a question that names something of its own is read by its own words, and "He" is no village
    for own in ("What's the name of the new reservoir?", "Which villages were evacuated because of the fire?"):
        assert says_what_is_withheld(analyse(own), FIREFIGHTER, earlier="A firefighter was taken to hospital?") is None


@pytest.mark.parametrize(("question", "shared"), [
    ("How much is the strike costing the port each day?", 3),  # strike, costing, day: named plainly
    ("How much will the recall cost?", 1),
])
def test_how_plainly_the_withheld_thing_is_what_is_asked(question: str, shared: int) -> None:
    sentences = ("He declined to say how much the strike was costing the company each day, or what the recall of "
                 "the cranes would cost.",)
    found = says_what_is_withheld(analyse(question), sentences)
    assert found is not None and found.shared == shared


INJURED = "Police in Marsby say a 58-year-old man was seriously injured when a tree fell on his van."


@pytest.mark.parametrize(("question", "story", "unnamed"), [
    ("What is the name of the man injured by the falling tree?", INJURED, True),
    ("Who was the man injured by the falling tree?", INJURED, True),
    ("What were the names of the elderly couple who died?", "The dead were an elderly couple whose car was swept "
                                                             "off a bridge.", True),
    # Named beside the description, somewhere in the story.
    ("What is the name of the man injured by the falling tree?", f"{INJURED} The man, Piet Olsen, is a baker.", False),
    ("What is the name of the man injured by the falling tree?", f"{INJURED} Piet Olsen, the injured man, drove.",
     False),
    ("Who was the fisherman who saw the vision?", "A young fisherman called Aldrich saw a vision.", False),
    # Not a person, or not asked by a description.
    ("What is the name of the tube that helps digestion?", "Animals have a tube in which digestion occurs.", False),
    ("Who injured the man?", INJURED, False),
])
def test_a_person_the_story_describes_and_never_names(question: str, story: str, unnamed: bool) -> None:
    assert leaves_unnamed(analyse(question), story.split(". ")[0], story) is unnamed
