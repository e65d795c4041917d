"""Escaping for the few Markdown labels that carry text from data (no Streamlit: also used by slides)."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_WORD_JOINER = "\u2060"  # invisible; breaks bare-URL links (www.x, http://x, a@b.c) and :icon: shortcodes


def escape_markdown(text: object) -> str:
    """Text made inert inside our own Markdown labels (page links, captions) where a text element cannot go.

    Backslash escapes stop emphasis, links and images; Streamlit's Markdown still turns escaped bare URLs and
    `:material/...:` into links and icons, so invisible word joiners surround every `.`, `:` and `@`."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace(_WORD_JOINER, ""))
    return re.sub(r"(\\[.:]|@)", rf"{_WORD_JOINER}\1{_WORD_JOINER}", escaped)
