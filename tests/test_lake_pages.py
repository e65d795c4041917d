"""Every public page runs on a DuckLake warehouse (BINJAI_WAREHOUSE=ducklake+postgresql://...), with its data files
in a folder and in S3 object storage, and shows the same headline figures as on the DuckDB file seeded with the
same sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from binjai.ui.pages import PAGES
from etl.loading import seed_database
from tests.backends import new_lake, s3_server  # noqa: F401 - fixtures
from tests.conftest import ROOT

EXISTING = [spec for spec in PAGES if spec.exists and not spec.staff_only]


@pytest.fixture(scope="module", params=["lake", "s3"])
def sample_lake(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A lake seeded with the same sample data as the session's sample file (scale 0.25), its data files in a
    folder, then in a bucket."""
    address = new_lake(request, request.param, tmp_path_factory.mktemp("lake") / "data")
    seed_database(address, scale=0.25)
    return address


def _metrics(path: str) -> list[str]:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    if path != "dashboard.py":
        at.switch_page(path)
        at.run()
    assert not at.exception, at.exception
    return [m.value for m in at.metric]


@pytest.mark.file_only(reason="compares the lake with the sample file, which is itself a lake on the lake run")
@pytest.mark.parametrize("spec", EXISTING, ids=[s.page_id for s in EXISTING])
def test_page_runs_on_the_lake_with_the_file_s_figures(spec, sample_lake: str, sample_db: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BINJAI_WAREHOUSE", raising=False)
    monkeypatch.setenv("BINJAI_DB", str(sample_db))
    on_file = _metrics(spec.path)
    assert on_file or spec.path != "dashboard.py"
    monkeypatch.setenv("BINJAI_WAREHOUSE", sample_lake)
    assert _metrics(spec.path) == on_file
