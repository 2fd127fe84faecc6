"""Verbatim: answers questions about news articles with verbatim quoted source spans."""

from bot.answer import Answer, Quote
from bot.core import Bot
from bot.errors import ArticleNotFound, QuestionError
from bot.settings import Settings
from corpus.errors import CorpusError, VerbatimError
from index.errors import StoreError

__all__ = ["Answer", "ArticleNotFound", "Bot", "CorpusError", "QuestionError", "Quote", "Settings", "StoreError",
           "VerbatimError"]
