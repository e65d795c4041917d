"""Validation: a raw table in, a typed canonical frame and every problem (row, column, value, reason) out.

Everything is driven by the source's Contract; checks are vectorised so that a million-row file stays fast,
and only the failing cells are turned into Problem objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from binjai import clock, fmt, reference
from binjai.i18n import t
from data_sources import get_contract
from data_sources.contract import (
    Column,
    Contract,
    EmptyUnless,
    Kind,
    NotBefore,
    RequiredWhen,
    Together,
    WarnAbove,
    normalise_header,
)
from etl import parsing

EXAMPLE_PREFIX = "CONTOH-"
_HEADER_PROBLEMS = ("unknown_column", "duplicate_column", "missing_column")
_COORDINATES = (Kind.LATITUDE, Kind.LONGITUDE)
_PERCENT_COLUMNS = {"quick_wins": frozenset({"progress_pct"}), "app_metrics": frozenset({"value", "target"})}
EARLIEST = pd.Timestamp("2016-01-01")
_NUMERIC = (Kind.DECIMAL, Kind.INTEGER, Kind.LATITUDE, Kind.LONGITUDE)
_TEMPORAL = {Kind.TIMESTAMP: parsing.parse_timestamp, Kind.DATE: parsing.parse_date, Kind.MONTH: parsing.parse_month}


@dataclass(frozen=True)
class Problem:
    """One error or warning, located as the user sees the file (header = row 1)."""

    key: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict)

    def reason(self, lang: str = "id") -> str:
        """The reason in the user's language, with a "did you mean" hint when there is one."""
        text = t(self.key, lang, **{name: _figure(value, lang) for name, value in self.params.items()})
        hint = self.params.get("hint")
        return f"{text} {t('check.suggest', lang, name=hint)}" if hint else text

    def shown_value(self, lang: str = "id") -> str | None:
        """The cell's value, "(kosong)" for an empty data cell, None when the problem is not about one cell."""
        if self.value is not None:
            return self.value
        cell = self.row is not None and self.column and not self.key.endswith(_HEADER_PROBLEMS)
        return t("report.empty", lang) if cell else None

    def describe(self, lang: str = "id") -> str:
        """`Baris 5, kolom kelurahan, nilai "Pahlawann": ...` in one line."""
        parts = []
        if self.row is not None:
            parts.append(t("report.row", lang, row=self.row))
        if self.column:
            parts.append(t("report.column", lang, column=self.column))
        shown = self.shown_value(lang)
        if shown is not None:
            parts.append(t("report.value", lang, value=shown if self.value is None else f'"{_shorten(shown)}"'))
        where = ", ".join(parts)
        return f"{where}: {self.reason(lang)}" if where else self.reason(lang)


@dataclass
class Validation:
    """The outcome of validating one file: the typed frame (when valid) and all problems."""

    source: str
    frame: pd.DataFrame | None
    errors: list[Problem]
    warnings: list[Problem]
    rows_read: int = 0
    sheet: str | None = None
    sheets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.errors.sort(key=_row_order)
        self.warnings.sort(key=_row_order)

    @classmethod
    def refused(cls, source: str, err: parsing.ReadError) -> Validation:
        """A file that could not be read: the reason, and which sheet of a workbook was tried."""
        notes = [_sheet_note(err.sheet, err.sheets)] if len(err.sheets) > 1 else []
        return cls(source, None, [Problem(err.key, params=err.params)], notes, sheet=err.sheet, sheets=err.sheets)

    @property
    def ok(self) -> bool:
        """True when nothing blocks the load."""
        return not self.errors and self.frame is not None

    def problems_table(self, lang: str = "id", warnings: bool = False) -> pd.DataFrame:
        """Errors (or warnings) as a table with row, column, value and reason, for screens and exports."""
        items = self.warnings if warnings else self.errors
        return pd.DataFrame(
            [(p.row, p.column, p.shown_value(lang) or "", p.reason(lang)) for p in items],
            columns=[t("report.h_row", lang), t("report.h_column", lang), t("report.h_value", lang),
                     t("report.h_reason", lang)],
        )


