"""Live-training chunks: reproducible, continuable, the same run as sim.train, with well-formed snapshots."""
import numpy as np
import pytest

from sim import live
from sim.data import prepare
from sim.train import train
from sim.twolayer import init_params, scores


@pytest.fixture(scope="module")
def spiral():
    return prepare("spiral", seed=0)


@pytest.fixture(scope="module")
def digits():
    return prepare("digits", seed=0)


def begin(d, hidden=30, seed=0, ws=1e-2):
    return live.start(init_params(d.X_train.shape[1], hidden, d.n_classes, weight_scale=ws, seed=seed))


def chunk(d, state, n=60, lr=1.0, reg=1e-3, seed=0, **kw):
    return live.run_chunk(state, d, lr=lr, reg=reg, batch_size=50, seed=seed, n_iters=n, **kw)


def test_reproducible_by_seed(spiral):
    a, b = chunk(spiral, begin(spiral)), chunk(spiral, begin(spiral))
    assert np.array_equal(a.loss, b.loss) and np.array_equal(a.grid, b.grid)
    assert np.array_equal(a.end.params["W1"], b.end.params["W1"])
    other = chunk(spiral, begin(spiral, seed=1), seed=1)
    assert not np.array_equal(a.loss, other.loss)


def test_continuing_from_a_state_equals_one_long_run(spiral):
    s = begin(spiral)
    whole = chunk(spiral, s, n=120)
    first = chunk(spiral, s, n=60)
    second = chunk(spiral, first.end, n=60)
    assert (first.start, first.stop, second.start, second.stop) == (0, 60, 60, 120)
    assert np.array_equal(np.concatenate([first.loss, second.loss]), whole.loss)
    assert np.array_equal(np.concatenate([first.ratio, second.ratio]), whole.ratio)
    assert np.array_equal(second.end.params["W2"], whole.end.params["W2"])
    # the snapshot at the boundary is in both chunks; without it, the two chunks are the long one
    assert np.array_equal(np.concatenate([first.snap_iter, second.snap_iter[1:]]), whole.snap_iter)
    assert np.array_equal(np.concatenate([first.grid, second.grid[1:]]), whole.grid)
    assert np.allclose(np.concatenate([first.val_acc, second.val_acc[1:]]), whole.val_acc)


def test_the_same_sgd_run_as_train(digits):
    p = init_params(64, 40, 10, weight_scale=1e-2, seed=3)
    h = train(p, digits.X_train, digits.y_train, digits.X_val, digits.y_val, lr=0.5, reg=1e-4, epochs=2,
              batch_size=100, seed=3)
    c = live.run_chunk(live.start(p), digits, lr=0.5, reg=1e-4, batch_size=100, seed=3, n_iters=len(h.loss))
    assert np.allclose(c.loss, h.loss, rtol=1e-12) and np.allclose(c.ratio, h.update_ratio, rtol=1e-12)
    assert np.allclose(c.end.params["W1"], h.params["W1"], rtol=1e-12)
    assert c.val_acc[-1] == pytest.approx(h.val_acc[-1])
    assert c.iters_per_epoch == h.iters_per_epoch


def test_snapshots_every_few_iterations_and_at_the_end(spiral):
    c = chunk(spiral, begin(spiral), n=62, every=5)
    assert list(c.snap_iter) == [*range(0, 61, 5), 62]
    s = len(c.snap_iter)
    assert c.train_acc.shape == c.val_acc.shape == c.inactive.shape == (s,)
    assert c.loss.shape == (62,) and c.ratio.shape == (62, 2)


def test_histogram_fractions_and_inactive_share_sum_to_one(spiral, digits):
    for d in (spiral, digits):
        c = chunk(d, begin(d), n=20)
        assert c.hist.shape == (len(c.snap_iter), len(live.HIST_EDGES) - 1)
        assert np.allclose(c.hist.sum(axis=1) + c.inactive, 1.0)
        assert np.all((c.inactive >= 0) & (c.inactive <= 1))


