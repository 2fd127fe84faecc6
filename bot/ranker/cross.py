"""The learned cross-encoder: reads a question and a candidate quote together and scores the pair.

It is a MiniLM cross-encoder trained on SQuAD by `bot.ranker.train`, shipped as an int8 ONNX file with
its tokenizer, and run with onnxruntime (no torch on the answering path). `passage` is the one place
that decides what the model sees of a candidate, for training and answering alike.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

if TYPE_CHECKING:  # imported for its type alone, so that training can load this module with only torch installed
    from corpus import Span

log = logging.getLogger(__name__)
DEFAULT_DIR = Path(__file__).parent / "model" / "cross-encoder"
MAX_TOKENS = 96
CONTEXT_CHARS = 80  # of the text just before the candidate: who "he" is, or that a quote runs on
GROUP = 4  # passages per model run at answer time


def passage(title: str, text: str, span: Span, introduced: str = "") -> str:
    """The candidate sentence first (truncation cuts from the end), then its headline and what precedes it. A lead
    that describes whom the next sentence names (`Candidate.introduced`) is headed by that name: "Caspar Dellow:
    AUBRIN, May 6 - The former head of the port authority was sentenced …"."""
    before = text[max(0, span.start - CONTEXT_CHARS):span.start]
    if span.start > CONTEXT_CHARS and " " in before:
        before = before.split(" ", 1)[1]  # start on a whole word
    named = f"{introduced}: " if introduced else ""
    return f"{named}{text[span.start:span.end]} | {title} | {' '.join(before.split())}"


def load_tokenizer(path: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(path))
    # The longer side is cut first: the passage, unless a question is longer than it.
    tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a vocabulary entry, not a secret
    return tokenizer


def encode(tokenizer: Tokenizer, pairs: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """The model's three inputs for (question, passage) pairs, padded to the longest."""
    encodings = tokenizer.encode_batch(pairs)
    return {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}


class CrossEncoder:
    """Scores (question, passage) pairs: a logit, higher when the passage answers the question."""

    def __init__(self, folder: Path = DEFAULT_DIR) -> None:
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        # Its threads would otherwise spin on the cores after each run, slowing the embedding and retrieval of the
        # questions the model does not read.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options,
                                                     providers=["CPUExecutionProvider"])
        self._tokenizer = load_tokenizer(folder / "tokenizer.json")

    @classmethod
    def load(cls, folder: Path = DEFAULT_DIR) -> CrossEncoder | None:
        """The shipped model, or None with a warning when its files are missing or unreadable."""
        try:
            return cls(folder)
        except Exception as error:  # noqa: BLE001 - any failure to load means: rank with features alone
            log.warning("The answer ranking model in %s could not be loaded (%s: %s); answers are ranked by the "
                        "feature ranker alone, which is less accurate. Reinstall Verbatim, or rebuild the model "
                        "with `python -m bot.ranker.train`.", folder, type(error).__name__, error)
            return None

    def score(self, question: str, passages: list[str]) -> np.ndarray:
        """One logit per passage. Passages run in small groups of similar length, so a short sentence
        is not padded out to the longest one."""
        logits = np.zeros(len(passages), dtype=np.float32)
        if not passages:
            return logits
        feed = encode(self._tokenizer, [(question, p) for p in passages])
        lengths = feed["attention_mask"].sum(axis=1)
        order = np.argsort(lengths, kind="stable")
        for group in np.array_split(order, -(-len(order) // GROUP)):
            width = int(lengths[group].max())
            logits[group] = self._session.run(None, {k: v[group, :width] for k, v in feed.items()})[0][:, 0]
        return logits
