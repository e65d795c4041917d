"""Dates, times and months in uploaded cells, in the forms Indonesian staff write them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from babel.dates import get_month_names

from binjai.clock import WIB
from etl.parsing.cells import str_mask, strings

_NS_MIN, _NS_MAX = np.datetime64("1678-01-01"), np.datetime64("2262-01-01")


def _cldr_months(locale: str) -> dict[str, int]:
    """Month names and abbreviations from CLDR (Babel, as binjai.fmt writes them), lower case: `agustus`, `agu`."""
    return {name.lower().rstrip("."): number for width in ("wide", "abbreviated")
            for number, name in get_month_names(width, context="format", locale=locale).items()}


# Spellings Indonesian offices write that CLDR does not list (old spelling, other abbreviations).
_COLLOQUIAL_MONTHS = {"pebruari": 2, "peb": 2, "agus": 8, "agt": 8, "ags": 8, "sept": 9, "nopember": 11, "nop": 11}
INDONESIAN_MONTHS: dict[str, int] = {**_cldr_months("id_ID"), **_COLLOQUIAL_MONTHS}
_MONTHS = {**_cldr_months("en_US"), **_cldr_months("en_GB"), **INDONESIAN_MONTHS}

_ODD_SPACES = "[\t\n\r\f\v\xa0\u202f]+| {2,}"  # spaces to collapse; a single space is left alone
# Dates: everything is rewritten to "Y-m-d[ H:M[:S[.f]]]" and then parsed by the number of colons.
_OFFSET = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
           r" ?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)$")
_DAY_MONTH_NAME = r"^(?P<d>[0-9]{1,2})[ ./-]*(?P<m>[a-z]+)\.?[ ./,-]*(?P<y>[0-9]{4})(?:[ ,]+(?P<rest>.+))?$"
_MONTH_NAME = r"^(?P<m>[a-z]+)\.?[ ./,-]*(?P<y>[0-9]{4})$"
_TWO_DIGIT_YEAR = r"^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{2})($| )"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR_END = r"[./-](?:[0-9]{4}|[0-9]{2})(?:$|[ tT])"
_MONTH_FIRST = rf"^\s*{_MONTH}[./-](?:1[3-9]|2[0-9]|3[01]){_YEAR_END}"  # 06/18/2024: only month/day fits
_DAY_FIRST = rf"^\s*(?:1[3-9]|2[0-9]|3[01])[./-]{_MONTH}{_YEAR_END}"  # 18/06/2024: only day/month fits
_TIMESTAMP_FORMATS = {0: ("%Y-%m-%d",), 1: ("%Y-%m-%d %H:%M",), 2: ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")}



def _native_timestamp(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(WIB).replace(tzinfo=None) if value.tzinfo is not None else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value if isinstance(value, np.datetime64) else None


def _in_ns_range(values: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Datetimes as datetime64[ns], NaT for those outside the nanosecond range."""
    array = np.asarray(values, dtype="datetime64[us]")
    return np.where((array >= _NS_MIN) & (array < _NS_MAX), array, np.datetime64("NaT")).astype("datetime64[ns]")


def _rewrite_month_names(text: pd.Series, pattern: str) -> pd.Series:
    """'18 juni 2019 14:00' -> '2019-6-18 14:00' for the cells matching `pattern` (groups d, m, y, rest)."""
    letters = text.str.contains(r"[a-z]", regex=True).to_numpy(dtype=bool)
    if not letters.any():
        return text
    found = text[letters].str.extract(pattern)
    month = found["m"].map(_MONTHS)
    ok = month.notna().to_numpy(dtype=bool)
    if not ok.any():
        return text
    found = found[ok]
    day = found["d"] if "d" in found else "1"
    rest = found["rest"].fillna("") if "rest" in found else pd.Series("", index=found.index, dtype="str")
    built = found["y"] + "-" + month[ok].astype(int).astype(str) + "-" + day + rest.where(rest == "", " " + rest)
    mask = np.zeros(len(text), dtype=bool)
    mask[np.flatnonzero(letters)[ok]] = True
    return _put(text, mask, built)


def _put(text: pd.Series, mask: np.ndarray, new: pd.Series) -> pd.Series:
    """`text` with the cells under `mask` replaced, in order, by `new`."""
    values = text.to_numpy(dtype=object, copy=True)
    values[mask] = new.to_numpy(dtype=object)
    return pd.Series(values, dtype="str")


