"""The shared sign-in store across processes: what one dashboard replica writes, every other replica reads."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from binjai import auth, lake
from binjai.auth import manage, shared, store
from tests.backends import lake_address, private_postgres
from tests.conftest import ROOT
from tests.upload_fixtures import PASSWORDS, write_accounts

SHARED_SIGN_IN = True  # the lake run leaves sign-in state in the shared store here (tests/conftest.py)


@pytest.fixture
def address(postgres_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    """A DuckLake warehouse address set as $BINJAI_WAREHOUSE, with dewi, rudi and admin in its shared store."""
    value = lake_address(postgres_port, tmp_path / "lake")
    monkeypatch.setenv("BINJAI_WAREHOUSE", value)
    monkeypatch.delenv("BINJAI_ACCOUNTS", raising=False)
    write_accounts(None)
    return value


def replica(address: str, code: str) -> subprocess.Popen:
    """Another Python process (a replica) running `code` with the same $BINJAI_WAREHOUSE."""
    env = {**os.environ, "BINJAI_WAREHOUSE": address, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def output(process: subprocess.Popen) -> str:
    """What a replica printed; fails the test when it did not end well."""
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    return out.strip()


def test_the_shared_store_is_used_only_for_a_lake_and_no_named_file(address: str, tmp_path: Path) -> None:
    assert isinstance(store.store_path(), shared.Shared)
    assert store.store_path(tmp_path / "accounts.toml") == tmp_path / "auth.sqlite3"
    assert sorted(auth.load_accounts()) == ["admin", "dewi", "rudi"]
    assert auth.load_accounts(tmp_path / "accounts.toml") == {}


def test_a_session_started_in_one_replica_is_valid_in_another_until_signed_out(address: str) -> None:
    token = output(replica(address, "from binjai import auth; "
                                    f"print(auth.sign_in('rudi', {PASSWORDS['rudi']!r}, '10.0.0.5').token)"))
    session = store.lookup(token)
    assert session is not None and session.user_name == "rudi"
    code = store.issue_handoff(token)
    assert output(replica(address, "from binjai.auth import store; "
                                   f"print(store.redeem_handoff({code!r})[1].user_name)")) == "rudi"
    store.revoke(token, "rudi")
    assert output(replica(address, f"from binjai.auth import store; print(store.lookup({token!r}))")) == "None"


def test_audit_entries_from_two_replicas_are_all_listed(address: str) -> None:
    code = ("from binjai.auth import store\n"
            "for i in range(15):\n"
            "    store.record('{actor}', 'sessions_revoked', 'dewi', str(i))\n")
    running = [replica(address, code.format(actor=actor)) for actor in ("admin", "rudi")]
    for process in running:
        output(process)
    events = store.audit_events()
    assert sum(1 for event in events if event[2] == "sessions_revoked") == 30
    for actor in ("admin", "rudi"):
        assert sorted(int(e[4]) for e in events if e[1] == actor and e[2] == "sessions_revoked") == list(range(15))


def test_an_account_change_in_one_replica_holds_in_every_replica(address: str) -> None:
    manage.set_disabled("dewi", True, "admin")
    script = f"from binjai import auth; print(auth.sign_in('dewi', {PASSWORDS['dewi']!r}, 'c').reason)"
    assert output(replica(address, script)) == "auth.failed"
    output(replica(address, "from binjai.auth import manage; manage.set_disabled('dewi', False, 'admin')"))
    assert auth.sign_in("dewi", PASSWORDS["dewi"], "c").user["name"] == "dewi"


def test_failed_sign_ins_in_one_replica_throttle_the_same_client_in_another(address: str) -> None:
    guesses = ("from binjai import auth\n"
               "for i in range(3):\n"
               "    print(auth.sign_in('dewi', f'tebakan-salah-{i}', '10.0.0.66').reason)\n")
    assert output(replica(address, guesses)).split() == ["auth.failed"] * 3
    blocked = auth.sign_in("dewi", PASSWORDS["dewi"], "10.0.0.66")
    assert (blocked.user, blocked.reason) == (None, "auth.throttled") and 0 < blocked.wait_seconds <= 5
    assert auth.sign_in("dewi", PASSWORDS["dewi"], "10.0.0.7").user["name"] == "dewi"


def test_the_server_wide_cap_counts_the_checks_of_every_replica(address: str) -> None:
    place = shared.configured()
    cap = auth.RateCap(limit=4, window=60, clock=time.time, place=place)
    assert [cap.take() for _ in range(2)] == [0, 0]
    taken = output(replica(address, "import time; from binjai import auth; from binjai.auth import shared; "
                                    "cap = auth.RateCap(limit=4, window=60, clock=time.time, "
                                    "place=shared.configured()); print([cap.take() == 0 for _ in range(3)])"))
    assert taken == "[True, True, False]"
    assert 0 < cap.take() <= 60


def test_an_unreachable_shared_store_is_a_translated_refusal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BINJAI_WAREHOUSE", f"ducklake+postgresql://postgres@127.0.0.1:9/none?data_path={tmp_path}/")
    with pytest.raises(store.StoreError) as err:
        store.lookup("a-token")
    assert err.value.message("en").startswith("The shared account and session store")
    with pytest.raises(auth.AccountError):
        auth.load_accounts()


def test_accounts_of_a_file_are_imported_into_the_shared_store_once(address: str, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    from etl.cli import main as etl_main

    old = write_accounts(tmp_path / "accounts.toml")
    manage.set_disabled("dewi", True, "admin")
    manage.set_disabled("rudi", True, "admin", old)
    auth.update_accounts(lambda table: table.pop("admin"), None)
    assert etl_main(["--lang", "en", "user", "import", str(old)]) == 0
    assert "1 accounts copied: admin. Already there, left unchanged: dewi, rudi." in capsys.readouterr().out
    accounts = auth.load_accounts()
    assert accounts["admin"] == auth.load_accounts(old)["admin"] and accounts["dewi"].disabled
    assert not accounts["rudi"].disabled
    assert [e[3] for e in store.audit_events() if e[2] == "account_imported"] == ["admin"]
    assert auth.sign_in("admin", PASSWORDS["admin"], "c").user["role"] == "admin"
    assert etl_main(["user", "import", str(tmp_path / "none.toml")]) == 1
    assert "Berkas akun" in capsys.readouterr().err


def _backend_pid() -> int:
    """The PostgreSQL backend serving this process's next shared-store call."""
    with shared.connect(shared.configured()) as con:
        return int(con.execute("SELECT pg_backend_pid()").fetchone()[0])


