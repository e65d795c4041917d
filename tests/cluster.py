"""The local cluster of `scripts/run_cluster.sh` (PostgreSQL + DuckLake, N dashboard replicas, haproxy), started
through that script on free loopback ports in a private folder, for the cluster tests and the cluster benchmark."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.conftest import LOOPBACK, ROOT, free_port

SCRIPT = ROOT / "scripts" / "run_cluster.sh"
READY = "cluster ready"
START_TIMEOUT_S = 300.0
HAPROXY = ("/usr/sbin/haproxy", "/usr/bin/haproxy")


@dataclass
class Cluster:
    """A running cluster: haproxy's base URL, the warehouse address, the replicas' ports and the script process."""

    url: str
    address: str
    folder: Path
    replica_ports: list[int]
    process: subprocess.Popen
    log: Path

    def replica_pid(self, number: int) -> int:
        """The process id of replica `number` (1-based) as the script recorded it."""
        return int((self.folder / f"replica-{number}.pid").read_text())

    def replica_url(self, number: int) -> str:
        """Replica `number`'s own address (bypassing haproxy)."""
        return f"http://{LOOPBACK}:{self.replica_ports[number - 1]}"

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the script's output, for failure messages."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


def haproxy_installed() -> bool:
    """True when haproxy is installed, after trying to install it the way the cluster script does."""
    if not any(Path(p).exists() for p in HAPROXY):
        subprocess.run(["bash", str(ROOT / "scripts" / "install_system_packages.sh"), "--haproxy-only"],
                       check=False, capture_output=True)
    return any(Path(p).exists() for p in HAPROXY)


def healthy(url: str) -> bool:
    """True when Streamlit (or haproxy in front of it) answers `/_stcore/health`."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _free_run(count: int) -> int:
    """The first of `count` consecutive loopback ports that are free right now."""
    for _ in range(50):
        first = free_port()
        if first + count < 65535 and all(_port_free(first + n) for n in range(1, count)):
            return first
    raise RuntimeError("no run of free ports found")


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def _stop(process: subprocess.Popen) -> None:
    """Stop the script (its trap stops replicas, haproxy and PostgreSQL); the process group is killed as a last resort."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def run_cluster(replicas: int = 2, env: Mapping[str, str] | None = None) -> Iterator[Cluster]:
    """`bash scripts/run_cluster.sh` with `replicas` replicas in a fresh folder (no sample data unless `env` sets
    SEED_SCALE), until the `with` block ends."""
    parent = Path(tempfile.mkdtemp(prefix="binjai-cluster-"))
    parent.chmod(0o755)  # PostgreSQL runs as the `postgres` user, which must reach its folder
    folder, log = parent / "cluster", parent / "cluster.log"
    port, pg_port, first = free_port(), free_port(), _free_run(replicas)
    settings = {"PORT": str(port), "ADDRESS": LOOPBACK, "REPLICAS": str(replicas), "REPLICA_PORT": str(first),
                "PG_PORT": str(pg_port), "CLUSTER_DIR": str(folder), "SEED_SCALE": "0"}
    full_env = {**os.environ, **settings, **(env or {})}
    with open(log, "ab") as out:
        process = subprocess.Popen(["bash", str(SCRIPT)], cwd=ROOT, env=full_env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    address = f"ducklake+postgresql://postgres@127.0.0.1:{pg_port}/binjai?data_path={folder}/lake/"
    cluster = Cluster(f"http://{LOOPBACK}:{port}", address, folder, [first + n for n in range(replicas)], process,
                      log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while READY not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the cluster did not start:\n{cluster.log_tail()}")
            time.sleep(0.5)
        yield cluster
    finally:
        _stop(process)
        shutil.rmtree(parent, ignore_errors=True)
