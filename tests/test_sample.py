"""Sample-data generator: determinism, volumes, canonical columns and dtypes, contract rules, realism checks."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from binjai import reference
from data_sources import CONTRACTS
from data_sources.contract import EARLIEST_DATE, Kind
from etl import sample

TODAY = date(2026, 11, 22)
END_OF_TODAY = pd.Timestamp(TODAY) + pd.Timedelta(days=1)
EARLIEST = pd.Timestamp(EARLIEST_DATE)
TEXT_KINDS = {Kind.TEXT, Kind.ENUM, Kind.KELURAHAN, Kind.KECAMATAN, Kind.OPD, Kind.CATEGORY, Kind.METRIC}


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return sample.generate_all(today=TODAY)


def test_same_arguments_give_identical_frames(frames):
    again = sample.generate_all(today=TODAY)
    for source, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[source])
    pd.testing.assert_frame_equal(sample.generate("e_mas", scale=0.2, seed=5, today=TODAY),
                                  sample.generate("e_mas", scale=0.2, seed=5, today=TODAY))


def test_another_seed_gives_other_data(frames):
    other = sample.generate("e_mas", seed=sample.SAMPLE_SEED + 1, today=TODAY)
    assert not other["received_at"].equals(frames["e_mas"]["received_at"])


def test_generate_all_keys_and_unknown_source(frames):
    assert list(frames) == ["quick_wins", "e_mas", "e_saberling", "app_metrics"]
    with pytest.raises(ValueError):
        sample.generate("nope", today=TODAY)


def test_volumes_at_scale_one(frames):
    assert 34 <= frames["quick_wins"]["program_id"].nunique() <= 46
    assert 17_000 <= len(frames["e_mas"]) <= 23_000
    assert 3_400 <= len(frames["e_saberling"]) <= 4_600
    catalogue = reference.metric_catalogue()
    series = frames["app_metrics"][["app", "metric"]].drop_duplicates()
    assert len(series) == len(catalogue)


def test_scale_multiplies_volumes(frames):
    double = sample.generate("e_mas", scale=2, today=TODAY)
    assert 1.8 <= len(double) / len(frames["e_mas"]) <= 2.2
    assert double["complaint_id"].is_unique
    programmes = sample.generate("quick_wins", scale=3, today=TODAY)["program_id"].nunique()
    assert 100 <= programmes <= 140
    metrics = sample.generate("app_metrics", scale=3, today=TODAY)
    pd.testing.assert_frame_equal(metrics, frames["app_metrics"])


def test_columns_and_dtypes_follow_the_contract(frames):
    for source, frame in frames.items():
        contract = CONTRACTS[source]
        assert list(frame.columns) == contract.column_names
        for col in contract.columns:
            series = frame[col.name]
            if col.kind in TEXT_KINDS:
                assert series.dtype == object, (source, col.name)
                assert series.map(lambda v: v is None or type(v) is str).all(), (source, col.name)
            elif col.kind in (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH):
                assert series.dtype == np.dtype("datetime64[ns]"), (source, col.name)
            elif col.kind == Kind.INTEGER:
                assert series.dtype == pd.Int64Dtype(), (source, col.name)
            else:
                assert series.dtype == np.float64, (source, col.name)
            if col.kind in (Kind.DATE, Kind.MONTH):
                assert (series.dropna() == series.dropna().dt.normalize()).all()
            if col.required:
                assert series.notna().all(), (source, col.name)


def test_enums_are_canonical(frames):
    for source, frame in frames.items():
        for col in CONTRACTS[source].columns:
            if col.kind == Kind.ENUM:
                allowed = {c.value for c in col.choices}
                assert set(frame[col.name].dropna()) <= allowed, (source, col.name)


def test_keys_are_unique(frames):
    for source, frame in frames.items():
        key = list(CONTRACTS[source].key)
        assert not frame.duplicated(key).any(), source


def test_places_are_official_and_consistent(frames):
    kel = reference.kelurahan()
    kecamatan_of = dict(zip(kel["kelurahan"], kel["kecamatan"], strict=True))
    for source in ("e_mas", "e_saberling"):
        frame = frames[source]
        assert frame["kelurahan"].isin(list(kecamatan_of)).all()
        assert (frame["kelurahan"].map(kecamatan_of) == frame["kecamatan"]).all()
        assert frame["latitude"].dropna().between(3.52, 3.68).all()
        assert frame["longitude"].dropna().between(98.43, 98.55).all()
        assert frame["latitude"].isna().equals(frame["longitude"].isna())
    assert frames["e_saberling"]["latitude"].notna().all()
    assert 0.6 <= frames["e_mas"]["latitude"].notna().mean() <= 0.8


def test_departments_and_categories_come_from_reference(frames):
    opds = set(reference.opd()["opd"])
    assert set(frames["e_mas"]["opd"]) <= opds
    assert set(frames["quick_wins"]["opd"]) <= opds
    assert set(frames["e_mas"]["category"]) == set(reference.categories()["category"])
    catalogue = reference.metric_catalogue()
    assert set(frames["app_metrics"]["metric"]) == set(catalogue["metric"])


def test_nothing_after_today_or_before_2016(frames):
    for source, frame in frames.items():
        for col in CONTRACTS[source].columns:
            if col.kind in (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH):
                values = frame[col.name].dropna()
                assert (values >= EARLIEST).all(), (source, col.name)
                if (source, col.name) != ("quick_wins", "target_date"):
                    assert (values < END_OF_TODAY).all(), (source, col.name)


def test_only_unfinished_programmes_have_a_target_in_the_future(frames):
    q = frames["quick_wins"].sort_values(["program_id", "report_date"])
    last = q.groupby("program_id").tail(1)
    future = last["target_date"] >= END_OF_TODAY
    assert future.any()
    assert (last.loc[future, "progress_pct"] < 100).all()
    assert (last["target_date"] <= pd.Timestamp(TODAY) + pd.DateOffset(months=37)).all()


def test_e_mas_rules(frames):
    m = frames["e_mas"]
    assert m["complaint_id"].str.fullmatch(r"EMAS-\d{4}-\d{6}").all()
    assert (m["complaint_id"].str[5:9].astype(int) == m["received_at"].dt.year).all()
    assert m["received_at"].min() >= pd.Timestamp("2017-01-01")
    closed = m["status"].isin(["selesai", "ditolak"])
    assert m.loc[m["status"] == "selesai", "resolved_at"].notna().all()
    assert m.loc[~closed, "resolved_at"].isna().all()
    assert m.loc[m["status"] == "baru", "responded_at"].isna().all()
    assert (m["resolved_at"].dropna() >= m.loc[m["resolved_at"].notna(), "received_at"]).all()
    responded = m["responded_at"].notna()
    assert (m.loc[responded, "responded_at"] >= m.loc[responded, "received_at"]).all()
    delay = (m["responded_at"] - m["received_at"]).dt.total_seconds() / 86_400
    assert delay.max() <= 10 and (delay <= 3).mean() > 0.6
    took = (m["resolved_at"] - m["received_at"]).dt.total_seconds() / 86_400
    assert took.max() <= 25 and (took <= 13).mean() > 0.8
    ratings = m["rating"].dropna()
    assert ratings.between(1, 5).all() and ratings.isin([4, 5]).mean() > 0.6
    assert m.loc[m["status"] != "selesai", "rating"].isna().all()
    assert 0.45 <= len(ratings) / (m["status"] == "selesai").sum() <= 0.65
    assert m["description"].dropna().str.len().max() <= 5000


def test_e_mas_realism(frames):
    m = frames["e_mas"]
    per_year = m.groupby(m["received_at"].dt.year).size()
    assert per_year[2017] < per_year[2019] < per_year[2022]
    weekday = m["received_at"].dt.day_of_week
    assert (weekday >= 5).mean() < 2 / 7
    assert m["received_at"].dt.hour.between(7, 22).mean() > 0.85
    old = m[m["received_at"] < pd.Timestamp(TODAY) - pd.Timedelta(days=90)]
    assert old["status"].eq("selesai").mean() > 0.85 and old["status"].eq("ditolak").any()
    recent = m[m["received_at"] >= pd.Timestamp(TODAY) - pd.Timedelta(days=3)]
    assert recent["status"].isin(["baru", "diverifikasi", "diproses"]).mean() > 0.5
    top = m["category"].value_counts().index[:2]
    assert set(top) == {"Kebersihan & Sampah", "Jalan & Drainase"}
    assert m["channel"].value_counts().index[:2].tolist() == ["aplikasi", "whatsapp"]


def test_e_mas_rainy_season_has_more_waste_and_drainage(frames):
    m = frames["e_mas"]
    wet = m["category"].isin(["Kebersihan & Sampah", "Jalan & Drainase"])
    month = m["received_at"].dt.month
    assert wet[month.isin([10, 11, 12])].mean() > wet[month.isin([6, 7, 8])].mean() + 0.05


def test_e_saberling_rules(frames):
    s = frames["e_saberling"]
    assert s["report_id"].str.fullmatch(r"SBL-\d{4}-\d{5}").all()
    assert s["reported_at"].min() >= pd.Timestamp("2019-03-01")
    cleaned = s["status"] == "dibersihkan"
    assert s.loc[cleaned, ["cleaned_at", "waste_kg"]].notna().all().all()
    assert s.loc[~cleaned, ["cleaned_at", "waste_kg", "team"]].isna().all().all()
    assert (s.loc[cleaned, "cleaned_at"] >= s.loc[cleaned, "reported_at"]).all()
    took = (s.loc[cleaned, "cleaned_at"] - s.loc[cleaned, "reported_at"]).dt.total_seconds() / 86_400
    assert took.max() <= 20.5 and 1.5 <= took.median() <= 4.5
    waste = s["waste_kg"].dropna()
    assert waste.between(0, 50_000).all() and 100 <= waste.median() <= 220
    by_site = s.groupby("site_type")["waste_kg"].median()
    assert by_site["pasar"] > by_site["jalan"] and by_site["sungai"] > by_site["fasilitas_umum"]
    assert s["volunteers"].dropna().between(0, 60).all() and s["volunteers"].isna().any()
    assert set(s["site_type"]) == {c.value for c in CONTRACTS["e_saberling"].column("site_type").choices}
    assert s.loc[s["site_type"] == "sungai", "team"].str.contains("Sungai", na=False).any()
    month = s["reported_at"].dt.month
    assert month.isin([9, 10, 11, 12]).mean() > 4 / 12


def test_quick_wins_rules_and_variety(frames):
    q = frames["quick_wins"]
    assert q["program_id"].str.fullmatch(r"QW-(GOV|BRD|ECO|LIV|SOC|ENV)-\d{2,}").all()
    assert set(q["dimension"]) == {c.value for c in CONTRACTS["quick_wins"].column("dimension").choices}
    assert q.groupby("program_id")[["program_name", "dimension", "opd", "start_date", "budget_idr"]].nunique(
        dropna=False).max().max() == 1
    assert q["horizon"].drop_duplicates().size >= 3
    programmes = q.drop_duplicates("program_id")
    assert programmes["horizon"].eq("quick_win").mean() > 0.4
    assert q["start_date"].min() >= pd.Timestamp("2018-07-01")
    assert (q["target_date"] >= q["start_date"]).all()
    months = (q["target_date"] - q["start_date"]).dt.days / 30.4
    assert months.between(5.5, 36.5).all()
    assert (q["report_date"] == q["report_date"] + pd.offsets.MonthEnd(0)).all()
    assert (q["report_date"] >= q["start_date"]).all()
    assert q["progress_pct"].between(0, 100).all()
    ordered = q.sort_values(["program_id", "report_date"])
    assert (ordered.groupby("program_id")["progress_pct"].diff().dropna() >= 0).all()
    assert (ordered.groupby("program_id")["progress_pct"].apply(lambda p: (p >= 100).sum() <= 1)).all()
    budget = q["budget_idr"].dropna()
    assert budget.between(150e6, 5e9).all() and (budget % 1e6 == 0).all()
    assert (q["spent_idr"].dropna() >= 0).all()
    assert (q["spent_idr"] > q["budget_idr"]).any()
    assert 0.05 <= q["status"].notna().mean() <= 0.15
    assert q["note"].notna().any()
    last = ordered.groupby("program_id").tail(1)
    done = last["progress_pct"] >= 100
    late = ~done & (last["report_date"] > last["target_date"])
    elapsed = (last["report_date"] - last["start_date"]).dt.days / (last["target_date"] - last["start_date"]).dt.days
    behind = ~done & ~late & (100 * elapsed.clip(upper=1) - last["progress_pct"] > 10)
    assert done.sum() >= 10 and late.sum() >= 1 and (~done & ~late & ~behind).sum() >= 3
    assert (late | behind).sum() >= 2


def test_app_metrics_series(frames):
    a = frames["app_metrics"]
    catalogue = reference.metric_catalogue().set_index("metric")
    last_complete = pd.Timestamp(TODAY).to_period("M").to_timestamp() - pd.offsets.MonthBegin(1)
    assert (a["period"].dt.day == 1).all() and a["period"].max() == last_complete
    assert (a["unit"] == a["metric"].map(catalogue["unit"])).all()
    for metric, g in a.groupby("metric"):
        assert pd.Timestamp("2018-01-01") <= g["period"].min() <= pd.Timestamp("2021-01-01"), metric
        assert len(g) == g["period"].dt.to_period("M").nunique() == (
            (g["period"].max().to_period("M") - g["period"].min().to_period("M")).n + 1), metric
    value = a.set_index(["metric", "period"])["value"]
    pbb = value["penerimaan_pbb"]
    assert pbb.between(0.9e9, 4.2e9).all()
    assert pbb[pbb.index.month.isin([7, 8, 9])].mean() > 1.3 * pbb[pbb.index.month.isin([1, 2, 3])].mean()
    usulan = value["usulan_masuk"]
    assert usulan[usulan.index.month.isin([1, 2, 3])].mean() > 4 * usulan[usulan.index.month.isin([6, 7, 8])].mean()
    assert (value["usulan_diterima"] <= usulan.reindex(value["usulan_diterima"].index)).all()
    kinerja = value["asn_lapor_tepat_waktu"]
    assert kinerja.iloc[:6].mean() < 70 and kinerja.iloc[-12:].mean() > 85
    assert a.loc[a["metric"] == "asn_lapor_tepat_waktu", "target"].between(80, 95).all()
    assert value["kpm_terlayani"].between(2_000, 4_500).all()
    assert value["catin_konseling"].between(60, 150).all()


def test_contract_validation_accepts_the_sample(frames):
    validate = pytest.importorskip("etl.validate", exc_type=ImportError)
    for source, frame in frames.items():
        errors, _ = validate.validate_frame(source, frame)
        assert not errors, (source, [e.describe("en") for e in errors[:5]])


def test_other_today_and_tiny_scale():
    early = sample.generate_all(scale=0.05, today=date(2021, 6, 30))
    for source, frame in early.items():
        for col in CONTRACTS[source].columns:
            if col.kind in (Kind.TIMESTAMP, Kind.DATE, Kind.MONTH):
                assert (frame[col.name].dropna() < pd.Timestamp("2021-07-01")).all(), (source, col.name)
    empty = sample.generate("e_mas", scale=0, today=TODAY)
    assert empty.empty and list(empty.columns) == CONTRACTS["e_mas"].column_names


def test_sample_weights_name_only_declared_values() -> None:
    """The generator's shares are keyed by the contract's values; the values themselves come from the contract."""
    channels = {c.value for c in CONTRACTS["e_mas"].column("channel").choices}
    sites = {c.value for c in CONTRACTS["e_saberling"].column("site_type").choices}
    assert set(sample._CHANNEL_P) == channels and set(sample._SITES) == sites
