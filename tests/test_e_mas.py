"""e-Mas query layer, figures and page, checked against values computed by hand on a small fixture set.

Fixture calendar (public holidays only): April 2024 has 20 working days (Idul Fitri 10-11 April is off); in May
2024, 1 May and 9 May are off. Counting working days from 1 April 2024 as 1: Apr 5 = 5, Apr 9 = 7, Apr 10
(holiday) = 7, Apr 12 = 8, Apr 15 = 9, Apr 22 = 14, Apr 29 = 19, Apr 30 = 20, May 13 = 27, May 20 = 32. TODAY is
Monday 20 May 2024. The default deadlines are 3 working days to respond and 3 + 10 = 13 to resolve.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import clock, db, export, reference
from binjai.charts import e_mas as charts
from binjai.filters import Filters
from binjai.queries import e_mas as q
from etl import warehouse
from tests.backends import new_warehouse
from tests.conftest import ROOT, emas_frame, use_warehouse
from tests.geo_helpers import shown_legend, styled

TODAY = dt.date(2024, 5, 20)
APRIL = Filters(dt.date(2024, 4, 1), dt.date(2024, 4, 30), preset="custom")
SCRIPT = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
UTARA = {"kelurahan": "Pahlawan", "kecamatan": "Binjai Utara"}
KOTA = {"kelurahan": "Berngam", "kecamatan": "Binjai Kota"}
DLH = {"category": "Kebersihan & Sampah", "opd": "DLH"}
PUTR = {"category": "Jalan & Drainase", "opd": "Dinas PUTR"}
PDAM = {"category": "Air Bersih", "opd": "PDAM Tirtasari"}

ROWS = [
    # A: responded in 2, resolved in 7 working days (both on time), rated 5, located.
    {"complaint_id": "A", "received_at": "2024-04-01 09:00", **DLH, **UTARA, "channel": "aplikasi", "status": "selesai",
     "responded_at": "2024-04-03 10:00", "resolved_at": "2024-04-12 10:00", "rating": 5,
     "latitude": 3.6231, "longitude": 98.4972},
    # B: Friday; responded in 3 (on time, at the limit), resolved in 15 (late), rated 2.
    {"complaint_id": "B", "received_at": "2024-04-05 16:00", **PUTR, **KOTA, "channel": "whatsapp", "status": "selesai",
     "responded_at": "2024-04-12 08:00", "resolved_at": "2024-04-30 15:00", "rating": 2},
    # C: Saturday (counts from Friday); responded in 4 (late), resolved in 12 (on time), not rated.
    {"complaint_id": "C", "received_at": "2024-04-06 11:00", **PUTR, **KOTA, "channel": "web", "status": "selesai",
     "responded_at": "2024-04-15 09:00", "resolved_at": "2024-04-25 09:00"},
    # D: received on Idul Fitri; responded in 1; open, age 25, overdue since 30 April.
    {"complaint_id": "D", "received_at": "2024-04-10 20:00", **DLH, **UTARA, "channel": "aplikasi", "status": "diproses",
     "responded_at": "2024-04-12 09:00", "latitude": 3.62349, "longitude": 98.49721, "description": SCRIPT},
    # E: never answered; age 18, overdue since 13 May.
    {"complaint_id": "E", "received_at": "2024-04-22 08:00", **PDAM, **KOTA, "channel": "telepon", "status": "baru",
     "latitude": 3.6009, "longitude": 98.4780, "description": "=HYPERLINK(\"http://x\")"},
    # F: responded in 1; age 13 = exactly the deadline today, so not overdue.
    {"complaint_id": "F", "received_at": "2024-04-29 10:00", **PDAM, **UTARA, "channel": "aplikasi",
     "status": "diverifikasi", "responded_at": "2024-04-30 10:00"},
    # G: rejected; responded in 1; its rating must not count.
    {"complaint_id": "G", "received_at": "2024-04-15 10:00", "category": "Lainnya", "opd": "Diskominfo", **UTARA,
     "channel": "sms", "status": "ditolak", "responded_at": "2024-04-16 10:00", "resolved_at": "2024-04-16 11:00",
     "rating": 1},
    # H: before the period, still open: age 41 (Good Friday 29 March is off), deadline 4 April.
    {"complaint_id": "H", "received_at": "2024-03-15 14:00", **DLH, **UTARA, "channel": "web", "status": "diproses",
     "responded_at": "2024-03-18 09:00"},
    # Last year's April: two resolved complaints.
    {"complaint_id": "I1", "received_at": "2023-04-03 09:00", **DLH, **UTARA, "status": "selesai",
     "responded_at": "2023-04-04 09:00", "resolved_at": "2023-04-10 09:00"},
    {"complaint_id": "I2", "received_at": "2023-04-12 09:00", **PUTR, **KOTA, "status": "selesai",
     "responded_at": "2023-04-13 09:00", "resolved_at": "2023-04-20 09:00"},
]


def _load(path: Path | str, rows: list[dict]) -> Path | str:
    warehouse.load_frame(path, "e_mas", emas_frame(rows), file_name="fixture.csv", sha256=str(hash(str(rows))),
                         user="tester")
    return path


@pytest.fixture
def wh(request: pytest.FixtureRequest, tmp_path: Path) -> db.Warehouse:
    """A warehouse holding the fixture complaints."""
    return db.reader(_load(new_warehouse(request, tmp_path, "e_mas.duckdb"), ROWS))


def test_headline_against_hand_computed_values(wh) -> None:
    assert q.headline(wh, APRIL, today=TODAY) == {
        "received": 7, "resolved": 3, "resolved_pct": 42.9,  # A, B, C of A..G
        "median_days_to_resolve": 12.0,  # median of 7, 15, 12
        "responded_on_time_pct": 71.4,  # A, B, D, F, G of A, B, C, D, F, G and E (unanswered, past 3 days)
        "resolved_on_time_pct": 40.0,  # A, C of A, B, C and the overdue open D, E
        "avg_rating": 3.5, "rated_pct": 66.7,  # ratings 5 and 2 of three resolved; G's rating is not counted
        "located": 3, "received_last_year": 2, "received_change_pct": 250.0,  # A, D, E located; (7 - 2) / 2
        "open_now": 4, "overdue_open": 3,  # D, E, F, H open; D, E, H past 13 working days
        "stale_open": 0,  # none is older than a year
    }


def test_stale_complaints_are_counted_and_listed_apart(wh) -> None:
    # With a 60-day age, H (received 15 March, 66 days before 20 May) needs checking; D (40 days) does not.
    figures = q.headline(wh, APRIL, today=TODAY, stale_days=60)
    assert (figures["open_now"], figures["overdue_open"], figures["stale_open"]) == (4, 2, 1)
    assert q.overdue_complaints(wh, APRIL, today=TODAY, stale_days=60)["complaint_id"].tolist() == ["D", "E"]
    assert q.stale_complaints(wh, APRIL, today=TODAY, stale_days=60)["complaint_id"].tolist() == ["H"]
    # At 66 days H is not yet stale (received on the cutoff day itself counts as fresh).
    assert q.headline(wh, APRIL, today=TODAY, stale_days=66)["stale_open"] == 0


def test_headline_with_page_filters(wh) -> None:
    figures = q.headline(wh, APRIL, q.Selection(channel=("aplikasi",)), today=TODAY)
    assert (figures["received"], figures["resolved"], figures["open_now"], figures["overdue_open"]) == (3, 1, 2, 1)
    figures = q.headline(wh, APRIL, q.Selection(category=("Jalan & Drainase",), status=("selesai",)), today=TODAY)
    assert (figures["received"], figures["median_days_to_resolve"], figures["received_last_year"]) == (2, 13.5, 1)


def test_headline_respects_kecamatan(wh) -> None:
    kota = Filters(APRIL.start, APRIL.end, ("Binjai Kota",), "custom")
    figures = q.headline(wh, kota, today=TODAY)
    assert (figures["received"], figures["resolved"], figures["open_now"], figures["overdue_open"]) == (3, 2, 1, 1)


def test_empty_selection_gives_zeros_not_errors(wh) -> None:
    figures = q.headline(wh, APRIL, q.Selection(category=("Perizinan",)), today=TODAY)
    assert figures["received"] == 0 and figures["resolved_pct"] is None and figures["median_days_to_resolve"] is None


def test_monthly_counts(wh) -> None:
    frame = q.monthly_counts(wh, Filters(dt.date(2024, 3, 1), dt.date(2024, 4, 30), preset="custom"))
    assert frame.to_dict("list") == {"month": [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-04-01")],
                                     "received": [1, 7], "resolved": [0, 3]}


def test_volume_trend_by_day_with_last_year(wh) -> None:
    frame = q.volume_trend(wh, APRIL).set_index("bucket")
    assert len(frame) == 30 and set(frame["grain"]) == {"day"}
    assert frame["received"].sum() == 7 and frame.loc["2024-04-06", "received"] == 1
    assert frame["received_last_year"][frame["received_last_year"] > 0].to_dict() == {
        pd.Timestamp("2024-04-03"): 1, pd.Timestamp("2024-04-12"): 1}


def test_volume_trend_by_week_and_month(wh) -> None:
    weeks = q.volume_trend(wh, Filters(dt.date(2024, 3, 4), dt.date(2024, 5, 31), preset="custom")).set_index("bucket")
    assert set(weeks["grain"]) == {"week"} and weeks.index[0] == pd.Timestamp("2024-03-04")
    assert weeks["received"][weeks["received"] > 0].to_dict() == {
        pd.Timestamp("2024-03-11"): 1, pd.Timestamp("2024-04-01"): 3, pd.Timestamp("2024-04-08"): 1,
        pd.Timestamp("2024-04-15"): 1, pd.Timestamp("2024-04-22"): 1, pd.Timestamp("2024-04-29"): 1}
    assert weeks.loc["2024-04-01", "received_last_year"] == 1 and weeks.loc["2024-04-08", "received_last_year"] == 1
    months = q.volume_trend(wh, Filters(dt.date(2024, 1, 1), dt.date(2024, 12, 31), preset="custom"))
    assert len(months) == 12 and months["received"].tolist()[2:4] == [1, 7]
    assert months["received_last_year"].tolist()[3] == 2


def test_breakdowns(wh) -> None:
    channels = q.breakdown(wh, APRIL, "channel", today=TODAY)
    assert channels[["key", "received"]].values.tolist() == [
        ["aplikasi", 3], ["sms", 1], ["telepon", 1], ["web", 1], ["whatsapp", 1]]
    assert channels["share_pct"].tolist()[0] == 42.9
    opd = q.breakdown(wh, APRIL, "opd", today=TODAY).set_index("key")
    assert opd.loc["Dinas PUTR", ["received", "resolved", "open"]].tolist() == [2, 2, 0]
    assert opd.loc["PDAM Tirtasari", ["received", "resolved", "open"]].tolist() == [2, 0, 2]


def test_by_kecamatan_per_10000_residents(wh) -> None:
    frame = q.by_kecamatan(wh, APRIL)
    assert frame["kecamatan"].tolist()[:2] == ["Binjai Kota", "Binjai Utara"]
    first_two = frame.head(2)
    assert first_two[["received", "population", "per_10k"]].values.tolist() == [[3, 29161, 1.0], [4, 76034, 0.5]]
    assert len(frame) == 5 and frame["received"].sum() == 7
    assert q.population_note() == {"year": "", "source": "BPS"}


def test_by_kelurahan_per_km2(wh) -> None:
    frame = q.by_kelurahan(wh, APRIL).set_index("kelurahan")
    assert len(frame) == 37
    assert frame.loc["Pahlawan", ["received", "per_km2"]].tolist() == [4, 2.1]  # 4 / 1.914 km²
    assert frame.loc["Berngam", ["received", "per_km2"]].tolist() == [3, 1.7]  # 3 / 1.76 km²
    only_kota = q.by_kelurahan(wh, Filters(APRIL.start, APRIL.end, ("Binjai Kota",), "custom"))
    assert set(only_kota["kecamatan"]) == {"Binjai Kota"} and only_kota["received"].sum() == 3


def test_service_levels_per_opd(wh) -> None:
    frame = q.service_levels(wh, APRIL, "opd", today=TODAY)
    assert frame["key"].tolist() == ["PDAM Tirtasari", "DLH", "Dinas PUTR", "Diskominfo"]
    rows = frame.set_index("key")
    columns = ["response_due", "response_on_time", "response_on_time_pct", "median_response_days",
               "resolution_due", "resolved_on_time", "resolved_on_time_pct", "median_resolution_days"]
    assert rows.loc["DLH", columns].tolist() == [2, 2, 100.0, 1.5, 2, 1, 50.0, 7.0]
    assert rows.loc["Dinas PUTR", columns].tolist() == [2, 1, 50.0, 3.5, 2, 1, 50.0, 13.5]
    pdam = rows.loc["PDAM Tirtasari", columns].tolist()
    assert pdam[:7] == [2, 1, 50.0, 1.0, 1, 0, 0.0] and math.isnan(pdam[7])
    assert math.isnan(rows.loc["Diskominfo", "resolved_on_time_pct"])


def test_deadlines_come_from_the_category_list(wh, monkeypatch: pytest.MonkeyPatch) -> None:
    table = reference.categories()
    table.loc[table["category"] == "Jalan & Drainase", ["response_days", "resolution_days"]] = [5, 10]
    monkeypatch.setattr(reference, "categories", lambda: table)
    rows = q.service_levels(wh, APRIL, "opd", today=TODAY).set_index("key")
    assert rows.loc["Dinas PUTR", ["response_on_time_pct", "resolved_on_time_pct"]].tolist() == [100.0, 100.0]
    rules = q.deadline_rules().set_index("category")
    assert rules.loc["Jalan & Drainase", "total_days"] == 15 and rules.loc["Air Bersih", "total_days"] == 13


def test_backlog_by_status_and_age(wh) -> None:
    frame = q.backlog(wh, APRIL, "status", today=TODAY)
    assert frame.astype({"age_bucket": str}).values.tolist() == [
        ["baru", "15+", 1], ["diproses", "15+", 2], ["diverifikasi", "8-14", 1]]


def test_age_buckets_and_deadline_boundaries(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    received = {"B3": "2024-05-15", "B4": "2024-05-14", "B7": "2024-05-08", "B8": "2024-05-07", "B14": "2024-04-26",
                "B15": "2024-04-25"}  # ages on 20 May: 3, 4, 7, 8, 14, 15 working days
    wh = db.reader(_load(new_warehouse(request, tmp_path, "ages.duckdb"), [{"complaint_id": key, "received_at": f"{day} 10:00"}
                                                       for key, day in received.items()]))
    period = Filters(dt.date(2024, 4, 1), TODAY, preset="custom")
    buckets = q.backlog(wh, period, "opd", today=TODAY)
    assert dict(zip(buckets["age_bucket"].astype(str), buckets["complaints"], strict=True)) == {
        "0-3": 1, "4-7": 2, "8-14": 2, "15+": 1}
    overdue = q.overdue_complaints(wh, period, today=TODAY)
    assert overdue[["complaint_id", "age_working_days", "overdue_working_days"]].values.tolist() == [
        ["B15", 15, 2], ["B14", 14, 1]]
    assert overdue["deadline"].astype(str).tolist() == ["2024-05-16", "2024-05-17"]  # 13 working days after arrival


def test_overdue_complaints(wh) -> None:
    frame = q.overdue_complaints(wh, APRIL, today=TODAY)
    assert list(frame.columns) == ["complaint_id", "received_at", "category", "kelurahan", "kecamatan", "opd", "status",
                                   "age_working_days", "deadline", "overdue_working_days", "description"]
    assert frame[["complaint_id", "age_working_days", "overdue_working_days"]].values.tolist() == [
        ["H", 41, 28], ["D", 25, 12], ["E", 18, 5]]
    assert frame["deadline"].astype(str).tolist() == ["2024-04-04", "2024-04-30", "2024-05-13"]
    assert frame.loc[1, "description"] == SCRIPT
    assert q.overdue_complaints(wh, APRIL, 1, today=TODAY)["complaint_id"].tolist() == ["H"]


def test_satisfaction(wh) -> None:
    ratings = q.rating_distribution(wh, APRIL)
    assert ratings.values.tolist() == [[1, 0, 0.0], [2, 1, 50.0], [3, 0, 0.0], [4, 0, 0.0], [5, 1, 50.0]]
    by_opd = q.satisfaction_by_opd(wh, APRIL)
    assert by_opd.values.tolist() == [["DLH", 1, 1, 5.0, 100.0], ["Dinas PUTR", 2, 1, 2.0, 50.0]]


def test_map_points_are_aggregated(wh) -> None:
    assert q.map_points(wh, APRIL).values.tolist() == [[3.601, 98.478, 1], [3.623, 98.497, 2]]


def test_complaint_detail(wh) -> None:
    detail = q.complaint(wh, "D", today=TODAY)
    assert (detail["description"], detail["age_wd"], detail["total_days"], detail["response_wd"]) == (SCRIPT, 25, 13, 1)
    assert q.complaint(wh, "nope", today=TODAY) is None


def test_selection_url_round_trip() -> None:
    chosen = q.selection_from_params({"kategori": "Air Bersih,Nope", "kanal": "web", "status": "selesai,baru",
                                      "opd": "DLH"})
    assert chosen == q.Selection(("Air Bersih",), ("web",), ("DLH",), ("baru", "selesai"))
    assert q.selection_to_params(chosen) == {"kategori": "Air Bersih", "kanal": "web", "opd": "DLH",
                                             "status": "baru,selesai"}
    assert q.selection_from_params({}) == q.Selection()


def test_exports_keep_text_literal_and_neutralise_formulas(wh) -> None:
    frame = charts.overdue_export(q.overdue_complaints(wh, APRIL, today=TODAY), "id")
    assert list(frame.columns)[:2] == ["Nomor", "Diterima"]
    text = export.to_csv_bytes(frame, "id").decode("utf-8-sig")
    assert SCRIPT.replace('"', '""') in text and "'=HYPERLINK" in text
    sheet = pd.read_excel(io.BytesIO(export.to_xlsx_bytes(frame, "aduan")))
    assert sheet["Isi aduan"].tolist()[1:] == [SCRIPT, "'=HYPERLINK(\"http://x\")"]


def test_display_tables_use_the_language_formats(wh) -> None:
    levels = q.service_levels(wh, APRIL, "category", today=TODAY)
    table = charts.service_table(levels, "category", "en").set_index("key")
    assert table.loc["Roads & Drainage", ["resolved_on_time_pct", "median_resolution_days"]].tolist() == ["50.0%", "13.5"]
    assert charts.service_table(levels, "category", "id").set_index("key").loc[
        "Jalan & Drainase", "median_resolution_days"] == "13,5"
    overdue = charts.overdue_table(q.overdue_complaints(wh, APRIL, today=TODAY), "id")
    assert overdue.loc[0, ["age_working_days", "status", "deadline"]].tolist() == ["41", "⚙ Diproses", "4 Apr 2024"]


def test_figures_are_built_from_the_queries(wh) -> None:
    trend = charts.trend(q.volume_trend(wh, APRIL), "id")
    assert [sum(trace.y) for trace in trend.data] == [7, 2]
    backlog = charts.backlog_bars(q.backlog(wh, APRIL, "status", today=TODAY), "status", "en")
    assert [trace.name for trace in backlog.data[:4]] == ["0–3 working days", "4–7 working days", "8–14 working days",
                                                          "> 14 working days"]
    empty = charts.hbar(q.breakdown(wh, APRIL, "opd", q.Selection(category=("Perizinan",)), today=TODAY), "opd",
                        "received", "id")
    assert list(empty.layout.xaxis.range) == [0, 1.12]


def _open_page(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/02_e_mas.py")
    return at.run()


@pytest.fixture
def fixture_app(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """The app pointed at the fixture warehouse."""
    path = _load(new_warehouse(request, tmp_path), ROWS)
    use_warehouse(monkeypatch, path)
    monkeypatch.setenv("BINJAI_STALE_DAYS", "100000")  # the fixture's 2024 complaints stay actionable
    return path


def test_page_shows_fixture_figures_and_plain_text(fixture_app) -> None:
    at = _open_page({"periode": "custom", "dari": "2024-04-01", "sampai": "2024-04-30", "emas_tab": "backlog"})
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aduan masuk"] == "7" and metrics["Aduan selesai (periode)"] == "42,9%"
    assert metrics["Median hari kerja sampai selesai"] == "12,0 hari kerja"
    assert metrics["Aduan lewat batas"] == "4"  # D, E, F and H are all past their deadline by now
    card = [text.value for text in at.text]  # H, the oldest overdue, has no description; all three are plain text
    assert (card[0], card[2]) == ("H", "(tanpa uraian)") and len(card) == 3
    assert card[1].startswith("Diterima 15 Mar 2024 14:00 lewat Web · Kebersihan & Sampah · Kel. Pahlawan · DLH")


def test_page_lists_stale_complaints_apart(fixture_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINJAI_STALE_DAYS", "365")  # seen from today every open April 2024 complaint is stale
    at = _open_page({"periode": "custom", "dari": "2024-04-01", "sampai": "2024-04-30", "emas_view": "overdue"})
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Aduan lewat batas"] == "0"
    assert any("Perlu verifikasi: 4 aduan" in h.value for h in at.subheader)
    listed = [frame.value["complaint_id"].tolist() for frame in at.dataframe if "complaint_id" in frame.value]
    assert listed == [["H", "D", "E", "F"]]  # only the stale list: the overdue list is empty


def test_page_shows_a_description_as_plain_text(fixture_app) -> None:
    at = _open_page({"periode": "custom", "dari": "2024-04-01", "sampai": "2024-04-30", "kanal": "aplikasi",
                     "emas_tab": "backlog"})
    assert not at.exception, at.exception
    card = [text.value for text in at.text]  # D is now the oldest overdue complaint
    assert (card[0], card[2], len(card)) == ("D", SCRIPT, 3)
    assert all(SCRIPT not in m.value for m in at.markdown)


def test_page_filters_come_from_and_go_to_the_url(fixture_app) -> None:
    at = _open_page({"periode": "custom", "dari": "2024-04-01", "sampai": "2024-04-30", "kanal": "aplikasi",
                     "emas_view": "overdue"})
    assert not at.exception, at.exception
    assert at.multiselect(key="emas_f_channel").value == ["aplikasi"]
    assert {m.label: m.value for m in at.metric}["Aduan masuk"] == "3"
    at.multiselect(key="emas_f_status").set_value(["selesai"]).run()
    assert {m.label: m.value for m in at.metric}["Aduan masuk"] == "1"
    assert at.query_params["status"] in ("selesai", ["selesai"])
    assert at.query_params["kanal"] in ("aplikasi", ["aplikasi"])


def test_page_with_no_complaints_in_the_period(fixture_app) -> None:
    at = _open_page({"periode": "custom", "dari": "2022-01-01", "sampai": "2022-01-31", "lang": "en"})
    assert not at.exception, at.exception
    assert any("No data" in info.value or "no data" in info.value.lower() for info in at.info)


def test_page_on_sample_data_matches_the_query(app_env) -> None:
    at = _open_page({"lang": "en", "emas_tab": "map"})
    assert not at.exception, at.exception
    figures = q.headline(db.reader(app_env), at.session_state["bj_filters"], today=clock.today())
    assert {m.label: m.value for m in at.metric}["Complaints received"] == f"{figures['received']:,}"
    assert len(at.get("deck_gl_json_chart")) == 1
    # The colour classes under the map, drawn as HTML (no plotly chart), light to dark as on the map.
    places = q.by_kelurahan(db.reader(app_env), at.session_state["bj_filters"], q.Selection())
    assert shown_legend(at) == [("Complaints", styled(charts.map_legend(places, pd.DataFrame(), "area", "en")))]
    at.segmented_control(key="emas_map_layer").set_value("hexagon").run()
    assert not at.exception, at.exception
    points = q.map_points(db.reader(app_env), at.session_state["bj_filters"], q.Selection())
    assert shown_legend(at) == [("Complaints per hexagon", styled(charts.map_legend(places, points, "hexagon", "en")))]


def test_only_the_open_tab_is_computed_and_kept_in_the_url(fixture_app) -> None:
    at = _open_page({"periode": "custom", "dari": "2024-04-01", "sampai": "2024-04-30"})
    assert not at.exception, at.exception
    assert not at.text and not at.get("deck_gl_json_chart")  # backlog and map tabs are closed: nothing sent
    assert "emas_tab" not in at.query_params  # the default tab leaves the URL clean
    at.session_state["emas_tabs"] = "Peta"
    at.run()
    assert len(at.get("deck_gl_json_chart")) == 1 and at.query_params["emas_tab"] in ("map", ["map"])
    at.query_params["lang"] = "en"
    at.run()
    assert len(at.get("deck_gl_json_chart")) == 1  # the open tab survives the language switch


def test_without_a_date_overdue_counts_from_today_in_binjai(wh) -> None:
    """At 17:30 UTC on Monday it is already Tuesday in Binjai: F (deadline Monday) is overdue by then."""
    with clock.frozen(dt.datetime(2024, 5, 20, 17, 30, tzinfo=dt.UTC)):
        figures = q.headline(wh, APRIL)
    assert figures == q.headline(wh, APRIL, today=dt.date(2024, 5, 21))
    assert figures["overdue_open"] == 4
