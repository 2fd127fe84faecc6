"""The training data of the cross-encoder: the answer's own sentence with the answer cut out is a negative;
the examples travel in a file; training itself imports only torch."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ranker.examples import Examples, Group, ValidationItem, saved_state
from bot.ranker.pairs import Corpus
from bot.ranker.squad import GoldQuestion
from corpus import Article

ROOT = Path(__file__).resolve().parents[2]

TEXT = ("The dam held after the quake. About 2,000 troops have been allocated to Zipingpu. "
        "The 2,000 figure came from the army; officials expect 2,000 more.")


def question(answer: str, occurrence: int = 0) -> GoldQuestion:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(answer, start + 1)
    return GoldQuestion("q", "How many troops were sent to Zipingpu?", "dam/001", answer, start)


def test_the_answer_is_cut_from_its_sentence_with_one_space() -> None:
    corpus = Corpus([Article(id="dam/001", text=TEXT, title="Dam")])
    q = question("2,000")
    positive = corpus.positive(q)
    assert positive is not None
    assert corpus.units[positive].text == "About 2,000 troops have been allocated to Zipingpu."
    without = corpus.without_answer(q, positive)
    assert without is not None
    assert without.startswith("About troops have been allocated to Zipingpu. | Dam | ")


def test_no_negative_where_the_answer_recurs_in_the_sentence_or_is_all_of_it() -> None:
    corpus = Corpus([Article(id="dam/001", text=TEXT, title="Dam")])
    recurs = question("2,000", occurrence=1)  # "The 2,000 figure …; officials expect 2,000 more."
    whole = question("The dam held after the quake.")
    for q in (recurs, whole):
        positive = corpus.positive(q)
        assert positive is not None
        assert corpus.without_answer(q, positive) is None


def test_an_answer_ending_its_sentence_is_cut_without_reaching_into_the_next() -> None:
    corpus = Corpus([Article(id="dam/001", text=TEXT, title="Dam")])
    q = question("after the quake.")
    positive = corpus.positive(q)
    assert positive is not None
    assert corpus.without_answer(q, positive) == "The dam held | Dam | "


@pytest.mark.parametrize("name", ["examples.json.gz", "examples.json.xz"])
def test_examples_survive_their_file(tmp_path: Path, name: str) -> None:
    shared = "About 2,000 troops have been allocated. | Dam | "
    examples = Examples([Group("How many troops?", [shared, "The dam held. | Dam | "]),
                         Group("Who sent them?", ["The army did. | Dam | ", shared])],
                        [ValidationItem("How many troops?", [shared], [True], [True], None)], ["dam"],
                        saved_state(random.Random(13)))
    examples.write(tmp_path / name)
    assert Examples.read(tmp_path / name) == examples
    assert Examples.read(tmp_path / name).generator().random() == random.Random(13).random()


def test_training_needs_only_torch_not_the_rest_of_the_bot() -> None:
    """So that it runs on a GPU machine that has torch and nothing else of ours (bot/ranker/gpu)."""
    probe = ("import sys, types\n"
             "for name, path in (('bot', 'bot'), ('bot.ranker', 'bot/ranker')):\n"
             "    sys.modules[name] = types.ModuleType(name); sys.modules[name].__path__ = [path]\n"
             "import bot.ranker.train\n"
             "print(sorted({m.split('.')[0] for m in sys.modules}))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "torch" in loaded.stdout
    for heavy in ("corpus", "index", "langchain_core", "chromadb", "bm25s", "pysbd", "sentence_transformers"):
        assert f"'{heavy}'" not in loaded.stdout
