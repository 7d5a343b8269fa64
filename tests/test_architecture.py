"""The layer rules, stated once and each shown catching a violation (a synthetic bad source):
- sim/ is pure NumPy (no streamlit, no plotly); viz/ never imports streamlit or ui; pages/ hold widgets and ui
  calls only (no numpy, sim or viz);
- a lesson is the same name in four places: pages/x.py -> ui/lessons/x.py -> viz/x.py -> sim/labs/x.py, for
  every lesson of ui.nav.LESSONS whose page exists (a lesson lands by adding its page);
- no module imports another module's underscore name (nor reaches one as module._name);
- lesson glue reaches the engine only through its sim/labs/<lesson> or sim's public names (ENGINE below);
- class mode's modules are reached only through its facade (ui.classmode), never ui.classmode.<module>."""
import ast
import re
from pathlib import Path

import pytest

from ui.nav import LESSONS

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 350   # a guide (DESIGN: ~250, one concept each), not a wall that splits a concept into mixins
PROJECT = ("ui", "sim", "viz", "classroom", "benchmarks", "deploy", "pages", "tests")
CODE = ("app.py", "pages", "ui", "viz", "sim", "classroom", "benchmarks", "deploy")

# sim's public face (the design's table): what lesson glue may import from the engine, besides its own lab.
ENGINE = {
    "sim.activations": {"ACTIVATIONS", "Activation", "forward", "local_grad", "maxout", "maxout_grad",
                        "prelu_alpha_grad"},
    "sim.initializers": {"SCHEMES", "init_weights", "scheme_scale"},
    "sim.deepnet": {"run_deep_net", "DeepNetResult"},
    "sim.batchnorm": {"batchnorm_forward", "batchnorm_backward", "spatial_batchnorm_forward",
                      "spatial_batchnorm_backward"},
    "sim.data": {"load_digits", "make_spiral", "make_blobs", "train_val_split", "prepare", "Dataset",
                 "DATASETS", "SHAPES", "shape", "from_arrays"},   # the data registries and a drawn set's Dataset
    "sim.preprocess": {"zero_center", "normalize", "pca", "whiten"},
    "sim.twolayer": {"init_params", "loss_and_grads"},
    "sim.train": {"train", "TrainHistory"},
    "sim.batched": {"train_many", "resume_many", "ManyHistory"},    # many runs as one, resumed for more epochs
    "sim.search": {"random_trials", "grid_trials", "run_trials", "SearchResult", "narrow", "Narrowing", "merge",
                   "with_momentum"},   # the search with SGD + momentum: momenta drawn from the notes' four
    "sim.optim": {"sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam"},
    "sim.dropout": {"dropout_forward", "dropout_backward"},
    "sim.gradcheck": {"eval_numerical_gradient", "eval_numerical_gradient_array", "grad_check_sparse", "rel_error"},
}
# Lesson glue that is not a lesson of its own, and the engine module that is its lab.
LAB_OF = {"live": "sim.live", "owndata": "sim.tabular"}


def parse(source: str) -> ast.Module:
    return ast.parse(source)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(parse(read(path))):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def sources(*folders: str) -> list[Path]:
    files = []
    for folder in folders:
        found = [ROOT / folder] if folder.endswith(".py") else sorted((ROOT / folder).rglob("*.py"))
        assert found, f"{folder}/ has no Python files: the rule below would pass vacuously"
        files += found
    return files


def imports(tree: ast.Module) -> list[tuple[str, str, str]]:
    """(module, name, alias) of every import: `import a.b as c` -> ("a.b", "", "c"); `from a import b` ->
    ("a", "b", "b"); relative imports are not used in this project (and would be caught as ".x")."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, "", a.asname or a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = "." * node.level + (node.module or "")
            out += [(mod, a.name, a.asname or a.name) for a in node.names]
    return out


def module_aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> project module it stands for (`from ui import lecture` -> lecture: ui.lecture)."""
    out = {}
    for mod, name, alias in imports(tree):
        full = f"{mod}.{name}" if name else mod
        if full.split(".")[0] in PROJECT and (name or " as " not in alias):
            out[alias] = full if name else mod
    return out


# ---- rule: layers ------------------------------------------------------------------------------------------------
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


# ---- rule: a lesson in four places -------------------------------------------------------------------------------
def missing_places(root: Path, slug: str) -> list[str]:
    """What a lesson whose page exists lacks: its glue, figures and lab, and a page that calls its glue."""
    missing = [f"{d}/{slug}.py" for d in ("ui/lessons", "viz", "sim/labs") if not (root / d / f"{slug}.py").is_file()]
    page = root / "pages" / f"{slug}.py"
    if not any(m == f"ui.lessons.{slug}" or (m == "ui.lessons" and n == slug) for m, n, _ in imports(parse(read(page)))):
        missing.append(f"pages/{slug}.py importing ui.lessons.{slug}")
    return missing


