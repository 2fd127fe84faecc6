"""The held-out news sets through the public API exactly as a user would run it: tests/data/heldout (ten
articles, fifty questions, written blind) and tests/data/heldout-2 (three articles, 25 questions, written
before the bot was run on them), indexed together so that each set's articles are distractors for the other.
The answering issue's bar is 90% right with the right quote first and every quote verbatim; the bot does not
reach it yet (see docs/benchmarks.md), so that bar is a strict xfail, and a floor at the measured level
guards against regressions meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from bot import Bot, Settings
from bot.evaluation import evaluate, load_cases
from tests.conftest import DATA

pytestmark = pytest.mark.slow
# The default ranker's pass rate on each set (the cross-encoder reading where the features are unsure), measured
# 2026-12-07.
MEASURED_PASS_RATE = {"heldout": 0.66, "heldout-2": 0.76}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Bot:  # type: ignore[no-untyped-def]
    data_dir = tmp_path_factory.mktemp("heldout")
    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=False), embeddings=embeddings)
    report = bot.index([DATA / name / "articles" for name in MEASURED_PASS_RATE])
    assert len(report.added) == 13 and not report.skipped
    return bot


@pytest.fixture(scope="module", params=sorted(MEASURED_PASS_RATE))
def measured(request: pytest.FixtureRequest, bot: Bot) -> tuple[str, dict[str, Any]]:
    return request.param, evaluate(bot, load_cases(DATA / request.param / "questions.jsonl")).summary()


def test_every_quote_is_verbatim_and_quality_holds_its_level(measured: tuple[str, dict[str, Any]]) -> None:
    name, summary = measured
    assert summary["verbatim_rate"] == 1.0
    assert summary["pass_rate"] >= MEASURED_PASS_RATE[name] - 0.02, summary["failures"]


@pytest.mark.xfail(strict=True, reason="open: the answering issue's 90% bar on unseen news (measured 66% and 76%)")
def test_the_heldout_news_sets_meet_the_bar(measured: tuple[str, dict[str, Any]]) -> None:
    assert measured[1]["pass_rate"] >= 0.9, measured[1]["failures"]
