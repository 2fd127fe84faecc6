"""The shipped cross-encoder: loads offline, reads new question/sentence pairs well, and fails over cleanly."""

from __future__ import annotations

import logging
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot import Bot
from bot.ranker import Ranker, shipped_ranker
from bot.ranker.cross import DEFAULT_DIR, CrossEncoder, passage
from bot.conversation import Resolved
from bot.question import analyse
from bot.ranker.rerank import BLEND_FILE
from bot.spans import Candidate
from index import SearchFilters
from corpus import Span
from tests.conftest import DATA

# Written for this test (not from SQuAD or XQuAD): each question, the sentence that answers it, then
# distractors from the same story that share its words but do not answer it.
CASES = [
    ("How did investors react to the merger?",
     "Shares of Halvorsen Freight fell 12 percent in early trading after the deal was announced.",
     ["The merger of Halvorsen Freight and Tidewell Logistics was announced on Monday.",
      "Halvorsen Freight was founded in 1974 by two brothers in Bergen.",
      "The combined company will be run from Rotterdam, executives said."]),
    ("When will the new bridge open to traffic?",
     "The bridge is expected to carry its first cars in the spring of 2028, two years later than planned.",
     ["The new bridge will span 1.4 kilometres across the estuary.",
      "Residents have complained about traffic on the old bridge for a decade.",
      "Engineers chose a cable-stayed design for the new bridge."]),
    ("Why did the council reject the stadium plan?",
     "Councillors voted it down because the club could not show how it would pay for the new roads.",
     ["The stadium plan was the third the club has submitted since 2019.",
      "The council meeting lasted more than five hours.",
      "Supporters of the stadium plan gathered outside the town hall."]),
    ("How many people were evacuated?",
     "Some 4,300 residents were moved to shelters in neighbouring towns overnight.",
     ["The evacuation order covered the whole of the river valley.",
      "People were told to take medicines and documents with them.",
      "The flood warning was lifted on Thursday morning."]),
    ("What did the health minister warn about?",
     "“We will run out of intensive-care beds within a fortnight,” the health minister warned.",
     ["The health minister visited two hospitals on Tuesday.",
      "The ministry's budget for next year has not yet been published.",
      "Hospital staff say they have worked double shifts since October."]),
]


@pytest.fixture(scope="module")
def cross() -> CrossEncoder:
    model = CrossEncoder.load()
    assert model is not None, f"the shipped cross-encoder in {DEFAULT_DIR} did not load"
    return model


def _as_the_answerer_sees_them(sentences: list[str]) -> list[str]:
    """The sentences as one article, each shown to the model the way the answerer shows a candidate."""
    text = "Local news\n\n" + " ".join(sentences)
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.index(sentence, cursor)
        spans.append(Span(start, start + len(sentence)))
        cursor = start + len(sentence)
    return [passage("Local news", text, span) for span in spans]


@pytest.mark.parametrize(("question", "answer", "distractors"), [pytest.param(*c, id=c[0]) for c in CASES])
def test_the_answering_sentence_scores_above_its_distractors(cross: CrossEncoder, question: str, answer: str,
                                                              distractors: list[str]) -> None:
    sentences = [distractors[0], answer, *distractors[1:]]  # the answer second: not the lead
    scores = cross.score(question, _as_the_answerer_sees_them(sentences))
    assert int(np.argmax(scores)) == 1, dict(zip(sentences, scores.round(2).tolist(), strict=True))


def test_a_lead_describing_whom_the_next_sentence_names_is_read_with_that_name(cross: CrossEncoder) -> None:
    text = ("Water chief jailed for bribery\n\nMERVAL, Oct 2 (Wire) - The former head of the Merval Water Board was "
            "sentenced on Monday to five years in prison for taking bribes from building firms. Tomas Vell, 61, who "
            "ran the board from 2015 until 2022, was convicted of bribery after a trial that lasted 11 weeks.")
    lead = Span(text.index("MERVAL"), text.index(" Tomas"))
    plain, headed = cross.score("How long was Tomas Vell sentenced to?", [
        passage("Water chief jailed for bribery", text, lead),
        passage("Water chief jailed for bribery", text, lead, "Tomas Vell")])
    assert plain < 0 < headed, (plain, headed)  # without the name, the model cannot tell whom it sentences


