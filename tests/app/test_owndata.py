"""AppTest of a student's own data on the babysitting page: a drawing from the link trains in every tab, an
upload sets the sanity check's C, a bad upload leaves the last good file in place, nothing escapes as a
traceback."""
import numpy as np
import pytest

from sim import data
from tests.app.conftest import assert_clean, run_page
from tests.figdata import arr, figure
from ui.i18n import tr
from ui.lessons.owndata import MAX_POINTS, decode_points, encode_points

THREE = encode_points(*data.shape("blobs", 30, 3, seed=5))


def sanity(at) -> str:
    """The sanity check of the initial loss (a line with its pass/fail icon)."""
    return next(m.value for m in at.markdown if "material/" in m.value and "ln C" in m.value)


def run_tab(tab: str, lang: str = "en", **params):
    return run_page("babysitting", lang=lang, timeout=180, bs_tab=tr(lang)(f"babysitting.{tab}"), **params)


def test_the_code_round_trips_on_its_grid_and_refuses_junk():
    X, y = data.shape("circles", 40, 4, seed=1)
    X2, y2 = decode_points(encode_points(X, y))
    assert np.array_equal(y2, y) and np.abs(X2 - X).max() <= 1 / 127 + 1e-12
    assert len(encode_points(X, y)) == 3 * len(y)
    for junk in ("", "!!", "A", "<script>", "ÿÿÿÿÿÿ", "_" * 9, "A" * 3 * (MAX_POINTS + 50)):
        Xj, yj = decode_points(junk)
        assert Xj.shape == (len(yj), 2) and len(yj) <= MAX_POINTS and np.all(np.abs(Xj) <= 1) and np.all(yj < 5)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_drawing_from_the_link_trains_in_every_tab(lang):
    t = tr(lang)
    at = run_page("babysitting", lang=lang, timeout=180, ds="drawn", pts=THREE)
    assert "ln 3 = 1.0986" in sanity(at)
    assert any(t("owndata.drawn_note", n=90, k=3) == c.value for c in at.caption)
    lr = run_tab("tab_lr", lang, ds="drawn", pts=THREE, lrs=["1e-1", "1e0"])
    curves = [arr(tr_["y"]) for tr_ in figure(lr, "lr_loss")["data"] if tr_.get("meta") in ("0.1", "1")]
    assert len(curves) == 2 and all(abs(c[0] - np.log(3)) < 0.05 for c in curves)   # 3 classes, not 10
    assert curves[1][-1] < 0.5 * curves[1][0]                                         # lr 1 learns the blobs


@pytest.mark.parametrize("page,key", [("babysitting", "ds"), ("search", "sr_ds")])
def test_the_data_select_speaks_the_page_language_and_the_link_keeps_the_code(page, key):
    """Korean labels in the select, the code in the URL: a Korean link opens the same data on an English page."""
    ko, en = tr("ko"), tr("en")
    at = run_page(page, lang="ko", timeout=180, **{key: "drawn", "pts": THREE})
    box = at.selectbox(key=key)
    assert box.value == "drawn" and box.options[0] == ko("owndata.source.digits") != en("owndata.source.digits")
    assert ko("owndata.source.drawn") in box.options and "drawn" not in box.options
    assert at.query_params[key] in ("drawn", ["drawn"])
    box.set_value("upload").run(timeout=180)
    assert at.session_state[key] == "upload" and at.query_params[key] in ("upload", ["upload"])
    at.selectbox(key=key).set_value("digits").run(timeout=180)
    assert key not in at.query_params                                   # the default is left out of the link
    assert run_page(page, lang="en", timeout=180, **{key: "upload"}).selectbox(key=key).value == "upload"


def test_an_unusable_drawing_falls_back_to_the_spiral_and_says_so():
    one = encode_points(np.array([[0.1, 0.2], [0.3, 0.1], [0.5, 0.5]]), np.array([0, 0, 1]))
    for pts in (one, "%%%", ""):
        at = run_page("babysitting", lang="en", timeout=120, ds="drawn", pts=pts)
        note = " ".join(c.value for c in at.caption)
        if pts != one:     # no drawing in the link (or junk): the spiral to edit, which trains
            assert "Your drawing: 120 points, 3 classes" in note
        else:
            assert "cannot train yet" in note and "ln 3" in sanity(at)


