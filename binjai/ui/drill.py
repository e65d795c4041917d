"""The one drill-through control of every page: "Data di balik angka" opens the records behind a figure.

A toggle, not an expander: the records are read only when someone opens it, so a page run costs no query for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import streamlit as st

from binjai.charts import drill as view
from binjai.queries import drill, e_mas, quick_wins
from binjai.text import escape_markdown
from binjai.ui import data
from binjai.ui.components import export_buttons
from binjai.ui.shell import PageContext


def drill_panel(ctx: PageContext, metric_ids: Sequence[str], key: str, *, emas_selection: e_mas.Selection | None = None,
                qw_selection: quick_wins.Selection = quick_wins.ALL) -> None:
    """A toggle that, when on, offers `metric_ids` (the figures on screen, in the page's filters and selection)
    and shows the chosen one's records (see `ask_panel`)."""
    ask_panel(ctx, {metric_id: drill.Ask(metric_id, emas_selection=emas_selection, qw_selection=qw_selection)
                    for metric_id in metric_ids}, key)


def group_asks(ctx: PageContext, metric_ids: Sequence[str], groups: Mapping[str, Iterable[object]], *,
               emas_selection: e_mas.Selection | None = None,
               qw_selection: quick_wins.Selection = quick_wins.ALL) -> dict[str, drill.Ask]:
    """The figures of a chart's or table's groups: for each figure and each value of each grouping column, the
    figure over the records holding that value, labelled `<figure> · <value>` (missing values are left out)."""
    return {f"{metric_id}|{column}|{value}": drill.Ask(
        metric_id, emas_selection=emas_selection, qw_selection=qw_selection, only=((column, value),),
        label=f"{view.metric_label(metric_id, ctx.lang)} · {view.value_label(column, value, ctx.lang)}")
        for column, values in groups.items() for value in values if isinstance(value, str)
        for metric_id in metric_ids}


def ask_panel(ctx: PageContext, asks: Mapping[str, drill.Ask], key: str, *, title: str = "") -> None:
    """A toggle (`title`, by default "Data di balik angka") that, when on, offers the figures of `asks` (option key
    -> figure with its scope) and shows the chosen one's records: the caption recounting the figure, the table
    (labelled, formatted) and CSV/XLSX of every row."""
    lang = ctx.lang
    if not asks or not st.toggle(title or ctx.t("drill.title"), key=f"{key}_drill_open", help=ctx.t("drill.help")):
        return
    labels = {option: question.label or view.metric_label(question.metric_id, lang) for option, question in asks.items()}
    chosen = st.selectbox(ctx.t("drill.pick"), list(asks), key=f"{key}_drill", format_func=labels.__getitem__,
                          placeholder=ctx.t("widget.choose"), width=480)
    question = asks[chosen]
    result = data.run(drill.ask, question, ctx.filters, ctx.today)
    st.caption(view.caption(result, lang, escape_markdown(question.label)))  # a label may name an OPD or place
    st.dataframe(view.display_frame(result, lang), hide_index=True, key=f"{key}_drill_table", height=320)
    note = view.limited_note(result, lang)
    if note:
        st.caption(note)
    export_buttons(view.export_frame(result), view.file_name(question.metric_id), lang, key=f"{key}_drill_export")
