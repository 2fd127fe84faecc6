from corpus.errors import VerbatimError


class QuestionError(VerbatimError):
    """A question that cannot be asked: empty, too long, or not text."""


class ArticleNotFound(VerbatimError):
    """No indexed article has the id asked for."""
