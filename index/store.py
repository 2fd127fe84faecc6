"""Where an index lives: Chroma holds chunk vectors, SQLite holds article texts, sentence units and state.

An article lands in two steps so a killed process never leaves half of one behind: its text,
sentences and chunk offsets are committed to SQLite as `pending`, its chunks are written to
Chroma, then it is marked `ready`. Only `ready` articles are ever searched or shown. `pending`
and `removing` rows left by a crash are finished by the next `Indexer.resume()`.
"""

from __future__ import annotations

import builtins

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from corpus import Article, Chunk, Span
from index.errors import StoreError

COLLECTION = "verbatim_chunks"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, url TEXT, published TEXT, source TEXT,
    hash TEXT NOT NULL, origin TEXT, indexed_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'removing')));
CREATE TABLE IF NOT EXISTS units (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    vector BLOB NOT NULL, PRIMARY KEY (article_id, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    chunk_count: int
    indexed_at: str


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """Everything written for one article: its chunks and their vectors, its sentence units and theirs."""

    article: Article
    hash: str
    origin: str | None
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    units: list[Span]
    unit_vectors: np.ndarray


@dataclass(frozen=True, slots=True)
class Units:
    """The sentence units of one article, as offsets and unit-length vectors."""

    spans: list[Span]
    vectors: np.ndarray


@dataclass(frozen=True, slots=True)
class ChunkHit:
    chunk_id: str
    article_id: str
    start: int
    end: int
    score: float


class Store:
    """One index directory: `articles.sqlite3` plus a Chroma collection (embedded, or a given client)."""

    def __init__(self, directory: Path, *, chroma: chromadb.api.ClientAPI | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[int, Any]] = {}  # name -> (store version, value); see _per_version
        try:
            self._db = sqlite3.connect(directory / "articles.sqlite3", check_same_thread=False, timeout=30)
            self._db.executescript(_SCHEMA)
            self._chroma = chroma or chromadb.PersistentClient(
                path=str(directory / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
            # embedding_function=None: never let Chroma fetch its default model; vectors always come from us.
            self._chunks = self._chroma.get_or_create_collection(
                COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
        except (sqlite3.Error, ValueError, RuntimeError) as err:
            raise StoreError(f"cannot open the index in {directory}: {err}. Is another Verbatim "
                             "process writing to it, or is the folder damaged?") from err

    # ---- reading ---------------------------------------------------------------------------------

    def version(self) -> int:
        """Grows with every committed change, so caches can tell they are stale."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def get(self, article_id: str) -> StoredArticle | None:
        rows = list(self._select_ready("WHERE a.id = ?", (article_id,)))
        return rows[0] if rows else None

    def list(self) -> list[StoredArticle]:
        return list(self._select_ready("", ()))

    def _select_ready(self, where: str, args: tuple[Any, ...]) -> Iterator[StoredArticle]:
        query = f"""SELECT a.id, a.text, a.title, a.url, a.published, a.source, a.indexed_at,
                           (SELECT COUNT(*) FROM chunks c WHERE c.article_id = a.id)
                    FROM articles a {where or 'WHERE 1'} AND a.state = 'ready' ORDER BY a.id"""
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        for id_, text, title, url, published, source, indexed_at, chunk_count in rows:
            article = Article(id=id_, text=text, title=title, url=url, published=published, source=source)
            yield StoredArticle(article, chunk_count, indexed_at)

    def flag(self, key: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM meta WHERE key = ?", (f"flag:{key}",)).fetchone() is not None

    def set_flag(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES (?, '1')", (f"flag:{key}",))

    def hashes(self) -> dict[str, str]:
        """Content hash of every article that is ready (do not modify: it is shared until the store changes)."""
        def read() -> dict[str, str]:
            with self._lock:
                return dict(self._db.execute("SELECT id, hash FROM articles WHERE state = 'ready'"))
        return self._per_version("hashes", read)

    def ids_from(self, origin: str) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT id FROM articles WHERE origin = ?", (origin,))}

    def units(self, article_id: str) -> Units:
        with self._lock:
            rows = self._db.execute("SELECT char_start, char_end, vector FROM units WHERE article_id = ? "
                                    "ORDER BY idx", (article_id,)).fetchall()
        spans = [Span(start, end) for start, end, _ in rows]
        vectors = np.stack([np.frombuffer(v, dtype=np.float16) for *_, v in rows]).astype(np.float32) if rows \
            else np.zeros((0, 0), dtype=np.float32)
        return Units(spans, vectors)

    def chunk_rows(self) -> builtins.list[tuple[str, int, int, int]]:
        """(article_id, index, start, end) of every chunk of every ready article."""
        with self._lock:
            return self._db.execute("""SELECT c.article_id, c.idx, c.char_start, c.char_end FROM chunks c
                                       JOIN articles a ON a.id = c.article_id AND a.state = 'ready'
                                       ORDER BY c.article_id, c.idx""").fetchall()

    def dense_search(self, vector: np.ndarray, k: int, where: dict[str, Any] | None) -> builtins.list[ChunkHit]:
        count = self._chunk_count()
        if count == 0:
            return []
        result = self._chunks.query(query_embeddings=[vector.tolist()], n_results=min(k, count), where=where,
                                    include=["metadatas", "distances"])
        metadatas, distances = result["metadatas"], result["distances"]
        assert metadatas is not None and distances is not None, "both were asked for in `include`"  # noqa: S101
        ready = self.hashes()
        hits = []
        for chunk_id, meta, distance in zip(result["ids"][0], metadatas[0], distances[0], strict=True):
            if ready.get(str(meta["article_id"])) == meta["hash"]:  # skip chunks of half-written articles
                hits.append(ChunkHit(chunk_id, str(meta["article_id"]), int(meta["start"]),  # type: ignore[arg-type]
                                     int(meta["end"]), 1.0 - float(distance)))  # type: ignore[arg-type]
        return hits

    def _chunk_count(self) -> int:
        return self._per_version("chunk_count", self._chunks.count)

    def _per_version(self, name: str, compute: Callable[[], Any]) -> Any:
        """`compute()`, remembered until the store next changes: the hot path of a question reads these."""
        version = self.version()
        cached = self._cache.get(name)
        if cached is None or cached[0] != version:
            cached = self._cache[name] = (version, compute())
        return cached[1]

    # ---- writing ---------------------------------------------------------------------------------

    def write(self, batch: Sequence[PreparedArticle]) -> None:
        """Replace each article of `batch` by its new version, atomically per article (see the module doc)."""
        if not batch:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            for item in batch:
                a = item.article
                db.execute("DELETE FROM units WHERE article_id = ?", (a.id,))
                db.execute("DELETE FROM chunks WHERE article_id = ?", (a.id,))
                db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
                           (a.id, a.title, a.text, a.url, a.published, a.source, item.hash, item.origin, now))
                db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?)",
                               [(a.id, i, s.start, s.end, v.astype(np.float16).tobytes())
                                for i, (s, v) in enumerate(zip(item.units, item.unit_vectors, strict=True))])
                db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?)",
                               [(a.id, c.index, c.start, c.end) for c in item.chunks])
        with self._lock:
            for item in batch:
                self._chunks.delete(where={"article_id": item.article.id})
            chunks = [(item, chunk, vector) for item in batch
                      for chunk, vector in zip(item.chunks, item.chunk_vectors, strict=True)]
            for start in range(0, len(chunks), 4096):  # Chroma caps one add at about 5,000 records
                part = chunks[start:start + 4096]
                self._chunks.add(ids=[c.id for _, c, _ in part], embeddings=[v.tolist() for *_, v in part],
                                 documents=[c.text for _, c, _ in part],
                                 metadatas=[_chunk_metadata(item, c) for item, c, _ in part])
        with self._transaction() as db:
            db.executemany("UPDATE articles SET state = 'ready' WHERE id = ? AND hash = ?",
                           [(item.article.id, item.hash) for item in batch])

    def remove(self, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        with self._transaction() as db:
            db.executemany("UPDATE articles SET state = 'removing' WHERE id = ?", [(i,) for i in ids])
        self._finish_removals()

    def unfinished(self) -> builtins.list[tuple[Article, str, str | None]]:
        """Articles a killed run left pending, with their hash and origin, after finishing any removals."""
        self._finish_removals()
        with self._lock:
            rows = self._db.execute("SELECT id, text, title, url, published, source, hash, origin FROM articles "
                                    "WHERE state = 'pending'").fetchall()
        return [(Article(id=r[0], text=r[1], title=r[2], url=r[3], published=r[4], source=r[5]), r[6], r[7])
                for r in rows]

    def drop_strays(self) -> int:
        """Delete Chroma chunks that belong to no ready or pending article version; returns how many."""
        with self._lock:
            known = dict(self._db.execute("SELECT id, hash FROM articles WHERE state != 'removing'"))
            stored = self._chunks.get(include=["metadatas"])
            strays = [cid for cid, meta in zip(stored["ids"], stored["metadatas"] or [], strict=True)
                      if known.get(str(meta["article_id"])) != meta["hash"]]
            if strays:
                self._chunks.delete(ids=strays)
        return len(strays)

    def _finish_removals(self) -> None:
        with self._lock:
            ids = [r[0] for r in self._db.execute("SELECT id FROM articles WHERE state = 'removing'")]
            for article_id in ids:
                self._chunks.delete(where={"article_id": article_id})
        if ids:
            with self._transaction() as db:
                for article_id in ids:
                    db.execute("DELETE FROM units WHERE article_id = ?", (article_id,))
                    db.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
                    db.execute("DELETE FROM articles WHERE id = ? AND state = 'removing'", (article_id,))

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db
            self._db.execute("INSERT INTO meta VALUES ('version', '1') "
                             "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")


def published_day(published: str | None) -> int | None:
    """`2025-01-17...` -> 20250117, the form Chroma can compare in a date-range filter."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return day.year * 10000 + day.month * 100 + day.day


def _chunk_metadata(item: PreparedArticle, chunk: Chunk) -> dict[str, str | int]:
    meta: dict[str, str | int] = {"article_id": chunk.article_id, "hash": item.hash,
                                  "start": chunk.start, "end": chunk.end}
    if item.article.source:
        meta["source"] = item.article.source
    if (day := published_day(item.article.published)) is not None:
        meta["published_day"] = day
    return meta
