"""Cached access to the query layer: results are cached per database version, so a load refreshes every page."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from binjai import db, settings


def warehouse() -> db.Warehouse:
    """The process-wide reader of the configured database."""
    return db.warehouse(settings.db_path())


@st.cache_data(show_spinner=False, max_entries=1024, ttl=6 * 3600)
def _cached(function_path: str, version: str, db_file: str, args: tuple, kwargs: tuple) -> Any:
    module_name, name = function_path.split(":")
    function = getattr(importlib.import_module(module_name), name)
    return function(db.warehouse(db_file), *args, **dict(kwargs))


def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a query function `function(warehouse, *args, **kwargs)`, cached until the next load."""
    reader = warehouse()
    version = reader.version()
    token = version.token if version else "missing"
    return _cached(f"{function.__module__}:{function.__qualname__}", token, str(reader.path), args,
                   tuple(sorted(kwargs.items())))
