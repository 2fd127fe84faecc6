"""Reading news articles into `Article`s and cutting them into offset-keeping `Chunk`s.

This package imports nothing else of Verbatim's: it is the bottom of the stack.
"""

from corpus.article import Article, Chunk, Span
from corpus.chunking import chunk_article, split_sentences
from corpus.errors import CorpusError
from corpus.readers import SUPPORTED_SUFFIXES, Skipped, read_paths

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Article",
    "Chunk",
    "CorpusError",
    "Skipped",
    "Span",
    "chunk_article",
    "read_paths",
    "split_sentences",
]
