"""Application metrics: latest month in the period, previous month, 12-month trend, target by direction, and the
e-Mas / e-Saberling monthly figures from their own sources; all against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pandas as pd
import pytest

from binjai import db
from binjai.filters import Filters
from binjai.queries import apps
from tests import scorecard_fixtures as fx


@pytest.fixture
def wh(db_file):
    return db.warehouse(fx.build(db_file))


def _row(frame: pd.DataFrame, metric: str) -> pd.Series:
    return frame.set_index("metric").loc[metric]


def test_key_metrics_take_the_latest_month_inside_the_period(wh) -> None:
    frame = apps.key_metrics(wh, fx.PERIOD)
    assert frame["metric"].tolist() == ["usulan_diterima", "item_ssh_terbit", "asn_lapor_tepat_waktu",
                                        "kpm_terlayani", "penerimaan_pbb", "catin_konseling"]
    kinerja = _row(frame, "asn_lapor_tepat_waktu")
    # July 2024 (99) lies after the period; June is the latest month inside it.
    assert (kinerja["period"], kinerja["value"], kinerja["target"]) == (pd.Timestamp("2024-06-01"), 88.0, 90.0)
    assert kinerja["previous_value"] == 86.0 and kinerja["change"] == 2.0
    assert kinerja["target_pct"] == round(88 / 90 * 100, 1) == 97.8
    assert not kinerja["on_target"]
    # Trend: the 12 months ending June 2024 are July 2023 .. June 2024 (June 2023 is outside).
    assert kinerja["trend"] == [75.0, 80.0, 86.0, 88.0]


def test_previous_value_is_the_calendar_month_before(wh) -> None:
    ssh = _row(apps.key_metrics(wh, fx.PERIOD), "item_ssh_terbit")
    assert ssh["value"] == 50.0 and bool(ssh["on_target"])
    assert math.isnan(ssh["previous_value"])  # April exists, May does not
    assert ssh["trend"] == [30.0, 50.0]


def test_metric_without_data_in_the_period_keeps_its_row(wh) -> None:
    frame = apps.key_metrics(wh, fx.PERIOD)
    catin = _row(frame, "catin_konseling")
    assert pd.isna(catin["period"]) and math.isnan(catin["value"]) and catin["trend"] == []
    assert pd.isna(catin["on_target"])
    pbb = _row(frame, "penerimaan_pbb")
    assert pbb["period"] == pd.Timestamp("2024-05-01") and not bool(pbb["on_target"])


def test_direction_down_meets_target_at_or_below() -> None:
    values, targets = pd.Series([5.0, 10.0, 11.0, 3.0]), pd.Series([10.0, 10.0, 10.0, float("nan")])
    result = apps.on_target(values, targets, pd.Series(["down", "down", "down", "up"]))
    assert result.tolist()[:3] == [True, True, False] and pd.isna(result.iloc[3])


def test_a_shorter_period_moves_the_latest_month(wh) -> None:
    april = replace(fx.PERIOD, end=dt.date(2024, 4, 30))
    kinerja = _row(apps.key_metrics(wh, april), "asn_lapor_tepat_waktu")
    assert (kinerja["period"], kinerja["value"]) == (pd.Timestamp("2024-04-01"), 80.0)
    assert math.isnan(kinerja["previous_value"])


def test_source_metrics_count_complaints_and_cleanups_by_month(wh) -> None:
    frame = apps.source_metrics(wh, fx.PERIOD)
    received = _row(frame, "emas_aduan_masuk")
    assert (received["period"], received["value"], received["previous_value"]) == (pd.Timestamp("2024-06-01"), 3.0, 2.0)
    assert len(received["trend"]) == 12 and received["trend"][-2:] == [2.0, 3.0]
    resolved = _row(frame, "emas_aduan_selesai_pct")
    assert (resolved["value"], resolved["previous_value"]) == (66.7, 50.0)  # 2 of 3 in June, 1 of 2 in May
    cleaned = _row(frame, "sab_titik_dibersihkan")
    assert (cleaned["value"], cleaned["previous_value"]) == (1.0, 1.0)
    assert _row(frame, "sab_laporan_masuk")["value"] == 2.0
    assert frame["target"].isna().all() and frame["on_target"].isna().all()


def test_source_metrics_follow_the_kecamatan_filter(wh) -> None:
    utara = replace(fx.PERIOD, kecamatan=("Binjai Utara",))
    assert _row(apps.source_metrics(wh, utara), "emas_aduan_masuk")["value"] == 2.0  # J2 is in Binjai Kota


def test_latest_full_month() -> None:
    assert apps.latest_full_month(Filters(dt.date(2024, 1, 1), dt.date(2024, 6, 30))) == dt.date(2024, 6, 1)
    assert apps.latest_full_month(Filters(dt.date(2024, 1, 1), dt.date(2024, 6, 29))) == dt.date(2024, 5, 1)
    assert apps.latest_full_month(Filters(dt.date(2024, 6, 3), dt.date(2024, 6, 20))) == dt.date(2024, 6, 1)


def test_every_application_appears_in_the_summary(wh) -> None:
    summary = apps.apps_summary(wh, fx.PERIOD).set_index("app")
    assert summary.index.tolist() == list(apps.APPS)
    assert summary.loc["e-Kinerja", ["metrics", "with_data", "with_target", "on_target"]].tolist() == [1, 1, 1, 0]
    assert summary.loc["e-Musrenbang", ["metrics", "with_data", "on_target"]].tolist() == [2, 1, 1]
    assert summary.loc["e-Mas", ["metrics", "with_data", "with_target"]].tolist() == [2, 2, 0]
    assert summary.loc["Catin", ["with_data"]].tolist() == [0]


def test_trend_frame_gives_each_metric_its_months(wh) -> None:
    frame = apps.trend_frame(wh, fx.PERIOD, (("e-Kinerja", "asn_lapor_tepat_waktu"), ("e-Mas", "emas_aduan_masuk")))
    kinerja = frame[frame["metric"] == "asn_lapor_tepat_waktu"]
    assert kinerja["value"].tolist() == [75.0, 80.0, 86.0, 88.0]
    assert kinerja["target"].tolist() == [85.0, 85.0, 85.0, 90.0]
    assert frame[frame["metric"] == "emas_aduan_masuk"]["value"].sum() == 5.0
