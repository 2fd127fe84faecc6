"""Hybrid retrieval as a LangChain retriever: dense search in Chroma fused with BM25 by reciprocal rank."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from corpus import Article
from index.embedding import MiniLMEmbeddings
from index.lexical import LexicalIndex
from index.store import Store, published_day

RRF_K = 60  # the constant of Cormack et al. (2009); rank fusion is insensitive to it


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrict a search to some articles, one source, or a published-date range (inclusive)."""

    article_ids: tuple[str, ...] = ()
    source: str | None = None
    published_from: date | None = None
    published_to: date | None = None

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.article_ids:
            clauses.append({"article_id": {"$in": list(self.article_ids)}})
        if self.source:
            clauses.append({"source": self.source})
        if self.published_from:
            clauses.append({"published_day": {"$gte": _day(self.published_from)}})
        if self.published_to:
            clauses.append({"published_day": {"$lte": _day(self.published_to)}})
        return None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def admits(self, article_id: str, source: str | None, published: str | None) -> bool:
        if self.article_ids and article_id not in self.article_ids:
            return False
        if self.source and source != self.source:
            return False
        day = published_day(published)
        if self.published_from and (day is None or day < _day(self.published_from)):
            return False
        return not (self.published_to and (day is None or day > _day(self.published_to)))

    def __bool__(self) -> bool:
        return bool(self.article_ids or self.source or self.published_from or self.published_to)


def _day(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


@dataclass(frozen=True, slots=True)
class _ChunkTable:
    """One version of the store in memory: its ready articles, its chunks, and BM25 over them."""

    version: int
    articles: dict[str, Article]
    rows: list[tuple[str, int, int, int]]  # article_id, chunk index, start, end
    lexical: LexicalIndex


class HybridRetriever(BaseRetriever):
    """Chunks for a query, best first: dense and BM25 result lists merged by reciprocal rank fusion."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    embeddings: MiniLMEmbeddings
    k: int = 8
    filters: SearchFilters = SearchFilters()
    _table: list[_ChunkTable] = PrivateAttr(default_factory=list)  # a shared one-slot cache across copies
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def with_filters(self, filters: SearchFilters) -> HybridRetriever:
        return self.model_copy(update={"filters": filters})

    def chunk_table(self) -> _ChunkTable:
        """The store as the question sees it (articles, chunks, BM25), rebuilt whenever the store has changed."""
        version = self.store.version()
        with self._lock:
            if not self._table or self._table[0].version != version:
                articles = {s.article.id: s.article for s in self.store.list()}
                rows = [row for row in self.store.chunk_rows() if row[0] in articles]
                lexical = LexicalIndex([articles[a].text[s:e] for a, _, s, e in rows])
                self._table[:] = [_ChunkTable(version, articles, rows, lexical)]
            return self._table[0]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        table = self.chunk_table()
        fetch = max(self.k * 3, 24)
        dense = self.store.dense_search(self.embeddings.embed_query_array(query), fetch, self.filters.chroma_where())
        mask = None
        if self.filters:
            admitted = {a.id for a in table.articles.values() if self.filters.admits(a.id, a.source, a.published)}
            mask = np.array([row[0] in admitted for row in table.rows], dtype=np.float32)
        lexical = table.lexical.search(query, fetch, mask=mask)

        fused: dict[str, dict[str, Any]] = {}
        for rank, hit in enumerate(dense):
            entry = fused.setdefault(hit.chunk_id, {"article_id": hit.article_id, "start": hit.start, "end": hit.end})
            entry.update(dense_score=hit.score, dense_rank=rank + 1, score=1 / (RRF_K + rank + 1))
        for rank, lex in enumerate(lexical):
            article_id, index, start, end = table.rows[lex.position]
            entry = fused.setdefault(f"{article_id}::{index}", {"article_id": article_id, "start": start, "end": end})
            entry.update(bm25_score=lex.score, bm25_rank=rank + 1, score=entry.get("score", 0.0) + 1 / (RRF_K + rank + 1))
        best = sorted(fused.items(), key=lambda item: -item[1]["score"])[: self.k]
        documents = []
        for chunk_id, meta in best:
            article = table.articles.get(meta["article_id"])
            if article is None:  # written after this version of the table was built
                continue
            documents.append(Document(page_content=article.text[meta["start"]:meta["end"]],
                                      metadata={"chunk_id": chunk_id, "title": article.title, **meta}))
        return documents
