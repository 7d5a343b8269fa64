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


@pytest.mark.parametrize("path", ["/home?lang=ko", "/glossary?lang=ko", "/glossary?lang=en"])
def test_home_alias_and_glossary_answer_without_a_not_found_dialog(page, server_url, path):
    open_page(page, server_url + path)
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("h1").first.inner_text() in ("신경망 학습, 직접 해 보기", "용어집", "Glossary")
    if "glossary" in path:
        assert page.locator("[data-testid='stTable'] tbody tr").count() >= 30