def test_a_lesson_is_the_same_name_in_four_places():
    landed = [lesson.slug for lesson in LESSONS if lesson.exists]
    assert len(landed) >= 6, landed
    for slug in landed:
        assert not missing_places(ROOT, slug), (slug, missing_places(ROOT, slug))


def test_the_four_places_rule_catches_a_lesson_without_its_lab(tmp_path):
    for d in ("pages", "ui/lessons", "viz", "sim/labs"):
        (tmp_path / d).mkdir(parents=True)
    (tmp_path / "pages" / "x.py").write_text("from ui.lessons import y as lab\n")
    (tmp_path / "ui/lessons" / "x.py").write_text("")
    (tmp_path / "viz" / "x.py").write_text("")
    assert missing_places(tmp_path, "x") == ["sim/labs/x.py", "pages/x.py importing ui.lessons.x"]


# ---- rule: no underscore names across modules --------------------------------------------------------------------
def private_reaches(source: str, own: str = "") -> list[str]:
    """Underscore names this source takes from another project module: imported, or read as module._name."""
    tree = parse(source)
    bad = [f"{m}.{n}" for m, n, _ in imports(tree)
           if n.startswith("_") and m.split(".")[0] in PROJECT and m != own]
    aliases = module_aliases(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in aliases):
            bad.append(f"{aliases[node.value.id]}.{node.attr}")
    return bad


def test_no_module_takes_another_modules_private_name():
    for f in sources(*CODE):
        own = ".".join(f.relative_to(ROOT).with_suffix("").parts)
        assert not private_reaches(read(f), own), (f.relative_to(ROOT), private_reaches(read(f), own))


def test_the_private_name_rule_catches_both_forms():
    bad = "from ui.classmode.asking import _later, store\nfrom ui import lecture\nx = lecture._TABS\n"
    assert private_reaches(bad) == ["ui.classmode.asking._later", "ui.lecture._TABS"]
    assert not private_reaches("from __future__ import annotations\nimport sim._fast\nfrom ui.i18n import t\n")


# ---- rule: lessons reach the engine through their lab or sim's public names ---------------------------------------
def others_lab(module: str, lesson: str) -> bool:
    """`module` is a lab of another lesson: sim.labs.<other> or sim.labs.<other>_<part>."""
    name = module.removeprefix("sim.labs.").split(".")[0]
    return module.startswith("sim.labs.") and any(
        name == other or name.startswith(other + "_") for other in (x.slug for x in LESSONS) if other != lesson)


def engine_reaches(source: str, lesson: str) -> list[str]:
    """Engine names this lesson's glue uses that are neither from its labs (sim.labs.<lesson>, sim.labs.<lesson>_*,
    or a lab no other lesson owns) nor sim's public face."""
    tree, lab, bad = parse(source), LAB_OF.get(lesson, f"sim.labs.{lesson}"), []
    modules = {}
    for mod, name, alias in imports(tree):
        full = f"{mod}.{name}" if name else mod
        if not mod.startswith("sim") or lab in (mod, full):
            continue
        if full.startswith("sim.labs.") and not others_lab(full, lesson):
            continue                       # its own lab, split in parts (optimisation_net), or a shared one
        if full in ENGINE:
            modules[alias] = full          # the module itself: each attribute it is used for is checked below
        elif name not in ENGINE.get(mod, ()):
            bad.append(full)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            if node.attr not in ENGINE[modules[node.value.id]]:
                bad.append(f"{modules[node.value.id]}.{node.attr}")
    return bad


def test_lessons_reach_the_engine_through_their_lab():
    for f in sources("ui/lessons"):
        assert not engine_reaches(read(f), f.stem), (f.relative_to(ROOT), engine_reaches(read(f), f.stem))


def test_the_engine_rule_catches_a_lesson_past_its_lab():
    bad = ("from sim import data\nfrom sim.batchnorm import EPS, batchnorm_forward\nfrom sim.labs.search import x\n"
           "from sim.labs.batchnorm import ok\nimport sim.tabular\nd = data.rng\np = data.prepare\n")
    assert engine_reaches(bad, "batchnorm") == ["sim.batchnorm.EPS", "sim.labs.search.x", "sim.tabular",
                                               "sim.data.rng"]


# ---- rule: class mode through its facade -------------------------------------------------------------------------
def classmode_reaches(source: str) -> list[str]:
    """Class mode's modules this source imports past the facade (ui.classmode)."""
    out = []
    for mod, name, _ in imports(parse(source)):
        full = f"{mod}.{name}" if name else mod
        if mod.startswith("ui.classmode.") or (mod == "ui.classmode" and (ROOT / "ui/classmode" / f"{name}.py").exists()):
            out.append(full)
    return out


def test_class_mode_is_reached_through_its_facade():
    outside = [f for f in sources("app.py", "pages", "ui") if "classmode" not in f.parts]
    for f in outside:
        assert not classmode_reaches(read(f)), (f.relative_to(ROOT), classmode_reaches(read(f)))


