"""Display helpers of the upload page (labels, history, preview and error tables) without Streamlit.

Checking, committing and undoing a file are in etl.loading, the one load path shared with the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from binjai import auth, fmt
from binjai import db as reader
from binjai.i18n import t
from data_sources import get_contract
from data_sources.contract import Contract, Kind
from etl.loading import PREVIEW_ROWS, Checked, may_undo
from etl.validate import Problem, Validation

STEP_SHARE = {"read": 0.05, "validate": 0.35, "preview": 0.75, "done": 1.0}
BATCH_COLUMNS = ("batch_id", "source", "file_name", "user_name", "loaded_at", "rows_read", "rows_inserted",
                 "rows_updated", "rows_unchanged", "state", "is_sample", "undone_at", "undone_by")
_NUMBER_KINDS = (Kind.DECIMAL, Kind.LATITUDE, Kind.LONGITUDE)


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def uploader_css(lang: str, max_mb: int) -> str:
    """CSS that shows the file chooser's built-in English button and size note in `lang` (our strings, no data)."""
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    note = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    choose = _css_text(t("unggah.choose_file", lang))
    limit = _css_text(t("unggah.drop_note", lang, mb=fmt.number(max_mb, lang=lang)))
    refused = _css_text(t("unggah.refused_in_browser", lang, mb=fmt.number(max_mb, lang=lang)))
    # The browser's own refusal (file too large) is English: hide it and say it in `lang` under the file.
    return (f'{button}, {note} {{ font-size: 0; }} '
            f'{button}::after {{ content: "{choose}"; font-size: 0.875rem; }} '
            f'{note}::after {{ content: "{limit}"; font-size: 0.875rem; }} '
            '[data-testid="stFileChip"] [role="alert"], [data-testid="stTooltipErrorContent"] { display: none; } '
            '[data-testid="stFileUploaderDropzone"]:has([data-testid="stFileChip"][aria-invalid="true"])::after '
            f'{{ content: "{refused}"; display: block; color: #a4161a; font-size: 0.95rem; padding: 0.4rem 0.75rem; }}')


def source_label(source: str, lang: str) -> str:
    """`Aduan e-Mas (e_mas)`: the source's title in `lang` with its code."""
    contract = get_contract(source)
    return f"{contract.title_id if lang == 'id' else contract.title_en} ({source})"


def batches(wh: reader.Warehouse, sources: tuple[str, ...], limit: int = 200) -> pd.DataFrame:
    """The newest batches of `sources`, newest first."""
    return wh.query(
        f"SELECT {', '.join(BATCH_COLUMNS)} FROM load_batches WHERE list_contains(?, source) "
        "ORDER BY batch_id DESC LIMIT ?", [list(sources), limit])


def batch_row(frame: pd.DataFrame, batch_id: int) -> pd.Series:
    """The row of `batch_id` in a frame from `batches`."""
    return frame.loc[frame["batch_id"] == batch_id].iloc[0]


def undo_choices(frame: pd.DataFrame, user: Mapping | None, now: dt.datetime, lang: str) -> dict[int, str]:
    """The batches in `frame` that `user` may undo now: id -> `Batch 12 · Aduan e-Mas (e_mas) · file · when`."""
    return {int(row["batch_id"]): " · ".join((
        t("unggah.batch_label", lang, batch=int(row["batch_id"])), source_label(row["source"], lang),
        str(row["file_name"]), fmt.datetime(row["loaded_at"], lang))) for _, row in frame.iterrows()
        if may_undo(row, user, now)}


HISTORY_COUNTS = {"new": "rows_inserted", "updated": "rows_updated"}


def _state_text(row: Mapping, lang: str) -> str:
    if row["state"] == "committed":
        return t("unggah.state_committed", lang)
    return t("unggah.state_undone", lang, user=row["undone_by"] or "-")


def history_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Batches as display text: labelled columns, Indonesian numbers and dates, and the batch's state."""
    rows = []
    for _, row in frame.iterrows():
        contract = get_contract(row["source"])
        entry = {
            t("unggah.h_batch", lang): str(int(row["batch_id"])),
            t("unggah.h_source", lang): contract.title_id if lang == "id" else contract.title_en,
            t("unggah.h_file", lang): str(row["file_name"]),
            t("unggah.h_user", lang): str(row["user_name"]),
            t("unggah.h_when", lang): fmt.datetime(row["loaded_at"], lang),
        }
        for key, column in HISTORY_COUNTS.items():
            entry[t(f"unggah.h_{key}", lang)] = fmt.number(row[column], lang=lang)
        entry[t("unggah.h_state", lang)] = _state_text(row, lang)
        rows.append(entry)
    return pd.DataFrame(rows)


