"""classroom/ is usable without Streamlit: it imports none of streamlit, ui, viz, sim, plotly."""
from pathlib import Path

from tests.test_architecture import imported_roots

ROOT = Path(__file__).resolve().parents[2]


def test_classroom_imports_no_streamlit():
    files = list((ROOT / "classroom").rglob("*.py"))
    assert files
    for f in files:
        assert not imported_roots(f) & {"streamlit", "ui", "viz", "sim", "plotly", "pandas"}, f