def _row_order(problem: Problem) -> tuple[int, int]:
    """File-wide problems first, then by row (the sort is stable, so a row keeps its column order)."""
    return (0, 0) if problem.row is None else (1, problem.row)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_text(value: object) -> str | None:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat(sep=" ")
    return str(value).strip()


def header_lookup(contract: Contract) -> dict[str, str]:
    """Header key -> canonical column: names, aliases and the templates' labels in both languages."""
    lookup = {parsing.header_key(label): name for label, name in contract.header_lookup().items()}
    for col in contract.columns:
        for lang in ("id", "en"):
            lookup.setdefault(parsing.header_key(column_label(contract.name, col.name, lang)), col.name)
    return lookup


def column_label(source: str, column: str, lang: str) -> str:
    """The column's header label in the templates ("Nomor Aduan" for e_mas.complaint_id in Bahasa Indonesia)."""
    return t(f"tpl.{source}.{column}", lang)


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


def _map_headers(contract: Contract, labels: list, errors: list[Problem], warnings: list[Problem]) -> dict[str, int]:
    lookup = header_lookup(contract)
    mapped: dict[str, int] = {}
    for position, label in enumerate(labels):
        text = _cell_text(label) or ""
        canonical = lookup.get(parsing.header_key(text))
        if not text:
            continue
        if canonical is None:
            hint = reference.suggest(parsing.header_key(text), list(lookup))
            warnings.append(Problem("check.unknown_column", row=1, column=text,
                                    params={"hint": lookup[hint] if hint else ""}))
        elif canonical in mapped:
            errors.append(Problem("check.duplicate_column", row=1, column=text, params={"canonical": canonical}))
        else:
            mapped[canonical] = position
    for col in contract.columns:
        if col.required and col.name not in mapped:
            errors.append(Problem("check.missing_column", row=1, column=col.name))
    return mapped


def validate_raw(contract: Contract, raw: parsing.RawTable, *, now: pd.Timestamp | None = None) -> Validation:
    """Validate a raw table against `contract`, collecting every problem."""
    errors: list[Problem] = []
    warnings: list[Problem] = _read_notes(raw)
    frame = raw.frame
    mapped = _map_headers(contract, list(frame.columns), errors, warnings)
    sheet = {"sheet": raw.sheet, "sheets": raw.sheets}
    if frame.empty:
        errors.append(Problem("read.no_rows"))
    if errors:
        return Validation(contract.name, None, errors, warnings, len(frame), **sheet)
    cells = {name: frame.iloc[:, pos] for name, pos in mapped.items()}
    labels = {name: str(frame.columns[pos]).strip() for name, pos in mapped.items()}
    numeric = {labels[c.name]: cells[c.name] for c in contract.columns if c.kind in _NUMERIC and c.name in cells}
    coordinates = [labels[c.name] for c in contract.columns if c.kind in _COORDINATES and c.name in cells]
    try:
        styles = parsing.decimal_styles(numeric, raw.separator, coordinates)
    except parsing.ReadError as err:
        return Validation(contract.name, None, [Problem(err.key, params=err.params)], warnings, len(frame), **sheet)
    typed = pd.DataFrame(index=frame.index)
    bad = pd.DataFrame(False, index=frame.index, columns=contract.column_names)
    coercer = _Coercer(styles, now or pd.Timestamp(clock.now()), errors, _percent_columns(contract))
    for col in contract.columns:
        raw_cells = cells.get(col.name, pd.Series(None, index=frame.index, dtype=object))
        typed[col.name], bad[col.name] = coercer.coerce(col, raw_cells, labels.get(col.name, col.name))
    _fill_catalogue_units(contract, typed)
    _check_percent_units(contract, typed, bad, coercer.percent, _RuleReporter(typed, labels, errors, cells))
    _check_examples(contract, typed, errors, labels, cells)
    check_rules(contract, typed, errors, warnings, bad=bad, labels=labels, cells=cells)
    return Validation(contract.name, None if errors else typed, errors, warnings, len(frame), **sheet)


