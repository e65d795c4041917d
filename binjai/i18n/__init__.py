"""One translation table for every user-facing string (Bahasa Indonesia first, English second).

The table is split into TOML files under `strings/` by area; each key is `file.section.name` flattened,
e.g. `[read] empty = { id = "...", en = "..." }` in etl.toml gives the key `read.empty`.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_STRINGS_DIR = Path(__file__).parent / "strings"


def _flatten(table: dict, prefix: str, out: dict[str, dict[str, str]], origin: str) -> None:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and set(value) >= {"id", "en"} and all(isinstance(v, str) for v in value.values()):
            if key in out:
                raise ValueError(f"translation key {key!r} defined twice ({origin})")
            out[key] = value
        elif isinstance(value, dict):
            _flatten(value, f"{key}.", out, origin)
        else:
            raise ValueError(f"translation {key!r} in {origin} needs both id and en")


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """All translations: key -> {"id": ..., "en": ...}."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(_STRINGS_DIR.glob("*.toml")):
        _flatten(tomllib.loads(path.read_text(encoding="utf-8")), "", out, path.name)
    return out


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`."""
    entry = table().get(key)
    if entry is None:
        raise KeyError(f"missing translation {key!r}")
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def normalise_language(value: object) -> str:
    """A supported language code, falling back to Bahasa Indonesia."""
    text = str(value or "").lower()[:2]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE
