"""The regularisation lesson's labs: ensembles average probabilities (not labels), Polyak averaging is the running
mean of the weights, frozen transfer leaves the hidden layer bit for bit, penalties shrink weights, augmentation
keeps pixels in range and never flips."""
import numpy as np
import pytest

from sim.labs import augtransfer as at
from sim.labs import regularisation as rg
from sim.labs.augment import Augmentation, augment, hflip, warp
from sim.labs.regnet import RunSettings, init_runs, train_runs
from sim.train import minibatch_order


def test_ensemble_averages_probabilities_not_labels():
    # two confident members say class 0 barely, one says class 1 strongly: the vote is 0, the average is 1
    P = np.array([[[0.51, 0.49]], [[0.51, 0.49]], [[0.0, 1.0]]])
    c = rg.ensemble_curve(P, np.array([1]))
    assert c.ensemble[-1] == 1.0 and c.vote[-1] == 0.0
    assert c.mean[-1] == pytest.approx(1 / 3) and c.best[-1] == 1.0


def test_ensemble_of_inits_gains():
    m = rg.members("init", 0, 5, 0)
    c = rg.ensemble_curve(m.probs, rg.digits(0, rg.ENS_TRAIN).y_val)
    assert np.allclose(m.probs.sum(-1), 1)
    assert len(np.unique(m.val_acc)) > 1                      # different initialisations, different nets
    assert c.gain(5) > 0                                      # the ensemble beats its average member


def test_cyclic_snapshots_beat_constant_ones():
    y = rg.digits(0, rg.ENS_TRAIN).y_val
    const, cyc = (rg.ensemble_curve(rg.members(k, 0, 10, 0).probs, y) for k in ("snapshot", "cyclic"))
    assert cyc.ensemble[-1] > const.ensemble[-1] and cyc.mean[-1] > const.mean[-1]
    assert rg.cyclic_scale(0) == 1.0 and rg.cyclic_scale(1.5) == pytest.approx(0.5) and rg.cyclic_scale(3) == 1.0


def test_members_chunks_agree():
    a = rg.members("init", 0, 4, 0).probs
    b = np.concatenate([rg.members("init", 0, 2, 0).probs, rg.members("init", 2, 4, 0).probs])
    assert np.allclose(a, b, atol=1e-12)                      # streaming in chunks changes no number


def test_polyak_is_the_running_mean_of_the_weights():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 4)), rng.integers(0, 3, 20)
    p = init_runs([1], 4, 5, 3)
    h = train_runs(p, X, y, X, y, settings=RunSettings(lr=(0.1,)), epochs=1, batch_size=10, seed=0, polyak=0.5)
    b = minibatch_order(20, 10, 0, 0)
    w1 = train_runs(p, X[b[0]], y[b[0]], X, y, settings=RunSettings(lr=(0.1,)), epochs=1, batch_size=10,
                    seed=0).params["W1"]                                     # the weights after the first step
    # two steps with decay 0.5: w̄ = 0.25·w0 + 0.25·w1 + 0.5·w2
    assert np.allclose(h.polyak["W1"], 0.25 * p["W1"] + 0.25 * w1 + 0.5 * h.params["W1"])
    assert not np.allclose(h.polyak["W1"], h.params["W1"])


def test_frozen_transfer_unchanged_bit_for_bit():
    pre = at.pretrain(0)
    r = at.transfer_shots(pre, 5, 0)
    assert r.frozen_unchanged
    assert np.array_equal(r.params["W1"][1], pre.params["W1"][0])
    assert not np.array_equal(r.params["W1"][2], pre.params["W1"][0])          # fine-tuning moves it
    assert not np.array_equal(r.params["W2"][1], r.params["W2"][0])
    assert pre.val_acc > 0.95 and np.all(r.val_acc > 0.4)


def test_penalties_shrink_and_l1_sparsifies():
    r2, r1 = rg.penalties("l2", 0, (0.0, 1e-2)), rg.penalties("l1", 0, (0.0, 3e-3))
    assert r2.weight_norm[1] < r2.weight_norm[0]
    assert r1.near_zero[1] > 5 * r1.near_zero[0]              # L1's spike at 0
    assert r1.hist.sum(axis=1).tolist() == [r1.hist.sum(axis=1)[0]] * 2


def test_dropout_net_and_monte_carlo():
    run = rg.dropout_run(0.5, 0.8, 5, 0)
    assert run.train_acc.shape == (2, 6) and not np.allclose(run.val_acc[0], run.val_acc[1])
    mc = rg.monte_carlo(run, 20, 0)
    assert abs(mc.mc_acc[-1] - mc.scaled_acc) < 0.05           # many masks approach the single test pass
    e = rg.expectation(0.5, 4000, 0)
    assert e.inverted[-1] == pytest.approx(e.test, rel=0.03)
    assert e.vanilla[-1] == pytest.approx(e.test_scaled, rel=0.03)


def test_augmentation():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (5, 64))
    same = warp(X.reshape(5, 8, 8), np.zeros(5), np.ones(5), np.zeros((5, 2)))
    assert np.allclose(same, X.reshape(5, 8, 8))              # the identity warp changes nothing
    shifted = warp(X.reshape(5, 8, 8), np.zeros(5), np.ones(5), np.tile([0.0, 1.0], (5, 1)))
    assert np.allclose(shifted[:, :, 1:], X.reshape(5, 8, 8)[:, :, :-1]) and np.all(shifted[:, :, 0] == 0)
    out = augment(X, Augmentation(), rng)
    assert out.min() >= 0 and out.max() <= 1 and not np.allclose(out, X)
    assert np.array_equal(hflip(hflip(X)), X)
    v = at.variants(3, Augmentation(), 8, 0)
    assert v.images.shape == (8, 8, 8) and not np.array_equal(v.flipped, v.original)


def test_bad_kinds():
    with pytest.raises(KeyError):
        rg.members("vote", 0, 1, 0)
    with pytest.raises(KeyError):
        rg.penalty_settings("l3", (0.0,))