def _decimals(value: float) -> int:
    text = f"{abs(value):.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def display_value(value: object, kind: Kind, lang: str) -> str:
    """One stored value as text for a preview: Indonesian numbers and dates, empty when missing."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind is Kind.TIMESTAMP:
        stamp = pd.Timestamp(value)
        return fmt.datetime(stamp, lang) + (f":{stamp:%S}" if stamp.second else "")
    if kind is Kind.DATE:
        return fmt.date(value, lang)
    if kind is Kind.MONTH:
        return fmt.month(value, lang)
    if kind in _NUMBER_KINDS:
        return fmt.number(value, _decimals(float(value)), lang)
    if kind is Kind.INTEGER:
        return fmt.number(value, 0, lang)
    return str(value)


def rows_view(frame: pd.DataFrame, source: str, lang: str, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first `limit` rows of a canonical frame as display text (canonical column names, as in the template)."""
    contract = get_contract(source)
    head = frame.head(limit)
    return pd.DataFrame({col.name: [display_value(v, col.kind, lang) for v in head[col.name]]
                         for col in contract.columns})


def _key_of(row: Mapping, contract: Contract) -> tuple:
    return tuple(None if pd.isna(row[k]) else row[k] for k in contract.key)


def changes_view(checked: Checked, lang: str, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """Updated rows, one line per changed field: the key, the column, the stored value and the new value."""
    contract = get_contract(checked.source)
    updated = checked.preview.updated.head(limit) if checked.preview is not None else pd.DataFrame()
    previous = checked.preview.previous if checked.preview is not None else pd.DataFrame()
    before = {_key_of(row, contract): row for _, row in previous.iterrows()}
    labels = [t("report.h_column", lang), t("unggah.h_old", lang), t("unggah.h_new_value", lang)]
    out = []
    for _, row in updated.iterrows():
        old = before.get(_key_of(row, contract), {})
        key = {k: display_value(row[k], contract.column(k).kind, lang) for k in contract.key}
        for name in [f.strip() for f in str(row["changed_fields"]).split(",") if f.strip()]:
            kind = contract.column(name).kind
            values = (name, display_value(old.get(name), kind, lang), display_value(row[name], kind, lang))
            out.append(key | dict(zip(labels, values, strict=True)))
    return pd.DataFrame(out, columns=[*contract.key, *labels])


def error_summary(validation: Validation, lang: str) -> pd.DataFrame:
    """Errors grouped by column and reason: how many, the first rows, and the reason in `lang`."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in validation.errors:
        groups.setdefault((problem.column or "", problem.key), []).append(problem)
    rows = []
    for (column, _), problems in sorted(groups.items(), key=lambda item: -len(item[1])):
        first_rows = [str(p.row) for p in problems[:5] if p.row is not None]
        more = len(problems) - len(first_rows)
        rows.append({
            t("report.h_column", lang): column or "–",
            t("unggah.h_count", lang): fmt.number(len(problems), lang=lang),
            t("unggah.h_rows", lang): ", ".join(first_rows) + (f" … (+{fmt.number(more, lang=lang)})" if more > 0 and first_rows else ""),
            t("report.h_reason", lang): problems[0].reason(lang),
        })
    return pd.DataFrame(rows)


def accounts_view(accounts: Iterable[auth.Account], lang: str) -> pd.DataFrame:
    """The user list for administrators (never the hashes)."""
    rows = []
    for account in sorted(accounts, key=lambda a: a.name):
        rights = t("auth.all_sources", lang) if account.role == "admin" else ", ".join(account.sources) or "–"
        rows.append({
            t("auth.col_name", lang): account.name,
            t("auth.col_display_name", lang): account.display_name,
            t("auth.col_role", lang): t(f"auth.role_{account.role}", lang),
            t("auth.col_opd", lang): account.opd or "–",
            t("auth.col_sources", lang): rights,
            t("auth.col_status", lang): t("auth.status_disabled" if account.disabled else "auth.status_active", lang),
        })
    return pd.DataFrame(rows)
