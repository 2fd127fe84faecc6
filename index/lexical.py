"""BM25 over the chunks of the store (bm25s), and the same tokenisation for the answerer to match words with."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS
from bm25s.tokenization import Tokenizer
from lemminflect import getAllLemmas

STOP_WORDS = frozenset(STOPWORDS_EN_PLUS)  # what BM25 ignores, and where `bot.question` ends a counted noun
# Titles that news writes both ways: "Orsted's CEO" is its "Chief Executive Mads Nipper".
_TITLES = {"CEO": "chief executive", "CEOs": "chief executives", "CFO": "chief financial officer",
           "COO": "chief operating officer", "CTO": "chief technology officer"}
_TITLE = re.compile(rf"\b(?:{'|'.join(_TITLES)})\b")


def _spelled_out(text: str) -> str:
    return _TITLE.sub(lambda m: _TITLES[m[0]], text)


@lru_cache(maxsize=65536)
def _base_form(word: str) -> str:
    """An irregular verb form's base ("sold" is "sell", "lost" "lose"), which a stemmer cannot find: "How much did it
    sell?" is answered by "It sold 40,000 cars". Not a word that is also a noun or an adjective ("left", "rose",
    "felt"), nor one with two bases ("found": find, or found a company)."""
    lemmas = getAllLemmas(word)
    return lemmas["VERB"][0] if set(lemmas) == {"VERB"} and len(lemmas["VERB"]) == 1 else word


_AGENT_NOUN = re.compile(r"\b[a-z]+(?:er|or)s?\b")


@lru_cache(maxsize=65536)
def _agent_verb(noun: str) -> str | None:
    """The verb an agent noun names ("leader": lead, "owner": own, "manager": manage, "winner": win), where the word
    is a noun alone: "number" is a verb too, and "member" names none."""
    singular = noun[:-1] if noun.endswith("s") else noun
    if set(getAllLemmas(singular)) != {"NOUN"}:
        return None
    return next((base for base in (singular[:-1], singular[:-2], singular[:-3]) if "VERB" in getAllLemmas(base)),
                None)


@dataclass(frozen=True, slots=True)
class LexicalHit:
    position: int  # index into the rows the index was built from
    score: float


class LexicalIndex:
    """An in-memory BM25 index (k1=0.9, b=0.4, the BEIR settings) over `texts`, stemmed, stop words dropped.

    `terms`/`words` expose the same tokenisation, so the answerer matches words exactly as BM25 does. Without
    `base_forms`, an irregular verb form is only stemmed ("sold" stays "sold"): how the shipped cross-encoder's
    training examples were drawn (`bot.ranker.pairs`)."""

    def __init__(self, texts: Sequence[str], *, base_forms: bool = True) -> None:
        stemmer = Stemmer.Stemmer("english")
        stem: Callable[[str], str] = stemmer.stemWord
        if base_forms:  # each word's stem once per index: the tokenizer asks for every word it meets
            stem = lru_cache(maxsize=None)(lambda word: stemmer.stemWord(_base_form(word)))
        self._tokenizer = Tokenizer(stemmer=stem, stopwords=sorted(STOP_WORDS))
        ids = self._tokenizer.tokenize([_spelled_out(t) for t in texts], update_vocab=True, return_as="ids",
                                       show_progress=False)
        self._size = len(ids)
        self._bm25: bm25s.BM25 | None = None
        if self._size:
            self._bm25 = bm25s.BM25(k1=0.9, b=0.4)
            self._bm25.index(ids, show_progress=False)

    def __len__(self) -> int:
        return self._size

    def terms(self, text: str) -> list[str]:
        """The stemmed, stop-word-free terms of `text`, as BM25 sees them (unknown words included)."""
        return [stem for stem, _ in self.words(text)]

    @lru_cache(maxsize=65536)  # noqa: B019 - one index per store version; the cache dies with it
    def words(self, text: str) -> tuple[tuple[str, str], ...]:
        """(stem, word) for each word of `text` that is not a stop word."""
        # The tokenizer's own parts, applied directly: its string output re-inverts the vocabulary on every call.
        t = self._tokenizer
        return tuple((t.stemmer(w), w) for w in t.splitter(_spelled_out(text).lower()) if w not in t.stopwords)

    @lru_cache(maxsize=65536)  # noqa: B019 - as `words`
    def agents(self, text: str) -> frozenset[str]:
        """The stems of the verbs that `text`'s agent nouns name: "Its leader, Dorian Pask" says who leads, "the
        club's owner" who owns it."""
        return frozenset(self._tokenizer.stemmer(verb) for noun in _AGENT_NOUN.findall(text.lower())
                         if (verb := _agent_verb(noun)))

    @lru_cache(maxsize=65536)  # noqa: B019 - as `words`
    def compounds(self, text: str) -> frozenset[str]:
        """The stems of each two neighbouring words of `text` written as one: "buy back" is "buyback", "lay off"
        "layoff", so a question that writes the compound finds the words."""
        t = self._tokenizer
        words = t.splitter(_spelled_out(text).lower())
        return frozenset(t.stemmer(a + b) for a, b in zip(words, words[1:]))

    def search(self, query: str, k: int, *, mask: np.ndarray | None = None) -> list[LexicalHit]:
        """The best `k` rows for `query` with a positive score; `mask` (0/1 per row) filters rows out."""
        if self._bm25 is None or k <= 0:
            return []
        query_ids = self._tokenizer.tokenize([_spelled_out(query)], update_vocab=False, return_as="ids",
                                             show_progress=False)
        if not any(query_ids[0]):
            return []
        positions, scores = self._bm25.retrieve(query_ids, k=min(k, self._size), show_progress=False,
                                                weight_mask=mask, n_threads=1)
        return [LexicalHit(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if s > 0]
