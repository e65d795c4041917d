"""Rows: the contract's declared cross-column rules, template example rows and unique keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from data_sources.contract import (
    AgreesWithCatalogue,
    Contract,
    EmptyUnless,
    FromCatalogue,
    NotBefore,
    PercentOnlyWhen,
    RequiredWhen,
    Rule,
    Together,
    WarnAbove,
)
from etl.validation.geography import check_coordinates, check_places
from etl.validation.messages import Problem, Reporter, cell_text
from etl.validation.references import check_catalogue, fill_from_catalogue

EXAMPLE_PREFIX = "CONTOH-"


@dataclass
class RowCheck:
    """The typed frame, its bad cells, where to report and which cells were shown as percentages."""

    typed: pd.DataFrame
    bad: pd.DataFrame
    report: Reporter
    warnings: list[Problem]
    percent: dict[str, pd.Series]

    def label(self, column: str) -> str:
        """The column as the file named it."""
        return self.report.labels.get(column, column)


def _together(rule: Together, c: RowCheck) -> None:
    a_missing, b_missing = c.typed[rule.first].isna(), c.typed[rule.second].isna()
    skip = c.bad[rule.first] | c.bad[rule.second]
    c.report.mask(a_missing & ~b_missing & ~skip, rule.second, "check.together", other=rule.first)
    c.report.mask(b_missing & ~a_missing & ~skip, rule.first, "check.together", other=rule.second)


def _not_before(rule: NotBefore, c: RowCheck) -> None:
    early = (c.typed[rule.column] < c.typed[rule.other]) & ~c.bad[rule.column] & ~c.bad[rule.other]
    c.report.mask(early, rule.column, "check.not_before", other=c.label(rule.other))


def _required_when(rule: RequiredWhen, c: RowCheck) -> None:
    needed = c.typed[rule.other].isin(rule.values) & c.typed[rule.column].isna() & ~c.bad[rule.column]
    c.report.mask(needed, rule.column, "check.required_when", other=rule.other, values=", ".join(rule.values))


def _empty_unless(rule: EmptyUnless, c: RowCheck) -> None:
    other = c.typed[rule.other]
    stray = c.typed[rule.column].notna() & ~other.isin(rule.values) & other.notna()
    c.report.mask(stray, rule.column, "check.empty_unless", other=rule.other, values=", ".join(rule.values))


def _warn_above(rule: WarnAbove, c: RowCheck) -> None:
    c.report.mask(c.typed[rule.column] > c.typed[rule.other], rule.column, "check.above", into=c.warnings,
                  other=c.label(rule.other))


def _percent_only_when(rule: PercentOnlyWhen, c: RowCheck) -> None:
    other = c.typed[rule.other]
    for column in rule.columns:
        if column not in c.percent:
            continue
        wrong = c.percent[column] & other.notna() & (other != rule.value) & ~c.bad[column]
        for row in wrong.index[wrong.to_numpy(dtype=bool)]:
            c.report.one(row, column, "check.percent_only_when", other=c.label(rule.other), value=rule.value,
                         found=other.at[row])
        c.bad[column] |= wrong


# One check per rule type (a new type in data_sources.contract needs its check here; tests/test_validate.py asks).
CHECKS: dict[type, Callable] = {
    Together: _together, NotBefore: _not_before, RequiredWhen: _required_when, EmptyUnless: _empty_unless,
    WarnAbove: _warn_above, PercentOnlyWhen: _percent_only_when,
    AgreesWithCatalogue: lambda rule, c: check_catalogue(rule, c.typed, c.bad, c.report),
    FromCatalogue: lambda rule, c: None,  # a fill, applied before every check (fill_declared)
}


def fill_declared(contract: Contract, typed: pd.DataFrame) -> None:
    """Values the contract fills in before any check (from the metric catalogue)."""
    for rule in contract.rules:
        if isinstance(rule, FromCatalogue):
            fill_from_catalogue(rule, typed)


def check_rules(contract: Contract, typed: pd.DataFrame, errors: list[Problem], warnings: list[Problem], *,
                bad: pd.DataFrame | None = None, labels: dict[str, str] | None = None,
                cells: dict[str, pd.Series] | None = None, percent: dict[str, pd.Series] | None = None) -> None:
    """The declared rules, place agreement, coordinates and duplicate keys on a typed frame."""
    bad = bad if bad is not None else pd.DataFrame(False, index=typed.index, columns=typed.columns)
    report = Reporter(errors, labels or {}, cells or {}, typed)
    check = RowCheck(typed, bad, report, warnings, percent or {})
    fill_declared(contract, typed)
    for rule in contract.rules:
        run: Callable[[Rule, RowCheck], None] = CHECKS[type(rule)]
        run(rule, check)
    check_places(contract, typed, bad, report)
    check_coordinates(contract, typed, bad, report)
    check_examples(contract, typed, report)
    check_keys(contract, typed, report)


def check_examples(contract: Contract, typed: pd.DataFrame, report: Reporter) -> None:
    """Template example rows (marked CONTOH-) are refused: they must never overwrite real records."""
    marks = typed[contract.example_column]
    example = marks.notna() & marks.astype("str").str.upper().str.startswith(EXAMPLE_PREFIX)
    report.mask(example, contract.example_column, "check.example_row")


def check_keys(contract: Contract, typed: pd.DataFrame, report: Reporter) -> None:
    """A key appears once in a file; each repeat names the row that has it first."""
    keys = typed[list(contract.key)]
    duplicated = keys.duplicated(keep=False) & keys.notna().all(axis=1)
    if not duplicated.any():
        return
    dupes = keys[duplicated]
    first_row = pd.Series(dupes.index, index=dupes.index).groupby([dupes[c] for c in contract.key]).transform("min")
    column = report.labels.get(contract.key[0], contract.key[0])
    for row, first in first_row.items():
        if row != first:
            report.errors.append(Problem("check.duplicate_key", row=int(row), column=column,
                                         value=" / ".join(cell_text(v) or "" for v in keys.loc[row]),
                                         params={"other": int(first)}))
