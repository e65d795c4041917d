"""Translation table, formats and the shared filters."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from binjai import fmt
from binjai.filters import Filters, from_params, to_params
from binjai.i18n import table

ROOT = Path(__file__).resolve().parent.parent


def test_every_translation_has_both_languages() -> None:
    for key, entry in table().items():
        assert entry["id"].strip() and entry["en"].strip(), key
        assert set(re.findall(r"{(\w+)}", entry["id"])) == set(re.findall(r"{(\w+)}", entry["en"])), key


def test_every_key_used_in_code_exists() -> None:
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    missing = []
    for path in [*ROOT.glob("*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("binjai/**/*.py"), *ROOT.glob("etl/*.py")]:
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in table():
                missing.append(f"{path.name}: {key}")
    assert not missing


@pytest.mark.parametrize(("value", "decimals", "lang", "expected"), [
    (1234.5, 1, "id", "1.234,5"), (1234.5, 1, "en", "1,234.5"), (1234567, 0, "id", "1.234.567"),
    (0.25, 2, "id", "0,25"), (None, 0, "id", "–"),
])
def test_number(value, decimals, lang, expected) -> None:
    assert fmt.number(value, decimals, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1_250_000_000, "id", "Rp 1,25 M"), (350_000_000, "id", "Rp 350 jt"), (2_000_000_000_000, "id", "Rp 2 T"),
    (12_500, "id", "Rp 12.500"), (1_250_000_000, "en", "Rp 1.25 B"), (350_000_000, "en", "Rp 350 M"),
])
def test_rupiah(value, lang, expected) -> None:
    assert fmt.rupiah(value, lang) == expected


def test_dates_and_percent() -> None:
    assert fmt.date(dt.date(2018, 7, 21)) == "21 Jul 2018"
    assert fmt.date(dt.date(2018, 8, 21)) == "21 Agu 2018"
    assert fmt.date(dt.date(2018, 8, 21), "en") == "21 Aug 2018"
    assert fmt.month(dt.date(2024, 5, 1), long=True) == "Mei 2024"
    assert fmt.percent(12.5) == "12,5%"
    assert fmt.signed(3.25, 1) == "+3,2" and fmt.signed(-2, 0) == "−2" and fmt.signed(0) == "±0"


def test_filters_previous_period_and_sql() -> None:
    f = Filters(dt.date(2024, 1, 1), dt.date(2024, 1, 31), ("Binjai Kota",), "custom")
    prev = f.previous()
    assert (prev.start, prev.end) == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    sql, params = f.where("received_at")
    assert sql == "received_at >= ? AND received_at < ? AND kecamatan IN (?)"
    assert params == [dt.date(2024, 1, 1), dt.date(2024, 2, 1), "Binjai Kota"]


def test_filters_url_round_trip_and_hostile_values() -> None:
    today = dt.date(2026, 11, 22)
    f = from_params({"periode": "custom", "dari": "2024-02-01", "sampai": "2024-03-31", "kec": "Binjai Kota"}, today)
    assert from_params(to_params(f), today) == f
    hostile = from_params({"periode": "'; DROP TABLE e_mas; --", "dari": "x", "kec": "Binjai Kota,<script>"}, today)
    assert hostile.preset == "12m" and hostile.kecamatan == ("Binjai Kota",)
    assert (from_params({}, today).start, from_params({}, today).end) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))


