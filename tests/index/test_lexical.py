from index.lexical import LexicalIndex


def test_a_title_written_short_matches_it_written_out() -> None:
    index = LexicalIndex(["Chief Executive Mads Nipper told analysts.", "Shares fell 17 percent."])
    assert index.terms("Orsted's CEO") == index.terms("Orsted's chief executive")
    assert [hit.position for hit in index.search("What did the CEO say?", k=2)] == [0]
