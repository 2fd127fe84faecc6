"""Sentence units and overlapping chunks, both as offsets into the article's text.

Sentences come from pysbd, run line by line so that a headline or a paragraph break always ends
a sentence. pysbd returns sentence strings; each is found again in the line to get its offsets,
so nothing here ever re-types article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pysbd

from corpus.article import Article, Chunk, Span

_LINE = re.compile(r"[^\r\n]+")
_WHITESPACE = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:—–])\s+")


def split_sentences(text: str, *, max_chars: int = 300) -> list[Span]:
    """Sentence spans of `text`, none crossing a line break and none longer than `max_chars`."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        body = line.group()
        if not body.strip():
            continue
        cursor = 0
        found_spans: list[tuple[int, int]] = []
        for sentence in segmenter.segment(body):
            found = body.find(sentence.strip(), cursor) if sentence.strip() else -1
            if found < 0:
                continue
            cursor = found + len(sentence.strip())
            if found_spans and not any(ch.isalnum() for ch in sentence):
                found_spans[-1] = (found_spans[-1][0], cursor)  # pysbd split "2025..." after "..": rejoin
            else:
                found_spans.append((found, cursor))
        if body[cursor:].strip():  # pysbd dropped or altered the tail: keep it as one unit
            tail = body[cursor:]
            found_spans.append((cursor + len(tail) - len(tail.lstrip()), len(body.rstrip())))
        for start, end in found_spans:
            spans.extend(_cap(text, line.start() + start, line.start() + end, max_chars))
    return spans


def _cap(text: str, start: int, end: int, max_chars: int) -> Iterator[Span]:
    """Cut an over-long sentence before each `max_chars` boundary: after the last clause that ends there (a comma, a
    semicolon, a colon, a dash), else at the last whitespace. A quote cut inside a phrase would misquote it ("at a
    cost of 6.3 billion" for "at a cost of 6.3 billion dunets")."""
    while end - start > max_chars:
        window = (start + max_chars // 2, start + max_chars)
        gaps = ([m.start() for m in _CLAUSE_END.finditer(text, *window)]
                or [m.start() for m in _WHITESPACE.finditer(text, *window)])
        cut = gaps[-1] if gaps else start + max_chars
        yield Span(start, cut)
        start = cut + len(text[cut:end]) - len(text[cut:end].lstrip())
    if end > start:
        yield Span(start, end)


def chunk_article(article: Article, sentences: list[Span], *, size: int, overlap: int) -> list[Chunk]:
    """Greedy runs of whole sentences up to `size` characters; consecutive chunks share `overlap` sentences."""
    if size <= 0:
        raise ValueError(f"chunk size must be > 0, got {size}")
    if overlap < 0:
        raise ValueError(f"chunk overlap must be >= 0, got {overlap}")
    chunks: list[Chunk] = []
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1].end - sentences[first].start <= size:
            last += 1
        start, end = sentences[first].start, sentences[last].end
        chunks.append(Chunk(article.id, len(chunks), start, end, article.text[start:end]))
        if last + 1 >= len(sentences):
            break
        first = max(first + 1, last + 1 - overlap)
    return chunks
