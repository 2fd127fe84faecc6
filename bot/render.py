"""An `Answer` and its articles as HTML: numbered block quotes, highlighted source text, an article table.

Article text, titles, ids, URLs and questions are untrusted: every one of them passes through
`html.escape`, so `<script>`, `<img onerror=…>` or Markdown shows as the characters it is made of.
Nothing here knows about a particular front end; callers add behaviour through `href` and CSS classes
(all prefixed `vb-`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from bot.answer import Answer, Quote
from corpus import Article
from index import StoredArticle

_MARKER = re.compile(r"\[(\d+)\]")
QuoteHref = Callable[[Quote], str]


@dataclass(frozen=True, slots=True)
class Highlight:
    """A quoted span to mark in an article's text; `n` is the quote's number."""

    n: int
    start: int
    end: int


def text_html(text: str) -> str:
    """Plain text made safe to place inside HTML (keep `white-space: pre-wrap` on its element for newlines)."""
    return escape(text, quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: `javascript:` and other schemes never become links."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def answer_html(answer: Answer, *, href: QuoteHref | None = None) -> str:
    """The reply with its [n] markers, then a block quote for each quote it cites (the others folded
    away); abstentions get `vb-abstained` under a label that fits each kind (the articles do not answer, none
    are indexed, a follow-up's "he" names no one).

    With `href`, each marker and quote number links to `href(quote)`."""
    quotes = {q.n: q for q in answer.quotes}

    def marker(match: re.Match[str]) -> str:
        quote = quotes.get(int(match[1]))
        return _ref(quote, href) if quote is not None else match[0]

    text = _MARKER.sub(marker, text_html(answer.text))
    if answer.abstained:
        return ('<div class="vb-answer vb-abstained"><p class="vb-label">Nothing to quote</p>'
                f'<div class="vb-reply">{text}</div></div>')
    cited = {int(n) for n in _MARKER.findall(answer.text)} & quotes.keys() or quotes.keys()
    blocks = "".join(quote_html(q, href=href) for q in answer.quotes if q.n in cited)
    more = [q for q in answer.quotes if q.n not in cited]
    if more:
        blocks += (f'<details class="vb-more"><summary>{len(more)} more quote(s)</summary>'
                   f'{"".join(quote_html(q, href=href) for q in more)}</details>')
    return f'<div class="vb-answer"><div class="vb-reply">{text}</div>{blocks}</div>'


def quote_html(quote: Quote, *, href: QuoteHref | None = None) -> str:
    """One numbered block quote with the article's title, date and, for http(s) URLs, a link."""
    source = [f'<cite>{text_html(quote.title or quote.article_id)}</cite>']
    if quote.published:
        source.append(f'<time>{text_html(quote.published)}</time>')
    if url := safe_url(quote.url):
        source.append(f'<a class="vb-link" href="{text_html(url)}" target="_blank" rel="noopener noreferrer">'
                      "original article</a>")
    return (f'<blockquote class="vb-quote">{_ref(quote, href)} <span class="vb-quote-text">{text_html(quote.text)}'
            f'</span><footer>{" · ".join(source)}</footer></blockquote>')


def error_html(message: str, *, title: str = "Cannot ask that") -> str:
    return f'<div class="vb-answer vb-error"><p class="vb-label">{text_html(title)}</p>{text_html(message)}</div>'


def article_html(article: Article, highlights: Sequence[Highlight], *, focus: int | None = None) -> str:
    """The article's full text with each highlight in a `<mark>`; the one numbered `focus` gets `vb-focus`."""
    text = article.text
    parts: list[str] = []
    position = 0
    for h in sorted(highlights, key=lambda h: h.start):
        start, end = h.start, min(h.end, len(text))
        if start < position or start >= end:
            continue  # overlaps an earlier highlight or lies outside the text
        focused = " vb-focus" if h.n == focus else ""
        parts.append(text_html(text[position:start]))
        parts.append(f'<mark class="vb-mark{focused}" data-n="{h.n}">{text_html(text[start:end])}</mark>')
        position = end
    parts.append(text_html(text[position:]))
    meta = [f'<code>{text_html(article.id)}</code>']
    if article.published:
        meta.append(f'<time>{text_html(article.published)}</time>')
    if url := safe_url(article.url):
        meta.append(f'<a href="{text_html(url)}" target="_blank" rel="noopener noreferrer">original article</a>')
    return (f'<article class="vb-source"><h3>{text_html(article.title or article.id)}</h3>'
            f'<p class="vb-meta">{" · ".join(meta)}</p><div class="vb-text">{"".join(parts)}</div></article>')


def articles_html(articles: Sequence[StoredArticle]) -> str:
    """A table of indexed articles: title, date, chunks, id."""
    if not articles:
        return '<p class="vb-empty">No articles are indexed yet. Upload some below.</p>'
    rows = "".join(
        f"<tr><td>{text_html(s.article.title or s.article.id)}</td><td>{text_html(s.article.published or '—')}</td>"
        f'<td class="vb-num">{s.chunk_count}</td><td><code>{text_html(s.article.id)}</code></td></tr>'
        for s in articles)
    return (f'<table class="vb-articles"><caption>{len(articles)} article(s) indexed</caption>'
            '<thead><tr><th>Title</th><th>Date</th><th class="vb-num">Chunks</th><th>Id</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _ref(quote: Quote, href: QuoteHref | None) -> str:
    if href is None:
        return f'<span class="vb-ref">[{quote.n}]</span>'
    return (f'<a class="vb-ref" href="{text_html(href(quote))}" title="Show this quote in its article">'
            f"[{quote.n}]</a>")
