"""Fit the candidate ranker, its blend with the cross-encoder, and the abstention threshold on SQuAD v1.1
train (never on XQuAD).

    python -m bot.ranker.fit [--titles 20] [--questions 50] [--seed 13]

Whole Wikipedia titles are drawn with a fixed seed and indexed paragraph by paragraph; the last
fifth of them is held out for validation. Each question's candidates come from the real pipeline
(hybrid retrieval, then `bot.spans`); a candidate is positive when it contains the gold answer.
A second model judges whether a question's best candidate answers it at all, trained on the same
questions asked with their own paragraph indexed and left out. Its threshold keeps wrongful
abstentions on answerable validation questions at `--false-abstain` (5%); the card reports how
often the bot then abstains on the same questions asked with their own paragraph left out.

When the shipped cross-encoder loads, a second pair of regressions blends it in (`bot.ranker.rerank`):
it reads the `--top` candidates the feature ranker likes best, the final score weighs both logits, and
the answerability judge and its threshold are refitted on the blend. The model reads only where the
feature ranker's lead is narrow, or its best candidate holds few of the question's words (`rerank.unsure`): the
gate is the lead below which `--read-share` of the training questions fall, a latency budget (each candidate read
costs about 13 ms on 2 cores). That goes to the cross-encoder's folder, tied to its model file by digest.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.conversation import Resolved
from bot.core import Bot
from bot.question import analyse
from bot.ranker.cross import DEFAULT_DIR, CrossEncoder
from bot.ranker.linear import DEFAULT_PATH, LinearRanker
from bot.ranker.rerank import BLEND_FILE, Blend, Ranker, as_read, lead, logit, model_digest, sigmoid, unsure
from bot.ranker.squad import GoldQuestion, load_squad
from bot.settings import Settings
from bot.spans import ANSWER_TYPES, FEATURES, Candidate
from index import SearchFilters

log = logging.getLogger(__name__)
DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "squad" / "train-v1.1.json.gz"


# Features SQuAD hardly exercises (quotes of a named speaker, a topic asked about, earlier turns, headlines)
# get fixed weights, in logits, instead of fitted ones; SQuAD decides the rest.
RANKER_PRIOR = {# A follow-up stays with the story the conversation is about, even where another article shares its
                # words ("What are the opening hours?" after a question about a library): as strong as a missing topic.
                "context_coverage": 3.0, "headline": -2.0, "speaker": 1.0, "speaker_attributed": 1.0,
                "speaker_direct": 1.5, "topic_missing": -3.0,
                # A wire story's lead, opened by its dateline, sums the story up in the words questions about its
                # details repeat; it holds 38 of the 581 answers of twelve development sets, and -0.5 to -1.0 put
                # the answer first for 5 more of them (-2.0 for 1 more, -3.0 for 4 fewer). Wikipedia has none.
                "lead": -0.75,
                # Answer-type cues fire on most Wikipedia sentences, so SQuAD rates them near zero; in news the
                # sentence that holds the amount or name asked for should win over one that only repeats the words.
                **{f"type_{t.value}": 1.5 for t in ANSWER_TYPES}}
JUDGE_PRIOR = {"context_coverage": 1.0, "headline": -1.0, "speaker": 0.0, "speaker_attributed": 1.0,
               "speaker_direct": 0.5, "topic_missing": -3.0}
FITTED = [i for i, name in enumerate(FEATURES) if name not in RANKER_PRIOR]


def _fit(x: np.ndarray, y: np.ndarray, prior: dict[str, float]) -> tuple[np.ndarray, float]:
    """Logistic regression on the fitted columns, the prior's weights on the others."""
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x[:, FITTED], y)
    weights = np.array([prior.get(name, 0.0) for name in FEATURES])
    weights[FITTED] = model.coef_[0]
    return weights, float(model.intercept_[0])


def _positive(candidate: Candidate, q: GoldQuestion) -> bool:
    return candidate.article.id == q.article_id and candidate.span.start <= q.start and q.end <= candidate.span.end


