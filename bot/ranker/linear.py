"""A logistic model over candidate features: its probability ranks quotes and decides abstention."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.spans import FEATURES, Candidate

DEFAULT_PATH = Path(__file__).parent / "model" / "linear.json"


@dataclass(frozen=True, slots=True)
class LinearRanker:
    """`weights` rank a question's candidates; `answerable_weights` judge whether the best one answers it."""

    weights: np.ndarray
    bias: float
    answerable_weights: np.ndarray
    answerable_bias: float
    threshold: float  # abstain when the best candidate's answerability is below this

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> LinearRanker:
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on features {data['features']}, the code has {list(FEATURES)}; "
                             "refit it with `python -m bot.ranker.fit`")
        return cls(np.asarray(data["weights"], dtype=np.float32), float(data["bias"]),
                   np.asarray(data["answerable_weights"], dtype=np.float32), float(data["answerable_bias"]),
                   float(data["threshold"]))

    @classmethod
    def untrained(cls) -> LinearRanker:
        """All-zero weights: what `bot.ranker.fit` collects features with, before any model exists."""
        zeros = np.zeros(len(FEATURES), dtype=np.float32)
        return cls(zeros, 0.0, zeros, 0.0, 0.0)

    def score(self, candidates: list[Candidate]) -> None:
        """Set each candidate's `score` to the probability that it holds the answer."""
        if not candidates:
            return
        logits = np.stack([c.features for c in candidates]) @ self.weights + self.bias
        for candidate, p in zip(candidates, 1.0 / (1.0 + np.exp(-logits)), strict=True):
            candidate.score = float(p)

    def answerable(self, best: Candidate) -> float:
        """The probability that the best-ranked candidate answers the question at all."""
        return float(1.0 / (1.0 + np.exp(-(best.features @ self.answerable_weights + self.answerable_bias))))
