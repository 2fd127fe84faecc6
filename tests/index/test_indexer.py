"""Incremental indexing on the real model and real Chroma: adds, skips, replaces, removes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot import ArticleNotFound
from corpus import Article, read_paths
from index import Indexer, MiniLMEmbeddings, Store

pytestmark = pytest.mark.slow
DATA = Path(__file__).parents[1] / "data"
LONG = "\n".join(f"Paragraph {n}: the port authority said traffic through the canal fell by {n}% in the "
                 f"week to Sunday, and officials expect “a slow recovery” after repairs." for n in range(1, 9))


class CountingEmbeddings:
    """The real model, recording every text it is asked to embed; vectors are cached across tests."""

    cache: dict[str, np.ndarray] = {}

    def __init__(self, real: MiniLMEmbeddings) -> None:
        self.real = real
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        if new := [t for t in dict.fromkeys(texts) if t not in self.cache]:
            self.cache.update(zip(new, self.real.encode(new), strict=True))
        return np.stack([self.cache[t] for t in texts]) if texts else self.real.encode([])


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(DATA, folder, ignore=lambda _, names: [n for n in names if not n.startswith("corpus-")])
    (folder / "world").mkdir()
    (folder / "world" / "canal-traffic.txt").write_text("Canal traffic falls\n\n" + LONG, encoding="utf-8")
    return folder


@pytest.fixture
def spy(embeddings: MiniLMEmbeddings) -> CountingEmbeddings:
    return CountingEmbeddings(embeddings)


def _indexer(store: Store, spy: CountingEmbeddings, *, chunk_size: int = 800) -> Indexer:
    return Indexer(store, spy, chunk_size=chunk_size, chunk_overlap=1,  # type: ignore[arg-type]
                   max_file_bytes=1_000_000)


def test_first_run_stores_every_article_exactly_and_a_rerun_embeds_nothing(
        tmp_path: Path, news: Path, spy: CountingEmbeddings, check_store) -> None:
    store = Store(tmp_path / "index")
    report = _indexer(store, spy).run([news])
    expected = {a.id: a for a in read_paths([news], max_bytes=1_000_000) if isinstance(a, Article)}
    assert sorted(report.added) == sorted(expected) and len(expected) == 8
    assert "world/canal-traffic" in expected and "briefs/ecb-rates" in expected
    assert [Path(s.path).name for s in report.skipped] == ["corpus-briefs.jsonl:4", "corpus-briefs.jsonl:5"]
    for stored in store.list():
        assert stored.article == expected[stored.article.id]
    assert store.get("world/canal-traffic").chunk_count >= 2
    counts = check_store(store.directory)
    assert counts["ready"] == 8 and counts["chunks"] == report.chunks == sum(s.chunk_count for s in store.list())
    assert len(spy.texts) > report.chunks  # chunks and their sentence units

    spy.texts.clear()
    again = _indexer(store, spy).run([news])
    assert sorted(again.unchanged) == sorted(expected)
    assert (again.added, again.updated, again.removed, again.chunks, spy.texts) == ([], [], [], 0, [])


def test_an_edited_file_replaces_its_old_chunks_and_nothing_else_is_embedded(
        tmp_path: Path, news: Path, spy: CountingEmbeddings, check_store) -> None:
    store = Store(tmp_path / "index")
    _indexer(store, spy).run([news])
    spy.texts.clear()
    edited = "Canal traffic recovers\n\nTraffic through the canal is back to normal, officials said."
    (news / "world" / "canal-traffic.txt").write_text(edited, encoding="utf-8")
    report = _indexer(store, spy).run([news])
    assert report.updated == ["world/canal-traffic"] and not report.added and len(report.unchanged) == 7
    assert spy.texts and all(text in edited for text in spy.texts)
    stored = store.get("world/canal-traffic")
    assert (stored.article.text, stored.article.title, stored.chunk_count) == (edited, "Canal traffic recovers", 1)
    assert check_store(store.directory)["chunks"] == sum(s.chunk_count for s in store.list())


def test_a_deleted_file_leaves_the_index_with_its_folder(tmp_path: Path, news: Path, spy: CountingEmbeddings,
                                                         check_store) -> None:
    store = Store(tmp_path / "index")
    _indexer(store, spy).run([news])
    (news / "world" / "canal-traffic.txt").unlink()
    report = _indexer(store, spy).run([news])
    assert report.removed == ["world/canal-traffic"] and store.get("world/canal-traffic") is None
    assert check_store(store.directory)["ready"] == 7


def test_new_chunk_settings_reindex_everything(tmp_path: Path, news: Path, spy: CountingEmbeddings,
                                               check_store) -> None:
    store = Store(tmp_path / "index")
    first = _indexer(store, spy).run([news])
    report = _indexer(store, spy, chunk_size=300).run([news])
    assert sorted(report.updated) == sorted(first.added) and report.chunks > first.chunks
    check_store(store.directory)


def test_removed_article_is_gone_from_listing_search_and_answers(make_bot, news: Path, check_store) -> None:
    bot = make_bot()
    bot.index([news])
    before = bot.ask("What did Mira Castell say about the detours?")
    assert "corpus-shipping-rates" in {q.article_id for q in before.quotes}
    bot.remove("corpus-shipping-rates")
    assert "corpus-shipping-rates" not in {s.article.id for s in bot.articles()} and len(bot.articles()) == 7
    after = bot.ask("What did Mira Castell say about the detours?")
    assert "corpus-shipping-rates" not in {q.article_id for q in after.quotes}
    for quote in after.quotes:
        assert bot.article(quote.article_id).text[quote.start:quote.end] == quote.text
    with pytest.raises(ArticleNotFound, match="corpus-shipping-rates"):
        bot.remove("corpus-shipping-rates")
    assert check_store(bot.store.directory)["ready"] == 7


def test_duplicate_ids_given_directly_keep_the_first_and_say_so(tmp_path: Path, spy: CountingEmbeddings,
                                                                check_store) -> None:
    store = Store(tmp_path / "index")
    report = _indexer(store, spy).index_articles([Article(id="upload", text="First upload. It stays."),
                                                  Article(id="upload", text="Second upload. It is refused.")])
    assert report.added == ["upload"] and "duplicate article id 'upload'" in report.skipped[0].reason
    assert store.get("upload").article.text == "First upload. It stays."
    check_store(store.directory)
