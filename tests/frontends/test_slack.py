"""The Slack bot through slack_bolt's real request handling: signed requests in, a local fake of Slack's Web API
recording what a Slack user would see."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_bolt import App, BoltRequest, BoltResponse

from bot import Answer, Bot, Quote, Settings, VerbatimError
from bot.frontends.slack import EVENTS_PATH, create_app, run
from bot.frontends.slack_blocks import SHARE, VOTE_DOWN, VOTE_UP, answer_blocks, clip, plain_text
from corpus import Article
from tests.frontends.fake_slack import (BOT_USER_ID, TEAM_ID, Call, FakeSlack, event_body, form_body,
                                        mention_event, signed_headers)

TOKEN = "xoxb-test-token-1234"
SECRET = "test-signing-secret-5678"
ALICE = "U0ALICE"
CHANNEL = "C0NEWS"
DM = "D0ALICE"
LAVROV = "is constructive in nature"
FORM = "application/x-www-form-urlencoded"


class Slack:
    """Slack's side of the conversation: signed requests through `app.dispatch`, people's messages into `fake`."""

    def __init__(self, app: App, fake: FakeSlack) -> None:
        self.app, self.fake = app, fake

    def send(self, body: str, *, content_type: str = "application/json", **headers: str) -> BoltResponse:
        signed = signed_headers(body, SECRET, content_type=content_type)
        return self.app.dispatch(BoltRequest(body=body, headers={**signed, **headers}))

    def mention(self, text: str, *, thread_ts: str | None = None) -> dict[str, Any]:
        message = self.fake.add_message(CHANNEL, f"<@{BOT_USER_ID}> {text}", user=ALICE, thread_ts=thread_ts)
        assert self.send(event_body(mention_event(message, CHANNEL), event_id=f"Ev{message['ts']}")).status == 200
        return message

    def dm(self, text: str, **message: Any) -> dict[str, Any]:
        message = {**self.fake.add_message(DM, text, user=ALICE), **message}
        event = {"type": "message", "channel": DM, "channel_type": "im", "event_ts": message["ts"], **message}
        assert self.send(event_body(event, event_id=f"Ev{message['ts']}")).status == 200
        return message

    def click(self, action_id: str, value: str, *, response_url: str, ephemeral: bool = False) -> BoltResponse:
        return self.send(form_body({"payload": {
            "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": ALICE}, "api_app_id": "A0FAKE",
            "token": "unused", "trigger_id": "1.2.3", "response_url": response_url, "channel": {"id": CHANNEL},
            "container": {"type": "message", "is_ephemeral": ephemeral, "channel_id": CHANNEL},
            "actions": [{"type": "button", "action_id": action_id, "block_id": "verbatim_answer", "value": value,
                         "action_ts": str(time.time())}]}}), content_type=FORM)

    def settle(self) -> None:
        """Wait until every answer under way is sent."""
        self.app.listener_runner.listener_executor.shutdown(wait=True)


class GatedBot:
    """Answers like `bot`, but only once `release` is set: a test can act while an answer is under way."""

    def __init__(self, bot: Bot) -> None:
        self.bot, self.release, self.asked = bot, threading.Event(), 0

    def ask(self, question: str, history: Any = None) -> Answer:
        self.asked += 1
        assert self.release.wait(30)
        return self.bot.ask(question, history)


class BrokenBot:
    def ask(self, question: str, history: Any = None) -> Answer:
        raise RuntimeError("index file vanished: /secret/path")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def connect(fake: FakeSlack) -> Iterator[Callable[[Any], Slack]]:
    """Connects a bot to the fake Slack; everything it started is finished before the test ends."""
    started: list[Slack] = []

    def connect(bot: Any) -> Slack:
        settings = Settings(slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=fake.api_url)
        started.append(Slack(create_app(bot, settings), fake))
        return started[-1]

    yield connect
    for slack in started:
        slack.settle()


@pytest.fixture
def slack(connect: Callable[[Any], Slack], sample_bot: Bot) -> Slack:
    return connect(sample_bot)


def sections(call: Call) -> list[str]:
    return [b["text"]["text"] for b in call.params["blocks"] if b["type"] == "section"]


def button(call: Call, action_id: str) -> dict[str, Any]:
    return next(e for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == action_id)


def test_a_mention_is_answered_in_its_thread_with_the_quote(slack: Slack, fake: FakeSlack) -> None:
    message = slack.mention("What did Lavrov say?")
    post = fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == CHANNEL and post.params["thread_ts"] == message["ts"]
    assert LAVROV in post.params["text"]
    answer, first_quote = sections(post)[:2]
    assert LAVROV in answer
    assert first_quote.startswith("*[1]* Iran russia treaty\n>") and LAVROV in first_quote
    assert {button(post, VOTE_UP)["text"]["text"], button(post, VOTE_DOWN)["text"]["text"]} == {"👍", "👎"}


def test_a_direct_message_is_answered_and_followed_up(slack: Slack, fake: FakeSlack) -> None:
    slack.dm("What did Lavrov say?")
    answer = fake.wait_for("chat.postMessage")[0]
    assert answer.params["channel"] == DM and "thread_ts" not in answer.params
    assert LAVROV in sections(answer)[1]
    slack.dm("When did he say it?")  # alone, this question quotes Putin's foreign policy first
    follow_up = fake.wait_for("chat.postMessage", 2)[1]
    assert LAVROV in sections(follow_up)[0]
    bots_own = fake.messages[DM][1]
    assert slack.send(event_body({"type": "message", "channel": DM, "channel_type": "im", **bots_own},
                                 event_id="Ev0ECHO")).status == 200
    slack.settle()
    assert len(fake.calls_to("chat.postMessage")) == 2  # its own messages are not questions


def test_a_follow_up_in_a_thread_reads_the_thread(slack: Slack, fake: FakeSlack) -> None:
    first = slack.mention("What did Lavrov say?")
    fake.wait_for("chat.postMessage")
    slack.mention("When did he say it?", thread_ts=first["ts"])
    follow_up = fake.wait_for("chat.postMessage", 2)[1]
    assert follow_up.params["thread_ts"] == first["ts"]
    assert LAVROV in sections(follow_up)[0]  # without the thread, Putin's foreign policy comes first
    assert [c.params["ts"] for c in fake.calls_to("conversations.replies")] == [first["ts"]]


def test_a_mention_and_a_dm_event_for_one_message_get_one_answer(slack: Slack, fake: FakeSlack) -> None:
    message = slack.dm(f"<@{BOT_USER_ID}> What did Lavrov say?")
    assert slack.send(event_body(mention_event(message, DM), event_id="Ev0OTHER")).status == 200
    slack.settle()
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_ask_answers_only_the_asker_who_can_share_it(slack: Slack, fake: FakeSlack) -> None:
    response_url = fake.response_url()
    ack = slack.send(form_body({"command": "/ask", "text": "What did Lavrov say?", "user_id": ALICE,
                                "channel_id": CHANNEL, "team_id": TEAM_ID, "response_url": response_url,
                                "trigger_id": "1.2.3", "token": "unused"}), content_type=FORM)
    assert ack.status == 200
    private = fake.wait_for("response_url")[0]
    assert response_url.endswith(private.path) and private.params["response_type"] == "ephemeral"
    assert LAVROV in sections(private)[1]
    assert button(private, SHARE)["text"]["text"] == "Share to channel"

    share_url = fake.response_url()
    assert slack.click(SHARE, button(private, SHARE)["value"], response_url=share_url, ephemeral=True).status == 200
    shared, deleted = fake.wait_for("response_url", 3)[1:]
    assert shared.params["response_type"] == "in_channel" and shared.params["replace_original"] is False
    assert LAVROV in sections(shared)[1]
    assert shared.params["blocks"][0]["elements"][0]["text"] == f"<@{ALICE}> asked: What did Lavrov say?"
    assert SHARE not in json.dumps(shared.params)
    assert deleted.params["delete_original"] is True and share_url.endswith(deleted.path)
    assert not fake.calls_to("chat.postMessage")


def test_votes_go_to_the_feedback_log(slack: Slack, fake: FakeSlack, sample_bot: Bot) -> None:
    log = sample_bot.settings.data_dir / "feedback.jsonl"
    before = log.read_text().splitlines() if log.exists() else []
    slack.mention("What did Lavrov say?")
    post = fake.wait_for("chat.postMessage")[0]
    assert slack.click(VOTE_DOWN, button(post, VOTE_DOWN)["value"], response_url=fake.response_url()).status == 200
    thanks = fake.wait_for("response_url")[0]
    assert thanks.params["response_type"] == "ephemeral" and "👎" in thanks.params["text"]
    entries = log.read_text().splitlines()
    assert len(entries) == len(before) + 1
    entry = json.loads(entries[-1])
    assert (entry["vote"], entry["channel"], entry["question"]) == ("down", "slack", "What did Lavrov say?")
    assert LAVROV in entry["quotes"][0]["text"]


def test_a_vote_on_a_forgotten_answer_is_explained(slack: Slack, fake: FakeSlack) -> None:
    assert slack.click(VOTE_UP, "no-such-answer", response_url=fake.response_url()).status == 200
    assert "too old" in fake.wait_for("response_url")[0].params["text"]


def test_an_event_is_acknowledged_at_once_and_a_retry_answered_once(connect: Callable[[Any], Slack],
                                                                     sample_bot: Bot, fake: FakeSlack) -> None:
    bot = GatedBot(sample_bot)
    slack = connect(bot)
    message = fake.add_message(CHANNEL, f"<@{BOT_USER_ID}> What did Lavrov say?", user=ALICE)
    body = event_body(mention_event(message, CHANNEL), event_id="Ev0RETRIED")
    assert slack.send(body).status == 200  # acknowledged while the answer is still being worked out
    assert slack.send(body, **{"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}).status == 200
    bot.release.set()
    fake.wait_for("chat.postMessage")
    assert slack.send(body, **{"x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout"}).status == 200
    slack.settle()
    posts = fake.calls_to("chat.postMessage")
    assert len(posts) == 1 and LAVROV in posts[0].params["text"] and bot.asked == 1


def test_a_retry_of_an_event_never_received_is_answered(slack: Slack, fake: FakeSlack) -> None:
    message = fake.add_message(CHANNEL, f"<@{BOT_USER_ID}> What did Lavrov say?", user=ALICE)
    body = event_body(mention_event(message, CHANNEL), event_id="Ev0LOST")
    assert slack.send(body, **{"x-slack-retry-num": "1", "x-slack-retry-reason": "http_error"}).status == 200
    slack.settle()
    assert [LAVROV in c.params["text"] for c in fake.calls_to("chat.postMessage")] == [True]


@pytest.mark.parametrize("headers", [
    pytest.param(lambda body: signed_headers(body, "not-the-secret"), id="bad signature"),
    pytest.param(lambda body: signed_headers(body, SECRET, timestamp=int(time.time()) - 6 * 60), id="stale"),
    pytest.param(lambda body: {"content-type": "application/json"}, id="unsigned")])
def test_requests_not_freshly_signed_by_slack_are_rejected(slack: Slack, fake: FakeSlack,
                                                           headers: Callable[[str], dict[str, str]]) -> None:
    message = fake.add_message(CHANNEL, f"<@{BOT_USER_ID}> What did Lavrov say?", user=ALICE)
    body = event_body(mention_event(message, CHANNEL), event_id="Ev0FORGED")
    assert slack.app.dispatch(BoltRequest(body=body, headers=headers(body))).status == 401
    slack.settle()
    assert not fake.calls_to("chat.postMessage")


def test_article_text_cannot_ping_the_channel_or_forge_links(connect: Callable[[Any], Slack], make_bot: Any,
                                                              fake: FakeSlack) -> None:
    bot = make_bot()
    bot.index_articles([Article("town-hall", title="Town <!here> news", url="https://news.example/a?b=1&c=<2>|x",
                                text="The council met on Monday to discuss the budget.\nMayor Jane Doe said: "
                                     "“Everyone must read this <!channel> now & <https://evil|click> here.”\n")])
    connect(bot).mention("What did Jane Doe say?")
    post = fake.wait_for("chat.postMessage")[0]
    assert "&lt;!channel&gt;" in post.params["text"] and "&lt;https://evil|click&gt;" in post.params["text"]
    assert "now &amp; " in post.params["text"]
    quote = next(s for s in sections(post) if s.startswith("*[1]*"))
    assert quote.startswith("*[1]* <https://news.example/a?b=1&amp;c=&lt;2&gt;%7Cx|Town &lt;!here&gt; news>\n>")
    posted = json.dumps(post.params, ensure_ascii=False)
    assert "<!channel>" not in posted and "<!here>" not in posted and "<https://evil" not in posted


def test_an_empty_mention_gets_a_short_reply_in_its_thread(slack: Slack, fake: FakeSlack) -> None:
    message = slack.mention("")
    post = fake.wait_for("chat.postMessage")[0]
    assert post.params["thread_ts"] == message["ts"] and "question is empty" in post.params["text"]


def test_failures_reach_the_thread_not_silence(connect: Callable[[Any], Slack], slack: Slack,
                                               fake: FakeSlack) -> None:
    first = slack.mention("What did Lavrov say?")
    fake.wait_for("chat.postMessage")
    fake.failures["conversations.replies"] = "missing_scope"
    slack.mention("When did he say it?", thread_ts=first["ts"])
    refused = fake.wait_for("chat.postMessage", 2)[1]
    assert refused.params["thread_ts"] == first["ts"] and "missing_scope" in refused.params["text"]

    message = connect(BrokenBot()).mention("What did Lavrov say?")
    broken = fake.wait_for("chat.postMessage", 3)[2]
    assert broken.params["thread_ts"] == message["ts"] and "went wrong" in broken.params["text"]
    assert "/secret/path" not in broken.params["text"]


def test_secrets_stay_out_of_the_logs(slack: Slack, fake: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    slack.mention("What did Lavrov say?")
    fake.wait_for("chat.postMessage")
    slack.settle()
    assert "chat.postMessage" in caplog.text  # the Web API calls were logged...
    assert TOKEN not in caplog.text and SECRET not in caplog.text  # ...without the secrets
    assert {c.token for c in fake.calls} == {TOKEN}


def test_socket_mode_is_used_when_an_app_token_is_set(make_bot: Any, fake: FakeSlack) -> None:
    fake.app_token = "xapp-the-right-one"
    bot = make_bot(slack_bot_token=TOKEN, slack_app_token="xapp-a-wrong-one", slack_api_url=fake.api_url)
    with pytest.raises(VerbatimError, match="SLACK_APP_TOKEN .invalid_auth"):
        run(bot)
    assert [c.token for c in fake.calls_to("apps.connections.open")] == ["xapp-a-wrong-one"]


def test_missing_tokens_are_named(sample_bot: Bot) -> None:
    with pytest.raises(VerbatimError, match="SLACK_BOT_TOKEN"):
        create_app(sample_bot, Settings(slack_bot_token=None))
    with pytest.raises(VerbatimError, match="SLACK_SIGNING_SECRET"):
        create_app(sample_bot, Settings(slack_bot_token=TOKEN, slack_signing_secret=None, slack_app_token=None))


def test_abstentions_are_plain_and_long_quotes_fit_slacks_limits() -> None:
    abstained = Answer("Who won?", "The articles don't answer that.", abstained=True)
    blocks = answer_blocks(abstained, key="k")
    assert [b["type"] for b in blocks] == ["section", "actions"]
    assert blocks[0]["text"]["text"] == "The articles don't answer that."
    long = Quote(1, "&" * 5000, "a", "A", 0, 5000, 0.9)
    quote_block = answer_blocks(Answer("Q?", "x [1]", (long,)), key="k")[1]["text"]["text"]
    assert len(quote_block) <= 3000 and quote_block.endswith("&amp;…")
    assert clip("ab&amp;cd", 5) == "ab…"


def test_users_messages_are_read_as_plain_text() -> None:
    text = f"<@{BOT_USER_ID}>  What did <@U0BOB> say about <https://x.example|the deal> &amp; &lt;it&gt;?"
    assert plain_text(text, bot_user_id=BOT_USER_ID) == "What did @U0BOB say about the deal & <it>?"


def test_the_manifest_asks_for_what_the_bot_uses() -> None:
    manifest = yaml.safe_load((Path(__file__).parents[2] / "docs" / "slack-manifest.yml").read_text())
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/ask"]
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "channels:history"} <= set(
        manifest["oauth_config"]["scopes"]["bot"])
    assert settings["interactivity"]["is_enabled"] and manifest["features"]["app_home"]["messages_tab_enabled"]
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            manifest["features"]["slash_commands"][0]["url"]]
    assert all(url.startswith("https://") and url.endswith(EVENTS_PATH) for url in urls)


def test_slack_can_verify_the_request_url(slack: Slack) -> None:
    response = slack.send(json.dumps({"type": "url_verification", "token": "unused", "challenge": "c-123"}))
    assert response.status == 200 and json.loads(response.body) == {"challenge": "c-123"}
