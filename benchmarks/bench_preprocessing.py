"""Preprocessing lab: each tab's computation at the page's defaults, sims and figures timed separately."""
from benchmarks import Case
from sim import data
from sim.labs import preprocessing as demos
from ui.i18n import tr
from viz import preprocessing as vp

t = tr("en")
CLOUD = dict(n=300, offset=(4.0, 2.0), angle_deg=30.0, scales=(3.0, 0.8), seed=0)


def steps_sim():
    return demos.cloud_lab(**CLOUD)


def leak_sim():
    # the figure's run plus the table's three ways of fitting
    return [demos.leak_demo(step="normalize", fit_on=f, n=300, seed=0) for f in demos.FIT_ON]


def pca_sim():
    demos.clear_cache()          # cold: load, split, covariance, SVD, as a first visit does
    return demos.digits_pca(k=10, seed=0)


def images_sim():
    demos.clear_cache()
    return demos.centring(seed=0)


def digits_load():
    data.clear_cache()                   # once per server process: read the bundled CSV
    return data.load_digits()


LAB, LEAK = steps_sim(), leak_sim()[2]
PCA, CEN = pca_sim(), images_sim()
CASES = [
    Case("preprocessing: tab 1 sim (cloud, four steps)", steps_sim, target_ms=100),
    Case("preprocessing: tab 1 figure (2×3 scatter panels)", lambda: vp.steps_figure(LAB, t), target_ms=100),
    Case("preprocessing: tab 2 sims (figure + table: 3 fits)", leak_sim, target_ms=100),
    Case("preprocessing: tab 2 figure", lambda: vp.leak_figure(LEAK, t), target_ms=100),
    Case("preprocessing: tab 3 sim (digits PCA, cold)", pca_sim, target_ms=100, repeats=9),
    Case("preprocessing: tab 3 figures (curves + 24 tiles)",
         lambda: (vp.variance_figure(PCA, t), vp.pca_digits_figure(PCA, t)), target_ms=100),
    Case("preprocessing: digits CSV load (once per process)", digits_load, repeats=5),
    Case("preprocessing: tab 4 sim (centring, cold)", images_sim, target_ms=100, repeats=9),
    Case("preprocessing: tab 4 figure (21 tiles)", lambda: vp.centring_figure(CEN, t), target_ms=100),
]
