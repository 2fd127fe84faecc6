"""SQuAD-format data (SQuAD v1.1 train, XQuAD) as articles and questions with gold character spans."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from corpus import Article


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    id: str
    question: str
    article_id: str
    answer: str
    start: int  # of the answer in the article's text

    @property
    def end(self) -> int:
        return self.start + len(self.answer)


def load_squad(path: Path, *, titles: int | None = None) -> tuple[list[Article], list[GoldQuestion]]:
    """Each paragraph becomes an article `<title>/<n>`; `titles` keeps only the first so many Wikipedia titles."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        data = json.load(f)["data"]
    articles, questions = [], []
    for entry in data[:titles]:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", entry["title"]).strip("-").lower()
        for n, paragraph in enumerate(entry["paragraphs"], start=1):
            article_id = f"{slug}/{n:03d}"
            text = paragraph["context"]
            articles.append(Article(id=article_id, text=text, title=f"{entry['title'].replace('_', ' ')} ({n})"))
            for qa in paragraph["qas"]:
                gold = qa["answers"][0]
                questions.append(GoldQuestion(qa["id"], qa["question"], article_id, gold["text"], gold["answer_start"]))
    return articles, questions
