"""Toy problems of the search lesson: random vs grid on a 2-D objective (Bergstra & Bengio 2012), log vs linear sampling."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.data import rng

WIDTH = 0.06       # width of the important parameter's good region (on [0, 1])
MINOR = 0.1        # weight of the unimportant parameter: f = important(x) + MINOR · unimportant(y)
CURVE_POINTS = 201


def important(x: np.ndarray, centre: float) -> np.ndarray:
    """The parameter that matters: a narrow bump of height 1 at `centre` over a gentle slope."""
    return np.exp(-0.5 * ((x - centre) / WIDTH) ** 2) + 0.15 * x


def unimportant(y: np.ndarray) -> np.ndarray:
    """The parameter that barely matters: a smooth wave in [0, 1]."""
    return 0.5 + 0.5 * np.sin(2 * np.pi * (y - 0.15))


def objective(x: np.ndarray, y: np.ndarray, centre: float) -> np.ndarray:
    """Score of a trial (higher is better): f(x, y) = important(x) + 0.1·unimportant(y)."""
    return important(x, centre) + MINOR * unimportant(y)


def centre_for(seed: int, trial: int = 0) -> float:
    """Where the important parameter's good region lies for this seed (never at the very edge)."""
    return float(rng(seed, "search_centre", trial).uniform(0.1, 0.9))


def grid_points(n: int) -> np.ndarray:
    """(k·k, 2) points [x, y] at the cell centres of a k × k grid on [0, 1]², k = ⌊√n⌋."""
    k = max(1, math.isqrt(max(1, n)))
    g = (np.arange(k) + 0.5) / k
    x, y = np.meshgrid(g, g, indexing="ij")
    return np.column_stack([x.ravel(), y.ravel()])


def random_points(n: int, seed: int, trial: int = 0) -> np.ndarray:
    """(n, 2) points drawn uniformly on [0, 1]²."""
    return rng(seed, "search_points", trial).uniform(0.0, 1.0, (n, 2))


@dataclass(frozen=True)
class Layout:
    points: np.ndarray   # (n, 2) trials [important x, unimportant y]
    score: np.ndarray    # (n,) objective of each trial
    distinct_x: int      # how many different values of the important parameter were tried
    best: int            # index of the best trial


def _layout(points: np.ndarray, centre: float) -> Layout:
    score = objective(points[:, 0], points[:, 1], centre)
    return Layout(points, score, len(np.unique(np.round(points[:, 0], 12))), int(np.argmax(score)))


@dataclass(frozen=True)
class RandomVsGrid:
    grid: Layout
    random: Layout
    centre: float
    curve_x: np.ndarray     # (CURVE_POINTS,) on [0, 1]
    important: np.ndarray   # (CURVE_POINTS,) the important parameter's marginal curve
    unimportant: np.ndarray  # (CURVE_POINTS,) MINOR · unimportant(y): its (small) marginal curve
    optimum: float          # the best value f can take


def random_vs_grid(n: int, seed: int) -> RandomVsGrid:
    """The same budget of ⌊√n⌋² trials laid out as a grid and drawn at random, on this seed's objective."""
    k2 = max(1, math.isqrt(max(1, n))) ** 2
    c = centre_for(seed)
    xs = np.linspace(0.0, 1.0, CURVE_POINTS)
    imp, unimp = important(xs, c), MINOR * unimportant(xs)
    return RandomVsGrid(_layout(grid_points(k2), c), _layout(random_points(k2, seed), c), c, xs, imp, unimp,
                        float(important(np.array([c]), c)[0] + MINOR))


@dataclass(frozen=True)
class SeedComparison:
    n_trials: int
    n_seeds: int
    random_better: float   # fraction of seeds where random search's best beats the grid's best
    grid_better: float
    mean_best_random: float
    mean_best_grid: float
    optimum_mean: float    # mean of the best reachable score over the seeds


def compare_over_seeds(n: int, n_seeds: int = 200, seed: int = 0) -> SeedComparison:
    """Random vs grid with ⌊√n⌋² trials on n_seeds objectives (each with its own good region and draws)."""
    k2 = max(1, math.isqrt(max(1, n))) ** 2
    g = grid_points(k2)
    bg, br, opt = np.empty(n_seeds), np.empty(n_seeds), np.empty(n_seeds)
    for i in range(n_seeds):
        c = centre_for(seed, i)
        r = random_points(k2, seed, i)
        bg[i] = objective(g[:, 0], g[:, 1], c).max()
        br[i] = objective(r[:, 0], r[:, 1], c).max()
        opt[i] = important(np.array([c]), c)[0] + MINOR
    return SeedComparison(k2, n_seeds, float(np.mean(br > bg)), float(np.mean(bg > br)), float(br.mean()),
                          float(bg.mean()), float(opt.mean()))


@dataclass(frozen=True)
class LogVsLinear:
    edges: np.ndarray          # (B + 1,) log-spaced bin edges over [10**lo, 10**hi]
    uniform_counts: np.ndarray  # (B,) samples of uniform(10**lo, 10**hi) per bin
    log_counts: np.ndarray      # (B,) samples of 10**uniform(lo, hi) per bin
    decades: np.ndarray        # (K + 1,) decade boundaries
    uniform_per_decade: np.ndarray  # (K,)
    log_per_decade: np.ndarray      # (K,)
    n: int


def log_vs_linear(n: int, lo: int, hi: int, seed: int, bins_per_decade: int = 4) -> LogVsLinear:
    """n learning rates drawn uniformly and log-uniformly over [10**lo, 10**hi], binned on log-spaced bins."""
    lo, hi = min(lo, hi), max(lo, hi)
    hi = hi if hi > lo else lo + 1
    g = rng(seed, "search_sampling")
    lin = g.uniform(10.0 ** lo, 10.0 ** hi, n)
    log = 10.0 ** g.uniform(lo, hi, n)
    edges = np.logspace(lo, hi, (hi - lo) * bins_per_decade + 1)
    decades = np.logspace(lo, hi, hi - lo + 1)
    count = lambda v, e: np.histogram(np.clip(v, e[0], e[-1]), bins=e)[0]  # noqa: E731
    return LogVsLinear(edges, count(lin, edges), count(log, edges), decades, count(lin, decades),
                       count(log, decades), n)
