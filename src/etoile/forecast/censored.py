"""A censored (Tobit) regression on log demand, with random-effects shrinkage of the effect blocks.

log y = b0 + dense·β + Σ_blocks Z_b·u_b + ε,  ε ~ N(0, σ²).

A sold-out row only says ``latent ≥ y``: its likelihood is P(ε ≥ y − η), not the density at y,
so full houses pull the strong nights up instead of capping them. Each block's effects have a
normal prior u ~ N(0, τ_b²), i.e. a ridge penalty toward the group average carried by the dense
columns; τ_b² is learned by EM (posterior mean square plus posterior variance), so a dancer seen
twice stays near her rank's average while one seen a hundred times keeps her own draw.

The fit is penalised Newton (the Tobit log-likelihood is concave in the coefficients), with σ
re-estimated between steps; the inverse Hessian gives each effect's posterior variance, which
the prediction interval carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import linalg, optimize, sparse, special

from etoile.forecast.features import BLOCKS, Design

_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
MIN_SIGMA = 1e-3
"""Residual scale floor: a history with one fixed price must not make the yield fit singular."""


def _matrix(design: Design) -> sparse.csr_matrix:
    """[1 | dense | Z_title | Z_member | …] as one sparse matrix."""
    ones = sparse.csr_matrix(np.ones((design.n, 1)))
    parts = [ones, sparse.csr_matrix(design.dense), *(design.blocks[b] for b in BLOCKS)]
    return sparse.hstack(parts, format="csr")


def _loss(
    y: np.ndarray, eta: np.ndarray, s: float, cens: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-row negative log-likelihood, its first and second derivatives in eta."""
    r = (y - eta) / s
    nll = np.log(s) + _LOG_SQRT_2PI + 0.5 * r * r
    d1 = -r / s
    d2 = np.full_like(r, 1.0 / (s * s))
    if cens.any():
        z = -r[cens]  # how far the latent mean sits above the observed floor, in sd
        log_cdf = special.log_ndtr(z)
        mills = np.exp(-0.5 * z * z - _LOG_SQRT_2PI - log_cdf)
        nll[cens] = -log_cdf
        d1[cens] = -mills / s
        d2[cens] = mills * (z + mills) / (s * s)
    return nll, d1, d2


