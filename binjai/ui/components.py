"""Small building blocks shared by pages: figure tiles, export buttons, notices, and the rule for text from data."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from binjai import export
from binjai.i18n import t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def data_text(value: object) -> None:
    """THE rule for a value that came from a file (id, name, note, description): plain text, never Markdown.

    `st.text` shows it verbatim: no emphasis, links, images, bare-URL links or `:material/...:` icons."""
    st.text("" if value is None else str(value))


_WORD_JOINER = "\u2060"  # invisible; breaks bare-URL links (www.x, http://x, a@b.c) and :icon: shortcodes


def escape_markdown(text: object) -> str:
    """Text made inert inside our own Markdown labels (page links, captions) where a text element cannot go.

    Backslash escapes stop emphasis, links and images; Streamlit's Markdown still turns escaped bare URLs and
    `:material/...:` into links and icons, so invisible word joiners surround every `.`, `:` and `@`."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace(_WORD_JOINER, ""))
    return re.sub(r"(\\[.:]|@)", rf"{_WORD_JOINER}\1{_WORD_JOINER}", escaped)


def delta_arrow(delta: str | None) -> str:
    """Arrow for a formatted change: `fmt.signed` writes U+2212 for minus, which Streamlit would read as a rise."""
    if not delta:
        return "off"
    if delta.startswith(("−", "-")):
        return "down"
    return "up" if delta.startswith("+") else "off"


def tile(label: str, value: str, *, delta: str | None = None, delta_color: str = "normal", caption: str = "",
         help: str | None = None, trend: Sequence[float] | None = None) -> None:
    """One headline figure with optional change, sparkline and a small caption (period, freshness)."""
    st.metric(label, value, delta, delta_color=delta_color, delta_arrow=delta_arrow(delta), help=help, border=True,
              chart_data=list(trend) if trend is not None and len(trend) > 1 else None, chart_type="area")
    if caption:
        st.caption(caption)


def export_buttons(frame: pd.DataFrame, name: str, lang: str, key: str) -> None:
    """Download buttons for CSV and XLSX of `frame`, with formulas neutralised; files are built only on click."""
    left, right = st.columns(2)
    left.download_button(t("common.download_csv", lang), lambda: export.to_csv_bytes(frame, lang), f"{name}.csv",
                         "text/csv", key=f"{key}_csv", icon=":material/download:", width="stretch")
    right.download_button(t("common.download_xlsx", lang), lambda: export.to_xlsx_bytes(frame, name), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                          icon=":material/download:", width="stretch")


def no_data(lang: str) -> None:
    """The notice for a filter combination with nothing in it."""
    st.info(t("common.no_data", lang), icon=":material/filter_alt_off:")
