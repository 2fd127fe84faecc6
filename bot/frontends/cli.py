"""`verbatim`: the command line. It translates arguments and errors and draws progress; `Bot` does the work."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from corpus.errors import VerbatimError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Answers questions about news articles with verbatim quoted source spans.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Index folder [default: $VERBATIM_DATA_DIR, "
                                                                 "else the user data dir]", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _open(data_dir: Path | None) -> Any:
    from bot import Bot  # imported here so `verbatim --help` answers at once

    with err.status("Loading the model and the index…"):
        return Bot.open(data_dir)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def index(paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt, .md, .html, .json, .jsonl")],
          data_dir: DataDir = None) -> None:
    """Index articles; unchanged ones are skipped, changed ones replaced, deleted files removed."""
    bot = _open(data_dir)
    with Progress(TextColumn("Embedding articles"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[chunks]} chunks"), TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("index", total=None, chunks=0)
        report = bot.index(paths, progress=lambda p: bar.update(task, completed=p.articles_done,
                                                                  total=p.articles_total, chunks=p.chunks_done))
    out.print(f"[bold]{len(report.added)}[/] added, [bold]{len(report.updated)}[/] updated, "
              f"[bold]{len(report.unchanged)}[/] unchanged, [bold]{len(report.removed)}[/] removed, "
              f"[bold]{len(report.skipped)}[/] skipped; {report.chunks} chunks embedded in {report.seconds:.1f}s")
    for skipped in report.skipped:
        out.print(f"  skipped {escape(skipped.path)}: {escape(skipped.reason)}")


@app.command()
def articles(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """List the indexed articles."""
    rows = [{"id": s.article.id, "title": s.article.title, "published": s.article.published, "url": s.article.url,
             "source": s.article.source, "chunks": s.chunk_count, "characters": len(s.article.text),
             "indexed_at": s.indexed_at} for s in _open(data_dir).articles()]
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        out.print(f"[bold]{escape(row['id'])}[/]  {escape(row['title'])}  ({row['chunks']} chunks"
                  f"{', ' + row['published'] if row['published'] else ''})")
    out.print(f"{len(rows)} article(s)")


@app.command()
def show(article_id: str, data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Print one article's stored text (the text quote offsets point into)."""
    a = _open(data_dir).article(article_id)
    if as_json:
        _print_json({"id": a.id, "title": a.title, "url": a.url, "published": a.published, "source": a.source,
                     "text": a.text})
    else:
        sys.stdout.write(a.text if a.text.endswith("\n") else a.text + "\n")


@app.command()
def remove(article_id: str, data_dir: DataDir = None) -> None:
    """Remove one article and its chunks from the index."""
    _open(data_dir).remove(article_id)
    out.print(f"removed {escape(article_id)}")


@app.command()
def ask(question: str,
        history: Annotated[list[str] | None, typer.Option("--history", help="An earlier question of the same "
                                                          "conversation; repeat, oldest first.")] = None,
        article: Annotated[list[str] | None, typer.Option("--article", help="Only quote this article id; "
                                                          "repeat for several.")] = None,
        source: Annotated[str | None, typer.Option(help="Only quote articles from this source.")] = None,
        since: Annotated[str | None, typer.Option(help="Only articles published on or after YYYY-MM-DD.")] = None,
        until: Annotated[str | None, typer.Option(help="Only articles published on or before YYYY-MM-DD.")] = None,
        data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Ask a question; the answer quotes the articles verbatim, or says they do not answer it."""
    bot = _open(data_dir)
    messages: list[dict[str, str]] = []
    for earlier in history or []:
        messages += [{"role": "user", "content": earlier}, {"role": "assistant", "content": bot.ask(earlier, messages).text}]
    answer = bot.ask(question, messages, article_ids=article or (), source=source,
                     published_from=_date(since, "--since"), published_to=_date(until, "--until"))
    if as_json:
        _print_json(answer.to_dict())
        return
    out.print(escape(answer.text))
    for q in answer.quotes:
        out.print(f"\n[bold][{q.n}][/] {escape(q.title)} ({escape(q.article_id)}, characters {q.start}-{q.end}"
                  f"{', ' + q.published if q.published else ''})\n    “{escape(q.text)}”")


@app.command("eval")
def evaluate(file: Annotated[Path, typer.Argument(help="A .jsonl question file (see shared/eval/README.md)")],
             data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Run a question file against the index: pass rate, verbatim rate, abstention, failures, latency."""
    from bot.evaluation import evaluate as run, load_cases

    if not file.is_file():
        raise VerbatimError(f"{file}: no such question file")
    summary = run(_open(data_dir), load_cases(file)).summary()
    if as_json:
        _print_json(summary)
        return
    for key, value in summary.items():
        if key != "failures":
            out.print(f"{key:>26}: {value if not isinstance(value, float) else round(value, 3)}")
    for failure in summary["failures"]:
        out.print(f"  FAIL {escape(failure['id'])}: {escape(failure['question'])} -> {escape(failure['reason'])}")
    if summary["failures"]:
        raise typer.Exit(1)


@app.command()
def chat(host: Annotated[str, typer.Option(help="Address to bind; keep 127.0.0.1 unless you mean to share it.")] =
         "127.0.0.1", port: Annotated[int, typer.Option(help="Port to serve on.")] = 7860,
         data_dir: DataDir = None) -> None:
    """Serve the chat page (Gradio) on http://HOST:PORT."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: it phones home
    from bot.frontends.web import launch

    launch(_open(data_dir), host=host, port=port)


@app.command()
def slack(host: Annotated[str, typer.Option(help="Address for the Events API server (HTTP mode).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port for the Events API server (HTTP mode).")] = 3000,
          data_dir: DataDir = None) -> None:
    """Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP events at /slack/events."""
    from bot.frontends.slack import run

    run(_open(data_dir), host=host, port=port)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise VerbatimError(f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG
    try:
        app()
    except VerbatimError as e:
        err.print(f"[red]error:[/] {escape(str(e))}")
        sys.exit(1)
    except ImportError as e:
        err.print(f"[red]error:[/] {escape(str(e))}. Install the extras: pip install -e '.[web,slack]'")
        sys.exit(1)
