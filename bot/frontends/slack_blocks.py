"""Slack's side of the text: answers as Block Kit with article text made inert, users' messages back to plain text.

Article text is untrusted. In mrkdwn, `<!channel>` pings a channel and `<https://x|label>` is a link, so every
piece of article text goes through `escape` before it reaches Slack.
"""

from __future__ import annotations

import re
from typing import Any

from bot.answer import Answer, Quote
from bot.render import safe_url

VOTE_UP = "verbatim_vote_up"
VOTE_DOWN = "verbatim_vote_down"
SHARE = "verbatim_share"
SECTION_LIMIT = 3000  # characters Slack accepts in one section's text
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_SLACK_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")


def escape(text: str) -> str:
    """Slack's three control characters as entities, so text shows as typed and can ping or link nothing."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(mrkdwn: str, *, bot_user_id: str | None = None) -> str:
    """A user's Slack message as plain text: the bot's mention dropped, links and mentions as their labels."""
    if bot_user_id:
        mrkdwn = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", mrkdwn)
    text = _SLACK_LINK.sub(lambda m: m[2] or m[1].lstrip("!"), mrkdwn)
    text = _ENTITY.sub(lambda m: {"&amp;": "&", "&lt;": "<", "&gt;": ">"}[m[0]], text)
    return " ".join(text.split())


def fallback_text(answer: Answer) -> str:
    """The message's `text`: what notifications show, and what a thread's history reads back."""
    return clip(escape(answer.text))


def answer_blocks(answer: Answer, *, key: str, share: bool = False,
                  asked_by: str | None = None) -> list[dict[str, Any]]:
    """The answer, each quote as a quote block under its numbered (linked) title, then 👍/👎 (and Share) buttons.

    `key` names the answer in the buttons' values; `asked_by` (a Slack user id) adds who asked what."""
    blocks: list[dict[str, Any]] = []
    if asked_by and _USER_ID.match(asked_by):
        asked = clip(f"<@{asked_by}> asked: {escape(answer.question)}")
        blocks.append({"type": "context", "elements": [_mrkdwn(asked)]})
    blocks.append({"type": "section", "text": _mrkdwn(fallback_text(answer))})
    blocks += [{"type": "section", "text": _mrkdwn(_quote(q))} for q in answer.quotes]
    buttons = [_button("👍", VOTE_UP, key, "This answer helped"),
               _button("👎", VOTE_DOWN, key, "This answer did not help")]
    if share:
        buttons.append({**_button("Share to channel", SHARE, key, "Post this answer to the channel"),
                        "style": "primary"})
    blocks.append({"type": "actions", "block_id": "verbatim_answer", "elements": buttons})
    return blocks


def error_text(message: str) -> str:
    return clip(f":warning: {escape(message)}")


def clip(mrkdwn: str, limit: int = SECTION_LIMIT) -> str:
    """`mrkdwn` cut to `limit` characters with an ellipsis, never inside an entity."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    cut = mrkdwn[: limit - 1]
    amp = cut.rfind("&", len(cut) - 4)
    return (cut[:amp] if amp != -1 and ";" not in cut[amp:] else cut) + "…"


def _quote(q: Quote) -> str:
    title = escape(q.title or q.article_id)
    if url := safe_url(q.url):
        title = f"<{escape(url).replace('|', '%7C')}|{title}>"
    heading = f"*[{q.n}]* {title}" + (f" · {escape(q.published)}" if q.published else "")
    quoted = "\n".join(f">{line}" for line in escape(q.text).splitlines() or [""])
    return clip(f"{heading}\n{quoted}")


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _button(label: str, action_id: str, value: str, description: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "value": value, "accessibility_label": description,
            "text": {"type": "plain_text", "text": label, "emoji": True}}