GOOD = ("f1,f2,f3,f4,f5,species\n" + "".join(
    f"{i % 5},{(i * 7) % 11},{i % 3},{(i * i) % 13},{i % 2},{('setosa', 'versicolor')[i % 2]}\n" for i in range(60)))


def test_an_upload_sets_the_classes_and_a_bad_one_keeps_it():
    at = run_page("babysitting", lang="en", timeout=120, ds="upload")
    assert "ln 10" in sanity(at) and any("use the digits" in i.value for i in at.info)
    at.file_uploader(key="own_csv").set_value(("flowers.csv", GOOD.encode(), "text/csv")).run()
    assert_clean(at)
    assert "ln 2 = 0.6931" in sanity(at)
    assert any("flowers.csv" in c.value and "2 classes" in c.value for c in at.caption)
    label = at.selectbox(key="own_label")
    assert label.value == "species" and label.options == ["f1", "f2", "f3", "f4", "f5", "species"]
    label.set_value("f5").run()                    # f5 holds 0/1: two classes again, species is now a feature
    assert any("non_numeric" in e.value or "is not a number" in e.value for e in at.error)   # words as a feature
    assert "ln 2" in sanity(at)
    at.file_uploader(key="own_csv").set_value(("bad.csv", b"a,label\n1,x\n=cmd(),y\n", "text/csv")).run()
    assert_clean(at)
    assert any("formula" in e.value and "still uses your last good file" in e.value for e in at.error)
    assert "ln 2 = 0.6931" in sanity(at)


def test_korean_messages_for_a_bad_file():
    at = run_page("babysitting", lang="ko", timeout=120, ds="upload")
    at.file_uploader(key="own_csv").set_value(("x.csv", b"a,label\n1,x\n2,y\n3,y\n", "text/csv")).run()
    assert any("‘x’ 클래스의 예제가 하나뿐입니다" in e.value and "손글씨 숫자" in e.value for e in at.error)
    assert "ln 10" in sanity(at)


def _blobs_csv(n_per_class: int, dim: int, classes: int, seed: int = 0) -> bytes:
    X, y = data.make_blobs(n_per_class, classes, seed=seed, dim=dim, spread=2.0)
    header = ",".join([f"x{j}" for j in range(dim)] + ["label"])
    return (header + "\n" + "\n".join(",".join([*(f"{v:.4g}" for v in row), f"c{k}"]) for row, k in
                                      zip(X, y, strict=True)) + "\n").encode()


def test_the_search_trains_on_an_upload_and_bounds_its_work():
    from tests.app.test_search import n_points
    at = run_page("search", lang="en", timeout=180, sr_ds="upload")
    assert any("use the digits" in i.value for i in at.info)
    at.file_uploader(key="own_csv").set_value(("blobs.csv", _blobs_csv(150, 6, 4), "text/csv")).run()
    assert not at.exception
    coarse = figure(at, "sr_coarse")
    assert n_points(coarse, "finished") + n_points(coarse, "stopped") == 30
    assert any("blobs.csv" in c.value and "4 classes" in c.value for c in at.caption)
    assert float(at.metric[3].value) > 0.9 > 0.25              # four separated blobs: the fine stage finds them
    # a file 30× costlier per trial-epoch than the digits: fewer epochs, then fewer trials, said on screen
    at.file_uploader(key="own_csv").set_value(("wide.csv", _blobs_csv(1500, 256, 10), "text/csv")).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "trains" in captions and "of the 30 asked" in captions
    coarse = figure(at, "sr_coarse")
    assert n_points(coarse, "finished") + n_points(coarse, "stopped") < 30


def test_a_drawing_feeds_the_search_too():
    at = run_page("search", lang="ko", timeout=180, sr_ds="drawn", pts=THREE)
    assert not at.exception
    assert any("그린 데이터: 점 90개, 클래스 3개" in c.value for c in at.caption)
    assert float(at.metric[0].value) > 0.8
