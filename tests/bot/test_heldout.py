"""The held-out news set (tests/data/heldout, written blind): ten articles, fifty questions, through the
public API exactly as a user would run it. The answering issue's bar is 90% right with the right quote
first and every quote verbatim; the bot does not reach it yet (see docs/benchmarks.md), so that bar is a
strict xfail, and a floor at the measured level guards against regressions meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from bot import Bot, Settings
from bot.evaluation import evaluate, load_cases
from tests.conftest import DATA

pytestmark = pytest.mark.slow
HELDOUT = DATA / "heldout"
MEASURED_PASS_RATE = 0.56  # the feature ranker, 2026-11-30, after the follow-up, speaker and answer-type fixes


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory, embeddings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    data_dir = tmp_path_factory.mktemp("heldout")
    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=False), embeddings=embeddings)
    report = bot.index([HELDOUT / "articles"])
    assert len(report.added) == 10 and not report.skipped
    return evaluate(bot, load_cases(HELDOUT / "questions.jsonl")).summary()


def test_every_quote_is_verbatim_and_quality_holds_its_level(summary: dict[str, Any]) -> None:
    assert summary["verbatim_rate"] == 1.0
    assert summary["pass_rate"] >= MEASURED_PASS_RATE - 0.02, summary["failures"]


@pytest.mark.xfail(strict=True, reason="open: the answering issue's 90% bar on unseen news (measured 56%)")
def test_the_heldout_news_set_meets_the_bar(summary: dict[str, Any]) -> None:
    assert summary["pass_rate"] >= 0.9, summary["failures"]