@dataclass(frozen=True, slots=True)
class Row:
    """One question's candidates with its own paragraph indexed (labelled) and with it left out."""

    question: str
    features: np.ndarray
    labels: np.ndarray
    passages: list[str]
    other_features: np.ndarray
    other_passages: list[str]


def collect(bot: Bot, questions: list[GoldQuestion]) -> list[Row]:
    answerer = bot._answerer  # noqa: SLF001 - fitting reads the answerer's candidates before scoring
    width = len(FEATURES)
    rows = []
    for q in questions:
        resolved = Resolved(analyse(q.question), "")
        own = answerer.candidates(resolved, SearchFilters())
        others = answerer.candidates(resolved, SearchFilters(), exclude=frozenset({q.article_id}))
        rows.append(Row(q.question, np.array([c.features for c in own]).reshape(-1, width),
                        np.array([_positive(c, q) for c in own], dtype=bool),
                        [as_read(c) for c in own],
                        np.array([c.features for c in others]).reshape(-1, width),
                        [as_read(c) for c in others]))
    return rows


def _logits(features: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return features @ weights + bias


@dataclass(frozen=True, slots=True)
class Reading:
    """The cross-encoder's view of one question's top candidates by features."""

    order: np.ndarray  # indices of the candidates read, best by features first
    ranker: np.ndarray  # the feature ranker's logit of each
    cross: np.ndarray  # the cross-encoder's logit of each
    judge: np.ndarray  # the feature answerability logit of each
    coverage: float  # the best one's coverage of the question's words

    def best(self, w: np.ndarray) -> int:
        return int(np.argmax(self.ranker * w[0] + self.cross * w[1]))

    @property
    def lead(self) -> float:
        return lead([sigmoid(x) for x in self.ranker[:2]])


def _read(cross: CrossEncoder, ranker: LinearRanker, question: str, features: np.ndarray,
          passages: list[str], top: int) -> Reading | None:
    if not len(features):
        return None
    order = np.argsort(-_logits(features, ranker.weights, ranker.bias), kind="stable")[:top]
    return Reading(order, _logits(features[order], ranker.weights, ranker.bias),
                   cross.score(question, [passages[i] for i in order]),
                   _logits(features[order], ranker.answerable_weights, ranker.answerable_bias),
                   float(features[order[0], FEATURES.index("coverage")]))


def fit_blend(cross: CrossEncoder, train: list[Row], valid: list[Row], ranker: LinearRanker, *, top: int,
              false_abstain: float, read_share: float) -> tuple[Blend, dict]:
    """Blend weights for the cross-encoder's logit beside the feature ranker's, on each question's `top`
    candidates by features; then the answerability judge on the best blended candidate, own paragraph
    indexed (1) or left out (0), and its threshold at `false_abstain` on the validation questions; then
    the gate, the feature ranker's lead below which `read_share` of the training questions fall."""

    def read(rows: list[Row]) -> list[tuple[Row, Reading | None, Reading | None]]:
        return [(r, _read(cross, ranker, r.question, r.features, r.passages, top),
                 _read(cross, ranker, r.question, r.other_features, r.other_passages, top)) for r in rows]

    fit_rows, valid_rows = read(train), read(valid)
    own = [(r, reading) for r, reading, _ in fit_rows if reading is not None]
    x = np.concatenate([np.column_stack([g.ranker, g.cross]) for _, g in own])
    y = np.concatenate([r.labels[g.order] for r, g in own])
    rank_model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    w, b = rank_model.coef_[0], float(rank_model.intercept_[0])

    def judged(reading: Reading) -> np.ndarray:  # (feature answerability logit, cross logit) of the best
        i = reading.best(w)
        return np.array([reading.judge[i], reading.cross[i]])

    judge_x = [judged(g) for _, g, _ in fit_rows if g is not None]
    judge_y = [1] * len(judge_x)
    judge_x += [judged(g) for _, _, g in fit_rows if g is not None]
    judge_y += [0] * (len(judge_x) - len(judge_y))
    judge_model = LogisticRegression(C=1.0, max_iter=5000).fit(np.array(judge_x), np.array(judge_y))
    jw, jb = judge_model.coef_[0], float(judge_model.intercept_[0])

    def answerable(reading: Reading | None) -> float:
        return 0.0 if reading is None else float(1 / (1 + np.exp(-(judged(reading) @ jw + jb))))

    with_own = np.array([answerable(g) for _, g, _ in valid_rows])
    threshold = float(np.quantile(with_own, false_abstain))
    leads = [g.lead for _, g, _ in fit_rows if g is not None]
    gate = float(np.quantile(leads, read_share))

    def reads(reading: Reading | None, at: float) -> bool:  # with the gate at `at`
        return reading is not None and unsure(reading.lead, reading.coverage, at)

    def hit(row: Row, reading: Reading | None, at: float) -> bool:
        return reading is not None and bool(row.labels[reading.order[reading.best(w) if reads(reading, at) else 0]])

    def abstains(reading: Reading | None, at: float) -> bool:
        if not reads(reading, at):  # judged by the feature ranker alone
            return reading is None or reading.judge[0] < logit(ranker.threshold)
        return answerable(reading) < threshold

    def measured(at: float) -> dict:
        def share(values: list[bool]) -> float:
            return round(float(np.mean(values)), 4)

        return {"read": share([reads(g, at) for _, g, _ in valid_rows]),
                "top1_candidate_accuracy": share([hit(r, g, at) for r, g, _ in valid_rows]),
                "false_abstention_answerable": share([abstains(g, at) for _, g, _ in valid_rows]),
                "abstention_own_paragraph_removed": share([abstains(g, at) for _, _, g in valid_rows])}

    shares = {f"{share:.1f}": measured(float(np.quantile(leads, share))) for share in (0.2, 0.3, 0.4, 0.5)}
    blend = Blend(top, (float(w[0]), float(w[1])), b, (float(jw[0]), float(jw[1])), jb, threshold, gate)
    card = {"top": top, "read_share": read_share, "questions": {"fit": len(train), "validation": len(valid)},
            "validation": {"features_only": measured(-np.inf), "always_read": measured(np.inf),
                           "shipped_gate": measured(gate), "by_read_share": shares}}
    return blend, card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--titles", type=int, default=20)
    parser.add_argument("--questions", type=int, default=50, help="questions drawn per title")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--false-abstain", type=float, default=0.05)
    parser.add_argument("--top", type=int, default=6, help="candidates the cross-encoder reads")
    parser.add_argument("--blend-questions", type=int, default=400, help="training questions the blend is fitted on")
    parser.add_argument("--read-share", type=float, default=0.4,
                        help="share of questions the cross-encoder reads: those where the feature ranker's lead is "
                             "narrowest")
    parser.add_argument("--work", type=Path, default=Path(".bench/ranker-fit"))
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--cross-encoder", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--reuse", action="store_true", help="reuse the candidates collected by an earlier run")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    began = time.perf_counter()

    articles, questions = load_squad(args.data)
    rng = random.Random(args.seed)
    titles = sorted({a.id.split("/")[0] for a in articles})
    chosen = rng.sample(titles, args.titles)
    held_out = set(chosen[: max(1, args.titles // 5)])
    keep = set(chosen)
    articles = [a for a in articles if a.id.split("/")[0] in keep]
    by_title: dict[str, list[GoldQuestion]] = {}
    for q in questions:
        if q.article_id.split("/")[0] in keep:
            by_title.setdefault(q.article_id.split("/")[0], []).append(q)
    sample = {t: rng.sample(qs, min(args.questions, len(qs))) for t, qs in sorted(by_title.items())}

    cache = args.work / f"candidates-{args.titles}-{args.questions}-{args.seed}.pickle"
    if args.reuse and cache.exists():
        train, valid = pickle.loads(cache.read_bytes())  # noqa: S301 - our own cache file
    else:
        bot = Bot.open(args.work, settings=Settings(data_dir=args.work, load_sample=False),
                       ranker=Ranker(LinearRanker.untrained()))
        report = bot.index_articles(articles)
        log.info("indexed %d paragraphs (%d chunks) from %d titles", len(articles), report.chunks, len(keep))
        train = collect(bot, [q for t, qs in sample.items() if t not in held_out for q in qs])
        valid = collect(bot, [q for t, qs in sample.items() if t in held_out for q in qs])
        cache.write_bytes(pickle.dumps((train, valid)))
    log.info("collected %d training and %d validation questions", len(train), len(valid))

    # The ranker: which candidate of a question holds the answer.
    x = np.concatenate([r.features for r in train if len(r.features)])
    y = np.concatenate([r.labels for r in train if len(r.features)])
    weights, bias = _fit(x, y, RANKER_PRIOR)

    def best(features: np.ndarray) -> np.ndarray | None:
        return features[int(np.argmax(features @ weights))] if len(features) else None

    # Answerability: does the best candidate answer at all? Own paragraph indexed (1) or left out (0).
    def answerability_set(rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(b, 1) for r in rows if (b := best(r.features)) is not None]
        pairs += [(b, 0) for r in rows if (b := best(r.other_features)) is not None]
        return np.array([p for p, _ in pairs]), np.array([label for _, label in pairs])

    ax, ay = answerability_set(train)
    judge_weights, judge_bias = _fit(ax, ay, JUDGE_PRIOR)

    def answerable(features: np.ndarray) -> float:
        top = best(features)
        return 0.0 if top is None else float(1 / (1 + np.exp(-(top @ judge_weights + judge_bias))))

    hits = [bool(len(r.features)) and bool(r.labels[int(np.argmax(r.features @ weights))]) for r in valid]
    with_own = np.array([answerable(r.features) for r in valid])
    without_own = np.array([answerable(r.other_features) for r in valid])
    threshold = float(np.quantile(with_own, args.false_abstain))
    curve = {f"{q:.2f}": round(float(np.mean(without_own < np.quantile(with_own, q))), 3)
             for q in (0.04, 0.08, 0.13, 0.2)}
    command = (f"python -m bot.ranker.fit --titles {args.titles} --questions {args.questions} "
               f"--seed {args.seed} --false-abstain {args.false_abstain}")
    validation = {
        "top1_candidate_accuracy": round(float(np.mean(hits)), 4),
        "false_abstention_answerable": round(float(np.mean(with_own < threshold)), 4),
        "abstention_own_paragraph_removed": round(float(np.mean(without_own < threshold)), 4),
        "abstention_removed_at_false_abstention": curve,
    }
    card = {
        "features": list(FEATURES), "weights": [round(float(w), 5) for w in weights], "bias": round(bias, 5),
        "answerable_weights": [round(float(w), 5) for w in judge_weights], "answerable_bias": round(judge_bias, 5),
        "threshold": round(threshold, 5),
        "card": {
            "model": "two logistic regressions over candidate features (bot/spans.py), C=1.0: a ranker over "
                     "every candidate, and an answerability judge over each question's best candidate",
            "fixed_weights": {"ranker": RANKER_PRIOR, "judge": JUDGE_PRIOR},
            "data": "SQuAD v1.1 train (CC BY-SA 4.0), paragraphs indexed as articles",
            "command": command,
            "titles": {"train": sorted(keep - held_out), "validation": sorted(held_out)},
            "questions": {"train": len(train), "validation": len(valid)},
            "validation": validation,
            "seconds": round(time.perf_counter() - began),
        },
    }
    args.out.write_text(json.dumps(card, indent=1) + "\n")
    log.info("wrote %s: %s", args.out, json.dumps(validation))

    cross = CrossEncoder.load(args.cross_encoder)
    if cross is None:
        return
    linear = LinearRanker.load(args.out)
    blend, blend_card = fit_blend(cross, train[: args.blend_questions], valid, linear, top=args.top,
                                  false_abstain=args.false_abstain, read_share=args.read_share)
    blend_card["command"] = command + (f" --top {args.top} --blend-questions {args.blend_questions} "
                                       f"--read-share {args.read_share}")
    blend_card["seconds"] = round(time.perf_counter() - began)
    (args.cross_encoder / BLEND_FILE).write_text(blend.to_json(model_digest(args.cross_encoder), blend_card))
    log.info("wrote %s: %s", args.cross_encoder / BLEND_FILE, json.dumps(blend_card["validation"]))


if __name__ == "__main__":
    main()
