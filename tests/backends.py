"""Both warehouse backends for tests: the embedded DuckDB file and DuckLake on a private PostgreSQL 15, with its
data files in a local folder or in S3-compatible object storage.

The PostgreSQL server is started once per test session by scripts/postgres.sh (which installs Debian
postgresql-15 when absent) on a free loopback port, and every test gets its own catalog database and data folder
(or bucket). The object storage is a local moto server (PyPI `moto[server]`) that checks request signatures.

`--warehouse=lake` (or $BINJAI_TEST_WAREHOUSE=lake) runs the whole suite on DuckLake: the fixtures `db_file`,
`sample_db` and `app_env` and the helper `new_warehouse` then give a fresh lake per test (a copy of a template
catalog made once per session) instead of a temporary DuckDB file. Tests about the file itself carry the
`file_only` mark (with its reason) and are skipped on that run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PSQL = "/usr/lib/postgresql/15/bin/psql"


KINDS = ("file", "lake")


def add_option(parser: pytest.Parser) -> None:
    """The `--warehouse` option (default: $BINJAI_TEST_WAREHOUSE, else file)."""
    parser.addoption("--warehouse", choices=KINDS, default=os.environ.get("BINJAI_TEST_WAREHOUSE") or "file",
                     help="backend of the tests' warehouses: a temporary DuckDB file, or DuckLake on PostgreSQL")


def on_lake(config: pytest.Config) -> bool:
    """True when this session runs its warehouses on DuckLake."""
    return config.getoption("--warehouse") == "lake"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _psql(port: int, sql: str, database: str = "postgres") -> None:
    subprocess.run([PSQL, "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-qc", sql],
                   check=True)


@dataclass(frozen=True)
class Postgres:
    """A private PostgreSQL server of the tests: its port, and a way to restart it as an administrator would."""

    folder: Path
    port: int

    def run(self, action: str) -> None:
        """`start` or `stop` the server with scripts/postgres.sh."""
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), action, str(self.folder), str(self.port)],
                       check=action == "start")


@contextmanager
def private_postgres() -> Iterator[Postgres]:
    """A PostgreSQL 15 on a free loopback port with a database `binjai`, stopped and removed afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="binjai-pg-"))
    parent.chmod(0o755)  # initdb runs as the `postgres` user, which must reach the cluster folder
    server = Postgres(parent / "cluster", _free_port())
    try:
        server.run("start")
        yield server
    finally:
        server.run("stop")
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_port() -> Iterator[int]:
    """A private PostgreSQL 15 on a loopback port, stopped and removed at the end of the session."""
    with private_postgres() as server:
        yield server.port


def lake_address(port: int, data_folder: Path | str) -> str:
    """A fresh catalog database on the test server and its warehouse address (data in a folder or an s3:// path)."""
    name = f"lake_{uuid.uuid4().hex[:12]}"
    _psql(port, f"CREATE DATABASE {name}")
    return f"ducklake+postgresql://postgres@127.0.0.1:{port}/{name}?data_path={data_folder}/"


