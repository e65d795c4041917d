"""Cells: one raw column in, typed values out, with a problem for every cell that does not fit its declaration."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from data_sources.contract import EARLIEST_DATE, FUTURE_DAYS, Column, Kind, normalise_header
from etl import parsing
from etl.validation.messages import Reporter, cell_text
from etl.validation.references import lookup_for

NUMERIC = (Kind.DECIMAL, Kind.INTEGER, Kind.LATITUDE, Kind.LONGITUDE)
COORDINATES = (Kind.LATITUDE, Kind.LONGITUDE)
_TEMPORAL = {Kind.TIMESTAMP: parsing.parse_timestamp, Kind.DATE: parsing.parse_date, Kind.MONTH: parsing.parse_month}


class Coercer:
    """Turns raw columns into typed values; remembers which cells were shown as percentages (`percent`)."""

    def __init__(self, styles: dict[str, str], now: pd.Timestamp, report: Reporter) -> None:
        self.styles, self.now, self.report = styles, now, report
        self.percent: dict[str, pd.Series] = {}

    def coerce(self, col: Column, raw: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Typed values of `raw` and the mask of its bad cells."""
        blank = raw.isna()  # RawTable cells are trimmed and empty ones are None (etl.parsing's contract)
        if col.default is not None:
            raw = raw.where(~blank, col.default)
            blank = raw.isna()
        if col.kind in _TEMPORAL:
            values, invalid = self._temporal(col, raw, blank)
        elif col.kind in NUMERIC:
            values, invalid = self._numeric(col, raw, blank)
        else:
            values, invalid = self._text(col, raw, blank)
        missing = blank & col.required
        self.report.mask(missing, col.name, "check.required")
        return values, invalid | missing

    def _temporal(self, col: Column, raw: pd.Series, blank: pd.Series) -> tuple[pd.Series, pd.Series]:
        proof = parsing.month_first(raw)
        if proof is not None:  # the whole column is month/day/year: one message, every cell refused
            self.report.one(proof, col.name, "check.month_first")
            return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]"), ~blank
        values = _TEMPORAL[col.kind](raw)
        invalid = values.isna() & ~blank
        self.report.mask(invalid, col.name, f"check.{col.kind.value}")
        future = (values > self.now + pd.Timedelta(days=FUTURE_DAYS)) & (not col.future_ok)
        early = values < pd.Timestamp(EARLIEST_DATE)
        self.report.mask(future, col.name, "check.future", days=FUTURE_DAYS)
        self.report.mask(early, col.name, "check.too_early", earliest=EARLIEST_DATE)
        return values, invalid | future | early

    def _numeric(self, col: Column, raw: pd.Series, blank: pd.Series) -> tuple[pd.Series, pd.Series]:
        values = parsing.parse_decimal(raw, self.styles.get(self.report.labels.get(col.name, col.name), "comma"))
        invalid = values.isna() & ~blank
        self.report.mask(invalid, col.name, "check.number")
        shown_percent = parsing.percent_cells(raw) & ~invalid
        if col.percent_ok:
            self.percent[col.name] = shown_percent
        else:
            self.report.mask(shown_percent, col.name, "check.percent_cell")
            invalid |= shown_percent
        if col.kind is Kind.INTEGER:
            fractional = values.notna() & (values != values.round())
            self.report.mask(fractional, col.name, "check.integer")
            invalid |= fractional
        if col.kind in COORDINATES:
            return values.astype("float64"), invalid  # the box (and swaps) are checked with both columns
        out_of_range = pd.Series(False, index=values.index)
        if col.minimum is not None:
            out_of_range |= values < col.minimum
        if col.maximum is not None:
            out_of_range |= values > col.maximum
        self.report.mask(out_of_range, col.name, "check.range", low=_bound(col.minimum), high=_bound(col.maximum))
        invalid |= out_of_range
        if col.kind is Kind.INTEGER:
            return values.round().astype("Int64"), invalid
        return values.astype("float64"), invalid

    def _text(self, col: Column, raw: pd.Series, blank: pd.Series) -> tuple[pd.Series, pd.Series]:
        text = _as_text(raw, blank)
        if col.kind is Kind.TEXT:
            too_long = text.str.len().fillna(0) > (col.max_chars or 100_000)
            self.report.mask(too_long, col.name, "check.too_long", limit=col.max_chars)
            return text.where(~too_long, None), too_long
        if col.kind is Kind.ENUM:
            lookup = {normalise_header(label): choice.value for choice in col.choices
                      for label in (choice.value, choice.english, *choice.aliases)}
            values = _map_unique(text, lambda v: lookup.get(normalise_header(v)))
            unknown = values.isna() & ~blank
            self.report.mask(unknown, col.name, "check.enum", allowed=", ".join(c.value for c in col.choices))
            return values, unknown
        found = lookup_for(col.kind)
        values = _map_unique(text, found.find)
        unknown = values.isna() & ~blank
        for row in unknown.index[unknown.to_numpy()]:
            self.report.one(row, col.name, found.key, hint=found.suggest(text.at[row]) or "")
        return values, unknown


def _as_text(raw: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as strings (None when blank); all-text columns (every CSV column) are already trimmed by the parser."""
    if pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        text = raw.astype(object)
    else:
        text = raw.map(cell_text, na_action="ignore")
    text = text.astype(object)
    text[blank.to_numpy()] = None
    return text


def _map_unique(text: pd.Series, function: Callable[[str], str | None]) -> pd.Series:
    """Apply `function` once per distinct value (enumerations and places repeat a lot); None stays None."""
    codes, uniques = pd.factorize(text)
    mapped = np.array([function(value) for value in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=text.index, dtype=object)


def _bound(value: float | None) -> float | str:
    return "" if value is None else float(value)

