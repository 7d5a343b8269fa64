"""A student's own data in Chromium: draw three classes on the plane, train live on them, open the share link in a
second browser with the same points; upload a CSV and see the sanity check's ln C with its C; every bad file says
why and leaves the page on the previous data."""
from __future__ import annotations

import numpy as np
import pytest

from sim import data
from tests.e2e.conftest import open_page, settle
from ui.lessons.owndata import decode_points

pytestmark = pytest.mark.browser
LIVE = "4+·+Live+training"
PLAYER = ".st-key-live_player .live"
EL = ("(document.querySelector('.st-key-live_player [data-testid=stBidiComponentIsolated]')?.shadowRoot"
      "?.querySelector('.live'))")
CENTRES = ((-0.6, 0.6), (0.6, 0.6), (0.0, -0.6))   # where the three classes are drawn, in plane units


def plane_box(page):
    canvas = page.locator(".draw canvas").first
    canvas.wait_for(state="visible", timeout=30000)
    canvas.scroll_into_view_if_needed()
    return canvas.bounding_box()


def draw_cluster(page, k: int, centre: tuple[float, float], n: int) -> None:
    """Class k, n clicks on a small grid around `centre` (plane units), in Add mode."""
    page.locator(".draw .classes button").nth(k).click()
    box = plane_box(page)
    offsets = [(dx, dy) for dx in np.linspace(-0.12, 0.12, 6) for dy in np.linspace(-0.12, 0.12, 5)][:n]
    for dx, dy in offsets:
        x = box["x"] + (centre[0] + dx + 1) / 2 * box["width"]
        y = box["y"] + (1 - (centre[1] + dy + 1) / 2) * box["height"]
        page.mouse.click(x, y)


def points_in_url(page) -> tuple[np.ndarray, np.ndarray]:
    from urllib.parse import parse_qs, urlparse
    return decode_points(parse_qs(urlparse(page.url).query).get("pts", [""])[0])


def test_draw_three_classes_share_the_link_and_train(page, browser, server_url):
    open_page(page, f"{server_url}/babysitting?lang=en&ds=drawn&bs_tab={LIVE}")
    assert page.locator(".draw").first.get_attribute("data-points") == "120"   # the spiral to start from
    page.locator(".draw button.clear").click()
    assert page.locator(".draw").first.get_attribute("data-points") == "0"
    for k, centre in enumerate(CENTRES):
        draw_cluster(page, k, centre, 30)
    assert page.locator(".draw").first.get_attribute("data-points") == "90"
    page.mouse.up()
    settle(page)
    page.wait_for_function("location.search.includes('pts=')", timeout=20000)
    X, y = points_in_url(page)
    assert np.bincount(y).tolist() == [30, 30, 30]
    for k, (cx, cy) in enumerate(CENTRES):   # each class where it was clicked (the code's 1/64 grid)
        assert np.allclose(X[y == k].mean(axis=0), (cx, cy), atol=0.03)
    assert page.get_by_text("Your drawing: 90 points, 3 classes").count() == 1

    # the share link opens the same points in another browser
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_page(other, page.url)
    assert other.locator(".draw").first.get_attribute("data-points") == "90"
    X2, y2 = points_in_url(other)
    assert np.array_equal(X2, X) and np.array_equal(y2, y)
    other.context.close()

    # train live on the drawing: the player plays to the end, and the regions cover the three clicked areas
    player = page.locator(PLAYER)
    player.locator(".speeds button[data-speed='4']").click()
    player.locator(".play").click()
    page.wait_for_function(f"{EL}.dataset.iteration >= 1500", timeout=240000)
    regions = player.evaluate("el => el.liveDebug().regions")
    d = data.from_arrays(X, y, seed=0)        # the page's seed: where the drawing lies once standardised
    n, (x0, x1, y0, y1), cls = regions["n"], regions["extent"], np.array(regions["cls"]).reshape(regions["n"], -1)
    for k, centre in enumerate(CENTRES):
        cx, cy = (np.array(centre) - d.mean) / d.scale
        row, col = int((cy - y0) / (y1 - y0) * n), int((cx - x0) / (x1 - x0) * n)
        around = cls[max(row - 2, 0):row + 3, max(col - 2, 0):col + 3]   # the cells around the clicked area
        assert np.all(around == k), (k, around)


def test_a_drawing_of_one_class_cannot_train_and_says_so(page, server_url):
    open_page(page, f"{server_url}/babysitting?lang=ko&ds=drawn")
    page.get_by_role("tab").nth(3).click()        # live training (its Korean label is the locale's to choose)
    settle(page)
    page.locator(".draw button.clear").click()
    draw_cluster(page, 0, (0.0, 0.0), 5)
    page.mouse.up()
    settle(page)
    texts = " ".join(page.get_by_test_id("stAlert").all_inner_texts())
    assert "클래스를 두 개 이상" in texts
    assert page.locator(".live").count() == 0


