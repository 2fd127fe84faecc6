"""The chat page, measured and photographed: `verbatim chat` start-up, answer latency in the browser, screenshots.

    python benchmarks/web.py [--rounds N] [--no-screenshots]

Starts `verbatim chat` on a free port over a fresh data dir (cold: the model loads and the sample
article is indexed) and again over the same dir (warm), timing each from process start to the first
served page. Then headless Chromium (Debian's /usr/bin/chromium) asks questions and times each from
Enter to the answer's quotes on screen, and saves docs/screenshots/{answer,source,abstention,corpus}.png.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ROOT, print_table
from playwright.sync_api import Page, expect, sync_playwright

SHOTS = ROOT / "docs" / "screenshots"
DATA = ROOT / "tests" / "data"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
QUESTIONS = ["What did Lavrov say?", "Who signed the cooperation agreement?",
             "Where did they hold their news conference?", "How long will the treaty remain in force?",
             "What did Putin say about the deal?"]


def start_chat(data_dir: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """`verbatim chat` (the console script's entry point, run with this interpreter and checkout)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    log = data_dir.with_suffix(".log")
    began = time.perf_counter()
    with log.open("ab") as output:
        process = subprocess.Popen([sys.executable, "-c", "from bot.frontends.cli import main; main()", "chat",
                                    "--port", str(port), "--data-dir", str(data_dir)], cwd=ROOT,
                                   stdout=output, stderr=output)
    while True:
        if process.poll() is not None:
            raise SystemExit(f"`verbatim chat` exited with status {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return process, url, time.perf_counter() - began
        except OSError:
            time.sleep(0.05)


def ask(page: Page, question: str) -> float:
    """Seconds from Enter to the answer's quotes (or its abstention) on screen."""
    answers = page.locator("#vb-chat .vb-answer")
    before = answers.count()
    page.locator("#vb-question textarea").fill(question)
    began = time.perf_counter()
    page.keyboard.press("Enter")
    expect(answers.nth(before).locator(".vb-quote, .vb-label").first).to_be_visible(timeout=60_000)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked")
    parser.add_argument("--no-screenshots", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        process, _, cold = start_chat(data_dir)
        process.terminate()
        process.wait()
        process, url, warm = start_chat(data_dir)
        try:
            rows = [("`verbatim chat` to served page, fresh data dir (s)", f"{cold:.1f}"),
                    ("`verbatim chat` to served page, existing index (s)", f"{warm:.1f}")]
            rows += browse(url, args.rounds, screenshots=not args.no_screenshots)
        finally:
            process.terminate()
            process.wait()
    print_table("Chat page (2-core machine)", rows)


def browse(url: str, rounds: int, *, screenshots: bool) -> list[tuple[str, str]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        began = time.perf_counter()
        page.goto(url)
        page.locator("#vb-question textarea").wait_for()
        loaded = time.perf_counter() - began
        ask(page, QUESTIONS[0])  # warm-up: the first question fills the caches
        page.locator("#vb-chat button[aria-label='Clear']").click()
        latencies = [ask(page, q) for _ in range(rounds) for q in QUESTIONS]
        if screenshots:
            photograph(page)
        browser.close()
    ordered = sorted(latencies)
    return [("page load in Chromium (s)", f"{loaded:.2f}"),
            (f"answer latency, Enter to quotes on screen, median of {len(latencies)} (s)",
             f"{statistics.median(latencies):.2f}"),
            ("answer latency, 90th percentile (s)", f"{ordered[int(0.9 * (len(ordered) - 1))]:.2f}"),
            ("answer latency, slowest (s)", f"{ordered[-1]:.2f}")]


def photograph(page: Page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#vb-chat button[aria-label='Clear']").click()
    ask(page, "What did Lavrov say?")
    page.screenshot(path=SHOTS / "answer.png")
    ask(page, "When did he say it?")
    page.locator("#vb-chat .vb-answer").last.locator(".vb-quote").first.click()
    expect(page.locator("#vb-source-panel mark.vb-focus")).to_be_visible()
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / "source.png")
    page.locator("#vb-chat button[aria-label='Clear']").click()
    ask(page, "How many goals did Messi score?")
    page.screenshot(path=SHOTS / "abstention.png")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#vb-upload input[type=file]").set_input_files([DATA / "web-lighthouse.txt",
                                                                 DATA / "web-rejected.csv"])
    expect(page.locator("#vb-status")).to_contain_text("Rejected", timeout=60_000)
    expect(page.locator("#vb-upload")).not_to_contain_text("web-lighthouse.txt")  # cleared for the next upload
    page.screenshot(path=SHOTS / "corpus.png")


if __name__ == "__main__":
    main()
