"""Deep links into a fresh server: the first request, and a whole class opening lessons at the same moment."""
import pytest

from tests.e2e.conftest import open_page, plot, settle

pytestmark = pytest.mark.browser


def test_first_request_to_a_lesson_gets_the_shared_sidebar(page, fresh_server):
    open_page(page, f"{fresh_server}/activations?lang=ko")
    page.get_by_text("Language · 언어").wait_for(timeout=30000)
    nav = page.locator("a[data-testid='stSidebarNavLink']").all_inner_texts()
    assert any(n.endswith("활성화 함수") for n in nav) and not any(n.strip() == "app" for n in nav)
    assert page.locator("h1").first.inner_text() == "활성화 함수"


def test_a_class_opening_links_together_gets_no_error_and_no_legacy_menu(browser, fresh_server):
    """Two races of a fresh server, both seen with 12 simultaneous visits: sessions stuck in Streamlit's
    legacy pages/ mode, and 'partially initialized module pandas' from parallel first imports."""
    lessons = ["activations", "initialization", "batchnorm", "babysitting", "preprocessing", "search", "optimisation"]
    pages = [browser.new_page(viewport={"width": 1200, "height": 900}) for _ in lessons]
    try:
        for pg, lesson in zip(pages, lessons, strict=True):
            pg.goto(f"{fresh_server}/{lesson}", wait_until="commit")   # all sessions start before any settles
        for pg, lesson in zip(pages, lessons, strict=True):
            settle(pg, timeout_ms=120000)
            plot(pg)
            assert pg.get_by_test_id("stException").count() == 0, lesson
            nav = pg.locator("a[data-testid='stSidebarNavLink']").all_inner_texts()
            assert not any(n.strip() in ("app", lesson) for n in nav), (lesson, nav)   # the legacy menu's names
            assert pg.get_by_text("Language · 언어").count() == 1, lesson
    finally:
        for pg in pages:
            pg.close()
