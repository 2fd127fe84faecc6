"""The two records everything else is built on: an article and a chunk of it, tied by offsets."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. `text` is what offsets point into, stored exactly as read."""

    id: str
    text: str
    title: str = ""
    url: str | None = None
    published: str | None = None  # ISO 8601 date, as given or extracted
    source: str | None = None

    def __post_init__(self) -> None:
        if not self.id or self.id != self.id.strip():
            raise ValueError(f"article id must be non-empty without surrounding spaces, got {self.id!r}")
        if not self.text.strip():
            raise ValueError(f"article {self.id!r} has no text")

    @property
    def content_hash(self) -> str:
        """Changes whenever anything stored about the article changes, so re-indexing can skip it."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A `[start, end)` character range of an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span must satisfy 0 <= start < end, got [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of whole sentences of one article; `text == article.text[start:end]` always."""

    article_id: str
    index: int
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if len(self.text) != self.end - self.start:
            raise ValueError(f"chunk text length {len(self.text)} does not match [{self.start}, {self.end})")

    @property
    def id(self) -> str:
        return f"{self.article_id}::{self.index}"
