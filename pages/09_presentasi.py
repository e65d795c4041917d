"""Mode Presentasi: the evaluation deck one slide at a time, large type, no sidebar or Streamlit chrome.

URL: `slide=N` (1-based) keeps the place, `auto=SECONDS` advances on its own, `kiosk=1` hides the control bar for
good, `notes=1` shows the speaker notes under the slide; `lang`, `periode`, `dari`, `sampai` and `kec` carry the
language, period and kecamatan into the slides. Keys: PageDown/PageUp, arrows, space, Home/End, B (black), F
(full screen). The control bar stays at the bottom and hides itself when the mouse rests.
"""

import time

import streamlit as st

from binjai import slide_layout, slides
from binjai.queries import scorecard
from binjai.slides import Bullets, Chart, Table, markdown_text
from binjai.ui import data, handout_panel, presenter
from binjai.ui.chart import plotly_chart
from binjai.ui.components import when_open
from binjai.ui.drill import ask_view
from binjai.ui.pages import page
from binjai.ui.shell import setup_page, shell_params

ctx = setup_page("presentasi", chrome=False)
presenter.style()
kiosk = st.query_params.get("kiosk") == "1"
notes = st.query_params.get("notes") == "1"
move, viewport = presenter.key_handler(kiosk=kiosk)

mapping, _ = scorecard.read_map()
deck = data.shared(slides.build_deck, ctx.filters, ctx.lang, ctx.today, mapping=mapping)
total = len(deck)
current = slides.slide_index(st.query_params.get("slide", "1"), total)
if move:
    current = slide_layout.move_target(move, current, total)
    st.query_params["slide"] = str(current)
auto = slides.auto_seconds(st.query_params.get("auto"))
slide = deck[current - 1]


def go_to(number: int) -> None:
    """Show slide `number` (kept in the URL so that a reload or a shared link opens it)."""
    st.query_params["slide"] = str(number)


def set_auto() -> None:
    """Start or stop auto-advance from the chosen interval."""
    seconds = st.session_state.pr_auto
    if seconds:
        st.query_params["auto"] = str(seconds)
    elif "auto" in st.query_params:
        del st.query_params["auto"]


def table_frame(table: Table) -> dict[str, list[str]]:
    """A table's rows as escaped text per column, for st.table (which renders markdown)."""
    return {markdown_text(c): [markdown_text(row[i]) for row in table.rows] for i, c in enumerate(table.columns)}


def show_panel(panel: object, key: str) -> None:
    """One panel: a chart, a table or a list, with its title."""
    if isinstance(panel, Chart):
        st.subheader(panel.title, anchor=False)
        figure = data.figure(slide_layout.style_chart, panel.figure, slide_layout.chart_size(viewport, bool(slide.stats)))
        plotly_chart(figure, config={"displayModeBar": False, "responsive": True}, key=key)
    elif isinstance(panel, Table):
        if panel.title:
            st.subheader(panel.title, anchor=False)
        if panel.rows:
            st.table(table_frame(panel), hide_index=True)
        if panel.note:
            st.caption(markdown_text(panel.note))
    elif isinstance(panel, Bullets):
        st.subheader(panel.title, anchor=False)
        st.markdown("\n".join(f"- {markdown_text(item)}" for item in panel.items))


top = st.columns([6, 1], vertical_alignment="center")
if slide.sample_mark:
    with top[1].container(key="pr_mark"):
        st.badge(slide.sample_mark, icon=":material/science:", color="orange")
panels, remarks = slides.arranged(slide)
if slide.key == "cover":
    with st.container(key="pr_cover"):
        st.title(markdown_text(slide.title), anchor=False)
        st.header(markdown_text(slide.subtitle), anchor=False)
        for line in slide.lines:
            st.markdown(f"### {markdown_text(line)}")
else:
    with top[0]:
        st.title(markdown_text(slide.title), anchor=False)
        st.caption(markdown_text(slide.subtitle))
    if slide.stats:
        for column, stat in zip(st.columns(len(slide.stats)), slide.stats, strict=True):
            column.metric(stat.label, stat.value, stat.note or None, delta_color="off", delta_arrow="off",
                          border=True)
    widths = [46, 54] if len(panels) == 2 else [1]
    for index, (column, panel) in enumerate(zip(st.columns(widths, gap="large"), panels, strict=False)):
        with column:
            show_panel(panel, f"pr_panel_{slide.number}_{index}")
    for remark in remarks:
        st.caption(markdown_text(remark))

st.caption(f"{markdown_text(slide.footer)} · {slide.number} / {slide.total}")
if notes:
    with st.container(key="pr_notes"):
        st.subheader(ctx.t("presentasi.notes_title"), anchor=False)
        st.markdown("\n".join(f"- {markdown_text(line)}" for line in slide.notes))
        if current < total:
            st.markdown(markdown_text(ctx.t("presentasi.notes_next", title=deck[current].title)))

if not kiosk:
    with st.container(key="pr_bar"):
        nav = st.columns([1.1, 1.1, 2.3, 1.7, 1.3, 1.3, 0.9], vertical_alignment="center")
        nav[0].button(ctx.t("presentasi.previous"), key="pr_prev", icon=":material/chevron_left:", on_click=go_to,
                      args=(slides.next_index(current, total, -1),), disabled=current == 1, width="stretch")
        nav[1].button(ctx.t("presentasi.next"), key="pr_next", icon=":material/chevron_right:", on_click=go_to,
                      args=(slides.next_index(current, total, 1),), disabled=current == total, width="stretch")
        titles = {s.number: f"{s.number}. {s.title}" for s in deck}
        st.session_state.pr_jump = current
        nav[2].selectbox(ctx.t("presentasi.jump"), list(titles), key="pr_jump", format_func=titles.get,
                         label_visibility="collapsed", placeholder=ctx.t("widget.choose"), on_change=lambda: go_to(st.session_state.pr_jump))
        st.session_state.pr_auto = auto or 0
        nav[3].selectbox(ctx.t("presentasi.auto"), (0, *slides.AUTO_ADVANCE_CHOICES), key="pr_auto", on_change=set_auto,
                         label_visibility="collapsed", placeholder=ctx.t("widget.choose"),
                         format_func=lambda s: ctx.t("presentasi.auto_every", seconds=s) if s else ctx.t("presentasi.auto_off"))
        with nav[4].popover(ctx.t("presentasi.handout"), icon=":material/download:", width="stretch"):
            handout_panel.download_panel(ctx, "pr_handout")
        figures = slides.stat_asks(slide)
        records = nav[5].popover(ctx.t("presentasi.drill"), icon=":material/table_view:", key="pr_drill",
                                 help=ctx.t("presentasi.drill_help"), disabled=not figures, on_change="rerun")
        for _ in when_open(records):
            ask_view(ctx, figures, f"pr_drill_{slide.number}", height=240)
        nav[6].page_link(page("overview").path, label=ctx.t("presentasi.exit"), icon=":material/close:",
                         query_params=shell_params(ctx.lang, ctx.filters))
        st.caption(ctx.t("presentasi.keys_help"))

if auto:
    shown = st.session_state.get("pr_shown")
    if not shown or shown[0] != current:
        st.session_state.pr_shown = (current, time.monotonic())

    @st.fragment(run_every=auto)
    def advance_when_due() -> None:
        """Move to the next slide (round to the start after the last) once the interval has passed."""
        number, since = st.session_state.pr_shown
        if time.monotonic() - since >= auto - 0.5:
            go_to(slides.next_index(number, total, 1, wrap=True))
            st.rerun()

    advance_when_due()
