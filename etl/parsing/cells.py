"""Vectorised access to the text cells of a column (CSV columns are all text; spreadsheet ones are mixed)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def str_mask(s: pd.Series) -> np.ndarray:
    """Which cells are Python/Arrow strings (vectorised for all-string columns, per cell only for mixed ones)."""
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind == "string":
        return s.notna().to_numpy(dtype=bool)
    if kind == "empty" or s.dtype != object:
        return np.zeros(len(s), dtype=bool)
    return s.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)


def strings(s: pd.Series, mask: np.ndarray | None = None) -> pd.Series:
    """The string cells of `s` as an Arrow-backed series with a fresh RangeIndex."""
    mask = str_mask(s) if mask is None else mask
    return pd.Series(s.to_numpy(dtype=object)[mask], dtype="str")


def is_blank(s: pd.Series) -> pd.Series:
    """True where a cell is None, NaN/NaT or a string of only whitespace."""
    blank = s.isna().to_numpy(dtype=bool, copy=True)
    is_str = str_mask(s)
    if is_str.any():
        blank[is_str] = (strings(s, is_str).str.strip() == "").to_numpy(dtype=bool)
    return pd.Series(blank, index=s.index)
