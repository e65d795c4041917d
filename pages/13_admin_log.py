"""Admin: the audit log (uploads, undos, sign-ins and failures, sign-outs, account changes), filterable, exportable."""

import streamlit as st

from binjai import admin, db
from binjai.auth import store
from binjai.queries import admin as admin_queries
from binjai.ui import data, session
from binjai.ui.components import export_buttons, no_data
from binjai.ui.shell import setup_page

ctx = setup_page("admin_log")
st.title(ctx.t("admin_log.title"))
session.require_admin(ctx.lang, ctx.user)
st.caption(ctx.t("admin_log.intro"))

try:
    loads = data.run(admin_queries.load_events)
except db.WarehouseUnavailable:
    loads = admin.empty_load_events()
try:
    events = admin.audit_frame(loads)
except store.StoreError as err:
    st.error(err.message(ctx.lang))
    st.stop()
left, middle, right = st.columns([3, 2, 2])
actions = left.multiselect(ctx.t("admin_log.actions"), admin.ACTIONS, key="adm_log_actions",
                           placeholder=ctx.t("admin.all_events"), format_func=lambda a: ctx.t(f"admin.action.{a}"))
actors = [""] + sorted(set(events["actor"].dropna()))
actor = middle.selectbox(ctx.t("admin_log.actor"), actors, key="adm_log_actor",
                         format_func=lambda a: a or ctx.t("admin_log.everyone"))
dates = right.date_input(ctx.t("admin_log.dates"), value=(), key="adm_log_dates", format="DD/MM/YYYY")
start, end = (dates + (None, None))[:2] if isinstance(dates, tuple) else (dates, dates)
shown = admin.filter_audit(events, actions=actions, actor=actor, start=start, end=end)
st.caption(ctx.t("admin_log.count", n=len(shown)))
if shown.empty:
    no_data(ctx.lang)
else:
    view = admin.audit_view(shown, ctx.lang)
    st.dataframe(view, hide_index=True, width="stretch")
    export_buttons(view, ctx.t("admin_log.file_name"), ctx.lang, "adm_log")