def _read_notes(raw: parsing.RawTable) -> list[Problem]:
    """Warnings about how the file was read: which sheet of several, which title rows were skipped."""
    notes = []
    if len(raw.sheets) > 1:
        notes.append(_sheet_note(raw.sheet, raw.sheets))
    if raw.title_rows:
        notes.append(Problem("read.title_skipped", params={"first": raw.title_rows[0], "last": raw.title_rows[1]}))
    return notes


def _sheet_note(sheet: str | None, sheets: tuple[str, ...]) -> Problem:
    return Problem("read.sheet_used", params={"sheet": sheet, "sheets": ", ".join(sheets)})


def _percent_columns(contract: Contract) -> frozenset[str]:
    """Columns whose figures are percentages, so a cell shown as 12,5% means 12,5."""
    return _PERCENT_COLUMNS.get(contract.name, frozenset())


def _check_percent_units(contract: Contract, typed: pd.DataFrame, bad: pd.DataFrame,
                         percent: dict[str, pd.Series], report: _RuleReporter) -> None:
    """App metrics: a value shown as a percentage only for metrics whose catalogue unit is %."""
    if contract.name != "app_metrics":
        return
    for column, shown in percent.items():
        wrong = shown & typed["unit"].notna() & (typed["unit"] != "%") & ~bad[column]
        report.mask(wrong, column, "check.percent_unit", unit=", ".join(typed.loc[wrong, "unit"].dropna().unique()))
        bad[column] |= wrong


def example_column(contract: Contract) -> str:
    """The column whose value marks a template example row: the record number, or the unit for metrics."""
    return contract.key[0] if contract.column(contract.key[0]).kind is Kind.TEXT else "unit"


def _check_examples(contract: Contract, typed: pd.DataFrame, errors: list[Problem], labels: dict[str, str],
                    cells: dict[str, pd.Series]) -> None:
    """Template example rows (key starting CONTOH-) are refused: they must never overwrite real records."""
    key = example_column(contract)
    ids = typed[key]
    example = ids.notna() & ids.astype("str").str.upper().str.startswith(EXAMPLE_PREFIX)
    for row in example.index[example.to_numpy(dtype=bool)]:
        errors.append(Problem("check.example_row", row=int(row), column=labels.get(key, key),
                              value=_cell_text(cells[key].at[row]) if key in cells else None))


