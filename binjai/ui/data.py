"""Cached access to the query layer and to built figures: query results are cached per database version and
reference-file version, so a load, or an edit of a reference CSV (deadlines, categories), refreshes every page;
figures and map decks are built once per those versions and their arguments and shared by every viewer."""

from __future__ import annotations

import hashlib
import importlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from binjai import db, geo, reference, settings
from binjai.ui import chart

FIGURE_ENTRIES = 256  # built figures kept per process (a chart is 5-50 KB, a map deck up to a few hundred KB)


def warehouse() -> db.Warehouse:
    """The process-wide reader of the configured database."""
    return db.warehouse(settings.warehouse_address())


def version_token(reader: db.Warehouse | None = None) -> str:
    """The database version and the reference files' version: a cache entry under another token is stale."""
    version = (reader or warehouse()).version()
    return f"{version.token if version else 'missing'}/{reference.version()}"


def _digest(args: tuple, kwargs: dict) -> bytes | None:
    """A digest of the arguments' pickled bytes (equal bytes: equal arguments), or None when they cannot be pickled.

    Cheaper than Streamlit's own argument hashing, which hashes every cell of a frame argument on every call."""
    try:
        pickled = pickle.dumps((args, sorted(kwargs.items())), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(pickled, digest_size=20).digest()


def _call(function_path: str, db_file: str, args: tuple, kwargs: dict) -> Any:
    """The query's result as the cache hands it out later (a pickled copy): a fresh frame pickles to other bytes
    than its copies, and figures built from it (keyed by those bytes) would be built a second time on the next run."""
    module_name, name = function_path.split(":")
    result = getattr(importlib.import_module(module_name), name)(db.warehouse(db_file), *args, **kwargs)
    return pickle.loads(pickle.dumps(result, protocol=5))


@st.cache_data(show_spinner=False, max_entries=1024, ttl=6 * 3600)
def _cached(function_path: str, version: str, db_file: str, digest: bytes, _args: tuple, _kwargs: dict) -> Any:
    return _call(function_path, db_file, _args, _kwargs)


@st.cache_data(show_spinner=False, max_entries=256, ttl=6 * 3600)
def _cached_hashed(function_path: str, version: str, db_file: str, args: tuple, kwargs: tuple) -> Any:
    return _call(function_path, db_file, args, dict(kwargs))


def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a query function `function(warehouse, *args, **kwargs)`, cached until the next load or reference edit."""
    reader = warehouse()
    path, token = f"{function.__module__}:{function.__qualname__}", version_token(reader)
    digest = _digest(args, kwargs)
    if digest is None:  # arguments that cannot be pickled: Streamlit's hashing decides
        return _cached_hashed(path, token, str(reader.path), args, tuple(sorted(kwargs.items())))
    return _cached(path, token, str(reader.path), digest, args, kwargs)


def shared(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Like `run`, but every caller gets the result itself, not a copy: for results that are only read and are slow
    to copy (the slide deck: unpickling its figures would validate every one again). Never change what it returns."""
    digest = _digest(args, kwargs)
    if digest is None:
        return run(function, *args, **kwargs)
    reader = warehouse()
    key = ("query", function.__module__, function.__qualname__, version_token(reader), str(reader.path), digest)
    return FIGURES.get(key, lambda: function(reader, *args, **kwargs))


class FigureCache:
    """A bounded, thread-safe map from key to built value, least recently used dropped first."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self.hits = self.misses = 0
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value stored under `key`, built (outside the lock) and stored when absent."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return self._values[key]
            self.misses += 1
        value = build()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.entries:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()
            self.hits = self.misses = 0


FIGURES = FigureCache(FIGURE_ENTRIES)


def _frozen(value: Any) -> Any:
    """Serialise a map deck once and mark a plotly figure as shared (`chart.share`: its JSON is built on first use
    and kept), so that later runs and viewers get the JSON without building it again."""
    if isinstance(value, list | tuple):
        for item in value:
            _frozen(item)
    elif isinstance(value, go.Figure):
        chart.share(value)
    elif hasattr(value, "freeze"):
        value.freeze()
    return value


def figure(builder: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`builder(*args, **kwargs)`: a plotly figure, a map deck or a list of them, built once per data version,
    reference and boundary files and arguments, and shared by every viewer of the process. Hand it to
    st.plotly_chart / st.pydeck_chart as it is; never change it (copy it first)."""
    digest = _digest(args, kwargs)
    if digest is None:  # a lambda or an open handle among the arguments: built for this run only
        return builder(*args, **kwargs)
    key = (builder.__module__, builder.__qualname__, version_token(), geo.boundary_version(), digest)
    return FIGURES.get(key, lambda: _frozen(builder(*args, **kwargs)))
