"""What Sobol estimates with bootstrap intervals guarantee over a family of estimates.

SALib's estimators (``first_order``: Saltelli et al. 2010; ``total_order``: Jansen 1999) are
unbiased but the first-order one is not bounded below: an index whose true value is 0 is
estimated as a small positive or negative number. SALib does not clip it; its maintainers read
a negative S1 whose confidence interval holds 0 as zero (SALib issue #102). Each stored
interval is estimate ± z · bootstrap sd at 95 %, so for a true zero the interval misses 0 with
probability about 5 % (2,5 % on the low side). Over a family of m such estimates (every factor
of every region) "each estimate within its own 95 % interval" is therefore not a property of
the method: with 80 true zeros about two would miss. What the method does guarantee is:

- simultaneous coverage (Bonferroni): widened to level 1 − 0,05/m each, all m intervals hold
  their true values together with probability ≥ 95 %; so S_i ≥ 0, S_i ≤ ST_i and Σ S_i ≤ 1 hold
  within those intervals, and ST_i ≥ 0 exactly (Jansen's estimator is a mean of squares);
- the count of low-side misses of the plain 95 % intervals is at most what chance allows:
  below the 99,9 % quantile of Binomial(m, 0,025).

For m = 80 the simultaneous interval is 1,75 × the 95 % one; the count bound is 7.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom, norm

TINGKAT = 0.95
"""Level of the stored intervals, and of the family-wise statements."""


def pengali_serentak(m: int, tingkat: float = TINGKAT) -> float:
    """Factor turning m two-sided ``tingkat`` half-widths into Bonferroni simultaneous ones."""
    return float(norm.ppf(1 - (1 - tingkat) / (2 * m)) / norm.ppf(0.5 + tingkat / 2))


def cek_sifat_sobol_keluarga(
    S1: np.ndarray, ST: np.ndarray, S1_conf: np.ndarray, ST_conf: np.ndarray
) -> None:
    """S_i ≥ 0, S_i ≤ ST_i and Σ_i S_i ≤ 1 for every output (rows) of a family of estimates
    (rows × factors), within simultaneous intervals; ST_i ≥ 0 exactly; and no more low-side
    misses of the plain intervals than chance allows (see the module documentation)."""
    S1, ST = np.atleast_2d(np.asarray(S1, float)), np.atleast_2d(np.asarray(ST, float))
    S1c = np.atleast_2d(np.asarray(S1_conf, float))
    STc = np.atleast_2d(np.asarray(ST_conf, float))
    m = int(np.isfinite(S1).sum())
    assert m > 0 and np.isfinite(S1c[np.isfinite(S1)]).all()
    k = pengali_serentak(m)
    assert np.all(ST >= 0)
    assert np.all(S1 >= -k * S1c)
    assert np.all(S1 <= ST + k * (S1c + STc))
    assert np.all(S1.sum(axis=1) <= 1 + k * S1c.sum(axis=1))
    meleset = int((S1 < -S1c).sum())
    assert meleset <= binom.ppf(0.999, m, (1 - TINGKAT) / 2), (meleset, m)
