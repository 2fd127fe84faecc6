"""The chat page in headless Chromium (Debian's, driven by Playwright) against a real server on localhost."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bot import ArticleNotFound, Bot, Settings
from bot.frontends.web import launch
from index import MiniLMEmbeddings

pytestmark = [pytest.mark.browser, pytest.mark.server]
DATA = Path(__file__).parents[1] / "data"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
LAVROV = "is constructive in nature"
TIMEOUT_MS = 30_000  # the machine is shared; a slow answer is not a failure of the page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Bot:
    """A bot of this module's own over the sample article: these tests add and remove articles."""
    data_dir = tmp_path_factory.mktemp("web-browser")
    return Bot.open(data_dir, settings=Settings(data_dir=data_dir), embeddings=embeddings)


@pytest.fixture(scope="module")
def server(bot: Bot) -> Iterator[str]:
    app, url = launch(bot, port=free_port(), block=False)
    yield url
    app.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser, server: str) -> Iterator[Page]:
    """A fresh tab on the page; it fails the test if the page raised a script error or opened a dialog."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.goto(server)
    tab.locator("#vb-question textarea").wait_for()
    yield tab
    context.close()
    assert problems == []


def ask(page: Page, question: str) -> Locator:
    """Ask in the chat; the answer once its quotes (or its abstention) are shown."""
    answers = page.locator("#vb-chat .vb-answer")
    before = answers.count()
    page.locator("#vb-question textarea").fill(question)
    page.keyboard.press("Enter")
    answer = answers.nth(before)
    expect(answer.locator(".vb-quote, .vb-label").first).to_be_visible()
    return answer


def test_clicking_a_quote_or_its_number_shows_it_highlighted_in_its_article(page: Page) -> None:
    answer = ask(page, "What did Lavrov say?")
    quote = answer.locator(".vb-quote").filter(has_text=LAVROV)
    expect(quote).to_be_visible()
    quote.click()
    focus = page.locator("#vb-source-panel mark.vb-focus")
    expect(focus).to_contain_text(LAVROV)
    expect(page.locator("#vb-source-panel h3")).to_have_text("Iran russia treaty")
    expect(page.locator("#vb-source-panel mark.vb-mark")).to_have_count(answer.locator(".vb-quote").count())
    page.wait_for_function("""() => {  // the focused span is scrolled into the panel's view
        const mark = document.querySelector('#vb-source-panel mark.vb-focus'), box = mark.closest('.vb-text');
        const m = mark.getBoundingClientRect(), b = box.getBoundingClientRect();
        return box.scrollTop > 0 && m.top >= b.top && m.bottom <= b.bottom; }""")

    answer = ask(page, "What does the treaty cover?")  # several quotes: the later ones are folded away
    answer.locator("details.vb-more summary").click()
    second = answer.locator("details.vb-more .vb-quote").first
    second.locator(".vb-ref").click()
    expect(focus).to_have_attribute("data-n", "2")
    expect(focus).to_have_text(second.locator(".vb-quote-text").inner_text())


def test_follow_up_questions_use_the_conversation(page: Page) -> None:
    ask(page, "What did Lavrov say?")
    follow_up = ask(page, "When did he say it?")
    expect(follow_up.locator(".vb-quote").first).to_contain_text("Sergey Lavrov said on Tuesday")
    expect(page.locator("#vb-chat .vb-answer")).to_have_count(2)


def test_votes_reach_the_feedback_log(page: Page, bot: Bot) -> None:
    log = bot.settings.data_dir / "feedback.jsonl"
    before = log.read_text().count("\n") if log.exists() else 0
    ask(page, "What did Lavrov say?")
    page.locator("#vb-chat button[aria-label='Like']").last.click()
    expect(page.get_by_text("your vote is saved")).to_be_visible()
    entry = json.loads(log.read_text().splitlines()[before])
    assert entry["vote"] == "up" and entry["question"] == "What did Lavrov say?" and LAVROV in entry["answer"]


def test_uploaded_article_can_be_asked_about_and_removed(page: Page, bot: Bot) -> None:
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#vb-upload input[type=file]").set_input_files([DATA / "web-lighthouse.txt",
                                                                 DATA / "web-rejected.csv"])
    status = page.locator("#vb-status")
    expect(status).to_contain_text("Added 1 article(s): web-lighthouse")
    expect(status.locator(".vb-rejected")).to_contain_text("Rejected web-rejected.csv: unsupported file type '.csv'")
    expect(page.locator("#vb-articles")).to_contain_text("Kellan Point lighthouse shines again after restoration")

    page.get_by_role("tab", name="Chat").click()
    answer = ask(page, "How far out to sea can the new lantern be seen?")
    expect(answer.locator(".vb-quote").first).to_contain_text("31 kilometres out to sea")
    answer.locator(".vb-quote").first.click()  # the quote links still work after switching tabs
    expect(page.locator("#vb-source-panel mark.vb-focus")).to_contain_text("31 kilometres out to sea")

    page.get_by_role("tab", name="Corpus").click()
    page.locator("#vb-remove-choice input").click()
    page.get_by_role("option", name=re.compile(r"\(web-lighthouse\)")).click()
    page.locator("#vb-remove").click()
    expect(status).to_contain_text("Removed web-lighthouse")
    expect(page.locator("#vb-articles")).not_to_contain_text("Kellan Point")
    with pytest.raises(ArticleNotFound):
        bot.article("web-lighthouse")


def test_html_and_script_in_articles_show_as_text_and_never_run(page: Page, bot: Bot) -> None:
    bot.index([DATA / "web-payloads.txt"])
    answer = ask(page, "What did Tomas Reyes say?")
    expect(answer.locator(".vb-quote-text").first).to_contain_text(
        "\"<script>window.__vbXss='script'</script> The harbour budget vote")
    answer.locator(".vb-quote").first.click()
    source = page.locator("#vb-source-panel")
    expect(source.locator("mark.vb-focus")).to_contain_text("<script>")
    for shown in ("<img src=x onerror=\"window.__vbXss='img'\">", "[the full plan](javascript:window.__vbXss='link')",
                  "<b>comments</b>", "$$x^2$$", "<a href=\"javascript:window.__vbXss='anchor'\">anchor</a>"):
        expect(source.locator(".vb-text")).to_contain_text(shown)
    expect(source.locator("h3")).to_have_text("<img src=x onerror=\"window.__vbXss='title'\"> Council bulletin "
                                              "<b>special</b>")

    page.get_by_role("tab", name="Corpus").click()
    expect(page.locator("#vb-articles")).to_contain_text("<img src=x onerror=")
    page.locator("#vb-remove-choice input").click()
    expect(page.get_by_role("option", name=re.compile(r"<img src=x onerror="))).to_be_visible()

    page.wait_for_timeout(300)  # give any injected <img onerror> time to fire
    assert page.evaluate("window.__vbXss") is None
    made: Any = page.evaluate("""() => ({
        elements: document.querySelectorAll('img[src="x"], a[href^="javascript"], .katex').length,
        scripts: [...document.scripts].filter(s => s.textContent.includes('__vbXss')).length })""")
    assert made == {"elements": 0, "scripts": 0}
