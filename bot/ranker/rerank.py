"""The ranker the answerer uses: feature scores for every candidate, then the cross-encoder on the best few
when the features cannot tell them apart.

A `Blend` (fitted by `bot.ranker.fit` for one cross-encoder file) turns the feature ranker's logit and
the cross-encoder's logit into the final score and into the answerability that decides abstention.
Where the feature ranker's best candidate leads the next by at least the blend's `gate` and holds most of the
question's words, the model is not run: on SQuAD and XQuAD those questions gain almost nothing from it, and the
rest is where its gain lies, at about 13 ms a candidate. Without a loadable cross-encoder, or without a blend
fitted for it, the feature ranker works alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bot.ranker.cross import DEFAULT_DIR, CrossEncoder, passage
from bot.ranker.linear import DEFAULT_PATH, LinearRanker
from bot.spans import Candidate

log = logging.getLogger(__name__)
BLEND_FILE = "blend.json"
# The features rank by the question's words: where the best candidate holds under half of them (a paraphrase: "Did
# anyone battling the blaze get hurt?" against "One firefighter was taken to hospital"), their lead says little,
# and the model reads however wide it is. On fourteen development sets of news questions this puts the answer first
# for 5 more of 840 (none fewer); on XQuAD, hit@1 0.816 → 0.817, 68.0% abstain with their own paragraph removed
# (69.0%), warm p50 36 → 38 ms.
PARAPHRASE_COVERAGE = 0.5


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


def sigmoid(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def as_read(c: Candidate) -> str:
    """What the cross-encoder reads of a candidate, at answer time and when the blend is fitted."""
    return passage(c.article.title, c.article.text, c.span, c.introduced)


def lead(best_first: Sequence[float]) -> float:
    """How far the best candidate's feature probability leads the next one's: what the gate reads. With a single
    candidate there is nothing to reorder, so its lead is infinite."""
    return best_first[0] - best_first[1] if len(best_first) > 1 else math.inf


def unsure(lead_: float, coverage: float, gate: float) -> bool:
    """Should the model read, given the features' `lead_` (see `lead`), the best candidate's coverage of the
    question's words, and the `gate` (0 or below: never)?"""
    return gate > 0 and (lead_ < gate or coverage < PARAPHRASE_COVERAGE)


def model_digest(folder: Path) -> str:
    return hashlib.sha256((folder / "model.onnx").read_bytes()).hexdigest()


@dataclass(frozen=True, slots=True)
class Blend:
    top: int  # candidates the cross-encoder reads, best by features first; the rest are not quoted
    weights: tuple[float, float]  # on (feature ranker logit, cross-encoder logit)
    bias: float
    judge_weights: tuple[float, float]  # on (feature answerability logit, cross-encoder logit) of a candidate
    judge_bias: float
    threshold: float  # abstain when the best candidate's answerability is below this
    gate: float  # the model reads when the best candidate's feature probability leads the next by less

    def to_json(self, digest: str, card: dict) -> str:
        return json.dumps({"model_sha256": digest, "top": self.top, "weights": self.weights, "bias": self.bias,
                           "judge_weights": self.judge_weights, "judge_bias": self.judge_bias,
                           "threshold": self.threshold, "gate": self.gate, "card": card}, indent=1) + "\n"

    def reads(self, ranked: list[Candidate]) -> bool:
        """Should the model read these candidates (feature-scored, best first)? Only when the features are unsure."""
        return bool(ranked) and unsure(lead([c.score for c in ranked[:2]]), ranked[0].feature("coverage"), self.gate)

    @classmethod
    def load(cls, folder: Path) -> Blend:
        data = json.loads((folder / BLEND_FILE).read_text())
        if data["model_sha256"] != model_digest(folder):
            raise ValueError(f"{folder / BLEND_FILE} was fitted for another model file")
        return cls(int(data["top"]), tuple(data["weights"]), float(data["bias"]), tuple(data["judge_weights"]),
                   float(data["judge_bias"]), float(data["threshold"]), float(data["gate"]))


class Ranker:
    """Orders a question's candidates, best first, and judges whether one answers the question at all."""

    def __init__(self, linear: LinearRanker, cross: CrossEncoder | None = None, blend: Blend | None = None) -> None:
        self.linear = linear
        self.cross = cross if blend is not None else None
        self.blend = blend if cross is not None else None

    @classmethod
    def load(cls, linear_path: Path = DEFAULT_PATH, cross_dir: Path = DEFAULT_DIR, *, top: int | None = None,
             gate: float | None = None) -> Ranker:
        """The shipped models; `top` overrides how many candidates the cross-encoder reads, `gate` when it reads
        (`math.inf`: always)."""
        linear = LinearRanker.load(linear_path)
        cross = CrossEncoder.load(cross_dir)
        if cross is None:
            return cls(linear)
        try:
            blend = Blend.load(cross_dir)
        except (OSError, ValueError, KeyError) as error:
            log.warning("The cross-encoder in %s has no usable blend (%s); answers are ranked by the feature ranker "
                        "alone. Refit it with `python -m bot.ranker.fit`.", cross_dir, error)
            return cls(linear)
        return cls(linear, cross, replace(blend, top=blend.top if top is None else top,
                                          gate=blend.gate if gate is None else gate))

    def rank(self, question: str, candidates: list[Candidate]) -> list[Candidate]:
        """Scores the candidates and returns them best first (only the reranked ones, when the model read them)."""
        self.linear.score(candidates)
        ranked = sorted(candidates, key=lambda c: -c.score)
        if self.blend is None or self.cross is None or not self.blend.reads(ranked):
            return ranked
        top = ranked[: self.blend.top]
        logits = self.cross.score(question, [as_read(c) for c in top])
        (w_features, w_cross), bias = self.blend.weights, self.blend.bias
        for c, x in zip(top, logits, strict=True):
            c.cross = float(x)
            c.score = sigmoid(w_features * logit(c.score) + w_cross * c.cross + bias)
        return sorted(top, key=lambda c: -c.score)

    def answers(self, candidate: Candidate) -> bool:
        """Does `candidate` answer the question at all? Judged on the cross-encoder's reading where it read it."""
        features = self.linear.answerable(candidate)
        if self.blend is None or candidate.cross is None:
            return features >= self.linear.threshold
        (w_features, w_cross), bias = self.blend.judge_weights, self.blend.judge_bias
        return sigmoid(w_features * logit(features) + w_cross * candidate.cross + bias) >= self.blend.threshold


@functools.cache
def shipped_ranker(*, cross_encoder: bool) -> Ranker:
    """The shipped models, loaded once per process and shared by every bot (they are read-only)."""
    return Ranker.load() if cross_encoder else Ranker(LinearRanker.load())