def _parse_text_timestamps(text: pd.Series) -> np.ndarray:
    """Timestamp strings (RangeIndex) to datetime64[ns], NaT where no accepted format fits."""
    text = text.str.strip().str.lower().str.replace(_ODD_SPACES, " ", regex=True)
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    if text.str.contains(r"[a-z]", regex=True).any():
        text = text.str.replace(r"(?:^| )(?:pukul|pkl|jam)\.?(?: |$)", " ", regex=True)
        text = text.str.replace(r" wib$", "", regex=True)
        offset = text.str.contains(_OFFSET, regex=True).to_numpy(dtype=bool)
        if offset.any():
            zoned = text[offset].str.replace(r" ([+-][0-9])", r"\1", regex=True).str.upper()
            utc = pd.to_datetime(zoned, format="ISO8601", utc=True, errors="coerce").dt.tz_convert(None)
            out[offset] = _in_ns_range(utc + pd.Timedelta(WIB.utcoffset(None)))
            text = text.where(~offset, "")
        text = _rewrite_month_names(text, _DAY_MONTH_NAME)
        text = text.str.replace(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t", r"\1 ", regex=True)
    text = text.str.replace(r"^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})", r"\3-\2-\1", regex=True)
    text = text.str.replace(_TWO_DIGIT_YEAR, r"20\3-\2-\1\4", regex=True)  # Calc's Indonesian default: 18/06/24
    dotted = text.str.contains(".", regex=False).to_numpy(dtype=bool)
    if dotted.any():  # Indonesian times: "09.15", "09.15.30"
        clock = text[dotted].str.replace(r"^([0-9-]+ [0-9]{1,2})\.([0-9]{2})", r"\1:\2", regex=True)
        clock = clock.str.replace(r"^([0-9-]+ [0-9]{1,2}:[0-9]{2})\.([0-9]{2})$", r"\1:\2", regex=True)
        text = _put(text, dotted, clock)
    colons = pc.count_substring(pa.array(text), ":").to_numpy(zero_copy_only=False)
    for count, formats in _TIMESTAMP_FORMATS.items():
        todo = np.flatnonzero((colons == count) & np.isnat(out))
        for fmt in formats:
            if not todo.size:
                break
            parsed = _in_ns_range(pd.to_datetime(text.iloc[todo], format=fmt, errors="coerce"))
            out[todo] = parsed
            todo = todo[np.isnat(parsed)]
    return out


def parse_timestamp(s: pd.Series) -> pd.Series:
    """Timestamps as naive Asia/Jakarta wall time (datetime64[ns]); NaT where empty or not a date."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        zone = getattr(s.dtype, "tz", None)
        values = s.dt.tz_convert(WIB).dt.tz_localize(None) if zone is not None else s
        return pd.Series(_in_ns_range(values), index=s.index)
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]")
    is_str = str_mask(s)
    native = ~is_str & s.notna().to_numpy(dtype=bool)
    if native.any():
        values = [_native_timestamp(value) for value in s.to_numpy(dtype=object)[native]]
        out[native] = _in_ns_range(pd.to_datetime(pd.Series(values, dtype=object), errors="coerce"))
    if is_str.any():
        out[is_str] = _parse_text_timestamps(strings(s, is_str))
    return pd.Series(out, index=s.index)


def parse_date(s: pd.Series) -> pd.Series:
    """Dates (datetime64[ns] at midnight); NaT where empty or not a date."""
    return parse_timestamp(s).dt.normalize()


def parse_month(s: pd.Series) -> pd.Series:
    """The first day of the month written in each cell (datetime64[ns]); NaT where empty or not a month."""
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[ns]")
    is_str = str_mask(s)
    rest = ~is_str
    if is_str.any():
        text = strings(s, is_str).str.strip().str.lower().str.replace(_ODD_SPACES, " ", regex=True)
        text = _rewrite_month_names(text, _MONTH_NAME)
        text = text.str.replace(r"^([0-9]{4})[./-]([0-9]{1,2})$", r"\1-\2-1", regex=True)
        text = text.str.replace(r"^([0-9]{1,2})[./-]([0-9]{4})$", r"\2-\1-1", regex=True)
        months = _in_ns_range(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))
        placed = np.flatnonzero(is_str)
        out[placed] = months
        rest[placed[np.isnat(months)]] = True  # not a bare month: try it as a full date below
    if rest.any():
        out[rest] = parse_timestamp(s[rest]).to_numpy()
    months = out.astype("datetime64[M]").astype("datetime64[ns]")
    return pd.Series(months, index=s.index)


def month_first(s: pd.Series) -> object | None:
    """The index of the first cell proving the column is month/day/year (06/18/2024) when no cell says day-first."""
    is_str = str_mask(s)
    if not is_str.any():
        return None
    text = pa.array(strings(s, is_str))
    proof = pc.match_substring_regex(text, _MONTH_FIRST)
    if not pc.any(proof).as_py() or pc.any(pc.match_substring_regex(text, _DAY_FIRST)).as_py():
        return None
    return s.index[np.flatnonzero(is_str)[pc.index(proof, True).as_py()]]
