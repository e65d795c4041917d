"""The hostile-input corpus (tests/fixtures/bad_inputs/) through the command line and the upload page: each file
is refused or accepted as EXPECTED.toml says, with the message naming row and column, and the warehouse unchanged
byte for byte on refusal."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import auth
from binjai.i18n import t
from binjai.ui import session
from binjai.ui.pages import page
from etl import warehouse
from etl.validate import Problem
from tests.backends import copy_warehouse, fingerprint, new_warehouse, work_copies
from tests.conftest import FIXTURES, ROOT, admin_accounts, emas_frame, use_warehouse
from tests.fixtures.parsing.make_xlsx import zip_bomb

CORPUS = FIXTURES / "bad_inputs"
EXPECTED: dict[str, dict] = tomllib.loads((CORPUS / "EXPECTED.toml").read_text(encoding="utf-8"))["files"]
HEADER = "complaint_id,received_at,category,kelurahan,opd,status,latitude,longitude,description\n"
BASE_ROWS = 2
MIME_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "pdf": "application/pdf"}


def _row(complaint_id: str, description: str) -> str:
    """One valid e-Mas CSV line with the given id and description."""
    return f"{complaint_id},2024-03-04 09:00,Kebersihan & Sampah,Pahlawan,DLH,baru,,,{description}\n"


def _big_cell() -> bytes:
    """One 10 MB description cell."""
    return (HEADER + _row("BIG-1", "x" * (10 * 1024 * 1024))).encode()


def _long_description() -> bytes:
    """A description of 5,001 characters (the contract allows 5,000) in the second data row."""
    return (HEADER + _row("LONG-1", "a" * 5000) + _row("LONG-2", "b" * 5001)).encode()


GENERATORS = {"big_cell.csv": _big_cell, "long_description.csv": _long_description, "zip_bomb.xlsx": zip_bomb}


def corpus_file(name: str, folder: Path) -> Path:
    """The corpus file `name`: the committed one, or a freshly generated one under `folder`."""
    if EXPECTED[name].get("generated"):
        path = folder / name
        path.write_bytes(GENERATORS[name]())
        return path
    return CORPUS / name


def message_parts(message: dict, lang: str) -> list[str]:
    """What one line of the report must contain: row, column and value (when given) and the reason."""
    problem = Problem(message["key"], params=message.get("params", {}))
    parts = [problem.reason(lang)]
    if "row" in message:
        parts.append(t("report.row", lang, row=message["row"]) + ",")
    if "column" in message:
        parts.append(t("report.column", lang, column=message["column"]))
    if "value" in message:
        parts.append(t("report.value", lang, value=f'"{message["value"]}"'))
    return parts


def assert_reported(report: str, entry: dict, lang: str = "id") -> None:
    """Every expected message of `entry` appears on one line of `report`."""
    lines = report.splitlines()
    for message in entry["messages"]:
        parts = message_parts(message, lang)
        assert any(all(part in line for part in parts) for line in lines), f"{parts} not in:\n{report}"


@pytest.fixture(scope="module")
def base_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """A warehouse holding two e-Mas complaints, built once for the module."""
    path = new_warehouse(request, tmp_path_factory.mktemp("bad_inputs_base"))
    frame = emas_frame([{"complaint_id": "BASE-1"}, {"complaint_id": "BASE-2", "description": "awal"}])
    warehouse.load_frame(path, "e_mas", frame, file_name="base.csv", sha256="base", user="tester")
    return path


@pytest.fixture
def db(base_db: Path | str, tmp_path: Path) -> Path | str:
    """A private copy of the base warehouse for one test."""
    return copy_warehouse(base_db, tmp_path)


def run_cli_load(db: Path, source: str, path: Path, lang: str = "id") -> subprocess.CompletedProcess:
    """`python -m etl --db DB --lang LANG load SOURCE FILE` as a separate process."""
    command = [sys.executable, "-m", "etl", "--db", str(db), "--lang", lang, "load", source, str(path), "--user", "qa"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)


def stored_descriptions(db: Path) -> dict[str, str]:
    """complaint_id -> description of every current e-Mas row."""
    con = warehouse.reading(db)
    try:
        return dict(con.execute("SELECT complaint_id, description FROM e_mas").fetchall())
    finally:
        con.close()


def committed_batches(db: Path) -> int:
    """How many batches are committed."""
    con = warehouse.reading(db)
    try:
        return int(con.execute("SELECT count(*) FROM load_batches WHERE state = 'committed'").fetchone()[0])
    finally:
        con.close()


def test_corpus_and_expectations_match() -> None:
    committed = {p.name for p in CORPUS.iterdir() if p.name != "EXPECTED.toml"}
    declared = {name for name, entry in EXPECTED.items() if not entry.get("generated")}
    assert committed == declared
    assert set(GENERATORS) == {name for name, entry in EXPECTED.items() if entry.get("generated")}
    assert {entry["outcome"] for entry in EXPECTED.values()} == {"accepted", "refused"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_command_line_load(name: str, db: Path, tmp_path: Path) -> None:
    entry = EXPECTED[name]
    path = corpus_file(name, tmp_path)
    before = fingerprint(db)
    done = run_cli_load(db, entry["source"], path)
    assert "Traceback" not in done.stderr, done.stderr
    if entry["outcome"] == "refused":
        assert done.returncode == 1, done.stdout + done.stderr
        assert t("cli.rejected", "id", file=name, count=len(entry["messages"])) in done.stderr
        assert_reported(done.stderr, entry)
        assert fingerprint(db) == before
    else:
        assert done.returncode == 0, done.stderr
        stored = stored_descriptions(db)
        assert {key: stored.get(key) for key in entry["stored"]} == entry["stored"]
        assert len(stored) == BASE_ROWS + len(entry["stored"])
        assert committed_batches(db) == 2
    assert not work_copies(db)


def test_refusal_is_explained_in_english(db: Path, tmp_path: Path) -> None:
    entry = EXPECTED["swapped_coordinates.csv"]
    done = run_cli_load(db, entry["source"], corpus_file("swapped_coordinates.csv", tmp_path), lang="en")
    assert done.returncode == 1
    assert 'Row 3, column latitude, value "98.4873": Latitude and longitude are swapped.' in done.stderr
    assert "REJECTED: 1 problem(s). Nothing was loaded." in done.stderr


@pytest.fixture(scope="module")
def accounts_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """An accounts file with one administrator, and that administrator's session user."""
    return admin_accounts(tmp_path_factory.mktemp("bad_inputs_accounts"), "qa.admin")


