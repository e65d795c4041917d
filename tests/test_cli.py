"""The `python -m etl` command line: load, reject with row/column messages, template, history, rollback, seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etl import cli, warehouse
from tests.backends import fingerprint

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "validate" / "good"
BAD = ROOT / "tests" / "fixtures" / "validate" / "bad"


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "--db", str(db), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_load_indonesian_excel_csv_then_reject_broken_file_without_change(db_file: Path) -> None:
    ok = run_cli("load", "e_mas", str(GOOD / "e_mas_indonesian_excel.csv"), "--user", "dewi", db=db_file)
    assert ok.returncode == 0, ok.stderr
    assert "batch 1" in ok.stdout and "3 baru" in ok.stdout
    before = fingerprint(db_file)
    bad = run_cli("load", "e_mas", str(BAD / "e_mas_status_rules.csv"), db=db_file)
    assert bad.returncode == 1
    assert "DITOLAK: 5 masalah" in bad.stderr
    assert 'Baris 4, kolom rating, nilai "7": Di luar rentang yang diizinkan (1 s.d. 5).' in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout
    assert fingerprint(db_file) == before


def test_messages_in_english(db_file: Path) -> None:
    bad = run_cli("--lang", "en", "load", "e_mas", str(BAD / "e_mas_unknown_kelurahan.csv"), db=db_file)
    assert bad.returncode == 1
    assert "Did you mean Pahlawan?" in bad.stderr and "REJECTED" in bad.stderr


@pytest.mark.parametrize(("name", "content"), [
    ("kosong.csv", b""),
    ("foto.csv", bytes(range(256)) * 4),
    ("laporan.xlsx", b"PK\x03\x04 truncated zip"),
])
def test_unreadable_files_exit_1_without_traceback(db_file: Path, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = fingerprint(db_file)
    result = run_cli("load", "e_mas", str(path), db=db_file)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "DITOLAK" in result.stderr
    assert fingerprint(db_file) == before


def test_missing_file_and_wrong_source(db_file: Path) -> None:
    missing = run_cli("load", "e_mas", "/nonexistent/aduan.csv", db=db_file)
    assert missing.returncode == 1 and "Tidak dapat membuka" in missing.stderr
    wrong = run_cli("load", "e_mas", str(GOOD / "e_saberling_comma_dot.csv"), db=db_file)
    assert wrong.returncode == 1 and "Kolom wajib ini tidak ada" in wrong.stderr


def test_same_file_twice_is_reported_and_changes_nothing(db_file: Path, capsys: pytest.CaptureFixture) -> None:
    path = str(GOOD / "e_saberling_comma_dot.csv")
    assert cli.main(["--db", str(db_file), "load", "e_saberling", path]) == 0
    before = fingerprint(db_file)
    assert cli.main(["--db", str(db_file), "load", "e_saberling", path]) == 0
    assert "sudah pernah dimuat sebagai batch 1" in capsys.readouterr().out
    assert fingerprint(db_file) == before


def test_template_history_and_rollback(db_file: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["template", "quick_wins"]) == 0
    assert capsys.readouterr().out.startswith("program_id;program_name;dimension;opd;horizon;")
    assert cli.main(["--db", str(db_file), "history"]) == 0
    assert "Belum ada batch" in capsys.readouterr().out
    assert cli.main(["--db", str(db_file), "load", "quick_wins", str(GOOD / "quick_wins_rupiah_months.csv")]) == 0
    assert cli.main(["--db", str(db_file), "history"]) == 0
    assert "quick_wins_rupiah_months.csv" in capsys.readouterr().out
    assert cli.main(["--db", str(db_file), "rollback", "1", "--user", "admin"]) == 0
    assert "Batch 1 (quick_wins) dibatalkan" in capsys.readouterr().out
    con = warehouse.reading(db_file)
    assert con.execute("SELECT count(*) FROM quick_wins").fetchone()[0] == 0
    con.close()
    assert cli.main(["--db", str(db_file), "rollback", "1"]) == 1
    assert "sudah dibatalkan" in capsys.readouterr().err


def test_seed_if_empty_and_refusal(db_file: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["--db", str(db_file), "seed", "--scale", "0.05"]) == 0
    history = warehouse.history(db_file)
    assert history["is_sample"].all()
    assert set(history["source"]) == {"quick_wins", "e_mas", "e_saberling", "app_metrics"}
    assert cli.main(["--db", str(db_file), "seed", "--if-empty"]) == 0
    assert len(warehouse.history(db_file)) == 4
    assert cli.main(["--db", str(db_file), "seed"]) == 1
    assert "--force" in capsys.readouterr().err


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("seed", "load", "template", "history", "rollback", "docs"):
        assert f"python -m etl {command}" in readme, command
