"""A source's track record as a number with honest uncertainty (pure functions, no database).

Method (empirical Bayes, a fractional Beta-binomial):

* Each scored claim of a source carries the truth score of its current verdict, 0 (false) to
  1 (true). A source with ``n`` scored claims whose scores add up to ``s`` is treated as ``s``
  "successes" and ``n - s`` "failures" (fractional counts: "half true" is half a success).
* Before looking at a source we expect its reliability to look like the desk's other sources.
  That expectation is a Beta(a0, b0) *prior*, fitted from every source's mean score by the
  method of moments: its mean is the average source mean, and its spread is the spread of the
  source means *minus* the part that is only the noise of small samples (a source with one
  claim has a mean of exactly 0 or 1 by chance). With fewer than :data:`MIN_SOURCES` sources
  the prior falls back to a weak Beta of strength 2 centred on the desk's mean score.
* Graded scales (PolitiFact's six values) vary less from claim to claim than a yes/no does,
  so a graded score carries more information than a coin toss would. The *dispersion*
  ``phi`` (fitted from how much scores vary within sources; exactly 1 for yes/no scores) says
  how many yes/no claims one graded claim is worth; counts are multiplied by it. Without it the
  intervals of graded scales would be several times too wide.
* The posterior is Beta(a0 + phi*s, b0 + phi*(n - s)). The *estimate* is its mean; the 90%
  credible interval runs from its 5% to its 95% quantile. A source with no scored claims gets
  the prior itself: the desk's average, with a wide interval, and ``n = 0``.

The Beta quantiles are computed here with the standard library (``math.lgamma`` and Lentz's
continued fraction for the regularized incomplete beta function, inverted by Newton steps
kept inside a bisection bracket), so the project needs no SciPy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

CREDIBLE_MASS = 0.90
LOWER_TAIL = (1 - CREDIBLE_MASS) / 2
UPPER_TAIL = 1 - LOWER_TAIL
MIN_SOURCES = 10  # fewer sources than this: too few to learn a prior from
FALLBACK_STRENGTH = 2.0  # "Beta(1, 1) scaled to the global mean"
MIN_STRENGTH = 2.0
MAX_STRENGTH = 1000.0
MAX_DISPERSION = 10.0
_MEAN_CLAMP = (0.01, 0.99)


@dataclass(frozen=True)
class SourceRecord:
    """One source's scored claims: how many, the sum of their scores and of squared scores."""

    n: int
    total: float
    total_squares: float

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0


@dataclass(frozen=True)
class Model:
    """The desk-wide prior Beta(a0, b0), the dispersion ``phi`` and how they were obtained."""

    a0: float
    b0: float
    phi: float = 1.0
    sources: int = 0  # how many sources the prior was fitted from
    fallback: bool = False  # True: too few sources, a weak prior on the desk's mean

    @property
    def mean(self) -> float:
        return self.a0 / (self.a0 + self.b0)

    @property
    def strength(self) -> float:
        """How many yes/no claims the prior weighs as much as."""
        return self.a0 + self.b0


@dataclass(frozen=True)
class Estimate:
    """A reliability estimate: posterior mean, 90% interval, and the claims behind it."""

    estimate: float
    low: float
    high: float
    n: int
    total: float

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def is_prior(self) -> bool:
        """True when no scored claim stands behind the figure (it is the desk's average)."""
        return self.n == 0


def weak_prior(mean: float | None) -> Model:
    """Beta(1, 1) moved to ``mean`` (0.5 when unknown), strength 2."""
    centre = _clamp(0.5 if mean is None else mean, *_MEAN_CLAMP)
    return Model(centre * FALLBACK_STRENGTH, (1 - centre) * FALLBACK_STRENGTH, 1.0, 0, True)


def dispersion(records: Iterable[SourceRecord]) -> float:
    """How many yes/no claims one scored claim is worth (1 for yes/no scores, more if graded).

    Compares the binomial variance the source means imply, sum of n*m*(1-m), with the scores'
    actual variance within each source, sum of (sum x^2 - n*m^2), over sources with two or more
    claims, correcting the first for its small-sample bias.
    """
    implied = within = 0.0
    claims = sources = 0
    for r in records:
        if r.n < 2:
            continue
        m = r.mean
        implied += r.n * m * (1 - m)
        within += max(r.total_squares - r.n * m * m, 0.0)
        claims += r.n
        sources += 1
    if claims == 0 or implied <= 0:
        return 1.0
    if within <= 1e-12:
        return MAX_DISPERSION
    phi = (implied / within * (claims - sources) + sources) / claims
    return _clamp(phi, 1.0, MAX_DISPERSION)