class _Coercer:
    """Turns one raw column into typed values, recording a Problem for each bad cell."""

    def __init__(self, styles: dict[str, str], now: pd.Timestamp, errors: list[Problem],
                 percent_columns: frozenset[str]) -> None:
        self.styles, self.now, self.errors, self.percent_columns = styles, now, errors, percent_columns
        self.percent: dict[str, pd.Series] = {}

    def _report(self, mask: pd.Series, raw: pd.Series, label: str, key: str, **params: object) -> None:
        for row in mask.index[mask.to_numpy()]:
            self.errors.append(Problem(key, row=int(row), column=label, value=_cell_text(raw.at[row]), params=params))

    def coerce(self, col: Column, raw: pd.Series, label: str) -> tuple[pd.Series, pd.Series]:
        blank = raw.isna()  # RawTable cells are trimmed and empty ones are None (etl.parsing's contract)
        if col.default is not None:
            raw = raw.where(~blank, col.default)
            blank = raw.isna()
        if col.kind in _TEMPORAL:
            values, invalid = self._temporal(col, raw, blank, label)
        elif col.kind in _NUMERIC:
            values, invalid = self._numeric(col, raw, blank, label)
        else:
            values, invalid = self._text(col, raw, blank, label)
        missing = blank & col.required
        self._report(missing, raw, label, "check.required")
        return values, invalid | missing

    def _temporal(self, col: Column, raw: pd.Series, blank: pd.Series, label: str) -> tuple[pd.Series, pd.Series]:
        proof = parsing.month_first(raw)
        if proof is not None:  # the whole column is month/day/year: one message, every cell refused
            self.errors.append(Problem("check.month_first", row=int(proof), column=label, value=_cell_text(raw.at[proof])))
            return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]"), ~blank
        values = _TEMPORAL[col.kind](raw)
        invalid = values.isna() & ~blank
        self._report(invalid, raw, label, f"check.{col.kind.value}")
        latest = self.now + pd.Timedelta(days=1)
        future = (values > latest) & (not col.future_ok)
        early = values < EARLIEST
        self._report(future, raw, label, "check.future")
        self._report(early, raw, label, "check.too_early")
        return values, invalid | future | early

    def _numeric(self, col: Column, raw: pd.Series, blank: pd.Series, label: str) -> tuple[pd.Series, pd.Series]:
        values = parsing.parse_decimal(raw, self.styles.get(label, "comma"))
        invalid = values.isna() & ~blank
        self._report(invalid, raw, label, "check.number")
        shown_percent = parsing.percent_cells(raw) & ~invalid
        if col.name in self.percent_columns:
            self.percent[col.name] = shown_percent
        else:
            self._report(shown_percent, raw, label, "check.percent_cell")
            invalid |= shown_percent
        if col.kind is Kind.INTEGER:
            fractional = values.notna() & (values != values.round())
            self._report(fractional, raw, label, "check.integer")
            invalid |= fractional
        out_of_range = pd.Series(False, index=values.index)
        if col.minimum is not None:
            out_of_range |= values < col.minimum
        if col.maximum is not None:
            out_of_range |= values > col.maximum
        if col.kind in (Kind.LATITUDE, Kind.LONGITUDE):
            return values.astype("float64"), invalid  # the box (and swaps) are checked with both columns
        self._report(out_of_range, raw, label, "check.range", low=_bound(col.minimum), high=_bound(col.maximum))
        invalid |= out_of_range
        if col.kind is Kind.INTEGER:
            return values.round().astype("Int64"), invalid
        return values.astype("float64"), invalid

    def _text(self, col: Column, raw: pd.Series, blank: pd.Series, label: str) -> tuple[pd.Series, pd.Series]:
        text = _as_text(raw, blank)
        if col.kind is Kind.TEXT:
            too_long = text.str.len().fillna(0) > (col.max_chars or 100_000)
            self._report(too_long, raw, label, "check.too_long", limit=col.max_chars)
            return text.where(~too_long, None), too_long
        if col.kind is Kind.ENUM:
            lookup = {normalise_header(label_): choice.value for choice in col.choices
                      for label_ in (choice.value, choice.english, *choice.aliases)}
            values = _map_unique(text, lambda v: lookup.get(normalise_header(v)))
            unknown = values.isna() & ~blank
            self._report(unknown, raw, label, "check.enum", allowed=", ".join(c.value for c in col.choices))
            return values, unknown
        lookup, key, candidates = _reference_lookup(col.kind)
        values = _map_unique(text, lambda v: lookup.get(reference.normalise_name(v)))
        unknown = values.isna() & ~blank
        for row in unknown.index[unknown.to_numpy()]:
            hint = reference.suggest(text.at[row], candidates)
            self.errors.append(Problem(key, row=int(row), column=label, value=_cell_text(raw.at[row]),
                                       params={"hint": hint or ""}))
        return values, unknown


