"""Headless Debian Chromium driven by Playwright (no browser download)."""
from contextlib import contextmanager

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google on this closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@contextmanager
def chromium():
    """A headless browser; each test opens its own contexts (one per person)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_out(page) -> None:
    """Log out through the account menu: the person's name opens it in the top bar."""
    page.click("#site-nav summary:has(.me)")
    page.click("#site-nav button:text-is('Log out')")
