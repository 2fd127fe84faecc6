"""BM25 over the chunks of the store (bm25s), plus the term statistics the answerer scores with."""

from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import Tokenizer


@dataclass(frozen=True, slots=True)
class LexicalHit:
    position: int  # index into the rows the index was built from
    score: float


class LexicalIndex:
    """An in-memory BM25 index (k1=0.9, b=0.4, the BEIR settings) over `texts`, stemmed, stop words dropped."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._tokenizer = Tokenizer(stemmer=Stemmer.Stemmer("english"), stopwords="en_plus")
        ids = self._tokenizer.tokenize(list(texts), update_vocab=True, return_as="ids", show_progress=False)
        self._size = len(ids)
        self._bm25: bm25s.BM25 | None = None
        if self._size:
            self._bm25 = bm25s.BM25(k1=0.9, b=0.4)
            self._bm25.index(ids, show_progress=False)
        vocab = self._tokenizer.get_vocab_dict()
        doc_freq = np.zeros(len(vocab) + 1, dtype=np.int64)
        for doc in ids:
            doc_freq[np.unique(np.asarray(doc, dtype=np.int64))] += 1
        self._idf = {term: math.log(1 + (self._size - doc_freq[i] + 0.5) / (doc_freq[i] + 0.5))
                     for term, i in vocab.items() if term}

    def __len__(self) -> int:
        return self._size

    def terms(self, text: str) -> list[str]:
        """The stemmed, stop-word-free terms of `text`, as BM25 sees them (unknown words included)."""
        return list(self._terms(text))

    @lru_cache(maxsize=65536)  # noqa: B019 - one index per store version; the cache dies with it
    def _terms(self, text: str) -> tuple[str, ...]:
        # The tokenizer's own parts, applied directly: its string output re-inverts the vocabulary on every call.
        t = self._tokenizer
        return tuple(t.stemmer(w) for w in t.splitter(text.lower()) if w not in t.stopwords)

    def idf(self, term: str) -> float:
        """Inverse document frequency; a term the corpus never saw counts as the rarest."""
        return self._idf.get(term, math.log(1 + (self._size + 0.5) / 0.5))

    def search(self, query: str, k: int, *, mask: np.ndarray | None = None) -> list[LexicalHit]:
        """The best `k` rows for `query` with a positive score; `mask` (0/1 per row) filters rows out."""
        if self._bm25 is None or k <= 0:
            return []
        query_ids = self._tokenizer.tokenize([query], update_vocab=False, return_as="ids", show_progress=False)
        if not any(query_ids[0]):
            return []
        positions, scores = self._bm25.retrieve(query_ids, k=min(k, self._size), show_progress=False,
                                                weight_mask=mask, n_threads=1)
        return [LexicalHit(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if s > 0]