GOOD = "a,b,c,label\n" + "".join(f"{i % 7},{(i * 3) % 5},{i % 2},{['cat', 'dog', 'owl', 'emu'][i % 4]}\n"
                                 for i in range(80))
BAD = {
    "empty.csv": ("", "This file is empty."),
    "ragged.csv": ("a,label\n1,x\n2\n3,y\n", "Row 3 has 1 cells, but the header has 2."),
    "words.csv": ("a,label\n1,x\nseven,y\n", "Row 3, column “a”: “seven” is not a number"),
    "nan.csv": ("a,label\n1,x\nnan,y\n", "Row 3, column “a” is nan"),
    "formula.csv": ("a,label\n=HYPERLINK(\"http://e.vil\"),x\n2,y\n", "looks like a spreadsheet formula"),
    "oneclass.csv": ("a,label\n1,x\n2,x\n", "a classifier needs at least two classes"),
    "single.csv": ("a,label\n1,x\n2,x\n3,y\n", "The class “y” has a single example"),
    "latin1.csv": ("a,label\n1,caf\xe9\n2,th\xe9\n", "not UTF-8 text"),
    "binary.csv": ("\x00\x01\x02PK", "it holds binary data"),
}


def upload(page, name: str, text: str, encoding: str = "utf-8") -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode(encoding)})
    settle(page)


def sanity_text(page) -> str:
    return " ".join(page.get_by_test_id("stMarkdown").all_inner_texts())


def test_upload_a_csv_then_bad_files_keep_it(page, server_url):
    open_page(page, f"{server_url}/babysitting?lang=en&ds=upload")
    assert "ln 10" in sanity_text(page)          # no file yet: the digits, said so
    assert "the tabs use the digits" in " ".join(page.get_by_test_id("stAlert").all_inner_texts())
    upload(page, "animals.csv", GOOD)
    assert "ln 4 = 1.3863" in sanity_text(page)   # four classes: the sanity check's C is the file's
    assert page.get_by_text("animals.csv: 80 rows, 3 features, 4 classes").count() == 1
    for name, (text, message) in BAD.items():
        upload(page, name, text, "latin-1" if name == "latin1.csv" else "utf-8")
        alerts = " ".join(page.get_by_test_id("stAlert").all_inner_texts())
        assert message in alerts, (name, alerts)
        assert "still uses your last good file" in alerts, name
        assert "ln 4 = 1.3863" in sanity_text(page), name     # the page still trains on animals.csv
        assert page.get_by_test_id("stException").count() == 0, name


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_editor_and_the_uploader_pass_axe_and_draw_from_the_keyboard(page, server_url, lang):
    from tests.e2e.test_accessibility import _axe
    open_page(page, f"{server_url}/babysitting?lang={lang}&ds=drawn")
    page.get_by_role("tab").nth(3).click()
    settle(page)
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in _axe(page, presenter=False)
             if v["impact"] in ("serious", "critical")]
    assert not found, found
    canvas = page.locator(".draw canvas").first
    assert canvas.get_attribute("aria-label")                       # named, in the page's language
    assert ("두 축" in canvas.get_attribute("aria-label")) == (lang == "ko")
    before = int(page.locator(".draw").first.get_attribute("data-points"))
    canvas.focus()
    page.keyboard.press("2")                                        # class 2, then three points of it
    for key in ("ArrowRight", "Enter", "ArrowUp", "Enter", "ArrowUp", "Enter"):
        page.keyboard.press(key)
    assert page.locator(".draw .classes button[aria-pressed='true']").inner_text().strip().endswith("2")
    assert int(page.locator(".draw").first.get_attribute("data-points")) == before + 3
    assert page.locator(".draw .live-region").inner_text()           # counted aloud for a screen reader
    page.keyboard.press("Delete")                                   # erases the point under the cross
    assert int(page.locator(".draw").first.get_attribute("data-points")) == before + 2
    outline = canvas.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"                                        # a visible focus ring
    settle(page)
    page.wait_for_function("location.search.includes('pts=')", timeout=20000)
    assert len(points_in_url(page)[1]) == before + 2                # the keyboard's points reach the link

    open_page(page, f"{server_url}/babysitting?lang={lang}&ds=upload")
    upload(page, "a.csv", "a,label\n1,x\n2\n")                      # an error on screen too
    found = [(v["id"], v["impact"]) for v in _axe(page, presenter=False) if v["impact"] in ("serious", "critical")]
    assert not found, found
