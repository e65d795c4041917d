"""DuckDB's ducklake, postgres and httpfs extensions, loaded offline from their PyPI packages (pinned with DuckDB 1.5.5).

The postgres package ships `postgres.duckdb_extension`, but DuckDB derives the entry point from the file name
(`postgres_scanner`), so a copy under that name is kept in a cache folder and loaded from there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

CACHE = Path(os.environ.get("BINJAI_EXTENSION_CACHE", Path.home() / ".cache" / "binjai" / "duckdb-extensions"))
_FILES = {"ducklake": ("duckdb_extension_ducklake", "ducklake.duckdb_extension"),
          "postgres_scanner": ("duckdb_extension_postgres", "postgres.duckdb_extension"),
          "httpfs": ("duckdb_extension_httpfs", "httpfs.duckdb_extension")}


def path(name: str) -> Path:
    """The loadable file of extension `name` (ducklake, postgres_scanner or httpfs), copied once into the cache."""
    package, file_name = _FILES[name]
    module = __import__(package)
    shipped = Path(module.__file__).parent / "extensions" / f"v{duckdb.__version__}" / file_name
    target = CACHE / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not target.exists() or target.stat().st_size != shipped.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}")
        shutil.copyfile(shipped, partial)
        os.replace(partial, target)
    return target


def load(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Load extensions into `con` from local files (never from the network)."""
    from binjai.schema import literal

    for name in names:
        con.execute(f"LOAD {literal(str(path(name)))}")
