"""Shared fixtures: a temporary warehouse, small typed frames, and paths to shared test data."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SHARED_GEO = ROOT.parent / "shared" / "geo"


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh warehouse path, also set as $BINJAI_DB for code that reads the setting."""
    path = tmp_path / "binjai.duckdb"
    monkeypatch.setenv("BINJAI_DB", str(path))
    return path


def emas_frame(rows: list[dict]) -> pd.DataFrame:
    """A typed e_mas frame with the contract's columns; missing values default to a valid complaint."""
    from data_sources import get_contract

    base = {
        "complaint_id": None, "received_at": pd.Timestamp("2024-03-04 09:00"), "channel": "aplikasi",
        "category": "Kebersihan & Sampah", "kelurahan": "Pahlawan", "kecamatan": "Binjai Utara",
        "latitude": float("nan"), "longitude": float("nan"), "opd": "DLH", "status": "baru",
        "responded_at": pd.NaT, "resolved_at": pd.NaT, "rating": pd.NA, "description": None,
    }
    frame = pd.DataFrame([base | row for row in rows], columns=get_contract("e_mas").column_names)
    for col in ("received_at", "responded_at", "resolved_at"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    frame["rating"] = frame["rating"].astype("Int64")
    for col in ("latitude", "longitude"):
        frame[col] = frame[col].astype("float64")
    return frame


def gunzip(source: Path, target: Path) -> Path:
    """Unpack a gzipped fixture to `target`."""
    with gzip.open(source, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


@pytest.fixture(autouse=True)
def _keep_main_module() -> Iterator[None]:
    """Streamlit's AppTest leaves the page script as `__main__`; put pytest's back, so that processes started with
    multiprocessing's spawn do not run a dashboard page first."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _no_boundary_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their own boundary setting."""
    if "BINJAI_BOUNDARY_FILE" in os.environ:
        monkeypatch.delenv("BINJAI_BOUNDARY_FILE")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse seeded once per test session with sample data at a small scale."""
    from etl.loading import seed_database

    path = tmp_path_factory.mktemp("sample") / "binjai.duckdb"
    seed_database(path, scale=0.25)
    return path


@pytest.fixture
def app_env(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the seeded sample warehouse."""
    monkeypatch.setenv("BINJAI_DB", str(sample_db))
    return sample_db


@pytest.fixture(scope="module")
def accounts_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Staff accounts dewi, rudi and admin (tests/upload_fixtures.py), hashed once per module."""
    from tests.upload_fixtures import write_accounts

    return write_accounts(tmp_path_factory.mktemp("accounts") / "accounts.toml")


def admin_accounts(folder: Path, name: str) -> tuple[Path, dict]:
    """An accounts file in `folder` with one administrator `name`, and that administrator's session user."""
    from binjai import auth

    admin = auth.Account(name, "QA Admin", "admin", "Diskominfo", (), auth.hash_password("uji-berkas-rusak-2024"))
    path = folder / "accounts.toml"
    path.write_text(auth.accounts_toml([admin]), encoding="utf-8")
    return path, admin.session_user()


@pytest.fixture(autouse=True)
def _close_shared_store_pools() -> Iterator[None]:
    """Each test's shared sign-in store is a database of its own: close its connection pool after the test."""
    yield
    shared = sys.modules.get("binjai.auth.shared")
    if shared is not None:
        shared.close_pools()
