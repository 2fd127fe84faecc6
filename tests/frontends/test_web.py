"""The chat page without a browser: HTML rendering, the page's event handlers, and the served `/chat` API."""

from __future__ import annotations

import json
import re
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from bot import Answer, Bot, Quote, render
from bot.frontends.web import REF_PREFIX, Page, launch, quote_href, reveal
from corpus import Article

DATA = Path(__file__).parents[1] / "data"
PAYLOADS = ['<script>window.x=1</script>', '<img src=x onerror="window.x=2">', "[link](javascript:alert(1))",
            "<b>bold</b>"]
LAVROV = "is constructive in nature"


def quote(n: int = 1, text: str = "a quoted sentence", **fields: Any) -> Quote:
    defaults: dict[str, Any] = {"article_id": "a", "title": "A title", "start": 0, "end": len(text), "score": 0.9}
    return Quote(n, text, **{**defaults, **fields})


def chat_text(chat: list[dict[str, Any]]) -> str:
    return chat[-1]["content"]


def turns(page: Page, question: str, history: list | None = None) -> list[tuple]:
    return list(page.respond(question, [], history or [], {}))


# ---- rendering ------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_article_text_renders_as_text_everywhere(payload: str) -> None:
    q = quote(text=f"He said {payload} today.", title=payload, article_id=payload, url=f"https://x.test/?q={payload}",
              published=payload)
    answer = Answer(payload, f"“{q.text}” [1]", (q,))
    article = Article(id=payload, text=f"Intro. {q.text} End.", title=payload, url=q.url, published=payload)
    for html in (render.answer_html(answer, href=quote_href(answer)), render.quote_html(q),
                 render.article_html(article, [render.Highlight(1, 7, 7 + len(q.text))], focus=1),
                 render.error_html(payload), render.text_html(payload)):
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert "onerror=\"" not in html and 'href="javascript' not in html
        assert render.text_html(payload) in html  # shown, as characters


def test_answer_links_markers_and_cited_quotes_to_their_source() -> None:
    answer = Answer("q", "“first” [1]", (quote(1, "first"), quote(2, "second", article_id="b")))
    html = render.answer_html(answer, href=quote_href(answer))
    refs = re.findall(r'class="vb-ref" href="([^"]+)"', html)
    assert len(refs) == 3  # the [1] in the reply and the two block quotes
    assert html.index("first</span>") < html.index('<details class="vb-more">') < html.index("second</span>")
    ref = json.loads(urllib.request.unquote(refs[0].removeprefix(REF_PREFIX)))
    assert ref == {"a": "a", "f": 1, "q": [[1, 0, 5]]}  # quotes from other articles are not highlighted


def test_quote_shows_title_date_and_only_web_links() -> None:
    html = render.quote_html(quote(title="Treaty signed", published="2025-01-17", url="https://news.test/a?b=1&c=2"))
    assert "<cite>Treaty signed</cite>" in html and "2025-01-17" in html
    assert 'href="https://news.test/a?b=1&amp;c=2"' in html
    assert "href" not in render.quote_html(quote(url="javascript:alert(1)"))
    assert "href" not in render.quote_html(quote(url="data:text/html,<b>x</b>"))


def test_abstentions_look_different_from_answers() -> None:
    abstained = render.answer_html(Answer("q", "The articles don't answer that.", (), abstained=True))
    answered = render.answer_html(Answer("q", "“x” [1]", (quote(1, "x"),)))
    assert "vb-abstained" in abstained and "Nothing to quote" in abstained
    assert "vb-abstained" not in answered and "vb-quote" in answered


def test_article_marks_every_span_exactly_and_focuses_one() -> None:
    article = Article(id="a", text="One <two>. Three & four. Five.")
    html = render.article_html(article, [render.Highlight(2, 11, 24), render.Highlight(1, 0, 10),
                                         render.Highlight(3, 5, 12)], focus=2)
    marks = re.findall(r'<mark class="([^"]+)" data-n="(\d)">(.*?)</mark>', html)
    assert marks == [("vb-mark", "1", "One &lt;two&gt;."), ("vb-mark vb-focus", "2", "Three &amp; four.")]


