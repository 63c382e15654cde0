"""The real page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): ask in
the chat box, wait for the streamed answer and its citation card, open the card, and keep
screenshots (desktop and phone) in test-artifacts/ for a human to look at."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from webui_server import serve

from assistant.service import AssistantService

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
QUESTION = "蓝天保卫战由哪个部门牵头？"
# Without the background-networking flags Chromium keeps dialling Google services, which a
# sandbox without internet refuses many at a time.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ANSWER_TIMEOUT_MS = 120_000  # the first answer also warms the models; CI machines can be busy
PAGE_TIMEOUT_MS = 30_000

# Gradio's own pandas calls warn under pandas 3; nothing for this project to act on.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")

if not CHROMIUM.exists():
    pytest.skip("Chromium not installed: apt-get install chromium", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="pip install playwright (the package only; never `playwright install`: the tests use Debian's Chromium)",
)


@pytest.fixture(scope="module")
def base_url(assistant) -> Iterator[str]:
    with serve(AssistantService(assistant.settings, assistant=assistant)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_api.sync_playwright() as p:
        # A persistent context is how Playwright takes a fresh --user-data-dir of our own.
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
        )
        yield context
        context.close()


def ask(page, base_url: str) -> None:
    """Load the page, ask QUESTION, wait for the answer with its card, open the card."""
    page.goto(base_url, timeout=PAGE_TIMEOUT_MS)
    box = page.locator("#pa-input textarea")
    box.wait_for(timeout=PAGE_TIMEOUT_MS)
    box.fill(QUESTION)
    box.press("Enter")
    card = page.locator("#pa-chat details.pa-cite").first
    card.wait_for(timeout=ANSWER_TIMEOUT_MS)
    summary = card.locator("summary")
    assert "二（八）" in summary.inner_text()
    assert "市蓝天办" in page.locator("#pa-chat").inner_text()
    summary.click()
    page.wait_for_function("() => document.querySelector('#pa-chat details.pa-cite').open", timeout=5_000)
    mark = card.locator("mark")
    assert "市蓝天办" in mark.inner_text()
    mark.scroll_into_view_if_needed()


def test_chat_in_the_browser(browser, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    outside: list[str] = []

    def watch(page) -> None:
        page.on(
            "request",
            lambda r: (
                outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None) else None
            ),
        )

    page = browser.new_page()
    watch(page)
    ask(page, base_url)
    assert page.locator("#pa-input textarea").input_value() == ""  # the box empties for the next question
    page.screenshot(path=str(ARTIFACTS / "chat.png"))

    # A follow-up through the page uses the conversation; 新对话 clears it.
    box = page.locator("#pa-input textarea")
    page.wait_for_function("() => !document.querySelector('#pa-input textarea').disabled", timeout=PAGE_TIMEOUT_MS)
    box.fill("那责任单位有哪些？")
    box.press("Enter")
    page.locator("#pa-chat details.pa-cite").nth(1).wait_for(timeout=ANSWER_TIMEOUT_MS)
    answers = page.locator("#pa-chat [data-testid='bot']")
    assert answers.count() == 2 and answers.last.inner_text().startswith("责任单位有：")
    assert "市环保局" in answers.last.inner_text()
    page.get_by_role("button", name="新对话").click()
    page.locator("#pa-chat details.pa-cite").first.wait_for(state="detached", timeout=PAGE_TIMEOUT_MS)
    page.close()

    # A phone: the chat takes the full width, and nothing makes the page scroll sideways.
    phone = browser.new_page()
    watch(phone)
    phone.set_viewport_size({"width": 390, "height": 844})
    ask(phone, base_url)
    # All four tabs fit the bar (none folded into Gradio's overflow menu).
    phone.get_by_role("tab", name="文件管理").wait_for(timeout=PAGE_TIMEOUT_MS)  # a loaded CI machine lays out slowly
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    chat_box = phone.locator("#pa-chat").bounding_box()
    assert chat_box is not None and chat_box["width"] >= 360
    phone.screenshot(path=str(ARTIFACTS / "chat-mobile.png"))

    # The tables scroll inside their box on a phone, too.
    phone.get_by_role("tab", name="条款查询").click()
    phone.locator(".pa-table [data-testid='cell-0-0']").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.close()

    assert not outside, f"the page fetched from outside: {outside}"
