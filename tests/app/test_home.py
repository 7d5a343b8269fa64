"""The home page lists all six lessons in both languages and links the ones that exist."""
import pytest

from tests.app.conftest import run_page
from ui.nav import LESSONS
from ui.scenes import SCENES


@pytest.mark.parametrize("lang,title", [("en", "Training Neural Networks"), ("ko", "신경망 학습")])
def test_home_in_both_languages(lang, title):
    at = run_page(lang=lang)
    assert title in at.title[0].value
    links = [p.proto for p in at.get("page_link")]
    lesson_links = [p for p in links if not p.label[:1].isdigit()]   # the rest: each lesson's scenes
    assert len(lesson_links) == sum(lesson.exists for lesson in LESSONS)
    assert len(links) - len(lesson_links) == sum(len(SCENES[lesson.slug]) for lesson in LESSONS if lesson.exists)
    assert len(at.get("caption")) >= len(LESSONS)


def test_garbage_language_and_seed_fall_back():
    at = run_page(lang="xx", seed="abc")
    assert "Training Neural Networks" in at.title[0].value
    assert at.session_state["seed"] == 0
