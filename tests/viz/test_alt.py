"""Text alternatives (viz/alt): built from the result object they describe, so they carry its numbers; every
placeholder filled in both languages; Korean in Korean; an overflowed or empty run still described."""
import dataclasses
import re

import numpy as np
import pytest

from sim import data
from sim.batched import train_many
from sim.deepnet import run_deep_net
from sim.labs import activations as act_lab
from sim.labs import babysitting as bs_lab
from sim.labs import batchnorm as bn_lab
from sim.labs import initialization as init_lab
from sim.labs import preprocessing as pp_lab
from sim.labs import search as sr_lab
from sim.twolayer import init_params
from ui.i18n import LANGS, tr
from viz.alt import activations, babysitting, batchnorm, classroom, initialization, num, preprocessing, search

SMALL = dict(n_layers=4, width=40, n_samples=100)


def well_formed(text: str, lang: str) -> str:
    assert text and "{" not in text and "}" not in text and not re.search(r"\b(nan|inf)\b", text), text
    hangul = sum("가" <= c <= "힣" for c in text)
    assert (hangul > 5) == (lang == "ko"), text
    return text


@pytest.fixture(scope="module")
def net():
    return run_deep_net(init="small", **SMALL)


@pytest.mark.parametrize("lang", LANGS)
def test_initialisation_states_the_run_it_plots(net, lang):
    t = tr(lang)
    text = well_formed(initialization.histograms(net, t), lang)
    for v in (net.act.std[0], net.act.std[-1], net.grad.std[0], net.grad.std[-1]):
        assert num(v) in text
    assert "tanh" in text and "0.01·randn" in text and "40" in text
    text = well_formed(initialization.stats(net, t), lang)
    assert num(net.act.std[-1]) in text and num(net.grad.std[0]) in text
    other = run_deep_net(init="xavier", **SMALL)
    text = well_formed(initialization.compare({"small": net, "xavier": other}, {"small": "S", "xavier": "X"}, t), lang)
    assert f"S: {num(net.act.std[-1])}" in text and f"X: {num(other.act.std[-1])}" in text
    runs = (init_lab.train_symmetry("constant", 0.5, steps=20), init_lab.train_symmetry("random", 0.1, steps=20))
    text = well_formed(initialization.symmetry(runs, t), lang)
    assert num(runs[1].spread[-1]) in text and num(runs[0].loss[-1]) in text
    well_formed(initialization.weights(runs, t), lang)


def test_an_overflowed_net_is_described_with_infinity():
    res = run_deep_net(activation="relu", init="he", scale=10.0, n_layers=20, width=300, n_samples=100)
    assert res.act.overflow_layer is not None
    for lang in LANGS:
        text = well_formed(initialization.histograms(res, tr(lang)), lang)
        k = res.act.overflow_layer
        assert "NaN" not in text and f"{k}" in text and num(res.act.std[k - 2]) in text, text
        assert initialization.stats(res, tr(lang)) == text


def test_an_empty_run_says_so(net):
    z = np.zeros(0)
    none = dataclasses.replace(net.act, mean=z, std=z, counts=np.zeros((0, 50)), edges=np.zeros((0, 51)))
    empty = dataclasses.replace(net, act=none, grad=none, saturated_frac=z, dead_frac=z)
    assert empty.n_layers == 0
    for t in (tr("en"), tr("ko")):
        assert initialization.histograms(empty, t) == initialization.stats(empty, t) == t("initialization.fig.nothing")


