"""From a resolved question to an `Answer`: retrieve chunks, score their sentences, quote the best or abstain."""

from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import replace
from itertools import zip_longest

from bot.answer import Answer, Quote, compose
from bot.attribution import MAX_QUOTE_CHARS
from bot.conversation import Resolved
from bot.digest import Digest
from bot.question import AnswerType, Question, Request
from bot.ranker import Ranker
from bot.spans import (FEATURES, Candidate, CandidateBuilder, RetrievedChunk, asks, currencies, holds_what_is_asked,
                       is_headline, lacks_the_date, lacks_the_number, names_another, states_the_dates)
from bot.withheld import Withheld, leaves_unnamed, says_what_is_withheld
from corpus import Article, Span
from index import HybridRetriever, SearchFilters, Store
from index.store import Units

log = logging.getLogger(__name__)
MAX_PASSAGE_CHARS = 300  # neighbouring sentences quoted as one passage, still read at a glance
# Words given only to a pronoun (“…,” he told broadcaster NOS.), or to no one: a quotation alone (“They want it.”).
_UNNAMED_SPEAKER = re.compile(r"\b(?:he|she|they)\s+(?:said|says|told|added|continued|wrote)\b|"
                              r"^\s*[“\"][^“”\"]*[”\"]\s*$", re.I)
# A neighbour joins a quote when it scores at least this share of it: the ranker cannot tell which of the two
# holds the answer. On SQuAD train (the fit's 1,000 questions) this puts the answer in the first quote 2.1 points
# more often and joins 8% of first quotes; a share of 0.3 gains 2.6 points but joins 14%.
JOIN_SHARE = 0.5


