"""Files -> Articles: ids, titles, exact texts, metadata, and bad files skipped with a reason."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from corpus import Article, CorpusError, Skipped, read_paths

DATA = Path(__file__).parents[1] / "data"
LIMIT = 1_000_000
NOISE = random.Random(0).randbytes(3000)


def _read(*paths: Path | str, max_bytes: int = LIMIT) -> dict[str, Article | Skipped]:
    return {item.id if isinstance(item, Article) else item.path: item
            for item in read_paths(paths, max_bytes=max_bytes)}


def _one(path: Path) -> Article:
    [article] = read_paths([path], max_bytes=LIMIT)
    assert isinstance(article, Article), article
    return article


def test_txt_is_stored_byte_for_byte_with_its_title() -> None:
    path = DATA / "corpus-shipping-rates.txt"
    article = _one(path)
    assert article.id == "corpus-shipping-rates"
    assert article.text == path.read_bytes().decode("utf-8")
    assert article.title == "Shipping rates climb as Red Sea detours continue"


def test_txt_without_a_title_line_keeps_crlf_and_takes_its_title_from_the_name() -> None:
    path = DATA / "corpus-no-title.txt"
    article = _one(path)
    assert article.text == path.read_bytes().decode("utf-8") and "\r\n" in article.text
    assert article.title == "Corpus no title"


def test_md_title_drops_the_heading_marks_but_the_text_keeps_them() -> None:
    path = DATA / "corpus-lavrov-interview.md"
    article = _one(path)
    assert article.title == "Lavrov: the treaty is “constructive”"
    assert article.text == path.read_text(encoding="utf-8") and article.text.startswith("# Lavrov")


def test_html_gives_main_text_title_date_and_url() -> None:
    article = _one(DATA / "corpus-treaty-signed.html")
    assert article.id == "corpus-treaty-signed"
    assert article.title == "Iran and Russia sign a 20-year partnership treaty"
    assert article.published == "2025-01-17"
    assert article.url == "https://news.example.com/world/iran-russia-treaty"
    assert "Lavrov said on Tuesday: “The treaty… is constructive in nature" in article.text
    for boilerplate in ("cookies", "Sign in", "Most read", "Celebrity chef", "All rights reserved"):
        assert boilerplate not in article.text


def test_json_object_keeps_its_own_id_and_every_field() -> None:
    article = _one(DATA / "corpus-ceasefire.json")
    assert article == Article(id="world/ceasefire-talks", title="Ceasefire talks resume in Doha",
                              text="Negotiators returned to Doha on Monday.\n\n“We are closer than we have ever "
                                   "been,” a mediator told reporters.",
                              url="https://news.example.com/doha", published="2025-03-10T08:00:00+00:00",
                              source="Example Wire")


def test_json_list_records_get_numbered_ids(tmp_path: Path) -> None:
    path = tmp_path / "wire.json"
    path.write_text('[{"text": "First story."}, {"id": "own", "text": "Second story."}, 7]', encoding="utf-8")
    items = _read(path)
    assert items["wire/1"].text == "First story."
    assert items["own"].text == "Second story."
    assert "record must be a JSON object" in items[f"{path} [record 3]"].reason


def test_jsonl_reads_good_lines_and_skips_bad_ones_by_line() -> None:
    path = DATA / "corpus-briefs.jsonl"
    items = _read(path)
    ecb = items["briefs/ecb-rates"]
    assert (ecb.title, ecb.url, ecb.published, ecb.source) == (
        "ECB holds rates", "https://news.example.com/ecb", "2025-06-05", "Example Wire")
    assert items["corpus-briefs/3"].title == "Record heat in Seville"  # no id: file stem / line number
    assert 'no "text"' in items[f"{path}:4"].reason
    assert "malformed JSON" in items[f"{path}:5"].reason
    assert len(items) == 4


def test_folder_ids_are_relative_paths_without_extension(tmp_path: Path) -> None:
    (tmp_path / "world" / "europe").mkdir(parents=True)
    (tmp_path / "world" / "europe" / "ecb.txt").write_text("Rates held.", encoding="utf-8")
    (tmp_path / "top.md").write_text("Top story.", encoding="utf-8")
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "secret.txt").write_text("Not for indexing.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Not for indexing.", encoding="utf-8")
    assert list(_read(tmp_path)) == ["top", "world/europe/ecb"]
    assert list(_read(tmp_path / "world" / "europe" / "ecb.txt")) == ["ecb"]


def test_a_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="nowhere.txt"):
        _read(tmp_path / "nowhere.txt")


def test_bad_files_are_skipped_with_a_reason_and_the_run_goes_on(tmp_path: Path) -> None:
    files = {
        "empty.txt": b"",
        "blank.md": b" \n\n\t\n",
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + NOISE[:2000],
        "noise.txt": bytes(b for b in NOISE if b),  # binary with no NUL byte
        "scan.pdf": b"%PDF-1.7\n",
        "huge.txt": b"word " * 2000,
        "broken.json": b'{"text": "unterminated',
        "list.json": b"[1, 2]",
        "scalar.json": b"42",
        "good.txt": "Still read: “the run goes on.”".encode(),
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    items = _read(tmp_path, max_bytes=5000)
    reasons = {Path(path).name: item.reason for path, item in items.items() if isinstance(item, Skipped)}
    assert items["good"].text == "Still read: “the run goes on.”"
    assert reasons["empty.txt"] == reasons["blank.md"] == "empty file"
    assert reasons["photo.txt"] == "binary file, not text"
    assert "save it as UTF-8" in reasons["noise.txt"]
    assert "unsupported file type '.pdf'" in reasons["scan.pdf"]
    assert "over the 5,000-byte limit" in reasons["huge.txt"]
    assert "malformed JSON" in reasons["broken.json"]
    assert "JSON object" in reasons["list.json [record 1]"]
    assert "must be an article object" in reasons["scalar.json"]
    assert len(items) == len(files) + 1  # list.json gave two skips


def test_legacy_encodings_are_decoded_with_a_warning_naming_the_file(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = ("The café’s owner, José Muñoz, said the “new rules” would cost him €2,000 a month — "
            "“a disaster,” he added.\nMany in the neighbourhood agree.\n")
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="corpus.readers"):
        article = _one(path)
    assert article.text == text
    assert any(str(path) in r.getMessage() and "not UTF-8" in r.getMessage() for r in caplog.records)


def test_a_utf8_byte_order_mark_is_not_part_of_the_text_or_title(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHeadline here\n\nBody text.".encode())
    article = _one(path)
    assert (article.title, article.text) == ("Headline here", "Headline here\n\nBody text.")


def test_a_file_the_os_refuses_to_read_is_skipped_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked.txt").write_text("Private.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Public.", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # what chmod 000 does to a user who is not root
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = _read(tmp_path)
    assert items["open"].text == "Public."
    assert items[str(tmp_path / "locked.txt")].reason == "cannot read the file: Permission denied"
