"""The live player's payload: arrays round-trip, only new chunks are sent, pending changes, texts in both languages."""
import json

import numpy as np
import pytest

from sim import live
from sim.data import prepare
from sim.twolayer import init_params
from ui.i18n import tr
from viz import live as vl


@pytest.fixture(scope="module")
def spiral_chunks():
    d = prepare("spiral", seed=0)
    s = live.start(init_params(2, 100, 3, weight_scale=1e-2, seed=0))
    a = live.run_chunk(s, d, lr=1.0, reg=0.0, batch_size=100, seed=0)
    b = live.run_chunk(a.end, d, lr=1.0, reg=0.0, batch_size=100, seed=0)
    return d, [a, b]


@pytest.mark.parametrize("dtype,values", [("f4", [1.5, -1.0, 3e-7]), ("u1", [0, 7, 255]), ("u2", [0, 65535]),
                                          ("i4", [0, -5, 1500])])
def test_pack_round_trips(dtype, values):
    a = np.array(values).reshape(-1, 1)
    p = vl.pack(a, dtype)
    assert p["t"] == dtype and p["n"] == [len(values), 1]
    assert np.allclose(vl.unpack(p), a)


def test_payload_of_a_spiral_run(spiral_chunks):
    d, chunks = spiral_chunks
    t = tr("en")
    p = vl.payload("7", d, chunks, t=t, cap=1500, lr=1.0, reg=0.0, send_from=1, answered=3)
    json.dumps(p)                                       # plain JSON for the component
    assert p["run"] == "7" and p["answered"] == 3 and not p["final"] and not p["pending"]
    assert [c["start"] for c in p["chunks"]] == [300]   # only what the browser has not been sent
    assert np.allclose(vl.unpack(p["history"]), chunks[0].loss)
    c = p["chunks"][0]
    s = len(chunks[1].snap_iter)
    assert vl.unpack(c["grid"]).shape == (s, live.GRID, live.GRID)
    assert np.array_equal(vl.unpack(c["snap_iter"]), chunks[1].snap_iter)
    assert np.allclose(vl.unpack(c["loss"]), chunks[1].loss, rtol=1e-6)
    assert vl.unpack(c["ratio"]).shape == (300, 2) and vl.unpack(c["hist"]).shape == (s, 36)
    assert p["data"]["kind"] == "2d" and vl.unpack(p["data"]["x"]).shape == (len(d.X_train),)
    x0, x1, y0, y1 = p["data"]["extent"]
    assert x0 < x1 and y0 < y1
    assert p["colors"]["classes"] == list(vl.CLASS_COLORS[:3])
    assert p["labels"]["play"] == t("live.play") and "{k}" in p["labels"]["diverged"]
    assert len(json.dumps(p)) < 1_000_000             # the budget per chunk


def test_changed_settings_are_pending_and_marks_say_what_changed(spiral_chunks):
    d, chunks = spiral_chunks
    p = vl.payload("1", d, chunks, t=tr("en"), cap=1500, lr=0.1, reg=0.0,
                   marks=[vl.Mark(120, (1.0, 0.1), (0.0, 0.0)), vl.Mark(200, (0.1, 0.1), (0.0, 1e-3))])
    assert p["pending"]
    assert [m["text"] for m in p["marks"]] == ["lr 1 → 0.1", "reg 0 → 0.001"]
    assert len(p["chunks"]) == 2 and len(vl.unpack(p["history"])) == 0
    done = vl.payload("1", d, chunks, t=tr("en"), cap=600, lr=0.1, reg=0.0)
    assert done["final"] and not done["pending"]       # at the cap nothing continues


def test_digits_payload_in_korean():
    d = prepare("digits", seed=0)
    s = live.start(init_params(64, 20, 10, weight_scale=1e-2, seed=0))
    c = live.run_chunk(s, d, lr=0.5, reg=0.0, batch_size=100, seed=0, n_iters=30)
    p = vl.payload("2", d, [c], t=tr("ko"), cap=1500, lr=0.5, reg=0.0)
    px = vl.unpack(p["data"]["pixels"])
    assert p["data"]["kind"] == "digits" and p["data"]["side"] == 8 and px.shape == (live.N_DIGITS, 64)
    assert px.max() > 200 and px.min() == 0          # ink back in 0..255
    assert vl.unpack(p["chunks"][0]["confusion"]).shape == (len(c.snap_iter), 10, 10)
    assert "grid" not in p["chunks"][0]
    assert p["labels"]["iteration"] == "반복" and p["labels"]["epoch"] == "에폭"


def test_blown_up_loss_travels_as_minus_one():
    d = prepare("digits", seed=0)
    s = live.start(init_params(64, 20, 10, weight_scale=1e-2, seed=0))
    c = live.run_chunk(s, d, lr=1e8, reg=0.0, batch_size=100, seed=0, n_iters=30)
    p = vl.payload("3", d, [c], t=tr("en"), cap=1500, lr=1e8, reg=0.0)
    loss = vl.unpack(p["chunks"][0]["loss"])
    assert p["final"] and p["chunks"][0]["diverged_at"] == c.diverged_at
    assert np.all(np.isfinite(loss)) and (loss[-1] == -1.0 or loss[-1] > 3 * loss[0])
