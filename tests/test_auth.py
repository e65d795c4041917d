"""Accounts: Argon2id hashes, the accounts file, sign-in, throttling, write rights and the `user` command."""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path

import pytest

from binjai import auth
from binjai.ui.components import escape_markdown
from etl.cli import main as etl_main
from tests.backends import auth_store, shared_place  # noqa: F401 - fixtures
from tests.conftest import ROOT

PASSWORD = "kata-sandi-rahasia-1"


class Clock:
    """A hand-driven monotonic clock for the throttle."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_account(name: str = "dewi", *, role: str = "staff", sources: tuple[str, ...] = ("e_saberling",),
                 disabled: bool = False, password: str = PASSWORD) -> auth.Account:
    """An account with a real hash of `password`."""
    return auth.Account(name=name, display_name=name.title(), role=role, opd="DLH", sources=sources,
                        password_hash=auth.hash_password(password), disabled=disabled)


def write_accounts(path: Path | None, *accounts: auth.Account) -> Path | None:
    """Write `accounts` to `path` (None: the shared store) the way the command line does."""
    auth.update_accounts(lambda table: table.update({a.name: a for a in accounts}), path)
    return path


@pytest.fixture(scope="module")
def three_accounts() -> tuple[auth.Account, ...]:
    """Staff dewi, admin and the disabled off, hashed once for the module."""
    return make_account("dewi"), make_account("admin", role="admin", sources=()), make_account("off", disabled=True)


@pytest.fixture
def accounts_file(auth_store: Path | None, three_accounts: tuple[auth.Account, ...]) -> Path | None:  # noqa: F811
    """The three accounts in each store: the accounts file's path, then None for the shared store."""
    return write_accounts(auth_store, *three_accounts)


def counting_throttle(accounts: Path | None, clock: Clock, **options: float) -> auth.Throttle:
    """A throttle on `clock` counting where `accounts` leads (memory for a file, else the shared store)."""
    return auth.Throttle(clock=clock, place=shared_place(accounts), **options)


def store_args(accounts: Path | None) -> list[str]:
    """`--accounts FILE` for the file store; nothing for the shared store, which the command finds by itself."""
    return ["--accounts", str(accounts)] if accounts else []


def no_accounts(accounts: Path | None) -> bool:
    """True when the store holds no account (for a file: it was never written)."""
    return not accounts.exists() if accounts else auth.load_accounts() == {}