def _as_text(raw: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as strings (None when blank); all-text columns (every CSV column) are already trimmed by the parser."""
    if pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        text = raw.astype(object)
    else:
        text = raw.map(_cell_text, na_action="ignore")
    text = text.astype(object)
    text[blank.to_numpy()] = None
    return text


def _map_unique(text: pd.Series, function) -> pd.Series:
    """Apply `function` once per distinct value (enumerations and places repeat a lot); None stays None."""
    codes, uniques = pd.factorize(text)
    mapped = np.array([function(value) for value in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=text.index, dtype=object)


def _bound(value: float | None) -> float | str:
    return "" if value is None else float(value)


def _figure(value: object, lang: str) -> object:
    """A float message parameter in the reader's figures (50.000 / 3,52 in Bahasa Indonesia)."""
    if not isinstance(value, float):
        return value
    text = f"{value:g}"
    return fmt.number(value, decimals=len(text.split(".")[1]) if "." in text else 0, lang=lang)


def _reference_lookup(kind: Kind) -> tuple[dict[str, str], str, list[str]]:
    """Lookup table, error key and suggestion candidates for a reference-backed column kind."""
    if kind is Kind.KELURAHAN:
        lookup = {k: name for k, (name, _kec) in reference.kelurahan_lookup().items()}
        return lookup, "check.kelurahan", reference.kelurahan()["kelurahan"].tolist()
    if kind is Kind.KECAMATAN:
        return reference.kecamatan_lookup(), "check.kecamatan", reference.kecamatan_names()
    if kind is Kind.OPD:
        return reference.opd_lookup(), "check.opd", reference.opd()["opd"].tolist()
    if kind is Kind.CATEGORY:
        return reference.category_lookup(), "check.category", reference.categories()["category"].tolist()
    if kind is Kind.METRIC:
        codes = reference.metric_catalogue()["metric"].tolist()
        return {reference.normalise_name(c): c for c in codes}, "check.metric", codes
    raise ValueError(kind)


def _fill_catalogue_units(contract: Contract, typed: pd.DataFrame) -> None:
    if contract.name != "app_metrics":
        return
    units = reference.metric_catalogue().set_index("metric")["unit"]
    typed["unit"] = typed["unit"].where(typed["unit"].notna(), typed["metric"].map(units)).astype(object)


class _RuleReporter:
    """Records rule problems against the typed frame, naming columns as the file did."""

    def __init__(self, typed: pd.DataFrame, labels: dict[str, str], errors: list[Problem],
                 cells: dict[str, pd.Series]) -> None:
        self.typed, self.labels, self.errors, self.cells = typed, labels, errors, cells

    def one(self, row: int, column: str, key: str, into: list[Problem] | None = None, **params: object) -> None:
        source = self.cells[column] if column in self.cells else self.typed[column]
        problem = Problem(key, row=int(row), column=self.labels.get(column, column),
                          value=_cell_text(source.at[row]), params=params)
        (self.errors if into is None else into).append(problem)

    def mask(self, mask: pd.Series, column: str, key: str, into: list[Problem] | None = None, **params: object) -> None:
        for row in mask.index[mask.fillna(False).to_numpy(dtype=bool)]:
            self.one(row, column, key, into, **params)


def check_rules(contract: Contract, typed: pd.DataFrame, errors: list[Problem], warnings: list[Problem], *,
                bad: pd.DataFrame | None = None, labels: dict[str, str] | None = None,
                cells: dict[str, pd.Series] | None = None) -> None:
    """Cross-column rules, place agreement, coordinates and duplicate keys on a typed frame."""
    bad = bad if bad is not None else pd.DataFrame(False, index=typed.index, columns=typed.columns)
    labels = labels or {}
    report = _RuleReporter(typed, labels, errors, cells or {})
    for rule in contract.rules:
        if isinstance(rule, Together):
            a_missing, b_missing = typed[rule.first].isna(), typed[rule.second].isna()
            skip = bad[rule.first] | bad[rule.second]
            report.mask(a_missing & ~b_missing & ~skip, rule.second, "check.together", other=rule.first)
            report.mask(b_missing & ~a_missing & ~skip, rule.first, "check.together", other=rule.second)
        elif isinstance(rule, NotBefore):
            early = (typed[rule.column] < typed[rule.other]) & ~bad[rule.column] & ~bad[rule.other]
            report.mask(early, rule.column, "check.not_before", other=labels.get(rule.other, rule.other))
        elif isinstance(rule, RequiredWhen):
            needed = typed[rule.other].isin(rule.values) & typed[rule.column].isna() & ~bad[rule.column]
            report.mask(needed, rule.column, "check.required_when", other=rule.other, values=", ".join(rule.values))
        elif isinstance(rule, EmptyUnless):
            stray = typed[rule.column].notna() & ~typed[rule.other].isin(rule.values) & typed[rule.other].notna()
            report.mask(stray, rule.column, "check.empty_unless", other=rule.other, values=", ".join(rule.values))
        elif isinstance(rule, WarnAbove):
            report.mask(typed[rule.column] > typed[rule.other], rule.column, "check.above", into=warnings,
                        other=labels.get(rule.other, rule.other))
    _check_places(typed, bad, report)
    _check_coordinates(contract, typed, bad, report)
    _check_metric_app(contract, typed, bad, report)
    _check_keys(contract, typed, errors, labels)


def _check_places(typed: pd.DataFrame, bad: pd.DataFrame, report: _RuleReporter) -> None:
    if "kecamatan" not in typed or "kelurahan" not in typed:
        return
    home = dict(reference.kelurahan()[["kelurahan", "kecamatan"]].itertuples(index=False))
    expected = typed["kelurahan"].map(home)
    clash = typed["kecamatan"].notna() & expected.notna() & (typed["kecamatan"] != expected) & ~bad["kecamatan"]
    for row in clash.index[clash.to_numpy(dtype=bool)]:
        report.one(row, "kecamatan", "check.kecamatan_mismatch", kelurahan=typed.at[row, "kelurahan"],
                   expected=expected.at[row])
    typed["kecamatan"] = expected.where(expected.notna(), typed["kecamatan"]).astype(object)


def _check_coordinates(contract: Contract, typed: pd.DataFrame, bad: pd.DataFrame, report: _RuleReporter) -> None:
    if "latitude" not in typed:
        return
    lat_col, lon_col = contract.column("latitude"), contract.column("longitude")
    lat, lon = typed["latitude"], typed["longitude"]
    swapped = lat.between(lon_col.minimum, lon_col.maximum) & lon.between(lat_col.minimum, lat_col.maximum)
    unchecked = ~swapped & ~(bad["latitude"] | bad["longitude"])
    report.mask(swapped, "latitude", "check.swapped")
    report.mask(unchecked & lat.notna() & ~lat.between(lat_col.minimum, lat_col.maximum), "latitude",
                "check.outside_lat", low=float(lat_col.minimum), high=float(lat_col.maximum))
    report.mask(unchecked & lon.notna() & ~lon.between(lon_col.minimum, lon_col.maximum), "longitude",
                "check.outside_lon", low=float(lon_col.minimum), high=float(lon_col.maximum))


def _check_metric_app(contract: Contract, typed: pd.DataFrame, bad: pd.DataFrame, report: _RuleReporter) -> None:
    if contract.name != "app_metrics":
        return
    expected = typed["metric"].map(reference.metric_catalogue().set_index("metric")["app"])
    wrong = expected.notna() & typed["app"].notna() & (expected != typed["app"]) & ~bad["app"]
    for row in wrong.index[wrong.to_numpy(dtype=bool)]:
        report.one(row, "metric", "check.metric_app", app=expected.at[row])


def _check_keys(contract: Contract, typed: pd.DataFrame, errors: list[Problem], labels: dict[str, str]) -> None:
    keys = typed[list(contract.key)]
    duplicated = keys.duplicated(keep=False) & keys.notna().all(axis=1)
    if not duplicated.any():
        return
    dupes = keys[duplicated]
    first_row = pd.Series(dupes.index, index=dupes.index).groupby([dupes[c] for c in contract.key]).transform("min")
    column = labels.get(contract.key[0], contract.key[0])
    for row, first in first_row.items():
        if row != first:
            errors.append(Problem("check.duplicate_key", row=int(row), column=column,
                                  value=" / ".join(_cell_text(v) or "" for v in keys.loc[row]),
                                  params={"other": int(first)}))


def validate_frame(source: str, typed: pd.DataFrame) -> tuple[list[Problem], list[Problem]]:
    """Rules on an already-typed frame (the sample generator's output); returns (errors, warnings)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    check_rules(get_contract(source), typed.copy(), errors, warnings)
    return errors, warnings
