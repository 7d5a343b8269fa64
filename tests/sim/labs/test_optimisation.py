"""The optimisation lab: the surfaces' gradients, the race, momentum's map against Goh's theory, the adaptive
rules' steps, the schedules, Newton's one step, the Hessian's cost, and the real-net runs."""
import numpy as np
import pytest

from sim.labs import optimisation as lab
from sim.labs import optimisation_net as net
from sim.labs import optimisation_schedules as sched


@pytest.mark.parametrize("surface", lab.SURFACES)
def test_surface_gradients_match_centred_differences(surface):
    p = np.random.default_rng(0).uniform(-1.5, 1.5, (20, 2))
    h, num = 1e-6, np.zeros_like(p)
    for k in range(2):
        e = np.zeros(2)
        e[k] = h
        num[:, k] = (lab.loss(surface, p + e, 30.0) - lab.loss(surface, p - e, 30.0)) / (2 * h)
    an = lab.grad(surface, p, 30.0)
    assert np.max(np.abs(num - an) / np.maximum(1e-8, np.abs(num) + np.abs(an))) < 1e-7


@pytest.mark.parametrize("surface", lab.SURFACES)
def test_the_global_minimum_is_a_minimum(surface):
    x, y, f = lab.minimum(surface)
    assert np.allclose(lab.grad(surface, np.array([x, y])), 0, atol=1e-9)
    grid = np.stack(np.meshgrid(np.linspace(-2, 2, 201), np.linspace(-1.5, 1.5, 151)), -1)
    assert lab.loss(surface, grid).min() >= f - 1e-12


def test_race_shapes_and_sgd_zigzags_while_momentum_wins_at_kappa_100():
    r = lab.race("quadratic", ("sgd", "sgd_momentum", "adagrad"), kappa=100, steps=500)
    assert r.paths.shape == (3, 501, 2) and r.gap.shape == (3, 501)
    y = r.paths[0, :10, 1]
    assert np.all(np.sign(y[1:]) != np.sign(y[:-1]))            # SGD crosses the valley every step
    sgd, mom, ada = r.steps_to
    assert mom < sgd / 3
    assert ada is None                                           # AdaGrad's step has shrunk too far


def test_race_rules_see_the_same_noise_and_the_saddle_holds_sgd():
    r = lab.race("saddle", ("sgd", "rmsprop"), steps=60)
    assert abs(r.paths[0, 30, 1]) < 0.1 < abs(r.paths[1, 30, 1])   # SGD still at the saddle; RMSProp away
    a = lab.race("quadratic", ("sgd",), noise=2.0, seed=3)
    b = lab.race("quadratic", ("sgd", "adam"), noise=2.0, seed=3)
    np.testing.assert_array_equal(a.paths[0], b.paths[0])


def test_momentum_rolls_out_of_the_shallow_local_minimum():
    r = lab.race("local", ("sgd", "sgd_momentum"), steps=300)
    assert r.paths[0, -1, 0] > 0.5 and r.paths[1, -1, 0] < -0.5


def test_a_diverging_runner_stops_and_is_reported():
    r = lab.race("quadratic", ("sgd", "nesterov"), lr_sgd=0.25, steps=100)
    assert r.diverged_at[0] is not None and np.all(np.isfinite(r.paths))


def test_momentum_map_best_is_within_10_percent_of_theory_at_kappa_100():
    m = lab.momentum_map(100.0)
    alpha, beta, rate = m.best
    assert abs(alpha / m.theory["alpha"] - 1) < 0.10
    assert abs(beta / m.theory["beta"] - 1) < 0.10
    assert rate == pytest.approx(m.theory["rate"], rel=0.05)
    assert m.rate.shape == (100, 81)


def test_theory_formulas():
    th = lab.theory(100.0)
    assert th["alpha"] == pytest.approx((2 / (np.sqrt(10) + np.sqrt(0.1))) ** 2)
    assert th["beta"] == pytest.approx((9 / 11) ** 2) and th["gd_rate"] == pytest.approx(99 / 101)


def test_steps_to_converge_momentum_is_about_sqrt_kappa_faster():
    th = lab.theory(100.0)
    gd, mom = lab.steps_to_converge(100, th["gd_alpha"]), lab.steps_to_converge(100, th["alpha"], th["beta"])
    assert 300 < gd < 400 and 30 < mom < 80


def test_adaptive_steps():
    s = lab.adaptive_steps(gradient=1.0, steps=1000)
    step = dict(zip(s.rules, s.step, strict=True))
    np.testing.assert_allclose(step["adagrad"][[0, 3, 99]], [1, 0.5, 0.1], rtol=1e-6)
    assert step["adam"][0] == pytest.approx(1.0, rel=1e-6)
    assert step["adam_nobc"][0] == pytest.approx(0.1 / np.sqrt(0.001), rel=1e-6)
    assert step["rmsprop"][0] == pytest.approx(10.0, rel=1e-6) and step["rmsprop"][-1] == pytest.approx(1, rel=0.01)
    big = lab.adaptive_steps(gradient=100.0, steps=3)
    assert big.step[0, 0] == pytest.approx(100.0) and big.step[3, 0] == pytest.approx(1.0, rel=1e-6)


