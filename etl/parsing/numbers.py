"""Numbers in uploaded cells: which decimal mark each column uses, and parsing them to float."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from etl.parsing.base import Percent, ReadError
from etl.parsing.cells import str_mask, strings

# Currency, percent, spaces and a leading apostrophe (Excel's "keep as text") go first; "Rp 1.250.000,-" loses ",-".
_SPACES = " \t\n\r\f\v\xa0\u202f"  # literal characters: RE2 (Arrow) and Python agree on them
_NUMBER_NOISE = rf"(?i)^'|rp\.?|idr|%|[{_SPACES}]|[.,]-$|^\+"
_AMBIGUOUS = r"^[1-9][0-9]{0,2}[.,][0-9]{3}$"
_COMMA_SAYS = r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(?:\.[0-9]{3}){2,}|[0-9]*,[0-9]+)$"
_DOT_SAYS = r"^(?:[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3}){2,}|[0-9]*\.[0-9]+)$"
_WELL_FORMED = {
    "comma": r"^[+-]?(?:(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?|,[0-9]+)$",
    "dot": r"^[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)$",
}


def _clean_number_text(text: pd.Series) -> pd.Series:
    return text.str.replace(_NUMBER_NOISE, "", regex=True).str.replace("\u2212", "-", regex=False)


def _examples(values: object) -> str:
    return " / ".join(f'"{value}"' for value in values)


def _evidence(s: pd.Series) -> tuple[str | None, str | None, pd.Series]:
    """A cell that proves comma decimals, one that proves dot decimals, and the cells that fit both (1.250)."""
    raw = pd.Series(pd.unique(strings(s)), dtype="str")
    clean = _clean_number_text(raw).str.replace(r"^[+-]", "", regex=True)
    ambiguous = clean.str.contains(_AMBIGUOUS, regex=True).to_numpy(dtype=bool)
    comma = clean.str.contains(_COMMA_SAYS, regex=True).to_numpy(dtype=bool) & ~ambiguous
    dot = clean.str.contains(_DOT_SAYS, regex=True).to_numpy(dtype=bool) & ~ambiguous
    return (raw[comma].iloc[0] if comma.any() else None, raw[dot].iloc[0] if dot.any() else None,
            raw[ambiguous])


def decimal_styles(columns: Mapping[str, pd.Series], separator: str | None,
                   coordinates: Collection[str] = ()) -> dict[str, str]:
    """Each column's decimal mark, "comma" (1.234,5) or "dot" (1,234.5), decided per column.

    A column's own cells decide first. Coordinates are never thousands, so `98.497` is a decimal. Other
    columns without evidence follow the file's other quantity columns, then comma-decimal coordinates (only an
    Indonesian sheet writes `3,6231`; `3.6231` may be text pasted from a map), then the separator (`;` =
    Indonesian Excel). A column that proves both styles, or cannot be decided, is refused with its name.
    """
    evidence = {name: _evidence(s) for name, s in columns.items()}
    own: dict[str, str | None] = {}
    for name, (comma, dot, _) in evidence.items():
        if comma is not None and dot is not None:
            raise ReadError("read.ambiguous_decimal", column=name, examples=_examples([comma, dot]))
        own[name] = "comma" if comma is not None else "dot" if dot is not None else None
    quantities = {style for name, style in own.items() if style and name not in coordinates}
    if not quantities and any(own[name] == "comma" for name in coordinates if name in own):
        quantities = {"comma"}  # comma coordinates only come from an Indonesian sheet; dot ones may be pasted text
    styles: dict[str, str] = {}
    for name, (_, _, ambiguous) in evidence.items():
        if own[name]:
            styles[name] = own[name]
        elif name in coordinates and ambiguous.size:
            marks = set(ambiguous.str.contains(",", regex=False))
            if len(marks) > 1:
                raise ReadError("read.ambiguous_decimal", column=name, examples=_examples(ambiguous.iloc[:2]))
            styles[name] = "comma" if marks == {True} else "dot"
        elif len(quantities) == 1:
            styles[name] = next(iter(quantities))
        elif ambiguous.size and (quantities or separator != ";"):
            raise ReadError("read.ambiguous_decimal", column=name, examples=_examples(ambiguous.iloc[:2]))
        else:
            styles[name] = "comma" if separator == ";" else "dot"
    return styles


def percent_cells(s: pd.Series) -> pd.Series:
    """True where the sheet shows a percentage: a `%`-formatted spreadsheet number or text with `%`."""
    out = np.zeros(len(s), dtype=bool)
    is_str = str_mask(s)
    if is_str.any():
        out[is_str] = strings(s, is_str).str.contains("%", regex=False).to_numpy(dtype=bool)
    if s.dtype == object and (~is_str).any():
        cells = s.to_numpy(dtype=object)
        picked = np.flatnonzero(~is_str)
        out[picked] = [isinstance(value, Percent) for value in cells[picked]]
    return pd.Series(out, index=s.index)


def parse_decimal(s: pd.Series, style: str) -> pd.Series:
    """Numbers written in `style` ("comma" or "dot") as float64; NaN where empty or not a number."""
    if style not in _WELL_FORMED:
        raise ValueError(f"unknown decimal style {style!r}")
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("float64")
    out = np.full(len(s), np.nan)
    is_str = str_mask(s)
    others = ~is_str & s.notna().to_numpy(dtype=bool)
    if s.dtype == object and others.any():  # spreadsheet number cells; only non-text, non-empty cells are inspected
        cells = s.to_numpy(dtype=object)
        picked = np.flatnonzero(others)
        native = [isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_)) for v in cells[picked]]
        picked = picked[np.array(native, dtype=bool)]
        out[picked] = cells[picked].astype("float64")
    if is_str.any():
        text = _clean_number_text(strings(s, is_str))
        ok = text.str.contains(_WELL_FORMED[style], regex=True).to_numpy(dtype=bool)
        good = text[ok]
        good = good.str.replace(".", "", regex=False).str.replace(",", ".", regex=False) if style == "comma" \
            else good.str.replace(",", "", regex=False)
        parsed = np.full(len(text), np.nan)
        parsed[ok] = pa.array(good).cast(pa.float64()).to_numpy(zero_copy_only=False)
        out[is_str] = parsed
    return pd.Series(out, index=s.index, dtype="float64")
