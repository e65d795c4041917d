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

from tests.backends import ROOT, add_option, lake_template, new_warehouse, on_lake, postgres_port  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_GEO = ROOT.parent / "shared" / "geo"


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--warehouse=file|lake` (tests/backends.py)."""
    add_option(parser)


def pytest_configure(config: pytest.Config) -> None:
    """Register the `file_only` mark."""
    config.addinivalue_line("markers", "file_only(reason): about the DuckDB file itself; skipped with --warehouse=lake")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the lake run, skip tests marked `file_only`, with their reason."""
    if not on_lake(config):
        return
    for item in items:
        mark = item.get_closest_marker("file_only")
        if mark is not None:
            reason = mark.kwargs.get("reason") or (mark.args[0] if mark.args else "about the DuckDB file")
            item.add_marker(pytest.mark.skip(reason=f"file only: {reason}"))


def use_warehouse(monkeypatch: pytest.MonkeyPatch, address: Path | str) -> None:
    """Point the code's settings at `address`: $BINJAI_DB for a file, $BINJAI_WAREHOUSE for a lake."""
    if isinstance(address, Path):
        monkeypatch.setenv("BINJAI_DB", str(address))
    else:
        monkeypatch.setenv("BINJAI_WAREHOUSE", address)
        monkeypatch.setenv("BINJAI_DB", "/nonexistent/binjai-test-uses-the-lake.duckdb")


@pytest.fixture(autouse=True)
def _accounts_stay_in_files(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the lake run, tests keep sign-in state where they put it (their accounts file); with a DuckLake warehouse
    the product would use the lake's shared store, which the tests that ask for it cover (`auth_store`, and modules
    setting SHARED_SIGN_IN: test_shared_auth.py, test_lake_recovery.py, test_lake_s3.py). Browser tests' servers are
    processes of their own and keep sign-in state in the lake's store (tests/browser/conftest.py, staff_accounts)."""
    wants_shared = "auth_store" in request.fixturenames or getattr(request.module, "SHARED_SIGN_IN", False)
    if on_lake(request.config) and not wants_shared:
        from binjai.auth import shared

        monkeypatch.setattr(shared, "configured", lambda: None)


@pytest.fixture
def db_file(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """A fresh warehouse (a file path, or a lake address with --warehouse=lake), also set as the code's setting."""
    address = new_warehouse(request, tmp_path)
    use_warehouse(monkeypatch, address)
    return address


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
def sample_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """A warehouse seeded once per test session with sample data at a small scale."""
    from etl.loading import seed_database

    address = new_warehouse(request, tmp_path_factory.mktemp("sample"))
    seed_database(address, scale=0.25)
    return address


@pytest.fixture
def app_env(sample_db: Path | str, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """Point the app at the seeded sample warehouse."""
    use_warehouse(monkeypatch, sample_db)
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