@pytest.mark.parametrize("lang", LANGS)
def test_activation_alts(lang):
    t = tr(lang)
    cs = act_lab.curves(("sigmoid", "relu"), -10, 10)
    chain = act_lab.chain_rule(("sigmoid", "relu"), 0.0, 1.0, {})
    text = well_formed(activations.curves(cs, t, chain), lang)
    assert "Sigmoid 0.25" in text and "ReLU 0" in text
    z = act_lab.zigzag(lr=0.5)
    assert f"{z.positive.steps}" in well_formed(activations.zigzag(z, t), lang)
    d = act_lab.dead_relu(n_units=10)
    text = well_formed(activations.dead_relu(d, t, after=True), lang)
    assert f"{int(d.dead_after.sum())}" in text and num(d.loss_after) in text
    p = act_lab.fit_prelu_alpha(steps=30)
    assert f"{p.alpha[-1]:.4f}" in well_formed(activations.prelu(p, t), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_preprocessing_alts(lang):
    t = tr(lang)
    lab = pp_lab.cloud_lab(n=100)
    text = well_formed(preprocessing.steps(lab, t), lang)
    assert "[[1.00, 0.00], [0.00, 1.00]]" in text   # whitened: the identity covariance, as the run computed it
    well_formed(preprocessing.leak(pp_lab.leak_demo(step="normalize", fit_on="val", n=100), t), lang)
    d = pp_lab.digits_pca(k=10)
    assert f"{d.cum_share[9]:.1%}" in well_formed(preprocessing.variance(d, t), lang)
    well_formed(preprocessing.pca_digits(d, t, whiten=True), lang)
    well_formed(preprocessing.centring(pp_lab.centring(), t), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_batchnorm_alts(lang, net):
    t = tr(lang)
    pre = bn_lab.layer_preactivations(layer=2, init="large", activation="relu", bn_below=True)
    r = bn_lab.before_after(pre)
    text = well_formed(batchnorm.before_after(r, t), lang)
    assert "(0, 0, 0)" in text and "(1, 1, 1)" in text      # BN's output: mean 0, std 1, to 3 digits
    tt = bn_lab.train_test(n_steps=10, batch_size=16)
    well_formed(batchnorm.running_stats(tt, t), lang)
    well_formed(batchnorm.train_test(tt, t), lang)
    noise = bn_lab.batch_noise(batch_size=16)
    assert num(1 / np.sqrt(16)) in well_formed(batchnorm.batch_noise(noise, t), lang)
    well_formed(batchnorm.axes(bn_lab.axes_demo(), t, 1), lang)
    on = run_deep_net(init="small", batchnorm=True, **SMALL)
    assert num(on.act.std[-1]) in well_formed(batchnorm.std_per_layer(net, on, t), lang)
    well_formed(batchnorm.bn_histograms(on, t, on=True), lang)
    runs = {False: (np.array([2.3, 9.0]), 1), True: (np.linspace(2.3, 0.5, 40), None)}
    text = well_formed(batchnorm.lr_rescue(runs, 3.0, t), lang)
    assert num(np.linspace(2.3, 0.5, 40)[-20:].mean()) in text


@pytest.mark.parametrize("lang", LANGS)
def test_babysitting_alts(lang):
    t = tr(lang)
    d = data.prepare("blobs", seed=0)
    p = init_params(2, 10, d.n_classes, weight_scale=1e-2, seed=0)
    m = train_many(p, d.X_train, d.y_train, d.X_val, d.y_val, lrs=np.array([1e-1, 1e6]), regs=0.0, epochs=3,
                   batch_size=50, seed=0)
    diags = [bs_lab.diagnose(m.loss[r, :m.n_iters(r)], int(m.diverged_at[r])) for r in range(2)]
    text = well_formed(babysitting.loss(m, diags, t), lang)
    assert int(m.diverged_at[1]) >= 0 and f" {int(m.diverged_at[1])}" in text
    assert num(np.mean(m.loss[0, :m.n_iters(0)][-10:])) in text
    assert f"{m.val_acc[0, -1]:.2f}" in well_formed(babysitting.accuracy(m, t), lang)
    well_formed(babysitting.gap(m, 0, t), lang)
    well_formed(babysitting.ratio(m, 0, t), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_search_and_tally_alts(lang):
    t = tr(lang)
    lv = sr_lab.log_vs_linear(100, -6, -1, 0)
    text = well_formed(search.log_sampling(lv, t), lang)
    assert f"{int(lv.uniform_per_decade[-1])}" in text
    rvg = sr_lab.random_vs_grid(9, 0)
    assert f"{rvg.random.score[rvg.random.best]:.3f}" in well_formed(search.random_vs_grid(rvg, t), lang)
    tally = {"n": 3, "counts": {"a": 2, "b": 1}, "values": []}
    text = well_formed(classroom.tally({"a": "yes", "b": "no"}, tally, t, truth="a"), lang)
    assert "yes 2" in text and "no 1" in text
    text = classroom.tally(None, {"n": 2, "values": [1e-7, 1e-2]}, t, truth=3e-7)
    assert "1e-7" in text and "3e-7" in text
