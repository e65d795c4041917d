"""Problems (row, column, value, reason) in the user's language, the outcome of a validation, and the reporter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from binjai import fmt
from binjai.i18n import t
from etl import parsing

_HEADER_PROBLEMS = ("unknown_column", "duplicate_column", "missing_column")


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
        text = t(self.key, lang, **{name: figure(value, lang) for name, value in self.params.items()})
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
        notes = [sheet_note(err.sheet, err.sheets)] if len(err.sheets) > 1 else []
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


def cell_text(value: object) -> str | None:
    """A cell as the user wrote it (None when empty), for messages."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat(sep=" ")
    return str(value).strip()


def figure(value: object, lang: str) -> object:
    """A message parameter in the reader's figures (50.000 / 3,52 / 1 Jan 2016 in Bahasa Indonesia)."""
    if isinstance(value, dt.date):
        return fmt.date(value, lang)
    if not isinstance(value, float):
        return value
    text = f"{value:g}"
    return fmt.number(value, decimals=len(text.split(".")[1]) if "." in text else 0, lang=lang)


def sheet_note(sheet: str | None, sheets: tuple[str, ...]) -> Problem:
    """A warning naming the sheet used among several."""
    return Problem("read.sheet_used", params={"sheet": sheet, "sheets": ", ".join(sheets)})


def read_notes(raw: parsing.RawTable) -> list[Problem]:
    """Warnings about how the file was read: which sheet of several, which title rows were skipped."""
    notes = []
    if len(raw.sheets) > 1:
        notes.append(sheet_note(raw.sheet, raw.sheets))
    if raw.title_rows:
        notes.append(Problem("read.title_skipped", params={"first": raw.title_rows[0], "last": raw.title_rows[1]}))
    return notes


class Reporter:
    """Records problems for rows of a column, naming the column and showing the cell as the file did."""

    def __init__(self, errors: list[Problem], labels: dict[str, str], cells: dict[str, pd.Series],
                 typed: pd.DataFrame | None = None) -> None:
        self.errors, self.labels, self.cells, self.typed = errors, labels, cells, typed

    def one(self, row: int, column: str, key: str, into: list[Problem] | None = None, **params: object) -> None:
        """One problem at `row` of `column`."""
        source = self.cells.get(column)
        if source is None and self.typed is not None and column in self.typed:
            source = self.typed[column]
        value = None if source is None else cell_text(source.at[row])
        problem = Problem(key, row=int(row), column=self.labels.get(column, column), value=value, params=params)
        (self.errors if into is None else into).append(problem)

    def mask(self, mask: pd.Series, column: str, key: str, into: list[Problem] | None = None, **params: object) -> None:
        """One problem for every row where `mask` is true."""
        for row in mask.index[mask.fillna(False).to_numpy(dtype=bool)]:
            self.one(row, column, key, into, **params)
