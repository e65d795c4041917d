"""Downloadable templates and the column guide, generated from the contracts.

Example rows carry numbers starting `CONTOH-` that the loader refuses, so an untouched template can never
overwrite real records.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from binjai import reference
from data_sources import get_contract
from data_sources.contract import Column, Contract, Kind
from etl import parsing
from etl.validate import EXAMPLE_PREFIX, column_label, example_column

_SEPARATOR = {"id": ";", "en": ","}
_LIST_SHEET = "daftar"
_VALIDATED_ROWS = 5000
_DATE_FORMATS = {Kind.TIMESTAMP: "DD/MM/YYYY HH:MM", Kind.DATE: "DD/MM/YYYY", Kind.MONTH: "MMMM YYYY"}
_NUMBER_FORMATS = {Kind.INTEGER: "#,##0", Kind.DECIMAL: "General", Kind.LATITUDE: "0.0000", Kind.LONGITUDE: "0.0000"}


def _english_number(example: str) -> str:
    """`1.250.000,5` -> `1,250,000.5` for English-style templates."""
    if re.fullmatch(r"(Rp )?[\d.]+(,\d+)?", example):
        return example.replace(".", "\0").replace(",", ".").replace("\0", ",")
    return example


def example_values(contract: Contract) -> list[str]:
    """The example row as Indonesian text, its record number (or unit, for metrics) marked `CONTOH-`."""
    marked = example_column(contract)
    return [f"{EXAMPLE_PREFIX}{c.example}" if c.name == marked else c.example for c in contract.columns]


def template_csv(source: str, lang: str = "id") -> str:
    """A CSV with the canonical header and one example row (`;` and comma decimals in Bahasa Indonesia)."""
    contract = get_contract(source)
    examples = example_values(contract)
    if lang != "id":
        examples = [_english_number(value) for value in examples]
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


def _closed_set(col: Column) -> list[str]:
    """The allowed values of a column with a closed set (drop-down), or [] for free input."""
    if col.choices:
        return [choice.value for choice in col.choices]
    lists = {
        Kind.KELURAHAN: lambda: reference.kelurahan()["kelurahan"].tolist(),
        Kind.KECAMATAN: reference.kecamatan_names,
        Kind.OPD: lambda: reference.opd()["opd"].tolist(),
        Kind.CATEGORY: lambda: reference.categories()["category"].tolist(),
        Kind.METRIC: lambda: reference.metric_catalogue()["metric"].tolist(),
    }
    return list(lists[col.kind]()) if col.kind in lists else []


def _typed(col: Column, text: str) -> object:
    """An example cell as a typed spreadsheet value (date, number) or its text."""
    if not text:
        return None
    if col.kind in _DATE_FORMATS:
        value = parsing.parse_month(pd.Series([text])) if col.kind is Kind.MONTH else \
            parsing.parse_timestamp(pd.Series([text]))
        return value.iloc[0].to_pydatetime() if pd.notna(value.iloc[0]) else text
    if col.kind in _NUMBER_FORMATS:
        number = parsing.parse_decimal(pd.Series([text]), "comma").iloc[0]
        return text if pd.isna(number) else (int(number) if col.kind is Kind.INTEGER else float(number))
    return text


def template_xlsx(source: str, lang: str = "id") -> bytes:
    """An XLSX: a data sheet named after the source (labelled header, typed example, drop-downs), a guide sheet."""
    contract = get_contract(source)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = source
    lists = workbook.create_sheet(_LIST_SHEET)
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    example_fill = PatternFill("solid", fgColor="FFF2CC")
    for position, (col, text) in enumerate(zip(contract.columns, example_values(contract), strict=True), start=1):
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position, value=column_label(source, col.name, lang))
        header.font = bold
        cell = sheet.cell(row=2, column=position, value=_typed(col, text))
        cell.fill = example_fill
        number_format = "#,##0" if col.name.endswith("_idr") else \
            _DATE_FORMATS.get(col.kind) or _NUMBER_FORMATS.get(col.kind) or "@"  # "@": typed as text
        cell.number_format = sheet.column_dimensions[letter].number_format = number_format
        sheet.column_dimensions[letter].width = min(max(len(str(header.value)), len(text), 10) + 3, 45)
        choices = _closed_set(col)
        if choices:
            for row, choice in enumerate(choices, start=1):
                lists.cell(row=row, column=position, value=choice)
            validation = DataValidation(
                type="list", allow_blank=not col.required, showErrorMessage=True,
                formula1=f"{quote_sheetname(_LIST_SHEET)}!${letter}$1:${letter}${len(choices)}",
            )
            validation.add(f"{letter}2:{letter}{_VALIDATED_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    guide = column_guide(contract, lang)
    guide_sheet = workbook.create_sheet("panduan" if lang == "id" else "guide")
    guide_sheet.append(list(guide.columns))
    for row in guide.itertuples(index=False):
        guide_sheet.append(list(row))
    for cell in guide_sheet[1]:
        cell.font = bold
    for position, width in enumerate((18, 8, 30, 40, 50, 22), start=1):
        guide_sheet.column_dimensions[get_column_letter(position)].width = width
    workbook.move_sheet(_LIST_SHEET, offset=1)
    out = io.BytesIO()
    workbook.save(out)
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


