"""Files and folders -> `Article`s: .txt, .md, .html, .json and .jsonl.

Ids follow the file's path relative to the folder given, without its extension; a file given
directly gets its stem. A file that cannot be read becomes a `Skipped` with the reason, so one
bad file never stops a run; a path that does not exist is a `CorpusError`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer
import trafilatura
from trafilatura.settings import Document

from corpus.article import Article
from corpus.errors import CorpusError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = frozenset(TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"})
_RECORD_FIELDS = ("title", "url", "published", "source")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or one record of it) that was not read, and why."""

    path: str
    reason: str


def read_paths(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[Article | Skipped]:
    """Every article under `paths`, in a stable order; folders are walked recursively, hidden files skipped."""
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not _hidden(f.relative_to(path)))
            for file in files:
                yield from read_file(file, file.relative_to(path).with_suffix("").as_posix(), max_bytes=max_bytes)
        elif path.is_file():
            yield from read_file(path, path.stem, max_bytes=max_bytes)
        else:
            raise CorpusError(f"{path}: no such file or folder; check the path and try again")


def read_file(path: Path, article_id: str, *, max_bytes: int) -> Iterator[Article | Skipped]:
    """The article(s) in one file, or why it was skipped."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Skipped(str(path), f"unsupported file type {suffix or '(none)'!r}; Verbatim reads "
                                 f"{', '.join(sorted(SUPPORTED_SUFFIXES))}")
        return
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= max_bytes else b""
    except OSError as err:  # unreadable (permissions), or gone since the folder was listed
        yield Skipped(str(path), f"cannot read the file: {err.strerror or err}")
        return
    if size > max_bytes:
        yield Skipped(str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                                 "(raise VERBATIM_MAX_FILE_BYTES to read it)")
        return
    if b"\x00" in raw[:8192]:
        yield Skipped(str(path), "binary file, not text")
        return
    text = _decode(raw, path)
    if text is None:
        yield Skipped(str(path), "not UTF-8 and no other text encoding could be detected; save it as UTF-8")
        return
    if not text.strip():
        yield Skipped(str(path), "empty file")
        return
    if suffix in TEXT_SUFFIXES:
        yield Article(id=article_id, text=text, title=_plain_title(text, article_id, markdown=suffix != ".txt"))
    elif suffix in HTML_SUFFIXES:
        yield _html_article(text, article_id, path)
    elif suffix == ".json":
        yield from _json_file(text, article_id, path)
    else:
        yield from _jsonl_file(text, article_id, path)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _decode(raw: bytes, path: Path) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    # On a tie prefer Windows-1252, the usual legacy encoding of English text: cp1250 would turn "ñ" into "ń".
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if m.encoding == "cp1252"), best)
    log.warning("%s is not UTF-8; read it as %s", path, best.encoding)
    return str(best)


def _plain_title(text: str, article_id: str, *, markdown: bool) -> str:
    """A first line followed by a blank line is the title; otherwise the title comes from the id."""
    lines = text.lstrip("\ufeff").splitlines()
    if len(lines) > 2 and lines[0].strip() and not lines[1].strip():
        return lines[0].lstrip("# ").strip() if markdown else lines[0].strip()
    return article_id.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip().capitalize()


def _html_article(html: str, article_id: str, path: Path) -> Article | Skipped:
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():  # None, or a dict if asked for one
        return Skipped(str(path), "no article text found in the HTML")
    return Article(id=article_id, text=doc.text, title=doc.title or _plain_title(doc.text, article_id, markdown=False),
                   url=doc.url, published=doc.date, source=doc.sitename)


def _json_file(text: str, article_id: str, path: Path) -> Iterator[Article | Skipped]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Skipped(str(path), f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}")
        return
    if isinstance(data, dict):
        yield _record(data, article_id, str(path))
    elif isinstance(data, list):
        for n, record in enumerate(data, start=1):
            yield _record(record, f"{article_id}/{n}", f"{path} [record {n}]")
    else:
        yield Skipped(str(path), "JSON must be an article object or a list of them")


def _jsonl_file(text: str, article_id: str, path: Path) -> Iterator[Article | Skipped]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(f"{path}:{n}", f"malformed JSON at column {err.colno}: {err.msg}")
            continue
        yield _record(record, f"{article_id}/{n}", f"{path}:{n}")


def _record(record: Any, default_id: str, where: str) -> Article | Skipped:
    if not isinstance(record, dict):
        return Skipped(where, "an article record must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, 'record has no "text" string')
    article_id = str(record.get("id") or default_id).strip()
    fields = {k: str(record[k]) for k in _RECORD_FIELDS if record.get(k) is not None}
    fields.setdefault("title", _plain_title(text, article_id, markdown=False))
    return Article(id=article_id, text=text, **fields)
