"""The late-data part of "Perlu perhatian" on the overview (one call from dashboard.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from binjai import admin, fmt
from binjai.i18n import t
from binjai.queries import admin as admin_queries
from binjai.ui import data


def overdue_uploads(lang: str, today: object) -> None:
    """Sources whose newest data is older than their contract's cadence; nothing when all are on time."""
    overdue = data.run(admin_queries.overdue_sources, today)
    if overdue.empty:
        return
    st.markdown(f"**{t('overview.attention.uploads', lang)}**")
    for row in overdue.itertuples():
        source = admin.source_title(row.source, lang)
        if pd.isna(row.days_since):
            st.caption(t("overview.attention.upload_never", lang, source=source))
        else:
            st.caption(t("overview.attention.upload_item", lang, source=source, date=fmt.date(row.data_until, lang),
                               days=fmt.number(int(row.days_since), lang=lang),
                               cadence=fmt.number(row.cadence_days, lang=lang)))
