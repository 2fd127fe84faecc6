"""The `verbatim` CLI end to end (in-process, sharing the session's model): index, articles, show, remove."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.frontends.cli import app, main

pytestmark = pytest.mark.slow
DATA = Path(__file__).parent / "data"
FILES = ["corpus-shipping-rates.txt", "corpus-no-title.txt"]


@pytest.fixture
def verbatim(embeddings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `verbatim ARGS... --data-dir D`; every Bot it opens gets the already-loaded model."""
    monkeypatch.setattr("bot.core.MiniLMEmbeddings", lambda: embeddings)
    monkeypatch.setenv("VERBATIM_LOAD_SAMPLE", "false")
    runner = CliRunner()
    data_dir = tmp_path / "cli-data"

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
        assert result.exit_code == code, (result.output, result.stderr, result.exception)
        return result.stdout

    return run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    for name in FILES:
        (news / name).write_bytes((DATA / name).read_bytes())
    (news / "wheat.txt").write_text("Wheat prices fell 3% on Monday.\n\n“Supply is ample,” a trader said.\n",
                                    encoding="utf-8")
    return news


def test_index_list_show_reindex_edit_and_remove(verbatim, folder: Path, isolated_data_dir: Path) -> None:
    out = verbatim("index", str(folder))
    assert "3 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" in out

    listed = {row["id"]: row for row in json.loads(verbatim("articles", "--json"))}
    assert sorted(listed) == ["corpus-no-title", "corpus-shipping-rates", "wheat"]
    assert listed["corpus-shipping-rates"]["title"] == "Shipping rates climb as Red Sea detours continue"
    assert listed["wheat"]["title"] == "Wheat prices fell 3% on Monday."
    assert all(row["chunks"] >= 1 for row in listed.values())
    for name in FILES:
        shown = json.loads(verbatim("show", Path(name).stem, "--json"))
        assert shown["text"] == (folder / name).read_bytes().decode("utf-8")
    assert verbatim("show", "wheat") == (folder / "wheat.txt").read_text(encoding="utf-8")

    out = verbatim("index", str(folder))
    assert "0 added, 0 updated, 3 unchanged, 0 removed, 0 skipped; 0 chunks embedded" in out

    (folder / "wheat.txt").write_text("Wheat prices rose 2% on Tuesday.\n", encoding="utf-8")
    out = verbatim("index", str(folder))
    assert "0 added, 1 updated, 2 unchanged, 0 removed, 0 skipped; 1 chunks embedded" in out
    assert json.loads(verbatim("show", "wheat", "--json"))["text"] == "Wheat prices rose 2% on Tuesday.\n"

    assert "removed wheat" in verbatim("remove", "wheat")
    assert [row["id"] for row in json.loads(verbatim("articles", "--json"))] == ["corpus-no-title",
                                                                                  "corpus-shipping-rates"]
    assert not isolated_data_dir.exists()  # --data-dir won over $VERBATIM_DATA_DIR


def test_bad_files_are_reported_by_name_and_the_good_ones_indexed(verbatim, tmp_path: Path) -> None:
    news = tmp_path / "mixed"
    news.mkdir()
    (news / "good.txt").write_text("The council approved the budget on Tuesday.", encoding="utf-8")
    (news / "empty.txt").write_bytes(b"")
    (news / "image.txt").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    (news / "legacy.txt").write_bytes("Se\xf1or N\xfa\xf1ez said the caf\xe9 would close.".encode("latin-1"))
    out = verbatim("index", str(news))
    assert "2 added, 0 updated, 0 unchanged, 0 removed, 2 skipped" in out
    assert f"skipped {news / 'empty.txt'}: empty file" in out
    assert f"skipped {news / 'image.txt'}: binary file, not text" in out
    shown = json.loads(verbatim("show", "legacy", "--json"))
    assert shown["text"] == "Señor Núñez said the café would close."


def test_errors_reach_the_user_as_one_line_and_exit_1(verbatim, monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, message in ([["show", "no-such-article"], "error: no article with id 'no-such-article'"],
                          [["remove", "no-such-article"], "error: no article with id 'no-such-article'"],
                          [["index", str(tmp_path / "missing")], "no such file or folder"]):
        monkeypatch.setattr(sys, "argv", ["verbatim", *args, "--data-dir", str(tmp_path / "cli-data")])
        with pytest.raises(SystemExit) as exit_:
            main()
        assert exit_.value.code == 1
        captured = capsys.readouterr()
        assert message in " ".join(captured.err.split()) and "Traceback" not in captured.err
