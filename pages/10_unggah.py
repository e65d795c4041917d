"""Unggah Data: staff choose a source, upload a file, read the validation report and preview, save, undo."""

import logging
from pathlib import Path

import streamlit as st

from binjai import auth, clock, fmt, settings, upload
from binjai.db import WarehouseUnavailable
from binjai.errors import UserFacingError
from binjai.ui import data, session
from binjai.ui.components import escape_markdown, export_buttons
from binjai.ui.pages import page
from binjai.ui.shell import setup_page, shell_params
from data_sources import SOURCE_NAMES, get_contract
from etl import loading, templates
from etl.marked_copy import marked_copy

LOG = logging.getLogger("binjai.pages.upload")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN_ERRORS = 1000

ctx = setup_page("unggah")
lang = ctx.lang
esc = escape_markdown
st.title(ctx.t("nav.unggah"))
user = session.current_user()
if not user or user["role"] not in auth.WRITER_ROLES:
    st.info(ctx.t("auth.account_gone" if session.account_gone() else "auth.staff_only"), icon=":material/lock:")
    st.page_link(page("masuk").path, label=ctx.t("nav.masuk"), icon=":material/login:",
                 query_params=shell_params(lang, ctx.filters))
    st.stop()
db = settings.warehouse_address()
max_mb = settings.max_upload_mb()


def flash(kind: str, text: str) -> None:
    """Show `text` after the next rerun (st.success / st.info / st.warning)."""
    st.session_state["upl_flash"] = (kind, text)


def show_flash() -> None:
    """The message left by the last save or undo."""
    message = st.session_state.pop("upl_flash", None)
    if message:
        getattr(st, message[0])(message[1])


def run_check(source: str, name: str, content: bytes, sheet: str | None = None) -> loading.Checked | None:
    """Read, validate and preview the file with a progress display; None after an unexpected failure."""
    with st.status(ctx.t("unggah.checking", file=esc(name)), expanded=True) as status:
        bar = st.progress(0.0)

        def on_step(step: str) -> None:
            bar.progress(upload.STEP_SHARE[step], text=ctx.t(f"unggah.step_{step}"))

        try:
            checked = loading.check_file(db, source, content, name, max_bytes=max_mb * 1024 * 1024, on_step=on_step,
                                         sheet=sheet)
        except UserFacingError as err:
            status.update(label=ctx.t(err.key, **err.params), state="error")
            return None
        except Exception:
            LOG.exception("checking upload %r for %s failed", name, source)
            status.update(label=ctx.t("unggah.unexpected"), state="error")
            return None
        seconds = fmt.number(checked.seconds, 1, lang)
        status.update(label=ctx.t("unggah.checked_ok" if checked.ok else "unggah.checked_bad", seconds=seconds),
                      state="complete" if checked.ok else "error", expanded=False)
    return checked


def show_errors(checked: loading.Checked, content: bytes) -> None:
    """Every error by row, column, value and reason, grouped summary first; downloadable."""
    validation = checked.validation
    located = any(problem.row is not None for problem in validation.errors)
    if not located:
        st.error(ctx.t("unggah.refused"), icon=":material/block:")
        for problem in validation.errors:
            st.error(esc(problem.describe(lang)))
        return
    st.error(ctx.t("unggah.rejected", count=fmt.number(len(validation.errors), lang=lang)), icon=":material/block:")
    st.markdown(f"**{ctx.t('unggah.summary')}**")
    st.dataframe(upload.error_summary(validation, lang), hide_index=True, width="stretch")
    st.markdown(f"**{ctx.t('unggah.all_errors')}**")
    table = validation.problems_table(lang)
    st.dataframe(table.head(MAX_SHOWN_ERRORS), hide_index=True, width="stretch")
    if len(table) > MAX_SHOWN_ERRORS:
        st.caption(ctx.t("unggah.more_errors", shown=fmt.number(MAX_SHOWN_ERRORS, lang=lang),
                         total=fmt.number(len(table), lang=lang)))
    export_buttons(table, ctx.t("unggah.errors_file", source=checked.source), lang, key="upl_errors")
    marked = marked_copy(validation, content, checked.file_name, lang)
    if marked is not None:
        st.download_button(ctx.t("unggah.marked_copy"), marked, f"{Path(checked.file_name).stem}_{ctx.t('unggah.marked_suffix')}.xlsx",
                           XLSX_MIME, key="upl_marked", icon=":material/format_color_fill:")
        st.caption(ctx.t("unggah.marked_copy_help"))


def show_rows(frame, total: int) -> None:
    """A preview table with a note when only the first rows of the file are shown."""
    if not total:
        st.caption(ctx.t("unggah.none_here"))
        return
    st.dataframe(frame, hide_index=True, width="stretch")
    if total > loading.PREVIEW_ROWS:
        st.caption(ctx.t("unggah.showing", shown=fmt.number(loading.PREVIEW_ROWS, lang=lang),
                         total=fmt.number(total, lang=lang)))


