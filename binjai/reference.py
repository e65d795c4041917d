"""Reference tables (kelurahan, kecamatan, OPD, categories, population, metric catalogue) from editable CSVs.

Every cache here is keyed on the files' modification time and size, so an administrator's edit of a CSV applies
on the next read, without a restart.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from binjai import settings

T = TypeVar("T")


def normalise_name(text: object) -> str:
    """Comparison form of a place or department name: lower case, punctuation and spacing ignored."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def _stamp(name: str) -> tuple[str, int, int]:
    path = Path(settings.REFERENCE_DIR) / name
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def version() -> str:
    """A token that changes whenever any reference CSV is edited, added or removed (for result caches)."""
    stamps = []
    for path in sorted(Path(settings.REFERENCE_DIR).glob("*.csv")):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps.append(f"{path.name}:{stat.st_mtime_ns}:{stat.st_size}")
    return "|".join(stamps)


_KEYED: list[Callable] = []


def keyed_on(*names: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Cache a no-argument builder until one of the named reference files changes (`.cache_clear()` forgets it)."""
    def wrap(build: Callable[[], T]) -> Callable[[], T]:
        cached = functools.lru_cache(maxsize=2)(lambda _stamps: build())
        _KEYED.append(cached)

        @functools.wraps(build)
        def get() -> T:
            return cached(tuple(_stamp(name) for name in names))
        get.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return get
    return wrap


@functools.lru_cache(maxsize=32)
def _read_version(path: str, _mtime_ns: int, _size: int) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _read(name: str) -> pd.DataFrame:
    return _read_version(*_stamp(name))


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


@keyed_on("kelurahan.csv")
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


@keyed_on("kecamatan.csv")
def kecamatan_lookup() -> dict[str, str]:
    """Normalised kecamatan name or code (with or without 'Binjai') -> official name."""
    lookup: dict[str, str] = {}
    for row in kecamatan().itertuples():
        for label in (row.kecamatan, row.kecamatan_code, row.kecamatan.replace("Binjai ", ""), f"Kecamatan {row.kecamatan}"):
            lookup[normalise_name(label)] = row.kecamatan
    return lookup


@keyed_on("opd.csv")
def opd_lookup() -> dict[str, str]:
    """Normalised short or full OPD name -> short name."""
    lookup: dict[str, str] = {}
    for row in opd().itertuples():
        lookup[normalise_name(row.opd)] = row.opd
        lookup[normalise_name(row.full_name)] = row.opd
    return lookup


@keyed_on("categories.csv")
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


@keyed_on("categories.csv")
def category_english() -> dict[str, str]:
    """Category name -> English name."""
    table = categories()
    return dict(zip(table["category"], table["name_en"], strict=True))


def clear_cache() -> None:
    """Forget cached reference tables (edits are picked up anyway; for tests that swap the folder)."""
    _read_version.cache_clear()
    for cached in _KEYED:
        cached.cache_clear()
