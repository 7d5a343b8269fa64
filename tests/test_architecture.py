"""The layer rule: sim/ is pure NumPy (no streamlit, no plotly); viz/ never imports streamlit."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_sim_imports_neither_streamlit_nor_plotly():
    files = list((ROOT / "sim").rglob("*.py"))
    assert files
    for f in files:
        assert not imported_roots(f) & {"streamlit", "plotly", "viz", "ui", "pandas"}, f


def test_viz_does_not_import_streamlit():
    for f in (ROOT / "viz").rglob("*.py"):
        assert not imported_roots(f) & {"streamlit", "ui"}, f


def test_pages_do_no_numpy_math_and_build_no_figures():
    for f in (ROOT / "pages").rglob("*.py"):
        assert not imported_roots(f) & {"numpy", "plotly", "sim"}, f
