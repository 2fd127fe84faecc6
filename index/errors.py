from corpus.errors import VerbatimError


class StoreError(VerbatimError):
    """The index on disk cannot be opened, is locked, or was built with other settings."""