def test_reveal_streams_growing_text_then_quotes() -> None:
    answer = Answer("q", " ".join(f"word{i}" for i in range(40)) + " [1]", (quote(1), quote(2)))
    steps = list(reveal(answer))
    texts = [s.text for s in steps]
    assert len(steps) > 5 and texts == sorted(texts, key=len) and len(set(texts)) > 5
    assert all(answer.text.startswith(t) for t in texts)
    assert steps[-1] == answer and not steps[0].quotes


# ---- the page's handlers, with the real model and index -------------------------------------------

class RecordingBot:
    """The real bot, remembering the history each question was asked with."""

    def __init__(self, bot: Bot) -> None:
        self._bot, self.histories = bot, []

    def ask(self, question: str, history: list) -> Answer:
        self.histories.append(list(history))
        return self._bot.ask(question, history)


def test_chat_streams_the_answer_and_keeps_history(sample_bot: Bot) -> None:
    recorder = RecordingBot(sample_bot)
    page = Page(recorder)  # type: ignore[arg-type]
    steps = turns(page, "What did Lavrov say?")
    assert "Searching" in chat_text(steps[0][1]) and len(steps) > 3
    lengths = [len(chat_text(chat)) for _, chat, *_ in steps[1:]]
    assert lengths == sorted(lengths)
    _, chat, history, answers = steps[-1]
    assert LAVROV in chat_text(chat) and 'class="vb-quote"' in chat_text(chat)
    assert history[0] == {"role": "user", "content": "What did Lavrov say?"} and LAVROV in history[1]["content"]
    assert LAVROV in answers[1]["quotes"][0]["text"]

    *_, (_, chat, _, _) = page.respond("When did he say it?", chat, history, answers)
    assert recorder.histories[-1] == history and len(chat) == 4


@pytest.mark.parametrize("question", ["", "   ", "x" * 3000])
def test_bad_questions_become_messages_in_the_chat(sample_bot: Bot, question: str) -> None:
    box, chat, history, answers = turns(Page(sample_bot), question)[-1]
    assert "vb-error" in chat_text(chat) and ("empty" in chat_text(chat) or "limit" in chat_text(chat))
    assert history == [] and answers == {} and box == ""


def test_a_failing_bot_leaves_a_message_and_the_question() -> None:
    class BrokenBot:
        def ask(self, question: str, history: list) -> Answer:
            raise RuntimeError("disk on fire")

    box, chat, history, answers = turns(Page(BrokenBot()), "What did Lavrov say?")[-1]  # type: ignore[arg-type]
    assert "Something went wrong" in chat_text(chat) and "RuntimeError" in chat_text(chat)
    assert "disk on fire" not in chat_text(chat) and box == "What did Lavrov say?" and history == [] and answers == {}


def test_chat_with_no_articles_abstains_visibly(make_bot: Any) -> None:
    _, chat, _, answers = turns(Page(make_bot()), "What did Lavrov say?")[-1]
    assert "vb-abstained" in chat_text(chat) and answers[1]["abstained"]


def test_source_panel_highlights_the_quotes_of_the_clicked_answer(sample_bot: Bot) -> None:
    answer = sample_bot.ask("What did Lavrov say?")
    href = quote_href(answer)(answer.quotes[0])
    html = Page(sample_bot).show_source(urllib.request.unquote(href.removeprefix(REF_PREFIX)))
    focus = re.search(r'<mark class="vb-mark vb-focus" data-n="1">(.*?)</mark>', html)
    assert focus and focus[1] == render.text_html(answer.quotes[0].text)
    assert html.count("<mark") == sum(q.article_id == answer.quotes[0].article_id for q in answer.quotes)
    assert "vb-error" in Page(sample_bot).show_source("not json")
    assert "no longer in the index" in Page(sample_bot).show_source('{"a": "gone", "f": 1, "q": []}')


