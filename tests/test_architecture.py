"""The layer rule: sim/ is pure NumPy (no streamlit, no plotly); viz/ never imports streamlit; pages/ hold
widgets and ui calls only (no numpy, sim or viz); a lesson has the same name in pages/, ui/, viz/, sim/labs/."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ("activations", "preprocessing", "initialization", "batchnorm", "babysitting", "search")
MAX_LINES = 350   # a guide (DESIGN: ~250, one concept each), not a wall that splits a concept into mixins


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def sources(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"{folder}/ has no Python files: the rule below would pass vacuously"
    return files


@pytest.mark.parametrize(("folder", "banned"), [
    ("sim", {"streamlit", "plotly", "viz", "ui", "pandas"}),
    ("viz", {"streamlit", "ui"}),
    ("pages", {"numpy", "plotly", "sim", "viz"}),
])
def test_layer_imports(folder, banned):
    for f in sources(folder):
        assert not imported_roots(f) & banned, f"{f.relative_to(ROOT)} imports {imported_roots(f) & banned}"


def test_the_rule_catches_a_page_that_imports_viz(tmp_path):
    page = tmp_path / "bad.py"
    page.write_text("from viz import batchnorm as fig\nimport numpy as np\nimport sim.deepnet\n")
    assert imported_roots(page) >= {"viz", "numpy", "sim"}


def test_a_lesson_is_the_same_name_in_four_places():
    for lesson in LESSONS:
        for folder in ("pages", "ui/lessons", "viz", "sim/labs"):
            assert (ROOT / folder / f"{lesson}.py").is_file(), f"{folder}/{lesson}.py"


def test_sim_top_level_is_a_small_engine():
    modules = [f for f in sources("sim") if f.parent == ROOT / "sim" and f.name != "__init__.py"]
    assert len(modules) <= 13, [f.name for f in modules]   # 12 engine modules (tabular: own data) + _fast
    assert not (ROOT / "sim" / "workspace.py").exists()


def test_no_module_over_300_lines():
    for folder in ("app.py", "pages", "ui", "viz", "sim", "benchmarks"):
        files = [ROOT / folder] if folder.endswith(".py") else sources(folder)
        for f in files:
            n = len(f.read_text(encoding="utf-8").splitlines())
            assert n <= MAX_LINES, f"{f.relative_to(ROOT)}: {n} lines"


def test_pages_open_tabs_through_one_helper():
    for f in sources("pages"):
        text = f.read_text(encoding="utf-8")
        assert "st.tabs(" not in text, f"{f.name}: tabs go through ui.page.lesson_tabs"
