"""classroom/ is usable without Streamlit: it imports none of streamlit, ui, viz, sim, plotly."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_classroom_imports_no_streamlit():
    files = list((ROOT / "classroom").rglob("*.py"))
    assert files
    for f in files:
        roots = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots.add(node.module.split(".")[0])
        assert not roots & {"streamlit", "ui", "viz", "sim", "plotly", "pandas"}, f
