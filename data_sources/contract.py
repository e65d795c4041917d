"""Declarative contract types: one Contract per source drives validation, templates, docs and samples."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum

# Every source: a date before this, or more than FUTURE_DAYS days after today, is refused (unless planned).
EARLIEST_DATE = dt.date(2016, 1, 1)
FUTURE_DAYS = 1


class Kind(StrEnum):
    """How a column's cells are read and checked."""

    TEXT = "text"
    TIMESTAMP = "timestamp"
    DATE = "date"
    MONTH = "month"
    DECIMAL = "decimal"
    INTEGER = "integer"
    ENUM = "enum"
    KELURAHAN = "kelurahan"
    KECAMATAN = "kecamatan"
    OPD = "opd"
    CATEGORY = "category"
    METRIC = "metric"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"


@dataclass(frozen=True)
class Choice:
    """One enumeration value: the stored Indonesian value, its English value and extra aliases."""

    value: str
    english: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One canonical column of a source."""

    name: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    default: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_chars: int | None = None
    future_ok: bool = False  # planned dates (start/target) may lie in the future
    percent_ok: bool = False  # a cell shown as a percentage (12,5%) means the figure 12,5; elsewhere it is refused
    example: str = ""
    doc_id: str = ""
    doc_en: str = ""

    @property
    def sql_type(self) -> str:
        """DuckDB type used for this column in the warehouse."""
        return _SQL_TYPES[self.kind]


_SQL_TYPES = {
    Kind.TEXT: "VARCHAR",
    Kind.TIMESTAMP: "TIMESTAMP",
    Kind.DATE: "DATE",
    Kind.MONTH: "DATE",
    Kind.DECIMAL: "DOUBLE",
    Kind.INTEGER: "BIGINT",
    Kind.ENUM: "VARCHAR",
    Kind.KELURAHAN: "VARCHAR",
    Kind.KECAMATAN: "VARCHAR",
    Kind.OPD: "VARCHAR",
    Kind.CATEGORY: "VARCHAR",
    Kind.METRIC: "VARCHAR",
    Kind.LATITUDE: "DOUBLE",
    Kind.LONGITUDE: "DOUBLE",
}


@dataclass(frozen=True)
class RequiredWhen:
    """`column` must be filled when `other` holds one of `values`."""

    column: str
    other: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class EmptyUnless:
    """`column` must be empty unless `other` holds one of `values`."""

    column: str
    other: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class NotBefore:
    """`column` may not be earlier than `other`."""

    column: str
    other: str


@dataclass(frozen=True)
class WarnAbove:
    """A warning (not an error) when `column` exceeds `other`."""

    column: str
    other: str


@dataclass(frozen=True)
class Together:
    """Both columns filled or both empty."""

    first: str
    second: str


@dataclass(frozen=True)
class PercentOnlyWhen:
    """Cells of `columns` shown as a percentage are allowed only where `other` holds `value`."""

    columns: tuple[str, ...]
    other: str
    value: str


@dataclass(frozen=True)
class FromCatalogue:
    """An empty `column` takes the value of the same field in the metric catalogue's row for `metric`."""

    column: str
    metric: str


@dataclass(frozen=True)
class AgreesWithCatalogue:
    """The metric catalogue's row for `metric` must name the value of `column` (reported on `metric`)."""

    column: str
    metric: str


Rule = RequiredWhen | EmptyUnless | NotBefore | WarnAbove | Together | PercentOnlyWhen | FromCatalogue | AgreesWithCatalogue


@dataclass(frozen=True)
class Contract:
    """The declaration of one source: its columns, key and cross-column rules."""

    name: str
    title_id: str
    title_en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    date_column: str  # the column that dates a row ("data up to", the weekly brief's "data missing or late")
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    # The one declaration of how fresh the data must be: the source is late on a day when its newest record (a
    # month counts to its last day) is more than this many days old. Read by the admin freshness page, "Perlu
    # perhatian", the source_stale alert and the weekly brief (binjai.queries.common.late_sources). 0 = none.
    cadence_days: int = 0
    example_column: str = ""  # the column whose CONTOH- value marks a template example row; default: the key's first

    def __post_init__(self) -> None:
        if not self.example_column:
            object.__setattr__(self, "example_column", self.key[0])
        if self.column(self.date_column).kind not in (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH):
            raise ValueError(f"{self.name}: date_column {self.date_column} is not a date column")
        named = {*self.key, self.example_column, *(name for rule in self.rules for name in _rule_columns(rule))}
        if not named <= set(self.column_names):
            raise ValueError(f"{self.name}: undeclared columns {sorted(named - set(self.column_names))}")

    @property
    def column_names(self) -> list[str]:
        """Canonical column names in declaration order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called `name`."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def header_lookup(self) -> dict[str, str]:
        """Normalised header (canonical name or alias) -> canonical column name."""
        lookup: dict[str, str] = {}
        for col in self.columns:
            for label in (col.name, *col.aliases):
                lookup[normalise_header(label)] = col.name
        return lookup


def _rule_columns(rule: Rule) -> list[str]:
    """The column names a rule refers to (its text fields; `values`/`value` hold cell values, not columns)."""
    names: list[str] = []
    for item in fields(rule):
        value = getattr(rule, item.name)
        if item.name == "columns":
            names += list(value)
        elif item.name not in ("values", "value"):
            names.append(value)
    return names


def normalise_header(label: object) -> str:
    """Header (and choice) comparison form: case, spaces and punctuation ignored ("No. Laporan" == "no_laporan")."""
    text = str(label).replace("\ufeff", "").strip().lower()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")