def test_votes_append_to_the_feedback_log(make_bot: Any) -> None:
    bot = make_bot()
    page = Page(bot)
    answer = Answer("Who?", "“Someone.” [1]", (quote(1, "Someone."),)).to_dict()
    for liked in (True, False, ""):
        page.vote({1: answer}, gr.LikeData(None, {"index": 1, "value": [], "liked": liked}))
    page.vote({1: answer}, gr.LikeData(None, {"index": 0, "value": [], "liked": True}))  # a question: ignored
    lines = [json.loads(line) for line in (bot.settings.data_dir / "feedback.jsonl").read_text().splitlines()]
    assert [line["vote"] for line in lines] == ["up", "down"]
    assert lines[0]["channel"] == "web" and lines[0]["question"] == "Who?" and lines[0]["quotes"][0]["n"] == 1


def test_upload_indexes_files_with_progress_and_names_rejected_ones(make_bot: Any, tmp_path: Path) -> None:
    bot, seen = make_bot(), []
    page = Page(bot)
    upload = tmp_path / "upload"
    upload.mkdir()
    files = [DATA / "web-lighthouse.txt", DATA / "web-rejected.csv"]
    for f in files:
        (upload / f.name).write_bytes(f.read_bytes())
    status, table, menu = page.upload([str(upload / f.name) for f in files], progress=lambda *a, **k: seen.append(a))
    assert "Added 1 article(s): web-lighthouse" in status
    assert "Rejected web-rejected.csv: unsupported file type" in status and str(upload) not in status
    assert "Kellan Point lighthouse" in table and seen[-1] == ((1, 1),)
    assert menu.choices == [("Kellan Point lighthouse shines again after restoration (web-lighthouse)",
                             "web-lighthouse")]
    assert "31 kilometres" in bot.ask("How far out to sea can the new lantern be seen?").quotes[0].text

    status, table, _ = page.remove("web-lighthouse")
    assert "Removed web-lighthouse" in status and "No articles are indexed" in table
    assert "vb-error" in page.remove("web-lighthouse")[0]
    assert "Choose" in page.upload([], progress=lambda *a, **k: None)[0]


# ---- the served page and its API -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(sample_bot: Bot) -> Iterator[str]:
    app, url = launch(sample_bot, port=free_port(), block=False)
    yield url
    app.close()


@pytest.mark.server
def test_launch_serves_on_localhost_without_share_or_analytics(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(server + "config") as response:
        config = json.load(response)
    assert config["analytics_enabled"] is False and not config.get("share_url")
    assert "Verbatim" in urllib.request.urlopen(server).read().decode()


@pytest.mark.server
def test_api_chat_returns_the_answer_with_quotes(server: str) -> None:
    client = Client(server, verbose=False)
    result = client.predict("What did Lavrov say?", api_name="/chat")
    assert result["abstained"] is False and LAVROV in result["answer"]
    assert LAVROV in result["quotes"][0]["text"] and result["quotes"][0]["article_id"] == "iran-russia-treaty"

    history = [{"role": "user", "content": "What did Lavrov say?"}, {"role": "assistant", "content": result["answer"]}]
    follow_up = client.predict("When did he say it?", history, api_name="/chat")
    assert "on Tuesday" in follow_up["quotes"][0]["text"]
    with pytest.raises(AppError, match="empty"):
        client.predict("  ", api_name="/chat")


@pytest.mark.server
def test_api_is_named_and_documented(server: str) -> None:
    api = Client(server, verbose=False).view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/chat"] and not api["unnamed_endpoints"]
    chat = api["named_endpoints"]["/chat"]
    assert [p["parameter_name"] for p in chat["parameters"]] == ["message", "history"]
    assert "verbatim quotes" in chat["description"] and '"quotes"' in chat["description"]
