"""The upload flow without Streamlit: check a file (read, validate, preview), commit it, list and undo batches.

The page calls these; they use the same ETL functions as the command line (parsing, validation, warehouse).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from binjai import auth, fmt
from binjai import db as reader
from binjai.errors import UserFacingError
from binjai.i18n import t
from data_sources import get_contract
from data_sources.contract import Contract, Kind
from etl import alerts, parsing, warehouse
from etl.loading import sha256
from etl.validate import Problem, Validation, validate_raw

PREVIEW_ROWS = 200
UNDO_WINDOW = dt.timedelta(hours=24)
STEP_SHARE = {"read": 0.05, "validate": 0.35, "preview": 0.75, "done": 1.0}
BATCH_COLUMNS = ("batch_id", "source", "file_name", "user_name", "loaded_at", "rows_read", "rows_inserted",
                 "rows_updated", "rows_unchanged", "state", "is_sample", "undone_at", "undone_by")
_NUMBER_KINDS = (Kind.DECIMAL, Kind.LATITUDE, Kind.LONGITUDE)


class UploadError(UserFacingError):
    """A refused upload action."""


@dataclass
class Checked:
    """One uploaded file after reading, validation and (when valid) the preview of its changes."""

    source: str
    file_name: str
    sha256: str
    size: int
    validation: Validation
    preview: warehouse.Preview | None = None
    previous: pd.DataFrame = field(default_factory=pd.DataFrame)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the file may be committed."""
        return self.validation.ok and self.preview is not None

    @property
    def counts(self) -> dict[str, int]:
        """New, updated and unchanged rows of the preview."""
        if self.preview is None:
            return {"new": 0, "updated": 0, "unchanged": 0}
        return {"new": len(self.preview.new), "updated": len(self.preview.updated),
                "unchanged": int(self.preview.unchanged)}


def wib_now() -> dt.datetime:
    """The current wall time in Binjai (WIB), naive, as load_batches stores it."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).replace(tzinfo=None)


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def uploader_css(lang: str, max_mb: int) -> str:
    """CSS that shows the file chooser's built-in English button and size note in `lang` (our strings, no data)."""
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    note = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    choose = _css_text(t("upload.choose_file", lang))
    limit = _css_text(t("upload.drop_note", lang, mb=fmt.number(max_mb, lang=lang)))
    return (f'{button}, {note} {{ font-size: 0; }} '
            f'{button}::after {{ content: "{choose}"; font-size: 0.875rem; }} '
            f'{note}::after {{ content: "{limit}"; font-size: 0.875rem; }}')


def source_label(source: str, lang: str) -> str:
    """`Aduan e-Mas (e_mas)`: the source's title in `lang` with its code."""
    contract = get_contract(source)
    return f"{contract.title_id if lang == 'id' else contract.title_en} ({source})"


def check_file(db: Path, source: str, data: bytes, file_name: str, *, max_bytes: int | None = None,
               on_step: Callable[[str], None] | None = None) -> Checked:
    """Read, validate and preview a file for `source`; nothing is written. Bad input never raises."""
    started = time.perf_counter()
    step = on_step or (lambda _name: None)
    step("read")
    try:
        raw = parsing.read_table(data, file_name, preferred_sheet=source, max_bytes=max_bytes)
    except parsing.ReadError as err:
        validation = Validation(source, None, [Problem(err.key, params=err.params)], [])
    else:
        step("validate")
        validation = validate_raw(get_contract(source), raw)
    checked = Checked(source, Path(file_name).name, sha256(data), len(data), validation)
    if validation.ok:
        step("preview")
        checked.preview = warehouse.preview(db, source, validation.frame)
        checked.previous = previous_rows(db, source, checked.preview.updated.head(PREVIEW_ROWS))
    step("done")
    checked.seconds = time.perf_counter() - started
    return checked


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe identifier {name!r}")
    return f'"{name}"'


