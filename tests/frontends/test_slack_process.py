"""`verbatim slack` as a real process in HTTP mode, driven over loopback by signed requests and a fake Slack."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.frontends.fake_slack import BOT_USER_ID, FakeSlack, event_body, mention_event, signed_headers

TOKEN = "xoxb-process-token-1234"
SECRET = "process-signing-secret-5678"
LAVROV = "is constructive in nature"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, body: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return e.code


def wait_until_serving(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"verbatim slack exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"verbatim slack did not serve on port {port} within {timeout}s:\n{log.read_text()}")


@pytest.mark.server
def test_verbatim_slack_answers_a_mention_over_http(tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "verbatim-slack.log"
    events = f"http://127.0.0.1:{port}/slack/events"
    with FakeSlack(token=TOKEN) as fake, log.open("wb") as out:
        env = {k: v for k, v in os.environ.items() if "SLACK" not in k}
        env.update(VERBATIM_DATA_DIR=str(tmp_path / "data"), SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
                   VERBATIM_SLACK_API_URL=fake.api_url, HF_HUB_OFFLINE="1")
        verbatim = Path(sys.executable).with_name("verbatim")
        process = subprocess.Popen([str(verbatim), "slack", "--port", str(port)], env=env, stdout=out, stderr=out)
        try:
            wait_until_serving(port, process, log)
            message = fake.add_message("C0NEWS", f"<@{BOT_USER_ID}> What did Lavrov say?", user="U0ALICE")
            body = event_body(mention_event(message, "C0NEWS"), event_id="Ev0PROCESS")
            assert post(events, body, signed_headers(body, "a-forged-secret")) == 401
            assert post(events, body, signed_headers(body, SECRET)) == 200
            answer = fake.wait_for("chat.postMessage", timeout=60)[0]
            assert answer.params["thread_ts"] == message["ts"] and LAVROV in answer.params["text"]
            assert len(fake.calls_to("chat.postMessage")) == 1
        finally:
            process.terminate()
            process.wait(timeout=30)
    output = log.read_text()
    assert f"http://127.0.0.1:{port}/slack/events" in output
    assert TOKEN not in output and SECRET not in output
