"""Settings read from the environment, with defaults that work on a fresh clone."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = Path(os.environ.get("BINJAI_REFERENCE_DIR", PROJECT_ROOT / "data_sources" / "reference"))


def warehouse_address() -> Path | str:
    """$BINJAI_WAREHOUSE: `duckdb:///path` gives the file's path, `ducklake+postgresql://...` is kept as text;
    unset, the file of db_path()."""
    value = os.environ.get("BINJAI_WAREHOUSE", "").strip()
    return value if value.startswith("ducklake+") else db_path()


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The warehouse file: `override`, else a `duckdb:///path` $BINJAI_WAREHOUSE, else $BINJAI_DB, else
    data/binjai.duckdb."""
    if override:
        return Path(override)
    value = os.environ.get("BINJAI_WAREHOUSE", "").strip()
    if value.startswith("duckdb://"):
        return Path(value.removeprefix("duckdb://"))
    return Path(os.environ.get("BINJAI_DB", PROJECT_ROOT / "data" / "binjai.duckdb"))


def boundary_path() -> Path | None:
    """The kelurahan boundary GeoJSON set by $BINJAI_BOUNDARY_FILE, or None for the approximate map."""
    value = os.environ.get("BINJAI_BOUNDARY_FILE", "").strip()
    return Path(value) if value else None


def accounts_path() -> Path:
    """The staff accounts file (kept out of git): $BINJAI_ACCOUNTS or config/accounts.toml."""
    return Path(os.environ.get("BINJAI_ACCOUNTS", PROJECT_ROOT / "config" / "accounts.toml"))


def max_upload_mb() -> int:
    """Largest upload accepted, in MB ($BINJAI_MAX_UPLOAD_MB, default 50; keep server.maxUploadSize equal)."""
    return int(os.environ.get("BINJAI_MAX_UPLOAD_MB", "50"))


def require_login() -> bool:
    """True when every page needs a signed-in account ($BINJAI_REQUIRE_LOGIN=1); by default only staff pages do."""
    return os.environ.get("BINJAI_REQUIRE_LOGIN", "").strip().lower() in ("1", "true", "yes", "on")


DEFAULT_STALE_DAYS = 365


def stale_days() -> int:
    """Age in days after which an open complaint or clean-up report needs checking ($BINJAI_STALE_DAYS, default 365).

    A value that is not a positive whole number falls back to the default.
    """
    value = os.environ.get("BINJAI_STALE_DAYS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_STALE_DAYS