def test_schedules():
    t = np.array([0.0, 4.9, 5.0, 10.0, 20.0])
    np.testing.assert_allclose(sched.schedule("step", t, 0.1), [0.1, 0.1, 0.05, 0.025, 0.00625])
    np.testing.assert_allclose(sched.schedule("step20", t, 0.1), [0.1, 0.1, 0.1, 0.1, 0.01])
    np.testing.assert_allclose(sched.schedule("exponential", t, 0.1, k=0.1), 0.1 * np.exp(-0.1 * t))
    np.testing.assert_allclose(sched.schedule("inverse", t, 0.1, k=0.1), 0.1 / (1 + 0.1 * t))
    cos = sched.schedule("cosine", np.array([0.0, 1.0, 2.0, 16.0, 30.0]), 0.1, total=30, warmup=2)
    np.testing.assert_allclose(cos, [0, 0.05, 0.1, 0.05, 0], atol=1e-9)
    with pytest.raises(KeyError, match="cosine"):
        sched.schedule("warm", t)


@pytest.mark.parametrize("kappa", [1.0, 100.0, 1000.0])
def test_newton_lands_in_one_step(kappa):
    n = lab.newton_vs_gd(kappa)
    assert n.newton_gap[1] < 1e-20
    if kappa > 1:
        assert n.gd_gap[1] > 0.1 * n.gd_gap[0]


def test_hessian_cost_of_a_million_parameters():
    c = lab.hessian_cost(1e6)
    assert c["entries"] == 1e12 and c["gib"] == pytest.approx(3725.29, rel=1e-5)


def test_two_loop_recovers_newton_on_a_quadratic():
    A = np.diag([1.0, 10.0, 100.0])
    s_l = [np.eye(3)[i] for i in range(3)]
    y_l = [A @ s for s in s_l]
    g = np.array([1.0, 1.0, 1.0])
    np.testing.assert_allclose(net.two_loop(g, s_l, y_l), -np.linalg.solve(A, g), rtol=1e-12)


def test_compare_rules_same_start_and_adaptive_beat_vanilla_sgd():
    r = net.compare_rules(epochs=3, seed=0)
    assert np.allclose(r.loss[:, 0], r.loss[0, 0])              # one initialisation, one first batch
    final = dict(zip(r.names, np.nanmean(r.loss[:, -10:], axis=1), strict=True))
    assert final["adam"] < final["sgd"] and final["rmsprop"] < final["sgd"]
    assert r.val_acc.shape == (6, 4)


def test_kingma_ba_search_picks_a_best_lr_per_rule():
    k = net.kingma_ba(epochs=3)
    assert k.loss.shape[:2] == (4, len(net.KB_LRS)) and k.best.shape == (4,)
    for r in range(4):
        last = k.loss[r, :, -k.iters_per_epoch:].mean(axis=-1)
        assert k.best[r] == int(np.nanargmin(last))


def test_schedules_on_the_net_and_lbfgs():
    s = net.train_schedules(("constant", "step"), epochs=6)
    assert s.lr[1, -1] == pytest.approx(0.025) and s.lr[0, -1] == pytest.approx(0.05)
    so = net.lbfgs_vs_sgd(passes=8, minibatch_lbfgs=True)
    assert set(so.loss) == {"lbfgs", "lbfgs_minibatch", "sgd_momentum"}
    assert so.loss["lbfgs"][-1] < so.loss["lbfgs"][0]


def test_look_ahead_nesterov_corrects_an_overshoot():
    la = lab.look_ahead(100.0)
    assert np.sign(la.v[1]) == np.sign(la.grad_here[1])              # about to overshoot the valley
    assert abs(la.grad_ahead[1]) < 0.5 * abs(la.grad_here[1])        # the look-ahead sees it coming
    np.testing.assert_allclose(la.grad_ahead, -0.12 * lab.grad("quadratic", la.x + 0.9 * la.v, 100.0))


def test_kingma_ba_every_best_learning_rate_lies_inside_the_search():
    k = net.kingma_ba()                                            # the page's run: 20 epochs, batch 128
    assert all(0 < b < len(net.KB_LRS) - 1 for b in k.best), [net.KB_LRS[b] for b in k.best]
    final = k.loss[np.arange(4), k.best, -k.iters_per_epoch:].mean(axis=-1)
    assert final.max() < 0.12                                      # every rule trains the model well at its best
