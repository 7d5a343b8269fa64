"""sim.labs.papers_init: Glorot & Bengio 2010 (Figures 6, 7 and the Jacobian remark) and He et al. 2015
(Figures 2 and 3) hold on this run; the ReLU net's backward pass passes a float64 numeric gradient check."""
import numpy as np
import pytest

from sim.gradcheck import eval_numerical_gradient, rel_error
from sim.labs import papers_init as pi


@pytest.fixture(scope="module")
def glorot():
    return {s: pi.glorot_net(s) for s in pi.GLOROT_SCHEMES}


def test_limits_are_the_papers():
    assert pi.glorot_limit("standard", 400, 1000) == pytest.approx(1 / 20)
    n = 1000
    var = pi.glorot_limit("normalised", n, n) ** 2 / 3                  # Var of U[−a, a] is a²/3
    assert var == pytest.approx(2 / (n + n))
    assert n * pi.glorot_limit("standard", n, n) ** 2 / 3 == pytest.approx(1 / 3)
    with pytest.raises(KeyError, match="standard"):
        pi.glorot_limit("xavier", 1, 1)


def test_standard_spread_falls_with_depth_and_normalised_does_not(glorot):
    """Figure 6: with the standard init the activations pile up at 0 layer after layer; normalised, alike."""
    std, norm = glorot["standard"].act_std, glorot["normalised"].act_std
    assert np.all(std[1:] / std[:-1] < 0.7)                 # about √(1/3) ≈ 0.58 a layer
    assert std[-1] < 0.25 * std[0]
    assert np.all(norm[1:] / norm[:-1] > 0.9) and norm[-1] > 0.85 * norm[0]


def test_standard_gradients_shrink_towards_the_input_and_normalised_do_not(glorot):
    """Figure 7: back-propagated gradients shrink going down with the standard init."""
    std, norm = glorot["standard"].grad_std, glorot["normalised"].grad_std
    assert np.all(std[:-1] / std[1:] < 0.7) and std[0] < 0.25 * std[-1]
    assert norm[0] > 0.85 * norm[-1]


def test_histograms_are_binned_in_sim_and_count_every_value(glorot):
    r = glorot["standard"]
    assert r.act_counts.shape == (5, 50) and r.act_edges.shape == (51,)
    assert np.all(r.act_counts.sum(axis=1) == r.n_samples * r.width)
    assert np.all(r.grad_counts.sum(axis=1) == r.n_samples * r.width)
    peak = r.act_counts.max(axis=1) / r.act_counts.sum(axis=1)
    assert np.all(np.diff(peak) > 0)                        # "the peak at 0 grows with depth"


def test_jacobian_singular_values_match_the_papers_remark():
    """About 0.5 (standard) and 0.8 (normalised)."""
    assert pi.jacobian_mean_sv("standard") == pytest.approx(0.5, abs=0.05)
    assert pi.jacobian_mean_sv("normalised") == pytest.approx(0.8, abs=0.08)


def test_relu_net_gradients_pass_a_numeric_check():
    gen = np.random.default_rng(0)
    X, y = gen.standard_normal((5, 4)), np.array([0, 1, 2, 1, 0])
    p = {"W": [gen.standard_normal((4, 6)), gen.standard_normal((6, 6)), gen.standard_normal((6, 3))],
         "b": [gen.standard_normal(6) * 0.1, gen.standard_normal(6) * 0.1, np.zeros(3)]}
    _, g = pi.relu_net_loss_and_grads(p, X, y)
    for k in ("W", "b"):
        for i, v in enumerate(p[k]):
            num = eval_numerical_gradient(lambda _: pi.relu_net_loss_and_grads(p, X, y)[0], v)
            assert rel_error(num, g[k][i]) < 1e-7, (k, i)


@pytest.fixture(scope="module")
def he30():
    return {init: pi.train_relu_net(init, 30) for init in pi.HE_INITS}


@pytest.mark.slow   # two 30-layer trainings (the module's `he30`)
def test_thirty_layers_xavier_stalls_he_converges(he30):
    """Figure 3: Xavier's loss stays within 1 % of its start for the whole run; He's falls below half."""
    x, h = he30["xavier"], he30["he"]
    assert x.stalled and x.max_change < 0.01 and x.moved_at is None
    assert h.converged and h.final < 0.5 * h.start


@pytest.mark.slow
def test_twenty_two_layers_both_converge_he_first():
    """Figure 2: both converge (below half the start), He's starts earlier."""
    x, h = (pi.train_relu_net(init, 22) for init in pi.HE_INITS)
    assert x.converged and h.converged
    assert h.moved_at < x.moved_at


def test_same_draws_for_both_inits_and_seeded():
    a, b = pi.train_relu_net("he", 5, steps=20), pi.train_relu_net("he", 5, steps=20)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert not np.array_equal(a.loss, pi.train_relu_net("he", 5, steps=20, seed=1).loss)


def test_a_run_cut_into_pieces_is_the_same_run():
    """ui.papers trains in chunks (a curve shows at once); the numbers are those of one uninterrupted run."""
    whole = pi.train_relu_net("xavier", 6, steps=60)
    state = pi.relu_net_start("xavier", 6)
    for stop in (10, 35, 60):
        state = pi.relu_net_steps(state, stop)
    np.testing.assert_array_equal(state.loss, whole.loss)
    again = pi.summarise("xavier", 6, state.loss)
    assert (again.final, again.max_change, again.moved_at) == (whole.final, whole.max_change, whole.moved_at)