def previous_rows(db: Path, source: str, updated: pd.DataFrame) -> pd.DataFrame:
    """The rows now in the warehouse for the keys of `updated` (their values before the upload)."""
    contract = get_contract(source)
    if updated.empty or not Path(db).exists():
        return pd.DataFrame(columns=contract.column_names)
    keys = updated[list(contract.key)].reset_index(drop=True)
    match = " AND ".join(f"c.{_quote(k)} IS NOT DISTINCT FROM w.{_quote(k)}" for k in contract.key)
    return reader.warehouse(Path(db)).query(
        f"SELECT c.* FROM {_quote(contract.name)} c SEMI JOIN wanted w ON {match}", frames={"wanted": keys})


def commit(db: Path, checked: Checked, user: Mapping) -> warehouse.LoadResult:
    """Write a checked file as one batch, after checking again that `user` may write its source."""
    if not auth.may_write(user, checked.source):
        raise UploadError("upload.not_allowed", source=checked.source)
    if not checked.ok:
        raise UploadError("upload.not_valid")
    return warehouse.load_frame(db, checked.source, checked.validation.frame, file_name=checked.file_name,
                                sha256=checked.sha256, user=str(user["name"]),
                                rows_read=checked.validation.rows_read)


def may_undo(batch: Mapping, user: Mapping | None, now: dt.datetime) -> bool:
    """Admins may undo any committed batch; staff their own batches of their sources within 24 hours."""
    if not user or batch["state"] != "committed":
        return False
    if user.get("role") == "admin":
        return True
    loaded_at = pd.Timestamp(batch["loaded_at"]).to_pydatetime()
    return (user.get("role") == "staff" and batch["user_name"] == user.get("name")
            and auth.may_write(user, str(batch["source"])) and dt.timedelta(0) <= now - loaded_at <= UNDO_WINDOW)


def undo(db: Path, batch_id: int, user: Mapping, now: dt.datetime | None = None) -> dict:
    """Undo a batch when `user` may; the source returns exactly to its state before it."""
    if not Path(db).exists():
        raise UploadError("rollback.unknown", batch_id=batch_id)
    found = reader.warehouse(Path(db)).query(
        f"SELECT {', '.join(BATCH_COLUMNS)} FROM load_batches WHERE batch_id = ?", [batch_id])
    if found.empty:
        raise UploadError("rollback.unknown", batch_id=batch_id)
    if not may_undo(found.iloc[0], user, now or wib_now()):
        raise UploadError("upload.undo_not_allowed", batch_id=batch_id)
    done = warehouse.rollback(db, batch_id, str(user["name"]))
    alerts.after_change(db, batch_id, alerts.UNDO)
    return done


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
        t("upload.batch_label", lang, batch=int(row["batch_id"])), source_label(row["source"], lang),
        str(row["file_name"]), fmt.datetime(row["loaded_at"], lang))) for _, row in frame.iterrows()
        if may_undo(row, user, now)}


HISTORY_COUNTS = {"new": "rows_inserted", "updated": "rows_updated"}


def _state_text(row: Mapping, lang: str) -> str:
    if row["state"] == "committed":
        return t("upload.state_committed", lang)
    return t("upload.state_undone", lang, user=row["undone_by"] or "-")


def history_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Batches as display text: labelled columns, Indonesian numbers and dates, and the batch's state."""
    rows = []
    for _, row in frame.iterrows():
        contract = get_contract(row["source"])
        entry = {
            t("upload.h_batch", lang): str(int(row["batch_id"])),
            t("upload.h_source", lang): contract.title_id if lang == "id" else contract.title_en,
            t("upload.h_file", lang): str(row["file_name"]),
            t("upload.h_user", lang): str(row["user_name"]),
            t("upload.h_when", lang): fmt.datetime(row["loaded_at"], lang),
        }
        for key, column in HISTORY_COUNTS.items():
            entry[t(f"upload.h_{key}", lang)] = fmt.number(row[column], lang=lang)
        entry[t("upload.h_state", lang)] = _state_text(row, lang)
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
    before = {_key_of(row, contract): row for _, row in checked.previous.iterrows()}
    labels = [t("report.h_column", lang), t("upload.h_old", lang), t("upload.h_new_value", lang)]
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
            t("upload.h_count", lang): fmt.number(len(problems), lang=lang),
            t("upload.h_rows", lang): ", ".join(first_rows) + (f" … (+{fmt.number(more, lang=lang)})" if more > 0 and first_rows else ""),
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