def test_the_cross_encoder_setting_reranks_with_it(make_bot) -> None:  # type: ignore[no-untyped-def]
    ranker = shipped_ranker(cross_encoder=True)
    assert ranker.cross is not None
    assert ranker.blend is not None and 1 <= ranker.blend.top <= 50 and 0 < ranker.blend.gate < 1
    assert shipped_ranker(cross_encoder=False).cross is None

    bot: Bot = make_bot(cross_encoder=True)
    bot.index([DATA / "news"])
    answer = bot.ask("How many passengers will the light rail line carry?")
    assert not answer.abstained
    assert "60,000 passengers a day" in answer.quotes[0].text
    assert bot._answerer._ranker is ranker  # noqa: SLF001 - the bot answered through the cross-encoder


QUESTIONS = ["How many passengers will the light rail line carry?", "Why did wheat harvests fall?",
             "Who is Mira Castell?", "What did the mayor say?", "How much will the harbor budget grow?",
             "When will the chipmaker report its results?", "What happened to the farms?"]


def test_the_cross_encoder_reads_only_where_the_features_are_unsure(make_bot) -> None:  # type: ignore[no-untyped-def]
    bot: Bot = make_bot()
    bot.index([DATA / "news"])
    shipped, always, never = Ranker.load(), Ranker.load(gate=math.inf), Ranker.load(gate=0.0)
    assert shipped.blend is not None
    read = []
    for question in QUESTIONS:
        def candidates(q: str = question) -> list[Candidate]:
            return bot._answerer.candidates(Resolved(analyse(q), ""), SearchFilters())  # noqa: SLF001

        by_features = candidates()
        shipped.linear.score(by_features)
        by_features.sort(key=lambda c: -c.score)
        ranked = shipped.rank(question, candidates())
        read.append(shipped.blend.reads(by_features))
        assert all(c.cross is not None for c in ranked) if read[-1] else all(c.cross is None for c in ranked)
        assert len(always.rank(question, candidates())) == shipped.blend.top
        assert all(c.cross is None for c in never.rank(question, candidates()))
    assert any(read) and not all(read), "these questions should include narrow and clear leads"


def _copy_model(tmp_path: Path) -> Path:
    folder = tmp_path / "cross-encoder"
    shutil.copytree(DEFAULT_DIR, folder)
    return folder


@pytest.mark.parametrize("damage", ["missing", "corrupt", "blend for another model"])
def test_a_damaged_model_warns_and_falls_back_to_the_feature_ranker(
        tmp_path: Path, damage: str, make_bot, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    folder = _copy_model(tmp_path)
    if damage == "missing":
        (folder / "model.onnx").unlink()
    elif damage == "corrupt":
        (folder / "model.onnx").write_bytes(b"\x00not an onnx model" * 100)
    else:
        blend = (folder / BLEND_FILE).read_text()
        (folder / BLEND_FILE).write_text(blend.replace('"model_sha256": "', '"model_sha256": "0', 1))
    with caplog.at_level(logging.WARNING):
        ranker = Ranker.load(cross_dir=folder)
    assert ranker.cross is None and ranker.blend is None
    assert "feature ranker" in caplog.text and str(folder) in caplog.text

    bot = make_bot()
    bot = Bot(bot.store, bot.embeddings, settings=bot.settings, ranker=ranker)
    bot.index([DATA / "news"])
    answer = bot.ask("What did Mayor Okafor say about the rail vote?")
    assert not answer.abstained and answer.quotes
    for q in answer.quotes:
        assert bot.article(q.article_id).text[q.start:q.end] == q.text

