"""`verbatim chat`: the Gradio page. It translates input and errors and renders answers; `Bot` does the work.

`create_app(bot)` builds the page; `launch(bot, host=..., port=...)` serves it on localhost by default,
with analytics off and no share link. The page's one public API endpoint is `/chat`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote as urlquote

import gradio as gr

from bot import render
from bot.answer import Answer, Quote
from bot.core import Bot
from bot.errors import ArticleNotFound, QuestionError
from corpus.errors import VerbatimError
from index import Progress

log = logging.getLogger(__name__)
REF_PREFIX = "#vb="  # a quote link's href: REF_PREFIX + the URL-quoted JSON the source panel is drawn from
SOURCE_PLACEHOLDER = ('<p class="vb-empty">Click a quote, or its number, to read it in its article '
                      "with every quoted span highlighted.</p>")
CHAT_PLACEHOLDER = ("**Ask about the indexed articles.** Every answer quotes them word for word; "
                    "click a quote to see it in its article. “What is this article about?” and “Which articles "
                    "mention Putin?” work too. The *Corpus* tab adds and removes articles.")
QUESTION_PLACEHOLDER = "Ask a question, e.g. “What did Lavrov say?”"
_STREAM_STEPS = 12
Message = dict[str, Any]


class Page:
    """What the page's events do, kept apart from the layout so each can be tested on its own."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    # ---- chat --------------------------------------------------------------------------------------

    def respond(self, message: str, chat: list[Message], history: list[Message],
                answers: dict[int, dict[str, Any]]) -> Iterator[tuple[str, list[Message], list[Message], dict]]:
        """Stream one turn: the question, then the reply growing word by word, then its quotes."""
        asked = list(chat or [])
        if message.strip():
            asked.append({"role": "user", "content": render.text_html(message)})

        def shown(html: str) -> list[Message]:
            return [*asked, {"role": "assistant", "content": html}]

        yield "", shown('<p class="vb-pending">Searching the articles…</p>'), history, answers
        try:
            answer = self.bot.ask(message, history)
        except VerbatimError as err:  # QuestionError (empty, too long) or a store problem: say so in the chat
            log.info("question refused: %s", err)
            kept = "" if isinstance(err, QuestionError) else message
            yield kept, shown(render.error_html(str(err))), history, answers
            return
        except Exception as err:  # a bug: keep the page usable and the traceback in the server log
            log.exception("answering %r failed", message)
            failed = render.error_html(f"Verbatim failed to answer ({type(err).__name__}); the server log has the "
                                       "details.", title="Something went wrong")
            yield message, shown(failed), history, answers
            return
        href = quote_href(answer)
        for partial in reveal(answer):
            yield "", shown(render.answer_html(partial, href=href)), history, answers
        history = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": answer.text}]
        yield "", shown(render.answer_html(answer, href=href)), history, {**answers, len(asked): answer.to_dict()}

    def vote(self, answers: dict[int, dict[str, Any]], like: gr.LikeData) -> None:
        """👍/👎 on an answer goes to the feedback log; un-voting (liked == "") records nothing."""
        answer = answers.get(like.index) if isinstance(like.index, int) else None
        if answer is None or like.liked not in (True, False):
            return
        self.bot.feedback(answer, "up" if like.liked else "down", channel="web")
        gr.Info("Thanks: your vote is saved.")

    def show_source(self, ref: str) -> str:
        """The source panel for a clicked quote: its article, every quote of that answer from it highlighted."""
        try:
            data = json.loads(ref)
            article_id, focus = str(data["a"]), int(data["f"])
            highlights = [render.Highlight(int(n), int(s), int(e)) for n, s, e in data["q"]]
        except (ValueError, KeyError, TypeError):
            return render.error_html("That quote link is damaged; ask the question again.", title="Cannot show that")
        try:
            article = self.bot.article(article_id)
        except ArticleNotFound:
            return render.error_html(f"The article {article_id!r} is no longer in the index.", title="Cannot show that")
        return render.article_html(article, highlights, focus=focus)

    def api_chat(self, message: str, history: list[dict] | None = None) -> dict[str, Any]:
        """Answer `message`, a question about the indexed articles, with verbatim quotes, or abstain.

        `history` holds earlier turns, oldest first, as [{"role": "user" | "assistant", "content": "..."}], so
        follow-up questions work. Returns {"question", "answer" (text with [n] markers), "abstained", "quotes":
        [{"n", "text", "article_id", "title", "start", "end", "score", "url", "published"}]}, where `start` and
        `end` are offsets into the article's text."""
        try:
            return self.bot.ask(message, history or []).to_dict()
        except VerbatimError as err:
            raise gr.Error(str(err)) from err

    # ---- corpus ------------------------------------------------------------------------------------

    def corpus(self) -> tuple[str, Any]:
        """The article table and the remove menu's choices."""
        articles = self.bot.articles()
        choices = [(f"{s.article.title or s.article.id} ({s.article.id})", s.article.id) for s in articles]
        return render.articles_html(articles), gr.Dropdown(choices=choices, value=None)

    def upload(self, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, str, Any]:
        """Index uploaded files with the same readers as `verbatim index`; report added and rejected files."""
        paths = [Path(f) for f in files or []]
        if not paths:
            return '<p class="vb-empty">Choose one or more files to add.</p>', *self.corpus()
        progress(0, desc="Reading files")

        def step(p: Progress) -> None:
            progress((p.articles_done, p.articles_total), desc="Embedding articles", unit="articles")

        try:
            report = self.bot.index(paths, progress=step)
        except VerbatimError as err:
            return render.error_html(str(err), title="Cannot add that"), *self.corpus()
        lines = [f"{label} {len(ids)} article(s): " + ", ".join(render.text_html(i) for i in ids)
                 for label, ids in (("Added", report.added), ("Updated", report.updated),
                                    ("Unchanged", report.unchanged)) if ids]
        names = {str(p): p.name for p in paths}
        lines += [f'<span class="vb-rejected">Rejected {render.text_html(_shown(s.path, names))}: '
                  f"{render.text_html(s.reason)}</span>" for s in report.skipped]
        status = "<br>".join(lines) or "Nothing was added."
        return f'<p class="vb-status">{status}</p>', *self.corpus()

    def remove(self, article_id: str | None) -> tuple[str, str, Any]:
        if not article_id:
            return '<p class="vb-empty">Choose an article to remove.</p>', *self.corpus()
        try:
            self.bot.remove(article_id)
        except ArticleNotFound as err:
            return render.error_html(str(err), title="Cannot remove that"), *self.corpus()
        return f'<p class="vb-status">Removed {render.text_html(article_id)}.</p>', *self.corpus()


