"""Incremental indexing: read, skip what is unchanged by content hash, embed the rest, write atomically."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Article, Skipped, chunk_article, read_paths, split_sentences
from index.embedding import MODEL_NAME, MiniLMEmbeddings
from index.store import PreparedArticle, Store

log = logging.getLogger(__name__)
UNIT_FORMAT = "sentences-v2"  # bump when sentence units change, so every article is re-indexed


@dataclass(frozen=True, slots=True)
class Progress:
    articles_done: int
    articles_total: int
    chunks_done: int


@dataclass(slots=True)
class IndexReport:
    """What one `index` run did; lists hold article ids (or skipped files with reasons)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0


class Indexer:
    """Keeps a `Store` in step with files: `run(paths)` adds new articles, replaces changed ones and,
    for a folder indexed before, removes articles whose files are gone."""

    def __init__(self, store: Store, embeddings: MiniLMEmbeddings, *, chunk_size: int, chunk_overlap: int,
                 max_file_bytes: int, batch_chunks: int = 256) -> None:
        self._store = store
        self._embeddings = embeddings
        self._chunk_size = chunk_size
        self._chunk_overlap = chunk_overlap
        self._max_file_bytes = max_file_bytes
        self._batch_chunks = batch_chunks
        self._settings_key = f"{MODEL_NAME}|{UNIT_FORMAT}|{chunk_size}|{chunk_overlap}"

    def run(self, paths: Iterable[str | Path], *, progress: Callable[[Progress], None] | None = None) -> IndexReport:
        began = time.perf_counter()
        report = IndexReport()
        found: list[tuple[Article, str | None]] = []
        folders: list[str] = []
        for root in paths:
            origin = str(Path(root).expanduser().resolve())
            if Path(origin).is_dir():
                folders.append(origin)
            for item in read_paths([root], max_bytes=self._max_file_bytes):
                if isinstance(item, Skipped):
                    report.skipped.append(item)
                else:
                    found.append((item, origin))
        kept = self._index(found, report, progress)
        for origin in folders:
            gone = sorted(self._store.ids_from(origin) - kept)
            self._store.remove(gone)
            report.removed.extend(gone)
        return self._finish(report, began)

    def index_articles(self, articles: Sequence[Article], *, origin: str | None = None,
                       progress: Callable[[Progress], None] | None = None) -> IndexReport:
        """Index articles that did not come from files (uploads, JSON given by a caller)."""
        began = time.perf_counter()
        report = IndexReport()
        self._index([(article, origin) for article in articles], report, progress)
        return self._finish(report, began)

    def _index(self, found: Sequence[tuple[Article, str | None]], report: IndexReport,
               progress: Callable[[Progress], None] | None) -> set[str]:
        """Write what is new or changed; returns the ids kept (the first article of each id)."""
        self.resume()
        stored = self._store.hashes()
        todo: list[tuple[Article, str, str | None]] = []
        kept: set[str] = set()
        for article, origin in found:
            if article.id in kept:
                report.skipped.append(Skipped(article.id, f"duplicate article id {article.id!r}; the first one was kept"))
                continue
            kept.add(article.id)
            digest = self.hash(article)
            if stored.get(article.id) == digest:
                report.unchanged.append(article.id)
            else:
                (report.updated if article.id in stored else report.added).append(article.id)
                todo.append((article, digest, origin))
        report.chunks = self._write(todo, progress)
        return kept

    @staticmethod
    def _finish(report: IndexReport, began: float) -> IndexReport:
        report.seconds = time.perf_counter() - began
        log.info("indexed: %d added, %d updated, %d unchanged, %d removed, %d skipped, %d chunks in %.1fs",
                 len(report.added), len(report.updated), len(report.unchanged), len(report.removed),
                 len(report.skipped), report.chunks, report.seconds)
        return report

    def resume(self) -> None:
        """Finish what a killed run left: removals, pending articles, stray Chroma chunks."""
        unfinished = self._store.unfinished()
        if unfinished:
            log.warning("finishing %d article(s) an interrupted run left half-written", len(unfinished))
            self._write(unfinished, None)
        if strays := self._store.drop_strays():
            log.warning("dropped %d stray chunk(s) left by an interrupted run", strays)

    def hash(self, article: Article) -> str:
        return hashlib.sha256(f"{article.content_hash}|{self._settings_key}".encode()).hexdigest()

    def _write(self, todo: Sequence[tuple[Article, str, str | None]],
               progress: Callable[[Progress], None] | None) -> int:
        batch: list[tuple[Article, str, str | None, list, list]] = []
        done_articles = done_chunks = 0
        for position, (article, digest, origin) in enumerate(todo):
            units = split_sentences(article.text)
            chunks = chunk_article(article, units, size=self._chunk_size, overlap=self._chunk_overlap)
            batch.append((article, digest, origin, units, chunks))
            if sum(len(b[4]) for b in batch) >= self._batch_chunks or position == len(todo) - 1:
                done_chunks += self._embed_and_store(batch)
                done_articles += len(batch)
                batch = []
                if progress:
                    progress(Progress(done_articles, len(todo), done_chunks))
        return done_chunks

    def _embed_and_store(self, batch: list[tuple[Article, str, str | None, list, list]]) -> int:
        texts = [c.text for *_, chunks in batch for c in chunks]
        n_chunks = len(texts)
        texts += [article.text[u.start:u.end] for article, _, _, units, _ in batch for u in units]
        vectors = self._embeddings.encode(texts)
        chunk_vectors, unit_vectors = vectors[:n_chunks], vectors[n_chunks:]
        prepared = []
        for article, digest, origin, units, chunks in batch:
            prepared.append(PreparedArticle(article, digest, origin, chunks, chunk_vectors[:len(chunks)],
                                            units, unit_vectors[:len(units)]))
            chunk_vectors, unit_vectors = chunk_vectors[len(chunks):], unit_vectors[len(units):]
        self._store.write(prepared)
        return n_chunks
