"""SQuAD v1.1 train as the cross-encoder's examples, every paragraph cut into sentence units as the indexer cuts
articles and each unit shown as the answerer shows it (`bot.ranker.cross.passage`).

For a training question the positive is the unit holding the answer; negatives are other units of its
paragraph, BM25 neighbours from other paragraphs (often the same Wikipedia title: the hard case), a unit from an
unrelated title, so the score also says when nothing answers, and the answer's own unit with the answer cut
out: every word the question shares with it is still there, only the asked fact is gone. Whole titles are
held out for validation: the question's paragraph plus its BM25 neighbours.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from bot.ranker.cross import passage
from bot.ranker.examples import Examples, Group, ValidationItem, saved_state
from bot.ranker.squad import GoldQuestion, load_squad
from corpus import Article, Span
from corpus.chunking import split_sentences
from index.lexical import LexicalIndex

VALID_NEIGHBOURS = 7  # BM25 units from other paragraphs beside the question's own, in validation


@dataclass(frozen=True, slots=True)
class Unit:
    article: Article
    span: Span

    @property
    def text(self) -> str:
        return self.article.text[self.span.start:self.span.end]

    @property
    def passage(self) -> str:
        return passage(self.article.title, self.article.text, self.span)


class Corpus:
    """SQuAD paragraphs as sentence units, with BM25 over the units."""

    def __init__(self, articles: list[Article]) -> None:
        self.units = [Unit(a, s) for a in articles for s in split_sentences(a.text)]
        self.by_article: dict[str, list[int]] = {}
        for i, unit in enumerate(self.units):
            self.by_article.setdefault(unit.article.id, []).append(i)
        # BM25 as when the shipped model's examples were drawn, so that its training command still draws them
        self.lexical = LexicalIndex([u.text for u in self.units], base_forms=False)

    def positive(self, q: GoldQuestion) -> int | None:
        return next((i for i in self.by_article[q.article_id]
                     if self.units[i].span.start <= q.start and q.end <= self.units[i].span.end), None)

    def without_answer(self, q: GoldQuestion, i: int) -> str | None:
        """Unit `i`'s passage with the answer cut out of it; None if nothing is left or the answer recurs."""
        unit, text = self.units[i], self.units[i].article.text
        start, end = q.start, q.end
        # One space inside the unit goes with the answer: "About 2,000 troops" -> "About troops".
        if end < unit.span.end and text[end] == " ":
            end += 1
        elif start > unit.span.start and text[start - 1] == " ":
            start -= 1
        rest = text[unit.span.start:start] + text[end:unit.span.end]
        if not rest.strip(" .") or q.answer.lower() in rest.lower():
            return None
        span = Span(unit.span.start, unit.span.end - (end - start))
        return passage(unit.article.title, text[:start] + text[end:], span)

    def neighbours(self, q: GoldQuestion, k: int) -> list[int]:
        """The best BM25 units outside the question's paragraph that do not hold its answer anyway."""
        hits = self.lexical.search(q.question, 4 * k + 8)
        found = [h.position for h in hits if self.units[h.position].article.id != q.article_id
                 and q.answer.lower() not in self.units[h.position].text.lower()]
        return found[:k]


def title_of(article_id: str) -> str:
    return article_id.split("/")[0]


def training_groups(corpus: Corpus, questions: list[GoldQuestion], rng: random.Random, *, same: int,
                    near: int, unrelated: int, cut: bool) -> list[Group]:
    titles = sorted({title_of(a) for a in corpus.by_article})
    articles_of: dict[str, list[str]] = {}
    for article_id in corpus.by_article:
        articles_of.setdefault(title_of(article_id), []).append(article_id)
    groups = []
    for q in questions:
        positive = corpus.positive(q)
        if positive is None:  # the answer crosses a sentence boundary (under 1% of questions)
            continue
        siblings = [i for i in corpus.by_article[q.article_id] if i != positive]
        negatives = rng.sample(siblings, min(same, len(siblings))) + corpus.neighbours(q, near)
        for _ in range(unrelated):
            other = rng.choice([t for t in rng.sample(titles, 2) if t != title_of(q.article_id)])
            negatives.append(rng.choice(corpus.by_article[rng.choice(articles_of[other])]))
        passages = [corpus.units[i].passage for i in [positive, *negatives]]
        if cut and (without := corpus.without_answer(q, positive)):
            passages.append(without)
        groups.append(Group(q.question, passages))
    return groups


def validation_items(corpus: Corpus, questions: list[GoldQuestion], near: int) -> list[ValidationItem]:
    items = []
    for q in questions:
        ids = corpus.by_article[q.article_id] + corpus.neighbours(q, near)
        units = [corpus.units[i] for i in ids]
        positive = corpus.positive(q)
        items.append(ValidationItem(q.question, [u.passage for u in units],
                                    [q.answer.lower() in u.text.lower() for u in units],
                                    [u.article.id == q.article_id for u in units],
                                    None if positive is None else corpus.without_answer(q, positive)))
    return items


def prepare(data: Path, *, questions: int, valid_questions: int, valid_share: float, same: int, near: int,
            unrelated: int, cut: bool, seed: int) -> Examples:
    """`questions` training questions drawn from the titles not held out (0: all of them)."""
    articles, gold = load_squad(data)
    rng = random.Random(seed)
    titles = sorted({title_of(a.id) for a in articles})
    held_out = set(rng.sample(titles, round(len(titles) * valid_share)))
    corpus = Corpus(articles)
    pool = [q for q in gold if title_of(q.article_id) not in held_out]
    train_q = rng.sample(pool, questions or len(pool))
    valid_q = rng.sample([q for q in gold if title_of(q.article_id) in held_out], valid_questions)
    groups = training_groups(corpus, train_q, rng, same=same, near=near, unrelated=unrelated, cut=cut)
    return Examples(groups, validation_items(corpus, valid_q, VALID_NEIGHBOURS), sorted(held_out), saved_state(rng))