def run_cli(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    """Run `python -m etl ...` in-process with `stdin` as standard input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return etl_main(argv)


# --- hashes and the accounts file


def test_hash_is_salted_argon2id_and_never_the_password() -> None:
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and second.startswith("$argon2id$")
    assert first != second
    assert PASSWORD not in first


def test_short_password_is_refused() -> None:
    with pytest.raises(auth.AccountError) as err:
        auth.hash_password("kurang")
    assert err.value.key == "auth.cli.password_short"


def test_accounts_file_round_trip_with_awkward_text(tmp_path: Path) -> None:
    account = auth.Account(name="budi", display_name='Budi "B" \\ Santoso ] = [x]', role="staff", opd="DLH",
                           sources=("e_mas", "e_saberling"), password_hash="$argon2id$abc", disabled=True)
    path = write_accounts(tmp_path / "a.toml", account)
    assert auth.load_accounts(path) == {"budi": account}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_file_means_no_accounts(tmp_path: Path) -> None:
    assert auth.load_accounts(tmp_path / "none.toml") == {}


def test_broken_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[users.x\nrole = ", encoding="utf-8")
    with pytest.raises(auth.AccountError) as err:
        auth.load_accounts(path)
    assert err.value.key == "auth.accounts_unreadable"


def test_example_file_lists_accounts_that_cannot_sign_in() -> None:
    example = ROOT / "config" / "accounts.example.toml"
    accounts = auth.load_accounts(example)
    assert sorted(accounts) == ["admin", "dewi", "rudi", "walikota"]
    assert {a.role for a in accounts.values()} == {"staff", "admin", "viewer"}
    throttle = auth.Throttle(clock=Clock())
    for name in accounts:
        outcome = auth.sign_in(name, "PLACEHOLDER-create-with-python-m-etl-user-add", name, path=example,
                               throttle=throttle)
        assert (outcome.user, outcome.reason) == (None, "auth.failed")


# --- sign-in


def test_sign_in_success_returns_the_session_user(accounts_file: Path) -> None:
    outcome = auth.sign_in(" DeWi ", PASSWORD, "s1", path=accounts_file,
                             throttle=counting_throttle(accounts_file, Clock()))
    assert outcome.user == {"name": "dewi", "display_name": "Dewi", "role": "staff", "opd": "DLH",
                            "sources": ["e_saberling"]}
    assert "password_hash" not in outcome.user


@pytest.mark.parametrize(("name", "password"), [("dewi", "salah-sandi-1234"), ("nobody", PASSWORD), ("", PASSWORD),
                                                 ("dewi", "")])
def test_sign_in_failure_says_the_same_thing(accounts_file: Path, name: str, password: str) -> None:
    outcome = auth.sign_in(name, password, "s1", path=accounts_file,
                             throttle=counting_throttle(accounts_file, Clock()))
    assert (outcome.user, outcome.reason, outcome.wait_seconds) == (None, "auth.failed", 0)


def test_disabled_account_gets_the_wrong_password_answer(accounts_file: Path) -> None:
    outcome = auth.sign_in("off", PASSWORD, "s1", path=accounts_file,
                             throttle=counting_throttle(accounts_file, Clock()))
    wrong = auth.sign_in("dewi", "salah-sandinya-99", "s1", path=accounts_file,
                             throttle=counting_throttle(accounts_file, Clock()))
    assert (outcome.user, outcome.reason, outcome.token) == (None, "auth.failed", "") == \
        (wrong.user, wrong.reason, wrong.token)


# --- throttling


def test_delays_double_after_three_failures_and_stop_at_five_minutes() -> None:
    throttle = auth.Throttle()
    assert [throttle.delay_after(n) for n in range(0, 11)] == [0, 0, 0, 5, 10, 20, 40, 80, 160, 300, 300]


def test_throttle_waits_then_allows_again(auth_store: Path | None) -> None:  # noqa: F811
    clock = Clock()
    throttle = counting_throttle(auth_store, clock)
    for _ in range(3):
        throttle.failure("k")
    assert throttle.wait_seconds("k") == 5
    clock.now += 4
    assert throttle.wait_seconds("k") == 1
    clock.now += 1
    assert throttle.wait_seconds("k") == 0
    throttle.failure("k")
    assert throttle.wait_seconds("k") == 10
    throttle.success("k")
    assert throttle.wait_seconds("k") == 0


def test_throttle_forgets_after_an_hour_without_failures(auth_store: Path | None) -> None:  # noqa: F811
    clock = Clock()
    throttle = counting_throttle(auth_store, clock)
    for _ in range(9):
        throttle.failure("k")
    clock.now += 3601
    assert throttle.wait_seconds("k") == 0
    throttle.failure("k")
    assert throttle.wait_seconds("k") == 0


def test_a_stranger_guessing_slows_only_themself_never_the_real_user(accounts_file: Path) -> None:
    clock = Clock()
    throttle = counting_throttle(accounts_file, clock)
    outcomes = [auth.sign_in("dewi", f"salah-{i}-xxxxxx", "10.0.0.66", path=accounts_file, throttle=throttle)
                for i in range(3)]
    assert [(o.reason, o.wait_seconds) for o in outcomes] == [("auth.failed", 0), ("auth.failed", 0),
                                                               ("auth.failed", 5)]
    blocked = auth.sign_in("dewi", PASSWORD, "10.0.0.66", path=accounts_file, throttle=throttle)
    assert (blocked.user, blocked.reason, blocked.wait_seconds) == (None, "auth.throttled", 5)
    for i in range(20):
        auth.sign_in("dewi", f"lagi-{i}-xxxxxx", "10.0.0.66", path=accounts_file, throttle=throttle)
    assert auth.sign_in("dewi", PASSWORD, "10.0.0.7", path=accounts_file, throttle=throttle).user["name"] == "dewi"
    clock.now += 5
    assert auth.sign_in("dewi", PASSWORD, "10.0.0.66", path=accounts_file, throttle=throttle).user["name"] == "dewi"


def test_server_wide_cap_on_password_checks(accounts_file: Path) -> None:
    clock = Clock()
    cap = auth.RateCap(limit=3, window=60, clock=clock, place=shared_place(accounts_file))
    throttle = counting_throttle(accounts_file, clock)
    answers = [auth.sign_in(f"tamu{i}", "tebak-tebakan-1", f"10.1.0.{i}", path=accounts_file, throttle=throttle,
                            cap=cap).reason for i in range(4)]
    assert answers == ["auth.failed"] * 3 + ["auth.busy"]
    busy = auth.sign_in("dewi", PASSWORD, "10.0.0.7", path=accounts_file, throttle=throttle, cap=cap)
    assert (busy.user, busy.reason, busy.wait_seconds) == (None, "auth.busy", 60)
    clock.now += 60
    assert auth.sign_in("dewi", PASSWORD, "10.0.0.7", path=accounts_file, throttle=throttle, cap=cap).user


def test_throttle_table_stays_bounded(auth_store: Path | None) -> None:  # noqa: F811
    clock = Clock()
    throttle = counting_throttle(auth_store, clock, max_keys=10)
    for i in range(25):
        clock.now += 1
        throttle.failure(f"k{i}")
    assert throttle.tracked() == 10
    assert throttle.wait_seconds("k24") == 0 and throttle.wait_seconds("k0") == 0


# --- rights


@pytest.mark.parametrize(("user", "expected"), [
    ({"role": "admin", "sources": []}, ("quick_wins", "e_mas", "e_saberling", "app_metrics")),
    ({"role": "staff", "sources": ["e_saberling", "e_mas"]}, ("e_mas", "e_saberling")),
    ({"role": "staff", "sources": []}, ()),
    ({"role": "viewer", "sources": ["e_mas"]}, ()),
    (None, ()),
])
def test_writable_sources_by_role(user: dict | None, expected: tuple[str, ...]) -> None:
    assert auth.writable_sources(user) == expected


def test_dlh_staff_may_not_write_e_mas() -> None:
    dlh = make_account("dewi", sources=("e_saberling",)).session_user()
    assert auth.may_write(dlh, "e_saberling") and not auth.may_write(dlh, "e_mas")


def test_escape_markdown_neutralises_markup_links_and_icons() -> None:
    joiner = "\u2060"
    assert escape_markdown("**Budi** :material/home: [x](y) www.a.id") == (
        rf"\*\*Budi\*\* {joiner}\:{joiner}material/home{joiner}\:{joiner} \[x\]\(y\) www{joiner}\.{joiner}a{joiner}\.{joiner}id")


# --- the `python -m etl user` command


def test_cli_add_list_disable_enable_passwd(auth_store: Path | None, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                            capsys: pytest.CaptureFixture) -> None:
    path = auth_store
    base = ["user", *store_args(path)]
    assert run_cli([*base, "add", "Dewi", "--opd", "dlh", "--sources", "e_saberling,e_mas", "--password-stdin",
                    "--display-name", "Dewi Lestari"], monkeypatch, PASSWORD + "\n") == 0
    account = auth.load_accounts(path)["dewi"]
    assert (account.role, account.opd, account.sources, account.disabled) == ("staff", "DLH",
                                                                             ("e_saberling", "e_mas"), False)
    if path:
        assert PASSWORD not in path.read_text(encoding="utf-8")
    assert auth.sign_in("dewi", PASSWORD, "s", path=path, throttle=counting_throttle(path, Clock())).user is not None

    capsys.readouterr()
    assert run_cli([*base, "list"], monkeypatch) == 0
    listing = capsys.readouterr().out
    assert "dewi" in listing and "Dewi Lestari" in listing and "$argon2" not in listing

    assert run_cli([*base, "disable", "dewi"], monkeypatch) == 0
    assert auth.load_accounts(path)["dewi"].disabled
    assert run_cli([*base, "enable", "dewi"], monkeypatch) == 0
    assert not auth.load_accounts(path)["dewi"].disabled

    old_hash = auth.load_accounts(path)["dewi"].password_hash
    assert run_cli([*base, "passwd", "dewi", "--password-stdin"], monkeypatch, "sandi-baru-yang-panjang\n") == 0
    assert auth.load_accounts(path)["dewi"].password_hash != old_hash
    assert auth.sign_in("dewi", "sandi-baru-yang-panjang", "s2", path=path,
                        throttle=counting_throttle(path, Clock())).user is not None
    actions = [row[2] for row in auth.store.audit_events(path=auth.store.store_path(path))]
    assert actions == ["sign_in", "password_reset", "account_enabled", "account_disabled", "sign_in", "account_added"]


@pytest.mark.parametrize(("args", "key_text"), [
    (["add", "x1", "--opd", "DLH", "--sources", "e_nope"], 'Sumber "e_nope" tidak dikenal'),
    (["add", "x1", "--opd", "DLH"], "memerlukan --sources"),
    (["add", "x1", "--sources", "e_mas"], "memerlukan --opd"),
    (["add", "x1", "--opd", "Dinas Rahasia", "--sources", "e_mas"], 'OPD "Dinas Rahasia" tidak ada'),
    (["add", "x1", "--role", "admin", "--sources", "e_mas"], "hanya untuk akun petugas"),
    (["add", "a b", "--opd", "DLH", "--sources", "e_mas"], "tidak sah"),
    (["disable", "ghost"], "Akun ghost tidak ada"),
])
def test_cli_refusals_are_translated_and_change_nothing(auth_store: Path | None, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                                        capsys: pytest.CaptureFixture, args: list[str],
                                                        key_text: str) -> None:
    assert run_cli(["user", *store_args(auth_store), *args, *(["--password-stdin"] if args[0] == "add" else [])],
                   monkeypatch, PASSWORD + "\n") == 1
    assert key_text in capsys.readouterr().err
    assert no_accounts(auth_store)


def test_cli_add_twice_and_short_password(auth_store: Path | None, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                          capsys: pytest.CaptureFixture) -> None:
    base = ["--lang", "en", "user", *store_args(auth_store), "add", "rudi", "--opd", "Diskominfo",
            "--sources", "e_mas", "--password-stdin"]
    assert run_cli(base, monkeypatch, "short\n") == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert run_cli(base, monkeypatch, PASSWORD + "\n") == 0
    assert run_cli(base, monkeypatch, PASSWORD + "\n") == 1
    assert "already exists" in capsys.readouterr().err
    assert sorted(auth.load_accounts(auth_store)) == ["rudi"]


def test_cli_prompts_twice_without_echo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter([PASSWORD, PASSWORD, PASSWORD, "something-else-1"])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(typed))
    monkeypatch.setattr(sys, "stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    path = tmp_path / "a.toml"
    assert etl_main(["user", "--accounts", str(path), "add", "sari", "--role", "viewer"]) == 0
    assert prompts == ["Kata sandi baru: ", "Ulangi kata sandi: "]
    assert etl_main(["user", "--accounts", str(path), "add", "tono", "--role", "viewer"]) == 1
    assert sorted(auth.load_accounts(path)) == ["sari"]


def test_cli_without_terminal_asks_for_password_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture) -> None:
    assert run_cli(["user", "--accounts", str(tmp_path / "a.toml"), "add", "sari", "--role", "viewer"],
                   monkeypatch) == 1
    assert "--password-stdin" in capsys.readouterr().err
