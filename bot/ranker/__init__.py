"""Scoring candidate quotes: a logistic model over the features of `bot.spans`, fitted on SQuAD train."""

from bot.ranker.linear import LinearRanker

__all__ = ["LinearRanker"]
