"""The root of Verbatim's exception tree.

    VerbatimError
    ├── CorpusError      a file or folder that cannot be read (corpus)
    ├── StoreError       the index on disk is missing, locked or inconsistent (index)
    └── QuestionError    a question that cannot be asked (bot)
"""


class VerbatimError(Exception):
    """Anything Verbatim reports to a user; the message says what was wrong and what to do."""


class CorpusError(VerbatimError):
    """A file or folder that cannot be read as articles."""
