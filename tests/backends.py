"""Both warehouse backends for tests: the embedded DuckDB file and DuckLake on a private PostgreSQL 15.

The PostgreSQL server is started once per test session by scripts/postgres.sh (which installs Debian
postgresql-15 when absent) on a free loopback port, and every test gets its own catalog database and data folder.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PSQL = "/usr/lib/postgresql/15/bin/psql"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_port() -> Iterator[int]:
    """A private PostgreSQL 15 on a loopback port, stopped and removed at the end of the session."""
    parent = Path(tempfile.mkdtemp(prefix="binjai-pg-"))
    parent.chmod(0o755)  # initdb runs as the `postgres` user, which must reach the cluster folder
    folder = parent / "cluster"
    port = _free_port()
    try:
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "start", str(folder), str(port)], check=True)
        yield port
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "stop", str(folder)], check=False)
        shutil.rmtree(parent, ignore_errors=True)


def lake_address(port: int, data_folder: Path) -> str:
    """A fresh catalog database on the test server and its warehouse address."""
    name = f"lake_{uuid.uuid4().hex[:12]}"
    subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],
                   check=True)
    return f"ducklake+postgresql://postgres@127.0.0.1:{port}/{name}?data_path={data_folder}/"


@pytest.fixture(params=["file", "lake"])
def any_warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """The warehouse address on each backend: a DuckDB file path, then a DuckLake address."""
    if request.param == "file":
        return tmp_path / "binjai.duckdb"
    return lake_address(request.getfixturevalue("postgres_port"), tmp_path / "lake-data")


@pytest.fixture(params=["file", "shared"])
def auth_store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    """Where accounts, sessions, throttling and the audit log live: an accounts file in tmp_path (returned), then
    the shared PostgreSQL store of a DuckLake warehouse set as $BINJAI_WAREHOUSE (None: the code's default place)."""
    if request.param == "file":
        return tmp_path / "accounts.toml"
    monkeypatch.setenv("BINJAI_WAREHOUSE", lake_address(request.getfixturevalue("postgres_port"), tmp_path / "lake"))
    return None


def shared_place(accounts: Path | None) -> object:
    """The shared store for `auth_store`'s None, else None (a Throttle or RateCap then counts in memory)."""
    from binjai.auth import shared

    return shared.place_for(accounts)
