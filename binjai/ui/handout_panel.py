"""The handout download panel shared by the presenter and scorecard pages: build both files on click, then
offer the downloads; explains what is missing when charts cannot become images."""

from __future__ import annotations

import streamlit as st

from binjai import fmt
from binjai.handout import file_name, images, make_both
from binjai.queries import scorecard
from binjai.slides import build_deck
from binjai.ui import data
from binjai.ui.shell import PageContext


def download_panel(context: PageContext, key: str) -> None:
    """A button that builds both handouts on click (with a spinner), then the two download buttons; explains
    what is missing when charts cannot become images."""
    images.warm_up_in_background()  # the browser for chart images starts now, not when the button is pressed
    reader = data.warehouse()
    signature = (context.lang, context.filters, reader.version())
    if images.chromium_path() is None:
        st.caption(context.t("presentasi.images_missing_help", command=images.INSTALL_COMMAND))
    if st.button(context.t("presentasi.make_handout"), key=f"{key}_make", icon=":material/picture_as_pdf:",
                 width="stretch"):
        with st.spinner(context.t("presentasi.making")):
            # The deck the presenter page shows (cached per database version): paper and screen show the same.
            deck = data.run(build_deck, context.filters, context.lang, context.today, mapping=scorecard.read_map()[0])
            st.session_state[f"{key}_files"] = (signature, make_both(deck, context.lang))
    stored = st.session_state.get(f"{key}_files")
    if not stored or stored[0] != signature:
        return
    files = stored[1]
    for kind, handout in files.items():
        st.download_button(context.t(f"presentasi.download_{kind}"), handout.data,
                           file_name(kind, context.lang, context.filters.end.isoformat()), handout.mime,
                           key=f"{key}_get_{kind}", icon=":material/download:", width="stretch")
    seconds = sum(h.seconds for h in files.values())
    st.caption(context.t("presentasi.made_in", seconds=fmt.number(seconds, 1, context.lang)))
    missing = next((h.images_missing for h in files.values() if h.images_missing), "")
    if missing:
        st.warning(context.t(f"presentasi.images_{missing}_help", command=images.INSTALL_COMMAND), icon=":material/info:")