def test_grid_shapes_and_codes(spiral):
    c = chunk(spiral, begin(spiral), n=30, grid=20)
    assert c.grid.shape == (len(c.snap_iter), 20, 20) and c.grid.dtype == np.uint8
    assert c.grid.max() // live.LEVELS < spiral.n_classes
    assert c.digit_pred is None and c.confusion is None
    # trained a while, the grid is no longer one class, and it changed
    late = chunk(spiral, c.end, n=300, grid=20)
    assert len(np.unique(late.grid[-1] // live.LEVELS)) == 3
    assert not np.array_equal(c.grid[0], late.grid[-1])


def test_grid_scores_match_the_net(spiral):
    p = chunk(spiral, begin(spiral), n=50).end.params
    ext = live.grid_extent(spiral.X_train)
    xs, ys = live.grid_axes(ext, 7)
    gx, gy = np.meshgrid(xs, ys)
    ref = scores(p, np.c_[gx.ravel(), gy.ravel()])
    assert np.allclose(live.grid_scores(p, xs, ys), ref, rtol=1e-4, atol=1e-4)
    x0, x1, y0, y1 = ext
    assert x1 - x0 == pytest.approx(y1 - y0)      # square cells
    assert x0 < spiral.X_train[:, 0].min() and y1 > spiral.X_train[:, 1].max()


def test_digits_panel_and_confusion_matrix(digits):
    c = chunk(digits, begin(digits), n=40, lr=0.5)
    s = len(c.snap_iter)
    assert c.grid is None
    assert c.digit_pred.shape == (s, live.N_DIGITS) and c.confusion.shape == (s, 10, 10)
    assert np.all(c.confusion.sum(axis=(1, 2)) == len(digits.y_val))
    assert np.allclose(np.trace(c.confusion, axis1=1, axis2=2) / len(digits.y_val), c.val_acc)
    shown = live.shown_digits(digits.y_val)
    assert set(digits.y_val[shown]) == set(range(10)) and len(set(shown)) == live.N_DIGITS


def test_blowup_ends_the_run(digits):
    c = chunk(digits, begin(digits), n=50, lr=1e6)
    assert c.diverged_at is not None and c.stop == c.diverged_at == c.start + len(c.loss) - 1
    assert c.end.diverged_at == c.diverged_at and c.end.iteration == c.stop
    after = chunk(digits, c.end, n=50, lr=1e6)
    assert after.start == after.stop == c.stop and len(after.loss) == 0


def test_rewind_and_cut_then_continue_with_a_new_learning_rate(spiral):
    s = begin(spiral)
    c = chunk(spiral, s, n=60)
    at = live.rewind(s, spiral, lr=1.0, reg=1e-3, batch_size=50, seed=0, to=23)
    assert at.iteration == 23 and at.initial_loss == pytest.approx(c.loss[0])
    short = live.cut(c, at)
    assert short.stop == 23 and np.array_equal(short.loss, c.loss[:23])
    assert list(short.snap_iter) == [0, 5, 10, 15, 20] and short.grid.shape[0] == 5
    same = chunk(spiral, short.end, n=37)                     # same settings: the original run
    assert np.allclose(np.concatenate([short.loss, same.loss]), c.loss, rtol=1e-12)
    slower = chunk(spiral, short.end, n=37, lr=0.1)          # new lr: continues from the same weights
    assert slower.start == 23 and slower.loss[0] == pytest.approx(same.loss[0])
    assert not np.allclose(slower.loss[1:], same.loss[1:])


def test_log_spaced_binning_matches_numpy_histogram():
    rng = np.random.default_rng(0)
    h = np.abs(rng.standard_normal((60, 100))) * rng.choice([0.0, 1e-6, 1e-3, 1.0, 1e3], (60, 100))
    frac, zero = live.activation_histogram(None, None, h=h)
    pos = np.clip(h[h > 0], live.HIST_EDGES[0], live.HIST_EDGES[-1])
    ref, _ = np.histogram(pos, bins=live.HIST_EDGES)
    assert np.allclose(frac * h.size, ref) and zero == pytest.approx(np.mean(h == 0))


# --- the update rule (sim.optim): momentum and the rest, their state carried across chunks ---

def test_momentum_differs_from_sgd_and_matches_a_hand_loop(spiral):
    from sim import optim
    from sim.train import batch_at
    from sim.twolayer import loss_and_grads
    s = begin(spiral)
    sgd, mom = chunk(spiral, s, n=5), chunk(spiral, s, n=5, opt="sgd_momentum")
    assert sgd.opt == "sgd" and mom.opt == "sgd_momentum"
    assert sgd.loss[0] == mom.loss[0] and not np.allclose(sgd.loss[2:], mom.loss[2:])
    params, cfgs, losses = dict(s.params), {k: None for k in s.params}, []
    for i in range(5):                                     # the assignment's loop, one config per parameter
        idx = batch_at(len(spiral.X_train), 50, 0, i)
        loss, grads = loss_and_grads(params, spiral.X_train[idx], spiral.y_train[idx], 1e-3)
        losses.append(loss)
        for k in params:
            params[k], cfgs[k] = optim.sgd_momentum(params[k], grads[k], {**(cfgs[k] or {}), "learning_rate": 1.0})
    assert np.allclose(mom.loss, losses, rtol=1e-12)
    for k in params:
        assert np.allclose(mom.end.params[k], params[k], rtol=1e-12)
        assert np.allclose(mom.end.opt_state[k]["velocity"], cfgs[k]["velocity"], rtol=1e-12)


@pytest.mark.parametrize("opt", ["sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam"])
def test_chunked_run_with_a_rule_equals_one_uninterrupted_run(spiral, opt):
    lr = 1e-2 if opt == "adam" else 0.3
    s = begin(spiral)
    whole = chunk(spiral, s, n=40, lr=lr, opt=opt)
    first = chunk(spiral, s, n=15, lr=lr, opt=opt)
    second = chunk(spiral, first.end, n=25, lr=lr, opt=opt)
    assert np.array_equal(np.concatenate([first.loss, second.loss]), whole.loss)
    for k in s.params:
        assert np.array_equal(second.end.params[k], whole.end.params[k])
    if opt == "adam":
        assert all(v["t"] == 40 for v in whole.end.opt_state.values())
    # rewinding (how a learning-rate change mid-run resumes) lands on the same state as the chunk did
    at = live.rewind(s, spiral, lr=lr, reg=1e-3, batch_size=50, seed=0, to=15, opt=opt)
    for k in s.params:
        assert np.array_equal(at.params[k], first.end.params[k])
        for n, a in first.end.opt_state[k].items():
            assert np.array_equal(at.opt_state[k][n], a)


def test_sgd_default_is_unchanged(spiral):
    s = begin(spiral)
    a, b = chunk(spiral, s, n=30), chunk(spiral, s, n=30, opt="sgd")
    assert np.array_equal(a.loss, b.loss) and a.end.opt_state is None and b.end.opt_state is None
