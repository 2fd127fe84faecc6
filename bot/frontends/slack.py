"""The Slack bot: answers @mentions in their thread and direct messages, `/ask` privately, and logs 👍/👎.

Built on slack_bolt. Slack wants every request acknowledged within 3 seconds, so listeners acknowledge first and
answer after (`process_before_response=False`); Slack re-sends events it thinks were lost (`X-Slack-Retry-Num`),
so each event, and each message, is answered once.
"""

from __future__ import annotations

import logging
import sys
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from socketserver import ThreadingMixIn
from typing import Any
from urllib.error import URLError
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answer import Answer
from bot.core import Bot
from bot.frontends.slack_blocks import SHARE, VOTE_DOWN, VOTE_UP, answer_blocks, error_text, fallback_text, plain_text
from bot.settings import Settings
from corpus.errors import VerbatimError

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
DM_HISTORY_SECONDS = 1800  # earlier DMs younger than this are a top-level DM's conversation history
Message = dict[str, Any]


def create_app(bot: Bot, settings: Settings) -> App:
    """A slack_bolt `App` answering with `bot`; its Web API client talks to `settings.slack_api_url`."""
    if settings.slack_bot_token is None:
        raise VerbatimError("SLACK_BOT_TOKEN is not set: copy the app's Bot User OAuth Token (xoxb-...) from "
                            "its OAuth & Permissions page")
    secret = settings.slack_signing_secret
    if secret is None and settings.slack_app_token is None:
        raise VerbatimError("SLACK_SIGNING_SECRET is not set: copy the Signing Secret from the app's Basic "
                            "Information page (or set SLACK_APP_TOKEN to use Socket Mode)")
    api_url = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=api_url)
    logging.getLogger("slack_bolt.App").addFilter(_same_token_warning)
    app = App(client=client, signing_secret=secret.get_secret_value() if secret else "", name="verbatim",
              token_verification_enabled=False, process_before_response=False)
    _Listeners(bot).register(app)
    return app


def run(bot: Bot, *, host: str = "127.0.0.1", port: int = 3000) -> None:
    """Serve until interrupted: Socket Mode when SLACK_APP_TOKEN is set, else the Events API over HTTP."""
    settings = bot.settings
    app = create_app(bot, settings)
    identity = _identity(app.client)
    try:
        if settings.slack_app_token is not None:
            handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
            try:
                handler.connect()
            except SlackApiError as e:
                handler.close()
                raise VerbatimError(f"Slack refused SLACK_APP_TOKEN ({e.response.get('error')}); make an "
                                    "app-level token (xapp-...) with the connections:write scope") from None
            sys.stderr.write(f"Verbatim is on Slack as {identity}, over Socket Mode. Ctrl+C stops it.\n")
            threading.Event().wait()
        else:
            try:
                server = make_server(host, port, SlackRequestHandler(app, EVENTS_PATH),
                                     server_class=_ThreadingServer, handler_class=_QuietHandler)
            except OSError as e:
                raise VerbatimError(f"cannot serve on {host}:{port} ({e.strerror}); pick another --port") from None
            sys.stderr.write(f"Verbatim is on Slack as {identity}; its Events API Request URL is "
                             f"http://{host}:{port}{EVENTS_PATH} behind your HTTPS proxy. Ctrl+C stops it.\n")
            with server:
                server.serve_forever()
    except KeyboardInterrupt:
        pass


def _turns(messages: Sequence[Message], *, before: str, bot_user_id: str | None,
                   bot_id: str | None) -> list[Message]:
    """Slack messages older than `before` as OpenAI-style turns: this bot's are the assistant's, people's the
    user's (with the bot's mention dropped); other bots' messages and edits are left out."""
    turns = []
    for m in messages:
        if Decimal(m["ts"]) >= Decimal(before) or m.get("subtype") not in (None, "bot_message", "thread_broadcast"):
            continue
        mine = m.get("user") == bot_user_id or (bot_id is not None and m.get("bot_id") == bot_id)
        if m.get("bot_id") and not mine:
            continue
        if content := plain_text(m.get("text", ""), bot_user_id=bot_user_id):
            turns.append({"role": "assistant" if mine else "user", "content": content})
    return turns


