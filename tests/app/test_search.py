"""AppTest of the search lab: defaults, every control at its extremes, both languages, chart data."""
import numpy as np
import pytest

from tests.app.conftest import run_page
from tests.figdata import arr, figure, figures
from ui.i18n import tr

CHARTS = {1: 2, 2: 1, 3: 1}   # per tab: only the open tab runs


def run(tab: int, lang: str = "en", **params):
    at = run_page("search", lang=lang, sr_tab=tr(lang)(f"search.s{tab}.title"), **params)
    assert len(at.get("plotly_chart")) == CHARTS[tab]
    return at


def trace(fig, key, lang="en"):
    name = tr(lang)(f"search.viz.{key}")
    return next(d for d in fig["data"] if d.get("name") == name)


def n_points(fig, key, lang="en"):
    x = trace(fig, key, lang).get("x")
    return 0 if x is None else len(x)


def metrics(at):
    return [m.value for m in at.metric]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_defaults_coarse_then_fine(lang):
    at = run_page("search", lang=lang)                  # the first tab is open by default
    assert len(at.get("plotly_chart")) == 2
    assert at.title[0].value == tr(lang)("search.title")
    coarse, fine = figure(at, "sr_coarse"), figure(at, "sr_fine")
    assert n_points(coarse, "finished", lang) + n_points(coarse, "stopped", lang) == 30
    assert n_points(coarse, "stopped", lang) > 5                          # the wide coarse ranges blow up often
    acc = arr(trace(coarse, "finished", lang)["marker"]["color"])
    assert 0 <= acc.min() and acc.max() > 0.85
    m = metrics(at)
    best1, best2 = float(m[0]), float(m[3])
    assert best2 > best1 > 0.85 and best1 == pytest.approx(acc.max(), abs=6e-4)     # the fine stage improves on the coarse
    box = arr(trace(coarse, "proposal", lang)["x"])                        # the fine stage samples the proposal
    lr_fine = arr(trace(fine, "finished", lang)["x"])
    assert box.min() <= lr_fine.min() and lr_fine.max() <= box.max()
    assert len(at.table) == 2 and len(at.table[0].value) == 5
    assert not at.exception


def test_coarse_extremes_small():
    at = run(1, sr_n="4", sr_epochs="1", sr_lr=["-8", "-7.9"], sr_reg=["-8", "-7.9"], sr_fine_n="4",
             sr_fine_epochs="1")
    c = figure(at, "sr_coarse")
    assert n_points(c, "finished") == 4 and n_points(c, "stopped") == 0
    assert arr(trace(c, "finished")["marker"]["color"]).max() < 0.3      # lr 1e-8 learns nothing in one epoch
    assert at.slider(key="sr_lr").value == (-8.0, -7.9)


def test_best_on_the_edge_warns_and_the_proposal_reaches_past_it():
    at = run(1, sr_n="40", sr_lr=["-3", "-0.5"], sr_reg=["-5", "-3"], sr_fine_n="4", sr_fine_epochs="1")
    assert any("high end" in w.value and "learning rate" in w.value for w in at.warning)
    box = arr(trace(figure(at, "sr_coarse"), "proposal")["x"])
    assert box.max() == pytest.approx(10 ** 0.5)                          # one decade above the old top
    lr = arr(trace(figure(at, "sr_fine"), "finished")["x"])
    assert lr.max() > 10 ** -0.5                                          # so the fine stage looks past it


def test_coarse_extremes_large_all_stop():
    at = run(1, sr_n="100", sr_epochs="20", sr_lr=["2.9", "3"], sr_reg=["5.9", "6"], sr_fine_n="4",
             sr_fine_epochs="1")
    c = figure(at, "sr_coarse")
    assert n_points(c, "stopped") == 100 and n_points(c, "finished") == 0
    assert "best" not in [d.get("name") for d in c["data"]] and metrics(at)[0] == "—"
    assert any("broke out early" in w.value for w in at.warning)


@pytest.mark.slow
def test_fine_extremes_and_grid():
    at = run(1, "ko", sr_grid="true", sr_n="100", sr_fine_n="100", sr_fine_epochs="30", sr_follow="false",
             sr_fine_lr=["-1", "0.5"], sr_fine_reg=["-8", "6"])
    c, f = figure(at, "sr_coarse"), figure(at, "sr_fine")
    pts = np.r_[arr(trace(c, "finished", "ko")["x"]), arr(trace(c, "stopped", "ko")["x"])]
    assert len(pts) == 100 and len(np.unique(np.round(np.log10(pts), 9))) == 10   # a 10 × 10 grid
    lr = np.r_[arr(trace(f, "finished", "ko")["x"]), arr(trace(f, "stopped", "ko")["x"])]
    assert len(lr) == 100 and lr.min() >= 10 ** -1 and lr.max() <= 10 ** 0.5
    assert at.info and "10 × 10" in at.info[0].value
    assert at.slider(key="sr_fine_reg").value == (-8.0, 6.0)


def test_fine_minimum_and_follow():
    at = run(1, sr_fine_n="4", sr_fine_epochs="1", sr_follow="false", sr_fine_lr=["-8", "-7.9"])
    f = figure(at, "sr_fine")
    assert n_points(f, "finished") == 4 and arr(trace(f, "finished")["x"]).max() <= 10 ** -7.9
    at2 = run(1, sr_fine_n="4", sr_fine_epochs="1")          # following: the sliders are not shown
    assert "sr_fine_lr" not in [s.key for s in at2.slider]


