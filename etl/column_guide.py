"""The column guide (upload page, the templates' guide sheet, docs/contracts.md), written from the declarations:
every limit, allowed value, date range and rule comes from the contract, never from hand-written text."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from binjai import reference
from binjai.i18n import t
from data_sources.contract import (
    EARLIEST_DATE,
    FUTURE_DAYS,
    AgreesWithCatalogue,
    Column,
    Contract,
    EmptyUnless,
    FromCatalogue,
    Kind,
    NotBefore,
    PercentOnlyWhen,
    RequiredWhen,
    Rule,
    Together,
    WarnAbove,
)
from etl.validation.messages import figure

GUIDE_COLUMNS = ("column", "required", "rules", "values", "description", "example", "aliases")
_TEMPORAL = (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH)
_Said = tuple[str, str, dict]  # (column, guide key, parameters)


def rule_lines(rule: Rule) -> Iterator[_Said]:
    """What a declared rule says about each column it constrains (every rule type says something)."""
    if isinstance(rule, Together):
        yield rule.first, "together", {"other": rule.second}
        yield rule.second, "together", {"other": rule.first}
    elif isinstance(rule, (NotBefore, WarnAbove)):
        yield rule.column, "not_before" if isinstance(rule, NotBefore) else "warn_above", {"other": rule.other}
    elif isinstance(rule, (RequiredWhen, EmptyUnless)):
        key = "required_when" if isinstance(rule, RequiredWhen) else "empty_unless"
        yield rule.column, key, {"other": rule.other, "values": ", ".join(rule.values)}
    elif isinstance(rule, PercentOnlyWhen):
        for column in rule.columns:
            yield column, "percent_only_when", {"other": rule.other, "value": rule.value}
    elif isinstance(rule, FromCatalogue):
        yield rule.column, "from_catalogue", {}
    elif isinstance(rule, AgreesWithCatalogue):
        yield rule.metric, "agrees_catalogue", {"other": rule.column}


_REFERENCE_LINES: dict[Kind, Callable[[], tuple[str, dict]]] = {
    Kind.KELURAHAN: lambda: ("kelurahan", {"count": len(reference.kelurahan())}),
    Kind.KECAMATAN: lambda: ("kecamatan", {"count": len(reference.kecamatan_names())}),
    Kind.OPD: lambda: ("opd", {}),
    Kind.CATEGORY: lambda: ("category", {}),
    Kind.METRIC: lambda: ("metric", {}),
}


def _column_lines(contract: Contract, col: Column) -> Iterator[tuple[str, dict]]:
    """What the column's own declaration says: key, dates, range, whole numbers, percentages, length, lists."""
    if col.name in contract.key:
        others = [name for name in contract.key if name != col.name]
        yield ("unique_with", {"other": ", ".join(others)}) if others else ("unique", {})
    if col.kind in _TEMPORAL:
        yield ("dates_planned", {"earliest": EARLIEST_DATE}) if col.future_ok else \
            ("dates", {"earliest": EARLIEST_DATE, "days": FUTURE_DAYS})
    if col.kind is Kind.MONTH:
        yield "month_format", {}
    if col.minimum is not None and col.maximum is not None:
        yield "range", {"low": float(col.minimum), "high": float(col.maximum)}
    elif col.minimum is not None:
        yield "minimum", {"low": float(col.minimum)}
    elif col.maximum is not None:
        yield "maximum", {"high": float(col.maximum)}
    if col.kind is Kind.INTEGER:
        yield "integer", {}
    if col.percent_ok:
        yield "percent", {}
    if col.max_chars:
        yield "max_chars", {"limit": float(col.max_chars)}
    if col.default is not None:
        yield "default", {"value": col.default}
    if col.kind in _REFERENCE_LINES:
        yield _REFERENCE_LINES[col.kind]()
    if col.kind is Kind.KECAMATAN and any(c.kind is Kind.KELURAHAN for c in contract.columns):
        yield "agrees_kelurahan", {}


def rules_text(contract: Contract, col: Column, lang: str) -> str:
    """Every limit and rule on `col`, generated from the declarations, in `lang`."""
    said = [(key, params) for key, params in _column_lines(contract, col)]
    said += [(key, params) for rule in contract.rules for column, key, params in rule_lines(rule) if column == col.name]
    return "; ".join(t(f"guide.{key}", lang, **{k: figure(v, lang) for k, v in params.items()}) for key, params in said)


def column_guide(contract: Contract, lang: str = "id") -> pd.DataFrame:
    """One row per column: name, required, rules, allowed values, description, example and accepted aliases."""
    rows = []
    for col in contract.columns:
        allowed = ", ".join(c.value if lang == "id" or c.english == c.value else f"{c.value} ({c.english})"
                            for c in col.choices)
        rows.append((col.name, t("guide.yes" if col.required else "guide.no", lang), rules_text(contract, col, lang),
                     allowed, col.doc_id if lang == "id" else col.doc_en, col.example, ", ".join(col.aliases)))
    return pd.DataFrame(rows, columns=[t(f"guide.h_{name}", lang) for name in GUIDE_COLUMNS])
