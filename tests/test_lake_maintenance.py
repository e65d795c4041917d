"""`python -m etl compact`: DuckLake's maintenance keeps every row and removes only what nothing uses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import cli, warehouse
from etl.lake_maintenance import compact
from tests.backends import lake_address  # noqa: F401 - fixture
from tests.conftest import emas_frame


def _rows(address: str, sql: str) -> list[tuple]:
    return [tuple(r) for r in warehouse._read(address, sql, []).itertuples(index=False)]


def test_compact_keeps_every_row_and_deletes_stray_files(postgres_port: int, tmp_path: Path) -> None:  # noqa: F811
    address = lake_address(postgres_port, tmp_path / "lake")
    for n in range(3):
        warehouse.load_frame(address, "e_mas", emas_frame([{"complaint_id": f"C{n}"}]), file_name=f"{n}.csv",
                             sha256=str(n), user="u")
    before = warehouse._read(address, "SELECT * FROM e_mas ORDER BY complaint_id", [])
    stray = tmp_path / "lake" / "main" / "e_mas" / "ducklake-left-by-a-killed-save.parquet"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"PAR1")
    done = compact(address, keep_days=0, file_days=0)
    assert done["flushed"] > 0  # three small batches were inlined in the catalog; now they are Parquet files
    assert done["expired"] > 0 and done["deleted"] >= 1
    assert not stray.exists()
    pd.testing.assert_frame_equal(warehouse._read(address, "SELECT * FROM e_mas ORDER BY complaint_id", []), before)
    assert _rows(address, "SELECT count(*), count(DISTINCT batch_id) FROM history_e_mas") == [(3, 3)]
    later = warehouse.load_frame(address, "e_mas", emas_frame([{"complaint_id": "C9"}]), file_name="9.csv",
                                 sha256="9", user="u")
    assert later.batch_id == 4 and _rows(address, "SELECT count(*) FROM e_mas") == [(4,)]


def test_compact_on_a_duckdb_file_is_refused_with_the_reason(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["--db", str(tmp_path / "binjai.duckdb"), "--lang", "en", "compact"]) == 1
    assert "for the shared warehouse only" in capsys.readouterr().err
    assert not (tmp_path / "binjai.duckdb").exists()
