"""The presenter page's browser side: a components-v2 element (runs in the app page, no iframe) with the key
handler of keys.js, and the page's CSS; both files ship with the app (nothing from a CDN)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from binjai.slide_layout import IDLE_MS, viewport_from

_HERE = Path(__file__).parent
CSS = (_HERE / "presenter.css").read_text(encoding="utf-8")
_KEYS = st.components.v2.component("binjai_presenter_keys", js=(_HERE / "keys.js").read_text(encoding="utf-8"))


def _ignore() -> None:
    """Registers a trigger/state name; the page reads the values from the result."""


def key_handler(*, kiosk: bool) -> tuple[str | None, tuple[int, int]]:
    """Mount the key handler; returns the move asked for in this run (or None) and the window size."""
    previous = st.session_state.get("pr_viewport")
    result = _KEYS(key="pr_keys", data={"kiosk": kiosk, "idle_ms": IDLE_MS, "viewport": previous},
                   on_move_change=_ignore, on_viewport_change=_ignore)
    viewport = viewport_from(result.get("viewport"))
    st.session_state.pr_viewport = list(viewport)
    return result.get("move"), viewport


def style() -> None:
    """The presenter page's CSS (a constant from presenter.css, no data in it)."""
    st.markdown(f"<style>{CSS}</style>", unsafe_allow_html=True)
