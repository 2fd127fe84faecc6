"""What `Bot.ask` returns: an answer made of numbered verbatim quotes, each tied to its article by offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Quote:
    """`bot.article(article_id).text[start:end] == text`, always."""

    n: int
    text: str
    article_id: str
    title: str
    start: int
    end: int
    score: float
    url: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    text: str  # as a person reads it, with [1], [2] markers
    quotes: tuple[Quote, ...] = ()
    abstained: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.text, "abstained": self.abstained,
                "quotes": [q.to_dict() for q in self.quotes]}


def compose(quotes: Sequence[Quote], *, titled: bool) -> str:
    """A reply made of quotes: side by side, or each on a line under its article's title."""
    if not titled:
        return " ".join(f"“{q.text}” [{q.n}]" for q in quotes)
    return "\n".join(f"{q.title or q.article_id}: “{q.text}” [{q.n}]" for q in quotes)
