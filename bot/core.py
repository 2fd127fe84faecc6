"""`Bot`: the one way in. Index articles, ask questions, list and remove articles."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from bot.answer import Answer
from bot.answerer import Answerer, combined
from bot.conversation import Message, Resolved, normalise_history, resolve
from bot.errors import ArticleNotFound
from bot.feedback import FeedbackLog, Vote
from bot.question import analyse, parts, validate
from bot.ranker import Ranker, shipped_ranker
from bot.settings import Settings
from corpus import Article
from index import HybridRetriever, IndexReport, Indexer, MiniLMEmbeddings, Progress, SearchFilters, Store
from index.store import StoredArticle

log = logging.getLogger(__name__)
SAMPLE_CORPUS = Path(str(files("corpus") / "sample"))


class Bot:
    """Answers questions about indexed news articles with verbatim quotes."""

    def __init__(self, store: Store, embeddings: MiniLMEmbeddings, *, settings: Settings,
                 ranker: Ranker | None = None) -> None:
        self.settings = settings
        self.store = store
        self.embeddings = embeddings
        self.retriever = HybridRetriever(store=store, embeddings=embeddings, k=settings.top_k)
        self._indexer = Indexer(store, embeddings, chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap,
                                max_file_bytes=settings.max_file_bytes)
        self._answerer = Answerer(store, self.retriever, ranker or shipped_ranker(cross_encoder=settings.cross_encoder),
                                  max_quotes=settings.max_quotes)
        self.feedback_log = FeedbackLog(settings.data_dir / "feedback.jsonl")
        self.chain: Runnable[Any, Answer] = RunnableLambda(self._resolve, name="resolve") | RunnableLambda(
            self._answer, name="answer")

    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, settings: Settings | None = None,
             embeddings: MiniLMEmbeddings | None = None, ranker: Ranker | None = None) -> Bot:
        """Open (or create) the index in `data_dir`, else $VERBATIM_DATA_DIR, else the user data dir.

        The first time a store is empty, the bundled sample article is indexed so there is something to ask."""
        settings = settings or Settings()
        if data_dir is not None:
            settings = settings.model_copy(update={"data_dir": Path(data_dir).expanduser()})
        bot = cls(Store(settings.data_dir / "index"), embeddings or MiniLMEmbeddings(), settings=settings,
                  ranker=ranker)
        bot._indexer.resume()
        if settings.load_sample and not bot.store.flag("sample_offered"):
            if not bot.store.list():
                log.info("empty store: indexing the bundled sample corpus")
                bot.index([SAMPLE_CORPUS])
            bot.store.set_flag("sample_offered")
        return bot

    def index(self, paths: Iterable[str | Path], *, progress: Callable[[Progress], None] | None = None) -> IndexReport:
        return self._indexer.run(paths, progress=progress)

    def index_articles(self, articles: Sequence[Article]) -> IndexReport:
        return self._indexer.index_articles(articles)

    def ask(self, question: str, history: Sequence[Message | str] | None = None, *,
            article_ids: Sequence[str] = (), source: str | None = None,
            published_from: date | None = None, published_to: date | None = None) -> Answer:
        """Answer `question` with verbatim quotes, or abstain; `history` holds earlier turns (OpenAI-style)."""
        filters = SearchFilters(tuple(article_ids), source, published_from, published_to)
        return self.chain.invoke({"question": question, "history": history or [], "filters": filters})

    def articles(self) -> list[StoredArticle]:
        return self.store.list()

    def article(self, article_id: str) -> Article:
        stored = self.store.get(article_id)
        if stored is None:
            raise ArticleNotFound(f"no article with id {article_id!r}; `verbatim articles` lists the ids")
        return stored.article

    def remove(self, article_id: str) -> None:
        self.article(article_id)  # raises when unknown
        self.store.remove([article_id])

    def feedback(self, answer: Answer | dict[str, Any], vote: Vote, *, channel: str) -> dict[str, Any]:
        return self.feedback_log.record(answer, vote, channel=channel)

    def _resolve(self, request: dict[str, Any] | str) -> tuple[list[Resolved], SearchFilters]:
        """The question resolved against the conversation, then, when it asks several things ("How long was it
        shut, and when will it reopen?"), each part, a later one also resolved against the earlier ones."""
        if isinstance(request, str):
            request = {"question": request}
        text = validate(request.get("question"), max_chars=self.settings.max_question_chars)
        history = normalise_history(request.get("history"))
        question = analyse(text)
        resolved = [resolve(question, history)]
        if len(questions := parts(question)) > 1:
            for part in questions:
                resolved.append(resolve(analyse(part), history))
                # the part's answer is not known yet: a later part leans on its words alone
                history = [*history, {"role": "user", "content": part}, {"role": "assistant", "content": ""}]
        for r in resolved:
            log.debug("question %r resolved to %r (speaker=%r, topic=%r, type=%s)", r.question.text, r.search_text,
                      r.question.speaker, r.question.topic, r.question.answer_type.value)
        filters = request.get("filters") or SearchFilters()
        for article_id in filters.article_ids:  # an unknown id would narrow the search to nothing and read as
            self.article(article_id)  # "the articles don't answer that": it raises instead, naming the id
        return resolved, filters

    def _answer(self, resolved_and_filters: tuple[list[Resolved], SearchFilters]) -> Answer:
        resolved, filters = resolved_and_filters
        whole, *each = [self._answerer.answer(r, filters) for r in resolved]
        return combined(whole, each, max_quotes=self.settings.max_quotes) if each else whole