@dataclass
class CensoredRidge:
    """Fit with :meth:`fit`; :meth:`predict` returns the latent log mean and its predictive sd."""

    ridge: float = 10.0
    em_rounds: int = 8
    tau_init: float = 0.3
    use_censoring: bool = True
    intercept: float = 0.0
    beta: np.ndarray = field(default_factory=lambda: np.zeros(0))
    effects: dict[str, np.ndarray] = field(default_factory=dict)
    post_var: dict[str, np.ndarray] = field(default_factory=dict)
    cov: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    tau2: dict[str, float] = field(default_factory=dict)
    sigma: float = 1.0

    def fit(
        self,
        design: Design,
        y: np.ndarray,
        censored: np.ndarray | None = None,
        weights: np.ndarray | None = None,
    ) -> CensoredRidge:
        """Fit on log targets ``y``; ``censored[i]`` means the true value is at least ``y[i]``."""
        n, p = design.n, design.dense.shape[1]
        if n == 0:
            raise ValueError("no observations to fit")
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
        use = censored is not None and self.use_censoring
        cens = np.asarray(censored, bool) if use else np.zeros(n, bool)
        x = _matrix(design)
        xt = x.T.tocsr()
        sizes = [design.blocks[b].shape[1] for b in BLOCKS]
        bounds = np.cumsum([1 + p, *sizes])
        spans = {b: slice(bounds[i], bounds[i + 1]) for i, b in enumerate(BLOCKS)}
        seen = {b: np.asarray(design.blocks[b].T @ w).ravel() > 0 for b in BLOCKS}
        # the exact rows' curvature is X'WX/σ², fixed but for σ: build it once
        xe = x[~cens]
        gram_exact = (xe.T @ sparse.diags(w[~cens]) @ xe).toarray()
        xc, wc, yc = x[cens], w[cens], y[cens]
        tau2 = {b: self.tau_init**2 for b in BLOCKS}
        theta = np.zeros(x.shape[1])
        theta[0] = float(np.average(y, weights=w))
        s = max(float(np.sqrt(np.average((y - theta[0]) ** 2, weights=w))), MIN_SIGMA)

        def prior() -> np.ndarray:
            out = np.concatenate([[0.0], np.full(p, self.ridge)])
            return np.concatenate(
                [out, *[np.full(sizes[i], 1 / tau2[b]) for i, b in enumerate(BLOCKS)]]
            )

        def total(th: np.ndarray, sd: float, pen: np.ndarray) -> float:
            return float(w @ _loss(y, x @ th, sd, cens)[0] + 0.5 * th @ (pen * th))

        hessian = gram_exact
        for _ in range(self.em_rounds):
            pen = prior()
            f_old = total(theta, s, pen)
            for _step in range(50):
                _, d1, _ = _loss(y, x @ theta, s, cens)
                grad = xt @ (w * d1) + pen * theta
                hessian = gram_exact / (s * s) + np.diag(pen)
                if cens.any():
                    d2c = _loss(yc, xc @ theta, s, np.ones(len(yc), bool))[2]
                    hessian += (xc.T @ sparse.diags(wc * d2c) @ xc).toarray()
                step = linalg.solve(hessian, grad, assume_a="pos")
                t = 1.0
                while (
                    f_new := total(theta - t * step, s, pen)
                ) > f_old - 1e-4 * t * grad @ step and t > 1e-6:
                    t /= 2
                theta = theta - t * step
                eta = x @ theta
                res = optimize.minimize_scalar(
                    lambda ls, eta=eta: float(w @ _loss(y, eta, float(np.exp(ls)), cens)[0]),
                    bounds=(np.log(s) - 1.0, np.log(s) + 1.0),
                    method="bounded",
                )
                s = max(float(np.exp(res.x)), MIN_SIGMA)
                f_new = total(theta, s, pen)
                done = abs(f_old - f_new) < 1e-9 * (1 + abs(f_new))
                f_old = f_new
                if done:
                    break
            cov = linalg.inv(hessian)
            cov_diag = np.diag(cov)
            for b in BLOCKS:
                if seen[b].any():
                    u, v = theta[spans[b]][seen[b]], cov_diag[spans[b]][seen[b]]
                    tau2[b] = min(max(float(np.mean(u * u + v)), 1e-4), 4.0)
        self.intercept, self.beta, self.sigma = float(theta[0]), theta[1 : 1 + p].copy(), s
        self.effects = {b: theta[spans[b]].copy() for b in BLOCKS}
        self.post_var = {b: np.where(seen[b], cov_diag[spans[b]], tau2[b]) for b in BLOCKS}
        self.tau2, self.cov = tau2, cov
        return self

    def predict(self, design: Design) -> tuple[np.ndarray, np.ndarray]:
        """Latent log-scale mean and predictive sd (residual + uncertainty of the effects used)."""
        x = _matrix(design)
        theta = np.concatenate([[self.intercept], self.beta, *(self.effects[b] for b in BLOCKS)])
        # x Σ x' per row: the parameters' joint uncertainty (title and venue trade off, say)
        var = np.asarray(x.multiply(x @ self.cov).sum(axis=1)).ravel() + self.sigma**2
        for b in BLOCKS:
            var = var + design.unseen[b] * self.tau2[b]
        return x @ theta, np.sqrt(var)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready parameters."""
        return {
            "ridge": self.ridge,
            "use_censoring": self.use_censoring,
            "intercept": self.intercept,
            "beta": self.beta.tolist(),
            "effects": {b: v.tolist() for b, v in self.effects.items()},
            "post_var": {b: v.tolist() for b, v in self.post_var.items()},
            "tau2": self.tau2,
            "sigma": self.sigma,
            "cov": self.cov.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CensoredRidge:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            ridge=float(data["ridge"]),
            use_censoring=bool(data["use_censoring"]),
            intercept=float(data["intercept"]),
            beta=np.array(data["beta"], dtype=float),
            effects={b: np.array(v, dtype=float) for b, v in data["effects"].items()},
            post_var={b: np.array(v, dtype=float) for b, v in data["post_var"].items()},
            tau2={b: float(v) for b, v in data["tau2"].items()},
            sigma=float(data["sigma"]),
            cov=np.array(data["cov"], dtype=float),
        )
