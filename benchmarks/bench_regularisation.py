"""Regularisation lesson: the streamed heavy views (an ensemble of 5, the transfer curves) with their first chunk
(first result on screen, <= 1 s cold) and their whole (<= 5 s), the augmentation comparison, the penalties sweep
and the dropout tab, at the page's defaults. The case names carry the measured numbers (seed 0)."""
import numpy as np

from benchmarks import Case
from sim.labs import augtransfer as at
from sim.labs import regularisation as rg
from ui.i18n import tr
from ui.lessons.regularisation import SEARCH_CHUNKS, member_chunks
from viz import regularisation as vr

t = tr("en")
N = 5
Y_VAL = rg.digits(0, rg.ENS_TRAIN).y_val


def ensemble_first():
    """What the page shows first: the first chunk of members, trained as one batched run."""
    a, b = member_chunks(N)[0]
    return rg.members("init", a, b, 0)


def ensemble_all():
    P = np.concatenate([rg.members("init", a, b, 0).probs for a, b in member_chunks(N)])
    c = rg.ensemble_curve(P, Y_VAL)
    return c, vr.ensemble_figure(c, t, "init")


def ensemble_search_first():
    """The first chunk of a 20-trial random search (5 trials, one batched run): the first curve on screen."""
    a, b = SEARCH_CHUNKS[0]
    return rg.ensemble_curve(rg.rank_trials(rg.search_trials(0, a, b), Y_VAL)[:N], Y_VAL)


def ensemble_search():
    """The top 5 of a 20-trial random search, trained in the page's chunks, averaged."""
    return rg.ensemble_curve(rg.search_pool(0, SEARCH_CHUNKS)[:N], Y_VAL)


def transfer_first():
    """Pretraining on 0–4 and the first number of examples per class: the first curve points on screen."""
    pre = at.pretrain(0)
    return pre, at.transfer_shots(pre, at.SHOTS[0], 0)


def transfer_all():
    pre = at.pretrain(0)
    c = at.curves(pre, [at.transfer_shots(pre, k, 0) for k in at.SHOTS])
    return c, vr.transfer_figure(c, t)


def augmentation_first():
    """The augmentation tab's first chart: one digit's variants (and the pattern picture, drawn later)."""
    return vr.variants_figure(at.variants(0, at.Augmentation(), 9, 0), t), vr.pattern_figure(at.pattern(0), t)


def augmentation():
    run = at.augment_run(50, at.Augmentation(), 0)
    return run, vr.augment_figure(run, t)


def penalties():
    r = rg.penalties("l2", 0)
    return vr.penalty_curve_figure(r, 3, t), vr.penalty_hist_figure(r, 3, t)


def dropout_first():
    """The dropout tab's first charts: the masks and the expectation over 2000 masks."""
    return vr.expectation_figure(rg.expectation(0.5, 2000, 0), t), vr.masks_figure(rg.masks(0.5, 3, 6, 10, 0), t)


def dropout_tab():
    run = rg.dropout_run(0.5, 0.8, 60, 0)
    mc = rg.monte_carlo(run, 50, 0)
    return dropout_first(), vr.dropout_curves_figure(run, t), vr.monte_carlo_figure(mc, t)


# the numbers the lesson reports, measured once so the table names them
_ens = ensemble_all()[0]
_tr = transfer_all()[0]
_aug = augmentation()[0]
ENS = f"ensemble {_ens.ensemble[-1]:.3f} vs mean {_ens.mean[-1]:.3f}, best {_ens.best[-1]:.3f} ({100 * _ens.gain(N):+.1f} pts)"
TRANSFER = "; ".join(f"{k}/class {a[0]:.2f}/{a[1]:.2f}/{a[2]:.2f}" for k, a in zip(_tr.shots, _tr.val_acc, strict=True))
AUG = f"val {_aug.val_acc[0, -1]:.3f} -> {_aug.val_acc[1, -1]:.3f} ({100 * _aug.gain:+.1f} pts)"

CASES = [
    Case("regularisation: ensemble of 5, first chunk (first result)", ensemble_first, target_ms=1000, repeats=3),
    Case(f"regularisation: ensemble of 5, whole: {ENS}", ensemble_all, target_ms=5000, repeats=3),
    Case("regularisation: search ensemble, first 5 trials (first result)", ensemble_search_first, target_ms=1000,
         repeats=3),
    Case("regularisation: ensemble of the top 5 of a 20-trial search, whole", ensemble_search, target_ms=5000,
         repeats=3),
    Case("regularisation: transfer, pretraining + 1/class (first result)", transfer_first, target_ms=1000, repeats=3),
    Case(f"regularisation: transfer curves scratch/frozen/finetune: {TRANSFER}", transfer_all, target_ms=5000,
         repeats=3),
    Case("regularisation: augmentation, variants grid + pattern (first result)", augmentation_first, target_ms=1000,
         repeats=3),
    Case(f"regularisation: augmentation, 50 digits without -> with: {AUG}", augmentation, target_ms=5000, repeats=3),
    Case("regularisation: penalties sweep, 8 strengths + figures", penalties, target_ms=1000, repeats=3),
    Case("regularisation: dropout tab, masks + expectation (first result)", dropout_first, target_ms=1000, repeats=3),
    Case("regularisation: dropout tab at defaults, whole (2 nets, Monte Carlo, figures)", dropout_tab, target_ms=5000,
         repeats=3),
]
