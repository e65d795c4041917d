"""References: kelurahan, kecamatan, OPD, category and metric cells looked up in the administrator's lists,
and the declared rules that read the metric catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from binjai import reference
from data_sources.contract import AgreesWithCatalogue, FromCatalogue, Kind
from etl.validation.messages import Reporter


@dataclass(frozen=True)
class Lookup:
    """How cells of one reference-backed kind are found: the lookup, the error key and suggestion candidates."""

    table: dict[str, str]
    key: str
    candidates: list[str]

    def find(self, text: str) -> str | None:
        """The canonical name for `text`, None when it is not in the list."""
        return self.table.get(reference.normalise_name(text))

    def suggest(self, text: str) -> str | None:
        """The closest listed name to a misspelt `text`."""
        return reference.suggest(text, self.candidates)


def _kelurahan() -> Lookup:
    table = {key: name for key, (name, _kec) in reference.kelurahan_lookup().items()}
    return Lookup(table, "check.kelurahan", reference.kelurahan()["kelurahan"].tolist())


def _metric() -> Lookup:
    codes = reference.metric_catalogue()["metric"].tolist()
    return Lookup({reference.normalise_name(c): c for c in codes}, "check.metric", codes)


_LOOKUPS: dict[Kind, Callable[[], Lookup]] = {
    Kind.KELURAHAN: _kelurahan,
    Kind.KECAMATAN: lambda: Lookup(reference.kecamatan_lookup(), "check.kecamatan", reference.kecamatan_names()),
    Kind.OPD: lambda: Lookup(reference.opd_lookup(), "check.opd", reference.opd()["opd"].tolist()),
    Kind.CATEGORY: lambda: Lookup(reference.category_lookup(), "check.category",
                                  reference.categories()["category"].tolist()),
    Kind.METRIC: _metric,
}


def lookup_for(kind: Kind) -> Lookup:
    """The lookup of a reference-backed column kind."""
    return _LOOKUPS[kind]()


def _catalogue_field(typed: pd.DataFrame, metric: str, field: str) -> pd.Series:
    """Per row, the metric catalogue's `field` for the row's metric (NaN for an unknown metric)."""
    return typed[metric].map(reference.metric_catalogue().set_index("metric")[field])


def fill_from_catalogue(rule: FromCatalogue, typed: pd.DataFrame) -> None:
    """Empty cells of `rule.column` take the catalogue's value for the row's metric."""
    column = typed[rule.column]
    typed[rule.column] = column.where(column.notna(), _catalogue_field(typed, rule.metric, rule.column)).astype(object)


def check_catalogue(rule: AgreesWithCatalogue, typed: pd.DataFrame, bad: pd.DataFrame, report: Reporter) -> None:
    """The catalogue's row of each metric must name the row's `rule.column` value."""
    expected = _catalogue_field(typed, rule.metric, rule.column)
    wrong = expected.notna() & typed[rule.column].notna() & (expected != typed[rule.column]) & ~bad[rule.column]
    for row in wrong.index[wrong.to_numpy(dtype=bool)]:
        report.one(row, rule.metric, "check.catalogue", other=report.labels.get(rule.column, rule.column),
                   expected=expected.at[row])
