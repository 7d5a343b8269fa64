"""ui.page.use_app_navigation and ui's eager imports: the two fixes for a class opening one link together."""
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

import ui.page
from ui import st_internals
from ui.page import ROUTED, use_app_navigation

ROOT = Path(__file__).resolve().parent.parent


class Rerun(Exception):
    pass


class FakeSt:
    def __init__(self, state):
        self.session_state = state

    @staticmethod
    def rerun():
        raise Rerun


@pytest.mark.parametrize("legacy,state,reruns", [
    (True, {}, True),                # a fresh server's first run: flip the decision, go round through app.py
    (False, {}, True),               # started in legacy mode while another session flipped it: still go round
    (False, {ROUTED: True}, False),  # came through app.py: carry on
])
def test_runs_that_skipped_app_py_are_rerun(monkeypatch, legacy, state, reruns):
    monkeypatch.setattr(ui.page, "st", FakeSt(state))
    monkeypatch.setattr(PagesManager, "uses_pages_directory", legacy)   # the flag ui.st_internals reads
    if reruns:
        with pytest.raises(Rerun):
            use_app_navigation()
    else:
        use_app_navigation()
    assert PagesManager.uses_pages_directory is False and not st_internals.legacy_pages_mode()


def test_importing_ui_imports_the_heavy_libraries_once_up_front():
    code = "import sys, ui; print(all(m in sys.modules for m in ('pandas', 'pyarrow', 'plotly.graph_objects')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
