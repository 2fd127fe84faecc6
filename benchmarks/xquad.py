"""XQuAD (240 paragraphs, 1,190 questions) through `Bot.ask`: does the first quote hold the gold answer?

    python benchmarks/xquad.py [--limit N] [--removed N] [--top 0,shipped,always,10]

hit@1: the first quote comes from the gold paragraph, contains the gold answer and is at most 300
characters; hit@5: one of the first five quotes does. BM25-only and dense-only rows rank every
sentence unit of the index by that signal alone, for comparison. `--removed N` asks N questions
with their own paragraph left out, where the right answer is to abstain. `--top` lists rankers, one row
group each: 0 is the feature ranker alone, `shipped` the cross-encoder as fitted (reading its top
candidates where the feature ranker is unsure: a narrow lead, or a best candidate holding under half of the
question's words), `always` the same reading every question, and a number N the cross-encoder reading its
top N always.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from _common import SHARED_DATA, WORK, peak_rss_mb, print_table

from bot import Bot, Settings
from bot.conversation import Resolved
from bot.question import analyse
from bot.ranker import LinearRanker, Ranker
from bot.ranker.squad import GoldQuestion, load_squad
from index import LexicalIndex, SearchFilters


def hit(quote_article: str, quote_text: str, gold: GoldQuestion) -> bool:
    return quote_article == gold.article_id and gold.answer in quote_text and len(quote_text) <= 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="ask only the first N questions")
    parser.add_argument("--removed", type=int, default=300, help="questions asked with their paragraph left out")
    parser.add_argument("--top", default="0,shipped,always",
                        help="comma-separated rankers: 0 = features alone, shipped = as fitted, always = the "
                             "shipped top for every question, N = the top N for every question")
    args = parser.parse_args()

    articles, questions = load_squad(SHARED_DATA / "xquad" / "xquad.en.json")
    questions = questions[: args.limit]
    data_dir = WORK / "xquad"
    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=False))
    began = time.perf_counter()
    report = bot.index_articles(articles)
    index_seconds = time.perf_counter() - began

    # Baselines: every sentence unit of the index ranked by one signal alone.
    units = [(a, s) for a in articles for s in bot.store.units(a.id).spans]
    vectors = np.concatenate([bot.store.units(a.id).vectors for a in articles])
    unit_lexical = LexicalIndex([a.text[s.start:s.end] for a, s in units])

    bm25_1 = bm25_5 = dense_1 = dense_5 = 0
    for q in questions:
        ranked = [h.position for h in unit_lexical.search(q.question, 5)]
        bm25_1 += bool(ranked) and hit(units[ranked[0]][0].id, _text(units[ranked[0]]), q)
        bm25_5 += any(hit(units[p][0].id, _text(units[p]), q) for p in ranked)
        ranked = list(np.argsort(-(vectors @ bot.embeddings.embed_query_array(q.question)))[:5])
        dense_1 += hit(units[ranked[0]][0].id, _text(units[ranked[0]]), q)
        dense_5 += any(hit(units[p][0].id, _text(units[p]), q) for p in ranked)
    n = len(questions)
    rows = [("hit@1 / hit@5, BM25 over sentences only", f"{bm25_1 / n:.3f} / {bm25_5 / n:.3f}"),
            ("hit@1 / hit@5, dense over sentences only", f"{dense_1 / n:.3f} / {dense_5 / n:.3f}")]
    for top in args.top.split(","):
        ranker = _ranker(top)
        bot._answerer._ranker = ranker  # noqa: SLF001 - the benchmark compares rankers on one index
        label = "feature ranker"
        if ranker.blend:
            label = f"cross-encoder, top {ranker.blend.top}, " + ("where unsure" if top == "shipped" else "always")
        rows += _run(bot, questions, args.removed, label)
    rows += [("index: chunks embedded / seconds", f"{report.chunks} / {index_seconds:.0f}"),
             ("peak RSS (MB)", f"{peak_rss_mb():.0f}")]
    print_table(f"XQuAD en: {len(articles)} paragraphs, {n} questions", rows)


def _ranker(top: str) -> Ranker:
    if top == "0":
        return Ranker(LinearRanker.load())
    if top == "shipped":
        return Ranker.load()
    return Ranker.load(top=None if top == "always" else int(top), gate=math.inf)


def _run(bot: Bot, questions: list[GoldQuestion], removed: int, label: str) -> list[tuple[str, str]]:
    for q in questions[:5]:  # warm caches before timing
        bot.ask(q.question)
    latencies, answers = [], []
    for q in questions:
        t = time.perf_counter()
        answers.append(bot.ask(q.question))
        latencies.append((time.perf_counter() - t) * 1000)
    firsts, fives, abstained, lengths = 0, 0, 0, []
    for q, answer in zip(questions, answers, strict=True):
        abstained += answer.abstained
        if answer.quotes:
            lengths.append(len(answer.quotes[0].text))
            firsts += hit(answer.quotes[0].article_id, answer.quotes[0].text, q)
            fives += any(hit(x.article_id, x.text, q) for x in answer.quotes[:5])
    asked = questions[:removed]
    abstain_removed = sum(_abstains_without_own(bot, q) for q in asked)
    n = len(questions)
    return [
        (f"{label}: hit@1 / hit@5", f"{firsts / n:.3f} / {fives / n:.3f}"),
        (f"{label}: wrong abstentions", f"{abstained} ({abstained / n:.1%})"),
        (f"{label}: abstains with own paragraph removed ({len(asked)} asked)",
         f"{abstain_removed / max(len(asked), 1):.1%}"),
        (f"{label}: mean first-quote length (chars)", f"{np.mean(lengths):.0f}"),
        (f"{label}: ask latency p50 / p95 (ms, warm)",
         f"{np.percentile(latencies, 50):.0f} / {np.percentile(latencies, 95):.0f}"),
    ]


def _text(unit: tuple) -> str:
    article, span = unit
    return article.text[span.start:span.end]


def _abstains_without_own(bot: Bot, q: GoldQuestion) -> bool:
    """Would the bot abstain if the question's own paragraph were not indexed?"""
    answerer = bot._answerer  # noqa: SLF001 - the benchmark measures what it calibrates
    resolved = Resolved(analyse(q.question), "")
    return answerer.answer(resolved, SearchFilters(), exclude=frozenset({q.article_id})).abstained


if __name__ == "__main__":
    main()
