"""Fit the candidate ranker and its abstention threshold on SQuAD v1.1 train (never on XQuAD).

    python -m bot.ranker.fit [--titles 20] [--questions 100] [--seed 13]

Whole Wikipedia titles are drawn with a fixed seed and indexed paragraph by paragraph; the last
fifth of them is held out for validation. Each question's candidates come from the real pipeline
(hybrid retrieval, then `bot.spans`); a candidate is positive when it contains the gold answer.
A second model judges whether a question's best candidate answers it at all, trained on the same
questions asked with their own paragraph indexed and left out. Its threshold keeps wrongful
abstentions on answerable validation questions at `--false-abstain` (5%); the card reports how
often the bot then abstains on the same questions asked with their own paragraph left out.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.conversation import Resolved
from bot.core import Bot
from bot.question import analyse
from bot.ranker.linear import DEFAULT_PATH, LinearRanker
from bot.ranker.squad import GoldQuestion, load_squad
from bot.settings import Settings
from bot.spans import ANSWER_TYPES, FEATURES, Candidate
from index import SearchFilters

log = logging.getLogger(__name__)
DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "squad" / "train-v1.1.json.gz"


# Features SQuAD hardly exercises (quotes of a named speaker, a topic asked about, earlier turns, headlines)
# get fixed weights, in logits, instead of fitted ones; SQuAD decides the rest.
RANKER_PRIOR = {"context_coverage": 1.0, "headline": -2.0, "speaker": 1.0, "speaker_attributed": 1.0,
                "speaker_direct": 1.5, "topic_missing": -3.0,
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


def collect(bot: Bot, questions: list[GoldQuestion]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per question: candidate features and labels with its paragraph, and features without it."""
    answerer = bot._answerer  # noqa: SLF001 - fitting reads the answerer's candidates before scoring
    rows = []
    for q in questions:
        resolved = Resolved(analyse(q.question), "")
        own = answerer.candidates(resolved, SearchFilters())
        others = answerer.candidates(resolved, SearchFilters(), exclude=frozenset({q.article_id}))
        width = len(FEATURES)
        rows.append((np.array([c.features for c in own]).reshape(-1, width),
                     np.array([_positive(c, q) for c in own], dtype=bool),
                     np.array([c.features for c in others]).reshape(-1, width)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--titles", type=int, default=20)
    parser.add_argument("--questions", type=int, default=100, help="questions drawn per title")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--false-abstain", type=float, default=0.05)
    parser.add_argument("--work", type=Path, default=Path(".bench/ranker-fit"))
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--reuse", action="store_true", help="reuse the features collected by an earlier run")
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

    cache = args.work / f"features-{args.titles}-{args.questions}-{args.seed}.npz"
    if args.reuse and cache.exists():
        saved = np.load(cache, allow_pickle=True)
        train, valid = list(saved["train"]), list(saved["valid"])
    else:
        bot = Bot.open(args.work, settings=Settings(data_dir=args.work, load_sample=False),
                       ranker=LinearRanker.untrained())
        report = bot.index_articles(articles)
        log.info("indexed %d paragraphs (%d chunks) from %d titles", len(articles), report.chunks, len(keep))
        train = collect(bot, [q for t, qs in sample.items() if t not in held_out for q in qs])
        valid = collect(bot, [q for t, qs in sample.items() if t in held_out for q in qs])
        np.savez(cache, train=np.array(train, dtype=object), valid=np.array(valid, dtype=object))
    log.info("collected %d training and %d validation questions", len(train), len(valid))

    # The ranker: which candidate of a question holds the answer.
    x = np.concatenate([f for f, _, _ in train if len(f)])
    y = np.concatenate([lab for f, lab, _ in train if len(f)])
    weights, bias = _fit(x, y, RANKER_PRIOR)

    def best(features: np.ndarray) -> np.ndarray | None:
        return features[int(np.argmax(features @ weights))] if len(features) else None

    # Answerability: does the best candidate answer at all? Own paragraph indexed (1) or left out (0).
    def answerability_set(rows: list) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(b, 1) for f, _, _ in rows if (b := best(f)) is not None]
        pairs += [(b, 0) for _, _, o in rows if (b := best(o)) is not None]
        return np.array([p for p, _ in pairs]), np.array([label for _, label in pairs])

    ax, ay = answerability_set(train)
    judge_weights, judge_bias = _fit(ax, ay, JUDGE_PRIOR)

    def answerable(features: np.ndarray) -> float:
        top = best(features)
        return 0.0 if top is None else float(1 / (1 + np.exp(-(top @ judge_weights + judge_bias))))

    hits = [bool(len(f)) and bool(lab[int(np.argmax(f @ weights))]) for f, lab, _ in valid]
    with_own = np.array([answerable(f) for f, _, _ in valid])
    without_own = np.array([answerable(o) for _, _, o in valid])
    threshold = float(np.quantile(with_own, args.false_abstain))
    curve = {f"{q:.2f}": round(float(np.mean(without_own < np.quantile(with_own, q))), 3)
             for q in (0.04, 0.08, 0.13, 0.2)}
    card = {
        "features": list(FEATURES), "weights": [round(float(w), 5) for w in weights], "bias": round(bias, 5),
        "answerable_weights": [round(float(w), 5) for w in judge_weights], "answerable_bias": round(judge_bias, 5),
        "threshold": round(threshold, 5),
        "card": {
            "model": "two logistic regressions over candidate features (bot/spans.py), C=1.0: a ranker over "
                     "every candidate, and an answerability judge over each question's best candidate",
            "fixed_weights": {"ranker": RANKER_PRIOR, "judge": JUDGE_PRIOR},
            "data": "SQuAD v1.1 train (CC BY-SA 4.0), paragraphs indexed as articles",
            "command": f"python -m bot.ranker.fit --titles {args.titles} --questions {args.questions} "
                       f"--seed {args.seed} --false-abstain {args.false_abstain}",
            "titles": {"train": sorted(keep - held_out), "validation": sorted(held_out)},
            "questions": {"train": len(train), "validation": len(valid)},
            "validation": {
                "top1_candidate_accuracy": round(float(np.mean(hits)), 4),
                "false_abstention_answerable": round(float(np.mean(with_own < threshold)), 4),
                "abstention_own_paragraph_removed": round(float(np.mean(without_own < threshold)), 4),
                "abstention_removed_at_false_abstention": curve,
            },
            "seconds": round(time.perf_counter() - began),
        },
    }
    args.out.write_text(json.dumps(card, indent=1) + "\n")
    log.info("wrote %s: %s", args.out, json.dumps(card["card"]["validation"]))


if __name__ == "__main__":
    main()
