"""How much each word of a question counts, and how much of it a text covers."""

from __future__ import annotations

from wordfreq import zipf_frequency

from index.lexical import LexicalIndex

RARITY_CEILING = 7.5  # a word's weight is this minus its Zipf frequency: "the" ~0, "treaty" 3.2, "Lavrov" 4.8
MIN_WEIGHT = 0.5


def weighted_terms(lexical: LexicalIndex, text: str) -> dict[str, float]:
    """Each term's weight is how rare its word is in English at large (wordfreq), not in this corpus: a corpus of
    one article knows nothing of rarity, and the weights must mean the same at any size."""
    return {stem: max(MIN_WEIGHT, RARITY_CEILING - zipf_frequency(word, "en")) for stem, word in lexical.words(text)}


def coverage(weighted: dict[str, float], terms: set[str]) -> float:
    """The share, by weight, of the weighted terms that `terms` holds."""
    total = sum(weighted.values())
    return sum(w for t, w in weighted.items() if t in terms) / total if total else 0.0


def topic_coverage(lexical: LexicalIndex, topic: str, text: str) -> float:
    """How much of `topic` `text` names, by weight."""
    return coverage(weighted_terms(lexical, topic), set(lexical.terms(text)))
