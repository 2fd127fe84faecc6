"""kill -9 in the middle of indexing, then a re-run: no half article, nothing duplicated, nothing lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import Bot, Settings
from bot.core import SAMPLE_CORPUS

pytestmark = [pytest.mark.slow, pytest.mark.server]
ARTICLES = 12
CHILD = """
import sys
from pathlib import Path
from bot import Settings
from index import Indexer, MiniLMEmbeddings, Store
s = Settings()  # the chunking a Bot uses, so the re-run recognises what was written; small batches to cut into
indexer = Indexer(Store(Path(sys.argv[1])), MiniLMEmbeddings(), chunk_size=s.chunk_size,
                  chunk_overlap=s.chunk_overlap, max_file_bytes=s.max_file_bytes, batch_chunks=4)
indexer.run([sys.argv[2]])
"""


def _write_articles(folder: Path) -> dict[str, str]:
    sentences = [s for s in (SAMPLE_CORPUS / "iran-russia-treaty.txt").read_text(encoding="utf-8").splitlines()
                 if s.strip()]
    folder.mkdir()
    texts = {}
    for n in range(ARTICLES):
        article_id = f"dispatch-{n:02d}"
        texts[article_id] = f"Dispatch {n}\n\n" + "\n".join(sentences[(n + k * 5) % len(sentences)] for k in range(3))
        (folder / f"{article_id}.txt").write_text(texts[article_id], encoding="utf-8")
    return texts


def _states(db_path: Path) -> dict[str, int]:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.05) as db:
            return dict(db.execute("SELECT state, COUNT(*) FROM articles GROUP BY state").fetchall())
    except sqlite3.OperationalError:  # not created yet, or locked by the writer for a moment
        return {}


def _kill_mid_index(index_dir: Path, folder: Path) -> None:
    """Start indexing in a child process; SIGKILL it while an article is pending and others are ready."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(index_dir), str(folder)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline, killed = time.monotonic() + 180, False
    try:
        while not killed and child.poll() is None and time.monotonic() < deadline:
            states = _states(index_dir / "articles.sqlite3")
            if killed := bool(states.get("pending") and states.get("ready", 0) >= ARTICLES // 3):
                child.send_signal(signal.SIGKILL)
            time.sleep(0.005)
    finally:
        if child.poll() is None:
            child.kill()
        stderr = child.communicate()[1].decode(errors="replace")
    assert killed and child.returncode == -signal.SIGKILL, f"no kill mid-index (rc {child.returncode}):\n{stderr}"


def test_a_run_killed_mid_index_leaves_no_half_article_and_the_next_run_completes(
        tmp_path: Path, embeddings, check_store) -> None:
    texts = _write_articles(tmp_path / "news")
    data_dir = tmp_path / "data"
    _kill_mid_index(data_dir / "index", tmp_path / "news")

    interrupted = check_store(data_dir / "index", settled=False)
    assert 0 < interrupted["ready"] < ARTICLES

    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=False), embeddings=embeddings)
    report = bot.index([tmp_path / "news"])
    assert sorted(report.added + report.unchanged) == sorted(texts) and not report.updated
    assert len(report.unchanged) >= interrupted["ready"] + interrupted["pending"]  # finished on open, not redone

    counts = check_store(data_dir / "index")
    assert counts["ready"] == ARTICLES and counts["chroma"] == counts["chunks"]
    assert {s.article.id: s.article.text for s in bot.articles()} == texts
    answer = bot.ask("What did Lavrov say about the treaty?")
    assert answer.quotes and not answer.abstained
    for quote in answer.quotes:
        assert bot.article(quote.article_id).text[quote.start:quote.end] == quote.text
