"""Number, money, percentage and date formats (Indonesian by default, English as a switch); month names from CLDR."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import pandas as pd
from babel.dates import get_month_names

_LOCALES = {"id": "id_ID", "en": "en_GB"}
_RUPIAH_STEPS = {
    "id": ((1e12, "T"), (1e9, "M"), (1e6, "jt")),
    "en": ((1e12, "T"), (1e9, "B"), (1e6, "M")),
}
_RUPIAH_THOUSANDS = {"id": (1e3, "rb"), "en": (1e3, "k")}
DASH = "–"


def is_missing(value: object) -> bool:
    """True for None, pd.NA, NaT and NaN: a value that is shown as a dash and never counted."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


_ID_SEPARATORS = str.maketrans(",.", ".,")


def number(value: object, decimals: int = 0, lang: str = "id") -> str:
    """`1.234,5` (id) or `1,234.5` (en); a dash when missing. Rounds half to even, like CLDR formatting."""
    if is_missing(value):
        return DASH
    text = f"{round(float(value), decimals) + 0.0:,.{max(decimals, 0)}f}"  # + 0.0: no "-0,0"
    return text.translate(_ID_SEPARATORS) if lang == "id" else text


@lru_cache(maxsize=8)
def _month_names(lang: str, width: str) -> dict[int, str]:
    """Month names from CLDR (Babel), once per language: `Agu`, `Agustus`."""
    return dict(get_month_names(width, context="format", locale=_LOCALES[lang]))


def percent(value: object, decimals: int = 1, lang: str = "id") -> str:
    """A value already in percent (12.5) as `12,5%`."""
    return DASH if is_missing(value) else f"{number(value, decimals, lang)}%"


def signed(value: object, decimals: int = 1, lang: str = "id", suffix: str = "") -> str:
    """A change with its sign: `+3,2`, `−1`, `±0`."""
    if is_missing(value):
        return DASH
    rounded = round(float(value), decimals)
    if rounded == 0:
        return f"±0{suffix}"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{number(abs(rounded), decimals, lang)}{suffix}"


def rupiah(value: object, lang: str = "id", decimals: int = 2, thousands: bool = False) -> str:
    """Compact Rupiah: `Rp 1,25 M`, `Rp 350 jt`, `Rp 999.999` (id); `Rp 1.25 B`, `Rp 350 M` (en); `-Rp 5 jt`; with
    `thousands` (axis labels) also `Rp 500 rb` / `Rp 500 k`.

    The unit follows the rounded amount (999.999.999 is `Rp 1 M`, not `Rp 1.000 jt`); whole amounts have no decimals.
    """
    if is_missing(value):
        return DASH
    amount = float(value)
    magnitude = abs(amount)
    smallest = (_RUPIAH_THOUSANDS[lang],) if thousands else ()
    steps = ((1.0, ""), *smallest, *reversed(_RUPIAH_STEPS[lang]))  # rupiah, (ribu), juta, miliar, triliun
    shown, unit = float(round(magnitude)), ""
    for (smaller, _), (step, name) in zip(steps, steps[1:], strict=False):
        if shown < step / smaller:
            break
        shown, unit = round(magnitude / step, decimals), name
    text = f"Rp {number(shown, 0 if shown.is_integer() else decimals, lang)}" + (f" {unit}" if unit else "")
    return f"-{text}" if amount < 0 and shown > 0 else text


def date(value: object, lang: str = "id") -> str:
    """`21 Jul 2018`."""
    if is_missing(value):
        return DASH
    day = pd.Timestamp(value)
    return f"{day.day} {_month_names(lang, 'abbreviated')[day.month]} {day.year}"


def month(value: object, lang: str = "id", long: bool = False) -> str:
    """`Jul 2018`, or `Juli 2018` with long=True."""
    if is_missing(value):
        return DASH
    day = pd.Timestamp(value)
    return f"{_month_names(lang, 'wide' if long else 'abbreviated')[day.month]} {day.year}"


def datetime(value: object, lang: str = "id") -> str:
    """`21 Jul 2018 09:15`."""
    if is_missing(value):
        return DASH
    stamp = pd.Timestamp(value)
    return f"{date(stamp, lang)} {stamp:%H:%M}"


def period(start: dt.date, end: dt.date, lang: str = "id") -> str:
    """`1 Jan 2024 – 31 Des 2024`."""
    return f"{date(start, lang)} {DASH} {date(end, lang)}"