def test_garbage_urls_fall_back():
    at = run(1, sr_n="abc", sr_lr="x", sr_epochs="-5", sr_grid="maybe", sr_fine_n="1e9")
    assert n_points(figure(at, "sr_coarse"), "finished") + n_points(figure(at, "sr_coarse"), "stopped") == 30


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("n,k", [("4", 2), ("9", 3), ("100", 10)])
def test_random_vs_grid(lang, n, k):
    at = run(2, lang, sr_rg_n=n)
    f = figures(at)[0]
    grid, rand = f["data"][0], f["data"][5]
    assert len(np.unique(np.round(arr(grid["x"]), 9))) == k and len(np.unique(arr(rand["x"]))) == k * k
    m = metrics(at)
    assert m[0] == str(k) and m[2] == str(k * k)
    assert "%" in at.markdown[-1].value or any("%" in md.value for md in at.markdown)


def test_random_vs_grid_default_and_seed():
    a, b = run(2), run(2, seed="7")
    assert metrics(a)[0] == "3" and metrics(a)[2] == "9"
    assert not np.allclose(arr(figures(a)[0]["data"][5]["x"]), arr(figures(b)[0]["data"][5]["x"]))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("params,total", [({}, 100), ({"sr_ls_n": "10", "sr_ls_range": ["-10", "-9"]}, 10),
                                          ({"sr_ls_n": "1000", "sr_ls_range": ["-10", "1"]}, 1000)])
def test_log_scale(lang, params, total):
    at = run(3, lang, **params)
    f = figures(at)[0]
    uni, log = arr(f["data"][0]["y"]), arr(f["data"][1]["y"])
    assert uni.sum() / 2 == total and log.sum() / 2 == total
    assert f["layout"]["xaxis"]["type"] == "log"
    rows = at.table[0].value
    assert int(rows.iloc[-1, 1]) >= 0.85 * total          # uniform sampling piles into the top decade


def test_the_slides_cifar_range_learns_nothing_on_the_digits():
    at = run(1, sr_lr=["-6", "-3"], sr_fine_n="4", sr_fine_epochs="1")
    assert float(metrics(at)[0]) < 0.3
    assert any("10^[-6, -3]" in i.value for i in at.info)


def test_garbage_urls_fall_back_on_the_other_tabs():
    assert metrics(run(2, sr_rg_n="7"))[0] == "3"                        # not a square: the default 9
    f = figures(run(3, sr_ls_range="zz", sr_ls_n="-4"))[0]
    assert arr(f["data"][0]["y"]).sum() / 2 == 100
    assert len(run_page("search", sr_tab="nonsense").get("plotly_chart")) == 2   # unknown tab: the first


# --- the update rule: SGD (default) or SGD + momentum, momentum a third searched hyperparameter ---

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_momentum_search_draws_the_notes_values_and_shows_them(lang):
    small = dict(sr_n="12", sr_epochs="2", sr_fine_n="4", sr_fine_epochs="1")
    sgd, mom = run(1, lang, **small), run(1, lang, sr_opt="sgd_momentum", **small)
    assert sgd.session_state["sr_opt"] == "sgd" and mom.session_state["sr_opt"] == "sgd_momentum"
    fs, fm = figure(sgd, "sr_coarse"), figure(mom, "sr_coarse")
    pts = lambda f: np.sort(np.r_[arr(trace(f, "finished", lang)["x"]), arr(trace(f, "stopped", lang)["x"])])  # noqa: E731
    assert np.array_equal(pts(fs), pts(fm))                               # the same lr draws …
    size = arr(trace(fm, "finished", lang)["marker"]["size"])
    assert set(size) <= {7.0, 10.0, 13.0, 16.0} and len(set(size)) > 1   # … with momentum as the dot's size
    assert np.all(arr(trace(fs, "finished", lang)["marker"]["size"]) == 11.0)
    mu_word = tr(lang)("search_opt.col_momentum")
    assert all(mu_word in h for h in trace(fm, "finished", lang)["text"])
    assert not np.array_equal(arr(trace(fs, "finished", lang)["marker"]["color"]),
                              arr(trace(fm, "finished", lang)["marker"]["color"]))   # momentum trains differently
    table = mom.table[0].value
    assert mu_word in table.columns and set(table[mu_word].astype(float)) <= {0.5, 0.9, 0.95, 0.99}
    assert mu_word not in sgd.table[0].value.columns
    assert "μ" in metrics(mom)[2] and "μ" not in metrics(sgd)[2]
    assert tr(lang)("search_opt.note_sgd_momentum") in [c.value for c in mom.caption]


def test_momentum_search_fine_stage_and_garbage_code():
    at = run(1, "ko", sr_opt="sgd_momentum", sr_grid="true", sr_n="16", sr_epochs="1", sr_fine_n="8",
             sr_fine_epochs="1")
    f = figure(at, "sr_fine")
    assert len(arr(trace(f, "finished", "ko")["marker"]["size"])) + n_points(f, "stopped", "ko") == 8
    assert tr("ko")("search_opt.col_momentum") in at.table[1].value.columns
    bad = run(1, sr_opt="adam", sr_n="4", sr_epochs="1", sr_fine_n="4", sr_fine_epochs="1")
    assert bad.session_state["sr_opt"] == "sgd" and "sr_opt" not in bad.query_params
