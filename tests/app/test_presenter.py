"""AppTest of the presenter view's state: it holds across a page switch (Streamlit gives the sidebar toggle a new
widget id on every page), and the toggle still turns it off and on."""
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, assert_clean


def test_the_presenter_view_holds_across_pages_and_the_toggle_still_works():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"present": "1", "lang": "en", "seed": "7"})
    at.run()
    assert at.session_state["present"] is True
    at.switch_page("pages/batchnorm.py")
    at.run()
    assert_clean(at)
    assert at.session_state["present"] is True and at.query_params["present"] == "1"
    assert int(at.session_state["seed"]) == 7
    assert not at.title                       # a lesson's title shares the scene bar's row
    at.sidebar.toggle(key="present").set_value(False).run()
    assert at.session_state["present"] is False and "present" not in at.query_params and at.title
    at.switch_page("pages/initialization.py")
    at.run()
    assert at.session_state["present"] is False and at.title
    at.sidebar.toggle(key="present").set_value(True).run()
    assert at.session_state["present"] is True and at.query_params["present"] == "1" and not at.title
