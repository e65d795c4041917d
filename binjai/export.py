"""CSV and XLSX exports with spreadsheet formulas neutralised (cells starting with = + - @ are prefixed with ')."""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert; other values unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def to_csv_bytes(frame: pd.DataFrame, lang: str = "id") -> bytes:
    """CSV for Excel: `;` and comma decimals in Bahasa Indonesia, `,` and dot decimals in English; UTF-8 BOM."""
    separator, decimal = (";", ",") if lang == "id" else (",", ".")
    return safe_frame(frame).to_csv(index=False, sep=separator, decimal=decimal).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """XLSX with one sheet; text stored as text, never as formulas."""
    out = io.BytesIO()
    clean = safe_frame(frame)
    for col in clean.columns:
        if isinstance(clean[col].dtype, pd.DatetimeTZDtype):
            clean[col] = clean[col].dt.tz_localize(None)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        clean.to_excel(writer, sheet_name=sheet[:31], index=False)
    return out.getvalue()
