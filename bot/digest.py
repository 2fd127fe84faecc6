"""Requests about the articles rather than for a fact in them: their gist ("Summarize the story about the tram"),
and which of them name something ("Which articles mention Haldane?"). Both are answered with whole sentences
quoted from each article concerned."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.answer import Answer, Quote, compose
from bot.conversation import Resolved
from bot.question import Question
from bot.spans import is_headline
from bot.weights import topic_coverage
from corpus import Article
from index import HybridRetriever, SearchFilters
from index.store import Units, published_day

GIST_SENTENCES = 3  # quoted from the start of a single article asked to be summarized
NAMES = 0.5  # an article names a topic when it holds at least half of its words, by weight
_ALL = re.compile(r"\b(?:articles|stories|pieces|reports|all|everything)\b", re.I)


class Digest:
    def __init__(self, retriever: HybridRetriever, units_of: Callable[[int, str], Units], *, max_quotes: int) -> None:
        self._retriever = retriever
        self._units_of = units_of
        self._max_quotes = max_quotes

    def gist(self, resolved: Resolved, filters: SearchFilters) -> Answer | None:
        """Each article's lead, what a news story puts first; None when there is none (no articles). The
        articles are those that name the asked topic, else the one the conversation is about, else the newest."""
        question = resolved.question
        table = self._retriever.chunk_table()
        # "Summarize it" is about the conversation's story; "What are the articles about?" about all of them.
        about = question.topic or (resolved.context if not _ALL.search(question.text) else "")
        if about:
            found = self._retriever.with_filters(filters).invoke(about)
            articles = [table.articles[a] for a in dict.fromkeys(d.metadata["article_id"] for d in found)
                        if a in table.articles]
            if question.topic:  # the search finds the nearest articles; they must be about the topic too
                articles = [a for a in articles if topic_coverage(table.lexical, question.topic, a.text) >= NAMES]
            else:
                articles = articles[:1]
        else:
            articles = sorted((a for a in table.articles.values() if filters.admits(a.id, a.source, a.published)),
                              key=lambda a: (-(published_day(a.published) or 0), a.id))  # newest first
        # One article: its opening sentences; several: the first sentence of each.
        per_article = GIST_SENTENCES if len(articles) == 1 else 1
        picks = []
        for article in articles[: self._max_quotes]:
            units = self._units_of(table.version, article.id)
            body = [i for i, span in enumerate(units.spans) if not is_headline(article.text, span)]
            picks += [(article, units, i) for i in body[:per_article]]
        if not picks:
            return _named_by_none(question, question.topic) if question.topic and table.rows else None
        quotes = self._quotes(question, picks)
        if per_article > 1:
            text = f"{quotes[0].title or quotes[0].article_id}: {compose(quotes, titled=False)}"
        else:
            text = compose(quotes, titled=True)
        return Answer(question.text, text + self._more(len(articles), "name a topic (“Summarize the story about …”)"),
                      quotes)

    def mentions(self, question: Question, filters: SearchFilters) -> Answer | None:
        """The articles that name the asked topic, each with the first sentence that names it best; None when
        there are no articles."""
        table = self._retriever.chunk_table()
        if not table.rows:
            return None
        if not (topic := question.topic):
            return Answer(question.text, "Name what to look for: “Which articles mention Lavrov?”", (), abstained=True)
        hits = table.lexical.search(topic, len(table.rows))  # every chunk that holds a word of it, so none is missed
        named = [table.articles[a] for a in dict.fromkeys(table.rows[h.position][0] for h in hits)
                 if a in table.articles]
        articles = [a for a in named if filters.admits(a.id, a.source, a.published)
                    and topic_coverage(table.lexical, topic, a.text) >= NAMES]
        picks = []
        for article in articles[: self._max_quotes]:
            units = self._units_of(table.version, article.id)
            scores = [topic_coverage(table.lexical, topic, article.text[s.start:s.end]) for s in units.spans]
            picks.append((article, units, scores.index(max(scores))))
        if not picks:
            return _named_by_none(question, topic)
        quotes = self._quotes(question, picks)
        names = "1 article names" if len(articles) == 1 else f"{len(articles)} articles name"
        text = f"{names} “{topic}”:\n{compose(quotes, titled=True)}"
        return Answer(question.text, text + self._more(len(articles), "add words to narrow it down"), quotes)

    def _quotes(self, question: Question, picks: Sequence[tuple[Article, Units, int]]) -> tuple[Quote, ...]:
        """The picked units as numbered quotes, scored by how close each is to the request in meaning."""
        vector = self._retriever.embeddings.embed_query_array(question.text)
        return tuple(Quote(n, article.text[units.spans[i].start:units.spans[i].end], article.id, article.title,
                           units.spans[i].start, units.spans[i].end, round(float(units.vectors[i] @ vector), 4),
                           article.url, article.published)
                     for n, (article, units, i) in enumerate(picks, start=1))

    def _more(self, total: int, hint: str) -> str:
        """Says how many articles went unquoted, if any."""
        if total <= self._max_quotes:
            return ""
        return f"\nThat is {self._max_quotes} of the {total} articles; {hint}."


def _named_by_none(question: Question, topic: str) -> Answer:
    return Answer(question.text, f"No article names “{topic}”, so there is nothing to quote. Check the spelling, or "
                  "add articles that do.", (), abstained=True)
