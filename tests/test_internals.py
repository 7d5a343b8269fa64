"""One door each to Streamlit's and Plotly's private APIs: ui/st_internals.py and viz/plotly_internals.py.

No other module of the app imports Streamlit's internals (streamlit.runtime, streamlit.proto, streamlit.web,
...: anything but `streamlit` and its public components) or touches an underscore attribute of an object that is
not its own (x._y, getattr(x, "_y"), a `_y=` argument): an upgrade of either library is then checked in two
files. The benchmarks are measuring tools that speak the browser protocol on purpose and are not part of the app."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ("app.py", "pages", "ui", "viz", "sim", "classroom")
DOORS = {ROOT / "ui" / "st_internals.py", ROOT / "viz" / "plotly_internals.py"}
PUBLIC_STREAMLIT = {"streamlit", "streamlit.components.v1"}
OWN = {"self", "cls"}   # an object's own underscore names are its business


def reaches(source: str) -> list[str]:
    """What this source takes from Streamlit's internals or from another object's underscore names."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.startswith("streamlit.") and a.name not in PUBLIC_STREAMLIT]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
            mods = {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            if not mods & PUBLIC_STREAMLIT:
                out.append(node.module)
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
              and not (isinstance(node.value, ast.Name) and node.value.id in OWN)):
            out.append(f".{node.attr}")
        elif isinstance(node, ast.Call):
            out += [f"{k.arg}=" for k in node.keywords if k.arg and k.arg.startswith("_")]
            if (isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "hasattr")
                    and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
                    and str(node.args[1].value).startswith("_")):
                out.append(f"{node.func.id}(..., {node.args[1].value!r})")
    return out


def app_modules() -> list[Path]:
    files = []
    for part in APP:
        files += [ROOT / part] if part.endswith(".py") else sorted((ROOT / part).rglob("*.py"))
    return [f for f in files if f not in DOORS]


def test_the_doors_exist_and_hold_the_internals():
    for door in DOORS:
        assert reaches(door.read_text(encoding="utf-8")), f"{door.name} holds no internals: the rule is vacuous"


def test_no_module_but_the_doors_reaches_streamlit_or_plotly_internals():
    files = app_modules()
    assert len(files) > 60
    bad = {str(f.relative_to(ROOT)): r for f in files if (r := reaches(f.read_text(encoding="utf-8")))}
    assert not bad, bad


def test_the_rule_catches_each_form():
    bad = ("from streamlit.runtime.state import get_session_state\nimport streamlit.proto.BackMsg_pb2\n"
           "qp = get_session_state()._state\nlayout = getattr(fig, '_layout', None)\n"
           "go.Figure(data=[], _validate=False)\nself._mine = 1\n")
    assert reaches(bad) == ["streamlit.runtime.state", "streamlit.proto.BackMsg_pb2", "._state",
                            "getattr(..., '_layout')", "_validate="]
    assert not reaches("import streamlit as st\nimport streamlit.components.v1 as components\nself._x = 1\n")
