from index.lexical import LexicalIndex


def test_a_title_written_short_matches_it_written_out() -> None:
    index = LexicalIndex(["Chief Executive Mads Nipper told analysts.", "Shares fell 17 percent."])
    assert index.terms("Orsted's CEO") == index.terms("Orsted's chief executive")
    assert [hit.position for hit in index.search("What did the CEO say?", k=2)] == [0]


def test_two_words_written_as_one_are_a_compound() -> None:
    index = LexicalIndex(["The airline would buy back shares."])
    assert set(index.terms("the share buyback")) <= set(index.terms("would buy back shares")) | index.compounds(
        "would buy back shares")


def test_an_irregular_verb_form_matches_its_base_but_not_a_word_it_could_also_be() -> None:
    index = LexicalIndex(["It sold 40,000 cars and lost money.", "She left the rose garden."])
    assert [hit.position for hit in index.search("How many cars did it sell?", k=2)] == [0]
    assert index.terms("sold lost built") == index.terms("sell lose build")
    assert index.terms("left rose felt found") != index.terms("leave rise feel find")  # a side, a flower, a cloth
    assert LexicalIndex([], base_forms=False).terms("sold") != index.terms("sell")


def test_an_agent_noun_names_its_verb_but_a_noun_that_is_also_a_verb_does_not() -> None:
    index = LexicalIndex([])
    assert set(index.terms("Who leads, owns and manages it?")) <= index.agents("Its leader, the owners, a manager")
    assert not index.agents("the number of members, a partner")  # "number", "partner" are verbs; "member" names none
