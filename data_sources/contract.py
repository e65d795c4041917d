"""Declarative contract types: one Contract per source drives validation, templates, docs and samples."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


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


Rule = RequiredWhen | EmptyUnless | NotBefore | WarnAbove | Together


@dataclass(frozen=True)
class Contract:
    """The declaration of one source: its columns, key and cross-column rules."""

    name: str
    title_id: str
    title_en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    cadence_days: int = 0  # a new upload is expected at least this often (days); 0 = no expectation

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


def normalise_header(label: object) -> str:
    """Header (and choice) comparison form: case-insensitive, BOM/space trimmed, spaces, underscores, hyphens equal."""
    text = str(label).replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s_\-]+", "_", text)
