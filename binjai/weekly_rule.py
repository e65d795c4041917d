"""The statistical rule that decides which weekly changes the brief reports (stated under every brief).

A count `x` this week is compared with the counts of the same series in the previous weeks (the recent baseline)
with the exact conditional test for two Poisson rates: given `x + B` events in `1 + n` weeks (B = the sum of the
n baseline weeks), `x` is Binomial(x + B, 1 / (1 + n)) when the rate did not change. A change is reported when
- the larger of `x` and the baseline mean is at least MIN_COUNT (small numbers are never news);
- the relative change is at least MIN_CHANGE;
- the one-sided p-value is below ALPHA divided by the number of series tested that week (Bonferroni), so a week
  without real change gives no change sentence with probability at least 1 − ALPHA;
- and, when the same ISO week of earlier years is in the data, `x` lies on the same side of their mean, so a
  usual seasonal peak or dip is not reported as news.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RECENT_WEEKS = 8
MIN_RECENT_WEEKS = 4
SEASONAL_YEARS = 3
MIN_COUNT = 10
MIN_CHANGE = 0.25
ALPHA = 0.05
UP, DOWN = "up", "down"


def _log_binom_pmf(k: int, n: int, p: float) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)


def binomial_tail(k: int, n: int, p: float, upper: bool) -> float:
    """P(X ≥ k) (upper) or P(X ≤ k) for X ~ Binomial(n, p), summed exactly in log space."""
    ks = range(k, n + 1) if upper else range(0, k + 1)
    logs = [_log_binom_pmf(i, n, p) for i in ks]
    if not logs:
        return 0.0
    top = max(logs)
    return min(1.0, math.exp(top) * sum(math.exp(v - top) for v in logs))


@dataclass(frozen=True)
class Outcome:
    """The outcome of the rule for one series: direction, p-value and the baselines it used."""

    count: int
    recent_mean: float
    recent_weeks: int
    seasonal_mean: float | None
    direction: str | None
    p_value: float
    change_pct: float | None


def judge(count: int, recent: list[int], seasonal: list[int], tests: int) -> Outcome:
    """Apply the rule (module docstring) to this week's `count` against `recent` and `seasonal` counts."""
    n = len(recent)
    mean = sum(recent) / n if n else 0.0
    season = sum(seasonal) / len(seasonal) if seasonal else None
    change = (count - mean) / mean * 100 if mean else None
    if n < MIN_RECENT_WEEKS:
        return Outcome(count, mean, n, season, None, 1.0, change)
    direction = UP if count > mean else DOWN
    p_value = binomial_tail(count, count + sum(recent), 1 / (1 + n), upper=direction == UP)
    big_enough = max(count, mean) >= MIN_COUNT
    moved = mean == 0 or abs(count - mean) / mean >= MIN_CHANGE
    seasonal_agrees = season is None or (count > season if direction == UP else count < season)
    significant = p_value < ALPHA / max(tests, 1)
    chosen = direction if big_enough and moved and seasonal_agrees and significant else None
    return Outcome(count, mean, n, season, chosen, p_value, change)
