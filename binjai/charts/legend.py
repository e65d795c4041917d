"""A map legend as HTML: per group a title and a wrapping row of labelled colour blocks.

It replaces static plotly figures that only drew swatches: a plotly chart costs its own drawing time in the browser
(about 150-400 ms on a cold visit), these few boxes cost next to nothing. The page shows the markup through
`st.markdown` with HTML allowed (`binjai.ui.components.map_legend`). It is one `<div>` on one line, which CommonMark
takes as a raw HTML block, so Markdown reads none of it (as `charts/sparkline.py`). Every title and label is escaped
(labels can carry data: names, categories, numbers) and a colour must be `#rrggbb` before it enters a style attribute.
The look (sizes, gaps, wrapping on a phone) is in `binjai/ui/style.css` under `.bj-legend`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from binjai.palette import INK

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
LIGHT_TEXT = "#ffffff"

Entries = Sequence[tuple[str, str]]  # (colour, label)


def checked_colour(colour: str) -> str:
    """`colour` itself when it is `#rrggbb`; anything else raises ValueError (it would go into a style attribute)."""
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise ValueError(f"legend colour must be #rrggbb, got {colour!r}")
    return colour


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a `#rrggbb` colour (0 black to 1 white)."""
    channels = [int(checked_colour(colour)[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_colour(colour: str) -> str:
    """Dark ink or white, whichever has the higher WCAG contrast on the `#rrggbb` background `colour`."""
    background = _luminance(colour) + 0.05
    return INK if background / (_luminance(INK) + 0.05) >= (1.05 / background) else LIGHT_TEXT


def _text(value: str) -> str:
    """`value` escaped for HTML on one line (a line break would end Markdown's raw HTML block)."""
    return html.escape(str(value), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def _group(title: str, entries: Entries) -> str:
    items = "".join(f'<li style="background:{checked_colour(colour)};color:{text_colour(colour)}">{_text(label)}</li>'
                    for colour, label in entries)
    name = _text(title)
    return (f'<div class="bj-legend-group"><span class="bj-legend-title">{name}</span>'
            f'<ul class="bj-legend-items" aria-label="{name}">{items}</ul></div>')


def legend_html(groups: Sequence[tuple[str, Entries]]) -> str:
    """The legend of `groups` [(title, [(colour, label), ...]), ...] as one line of HTML; '' when no group has an
    entry. Raises ValueError for a colour that is not `#rrggbb`."""
    shown = [_group(title, entries) for title, entries in groups if entries]
    return f'<div class="bj-legend">{"".join(shown)}</div>' if shown else ""
