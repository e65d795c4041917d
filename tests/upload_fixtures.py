"""Fixtures shared by the upload tests: accounts, a small hand-made e_mas warehouse and CSV files as staff send them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import auth, clock
from etl import warehouse
from tests.conftest import ROOT, emas_frame

PASSWORDS = {"dewi": "sandi-dewi-dlh-01", "rudi": "sandi-rudi-kominfo-01", "admin": "sandi-admin-binjai-01"}
HEADER = ["complaint_id", "received_at", "channel", "category", "kelurahan", "kecamatan", "latitude", "longitude",
          "opd", "status", "responded_at", "resolved_at", "rating", "description"]


def write_accounts(path: Path | None) -> Path | None:
    """dewi (staff DLH: e_saberling), rudi (staff Diskominfo: e_mas) and admin, with real Argon2id hashes (None:
    into the shared store of $BINJAI_WAREHOUSE)."""
    accounts = [
        auth.Account("dewi", "Dewi Lestari", "staff", "DLH", ("e_saberling",), auth.hash_password(PASSWORDS["dewi"])),
        auth.Account("rudi", "Rudi Hartono", "staff", "Diskominfo", ("e_mas",), auth.hash_password(PASSWORDS["rudi"])),
        auth.Account("admin", "Admin Kominfo", "admin", "Diskominfo", (), auth.hash_password(PASSWORDS["admin"])),
    ]
    auth.update_accounts(lambda table: table.update({a.name: a for a in accounts}), path)
    return path


def use_accounts(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    """Point the app at the accounts file `path` (None: the shared store), with no sign-in requirement and fresh
    throttles."""
    from binjai.auth import signin

    if path is not None:
        monkeypatch.setenv("BINJAI_ACCOUNTS", str(path))
    monkeypatch.delenv("BINJAI_REQUIRE_LOGIN", raising=False)
    monkeypatch.setattr(signin, "THROTTLE", auth.Throttle())
    monkeypatch.setattr(signin, "SERVER_CAP", auth.RateCap())


def staff_env(monkeypatch: pytest.MonkeyPatch, accounts: Path | None, db: Path | str) -> None:
    """Point the app at `accounts` (see use_accounts) and seed the three-complaint warehouse in `db`."""
    use_accounts(monkeypatch, accounts)
    seed_three_complaints(db)


def recent_day(days_ago: int) -> dt.datetime:
    """A time of day `days_ago` days before the last day of the last complete month in WIB: inside the default
    period (the last 12 complete months) whatever today's date is."""
    today = clock.today()
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    return dt.datetime.combine(month_end - dt.timedelta(days=days_ago), dt.time(9, 0))


def seed_three_complaints(db: Path | str) -> None:
    """The starting warehouse: complaints A, B and C received 10 days ago, status baru, loaded by `seed`."""
    received = pd.Timestamp(recent_day(10))
    frame = emas_frame([{"complaint_id": key, "received_at": received} for key in ("A", "B", "C")])
    warehouse.load_frame(db, "e_mas", frame, file_name="awal.csv", sha256="seed", user="seed")


def csv_row(complaint_id: str, received: dt.datetime, **changes: str) -> dict[str, str]:
    """One complaint as a staff member writes it in Excel (Indonesian dates), matching emas_frame's defaults."""
    row = dict.fromkeys(HEADER, "")
    row.update({"complaint_id": complaint_id, "received_at": received.strftime("%d/%m/%Y %H:%M"),
                "channel": "aplikasi", "category": "Kebersihan & Sampah", "kelurahan": "Pahlawan",
                "kecamatan": "Binjai Utara", "opd": "DLH", "status": "baru"})
    row.update(changes)
    return row


def csv_bytes(rows: list[dict[str, str]], separator: str = ";") -> bytes:
    """A CSV as Indonesian Excel saves it (`;`, UTF-8 with BOM)."""
    out = io.StringIO()
    pd.DataFrame(rows, columns=HEADER).to_csv(out, sep=separator, index=False)
    return out.getvalue().encode("utf-8-sig")


def good_file() -> bytes:
    """A unchanged, B updated (diproses, responded), D and E new: preview 2 new, 1 updated, 1 unchanged."""
    received = recent_day(10)
    responded = (received + dt.timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
    return csv_bytes([
        csv_row("A", received),
        csv_row("B", received, status="diproses", responded_at=responded),
        csv_row("D", recent_day(2), description="<b>Lampu mati</b> =HYPERLINK(\"http://x\")"),
        csv_row("E", recent_day(1), kelurahan="12.75.01.1001"),
    ])


def bad_file() -> bytes:
    """Three errors: row 3 kelurahan 'Pahlawann', row 4 status 'beres', row 5 repeats the key of row 2."""
    received = recent_day(3)
    return csv_bytes([
        csv_row("X1", received),
        csv_row("X2", received, kelurahan="Pahlawann"),
        csv_row("X3", received, status="beres"),
        csv_row("X1", received),
    ])


def zip_bomb() -> bytes:
    """An 'XLSX' whose one member unpacks from a few hundred KB to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(block)
    return out.getvalue()


def open_app(path: str = "dashboard.py", lang: str = "id", user: str | None = None) -> AppTest:
    """Run the app from dashboard.py, optionally sign in through the sign-in page, then switch to `path`."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    if lang != "id":
        at.query_params["lang"] = lang
    at.run()
    if user:
        at.switch_page("pages/11_masuk.py").run()
        sign_in(at, user, PASSWORDS[user])
    if path != "dashboard.py":
        at.switch_page(path).run()
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    """Fill in and submit the sign-in form."""
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button(key="login_submit").click().run()


def upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    """Choose a file in the page's file uploader and rerun."""
    at.file_uploader[0].set_value((name, content, mime))
    return at.run()
