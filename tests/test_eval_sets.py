"""The question sets the bot is measured on are sound: every gold span is verbatim in the text Verbatim reads from
its article (for an HTML page, the extracted story), and an unanswerable question has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import load_cases
from corpus import Article, read_paths
from tests.conftest import DATA, SHARED

SETS = {name: (DATA / name / "questions.jsonl", DATA / name / "articles")
        for name in ("heldout", "heldout-2", "dev-news", "dev-news-2", "dev-news-3", "dev-news-4", "dev-news-5",
                     "dev-news-6", "dev-news-7", "dev-news-8", "dev-news-9", "dev-news-10", "dev-news-11",
                     "dev-news-12", "dev-news-13", "dev-news-14", "dev-news-15", "dev-news-16",
                     "dev-news-17", "dev-news-18", "dev-news-19")}
SETS["seed-dev"] = (SHARED / "eval" / "seed-dev.jsonl", SHARED / "corpus")


@pytest.mark.parametrize("name", SETS)
def test_every_gold_span_is_in_the_text_of_an_article_of_its_set(name: str) -> None:
    questions, folder = SETS[name]
    texts = {Path(a.id).stem: a.text for a in read_paths([folder], max_bytes=10_000_000) if isinstance(a, Article)}
    cases = load_cases(questions)
    assert len({c.id for c in cases}) == len(cases), "question ids repeat"
    for case in cases:
        assert not (case.abstain and case.gold), case.id
        assert case.abstain or case.gold, case.id
        # a span of a speaker quoted in two articles (gold_all) may come from the other one
        where = [texts[case.article]] if case.article and not case.gold_all else list(texts.values())
        missing = [g for g in case.gold if not any(g in text for text in where)]
        assert not missing, (case.id, missing)