def show_preview(checked: loading.Checked) -> None:
    """New, updated and unchanged rows, then the confirm button."""
    counts = checked.counts
    st.subheader(ctx.t("unggah.preview"))
    for column, (key, label) in zip(st.columns(3), (("new", "tile_new"), ("updated", "tile_updated"),
                                                    ("unchanged", "tile_unchanged")), strict=True):
        column.metric(ctx.t(f"unggah.{label}"), fmt.number(counts[key], lang=lang), border=True)
    tab_new, tab_updated = st.tabs([ctx.t("unggah.tab_new", count=fmt.number(counts["new"], lang=lang)),
                                    ctx.t("unggah.tab_updated", count=fmt.number(counts["updated"], lang=lang))])
    with tab_new:
        show_rows(upload.rows_view(checked.preview.new, checked.source, lang), counts["new"])
    with tab_updated:
        show_rows(upload.changes_view(checked, lang), counts["updated"])
    changes = counts["new"] + counts["updated"]
    if not changes:
        st.info(ctx.t("unggah.nothing_to_change"), icon=":material/check_circle:")
        return
    label = ctx.t("unggah.confirm", rows=fmt.number(changes, lang=lang), source=upload.source_label(checked.source, lang))
    if st.button(label, type="primary", key="upl_confirm", icon=":material/save:"):
        save(checked)
    st.caption(ctx.t("unggah.confirm_note"))


def save(checked: loading.Checked) -> None:
    """Write the batch, then rerun so that the history and every figure show the new data."""
    with st.status(ctx.t("unggah.step_write"), expanded=True) as status:
        changes = checked.counts["new"] + checked.counts["updated"]
        st.caption(ctx.t("unggah.saving_detail", rows=fmt.number(changes, lang=lang)))
        try:
            result = loading.commit(db, checked, user)
        except UserFacingError as err:
            status.update(label=ctx.t(err.key, **err.params), state="error")
            return
        except Exception:
            LOG.exception("saving upload %r for %s failed", checked.file_name, checked.source)
            status.update(label=ctx.t("unggah.unexpected"), state="error")
            return
        status.update(state="complete")
    if result.duplicate_of is not None:
        flash("info", ctx.t("unggah.duplicate", batch=result.duplicate_of))
    else:
        flash("success", ctx.t("unggah.written", batch=result.batch_id, new=fmt.number(result.inserted, lang=lang),
                               updated=fmt.number(result.updated, lang=lang),
                               unchanged=fmt.number(result.unchanged, lang=lang), file=esc(checked.file_name)))
    st.session_state.pop("upl_checked", None)
    st.session_state["upl_nonce"] = st.session_state.get("upl_nonce", 0) + 1
    st.rerun()


def undo_section(frame) -> None:
    """Pick a batch this user may undo, confirm, undo."""
    st.markdown(f"**{ctx.t('unggah.undo_title')}**")
    st.caption(ctx.t("unggah.undo_rule_admin" if user["role"] == "admin" else "unggah.undo_rule_staff"))
    choices = upload.undo_choices(frame, user, clock.now(), lang)
    if not choices:
        st.caption(ctx.t("unggah.undo_none"))
        return
    chosen = st.selectbox(ctx.t("unggah.undo_pick"), list(choices), format_func=choices.get, key="upl_undo_pick",
                          placeholder=ctx.t("widget.choose"))
    if st.session_state.get("upl_undo_confirm") != chosen:
        if st.button(ctx.t("unggah.undo_button", batch=chosen), key="upl_undo_start", icon=":material/undo:"):
            st.session_state["upl_undo_confirm"] = chosen
            st.rerun()
        return
    batch = upload.batch_row(frame, chosen)
    st.warning(ctx.t("unggah.undo_confirm", batch=chosen, file=esc(batch["file_name"]),
                     new=fmt.number(batch["rows_inserted"], lang=lang), updated=fmt.number(batch["rows_updated"], lang=lang),
                     source=upload.source_label(batch["source"], lang)))
    yes, no, _ = st.columns([1, 1, 3])
    if no.button(ctx.t("unggah.undo_no"), key="upl_undo_no", width="stretch"):
        st.session_state.pop("upl_undo_confirm", None)
        st.rerun()
    if yes.button(ctx.t("unggah.undo_yes"), key="upl_undo_yes", type="primary", width="stretch"):
        st.session_state.pop("upl_undo_confirm", None)
        try:
            done = loading.undo(db, chosen, user)
        except UserFacingError as err:
            st.error(ctx.t(err.key, **err.params))
            return
        except Exception:
            LOG.exception("undoing batch %s failed", chosen)
            st.error(ctx.t("unggah.unexpected"))
            return
        flash("success", ctx.t("unggah.undone", batch=done["batch_id"], source=upload.source_label(done["source"], lang)))
        st.rerun()