@pytest.fixture(scope="session")
def lake_template(postgres_port: int, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A catalog database holding an empty warehouse of this release's schema, copied for each lake test."""
    from binjai import lake

    address = lake_address(postgres_port, tmp_path_factory.mktemp("lake-template"))
    lake.connect(address).close()
    return lake.parse(address).dbname


def template_lake(port: int, template: str, data_folder: Path) -> str:
    """A new lake copied from `template` (CREATE DATABASE ... TEMPLATE), its data path set to `data_folder`."""
    name = f"lake_{uuid.uuid4().hex[:12]}"
    _psql(port, f"CREATE DATABASE {name} TEMPLATE {template}")
    folder = str(data_folder).replace("'", "''") + "/"
    _psql(port, f"UPDATE ducklake_metadata SET value = '{folder}' WHERE key = 'data_path'", database=name)
    return f"ducklake+postgresql://postgres@127.0.0.1:{port}/{name}?data_path={data_folder}/"


def copy_warehouse(source: Path | str, folder: Path) -> Path | str:
    """A private copy of a warehouse nothing is connected to: the file copied into `folder`, or the lake's catalog
    copied (its data path kept: the copy reads the source's data files and writes its own beside them)."""
    if isinstance(source, Path):
        return Path(shutil.copyfile(source, folder / source.name))
    from binjai import lake

    url = lake.parse(source)
    name = f"lake_{uuid.uuid4().hex[:12]}"
    _psql(url.port, f"CREATE DATABASE {name} TEMPLATE {url.dbname}")
    return source.replace(f"/{url.dbname}?", f"/{name}?", 1)


def new_warehouse(request: pytest.FixtureRequest, folder: Path, name: str = "binjai.duckdb", *,
                  blank: bool = False) -> Path | str:
    """A new, not yet used warehouse for this session's backend: `folder / name`, or a fresh lake (`blank`: an
    empty catalog, whose schema the first connection creates under the contracts of that moment)."""
    if not on_lake(request.config):
        return folder / name
    if blank:
        return lake_address(request.getfixturevalue("postgres_port"), folder / f"{Path(name).stem}-lake")
    return template_lake(request.getfixturevalue("postgres_port"), request.getfixturevalue("lake_template"),
                         folder / f"{Path(name).stem}-lake")


@dataclass(frozen=True)
class S3Server:
    """A running local S3 server and the settings (access key, endpoint) that reach it."""

    endpoint: str
    settings: dict[str, str]

    def client(self):  # noqa: ANN201 - a boto3 S3 client
        """A boto3 client signed with the server's access key."""
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=self.settings["AWS_REGION"],
                            aws_access_key_id=self.settings["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=self.settings["AWS_SECRET_ACCESS_KEY"])


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server on a loopback port, enforcing signatures, with one IAM access key; its settings are put in
    os.environ for the session (the lake reads them there, in this process and in the processes it starts)."""
    import boto3

    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "3"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    saved = dict(os.environ)
    try:
        _wait_for(port)
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup",
                           aws_secret_access_key="setup")
        iam.create_user(UserName="binjai")  # these three calls are the server's unauthenticated ones
        iam.put_user_policy(UserName="binjai", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="binjai")["AccessKey"]
        settings = {"AWS_ACCESS_KEY_ID": key["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
                    "AWS_REGION": "us-east-1", "BINJAI_S3_ENDPOINT": endpoint}
        os.environ.update(settings)
        yield S3Server(endpoint, settings)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        process.terminate()
        process.wait(timeout=30)


def s3_lake_address(port: int, server: S3Server) -> str:
    """A fresh catalog database on the test server with its data in a new bucket; the warehouse address."""
    bucket = f"lake-{uuid.uuid4().hex[:12]}"
    server.client().create_bucket(Bucket=bucket)
    return lake_address(port, f"s3://{bucket}/lake")


def new_lake(request: pytest.FixtureRequest, kind: str, folder: Path) -> str:
    """A fresh lake's address: data files in `folder` (kind "lake") or in a new bucket (kind "s3")."""
    port = request.getfixturevalue("postgres_port")
    if kind == "s3":
        server = request.getfixturevalue("s3_server")
        os.environ.update(server.settings)  # each test module has its own server (fixtures are imported per module)
        return s3_lake_address(port, server)
    return lake_address(port, folder)


@pytest.fixture(params=["file", "lake", "s3"])
def any_warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """The warehouse address on each backend: a DuckDB file path, then DuckLake addresses with the data files in a
    folder and in object storage."""
    if request.param == "file":
        return tmp_path / "binjai.duckdb"
    return new_lake(request, request.param, tmp_path / "lake-data")


@pytest.fixture(params=["file", "shared"])
def auth_store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    """Where accounts, sessions, throttling and the audit log live: an accounts file in tmp_path (returned), then
    the shared PostgreSQL store of a DuckLake warehouse set as $BINJAI_WAREHOUSE (None: the code's default place)."""
    if request.param == "file":
        if on_lake(request.config):
            pytest.skip("file only: with a DuckLake warehouse (this run's) accounts live in its shared store")
        return tmp_path / "accounts.toml"
    monkeypatch.setenv("BINJAI_WAREHOUSE", lake_address(request.getfixturevalue("postgres_port"), tmp_path / "lake"))
    return None


def shared_place(accounts: Path | None) -> object:
    """The shared store for `auth_store`'s None, else None (a Throttle or RateCap then counts in memory)."""
    from binjai.auth import shared

    return shared.place_for(accounts)


def fingerprint(address: Path | str) -> bytes | int | None:
    """What changes with every write: the file's bytes (None while there is no file), or the lake's newest
    snapshot id."""
    if isinstance(address, Path):
        return address.read_bytes() if address.exists() else None
    from binjai import lake

    con = lake.connect(address)
    try:
        return lake.snapshot_id(con)
    finally:
        con.close()


def work_copies(address: Path | str) -> list[Path]:
    """Private copies a file write left behind (`*.work-*`); a lake write makes none."""
    return list(address.parent.glob("*.work-*")) if isinstance(address, Path) else []


def nothing_written(address: Path | str) -> bool:
    """True while no batch was written: no file yet, or a lake without batches."""
    if isinstance(address, Path):
        return not address.exists()
    from etl import warehouse

    return warehouse.history(address).empty