def test_the_facade_rule_catches_a_reach_into_class_mode():
    bad = "from ui.classmode.asking import ask\nfrom ui.classmode import pacing, ask\nimport ui.classmode.room\n"
    assert classmode_reaches(bad) == ["ui.classmode.asking.ask", "ui.classmode.pacing", "ui.classmode.room"]
    assert not classmode_reaches("from ui import classmode\nfrom ui.classmode import ask, begin_run\n")


# ---- rule: every lesson control through ui.controls.control (Reset knows its default) -----------------------------
def controls_past_the_door(source: str) -> list[str]:
    """Keyed value widgets this source draws other than through ui.controls.control(where).<kind>(...)."""
    from ui.controls import KINDS

    out = []
    for node in ast.walk(parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in KINDS):
            continue
        if not any(k.arg == "key" for k in node.keywords):
            continue   # an unkeyed widget holds no setting a Reset could set
        via = node.func.value
        if not (isinstance(via, ast.Call) and isinstance(via.func, ast.Name) and via.func.id == "control"):
            out.append(f"{ast.unparse(node.func)} (line {node.lineno})")
    return out


def test_lesson_controls_go_through_one_helper():
    for f in [*sources("pages"), *sources("ui/lessons")]:
        assert not controls_past_the_door(read(f)), (f.relative_to(ROOT), controls_past_the_door(read(f)))


def test_the_control_rule_catches_a_widget_drawn_directly():
    bad = ('c1.slider("a", 0, 9, 3, key="a")\nst.selectbox("b", ["x"], key="b")\n'
           'control(c1).toggle("c", key="c")\nst.radio("d", ["x"])\n')
    assert controls_past_the_door(bad) == ["c1.slider (line 1)", "st.selectbox (line 2)"]


# ---- sizes and helpers -------------------------------------------------------------------------------------------
def test_sim_top_level_is_a_small_engine():
    modules = [f for f in sources("sim") if f.parent == ROOT / "sim" and f.name != "__init__.py"]
    # 15 engine modules (tabular: own data; Lecture 7: gradcheck, dropout, optim) + _fast
    assert len(modules) <= 16, [f.name for f in modules]
    assert not (ROOT / "sim" / "workspace.py").exists()


def test_no_module_over_the_line_guide():
    for f in sources("app.py", "pages", "ui", "viz", "sim", "benchmarks"):
        n = len(read(f).splitlines())
        assert n <= MAX_LINES, f"{f.relative_to(ROOT)}: {n} lines"


def test_pages_open_tabs_through_one_helper():
    for f in sources("pages"):
        assert "st.tabs(" not in read(f), f"{f.name}: tabs go through ui.page.lesson_tabs"


# ---- rule: the benchmarks import one another without a circle -----------------------------------------------------
def module_graph(folder: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (lazily inside a function too)."""
    graph = {}
    for f in sorted(folder.glob("*.py")):
        deps = set()
        for mod, name, _ in imports(parse(read(f))):
            if mod == package and (folder / f"{name}.py").exists():
                deps.add(name)
            elif mod.startswith(package + "."):
                deps.add(mod.split(".")[1])
        graph[f.stem] = deps - {f.stem}
    return graph


def a_circle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle of the graph ([] when there is none)."""
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return []


def test_the_benchmarks_import_one_another_without_a_circle():
    graph = module_graph(ROOT / "benchmarks", "benchmarks")
    assert {"load", "hall", "drill", "crowd"} <= set(graph)
    assert not a_circle(graph), a_circle(graph)


def test_the_circle_check_catches_load_hall_drill(tmp_path):
    (tmp_path / "load.py").write_text("def main():\n    from benchmarks.hall import run\n")
    (tmp_path / "hall.py").write_text("from benchmarks.load import pct\nfrom benchmarks import drill\n")
    (tmp_path / "drill.py").write_text("from benchmarks.load import LESSONS\n")
    assert a_circle(module_graph(tmp_path, "benchmarks")) == ["drill", "load", "hall", "drill"]


# ---- rule: a test file a module or a document cites exists --------------------------------------------------------
CITED = re.compile(r"\btests/[\w/]+\.py\b")


def missing_citations(text: str, root: Path = ROOT) -> list[str]:
    return sorted({c for c in CITED.findall(text) if not (root / c).is_file()})


def test_every_cited_test_file_exists():
    files = [f for f in sources(*CODE, "tests") if f != Path(__file__).resolve()]   # not this file's examples
    files += [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    bad = {str(f.relative_to(ROOT)): m for f in files if (m := missing_citations(read(f)))}
    assert not bad, bad


def test_the_citation_check_catches_a_test_that_does_not_exist():
    text = "tests/classroom/test_nudge.py and tests/test_scenes.py hold it; tests/app/test_scenes.py too"
    assert missing_citations(text) == ["tests/classroom/test_nudge.py", "tests/test_scenes.py"]
