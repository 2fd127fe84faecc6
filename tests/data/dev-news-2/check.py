#!/usr/bin/env python3
"""Sanity checks for the dev-news-2 question set. Run: python3 check.py

Errors make the script exit 1; warnings are printed but do not fail."""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
QUESTIONS = HERE / "questions.jsonl"

ALLOWED = {"id", "question", "history", "article", "gold", "gold_all", "abstain", "articles"}
REQUIRED = {"id", "question", "article"}
PREFIXES = ("fact-", "para-", "say-", "fu-", "multi-", "abs-")

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def load_articles():
    arts = {}
    for p in sorted(ARTICLES.iterdir()):
        if p.is_file():
            if p.stem in arts:
                err(f"two article files share the stem {p.stem!r}")
            arts[p.stem] = (p, p.read_text(encoding="utf-8"))
    return arts


def story_text(path, text):
    """Plain story text, used only for the word count."""
    if path.suffix == ".html":
        m = re.search(r"<article\b.*?</article>", text, re.S)
        return re.sub(r"<[^>]+>", " ", m.group(0)) if m else ""
    return text


def inside_tag(text, i):
    """True when position i lies inside a tag (<...>)."""
    return text.rfind("<", 0, i) > text.rfind(">", 0, i)


def check_span(qid, span, stem, arts):
    if stem not in arts:
        err(f"{qid}: article {stem!r} not found in articles/")
        return
    path, text = arts[stem]
    if not isinstance(span, str) or not span.strip():
        err(f"{qid}: empty or non-string gold span")
        return
    if span != span.strip():
        err(f"{qid}: gold span has leading/trailing whitespace: {span!r}")
    n = len(span.split())
    if not 2 <= n <= 12:
        err(f"{qid}: gold span has {n} words (want 2-12): {span!r}")
    if "\n" in span:
        err(f"{qid}: gold span crosses a line/paragraph break: {span!r}")
    starts = [m.start() for m in re.finditer(re.escape(span), text)]
    if not starts:
        err(f"{qid}: gold span not found verbatim in {path.name}: {span!r}")
        return
    if path.suffix == ".html":
        if any(c in span for c in "<>&"):
            err(f"{qid}: gold span contains markup or an entity: {span!r}")
        a0 = text.find("<article")
        a1 = text.find("</article>")
        ok = [s for s in starts if a0 < s and s + len(span) <= a1 and not inside_tag(text, s)]
        if not ok:
            err(f"{qid}: gold span occurs only outside the <article> text of {path.name}: {span!r}")
    if path.suffix == ".md" and any(c in span for c in "*#`"):
        err(f"{qid}: gold span contains Markdown markup: {span!r}")
    others = [s for s, (_, t) in arts.items() if s != stem and span in t]
    if others:
        warn(f"{qid}: gold span {span!r} also occurs in {others}")


def main():
    arts = load_articles()
    for stem, (path, text) in arts.items():
        n = len(story_text(path, text).split())
        if not 350 <= n <= 700:
            warn(f"article {path.name}: {n} words (brief asks 350-700)")

    seen = set()
    counts = {p: 0 for p in PREFIXES}
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    for ln, line in enumerate(lines, 1):
        if not line.strip():
            err(f"line {ln}: blank line")
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"line {ln}: invalid JSON ({e})")
            continue
        if not isinstance(q, dict):
            err(f"line {ln}: not a JSON object")
            continue
        qid = q.get("id", f"line {ln}")
        extra = set(q) - ALLOWED
        missing = REQUIRED - set(q)
        if extra:
            err(f"{qid}: unexpected keys {sorted(extra)}")
        if missing:
            err(f"{qid}: missing keys {sorted(missing)}")
            continue
        if not isinstance(qid, str) or not qid.startswith(PREFIXES):
            err(f"{qid}: id must be a string starting with one of {PREFIXES}")
        else:
            counts[next(p for p in PREFIXES if qid.startswith(p))] += 1
        if qid in seen:
            err(f"{qid}: duplicate id")
        seen.add(qid)
        if not isinstance(q["question"], str) or not q["question"].strip():
            err(f"{qid}: empty question")
        if q["article"] not in arts:
            err(f"{qid}: article {q['article']!r} not found in articles/")
        if "history" in q:
            h = q["history"]
            if not (isinstance(h, list) and h and all(isinstance(x, str) and x.strip() for x in h)):
                err(f"{qid}: history must be a non-empty list of strings")
        elif qid.startswith("fu-"):
            err(f"{qid}: follow-up without history")

        if q.get("abstain"):
            if q["abstain"] is not True:
                err(f"{qid}: abstain must be true")
            for k in ("gold", "gold_all", "articles"):
                if k in q:
                    err(f"{qid}: abstain question must not have {k!r}")
            if not qid.startswith("abs-"):
                warn(f"{qid}: abstain question without abs- prefix")
            continue
        if "abstain" in q:
            err(f"{qid}: abstain present but not true")
        if qid.startswith("abs-"):
            err(f"{qid}: abs- question without abstain: true")
        gold = q.get("gold")
        if not isinstance(gold, list) or not gold:
            err(f"{qid}: gold must be a non-empty list")
            continue
        if "gold_all" in q:
            if q["gold_all"] is not True:
                err(f"{qid}: gold_all must be true when present")
            if len(gold) < 2:
                err(f"{qid}: gold_all with fewer than two spans")
        stems = [q["article"]] * len(gold)
        if "articles" in q:
            a = q["articles"]
            if not (isinstance(a, list) and len(a) == len(gold) and all(isinstance(x, str) for x in a)):
                err(f"{qid}: articles must be a list of stems, one per gold span")
                continue
            if q["article"] not in a:
                err(f"{qid}: article must be one of articles")
            stems = a
        for span, stem in zip(gold, stems):
            check_span(qid, span, stem, arts)

    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(lines)} questions; " + ", ".join(f"{p} {n}" for p, n in counts.items()))
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
