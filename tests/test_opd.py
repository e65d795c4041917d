"""OPD accountability: ranking figures equal the catalogue's, the OPD drill-through count equals its figure, targets, events."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from binjai.db import Warehouse, reader
from binjai.filters import from_params
from binjai.metrics import compute
from binjai.queries import drill, e_mas, opd
from binjai.settings import REFERENCE_DIR

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def ranked(sample_db: Path) -> tuple[Warehouse, object, object]:
    wh = reader(sample_db)
    filters = from_params({}, TODAY)
    return wh, filters, opd.ranking(wh, filters, TODAY)


def test_ranking_figures_are_the_catalogues(ranked) -> None:
    wh, filters, frame = ranked
    assert len(frame) > 3 and list(frame["rank"]) == list(range(1, len(frame) + 1))
    values = compute.by_id(compute.complaint_values(wh, filters, TODAY, 365))
    assert frame["received"].sum() == values["emas_received"].value
    assert frame["overdue_open"].sum() == values["emas_overdue_open"].value
    for row in frame.head(4).itertuples():
        head = e_mas.headline(wh, filters, e_mas.Selection(opd=(row.opd,)), today=TODAY)
        assert (row.received, row.resolved_on_time_pct) == (head["received"], head["resolved_on_time_pct"])
    shares = frame["resolved_on_time_pct"].dropna().tolist()
    assert shares == sorted(shares, reverse=True)


def test_drill_through_count_equals_the_figure(ranked) -> None:
    wh, filters, frame = ranked
    for row in frame.itertuples():
        question = drill.opd_asks(row.opd, "id")["overdue_open"]
        result = drill.ask(wh, question, filters, TODAY)
        records = result.records
        assert len(records) == result.value == row.overdue_open
        assert set(records["opd"]) <= {row.opd}


def test_monthly_trend_matches_the_headline(ranked) -> None:
    wh, filters, frame = ranked
    name = frame["opd"].iloc[0]
    monthly = opd.monthly(wh, filters, name, TODAY)
    assert len(monthly) == 12 and monthly["received"].sum() == frame["received"].iloc[0]


def test_targets_from_the_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ranked) -> None:
    wh, filters, _ = ranked
    shutil.copy(REFERENCE_DIR / "opd_targets.csv", tmp_path / "opd_targets.csv")
    (tmp_path / "opd_targets.csv").write_text("opd,metric_id,target\nDLH,emas_resolved_on_time_pct,99.9\n")
    monkeypatch.setattr(opd, "REFERENCE_DIR", tmp_path)
    frame = opd.ranking(wh, filters, TODAY).set_index("opd")
    assert frame.loc["DLH", "target"] == 99.9 and frame.loc["DLH", "on_target"] is False
    assert frame.drop("DLH")["target"].isna().all()



@pytest.mark.parametrize(("lang", "hundred", "pattern"), [("id", "100,0%", r"\d{1,3},\d%|–"),
                                                           ("en", "100.0%", r"\d{1,3}\.\d%|–")])
def test_ranking_table_writes_numbers_in_the_users_language(ranked, lang: str, hundred: str, pattern: str) -> None:
    import pandas as pd

    from binjai.charts.opd import ranking_table

    _, _, frame = ranked
    shown = ranking_table(frame, lang)
    assert shown["resolved_on_time_pct"].str.fullmatch(pattern).all(), list(shown["resolved_on_time_pct"])
    assert list(shown["opd"]) == list(frame["opd"]) and list(shown["rank"]) == list(frame["rank"])
    full = ranking_table(pd.DataFrame({**{c: [100.0] for c in ("resolved_on_time_pct", "target")},
                                       "median_days": [2.5], "received": [1234], "overdue_open": [0],
                                       "late_programmes": [None]}), lang)
    assert full.iloc[0].to_dict() == {"resolved_on_time_pct": hundred, "target": hundred.replace(",0", "").replace(".0", ""),
                                      "median_days": "2,5" if lang == "id" else "2.5",
                                      "received": "1.234" if lang == "id" else "1,234", "overdue_open": "0",
                                      "late_programmes": "–"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_opd_page_shows_shares_with_the_languages_decimal_mark(app_env, lang: str) -> None:
    from tests.test_app_pages import _open

    at = _open("pages/08_opd.py", {"lang": lang})
    assert not at.exception, at.exception
    shares = at.dataframe[0].value["resolved_on_time_pct"]
    mark = "," if lang == "id" else "."
    assert shares.str.contains(mark, regex=False).any()
    assert not shares.str.contains("." if lang == "id" else ",", regex=False).any()