def fit_prior(records: Iterable[SourceRecord]) -> Model:
    """The empirical-Bayes prior from every source's record (method of moments, see module)."""
    kept = [r for r in records if r.n > 0]
    if len(kept) < MIN_SOURCES:
        claims = sum(r.n for r in kept)
        return weak_prior(sum(r.total for r in kept) / claims if claims else None)
    phi = dispersion(kept)
    means = [r.mean for r in kept]
    mu = _clamp(sum(means) / len(means), *_MEAN_CLAMP)
    spread = sum((m - mu) ** 2 for m in means) / (len(means) - 1)
    # The share of the spread that small samples alone produce: h = average of 1/(phi*n).
    h = sum(1 / (phi * r.n) for r in kept) / len(kept)
    between = (spread - h * mu * (1 - mu)) / (1 - h) if h < 1 else 0.0
    if between <= 0:
        strength = MAX_STRENGTH
    else:
        strength = _clamp(mu * (1 - mu) / between - 1, MIN_STRENGTH, MAX_STRENGTH)
    return Model(mu * strength, (1 - mu) * strength, phi, len(kept), False)


def estimate(model: Model, n: int, total: float) -> Estimate:
    """The posterior of a source with ``n`` scored claims whose scores sum to ``total``."""
    total = _clamp(total, 0.0, float(n))
    a = model.a0 + model.phi * total
    b = model.b0 + model.phi * (n - total)
    low, high = credible_interval(a, b)
    return Estimate(a / (a + b), low, high, n, total)


def estimate_scores(model: Model, scores: Iterable[float]) -> Estimate:
    """:func:`estimate` from a list of truth scores."""
    values = list(scores)
    return estimate(model, len(values), sum(values))


def record_of(scores: Iterable[float]) -> SourceRecord:
    """The :class:`SourceRecord` of a list of truth scores."""
    values = list(scores)
    return SourceRecord(len(values), sum(values), sum(v * v for v in values))


# --- the Beta distribution, standard library only ---------------------------------------


def log_beta(a: float, b: float) -> float:
    """log B(a, b)."""
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _continued_fraction(a: float, b: float, x: float) -> float:
    """Lentz's evaluation of the continued fraction of I_x(a, b) (Numerical Recipes 6.4)."""
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    # Converges in O(sqrt(max(a, b))) steps; the bound covers a million claims. The two
    # half-steps (even and odd terms) are written out: this loop is the hot spot of the report.
    for m in range(1, 20_000):
        m2 = 2 * m
        numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        h *= c * d
        numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        step = c * d
        h *= step
        if abs(step - 1.0) < eps:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b): P(X <= x) for X ~ Beta(a, b)."""
    if a <= 0 or b <= 0:
        raise ValueError("Beta parameters must be positive")
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - log_beta(a, b))
    # The fraction converges fast on this side of the mean; use the symmetry otherwise.
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def beta_pdf(x: float, a: float, b: float) -> float:
    """The Beta(a, b) density at ``x`` (0 outside (0, 1))."""
    if x <= 0 or x >= 1:
        return 0.0
    return math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_beta(a, b))


@lru_cache(maxsize=65_536)
def beta_quantile(p: float, a: float, b: float) -> float:
    """The ``p`` quantile of Beta(a, b), to about 1e-12 relative.

    Bisection on ``beta_cdf`` that takes a Newton step whenever the step stays inside the
    bracket, so it converges in a handful of steps yet can never diverge. Cached: many
    sources share the same counts.
    """
    if not 0 <= p <= 1:
        raise ValueError("p must be between 0 and 1")
    if p == 0:
        return 0.0
    if p == 1:
        return 1.0
    lo, hi = 0.0, 1.0
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    x = _clamp(mean + _normal_quantile(p) * sd, 1e-9, 1 - 1e-9)
    for _ in range(300):
        f = beta_cdf(x, a, b) - p
        if f == 0:
            return x
        if f < 0:
            lo = x
        else:
            hi = x
        density = beta_pdf(x, a, b)
        candidate = x - f / density if density > 0 else -1.0
        if not lo < candidate < hi:
            # Bisect; geometrically when the bracket spans orders of magnitude near 0.
            candidate = hi / 1000 if lo == 0 else math.sqrt(lo * hi)
            if hi < 4 * lo:
                candidate = (lo + hi) / 2
        if abs(candidate - x) <= 1e-13 * max(x, 1e-300) or hi - lo <= 1e-13 * hi:
            return candidate
        x = candidate
    return x


def credible_interval(a: float, b: float, mass: float = CREDIBLE_MASS) -> tuple[float, float]:
    """The central credible interval of Beta(a, b) holding ``mass`` of the probability."""
    tail = (1 - mass) / 2
    return beta_quantile(tail, a, b), beta_quantile(1 - tail, a, b)


def _normal_quantile(p: float) -> float:
    """A rough standard-normal quantile (only a starting point for the Beta inversion)."""
    q = min(p, 1 - p)
    t = math.sqrt(-2 * math.log(q))
    z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (
        1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t**3
    )
    return z if p > 0.5 else -z


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)