class _Recent:
    """The latest `size` keys, each with a value; thread-safe."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def add(self, key: str, value: Any = None) -> bool:
        """Remember `key`; False when it was already remembered."""
        with self._lock:
            if key in self._items:
                return False
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
            return True

    def get(self, key: str) -> Any:
        with self._lock:
            return self._items.get(key)


class _Listeners:
    """Translates Slack's requests into `Bot.ask` and `Bot.feedback`; holds recent answers for the buttons."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._seen = _Recent(10_000)  # event ids and channel/ts of messages already being answered
        self._answers = _Recent(2_000)  # answers the 👍/👎/Share buttons name

    def register(self, app: App) -> None:
        app.use(self.drop_repeats)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.command("/ask")(self.on_ask)
        app.action(VOTE_UP)(self.on_vote)
        app.action(VOTE_DOWN)(self.on_vote)
        app.action(SHARE)(self.on_share)

    def drop_repeats(self, body: dict[str, Any], request: BoltRequest, next_: Callable[[], Any]) -> Any:
        """Acknowledge an event seen before (a retry of one answered or being answered) and do nothing more."""
        event_id = body.get("event_id")
        if event_id and not self._seen.add(event_id):
            retry = request.headers.get("x-slack-retry-num", ["-"])[0]
            log.info("event %s (retry %s) is answered already; skipping it", event_id, retry)
            return BoltResponse(status=200, body="")
        return next_()

    def on_mention(self, event: Message, context: BoltContext, client: WebClient) -> None:
        self._answer_message(event, context, client, thread_ts=event.get("thread_ts") or event["ts"])

    def on_message(self, event: Message, context: BoltContext, client: WebClient) -> None:
        """Direct messages only: channel messages reach the bot as mentions."""
        if event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id"):
            self._answer_message(event, context, client, thread_ts=event.get("thread_ts"))

    def on_ask(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        self._deliver(partial(respond, response_type="ephemeral"), lambda: self.bot.ask(plain_text(command["text"])),
                      share=True)

    def on_vote(self, ack: Ack, action: dict[str, Any], respond: Respond) -> None:
        ack()
        tell = partial(respond, response_type="ephemeral", replace_original=False)
        if (answer := self._answers.get(action["value"])) is None:
            tell(text="That answer is too old to vote on; ask again to rate a fresh one.")
            return
        up = action["action_id"] == VOTE_UP
        try:
            self.bot.feedback(answer, "up" if up else "down", channel="slack")
        except Exception as e:
            tell(text=error_text(_explain(e)))
            return
        tell(text=f"Thanks, your {'👍' if up else '👎'} is recorded.")

    def on_share(self, ack: Ack, action: dict[str, Any], body: dict[str, Any],
                 respond: Respond) -> None:
        ack()
        if (answer := self._answers.get(action["value"])) is None:
            respond(response_type="ephemeral", replace_original=False,
                    text="That answer is too old to share; run /ask again.")
            return
        respond(response_type="in_channel", replace_original=False, text=fallback_text(answer),
                blocks=answer_blocks(answer, key=action["value"], asked_by=body["user"]["id"]))
        respond(delete_original=True)

    def _answer_message(self, event: Message, context: BoltContext, client: WebClient, *,
                        thread_ts: str | None) -> None:
        channel, ts = event["channel"], event["ts"]
        if not self._seen.add(f"{channel}/{ts}"):  # one answer per message, whichever event brings it
            return
        question = plain_text(event.get("text", ""), bot_user_id=context.bot_user_id)
        post = partial(client.chat_postMessage, channel=channel, thread_ts=thread_ts, unfurl_links=False,
                       unfurl_media=False)
        self._deliver(post, lambda: self.bot.ask(question, self._history(event, context, client)))

    def _deliver(self, send: Callable[..., Any], ask: Callable[[], Answer], *, share: bool = False) -> None:
        """Send the answer, or a short message saying what went wrong: never silence."""
        try:
            answer = ask()
            key = uuid.uuid4().hex
            self._answers.add(key, answer)
            send(text=fallback_text(answer), blocks=answer_blocks(answer, key=key, share=share))
        except Exception as e:
            send(text=error_text(_explain(e)))

    def _history(self, event: Message, context: BoltContext, client: WebClient) -> list[Message]:
        """The conversation so far: the thread's earlier messages, or a DM's recent ones."""
        channel, ts = event["channel"], event["ts"]
        if event.get("thread_ts"):
            messages = client.conversations_replies(channel=channel, ts=event["thread_ts"], limit=200)["messages"]
        elif event.get("channel_type") == "im":
            oldest = f"{Decimal(ts) - DM_HISTORY_SECONDS:f}"
            messages = client.conversations_history(channel=channel, latest=ts, oldest=oldest, limit=20)["messages"]
            messages = messages[::-1]  # Slack lists them newest first
        else:
            return []
        return _turns(messages, before=ts, bot_user_id=context.bot_user_id, bot_id=context.bot_id)


def _explain(error: Exception) -> str:
    """What a Slack user is told; the details go to the log."""
    if isinstance(error, VerbatimError):
        log.info("could not answer: %s", error)
        return str(error)
    log.exception("answering failed")
    if isinstance(error, SlackApiError):
        return f"Slack refused a request of mine ({error.response.get('error')}), so I cannot answer that."
    return "Something went wrong while answering; the details are in the bot's log."


def _same_token_warning(record: logging.LogRecord) -> bool:
    """Drop slack_bolt's warning that SLACK_BOT_TOKEN in the environment goes unused: the client holds that token."""
    return "`token` will be unused" not in record.getMessage()


def _identity(client: WebClient) -> str:
    """Who the bot token belongs to, checked once at start so a bad token fails loudly, not on the first message."""
    try:
        me = client.auth_test()
    except SlackApiError as e:
        raise VerbatimError(f"Slack refused SLACK_BOT_TOKEN ({e.response.get('error')}); copy the Bot User "
                            "OAuth Token (xoxb-...) again") from None
    except (URLError, OSError) as e:
        raise VerbatimError(f"cannot reach Slack's Web API at {client.base_url} ({e}); check "
                            "VERBATIM_SLACK_API_URL and the network") from None
    return f"@{me.get('user')} in {me.get('team')}"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class names it)
        log.debug("%s " + format, self.address_string(), *args)