def _sign_in_in_child(queue: multiprocessing.Queue) -> None:
    result = auth.sign_in("rudi", PASSWORDS["rudi"], "10.0.0.9")
    queue.put((result.token, _backend_pid()))


def test_a_forked_process_signs_in_on_its_own_connections_and_leaves_the_parent_s(address: str) -> None:
    parent_pid = _backend_pid()
    queue = multiprocessing.get_context("fork").SimpleQueue()
    child = multiprocessing.get_context("fork").Process(target=_sign_in_in_child, args=(queue,))
    child.start()
    child.join(120)
    assert child.exitcode == 0
    token, child_pid = queue.get()
    assert child_pid != parent_pid
    assert store.lookup(token).user_name == "rudi"  # started in the child, valid here
    assert _backend_pid() == parent_pid  # the child neither used nor closed the parent's connection


def test_a_killed_postgres_backend_does_not_break_sign_in(address: str, postgres_port: int) -> None:  # noqa: F811
    before = _backend_pid()
    with psycopg.connect(host="127.0.0.1", port=postgres_port, user="postgres", dbname="postgres",
                         autocommit=True) as admin:
        killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE application_name = %s AND datname = %s",
                               [shared.APPLICATION_NAME, lake.parse(address).dbname]).fetchone()[0]
    assert killed >= 1
    result = auth.sign_in("dewi", PASSWORDS["dewi"], "10.0.0.8")
    assert result.user["name"] == "dewi" and store.lookup(result.token).user_name == "dewi"
    assert _backend_pid() != before  # the dropped connection was replaced


def test_sign_in_works_again_after_postgresql_restarts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with private_postgres() as server:
        monkeypatch.setenv("BINJAI_WAREHOUSE", f"ducklake+postgresql://postgres@127.0.0.1:{server.port}/binjai"
                                               f"?data_path={tmp_path}/lake/")
        monkeypatch.delenv("BINJAI_ACCOUNTS", raising=False)
        write_accounts(None)
        token = auth.sign_in("dewi", PASSWORDS["dewi"], "10.0.0.4").token
        server.run("stop")
        with pytest.raises(store.StoreError):  # down: a translated refusal, after the pool's short wait
            store.lookup(token)
        server.run("start")
        assert store.lookup(token).user_name == "dewi"  # the pooled connections of before were replaced
        assert auth.sign_in("rudi", PASSWORDS["rudi"], "10.0.0.4").user["name"] == "rudi"
