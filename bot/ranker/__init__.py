"""Scoring candidate quotes: a logistic model over the features of `bot.spans`, then a cross-encoder
trained on SQuAD that rereads the best few with the question where the features cannot tell them apart
(`bot.ranker.rerank`)."""

from bot.ranker.linear import LinearRanker
from bot.ranker.rerank import Ranker, shipped_ranker

__all__ = ["LinearRanker", "Ranker", "shipped_ranker"]
