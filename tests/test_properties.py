"""Property-based round trips (Hypothesis): what binjai.fmt writes, etl.parsing reads back; compact Rupiah stays
within its rounding and picks its unit after rounding; signs and zero are never ambiguous."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from binjai import fmt
from etl import parsing

settings.register_profile("binjai", deadline=None, max_examples=100)
settings.load_profile("binjai")

STYLE = {"id": "comma", "en": "dot"}
UNITS = {"id": {"": 1.0, "rb": 1e3, "jt": 1e6, "M": 1e9, "T": 1e12},
         "en": {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}}
amounts = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)
languages = st.sampled_from(["id", "en"])


def _read_number(text: str, lang: str) -> float:
    return float(parsing.parse_decimal(pd.Series([text], dtype=object), STYLE[lang]).iloc[0])


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3), languages)
@example(1234.5, 1, "id")
@example(-0.04, 1, "id")
def test_an_indonesian_number_reads_back_as_the_rounded_value(value: float, decimals: int, lang: str) -> None:
    text = fmt.number(value, decimals, lang)
    read = _read_number(text, lang)
    assert read == round(value, decimals)
    assert text.startswith("-") == (read < 0), text  # never "-0,0"


def _read_rupiah(text: str, lang: str) -> tuple[float, str, float]:
    """(signed amount shown, unit, number before the unit) of a compact Rupiah text."""
    negative = text.startswith("-")
    body = text.removeprefix("-").removeprefix("Rp ")
    number, _, unit = body.partition(" ")
    shown = _read_number(number, lang)
    return (-1 if negative else 1) * shown * UNITS[lang][unit], unit, shown


@given(amounts, languages, st.booleans())
@example(1_000_000, "id", False)
@example(999_999, "id", False)
@example(999_999.6, "id", False)
@example(999_999_999, "id", False)
@example(-1_250_000_000, "en", False)
@example(999_999, "id", True)
def test_compact_rupiah_stays_within_its_rounding(value: float, lang: str, thousands: bool) -> None:
    text = fmt.rupiah(value, lang, thousands=thousands)
    shown_amount, unit, shown = _read_rupiah(text, lang)
    step = UNITS[lang][unit]
    tolerance = (0.5 if unit == "" else 0.005 * step) * (1 + 1e-9) + abs(value) * 1e-12
    assert abs(shown_amount - value) <= tolerance, text
    assert text.startswith("-") == (value < 0 and shown > 0), text
    if unit:
        assert shown >= 1 and (shown < 1000 or unit == "T"), text  # the unit is chosen after rounding
        assert not text.endswith((f",00 {unit}", f".00 {unit}")), text  # whole amounts have no decimals
    else:
        assert round(abs(value)) < (1_000 if thousands else 1_000_000), text


@given(st.integers(999_000, 1_001_000), languages)
def test_rupiah_switches_to_juta_exactly_at_one_million(value: int, lang: str) -> None:
    text = fmt.rupiah(value, lang)
    assert (text == f"Rp {fmt.number(value, 0, lang)}") == (value < 1_000_000), text
    assert fmt.rupiah(-value, lang) == f"-{text}"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3), languages)
@example(0.04, 1, "id")
@example(-0.04, 1, "id")
def test_signed_change_shows_its_sign_or_plus_minus_zero(value: float, decimals: int, lang: str) -> None:
    text = fmt.signed(value, decimals, lang)
    rounded = round(value, decimals)
    if rounded == 0:
        assert text == "±0"
    else:
        assert text[0] == ("+" if rounded > 0 else "−")
        assert _read_number(text[1:], lang) == abs(rounded)


@pytest.mark.parametrize(("value", "decimals", "expected"), [(0.04, 1, "±0"), (-0.04, 1, "±0"), (0.04, 2, "+0,04"),
                                                             (-0.06, 1, "−0,1"), (1234.5, 1, "+1.234,5")])
def test_signed_examples(value: float, decimals: int, expected: str) -> None:
    assert fmt.signed(value, decimals, "id") == expected


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates, languages)
@example(dt.date(2024, 8, 17), "id")
@example(dt.date(2024, 9, 30), "en")
def test_a_shown_date_reads_back(day: dt.date, lang: str) -> None:
    for text in (fmt.date(day, lang), day.strftime("%d/%m/%Y"), day.isoformat()):
        assert parsing.parse_date(pd.Series([text], dtype=object)).iloc[0] == pd.Timestamp(day), text


@given(dates, languages)
def test_a_shown_month_reads_back(day: dt.date, lang: str) -> None:
    first = pd.Timestamp(day.replace(day=1))
    for long in (False, True):
        text = fmt.month(day, lang, long=long)
        assert parsing.parse_month(pd.Series([text], dtype=object)).iloc[0] == first, text


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)), languages)
def test_a_shown_time_reads_back_to_the_minute(moment: dt.datetime, lang: str) -> None:
    text = fmt.datetime(moment, lang)
    expected = pd.Timestamp(moment.replace(second=0, microsecond=0))
    assert parsing.parse_timestamp(pd.Series([text], dtype=object)).iloc[0] == expected, text
