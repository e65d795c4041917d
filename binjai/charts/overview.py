"""Presentation rules for headline tiles: how a change is shown (arrow, colour, text) and figure formats."""

from __future__ import annotations

from binjai import fmt
from binjai.metrics.catalogue import format_unit
from binjai.queries import overview as headlines

GOOD_UP, GOOD_DOWN, NEUTRAL = headlines.UP, headlines.DOWN, headlines.NEUTRAL
BETTER_COLOUR, WORSE_COLOUR, SAME_COLOUR = "blue", "orange", "gray"


def change(current: object, previous: object) -> float | None:
    """current − previous, or None when either is missing."""
    if fmt.is_missing(current) or fmt.is_missing(previous):
        return None
    return float(current) - float(previous)


def delta_style(delta: float | None, good: str, decimals: int = 1) -> tuple[str, str]:
    """(arrow, colour) for a tile's change: the arrow follows the sign, blue when better, orange when worse.

    Blue and orange stay apart for colour-blind readers and on projectors; the arrow and the signed text carry the
    meaning as well, so colour is never the only cue.
    """
    if delta is None or round(delta, decimals) == 0:
        return "off", SAME_COLOUR
    arrow = "up" if delta > 0 else "down"
    if good == NEUTRAL:
        return arrow, SAME_COLOUR
    better = (delta > 0) == (good == GOOD_UP)
    return arrow, BETTER_COLOUR if better else WORSE_COLOUR


def format_value(value: object, unit: str, lang: str) -> str:
    """A headline figure in its catalogue unit (count, pct, workdays, days, kg, idr, number)."""
    return format_unit(value, unit, lang)


def format_delta(delta: float | None, kind: str, lang: str, points: str = "") -> str | None:
    """The signed change in the figure's unit (`+3,2 poin` for percentages); None when there is no comparison."""
    if delta is None:
        return None
    if kind == "pct":
        return fmt.signed(delta, 1, lang, suffix=points)
    if kind == "idr":
        sign = "+" if delta > 0 else "−" if delta < 0 else "±"
        return f"{sign}{fmt.rupiah(abs(delta), lang)}"
    if kind in ("days", "workdays"):
        return fmt.signed(delta, 1, lang)
    if kind == "kg":
        return fmt.signed(delta, 0, lang, suffix=" kg")
    return fmt.signed(delta, 0 if kind in ("count", "kg") or abs(delta) >= 100 else 1, lang)
