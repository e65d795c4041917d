"""`python -m etl compact`: DuckLake's maintenance keeps every row and removes only what nothing uses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from binjai import lake
from etl import cli, warehouse
from etl.lake_maintenance import compact
from tests.backends import new_lake, s3_server  # noqa: F401 - fixtures
from tests.conftest import emas_frame


class _Stray:
    """A file a killed save left in the lake's data path (a folder or a bucket)."""

    def __init__(self, request: pytest.FixtureRequest, address: str, key: str) -> None:
        url = lake.parse(address)
        self.client = request.getfixturevalue("s3_server").client() if url.on_object_store else None
        self.bucket, self.key = url.bucket, url.data_path.split(url.bucket + "/", 1)[-1] + key
        self.path = Path(url.data_path) / key
        if self.client:
            self.client.put_object(Bucket=self.bucket, Key=self.key, Body=b"PAR1")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(b"PAR1")

    def listed(self) -> list[str]:
        return [o["Key"] for o in self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])]

    def exists(self) -> bool:
        return self.key in self.listed() if self.client else self.path.exists()

    def parquet_files(self) -> list[str]:
        return [k for k in self.listed() if k.endswith(".parquet")]


def _rows(address: str, sql: str) -> list[tuple]:
    return [tuple(r) for r in warehouse._read(address, sql, []).itertuples(index=False)]


@pytest.mark.parametrize("kind", ["lake", "s3"])
def test_compact_keeps_every_row_and_deletes_stray_files(kind: str, request: pytest.FixtureRequest,
                                                         tmp_path: Path) -> None:
    address = new_lake(request, kind, tmp_path / "lake")
    for n in range(3):
        warehouse.load_frame(address, "e_mas", emas_frame([{"complaint_id": f"C{n}"}]), file_name=f"{n}.csv",
                             sha256=str(n), user="u")
    before = warehouse._read(address, "SELECT * FROM e_mas ORDER BY complaint_id", [])
    stray = _Stray(request, address, "main/e_mas/ducklake-left-by-a-killed-save.parquet")
    assert stray.exists()
    done = compact(address, keep_days=0, file_days=0)
    assert done["flushed"] > 0  # three small batches were inlined in the catalog; now they are Parquet files
    assert done["expired"] > 0 and done["deleted"] >= 1
    assert not stray.exists()
    if kind == "s3":
        assert stray.parquet_files()  # the flushed and merged data went to the bucket
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
