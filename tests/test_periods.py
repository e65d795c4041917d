"""Period choices on fixed "today" dates: 1st of a month, mid-month, 1 January and 29 February; comparisons."""

from __future__ import annotations

import datetime as dt

import pytest

from binjai import filters as f
from binjai.filters import Filters, from_params, preset_range
from binjai.metrics.periods import comparison_caption

D = dt.date
FIRST, MID, NEW_YEAR, LEAP = D(2026, 12, 1), D(2026, 11, 18), D(2027, 1, 1), D(2028, 2, 29)

# (preset, today) -> (start, end), worked out by hand with a calendar.
EXPECTED = {
    ("12m", FIRST): (D(2025, 12, 1), D(2026, 11, 30)),
    ("12m", MID): (D(2025, 11, 1), D(2026, 10, 31)),
    ("12m", NEW_YEAR): (D(2026, 1, 1), D(2026, 12, 31)),
    ("12m", LEAP): (D(2027, 2, 1), D(2028, 1, 31)),
    ("ytd", FIRST): (D(2026, 1, 1), FIRST),
    ("ytd", MID): (D(2026, 1, 1), MID),
    ("ytd", NEW_YEAR): (NEW_YEAR, NEW_YEAR),
    ("ytd", LEAP): (D(2028, 1, 1), LEAP),
    ("mtd", FIRST): (FIRST, FIRST),
    ("mtd", MID): (D(2026, 11, 1), MID),
    ("mtd", NEW_YEAR): (NEW_YEAR, NEW_YEAR),
    ("mtd", LEAP): (D(2028, 2, 1), LEAP),
    # 1 Dec 2026 is a Tuesday, 18 Nov 2026 a Wednesday, 1 Jan 2027 a Friday, 29 Feb 2028 a Tuesday.
    ("week", FIRST): (D(2026, 11, 23), D(2026, 11, 29)),
    ("week", MID): (D(2026, 11, 9), D(2026, 11, 15)),
    ("week", NEW_YEAR): (D(2026, 12, 21), D(2026, 12, 27)),
    ("week", LEAP): (D(2028, 2, 21), D(2028, 2, 27)),
    ("quarter", FIRST): (D(2026, 7, 1), D(2026, 9, 30)),
    ("quarter", MID): (D(2026, 7, 1), D(2026, 9, 30)),
    ("quarter", NEW_YEAR): (D(2026, 10, 1), D(2026, 12, 31)),
    ("quarter", LEAP): (D(2027, 10, 1), D(2027, 12, 31)),
    ("semester", FIRST): (D(2026, 1, 1), D(2026, 6, 30)),
    ("semester", MID): (D(2026, 1, 1), D(2026, 6, 30)),
    ("semester", NEW_YEAR): (D(2026, 7, 1), D(2026, 12, 31)),
    ("semester", LEAP): (D(2027, 7, 1), D(2027, 12, 31)),
    ("last_year", FIRST): (D(2025, 1, 1), D(2025, 12, 31)),
    ("last_year", NEW_YEAR): (D(2026, 1, 1), D(2026, 12, 31)),
    ("last_year", LEAP): (D(2027, 1, 1), D(2027, 12, 31)),
    ("all", MID): (f.EARLIEST_DATA, MID),
    ("all", LEAP): (f.EARLIEST_DATA, LEAP),
}


@pytest.mark.parametrize(("preset", "today"), list(EXPECTED))
def test_preset_ranges(preset: str, today: dt.date) -> None:
    assert preset_range(preset, today) == EXPECTED[(preset, today)]


@pytest.mark.parametrize("today", [FIRST, MID, NEW_YEAR, LEAP])
def test_every_preset_has_a_range_and_complete_ones_never_reach_today(today: dt.date) -> None:
    for preset in f.PRESETS:
        start, end = preset_range(preset, today)
        assert start <= end <= today
        if preset in ("12m", "week", "quarter", "semester", "last_year"):
            assert end < today  # only whole units; the unit in progress is never part of them
    start, end = preset_range("12m", today)
    assert Filters(start, end).whole_months == 12 and not Filters(start, end).ends_mid_month


def test_custom_range_from_the_url_is_kept_inside_the_data() -> None:
    chosen = from_params({"periode": "custom", "dari": "2028-02-29", "sampai": "2030-01-01"}, LEAP)
    assert (chosen.start, chosen.end) == (LEAP, LEAP)


@pytest.mark.parametrize(("preset", "today", "expected", "kind"), [
    # 12 complete months: the 12 months before (= the same months a year earlier).
    ("12m", FIRST, (D(2024, 12, 1), D(2025, 11, 30)), "previous"),
    ("12m", LEAP, (D(2026, 2, 1), D(2027, 1, 31)), "previous"),
    # To date: the same dates a year earlier; 29 February becomes 28 February.
    ("ytd", LEAP, (D(2027, 1, 1), D(2027, 2, 28)), "year_ago"),
    ("ytd", NEW_YEAR, (D(2026, 1, 1), D(2026, 1, 1)), "year_ago"),
    ("mtd", MID, (D(2025, 11, 1), D(2025, 11, 18)), "year_ago"),
    ("mtd", LEAP, (D(2027, 2, 1), D(2027, 2, 28)), "year_ago"),
    # Whole quarter, semester, year: the one before; a week: the week before.
    ("quarter", FIRST, (D(2026, 4, 1), D(2026, 6, 30)), "previous"),
    ("quarter", LEAP, (D(2027, 7, 1), D(2027, 9, 30)), "previous"),
    ("semester", NEW_YEAR, (D(2026, 1, 1), D(2026, 6, 30)), "previous"),
    ("last_year", LEAP, (D(2026, 1, 1), D(2026, 12, 31)), "previous"),
    ("week", FIRST, (D(2026, 11, 16), D(2026, 11, 22)), "previous"),
])
def test_comparison_periods(preset: str, today: dt.date, expected: tuple, kind: str) -> None:
    start, end = preset_range(preset, today)
    chosen = Filters(start, end, ("Binjai Kota",), preset)
    other = chosen.comparison()
    assert ((other.start, other.end), chosen.comparison_kind, other.kecamatan) == (expected, kind, ("Binjai Kota",))