def history_section() -> None:
    """The batches this user may see, and undo."""
    st.subheader(ctx.t("unggah.history"))
    admin = user["role"] == "admin"
    st.caption(ctx.t("unggah.history_scope_admin" if admin else "unggah.history_scope_staff"))
    if data.warehouse().version() is None:
        st.caption(ctx.t("unggah.history_empty"))
        return
    try:
        frame = data.run(upload.batches, SOURCE_NAMES if admin else tuple(user["sources"]))
    except WarehouseUnavailable:
        st.warning(ctx.t("shell.unavailable"))
        return
    if frame.empty:
        st.caption(ctx.t("unggah.history_empty"))
        return
    widths = {"batch": 55, "source": 140, "file": 160, "user": 75, "when": 125, "new": 70, "updated": 85}
    columns = {ctx.t(f"unggah.h_{key}"): st.column_config.TextColumn(
        width=width, alignment="right" if key in ("batch", *upload.HISTORY_COUNTS) else None)
        for key, width in widths.items()}
    st.dataframe(upload.history_view(frame, lang), hide_index=True, width="stretch", column_config=columns)
    undo_section(frame)


def users_section() -> None:
    """Administrators: every account, never the hashes."""
    st.subheader(ctx.t("unggah.users"))
    try:
        accounts = auth.load_accounts()
    except auth.AccountError as err:
        st.error(ctx.t(err.key, **err.params))
        return
    st.dataframe(upload.accounts_view(accounts.values(), lang), hide_index=True, width="stretch")
    st.caption(ctx.t("unggah.users_how"))


st.caption(ctx.t("unggah.intro"))
show_flash()
sources = auth.writable_sources(user)
if not sources:
    st.warning(ctx.t("unggah.no_sources"))
    st.stop()

st.subheader(ctx.t("unggah.step_source"))
source = st.selectbox(ctx.t("unggah.source"), sources, key="upl_source", placeholder=ctx.t("widget.choose"),
                      format_func=lambda code: upload.source_label(code, lang))

st.subheader(ctx.t("unggah.step_template"))
st.caption(ctx.t("unggah.template_hint"))
csv_column, xlsx_column, _ = st.columns([1, 1, 2])
csv_column.download_button(ctx.t("unggah.template_csv"), templates.template_csv(source, lang).encode("utf-8-sig"),
                           f"templat_{source}.csv", "text/csv", key="upl_tpl_csv", icon=":material/download:",
                           width="stretch")
xlsx_column.download_button(ctx.t("unggah.template_xlsx"), templates.template_xlsx(source, lang),
                            f"templat_{source}.xlsx", XLSX_MIME, key="upl_tpl_xlsx", icon=":material/download:",
                            width="stretch")
with st.expander(ctx.t("unggah.guide"), icon=":material/menu_book:"):
    wide = {ctx.t(f"guide.h_{name}"): st.column_config.TextColumn(width=width)
            for name, width in (("rules", "large"), ("values", "medium"), ("description", "medium"))}
    st.dataframe(templates.column_guide(get_contract(source), lang), hide_index=True, width="stretch", column_config=wide)

st.subheader(ctx.t("unggah.step_file"))
uploaded = st.file_uploader(ctx.t("unggah.file"), key=f"upl_file_{st.session_state.get('upl_nonce', 0)}",
                            max_upload_size=max_mb)
st.caption(ctx.t("unggah.file_help", mb=fmt.number(max_mb, lang=lang)))
if uploaded is None:
    st.session_state.pop("upl_checked", None)
else:
    content = uploaded.getvalue()
    checked = st.session_state.get("upl_checked")
    if checked is None or (checked.source, checked.sha256, checked.file_name) != (source, loading.sha256(content),
                                                                                   Path(uploaded.name).name):
        checked = run_check(source, uploaded.name, content)
        st.session_state["upl_checked"] = checked
    sheets = list(checked.validation.sheets) if checked is not None else []
    if len(sheets) > 1:
        chosen = st.selectbox(ctx.t("unggah.sheet"), sheets, index=sheets.index(checked.validation.sheet),
                              key=f"upl_sheet_{checked.sha256[:16]}")
        if chosen != checked.validation.sheet:
            checked = run_check(source, uploaded.name, content, sheet=chosen)
            st.session_state["upl_checked"] = checked
    if checked is not None:
        if checked.validation.errors:
            show_errors(checked, content)
        if checked.validation.warnings:
            st.warning(ctx.t("unggah.warnings", count=fmt.number(len(checked.validation.warnings), lang=lang)))
            with st.expander(ctx.t("unggah.warnings_list")):
                st.dataframe(checked.validation.problems_table(lang, warnings=True), hide_index=True, width="stretch")
        if checked.ok:
            show_preview(checked)

st.divider()
history_section()
if user["role"] == "admin":
    users_section()
st.markdown(f"<style>{upload.uploader_css(lang, max_mb)}</style>", unsafe_allow_html=True)
