"""The cross-encoder's training and validation examples, and the file that carries them between machines.

Building them (`bot.ranker.pairs`) needs the indexer's sentence splitter and BM25; training on them needs only
torch, so a file of examples lets training run where only torch is installed (a GPU machine).
"""

from __future__ import annotations

import gzip
import json
import lzma
import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO


def _open(path: Path, mode: str) -> IO[str]:
    """gzip, or xz where the name ends in .xz: a third smaller, for carrying to another machine."""
    return (lzma.open if path.suffix == ".xz" else gzip.open)(path, mode, encoding="utf-8")  # type: ignore[return-value]


def saved_state(rng: random.Random) -> list:
    """A generator's state as JSON holds it."""
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


@dataclass(frozen=True, slots=True)
class Group:
    """One training question: its positive passage first, then its negatives."""

    question: str
    passages: list[str]

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.passages)


@dataclass(frozen=True, slots=True)
class ValidationItem:
    question: str
    passages: list[str]
    holds_answer: list[bool]
    own: list[bool]
    without_answer: str | None  # the answer's unit with the answer cut out


@dataclass(frozen=True, slots=True)
class Examples:
    groups: list[Group]
    valid: list[ValidationItem]
    held_out_titles: list[str]  # the Wikipedia titles training never saw
    seed_state: list  # the seeded generator where drawing the examples left it: training shuffles on from there

    def generator(self) -> random.Random:
        version, internal, gauss = self.seed_state
        rng = random.Random()
        rng.setstate((version, tuple(internal), gauss))
        return rng

    def write(self, path: Path) -> None:
        # Passages recur across questions (a sentence is a negative for many), so they are stored once.
        table: dict[str, int] = {}

        def ids(passages: list[str]) -> list[int]:
            return [table.setdefault(p, len(table)) for p in passages]

        groups = [[g.question, ids(g.passages)] for g in self.groups]
        valid = [{**asdict(v), "passages": ids(v.passages)} for v in self.valid]
        path.parent.mkdir(parents=True, exist_ok=True)
        with _open(path, "wt") as f:
            json.dump({"passages": list(table), "groups": groups, "valid": valid,
                       "held_out_titles": self.held_out_titles, "seed_state": self.seed_state}, f)

    @classmethod
    def read(cls, path: Path) -> Examples:
        with _open(path, "rt") as f:
            data = json.load(f)
        table = data["passages"]
        return cls([Group(q, [table[i] for i in ids]) for q, ids in data["groups"]],
                   [ValidationItem(**{**v, "passages": [table[i] for i in v["passages"]]}) for v in data["valid"]],
                   data["held_out_titles"], data["seed_state"])
