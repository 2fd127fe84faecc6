from index.lexical import LexicalIndex


def test_a_title_written_short_matches_it_written_out() -> None:
    index = LexicalIndex(["Chief Executive Mads Nipper told analysts.", "Shares fell 17 percent."])
    assert index.terms("Orsted's CEO") == index.terms("Orsted's chief executive")
    assert [hit.position for hit in index.search("What did the CEO say?", k=2)] == [0]


def test_two_words_written_as_one_are_a_compound() -> None:
    index = LexicalIndex(["The airline would buy back shares."])
    assert set(index.terms("the share buyback")) <= set(index.terms("would buy back shares")) | index.compounds(
        "would buy back shares")