class Answerer:
    def __init__(self, store: Store, retriever: HybridRetriever, ranker: Ranker, *, max_quotes: int) -> None:
        self._store = store
        self._retriever = retriever
        self._ranker = ranker
        self._max_quotes = max_quotes
        self._units: OrderedDict[tuple[int, str], Units] = OrderedDict()
        self._lock = threading.Lock()
        self._local: tuple[int, frozenset[str]] = (-1, frozenset())  # the store's version, and its currencies
        self._digest = Digest(retriever, self._units_of, max_quotes=max_quotes)

    def answer(self, resolved: Resolved, filters: SearchFilters, *, exclude: frozenset[str] = frozenset()) -> Answer:
        question = resolved.question
        if resolved.dangling:
            return Answer(question.text, _no_antecedent(resolved.dangling), (), abstained=True)
        if question.request is Request.GIST:
            return self._digest.gist(resolved, filters) or self._abstention(question)
        if question.request is Request.MENTIONS:
            return self._digest.mentions(question, filters) or self._abstention(question)
        candidates = self.candidates(resolved, filters, exclude=exclude)
        closest = candidates[0].article if candidates else None  # the story retrieval ranks first
        # Where a question's kind has a sure sign of its answer (a sum, a share price moving), only the sign answers;
        # where it names a year or a month, only a story that states it.
        local = self._currencies(question)
        candidates = [c for c in candidates if holds_what_is_asked(question, c.text, local=local)
                      and states_the_dates(question, c.article)]
        # A follow-up ("How long do they have to do it?", "What did the minister say about it?") asks about the story
        # the conversation is about, whatever other stories say: the story where the last answer's quotes are.
        story = {c.article.id for c in candidates if len(c.text) >= 20 and c.text in resolved.context}
        if question.speaker:
            # Only the speaker's words on the topic can answer: sentences that merely repeat the topic must not crowd
            # them out of the few candidates the model reads.
            candidates = [c for c in candidates if _speaks_on_topic(c)]
        if not question.speaker or question.speaker_by_title:  # a speaker named may be quoted in several stories
            candidates = [c for c in candidates if c.article.id in story] or candidates
        in_story = bool(story) and all(c.article.id in story for c in candidates)
        candidates = self._ranker.rank(resolved.reading_text, candidates)
        if question.speaker is None:  # a speaker's own question may be quoted as theirs
            candidates = [a for c in candidates if (a := self._answer_to(c, candidates))]
        for c in candidates[:8]:
            log.debug("candidate %.3f (cross %s) %s[%d:%d] %s %r", c.score, c.cross, c.article.id, c.span.start,
                      c.span.end, dict(zip(FEATURES, c.features.round(2).tolist(), strict=True)), c.text[:80])
        if question.speaker is None and candidates and (left_out := self._left_out(resolved, candidates)):
            return left_out
        # A follow-up's words are mostly the conversation's ("How long do they have to do it?"): within its story,
        # the sentence holding what its type asks for answers it, however few of its words it repeats, and one
        # asking for no type of thing ("What's the government doing about it?") the story's best sentence. So does a
        # share price or a currency moving in the story closest to how investors took something.
        best = candidates[0] if candidates else None
        sure = best is not None and ((in_story and (best.typed or question.answer_type is AnswerType.OTHER))
                                     or (question.market and closest is not None and best.article.id == closest.id))
        chosen, leads = self._choose(candidates, speaker_question=question.speaker is not None, sure=sure)
        if not chosen:
            # Where the closest story says what is asked was withheld, the reply says so (a money question's
            # candidates all state sums, so "He declined to say how much …" is never one of them).
            if question.speaker is None and closest and self._withholding(resolved, closest) is not None:
                return _not_given(question, closest, "says it was not disclosed")
            return self._abstention(question)
        if question.answer_type is AnswerType.PERSON:
            chosen = self._with_speakers_named(chosen)
        quotes = tuple(Quote(n, c.text, c.article.id, c.article.title, c.span.start, c.span.end, round(c.score, 4),
                             c.article.url, c.article.published) for n, c in enumerate(chosen, start=1))
        return Answer(question.text, compose(quotes[:leads], titled=leads > 1), quotes)

    def _abstention(self, question: Question) -> Answer:
        if not self._retriever.chunk_table().rows:
            text = "No articles are indexed yet, so there is nothing to quote. Add some with `verbatim index PATH`."
        else:
            text = ("The articles don't answer that. Nothing in them covers this question, so there is nothing "
                    "to quote; try rephrasing it, or add articles that cover it.")
        return Answer(question.text, text, (), abstained=True)

    def _left_out(self, resolved: Resolved, ranked: list[Candidate]) -> Answer | None:
        """An abstention where the story most about what is asked shows it leaves it out: it says so ("… which he
        declined to name") in words that name it plainly ("He declined to say how much the strike was costing the
        company each day"), or where the best candidate holds nothing of the asked kind, or where one of the best
        three is or leads into that sentence (a story may withhold one sum and give another); or it describes the
        person asked for and never names them ("a 58-year-old man was seriously injured"); or, asked "Which firm
        …?", the best candidate names none ("two supermarket chains"); or, asked "How many …?" or "On what date …?", it
        gives no number or no date."""
        question, best = resolved.question, ranked[0]
        if (withheld := self._withholding(resolved, best.article)) is not None:
            starts = [s.start for s in self._units_of(self._retriever.chunk_table().version, best.article.id).spans]
            # A candidate's own units, and the one after it ("… two squad members had been told they could leave.
            # He declined to name them.").
            near = {k for c in ranked[:3] if c.article.id == best.article.id
                    for k in range(bisect_left(starts, c.span.start), bisect_left(starts, c.span.end) + 1)}
            if withheld.shared >= 2 or not best.typed or withheld.sentence in near:
                return _not_given(question, best.article, "says it was not disclosed")
        if leaves_unnamed(question, best.text, best.article.text):
            return _not_given(question, best.article, "describes who is asked about but never names them")
        if question.which_named and not names_another(question, best.text, story=best.article.text):
            return _not_given(question, best.article, "does not name it where it speaks of it")
        if lacks_the_number(question, best.text):
            return _not_given(question, best.article, "gives no number where it speaks of it")
        if lacks_the_date(question, best.text):
            return _not_given(question, best.article, "gives no date where it speaks of it")
        return None

    def _withholding(self, resolved: Resolved, article: Article) -> Withheld | None:
        """The unit of `article` that says what the question asks for was withheld, if one does."""
        spans = self._units_of(self._retriever.chunk_table().version, article.id).spans
        return says_what_is_withheld(resolved.question, [article.text[s.start:s.end] for s in spans],
                                     earlier=resolved.earlier_question)

    def candidates(self, resolved: Resolved, filters: SearchFilters, *,
                   exclude: frozenset[str] = frozenset()) -> list[Candidate]:
        """Every sentence unit of the retrieved chunks, with features, unscored; `exclude` drops articles
        (used to calibrate abstention with a question's own article left out)."""
        retriever = self._retriever.with_filters(filters)
        if exclude:
            retriever = retriever.model_copy(update={"k": retriever.k + 4})
        documents = [d for d in retriever.invoke(resolved.search_text) if d.metadata["article_id"] not in exclude]
        documents = documents[: self._retriever.k]
        question = resolved.question
        if question.speaker and question.topic:
            # Their words on it need not name them ("A: My father worked in this pit", "…,” she added): the
            # chunks about the topic are searched too.
            seen = {d.metadata["chunk_id"] for d in documents}
            documents += [d for d in retriever.invoke(question.topic)[: self._retriever.k // 2]
                          if d.metadata["chunk_id"] not in seen and d.metadata["article_id"] not in exclude]
        table = self._retriever.chunk_table()
        chunks = []
        for rank, doc in enumerate(documents):
            if article := table.articles.get(doc.metadata["article_id"]):  # absent if removed meanwhile
                chunks.append(RetrievedChunk(article, doc.metadata["start"], doc.metadata["end"], rank))
        units = {c.article.id: self._units_of(table.version, c.article.id) for c in chunks}
        vector = self._retriever.embeddings.embed_query_array(resolved.question.text)
        return CandidateBuilder(resolved, vector, table.lexical, local=self._currencies(question)).build(chunks, units)

    def _currencies(self, question: Question) -> frozenset[str]:
        """The currencies no list knows that the indexed stories give sums in (see `spans.currencies`), for a
        question about an amount, a sum of money or a currency's moves (read once per version of the store: every
        story is read)."""
        if not (question.money or question.market or question.answer_type is AnswerType.AMOUNT):
            return frozenset()
        table = self._retriever.chunk_table()
        with self._lock:
            if self._local[0] == table.version:
                return self._local[1]
        local = frozenset().union(*(currencies(a.text) for a in table.articles.values()))
        with self._lock:
            self._local = (table.version, local)
        return local

    def _choose(self, ranked: list[Candidate], *, speaker_question: bool,
                sure: bool) -> tuple[list[Candidate], int]:
        """Up to `max_quotes` quotes, best first, none repeating or overlapping another (neighbours close in score
        become one passage), and how many of them lead the reply; none if even the best is below the threshold,
        unless it is `sure` to answer.

        For "what did X say", only X's own words are quoted: the best quote of X on the topic from each article
        leads, so a person quoted in several articles is quoted from each, then X's other words on it; if X is
        quoted nowhere, there is no answer."""
        if not ranked or (not speaker_question and not sure and not self._ranker.answers(ranked[0])):
            return [], 0
        first: list[Candidate] = []
        if speaker_question:
            ranked = [c for c in ranked if self._speaker_answers(c)]
            if not ranked:  # the speaker is never quoted on it: other people's words are no answer
                return [], 0
            per_article: dict[str, Candidate] = {}
            for c in ranked:
                per_article.setdefault(c.article.id, c)
            first = list(per_article.values())
        chosen: list[Candidate] = []

        def repeats(c: Candidate, among: list[Candidate]) -> bool:
            return any(o.text == c.text or (o.article.id == c.article.id and o.span.start < c.span.end
                                            and c.span.start < o.span.end) for o in among)

        for candidate in first + ranked:
            if len(chosen) == self._max_quotes:
                break
            options = [candidate]
            if speaker_question:
                # A speaker's words often run on into the next sentence (“…,” she said.): quoted with it, or
                # alone if that is quoted already, unless it is quoted on its own and can be taken in.
                whole = _with_continuation(candidate)
                taken = [k for k, o in enumerate(chosen) if _within(o, whole)]
                if len(taken) == 1 and not repeats(whole, chosen[:taken[0]] + chosen[taken[0] + 1:]):
                    chosen[taken[0]] = replace(whole, score=chosen[taken[0]].score)
                    continue
                options.insert(0, whole)
            if (quote := next((o for o in options if not repeats(o, chosen)), None)) is None:
                continue
            # The answer often sits in the sentence beside the one that repeats the question's words: two
            # close candidates side by side are quoted as one passage, at the better one's place.
            for i, o in enumerate(chosen):
                if not speaker_question and (passage := joined(o, quote)):
                    chosen[i] = passage
                    break
            else:
                chosen.append(quote)
        return chosen, max(1, min(len(first), len(chosen)))

    def _answer_to(self, c: Candidate, ranked: list[Candidate]) -> Candidate | None:
        """`c`, or, when `c` is itself a question, what answers it: the sentence after it (an interviewer's "Q: What
        will you miss?", then "A: The quiet, and the birds."; an explainer's "3. When will it open?", then its
        section), on to the best of `ranked` in its paragraph. A question asks; it does not answer. The ranker's
        reading of the question stays: it is what the user's question matched."""
        if not asks(c.text):
            return c
        spans = self._units_of(self._retriever.chunk_table().version, c.article.id).spans
        after = next((s for s in spans if s.start >= c.span.end), None)
        if after is None or asks(c.article.text[after.start:after.end]):
            return None
        # The answer may run on ("Construction is due to start in May 2027 …. The ministry's target date for opening
        # is autumn 2032 …"): up to the paragraph's best sentence, if that fits in a passage, else that one alone.
        end = c.article.text.find("\n", after.start)
        end = len(c.article.text) if end < 0 else end
        best = next((o.span for o in ranked if o.article.id == c.article.id and after.start <= o.span.start < end),
                    after)
        span = Span(after.start, best.end) if best.end - after.start <= MAX_PASSAGE_CHARS else best
        return replace(c, span=span, continuation=None)

    def _with_speakers_named(self, chosen: list[Candidate]) -> list[Candidate]:
        """The quotes, each with the sentence that names its speaker where it names none (see `_with_speaker_named`).
        A sentence taken in may also be quoted on its own: the quote that took it in stands in its place."""
        named = [self._with_speaker_named(c) for c in chosen]
        quotes: list[Candidate] = []
        for k, c in enumerate(named):
            c = next((o for j, o in enumerate(named) if j != k and _within(c, o)), c)
            if not any(c is o for o in quotes):
                quotes.append(c)
        return quotes

    def _with_speaker_named(self, c: Candidate) -> Candidate:
        """`c` with the sentence before it when it gives its words only to "he" or "she" (“…,” he told
        broadcaster NOS.) or to no one: to "Who said …?" a pronoun is no answer, the sentence that names them is."""
        if not _UNNAMED_SPEAKER.search(c.text):
            return c
        spans = self._units_of(self._retriever.chunk_table().version, c.article.id).spans
        before = next((s for s in reversed(spans) if s.end <= c.span.start), None)
        if before is None or c.span.end - before.start > MAX_QUOTE_CHARS or is_headline(c.article.text, before):
            return c
        return replace(c, span=Span(before.start, c.span.end), continuation=None)

    def _speaker_answers(self, c: Candidate) -> bool:
        """Does `c` give the asked speaker's words on the asked topic? Their direct quotation does. Reported speech
        must also convince the answerability judge: a name beside "said" need not be the one speaking
        ("Carvalho said Duarte should explain")."""
        return _speaks_on_topic(c) and (c.feature("speaker_direct") > 0 or self._ranker.answers(c))

    def _units_of(self, version: int, article_id: str) -> Units:
        key = (version, article_id)
        with self._lock:
            if key in self._units:
                self._units.move_to_end(key)
                return self._units[key]
        units = self._store.units(article_id)
        with self._lock:
            self._units[key] = units
            while len(self._units) > 4096:
                self._units.popitem(last=False)
        return units


def _speaks_on_topic(c: Candidate) -> bool:
    """Does `c` report the asked speaker's words, on the asked topic? What is around it names some of the topic:
    "this court is not a planning office" is on "the court's role", though it never says "role"; the ranker
    prefers the quotes that name more of it."""
    return c.feature("speaker_attributed") > 0 and c.feature("topic_missing") < 1.0


def _within(a: Candidate, b: Candidate) -> bool:
    """Is `a`'s span inside `b`'s?"""
    return a.article.id == b.article.id and b.span.start <= a.span.start and a.span.end <= b.span.end


def _with_continuation(c: Candidate) -> Candidate:
    if c.continuation is None or c.continuation.end - c.span.start > MAX_QUOTE_CHARS:
        return c
    return replace(c, span=Span(c.span.start, c.continuation.end), continuation=None)


def joined(a: Candidate, b: Candidate) -> Candidate | None:
    """`a` stretched over `b` (which does not overlap it or rank above it) when they are neighbouring sentences,
    close in score or with only `b` holding what the question's type asks for ("… has conceded that his party will
    finish third.", then "… he told reporters in Dunmark." for "Where …?"), and fit in a passage. A paragraph
    break may lie between: news paragraphs are often one sentence, and the next one carries the fact ("The
    14-kilometre line is expected to cost $2.4 billion"). A headline or crosshead stays on its own: it titles the
    text below, it is not a sentence of it."""
    start, end = min(a.span.start, b.span.start), max(a.span.end, b.span.end)
    gap = a.article.text[min(a.span.end, b.span.end):max(a.span.start, b.span.start)]
    close = b.score >= JOIN_SHARE * a.score or (b.typed and not a.typed)
    if (a.article.id != b.article.id or not close or end - start > MAX_PASSAGE_CHARS
            or gap.strip() or a.feature("headline") or b.feature("headline")):
        return None
    return replace(a, span=Span(start, end), continuation=None)


def combined(whole: Answer, parts: list[Answer], *, max_quotes: int) -> Answer:
    """One answer to a question that asks several things. The question read whole leads (one sentence often
    answers both parts); then each part's leading quote, in the order asked; then the other quotes in turn, none
    repeated. A part the articles do not answer is said to be so."""
    answers = [whole, *parts]
    if all(a.abstained for a in answers):
        return whole
    ranked = [q for a in answers for q in a.quotes[:1]]
    ranked += [q for quotes in zip_longest(*(a.quotes[1:] for a in answers)) for q in quotes if q is not None]
    chosen: list[Quote] = []
    for q in ranked:
        if len(chosen) < max_quotes and not any(_overlap(o, q) for o in chosen):
            chosen.append(replace(q, n=len(chosen) + 1))
    # Each lead as quoted: another part's lead may hold it, or the quotes may have run out before it.
    leads = [next((o for o in chosen if _overlap(o, a.quotes[0])), None) for a in answers if not a.abstained]
    lines = [f"“{q.text}” [{q.n}]" for q in leads if q is not None]
    lines += [f"The articles don't answer “{a.question}”." for a in parts if a.abstained]
    return Answer(whole.question, "\n".join(dict.fromkeys(lines)), tuple(chosen))  # one line per quote


def _overlap(a: Quote, b: Quote) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def _not_given(question: Question, closest: Article, why: str) -> Answer:
    """An abstention that says why the story closest to the question does not answer it."""
    text = (f"The articles don't give that: the closest one, “{closest.title or closest.id}”, {why}, so there is "
            "nothing to quote that answers it.")
    return Answer(question.text, text, (), abstained=True)


def _no_antecedent(pronoun: str) -> str:
    return (f"Who is “{pronoun}”? Nothing earlier in this conversation says, so there is nothing to quote. Ask with "
            "the name (“What did Lavrov say?”), or ask this as a follow-up to the question it refers to.")
