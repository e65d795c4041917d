"""The one drill-through control of every page: "Data di balik angka" opens the records behind a figure.

A toggle, not an expander: the records are read only when someone opens it, so a page run costs no query for them.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from binjai.charts import drill as view
from binjai.queries import drill, e_mas, quick_wins
from binjai.ui import data
from binjai.ui.components import export_buttons
from binjai.ui.shell import PageContext


def drill_panel(ctx: PageContext, metric_ids: Sequence[str], key: str, *, emas_selection: e_mas.Selection | None = None,
                qw_selection: quick_wins.Selection = quick_wins.ALL) -> None:
    """A toggle that, when on, offers `metric_ids` (the figures on screen) and shows the chosen one's records: the
    caption recounting the figure, the table (labelled, formatted) and CSV/XLSX of every row."""
    lang = ctx.lang
    if not metric_ids or not st.toggle(ctx.t("drill.title"), key=f"{key}_drill_open", help=ctx.t("drill.help")):
        return
    chosen = st.selectbox(ctx.t("drill.pick"), list(metric_ids), key=f"{key}_drill",
                          format_func=lambda metric_id: view.metric_label(metric_id, lang),
                          placeholder=ctx.t("widget.choose"), width=480)
    result = data.run(drill.drill, ctx.filters, chosen, ctx.today, emas_selection=emas_selection,
                      qw_selection=qw_selection)
    st.caption(view.caption(result, lang))
    st.dataframe(view.display_frame(result, lang), hide_index=True, key=f"{key}_drill_table", height=320)
    note = view.limited_note(result, lang)
    if note:
        st.caption(note)
    export_buttons(view.export_frame(result), view.file_name(chosen), lang, key=f"{key}_drill_export")
