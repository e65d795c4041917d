"""Validation: a raw table in, a typed canonical frame and every problem (row, column, value, reason) out.

Everything is driven by the source's Contract (columns, kinds, limits and declared rules); checks are vectorised
so that a million-row file stays fast, and only the failing cells are turned into Problem objects. The checks
live in `etl.validation` by concern; this module is the entry point callers use.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from binjai import clock
from data_sources import get_contract
from data_sources.contract import Contract
from etl import parsing
from etl.validation.cells import COORDINATES, NUMERIC, Coercer
from etl.validation.headers import column_label, header_lookup, map_headers
from etl.validation.messages import Problem, Reporter, Validation, read_notes
from etl.validation.rules import EXAMPLE_PREFIX, check_rules

__all__ = ["EXAMPLE_PREFIX", "Problem", "Validation", "check_rules", "column_label", "header_lookup", "read_raw",
           "validate_file", "validate_frame", "validate_raw"]


def read_raw(source: str, data: bytes, filename: str, *, sheet: str | None = None,
             max_bytes: int | None = None) -> parsing.RawTable:
    """Read an uploaded file for `source` (its header labels help find the header row); raises ReadError."""
    return parsing.read_table(data, filename, preferred_sheet=source, sheet=sheet, max_bytes=max_bytes,
                              known_headers=set(header_lookup(get_contract(source))))


def validate_file(source: str, data: bytes, filename: str, *, now: pd.Timestamp | None = None,
                  max_bytes: int | None = None, sheet: str | None = None,
                  on_read: Callable[[], None] | None = None) -> Validation:
    """Read (`sheet` of a workbook, else the source's) and validate an uploaded file for `source`; `on_read` is
    called between the two. Never raises for bad input."""
    try:
        raw = read_raw(source, data, filename, sheet=sheet, max_bytes=max_bytes)
    except parsing.ReadError as err:
        return Validation.refused(source, err)
    if on_read is not None:
        on_read()
    return validate_raw(get_contract(source), raw, now=now)


def validate_raw(contract: Contract, raw: parsing.RawTable, *, now: pd.Timestamp | None = None) -> Validation:
    """Validate a raw table against `contract`, collecting every problem."""
    errors: list[Problem] = []
    warnings: list[Problem] = read_notes(raw)
    frame = raw.frame
    mapped = map_headers(contract, list(frame.columns), errors, warnings)
    sheet = {"sheet": raw.sheet, "sheets": raw.sheets}
    if frame.empty:
        errors.append(Problem("read.no_rows"))
    if errors:
        return Validation(contract.name, None, errors, warnings, len(frame), **sheet)
    cells = {name: frame.iloc[:, pos] for name, pos in mapped.items()}
    labels = {name: str(frame.columns[pos]).strip() for name, pos in mapped.items()}
    numeric = {labels[c.name]: cells[c.name] for c in contract.columns if c.kind in NUMERIC and c.name in cells}
    coordinates = [labels[c.name] for c in contract.columns if c.kind in COORDINATES and c.name in cells]
    try:
        styles = parsing.decimal_styles(numeric, raw.separator, coordinates)
    except parsing.ReadError as err:
        return Validation(contract.name, None, [Problem(err.key, params=err.params)], warnings, len(frame), **sheet)
    typed = pd.DataFrame(index=frame.index)
    bad = pd.DataFrame(False, index=frame.index, columns=contract.column_names)
    coercer = Coercer(styles, now or pd.Timestamp(clock.now()), Reporter(errors, labels, cells))
    for col in contract.columns:
        raw_cells = cells.get(col.name, pd.Series(None, index=frame.index, dtype=object))
        typed[col.name], bad[col.name] = coercer.coerce(col, raw_cells)
    check_rules(contract, typed, errors, warnings, bad=bad, labels=labels, cells=cells, percent=coercer.percent)
    return Validation(contract.name, None if errors else typed, errors, warnings, len(frame), **sheet)


def validate_frame(source: str, typed: pd.DataFrame) -> tuple[list[Problem], list[Problem]]:
    """Rules on an already-typed frame (the sample generator's output); returns (errors, warnings)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    check_rules(get_contract(source), typed.copy(), errors, warnings)
    return errors, warnings
