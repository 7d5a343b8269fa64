"""The lecture's sanity checks before training: initial loss ≈ ln C, reg adds 0.5·reg·ΣW², overfit a tiny subset."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.data import Dataset
from sim.train import TrainHistory, train
from sim.twolayer import init_params, loss_and_grads, reg_loss

CHECK_REG = 1e3    # the lecture's "crank up the regularisation" value
N_TINY = 20        # examples in the overfitting check
TINY_EPOCHS = 200


@dataclass(frozen=True)
class SanityChecks:
    n_classes: int
    loss_no_reg: float     # initial loss with reg = 0
    ln_c: float            # ln(n_classes): the loss of uniform class probabilities
    loss_with_reg: float   # initial loss with reg = CHECK_REG
    reg_term: float        # 0.5·CHECK_REG·(ΣW1² + ΣW2²), what the difference must equal
    tiny: TrainHistory     # training on N_TINY examples with reg 0 for TINY_EPOCHS epochs

    @property
    def initial_ok(self) -> bool:
        return abs(self.loss_no_reg - self.ln_c) < 0.02

    @property
    def reg_ok(self) -> bool:
        return bool(np.isclose(self.loss_with_reg - self.loss_no_reg, self.reg_term, rtol=1e-9, atol=1e-12))

    @property
    def overfit_ok(self) -> bool:
        return len(self.tiny.train_acc) > 0 and self.tiny.train_acc[-1] == 1.0


def sanity_checks(d: Dataset, *, hidden_dim: int, weight_scale: float, lr: float, seed: int) -> SanityChecks:
    """Run the three checks on the training split of `d` with a fresh net from `seed`."""
    D = d.X_train.shape[1]
    p = init_params(D, hidden_dim, d.n_classes, weight_scale=weight_scale, seed=seed)
    with np.errstate(all="ignore"):
        l0, _ = loss_and_grads(p, d.X_train, d.y_train, 0.0)
        l1, _ = loss_and_grads(p, d.X_train, d.y_train, CHECK_REG)
    n = min(N_TINY, len(d.X_train))
    tiny = train(p, d.X_train[:n], d.y_train[:n], d.X_val, d.y_val, lr=lr, reg=0.0, epochs=TINY_EPOCHS,
                 batch_size=n, seed=seed)
    return SanityChecks(d.n_classes, l0, float(np.log(d.n_classes)), l1, reg_loss(p, CHECK_REG), tiny)
