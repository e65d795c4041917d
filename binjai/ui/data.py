"""Cached access to the query layer: results are cached per database version and reference-file version, so a
load, or an edit of a reference CSV (deadlines, categories), refreshes every page."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from binjai import db, reference, settings


def warehouse() -> db.Warehouse:
    """The process-wide reader of the configured database."""
    return db.warehouse(settings.warehouse_address())


@st.cache_data(show_spinner=False, max_entries=1024, ttl=6 * 3600)
def _cached(function_path: str, version: str, db_file: str, args: tuple, kwargs: tuple) -> Any:
    module_name, name = function_path.split(":")
    function = getattr(importlib.import_module(module_name), name)
    return function(db.warehouse(db_file), *args, **dict(kwargs))


def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a query function `function(warehouse, *args, **kwargs)`, cached until the next load or reference edit."""
    reader = warehouse()
    version = reader.version()
    token = f"{version.token if version else 'missing'}/{reference.version()}"
    return _cached(f"{function.__module__}:{function.__qualname__}", token, str(reader.path), args,
                   tuple(sorted(kwargs.items())))
