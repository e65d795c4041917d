"""Admin: data freshness per source (last upload, by whom, expected cadence, overdue)."""

import streamlit as st

from binjai import admin, db
from binjai.queries import admin as admin_queries
from binjai.ui import data, session
from binjai.ui.shell import setup_page

ctx = setup_page("admin_kesegaran")
st.title(ctx.t("admin_kesegaran.title"))
session.require_admin(ctx.lang, ctx.user)
st.caption(ctx.t("admin_kesegaran.intro"))
try:
    frame = data.run(admin_queries.freshness, ctx.today)
except db.WarehouseUnavailable as err:
    st.error(ctx.t(err.key, **err.params))
    st.stop()
st.dataframe(admin.freshness_view(frame, ctx.lang), hide_index=True, width="stretch")
