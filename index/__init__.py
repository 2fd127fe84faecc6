"""The searchable index: embeddings, the Chroma-backed store, BM25 and hybrid retrieval."""

from index.embedding import MiniLMEmbeddings
from index.errors import StoreError
from index.indexer import IndexReport, Indexer, Progress
from index.lexical import LexicalIndex
from index.retrieval import HybridRetriever, SearchFilters
from index.store import Store, StoredArticle

__all__ = [
    "HybridRetriever",
    "IndexReport",
    "Indexer",
    "LexicalIndex",
    "MiniLMEmbeddings",
    "Progress",
    "SearchFilters",
    "Store",
    "StoreError",
    "StoredArticle",
]
