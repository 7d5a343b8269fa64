"""The app opens in a real browser in both languages, with navigation to every existing lesson."""
import pytest

from tests.e2e.conftest import open_page
from ui.nav import LESSONS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang,title", [("en", "Training Neural Networks"), ("ko", "신경망 학습")])
def test_home_loads_in_both_languages(page, server_url, lang, title):
    open_page(page, f"{server_url}/?lang={lang}")
    assert title in page.locator("h1").first.inner_text()
    links = page.eval_on_selector_all("a[data-testid='stSidebarNavLink']", "els => els.map(e => e.href)")
    for lesson in LESSONS:
        if lesson.exists:
            assert any(h.split("?")[0].rstrip("/").endswith("/" + lesson.slug) for h in links), lesson.slug