def reveal(answer: Answer) -> Iterator[Answer]:
    """The answer as it is built: its text a few words at a time, then its quotes one by one."""
    words = re.split(r"(?<=\s)(?=\S)", answer.text)
    size = max(1, -(-len(words) // _STREAM_STEPS))
    for end in range(size, len(words), size):
        yield replace(answer, text="".join(words[:end]), quotes=())
    for shown in range(len(answer.quotes) + 1):
        yield replace(answer, quotes=answer.quotes[:shown])


def quote_href(answer: Answer) -> render.QuoteHref:
    """Links that open a quote's article with every quote of `answer` from that article highlighted."""

    def href(quote: Quote) -> str:
        same = [[q.n, q.start, q.end] for q in answer.quotes if q.article_id == quote.article_id]
        ref = json.dumps({"a": quote.article_id, "f": quote.n, "q": same}, separators=(",", ":"))
        return REF_PREFIX + urlquote(ref, safe="")

    return href


def create_app(bot: Bot) -> gr.Blocks:
    """The chat page: a chat beside the source panel, and a corpus tab."""
    page = Page(bot)
    with gr.Blocks(title="Verbatim", analytics_enabled=False) as app:
        history = gr.State([])
        answers = gr.State({})
        gr.Markdown("## Verbatim\nAnswers about your news articles, in their own words.", elem_id="vb-title")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=360):
                        chatbot = gr.Chatbot(elem_id="vb-chat", height=560, render_markdown=False, latex_delimiters=[],
                                             sanitize_html=True, buttons=[], group_consecutive_messages=False,
                                             feedback_options=("Like", "Dislike"), placeholder=CHAT_PLACEHOLDER,
                                             show_label=False)
                        with gr.Row():
                            question = gr.Textbox(elem_id="vb-question", placeholder=QUESTION_PLACEHOLDER,
                                                  show_label=False, scale=5, autofocus=True, max_lines=4)
                            ask = gr.Button("Ask", variant="primary", scale=1, min_width=80)
                    with gr.Column(scale=2, min_width=320):
                        source = gr.HTML(SOURCE_PLACEHOLDER, elem_id="vb-source-panel", js_on_load=_SOURCE_JS,
                                         container=True, padding=True)
            with gr.Tab("Corpus", id="corpus") as corpus_tab:
                articles = gr.HTML(elem_id="vb-articles")
                with gr.Row():
                    files = gr.File(label="Add articles: .txt, .md, .html, .json, .jsonl", file_count="multiple",
                                    type="filepath", elem_id="vb-upload", scale=3)
                    with gr.Column(scale=2):
                        chosen = gr.Dropdown(label="Remove an article", choices=[], elem_id="vb-remove-choice")
                        remove = gr.Button("Remove", variant="stop", elem_id="vb-remove")
                status = gr.HTML(elem_id="vb-status")

        private: dict[str, Any] = {"api_visibility": "private"}
        turn = {"fn": page.respond, "inputs": [question, chatbot, history, answers],
                "outputs": [question, chatbot, history, answers], "show_progress": "hidden", **private}
        question.submit(**turn)
        ask.click(**turn)
        chatbot.clear(lambda: ([], {}, SOURCE_PLACEHOLDER), outputs=[history, answers, source], **private)
        chatbot.like(page.vote, inputs=[answers], **private)

        def quote_clicked(event: gr.EventData) -> str:
            return page.show_source(getattr(event, "ref", ""))

        # The latest quote clicked is shown, even one clicked while the panel is still drawing the one before
        # (the default drops a click that comes while its event is pending).
        source.click(quote_clicked, outputs=source, trigger_mode="always_last", **private)
        corpus_outputs = [articles, chosen]
        app.load(page.corpus, outputs=corpus_outputs, **private)
        corpus_tab.select(page.corpus, outputs=corpus_outputs, **private)
        files.upload(page.upload, inputs=files, outputs=[status, *corpus_outputs], concurrency_id="index",
                     **private).then(lambda: None, outputs=files, **private)
        remove.click(page.remove, inputs=chosen, outputs=[status, *corpus_outputs], concurrency_id="index", **private)
        gr.api(page.api_chat, api_name="chat")
    return app


def launch(bot: Bot, *, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> tuple[gr.Blocks, str]:
    """Serve the page on http://host:port (never a public share link); with `block=False`, return at once."""
    app = create_app(bot)
    _, url, _ = app.launch(server_name=host, server_port=port, share=False, prevent_thread_lock=not block,
                           css=_CSS, theme=_theme(), ssr_mode=False, footer_links=["api"],
                           max_file_size=bot.settings.max_file_bytes, quiet=not block)
    return app, url


def _theme() -> gr.themes.Base:
    """The default theme with system fonts: the page fetches nothing from the internet."""
    return gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"],
                             font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


def _shown(path: str, names: dict[str, str]) -> str:
    """A rejected file's name as the user uploaded it, not the server's temporary path."""
    for full, name in names.items():
        if path.startswith(full):
            return name + path[len(full):]
    return path


# The source panel's script: a click on any quote or [n] link on the page opens it here (by triggering
# the panel's `click` event with the link's reference), and each new article scrolls its focused mark into view.
_SOURCE_JS = """
const previous = window.__verbatimQuoteClick;
if (previous) document.removeEventListener('click', previous, true);
const onClick = (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const link = target && target.closest('a');
  if (!target || (link && !link.classList.contains('vb-ref'))) return;
  const quote = target.closest('.vb-ref, .vb-quote');
  const ref = quote && (quote.matches('.vb-ref') ? quote : quote.querySelector('.vb-ref'));
  const href = (ref && ref.getAttribute('href')) || '';
  if (!href.startsWith('#vb=')) return;
  event.preventDefault();
  trigger('click', {ref: decodeURIComponent(href.slice(4))});
};
window.__verbatimQuoteClick = onClick;
document.addEventListener('click', onClick, true);
watch('value', () => {
  const box = element.querySelector('.vb-text');
  const mark = element.querySelector('mark.vb-focus');
  if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
});
"""

_CSS = """
#vb-chat .vb-reply { white-space: pre-wrap; }
.vb-quote { border-left: 4px solid var(--color-accent); margin: .6em 0 0; padding: .45em .8em;
  background: var(--background-fill-secondary); border-radius: 4px; cursor: pointer; white-space: pre-wrap; }
.vb-quote:hover { background: var(--color-accent-soft); }
.vb-quote footer { margin-top: .35em; font-size: .85em; color: var(--body-text-color-subdued); white-space: normal; }
.vb-quote cite { font-style: normal; font-weight: 600; }
.vb-ref { font-weight: 700; text-decoration: none; color: var(--color-accent); margin-right: .2em; }
.vb-more { margin-top: .6em; font-size: .92em; }
.vb-more summary { cursor: pointer; color: var(--body-text-color-subdued); }
.vb-label { margin: 0 0 .3em; font-size: .75em; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; }
.vb-abstained { border: 1px dashed var(--border-color-primary); border-radius: 6px; padding: .5em .8em;
  color: var(--body-text-color-subdued); font-style: italic; }
.vb-abstained .vb-label { font-style: normal; }
.vb-abstained .vb-label::before { content: "∅ "; }
.vb-error { border-left: 4px solid #dc2626; padding: .4em .8em; }
.vb-error .vb-label { color: #dc2626; }
.vb-pending { color: var(--body-text-color-subdued); font-style: italic; }
.vb-source h3 { margin: 0 0 .2em; }
.vb-meta { margin: 0 0 .6em; font-size: .85em; color: var(--body-text-color-subdued); }
.vb-text { position: relative; max-height: 470px; overflow-y: auto; white-space: pre-wrap; line-height: 1.6; }
mark.vb-mark { background: #fef08a; color: inherit; border-radius: 2px; padding: 0 1px; }
mark.vb-mark::before { content: "[" attr(data-n) "] "; font-size: .8em; font-weight: 700; }
mark.vb-focus { background: #fbbf24; outline: 2px solid #d97706; }
.vb-empty { color: var(--body-text-color-subdued); }
.vb-articles { width: 100%; border: none; border-collapse: collapse; }
.vb-articles tr, .vb-articles thead { border: none; }
.vb-articles caption { text-align: left; padding: .3em 0; color: var(--body-text-color-subdued); }
.vb-articles th, .vb-articles td { text-align: left; padding: .35em .6em; border: none;
  border-bottom: 1px solid var(--border-color-primary); }
.vb-articles .vb-num { text-align: right; }
.vb-rejected { color: #dc2626; }
"""
