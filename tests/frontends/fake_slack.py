"""A local stand-in for Slack: its Web API and response URLs on 127.0.0.1, plus signed requests as Slack sends them.

`FakeSlack` speaks the protocol slack_sdk speaks to slack.com (Bearer tokens; query, form or JSON arguments;
`{"ok": ...}` JSON answers with Slack's error codes), keeps channels' messages so threads can be read back, and
records every call so a test can assert what a Slack user would see.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
TEAM_ID = "T0FAKE"


@dataclass
class Call:
    method: str  # a Web API method ("chat.postMessage"), or "response_url" for a post to a response URL
    params: dict[str, Any]
    token: str | None = None
    path: str = ""


@dataclass
class FakeSlack:
    token: str
    app_token: str | None = None
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> its messages
    failures: dict[str, str] = field(default_factory=dict)  # method -> the error it answers with

    def __post_init__(self) -> None:
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._epoch = int(time.time())
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._serve(self)

            def do_POST(self) -> None:
                fake._serve(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def __enter__(self) -> FakeSlack:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def response_url(self) -> str:
        return f"{self.url}/response/{next(self._ts)}"

    def add_message(self, channel: str, text: str, *, user: str, thread_ts: str | None = None) -> dict[str, Any]:
        """A person's message, as Slack holds it when it sends the event about it."""
        message = {"type": "message", "user": user, "text": text, "ts": self._new_ts()}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._changed:
            self.messages.setdefault(channel, []).append(message)
        return message

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30) -> list[Call]:
        """The calls to `method` once there are `count` of them; fails after `timeout` seconds."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.calls_to(method)) >= count, timeout):
                raise AssertionError(f"{count} call(s) to {method} expected within {timeout}s, got "
                                     f"{[c.method for c in self.calls]}")
            return self.calls_to(method)

    def _new_ts(self) -> str:
        return f"{self._epoch}.{next(self._ts):06d}"

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path, _, query = request.path.partition("?")
        raw = request.rfile.read(int(request.headers.get("Content-Length") or 0)).decode()
        params: dict[str, Any] = dict(parse_qsl(query))
        if request.headers.get_content_type() == "application/json":
            params.update(json.loads(raw or "{}"))
        else:
            params.update(parse_qsl(raw))
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.pop("token", None)
        method = path.removeprefix("/api/") if path.startswith("/api/") else "response_url"
        with self._changed:
            self.calls.append(Call(method, params, token, path))
            answer = self._answer(method, params, token) if path.startswith("/api/") else "ok"
            self._changed.notify_all()
        body = (answer if isinstance(answer, str) else json.dumps(answer)).encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/plain" if isinstance(answer, str) else "application/json; "
                            "charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        expected = self.app_token if method == "apps.connections.open" else self.token
        if not token or token != expected:
            return {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        if method in self.failures:
            return {"ok": False, "error": self.failures[method]}
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "verbatim",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            return self._post(params)
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._new_ts()}
        if method == "conversations.replies":
            thread = [m for m in self.messages.get(params["channel"], [])
                      if params["ts"] in (m["ts"], m.get("thread_ts"))]
            return {"ok": True, "messages": thread, "has_more": False} if thread else {
                "ok": False, "error": "thread_not_found"}
        if method == "conversations.history":
            top = [m for m in self.messages.get(params["channel"], []) if m.get("thread_ts", m["ts"]) == m["ts"]
                   and float(params.get("oldest", 0)) < float(m["ts"]) < float(params.get("latest", "inf"))]
            return {"ok": True, "messages": top[::-1][: int(params.get("limit", 100))], "has_more": False}
        if method == "apps.connections.open":
            return {"ok": False, "error": "fake_has_no_socket_mode"}  # there is no WebSocket server here
        return {"ok": False, "error": "unknown_method"}

    def _post(self, params: dict[str, Any]) -> dict[str, Any]:
        blocks = params.get("blocks") or []
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("text") and not blocks:
            return {"ok": False, "error": "no_text"}
        if len(blocks) > 50 or any(len(b.get("text", {}).get("text", "")) > 3000 for b in blocks):
            return {"ok": False, "error": "invalid_blocks"}
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": params.get("text", ""),
                   "blocks": blocks, "ts": self._new_ts()}
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        self.messages.setdefault(params["channel"], []).append(message)
        return {"ok": True, "channel": params["channel"], "ts": message["ts"], "message": message}


def signed_headers(body: str, secret: str, *, timestamp: int | None = None,
                   content_type: str = "application/json") -> dict[str, str]:
    """Headers of a request Slack signed with `secret` (Slack's v0 scheme: HMAC-SHA256 of `v0:ts:body`)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"content-type": content_type, "x-slack-request-timestamp": ts, "x-slack-signature": f"v0={digest}"}


def event_body(event: dict[str, Any], *, event_id: str) -> str:
    """An Events API callback carrying `event`, as Slack posts it."""
    return json.dumps({"token": "unused", "team_id": TEAM_ID, "api_app_id": "A0FAKE", "type": "event_callback",
                       "event": event, "event_id": event_id, "event_time": int(time.time()),
                       "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]})


def mention_event(message: dict[str, Any], channel: str) -> dict[str, Any]:
    return {"type": "app_mention", "channel": channel, "event_ts": message["ts"],
            **{k: message[k] for k in ("user", "text", "ts", "thread_ts") if k in message}}


def form_body(fields: dict[str, Any]) -> str:
    """A slash command's or an interaction's body: form fields, interactions as one JSON `payload` field."""
    return urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in fields.items()})
