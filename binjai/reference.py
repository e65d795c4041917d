"""Reference tables (kelurahan, kecamatan, OPD, categories, population, metric catalogue) from editable CSVs."""

from __future__ import annotations

import difflib
import re
from functools import cache

import pandas as pd

from binjai.settings import REFERENCE_DIR


def normalise_name(text: object) -> str:
    """Comparison form of a place or department name: lower case, punctuation and spacing ignored."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def kelurahan() -> pd.DataFrame:
    """The 37 kelurahan: codes, kecamatan, representative point (lat, lon) and area in km²."""
    frame = _read("kelurahan.csv").copy()
    for col in ("lat", "lon", "area_km2"):
        frame[col] = frame[col].astype(float)
    return frame


def kecamatan() -> pd.DataFrame:
    """The 5 kecamatan: codes, centroid and area in km²."""
    frame = _read("kecamatan.csv").copy()
    for col in ("lat", "lon", "area_km2"):
        frame[col] = frame[col].astype(float)
    frame["n_kelurahan"] = frame["n_kelurahan"].astype(int)
    return frame


def kecamatan_names() -> list[str]:
    """Kecamatan names in reference order."""
    return kecamatan()["kecamatan"].tolist()


def opd() -> pd.DataFrame:
    """Departments (OPD): short name, full name, English name."""
    return _read("opd.csv").copy()


def categories() -> pd.DataFrame:
    """Complaint categories with English names, aliases, default OPD and service deadlines (working days)."""
    frame = _read("categories.csv").copy()
    for col in ("response_days", "resolution_days"):
        frame[col] = frame[col].astype(int)
    return frame


def population() -> pd.DataFrame:
    """Population figures with year and source, for per-capita figures."""
    frame = _read("population.csv").copy()
    frame["population"] = frame["population"].astype(int)
    return frame


def metric_catalogue() -> pd.DataFrame:
    """Application metrics: app, code, names, unit, direction (up/down), dimension, whether it is the key metric."""
    frame = _read("app_metrics_catalogue.csv").copy()
    frame["key_metric"] = frame["key_metric"].str.lower().eq("true")
    return frame


def metric_definitions() -> pd.DataFrame:
    """The metric catalogue (metrics.csv): id, labels, definitions, source, formula, unit, good direction, grain,
    target (empty when there is none)."""
    return _read("metrics.csv").copy()


@cache
def kelurahan_lookup() -> dict[str, tuple[str, str]]:
    """Normalised kelurahan name or code -> (official name, kecamatan)."""
    lookup: dict[str, tuple[str, str]] = {}
    for row in kelurahan().itertuples():
        lookup[normalise_name(row.kelurahan)] = (row.kelurahan, row.kecamatan)
        lookup[normalise_name(row.kelurahan_code)] = (row.kelurahan, row.kecamatan)
    return lookup


def kelurahan_code(name: str) -> str | None:
    """The Kemendagri code of a kelurahan given by its official name (None when unknown)."""
    table = kelurahan()
    codes = table.loc[table["kelurahan"] == name, "kelurahan_code"]
    return str(codes.iloc[0]) if len(codes) else None


def kelurahan_by_code(code: str) -> dict | None:
    """One kelurahan's reference row {kelurahan_code, kelurahan, kecamatan, area_km2, ...} by code, or None."""
    table = kelurahan()
    rows = table[table["kelurahan_code"] == str(code).strip()]
    return rows.iloc[0].to_dict() if len(rows) else None


@cache
def kecamatan_lookup() -> dict[str, str]:
    """Normalised kecamatan name or code (with or without 'Binjai') -> official name."""
    lookup: dict[str, str] = {}
    for row in kecamatan().itertuples():
        for label in (row.kecamatan, row.kecamatan_code, row.kecamatan.replace("Binjai ", ""), f"Kecamatan {row.kecamatan}"):
            lookup[normalise_name(label)] = row.kecamatan
    return lookup


@cache
def opd_lookup() -> dict[str, str]:
    """Normalised short or full OPD name -> short name."""
    lookup: dict[str, str] = {}
    for row in opd().itertuples():
        lookup[normalise_name(row.opd)] = row.opd
        lookup[normalise_name(row.full_name)] = row.opd
    return lookup


@cache
def category_lookup() -> dict[str, str]:
    """Normalised category name, English name or alias -> category name."""
    lookup: dict[str, str] = {}
    for row in categories().itertuples():
        for label in (row.category, row.name_en, *[a for a in row.aliases.split("|") if a]):
            lookup[normalise_name(label)] = row.category
    return lookup


def suggest(value: object, candidates: list[str]) -> str | None:
    """The closest candidate to a misspelt value, or None when nothing is close."""
    by_norm = {normalise_name(c): c for c in candidates}
    match = difflib.get_close_matches(normalise_name(value), list(by_norm), n=1, cutoff=0.75)
    return by_norm[match[0]] if match else None


def clear_cache() -> None:
    """Forget cached reference tables (after an administrator edits the CSVs, or in tests)."""
    for fn in (_read, kelurahan_lookup, kecamatan_lookup, opd_lookup, category_lookup):
        fn.cache_clear()
