"""Shared fixtures: one real model per test session, an isolated data dir per test, no network."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

from bot import Bot, Settings  # noqa: E402
from index import MiniLMEmbeddings  # noqa: E402

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_dir = tmp_path / "verbatim-data"
    monkeypatch.setenv("VERBATIM_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection to an address off this machine: nothing here may reach the network."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> object:
        if isinstance(address, tuple) and self.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            try:
                loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                raise RuntimeError(f"test tried to reach {host}; tests may only talk to loopback")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)


def bot_over(make_bot, tmp_path: Path, **stories: str) -> Bot:  # type: ignore[no-untyped-def]
    """A bot over the stories given, each written to `<name>.txt` (its article id is the name)."""
    for name, text in stories.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    bot: Bot = make_bot()
    bot.index([tmp_path / f"{name}.txt" for name in stories])
    return bot


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    """The real bundled model, loaded once for the whole session."""
    return MiniLMEmbeddings()


@pytest.fixture
def make_bot(tmp_path: Path, embeddings: MiniLMEmbeddings) -> Callable[..., Bot]:
    """Opens a bot on a fresh data dir; `load_sample=False` starts it empty."""
    counter = iter(range(1000))

    def make(*, load_sample: bool = False, **settings: object) -> Bot:
        data_dir = tmp_path / f"bot-{next(counter)}"
        return Bot.open(data_dir, settings=Settings(data_dir=data_dir, load_sample=load_sample, **settings),
                        embeddings=embeddings)

    return make


@pytest.fixture(scope="session")
def sample_bot(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Iterator[Bot]:
    """A bot over the bundled sample corpus, shared by tests that only read from it."""
    data_dir = tmp_path_factory.mktemp("sample-bot")
    yield Bot.open(data_dir, settings=Settings(data_dir=data_dir), embeddings=embeddings)
