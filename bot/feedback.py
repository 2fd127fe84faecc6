"""👍/👎 votes on answers, appended as JSON lines to `feedback.jsonl` in the data dir."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from bot.answer import Answer

Vote = Literal["up", "down"]


class FeedbackLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, answer: Answer | dict[str, Any], vote: Vote, *, channel: str) -> dict[str, Any]:
        """Append one vote; `channel` says where it came from ("web", "slack")."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', got {vote!r}")
        data = answer.to_dict() if isinstance(answer, Answer) else answer
        entry = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "vote": vote, "channel": channel,
                 "question": data["question"], "answer": data["answer"], "abstained": data["abstained"],
                 "quotes": data["quotes"]}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)
        return entry