def test_comparison_captions_say_which() -> None:
    twelve = Filters(*preset_range("12m", FIRST), preset="12m")
    assert comparison_caption(twelve, "id") == (
        "dibanding bulan yang sama setahun sebelumnya (1 Des 2024 – 30 Nov 2025)")
    ytd = Filters(*preset_range("ytd", LEAP), preset="ytd")
    assert comparison_caption(ytd, "en") == "compared with the same dates a year earlier (1 Jan 2027 – 28 Feb 2027)"
    quarter = Filters(*preset_range("quarter", FIRST), preset="quarter")
    assert comparison_caption(quarter, "id") == "dibanding 3 bulan sebelumnya (1 Apr 2026 – 30 Jun 2026)"
    custom = Filters(D(2026, 3, 5), D(2026, 3, 14), preset="custom")
    assert comparison_caption(custom, "en") == (
        "compared with the previous period of equal length (23 Feb 2026 – 4 Mar 2026)")


def test_month_to_date_is_drawn_hatched_and_labelled() -> None:
    import pandas as pd

    from binjai.charts import e_saberling as sab_charts
    from binjai.charts.base import partial_index

    months = pd.to_datetime(["2026-10-01", "2026-11-01", "2026-12-01"]).date
    assert partial_index(list(months), "month", D(2026, 12, 1)) == 2
    assert partial_index(list(months), "month", D(2026, 12, 31)) is None
    assert partial_index(list(pd.to_datetime(["2026-11-23"]).date), "week", D(2026, 11, 25)) == 0
    assert partial_index(list(months), "day", D(2026, 12, 1)) is None
    monthly = pd.DataFrame({"month": months, "received": [5, 6, 1], "cleaned": [4, 6, 0],
                            "waste_kg": [10.0, 20.0, 1.0], "median_days": [1.0, 2.0, None]})
    fig = sab_charts.monthly_chart(monthly, "id", D(2026, 12, 1))
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert all(list(trace.marker.pattern.shape) == ["", "", "/"] for trace in bars)
    (frame,) = fig.layout.shapes
    assert (frame.x0, frame.x1, frame.line.dash) == (1.5, 2.5, "dash")
    assert fig.layout.annotations[0].text == "bulan berjalan, s.d. 1 Des 2026"
    complete = sab_charts.monthly_chart(monthly, "id", D(2026, 12, 31))
    assert not complete.layout.shapes and all(t.marker.pattern.shape is None for t in complete.data if t.type == "bar")


def test_rupiah_axis_uses_jt_and_m_never_si() -> None:
    import pandas as pd

    from binjai.charts import apps as app_charts

    series = pd.DataFrame({"period": pd.to_datetime(["2026-10-01", "2026-11-01"]), "value": [1.2e9, 1.63e9],
                           "target": [1.5e9, 1.5e9]})
    fig = app_charts.metric_trend(series, "PBB", "IDR", "id")
    assert list(fig.layout.yaxis.ticktext) == ["Rp 0", "Rp 500 jt", "Rp 1 M", "Rp 1,50 M", "Rp 2 M"]
    assert fig.layout.yaxis.tickformat is None
    english = app_charts.metric_trend(series, "PBB", "IDR", "en")
    assert list(english.layout.yaxis.ticktext)[1:3] == ["Rp 500 M", "Rp 1 B"]
    small = app_charts.metric_trend(series.assign(value=[250_000, 800_000], target=None), "x", "IDR", "id")
    assert list(small.layout.yaxis.ticktext) == ["Rp 0", "Rp 200 rb", "Rp 400 rb", "Rp 600 rb", "Rp 800 rb"]


def test_trend_help_names_the_months_drawn_in_part() -> None:
    from binjai.i18n import t
    from binjai.metrics.periods import trend_help

    ytd = Filters(D(2026, 1, 1), D(2026, 12, 1), (), "ytd")
    assert trend_help(ytd, "x", "id").endswith("dihitung sebagian: 1 Des 2026.")
    assert trend_help(ytd, "x", "en").endswith("drawn in part: 1 Dec 2026.")
    custom = Filters(D(2026, 3, 15), D(2026, 5, 20), (), "custom")
    assert "15 Mar 2026 – 31 Mar 2026, 1 Mei 2026 – 20 Mei 2026" in trend_help(custom, "x", "id")
    last_12 = Filters(*preset_range("12m", FIRST), (), "12m")
    assert trend_help(last_12, "x", "en") == t("overview.help.trend", "en", compared="x")
