"""Header row: which file column is which contract column (names, aliases, template labels in both languages)."""

from __future__ import annotations

from binjai import reference
from binjai.i18n import t
from data_sources.contract import Contract, normalise_header
from etl.validation.messages import Problem, cell_text


def column_label(source: str, column: str, lang: str) -> str:
    """The column's header label in the templates ("Nomor Aduan" for e_mas.complaint_id in Bahasa Indonesia)."""
    return t(f"tpl.{source}.{column}", lang)


def header_lookup(contract: Contract) -> dict[str, str]:
    """Header key -> canonical column: names, aliases and the templates' labels in both languages."""
    lookup = contract.header_lookup()
    for col in contract.columns:
        for lang in ("id", "en"):
            lookup.setdefault(normalise_header(column_label(contract.name, col.name, lang)), col.name)
    return lookup


def map_headers(contract: Contract, labels: list, errors: list[Problem], warnings: list[Problem]) -> dict[str, int]:
    """Canonical column -> position in the file; unknown, duplicate and missing columns reported."""
    lookup = header_lookup(contract)
    mapped: dict[str, int] = {}
    for position, label in enumerate(labels):
        text = cell_text(label) or ""
        if not text:
            continue
        canonical = lookup.get(normalise_header(text))
        if canonical is None:
            hint = reference.suggest(normalise_header(text), list(lookup))
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
