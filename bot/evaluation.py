"""Runs a question file (the format of shared/eval/README.md) against a bot and scores it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.answer import Answer
from bot.core import Bot
from bot.errors import QuestionError
from corpus.errors import CorpusError


@dataclass(frozen=True, slots=True)
class EvalCase:
    id: str
    question: str
    history: tuple[str, ...] = ()
    article: str | None = None
    gold: tuple[str, ...] = ()
    gold_all: bool = False
    abstain: bool = False


@dataclass(slots=True)
class EvalResult:
    case: EvalCase
    passed: bool
    verbatim: bool
    abstained: bool
    seconds: float
    reason: str = ""
    answer: dict[str, Any] | None = None


@dataclass(slots=True)
class EvalReport:
    results: list[EvalResult] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = len(self.results)
        should = [r for r in self.results if r.case.abstain]
        answerable = [r for r in self.results if not r.case.abstain]
        latencies = np.array([r.seconds for r in self.results]) * 1000 if n else np.zeros(1)
        return {
            "questions": n,
            "pass_rate": sum(r.passed for r in self.results) / n if n else 0.0,
            "verbatim_rate": sum(r.verbatim for r in self.results) / n if n else 0.0,
            "abstained_when_it_should": sum(r.abstained for r in should) / len(should) if should else None,
            "answered_when_it_should": sum(not r.abstained for r in answerable) / len(answerable) if answerable else None,
            "latency_ms_p50": round(float(np.percentile(latencies, 50)), 1),
            "latency_ms_p95": round(float(np.percentile(latencies, 95)), 1),
            "failures": [{"id": r.case.id, "question": r.case.question, "reason": r.reason} for r in self.results
                         if not r.passed],
        }


def load_cases(path: Path) -> list[EvalCase]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            cases.append(EvalCase(id=str(raw.get("id", n)), question=raw["question"],
                                  history=tuple(raw.get("history", ())), article=raw.get("article"),
                                  gold=tuple(raw.get("gold", ())), gold_all=bool(raw.get("gold_all")),
                                  abstain=bool(raw.get("abstain"))))
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise CorpusError(f"{path}:{n}: not a question record ({err}); see the eval README for the format") from err
    return cases


def evaluate(bot: Bot, cases: Iterable[EvalCase]) -> EvalReport:
    report = EvalReport()
    for case in cases:
        history: list[dict[str, str]] = []
        for earlier in case.history:
            history += [{"role": "user", "content": earlier},
                        {"role": "assistant", "content": bot.ask(earlier, history).text}]
        began = time.perf_counter()
        try:
            answer: Answer | None = bot.ask(case.question, history)
        except QuestionError:
            answer = None  # refusing an empty question counts as abstaining
        seconds = time.perf_counter() - began
        report.results.append(_judge(bot, case, answer, seconds))
    return report


def _judge(bot: Bot, case: EvalCase, answer: Answer | None, seconds: float) -> EvalResult:
    if answer is None:
        return EvalResult(case, case.abstain, True, True, seconds, "" if case.abstain else "refused the question")
    verbatim = all(bot.article(q.article_id).text[q.start:q.end] == q.text for q in answer.quotes)
    reason = "" if verbatim else "a quote is not verbatim"
    if case.abstain:
        reason = reason or ("" if answer.abstained else f"answered instead of abstaining: {answer.text[:120]!r}")
    elif answer.abstained:
        reason = reason or "abstained on an answerable question"
    elif case.gold_all:
        texts = [q.text for q in answer.quotes[:5]]
        missing = [g for g in case.gold if not any(_matches(t, g) for t in texts)]
        reason = reason or (f"missing gold spans {missing}" if missing else "")
    else:
        first = answer.quotes[0]
        if case.article and first.article_id.rsplit("/", 1)[-1] != case.article:
            reason = reason or f"first quote is from {first.article_id!r}, expected {case.article!r}"
        elif not any(_matches(first.text, g) for g in case.gold):
            reason = reason or f"first quote holds no gold span: {first.text[:120]!r}"
    return EvalResult(case, not reason, verbatim, answer.abstained, seconds, reason, answer.to_dict())


def _matches(quote: str, gold: str) -> bool:
    """A quote is right when it contains the gold span, or is a part of it covering at least half."""
    return gold in quote or (quote in gold and len(quote) * 2 >= len(gold))
