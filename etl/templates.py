"""Downloadable templates and the column guide, generated from the contracts."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from data_sources import get_contract
from data_sources.contract import Contract

_SEPARATOR = {"id": ";", "en": ","}


def _english_number(example: str) -> str:
    """`1.250.000,5` -> `1,250,000.5` for English-style templates."""
    if re.fullmatch(r"(Rp )?[\d.]+(,\d+)?", example):
        return example.replace(".", "\0").replace(",", ".").replace("\0", ",")
    return example


def template_csv(source: str, lang: str = "id") -> str:
    """A CSV with the canonical header and one example row (`;` and comma decimals in Bahasa Indonesia)."""
    contract = get_contract(source)
    examples = [c.example if lang == "id" else _english_number(c.example) for c in contract.columns]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=_SEPARATOR[lang], lineterminator="\r\n")
    writer.writerow(contract.column_names)
    writer.writerow(examples)
    return out.getvalue()


def column_guide(contract: Contract, lang: str = "id") -> pd.DataFrame:
    """One row per column: name, required, accepted aliases, allowed values and the rule, in `lang`."""
    yes, no = ("ya", "tidak") if lang == "id" else ("yes", "no")
    rows = []
    for col in contract.columns:
        allowed = ", ".join(c.value if lang == "id" else f"{c.value} ({c.english})" for c in col.choices)
        rows.append({
            "kolom" if lang == "id" else "column": col.name,
            "wajib" if lang == "id" else "required": yes if col.required else no,
            "alias": ", ".join(col.aliases),
            "nilai" if lang == "id" else "values": allowed,
            "keterangan" if lang == "id" else "description": col.doc_id if lang == "id" else col.doc_en,
            "contoh" if lang == "id" else "example": col.example,
        })
    return pd.DataFrame(rows)


def template_xlsx(source: str, lang: str = "id") -> bytes:
    """An XLSX with a data sheet named after the source (header + example) and a column-guide sheet."""
    contract = get_contract(source)
    example = pd.DataFrame([[c.example for c in contract.columns]], columns=contract.column_names)
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        example.to_excel(writer, sheet_name=source, index=False)
        column_guide(contract, lang).to_excel(writer, sheet_name="panduan" if lang == "id" else "guide", index=False)
    return out.getvalue()


def docs_markdown(lang: str = "en") -> str:
    """The contracts as Markdown tables (for docs/contracts.md)."""
    from data_sources import CONTRACTS

    parts = []
    for contract in CONTRACTS.values():
        title = contract.title_id if lang == "id" else contract.title_en
        parts.append(f"## {contract.name}: {title} (key: {', '.join(contract.key)})\n")
        guide = column_guide(contract, lang)
        parts.append("| " + " | ".join(guide.columns) + " |")
        parts.append("|" + "---|" * len(guide.columns))
        for row in guide.itertuples(index=False):
            parts.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
        parts.append("")
    return "\n".join(parts)
