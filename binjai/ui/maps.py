"""Streamlit parts around pydeck maps: zoom buttons, the boundary-file warning and clicks on kelurahan areas."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from binjai import geo, maps, reference
from binjai.i18n import t
from binjai.text import escape_markdown
from binjai.ui.pages import page
from binjai.ui.shell import PageContext, shell_params


def boundary_warning(lang: str) -> None:
    """A visible warning when $BINJAI_BOUNDARY_FILE is set but cannot be used (the map falls back to the approximation)."""
    problem = geo.boundary_problem()
    if problem:
        path, reason = problem
        st.warning(t("map.boundary_problem", lang, path=escape_markdown(path), reason=t(f"map.boundary_{reason}", lang)),
                   icon=":material/warning:")


def zoom_buttons(key: str, lang: str) -> int:
    """Zoom-in, zoom-out and reset buttons; returns how many steps the user zoomed from the fitted view."""
    state_key = f"{key}_zoom_steps"
    steps = int(st.session_state.get(state_key, 0))
    row = st.container(horizontal=True, gap="small")
    if row.button(t("map.zoom_in", lang), key=f"{key}_zoom_in", icon=":material/zoom_in:"):
        steps = min(steps + 1, maps.MAX_ZOOM_STEPS)
    if row.button(t("map.zoom_out", lang), key=f"{key}_zoom_out", icon=":material/zoom_out:"):
        steps = max(steps - 1, -maps.MAX_ZOOM_STEPS)
    if row.button(t("map.zoom_reset", lang), key=f"{key}_zoom_reset", icon=":material/fit_screen:"):
        steps = 0
    st.session_state[state_key] = steps
    return steps


def clicked_kelurahan(key: str) -> str | None:
    """The kelurahan of the area last clicked on the map drawn with `key` (None when nothing is selected)."""
    state = st.session_state.get(key)
    objects = getattr(getattr(state, "selection", None), "objects", None) or {}
    for layer_objects in objects.values():
        for item in layer_objects:
            name = item.get("kelurahan") if isinstance(item, dict) else None
            if name:
                return str(name)
    return None


_CLICKED = "_bj_clicked_kelurahan"


def on_map_click(key: str) -> Callable[[], None]:
    """The map's on_select callback: remember the clicked kelurahan (runs only when the selection changes, so
    coming back to the page later does not open the profile again)."""
    def remember() -> None:
        st.session_state[_CLICKED] = clicked_kelurahan(key)
    return remember


def profile_link(kelurahan: str, context: PageContext) -> None:
    """A link to one kelurahan's profile page (nothing for an unknown name)."""
    code = reference.kelurahan_code(kelurahan)
    if code:
        st.page_link(page("kelurahan").path, label=t("kelurahan.open_profile", context.lang, name=kelurahan),
                     icon=":material/location_city:",
                     query_params={**shell_params(context.lang, context.filters), "kel": code})


def open_clicked_profile(context: PageContext) -> None:
    """Go to the kelurahan profile page (`?kel=CODE`) when a map area was just clicked."""
    name = st.session_state.pop(_CLICKED, None)
    code = reference.kelurahan_code(name) if name else None
    if code:
        st.switch_page(page("kelurahan").path, query_params={**shell_params(context.lang, context.filters), "kel": code})
