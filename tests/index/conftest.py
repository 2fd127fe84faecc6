"""`check_store`: the consistency every index must keep between SQLite rows and Chroma chunks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from index.store import COLLECTION

StoreCheck = Callable[..., dict[str, int]]


def _check(directory: Path, *, settled: bool = True) -> dict[str, int]:
    """Assert every ready article's chunks are in Chroma exactly once, with its offsets, hash and text.

    `settled`: no run is unfinished, so no pending or removing rows and no chunk of anything but a ready
    article. Otherwise (a killed run) Chroma may also hold chunks of pending articles. Returns row counts."""
    with sqlite3.connect(directory / "articles.sqlite3") as db:
        articles = {i: (state, h, text) for i, state, h, text in db.execute("SELECT id, state, hash, text "
                                                                             "FROM articles")}
        rows = db.execute("SELECT article_id, idx, char_start, char_end FROM chunks "
                          "ORDER BY article_id, idx").fetchall()
    client = chromadb.PersistentClient(path=str(directory / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    stored = client.get_collection(COLLECTION).get(include=["metadatas", "documents"])
    assert len(stored["ids"]) == len(set(stored["ids"])), "duplicate chunk ids in Chroma"
    chroma = {cid: (meta, doc) for cid, meta, doc in zip(stored["ids"], stored["metadatas"], stored["documents"],
                                                         strict=True)}
    states = [state for state, _, _ in articles.values()]
    if settled:
        assert set(states) <= {"ready"}, f"unfinished rows left: {states}"
    expected = {}
    for article_id, idx, start, end in rows:
        state, digest, text = articles[article_id]
        if state == "ready":
            expected[f"{article_id}::{idx}"] = ({"article_id": article_id, "hash": digest, "start": start,
                                                  "end": end}, text[start:end])
    for article_id in {a for a, *_ in rows}:
        indices = [idx for a, idx, *_ in rows if a == article_id]
        assert indices == list(range(len(indices))), f"{article_id}: chunk rows {indices}"
    for chunk_id, (want_meta, want_text) in expected.items():
        assert chunk_id in chroma, f"ready chunk {chunk_id} missing from Chroma"
        meta, doc = chroma[chunk_id]
        assert {k: meta[k] for k in want_meta} == want_meta and doc == want_text, chunk_id
    extra = {cid: meta for cid, (meta, _) in chroma.items() if cid not in expected}
    for chunk_id, meta in extra.items():
        assert not settled, f"stray chunk {chunk_id} in Chroma"
        state = articles.get(str(meta["article_id"]), ("gone",))[0]
        assert state in ("pending", "removing"), f"stray chunk {chunk_id} of a {state} article"
    return {"ready": states.count("ready"), "pending": states.count("pending"), "chunks": len(expected),
            "chroma": len(chroma)}


@pytest.fixture
def check_store() -> StoreCheck:
    return _check
