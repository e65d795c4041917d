"""The one drill-through control of every page: "Data di balik angka" opens the records behind a figure.

A toggle, not an expander: the records are read only when someone opens it, so a page run costs no query for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from binjai.charts import drill as view
from binjai.queries import drill, drill_rows, e_mas, quick_wins
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


def group_asks(ctx: PageContext, counts: drill_rows.Counts, metric_ids: tuple[str, ...] | None = None, *,
               emas_selection: e_mas.Selection | None = None,
               qw_selection: quick_wins.Selection = quick_wins.ALL) -> dict[str, drill.Ask]:
    """The figures of a chart's or table's groups that have records (`counts`: grouping column -> figure -> {value:
    records}, from the page's own table): the figure over the records holding that value, labelled
    `<figure> · <value>`; combinations without records are not offered."""
    return {f"{metric_id}|{column}|{value}": drill.Ask(
        metric_id, emas_selection=emas_selection, qw_selection=qw_selection, only=((column, value),),
        label=f"{view.metric_label(metric_id, ctx.lang)} · {view.value_label(column, value, ctx.lang)}")
        for metric_id, column, value, _ in drill_rows.listed(counts, metric_ids)}


def group_panel(ctx: PageContext, asks: Mapping[str, drill.Ask], key: str) -> None:
    """`ask_panel` for group figures, noting that groups without records are not listed."""
    ask_panel(ctx, asks, key, note=ctx.t("drill.groups_note"))


def ask_panel(ctx: PageContext, asks: Mapping[str, drill.Ask], key: str, *, title: str = "", note: str = "") -> None:
    """A toggle (`title`, by default "Data di balik angka") that, when on, offers the figures of `asks` (option key
    -> figure with its scope) and shows the chosen one's records (`ask_view`)."""
    if asks and st.toggle(title or ctx.t("drill.title"), key=f"{key}_drill_open", help=ctx.t("drill.help")):
        ask_view(ctx, asks, key, note=note)


def ask_view(ctx: PageContext, asks: Mapping[str, drill.Ask], key: str, *, note: str = "", height: int = 320) -> None:
    """A box of the figures of `asks` and the chosen one's records: the caption recounting the figure, the table
    (labelled, formatted) and CSV/XLSX of every row."""
    lang = ctx.lang
    labels = {option: question.label or view.metric_label(question.metric_id, lang) for option, question in asks.items()}
    chosen = st.selectbox(ctx.t("drill.pick"), list(asks), key=f"{key}_drill", format_func=labels.__getitem__,
                          placeholder=ctx.t("widget.choose"), width=480)
    if note:
        st.caption(note)
    question = asks[chosen]
    result = data.run(drill.ask, question, ctx.filters, ctx.today)
    st.caption(view.caption(result, lang, escape_markdown(question.label)))  # a label may name an OPD or place
    st.dataframe(view.display_frame(result, lang), hide_index=True, key=f"{key}_drill_table", height=height)
    limited = view.limited_note(result, lang)
    if limited:
        st.caption(limited)
    export_buttons(view.export_frame(result), view.file_name(question.metric_id), lang, key=f"{key}_drill_export")


def row_panel(ctx: PageContext, names: Sequence[str], rows: Sequence[int], key: str,
              asks: Callable[[str], Mapping[str, drill.Ask]]) -> None:
    """Under a table whose rows can be picked (`rows`: the picked row numbers, `names`: each row's kelurahan): the
    records behind the picked row's figures, or a hint to pick one."""
    if not rows or rows[0] >= len(names):
        st.caption(ctx.t("drill.pick_row"))
        return
    name = names[rows[0]]
    ask_panel(ctx, asks(name), key, title=ctx.t("drill.row_title", name=escape_markdown(name)))