def open_upload_page(db: Path, accounts: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch, source: str) -> AppTest:
    """The upload page, signed in as administrator, with `source` chosen."""
    use_warehouse(monkeypatch, db)
    monkeypatch.setenv("BINJAI_ACCOUNTS", str(accounts[0]))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state[session.TOKEN_KEY] = auth.store.create_session(accounts[1]["name"],
                                                                     path=auth.store.store_path(accounts[0]))
    at.run()
    at.switch_page(page("unggah").path).run()
    assert not at.exception, at.exception
    return at.selectbox(key="upl_source").set_value(source).run()


def _unescape(text: str) -> str:
    """Markdown-escaped text (as the page shows it) back to plain text (backslashes and word joiners removed)."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def _problem_rows(at: AppTest) -> list[dict[str, str]]:
    """Rows of the page's error table (Baris, Kolom, Nilai, Alasan) as strings."""
    columns = [t(f"report.h_{name}", "id") for name in ("row", "column", "value", "reason")]
    for element in at.dataframe:
        frame = element.value
        if list(frame.columns) == columns:
            return [{name: "" if pd.isna(v) else str(v) for name, v in zip(("row", "column", "value", "reason"),
                                                                             values, strict=True)}
                    for values in frame.itertuples(index=False)]
    return []


def assert_page_reported(at: AppTest, entry: dict) -> None:
    """Every expected message is on the page: in the error table when it has a row, else in an error box."""
    boxes = [_unescape(error.value) for error in at.error]
    table = _problem_rows(at)
    for message in entry["messages"]:
        reason = Problem(message["key"], params=message.get("params", {})).reason("id")
        if "row" in message:
            wanted = {"row": str(message["row"]), "column": message["column"], "reason": reason}
            found = [{key: row[key] for key in wanted} for row in table]
            assert wanted in found, f"{wanted} not in {table}"
            if "value" in message:
                assert any(row["value"] == message["value"] for row in table)
        else:
            assert any(reason in box for box in boxes), f"{reason!r} not in {boxes}"


@pytest.mark.skipif(not page("unggah").exists, reason="pages/10_unggah.py is not there yet")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_upload_page(name: str, db: Path, tmp_path: Path, accounts_file: tuple[Path, dict],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    entry = EXPECTED[name]
    at = open_upload_page(db, accounts_file, monkeypatch, entry["source"])
    before = fingerprint(db)
    data = corpus_file(name, tmp_path).read_bytes()
    at.file_uploader[0].set_value((name, data, MIME_TYPES[name.rsplit(".", 1)[-1]])).run()
    assert not at.exception, at.exception
    confirm = [button for button in at.button if button.key == "upl_confirm"]
    if entry["outcome"] == "refused":
        assert_page_reported(at, entry)
        assert confirm == []
        assert fingerprint(db) == before
    else:
        assert not at.error, [error.value for error in at.error]
        confirm[0].click().run()
        assert not at.exception, at.exception
        stored = stored_descriptions(db)
        assert {key: stored.get(key) for key in entry["stored"]} == entry["stored"]
        assert committed_batches(db) == 2
