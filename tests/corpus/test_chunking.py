"""Chunks and sentence units are offsets into the article's text: never re-typed, nothing lost."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corpus import Article, chunk_article, split_sentences

TOKENS = ["The", "minister", "said", "Putin", "Iran’s", "treaty", "U.S.", "U.K.", "Mr.", "Dr.", "e.g.", "No.",
          "Jan.", "3.5", "$1.2bn", "20%", "2025", "“", "”", "‘", "’", "\"", "'", "…", "...", ". . .", ".", ",",
          "!", "?", "?!", ";", ":", "—", "-", "(", ")", "[", "]", "é", "naïve", "日本", "🙂", "\u00a0", " ", "  ",
          "\t", "\n", "\n\n", "\r\n", "\u2028"]
news_text = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=250).map(lambda parts: " ".join(parts))
any_text = st.text(min_size=1, max_size=600)


def _chunks(text: str, *, size: int = 300, overlap: int = 1):
    article = Article(id="a", text=text)
    return article, chunk_article(article, split_sentences(text), size=size, overlap=overlap)


def _assert_offsets_hold(text: str, size: int, overlap: int) -> None:
    assume(text.strip())
    article, chunks = _chunks(text, size=size, overlap=overlap)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert chunk.article_id == "a"
        assert chunk.text == article.text[chunk.start:chunk.end]
        assert chunk.text == chunk.text.strip()
    covered = set().union(*(range(c.start, c.end) for c in chunks)) if chunks else set()
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert not lost, f"characters in no chunk: {[text[i] for i in lost]!r}"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_text, st.integers(40, 900), st.integers(0, 3))
def test_every_chunk_is_a_slice_of_news_like_text(text: str, size: int, overlap: int) -> None:
    _assert_offsets_hold(text, size, overlap)


@settings(max_examples=200, deadline=None)
@given(any_text, st.integers(40, 900), st.integers(0, 3))
def test_every_chunk_is_a_slice_of_arbitrary_text(text: str, size: int, overlap: int) -> None:
    _assert_offsets_hold(text, size, overlap)


@settings(max_examples=200, deadline=None)
@given(news_text)
def test_sentences_stay_on_one_line_and_under_the_cap(text: str) -> None:
    spans = split_sentences(text, max_chars=120)
    for before, after in zip(spans, spans[1:], strict=False):
        assert before.end <= after.start
    for span in spans:
        sentence = text[span.start:span.end]
        assert sentence == sentence.strip() and len(sentence) <= 120
        assert "\n" not in sentence and "\r" not in sentence


def test_an_over_long_sentence_is_cut_where_a_clause_ends() -> None:
    text = ("GASKARN, Aug 2 — The first passenger train ran through the Gaskarn Tunnel on Saturday morning, cutting "
            "the rail journey between Ostrabel and the northern port of Merrowick from four hours and ten minutes to "
            "just under two and a half hours, three years later than planned and at a cost of 6.3 billion dunets, some 40 "
            "per cent above the original budget.")
    sentences = [text[s.start:s.end] for s in split_sentences(text)]
    assert sentences[0].endswith("two and a half hours,")
    assert sentences[1].startswith("three years later") and "6.3 billion dunets" in sentences[1]
    assert sum(map(len, sentences)) + len(sentences) - 1 == len(text)


def test_abbreviations_curly_quotes_and_ellipses_do_not_end_sentences() -> None:
    text = ("Russian Foreign Minister Sergey Lavrov said: “The treaty… is constructive.” "
            "Mr. Putin met U.S. officials in Jan. 2025... Talks went on.\n"
            "A headline without a full stop\nThe next line.")
    sentences = [text[s.start:s.end] for s in split_sentences(text)]
    assert sentences == ["Russian Foreign Minister Sergey Lavrov said: “The treaty… is constructive.”",
                         "Mr. Putin met U.S. officials in Jan. 2025...", "Talks went on.",
                         "A headline without a full stop", "The next line."]


def test_consecutive_chunks_share_the_overlap_sentence() -> None:
    text = " ".join(f"Sentence number {n} says something about the treaty." for n in range(30))
    article, chunks = _chunks(text, size=200, overlap=1)
    assert len(chunks) > 3
    for before, after in zip(chunks, chunks[1:], strict=False):
        shared = article.text[after.start:before.end]
        assert after.start < before.end and shared.endswith("treaty.") and shared.count("Sentence") == 1
        assert len(before.text) <= 200
    assert chunks[-1].end == len(text)


def test_a_sentence_longer_than_a_chunk_is_cut_at_whitespace() -> None:
    text = "word " * 400 + "end."
    article, chunks = _chunks(text, size=200, overlap=0)
    assert all(c.text.startswith("word") for c in chunks)
    assert "".join(c.text + " " for c in chunks).strip() == text


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (100, -1)])
def test_bad_chunk_settings_are_refused(size: int, overlap: int) -> None:
    with pytest.raises(ValueError, match="chunk"):
        _chunks("One. Two.", size=size, overlap=overlap)
