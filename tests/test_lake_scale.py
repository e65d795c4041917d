"""The 10-million-complaint DuckLake benchmark (bench.lake_scale) works end to end at a tiny scale: every step runs,
the lake and its DuckDB copy hold the asked rows, and the staff upload's counts are what the warehouse records.
Not timed: the seconds it reports are not checked."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from bench import lake_build, lake_scale
from etl import warehouse


def test_renumbered_chunks_keep_ids_unique_and_numbered_per_year() -> None:
    offsets: dict[int, int] = {}
    first = pd.DataFrame({"complaint_id": ["EMAS-2024-000001", "EMAS-2024-000002", "EMAS-2025-000001"]})
    second = pd.DataFrame({"complaint_id": ["EMAS-2024-000001", "EMAS-2025-000001", "EMAS-2025-000002"]})
    ids = [*lake_build.renumber(first, "e_mas", offsets).complaint_id,
           *lake_build.renumber(second, "e_mas", offsets).complaint_id]
    assert ids == ["EMAS-2024-0000001", "EMAS-2024-0000002", "EMAS-2025-0000001",
                   "EMAS-2024-0000003", "EMAS-2025-0000002", "EMAS-2025-0000003"]
    assert offsets == {2024: 3, 2025: 3}


def test_chunks_cover_the_total() -> None:
    assert lake_build.chunks(2_500, 1_000) == [1_000, 1_000, 500]
    assert lake_build.chunks(0, 1_000) == []


@pytest.mark.slow
def test_the_scale_benchmark_runs_end_to_end_at_a_tiny_scale(tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "LAKE_SCALE.md"
    assert lake_scale.main(["--complaints", "2000", "--reports", "400", "--programmes", "40", "--chunk", "800",
                            "--upload-rows", "500", "--warm", "1", "--pages", "overview", "--workdir", str(work),
                            "--out", str(out)]) == 0
    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert results["build"]["rows"]["e_mas"] == 2000 and results["build"]["rows"]["e_saberling"] == 400
    assert [b["rows"] for b in results["build"]["batches"] if b["source"] == "e_mas"] == [800, 800, 400]
    assert results["copy"]["rows"] == results["build"]["rows"]
    assert results["folder_before"]["parquet"] > 0
    for name in ("pages_lake", "pages_file"):
        (page,) = results[name]["pages"]
        assert page["page"] == "overview" and not page["cold"]["exception"] and page["cold"]["queries"] > 0
    staff = results["staff_file"]
    assert staff["rows"] == 500 and staff["new"] + staff["updated"] + staff["unchanged"] == 500
    last = warehouse.history(work / "same_data.duckdb", limit=1).iloc[0]
    assert last["source"] == "e_mas" and last["file_name"] == "upload.csv"
    assert (last["rows_inserted"], last["rows_updated"], last["rows_unchanged"]) == (
        staff["new"], staff["updated"], staff["unchanged"])
    assert "load_lake" in results and "batch" in results["load_lake"]["stdout"]
    report = out.read_text(encoding="utf-8")
    assert "| overview |" in report and "2,000 complaints" in report
