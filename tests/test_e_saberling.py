"""e-Saberling figures against hand-computed values on a small fixture set, and an AppTest run of the page.

The fixture (period 1-31 March 2024 unless a test says otherwise):

| id | reported | kelurahan (kecamatan) | site | status | cleaned | kg | vol | team |
|----|----------|-----------------------|------|--------|---------|----|-----|------|
| R1 | 20 Feb 08:00 | Pahlawan (Utara) | drainase | dibersihkan | 2 Mar 08:00 (11 d) | 100 | 5 | Tim A |
| R2 | 25 Feb 08:00 | Pahlawan (Utara) | pasar | dilaporkan | | | | |
| R3 | 5 Mar 08:00 | Pahlawan (Utara) | drainase | dibersihkan | 6 Mar 20:00 (1.5 d) | 50 | 0 | Tim A |
| R4 | 10 Mar 08:00 | Damai (Utara) | jalan | dibersihkan | 13 Mar 08:00 (3 d) | 30.5 | | |
| R5 | 20 Mar 08:00 | Damai (Utara) | jalan | dijadwalkan | | | | |
| R6 | 25 Mar 08:00 | Tangsi (Kota) | permukiman | dibersihkan | 2 Apr 08:00 | 20 | 3 | Tim B |
| R7 | 5 Apr 08:00 | Tangsi (Kota) | pasar | dilaporkan | | | | |
| R8 | 10 Jan 08:00 | Tangsi (Kota) | jalan | dibersihkan | 12 Jan 08:00 (2 d) | 40 | | |
| R9 | 28 Mar 08:00 | Damai (Utara) | sungai | dijadwalkan | | | | |
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from binjai import fmt, maps
from binjai.charts import e_saberling as charts
from binjai.db import Warehouse, reader
from binjai.filters import Filters
from binjai.queries import e_saberling as sab
from etl import warehouse
from tests.backends import new_warehouse
from tests.conftest import ROOT, emas_frame
from tests.geo_helpers import assign_kelurahan, shown_legend, styled

MARCH = Filters(dt.date(2024, 3, 1), dt.date(2024, 3, 31), (), "custom")
PAHLAWAN = (3.6231, 98.4971)
DAMAI = (3.6380, 98.4940)
DAMAI_NEAR = (3.6381, 98.4941)  # same 0.003° grid cell as DAMAI
TANGSI = (3.6058, 98.4813)

REPORTS = [
    ("R1", "2024-02-20 08:00", "Pahlawan", "Binjai Utara", PAHLAWAN, "drainase", "dibersihkan", "2024-03-02 08:00",
     100.0, 5, "Tim A"),
    ("R2", "2024-02-25 08:00", "Pahlawan", "Binjai Utara", PAHLAWAN, "pasar", "dilaporkan", None, None, None, None),
    ("R3", "2024-03-05 08:00", "Pahlawan", "Binjai Utara", PAHLAWAN, "drainase", "dibersihkan", "2024-03-06 20:00",
     50.0, 0, "Tim A"),
    ("R4", "2024-03-10 08:00", "Damai", "Binjai Utara", DAMAI, "jalan", "dibersihkan", "2024-03-13 08:00", 30.5, None,
     None),
    ("R5", "2024-03-20 08:00", "Damai", "Binjai Utara", DAMAI, "jalan", "dijadwalkan", None, None, None, None),
    ("R6", "2024-03-25 08:00", "Tangsi", "Binjai Kota", TANGSI, "permukiman", "dibersihkan", "2024-04-02 08:00", 20.0,
     3, "Tim B"),
    ("R7", "2024-04-05 08:00", "Tangsi", "Binjai Kota", TANGSI, "pasar", "dilaporkan", None, None, None, None),
    ("R8", "2024-01-10 08:00", "Tangsi", "Binjai Kota", TANGSI, "jalan", "dibersihkan", "2024-01-12 08:00", 40.0, None,
     None),
    ("R9", "2024-03-28 08:00", "Damai", "Binjai Utara", DAMAI_NEAR, "sungai", "dijadwalkan", None, None, None, None),
]


def saberling_frame(rows: list[tuple]) -> pd.DataFrame:
    """A typed e_saberling frame with the contract's columns from the compact rows above."""
    from data_sources import get_contract

    records = [{"report_id": rid, "reported_at": reported, "kelurahan": kel, "kecamatan": kec, "latitude": point[0],
                "longitude": point[1], "site_type": site, "status": status, "cleaned_at": cleaned, "waste_kg": kg,
                "volunteers": volunteers, "team": team}
               for rid, reported, kel, kec, point, site, status, cleaned, kg, volunteers, team in rows]
    frame = pd.DataFrame(records, columns=get_contract("e_saberling").column_names)
    for column in ("reported_at", "cleaned_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("latitude", "longitude", "waste_kg"):
        frame[column] = frame[column].astype("float64")
    frame["volunteers"] = frame["volunteers"].astype("Int64")
    frame["team"] = frame["team"].astype(object)
    return frame


COMPLAINTS = [
    {"complaint_id": "C1", "received_at": "2024-03-04 09:00", "category": "Kebersihan & Sampah"},
    {"complaint_id": "C2", "received_at": "2024-03-05 09:00", "category": "Jalan & Drainase", "opd": "Dinas PUTR",
     "description": "Parit tersumbat di Jl. Veteran"},
    {"complaint_id": "C3", "received_at": "2024-03-06 09:00", "category": "Jalan & Drainase", "opd": "Dinas PUTR",
     "description": "Jalan berlubang di Jl. Gatot Subroto"},
    {"complaint_id": "C4", "received_at": "2024-02-28 09:00", "kelurahan": "Damai", "category": "Kebersihan & Sampah"},
    {"complaint_id": "C5", "received_at": "2024-03-07 09:00", "kelurahan": "Damai", "category": "Air Bersih",
     "opd": "PDAM Tirtasari"},
    {"complaint_id": "C6", "received_at": "2024-03-10 09:00", "kelurahan": "Tangsi", "kecamatan": "Binjai Kota",
     "category": "Jalan & Drainase", "opd": "Dinas PUTR", "description": "Banjir setinggi lutut di Jl. Sudirman"},
]


@pytest.fixture(scope="module")
def wh(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """A warehouse holding only the fixture reports and complaints."""
    path = new_warehouse(request, tmp_path_factory.mktemp("saberling"))
    warehouse.load_frame(path, "e_saberling", saberling_frame(REPORTS), file_name="r.csv", sha256="r", user="t")
    warehouse.load_frame(path, "e_mas", emas_frame(COMPLAINTS), file_name="c.csv", sha256="c", user="t")
    return reader(path)


def test_headline_for_march(wh: Warehouse) -> None:
    assert sab.headline(wh, MARCH) == {
        "received": 5,  # R3 R4 R5 R6 R9
        "cleaned": 3,  # R1 R3 R4 cleaned in March
        "cleaned_pct": 40.0,  # R3 and R4 of the five were cleaned by 31 March
        "waste_kg": 180.5,  # 100 + 50 + 30.5
        "median_days_to_clean": 3.0,  # median of 11, 1.5 and 3 days
        "volunteers": 5,  # 5 + 0 (R4 not recorded)
        "cleanups_with_volunteers": 1,
        "open_at_end": 4,  # R2 R5 R6 (cleaned in April) R9
        "stale_open": 0,  # none open longer than a year at 31 March
    }


def test_headline_by_kecamatan_and_empty_period(wh: Warehouse) -> None:
    kota = sab.headline(wh, Filters(MARCH.start, MARCH.end, ("Binjai Kota",), "custom"))
    assert (kota["received"], kota["cleaned"], kota["cleaned_pct"], kota["open_at_end"]) == (1, 0, 0.0, 1)
    empty = sab.headline(wh, Filters(dt.date(2023, 1, 1), dt.date(2023, 1, 31), (), "custom"))
    assert empty == {"received": 0, "cleaned": 0, "cleaned_pct": None, "waste_kg": 0.0, "median_days_to_clean": None,
                     "volunteers": 0, "cleanups_with_volunteers": 0, "open_at_end": 0, "stale_open": 0}


def test_monthly_counts_list_every_month(wh: Warehouse) -> None:
    monthly = sab.monthly_counts(wh, Filters(dt.date(2024, 1, 1), dt.date(2024, 3, 31), (), "custom"))
    assert monthly["month"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01"), pd.Timestamp("2024-03-01")]
    assert monthly["received"].tolist() == [1, 2, 5]
    assert monthly["cleaned"].tolist() == [1, 0, 3]
    assert monthly["waste_kg"].tolist() == [40.0, 0.0, 180.5]
    assert monthly["median_days"].iloc[0] == 2.0 and pd.isna(monthly["median_days"].iloc[1])
    assert monthly["median_days"].iloc[2] == 3.0


def test_kecamatan_summary_per_1000_residents(wh: Warehouse) -> None:
    summary = sab.kecamatan_summary(wh, MARCH).set_index("kecamatan")
    assert summary.index.tolist() == ["Binjai Utara", "Binjai Kota", "Binjai Barat", "Binjai Timur", "Binjai Selatan"]
    utara = summary.loc["Binjai Utara"]
    assert (utara["received"], utara["cleaned"], utara["waste_kg"], utara["volunteers"]) == (4, 3, 180.5, 5)
    assert utara["population"] == 76034
    assert utara["kg_per_1000"] == pytest.approx(2.373938, abs=1e-6)  # 180.5 / 76,034 × 1,000
    kota = summary.loc["Binjai Kota"]
    assert (kota["received"], kota["cleaned"], kota["waste_kg"], kota["kg_per_1000"]) == (1, 0, 0.0, 0.0)
    assert summary["received"].sum() == 5
    assert summary.loc["Binjai Utara", "population_source"].startswith("BPS")


def test_site_and_team_summaries(wh: Warehouse) -> None:
    sites = sab.site_summary(wh, MARCH).set_index("site_type")
    assert sites.index.tolist() == list(sab.SITE_TYPES)
    assert sites.loc["drainase", ["received", "cleaned", "waste_kg", "volunteers", "median_days"]].tolist() == [
        1, 2, 150.0, 5, 6.25]  # R3 received; R1 and R3 cleaned (11 and 1.5 days: 2024 is a leap year)
    assert sites.loc["jalan", ["received", "cleaned", "waste_kg"]].tolist() == [2, 1, 30.5]
    assert sites.loc["pasar", ["received", "cleaned", "waste_kg"]].tolist() == [0, 0, 0.0]
    teams = sab.team_summary(wh, MARCH)
    assert teams.to_dict("records") == [
        {"team": "Tim A", "cleaned": 2, "waste_kg": 150.0, "volunteers": 5, "median_days": 6.25}]


def test_hotspots_rank_open_reports_then_age(wh: Warehouse) -> None:
    hot = sab.hotspots(wh, MARCH)
    assert hot.to_dict("records") == [
        {"kelurahan": "Damai", "kecamatan": "Binjai Utara", "open_reports": 2, "oldest_open_days": 11},
        {"kelurahan": "Pahlawan", "kecamatan": "Binjai Utara", "open_reports": 1, "oldest_open_days": 35},
        {"kelurahan": "Tangsi", "kecamatan": "Binjai Kota", "open_reports": 1, "oldest_open_days": 6},
    ]
    assert sab.hotspots(wh, MARCH, limit=1)["kelurahan"].tolist() == ["Damai"]
    kota = Filters(MARCH.start, MARCH.end, ("Binjai Kota",), "custom")
    assert sab.hotspots(wh, kota)["kelurahan"].tolist() == ["Tangsi"]


def test_stale_reports_leave_the_hotspots(wh: Warehouse) -> None:
    # Checking age 30 days: R2 (Pahlawan, open 35 days at 31 March) needs checking; R5, R9, R6 stay actionable.
    assert sab.hotspots(wh, MARCH, stale_days=30)["kelurahan"].tolist() == ["Damai", "Tangsi"]
    assert sab.stale_by_kelurahan(wh, MARCH, stale_days=30).to_dict("records") == [
        {"kelurahan": "Pahlawan", "kecamatan": "Binjai Utara", "open_reports": 1, "oldest_open_days": 35}]
    figures = sab.headline(wh, MARCH, stale_days=30)
    assert (figures["open_at_end"], figures["stale_open"]) == (4, 1)
    # Exactly 35 days old is not older than 35 days.
    assert sab.headline(wh, MARCH, stale_days=35)["stale_open"] == 0


def test_before_after(wh: Warehouse) -> None:
    assert sab.before_after(wh, MARCH) == {"open_at_start": 2, "cleaned_during": 3, "backlog_cleaned": 1,
                                           "open_at_end": 4}
    before, after = sab.before_after_points(wh, MARCH)
    assert sorted(before["status"]) == ["dibersihkan", "dilaporkan"]  # R1 (cleaned later) and R2
    assert len(after) == 3 and set(after["count"]) == {1}


def test_kelurahan_values_per_km2(wh: Warehouse) -> None:
    utara = Filters(MARCH.start, MARCH.end, ("Binjai Utara",), "custom")
    values = sab.kelurahan_values(wh, utara).set_index("kelurahan")
    assert len(values) == 9 and set(values["kecamatan"]) == {"Binjai Utara"}
    assert values.loc["Pahlawan", ["reports", "waste_kg"]].tolist() == [1, 150.0]
    assert values.loc["Pahlawan", "reports_per_km2"] == pytest.approx(1 / 1.914)
    assert values.loc["Pahlawan", "kg_per_km2"] == pytest.approx(150 / 1.914)
    assert values.loc["Damai", ["reports", "waste_kg"]].tolist() == [3, 30.5]
    assert values.loc["Damai", "reports_per_km2"] == pytest.approx(3 / 0.722)
    assert values.loc["Nangka", ["reports", "waste_kg", "kg_per_km2"]].tolist() == [0, 0.0, 0.0]


def test_report_points_single_then_grid_cells(wh: Warehouse) -> None:
    single = sab.report_points(wh, MARCH)
    assert sorted(single["first_reported"].dt.day) == [5, 10, 20, 25, 25, 28]  # R3 R4 R5 R6 R9 and R2 (still open)
    assert set(single["count"]) == {1}
    assert single["status"].tolist() == ["dibersihkan"] * 3 + ["dijadwalkan"] * 2 + ["dilaporkan"]  # open on top
    r6 = single.set_index("kelurahan").loc["Tangsi"]
    assert (r6["lon"], r6["lat"], r6["status"], r6["waste_kg"], r6["team"]) == (98.4813, 3.6058, "dibersihkan", 20.0,
                                                                                "Tim B")
    cells = sab.report_points(wh, MARCH, max_points=5)
    assert len(cells) == 5  # R5 and R9 share a cell and a status
    assert cells["status"].tolist() == ["dibersihkan"] * 3 + ["dijadwalkan", "dilaporkan"]
    top = cells.iloc[3]
    assert (top["count"], top["status"], top["kelurahan"]) == (2, "dijadwalkan", "Damai")
    assert (top["lon"], top["lat"]) == (98.49405, 3.63805)
    assert (top["first_reported"], top["last_reported"]) == (pd.Timestamp("2024-03-20 08:00"),
                                                             pd.Timestamp("2024-03-28 08:00"))
    kota = sab.report_points(wh, Filters(MARCH.start, MARCH.end, ("Binjai Kota",), "custom"))
    assert kota["kelurahan"].tolist() == ["Tangsi"]


def test_waste_points_sum_on_a_fine_grid(wh: Warehouse) -> None:
    waste = sab.waste_points(wh, MARCH).sort_values("weight")
    assert waste["weight"].tolist() == [30.5, 150.0]  # R4 alone; R1 and R3 at the same spot
    assert (waste["lon"].iloc[1], waste["lat"].iloc[1]) == (PAHLAWAN[1], PAHLAWAN[0])


def test_complaint_link_counts_waste_and_drainage_complaints(wh: Warehouse) -> None:
    link = sab.complaint_link(wh, MARCH)
    assert len(link) == 37
    rows = link.set_index("kelurahan")
    assert link["kelurahan"].tolist()[:2] == ["Pahlawan", "Tangsi"]
    assert rows.loc["Pahlawan", ["waste_complaints", "drainage_complaints", "complaints", "cleanups"]].tolist() == [
        1, 1, 2, 2]  # C1; C2 (parit) but not C3 (road); R1 and R3
    assert rows.loc["Pahlawan", "cleanups_per_complaint"] == 1.0
    assert rows.loc["Tangsi", ["drainage_complaints", "cleanups", "cleanups_per_complaint"]].tolist() == [1, 0, 0.0]
    assert rows.loc["Damai", ["complaints", "cleanups"]].tolist() == [0, 1]  # C4 is February, C5 is water
    assert pd.isna(rows.loc["Damai", "cleanups_per_complaint"])


def test_map_tooltips_for_single_reports_and_grid_cells(wh: Warehouse) -> None:
    single = sab.report_points(wh, MARCH).set_index("kelurahan", drop=False)
    tips = charts.report_tips(single, "id")
    assert tips.loc["Tangsi"] == ("Tangsi · ✓ Dibersihkan\nPermukiman\nDilaporkan 25 Mar 2024\nDibersihkan 2 Apr 2024\n"
                                  "20,0 kg · Tim B")
    cells = sab.report_points(wh, MARCH, max_points=5)
    assert charts.report_tips(cells, "en").iloc[3] == (
        "2 reports · ◆ Scheduled\nAround Damai\nReported 20 Mar 2024 – 28 Mar 2024")


def test_month_options_and_month_filters() -> None:
    period = Filters(dt.date(2024, 1, 15), dt.date(2024, 3, 10), ("Binjai Kota",), "12m")
    assert sab.month_options(period) == [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]
    january = sab.month_filters(period, dt.date(2024, 1, 1))
    assert (january.start, january.end, january.kecamatan) == (dt.date(2024, 1, 15), dt.date(2024, 1, 31),
                                                               ("Binjai Kota",))
    march = sab.month_filters(period, dt.date(2024, 3, 1))
    assert (march.start, march.end) == (dt.date(2024, 3, 1), dt.date(2024, 3, 10))
    assert sab.month_filters(period, None) is period
    december = Filters(dt.date(2023, 12, 5), dt.date(2024, 1, 2), (), "custom")
    assert sab.month_options(december) == [dt.date(2023, 12, 1), dt.date(2024, 1, 1)]


# ----------------------------------------------------------------------------------------------- the page


def _open_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/03_e_saberling.py")
    return at.run()


def _decks(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.json) for element in at.get("deck_gl_json_chart")]


def test_page_shows_map_layers_and_headline(app_env: Path) -> None:
    at = _open_page({"periode": "all"})
    assert not at.exception, at.exception
    (deck,) = _decks(at)
    # The shading draws every kelurahan, so the outline layer (the same polygons again) is left out.
    assert [layer["id"] for layer in deck["layers"]] == ["sab_shade", "sab_reports", "kelurahan_labels"]
    assert deck["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in deck  # no outside base map
    figures = sab.headline(reader(app_env), at.session_state["bj_filters"])
    assert at.metric[0].label == "Laporan kebersihan masuk" and at.metric[0].value == fmt.number(figures["received"])
    assert at.metric[2].value == fmt.percent(figures["cleaned_pct"], 1)
    assert any("Batas perkiraan" in caption.value for caption in at.caption)
    # The legend under the map (HTML, not a chart): the statuses and the classes of the default shading.
    values = sab.kelurahan_values(reader(app_env), at.session_state["bj_filters"])
    assert shown_legend(at) == [("Status laporan", styled(charts.status_legend("id"))),
                                ("Laporan per km²", styled(charts.shade_legend(values, "reports_km2", "id")))]
    fills = {tuple(row["fill"]) for row in deck["layers"][0]["data"]}
    shown = {maps.as_drawn("#{:02X}{:02X}{:02X}".format(*fill[:3]), fill[3]) for fill in fills}
    assert shown == {colour for colour, _ in charts.shade_legend(values, "reports_km2", "id")}  # as the map shows them


def test_page_views_waste_and_before_after(app_env: Path) -> None:
    at = _open_page({"lang": "en"})
    at.get("button_group")[0].set_value("waste").run()
    assert not at.exception, at.exception
    assert [layer["id"] for layer in _decks(at)[0]["layers"]][1] == "sab_waste"
    assert [title for title, _ in shown_legend(at)] == ["Waste per hexagon", "Reports per km²"]
    at.get("button_group")[0].set_value("before_after").run()
    assert not at.exception, at.exception
    decks = _decks(at)
    assert [[layer["id"] for layer in deck["layers"]] for deck in decks] == [
        ["kelurahan_outline", "sab_open_at_start"], ["kelurahan_outline", "sab_cleaned_during"]]
    assert [m.label for m in at.metric][:4] == ["Open at the start", "Cleaned", "…of older reports", "Open at the end"]
    assert shown_legend(at) == [("Maps", styled(charts.phase_legend("en")))]


def test_kel_parameter_zooms_the_map(app_env: Path) -> None:
    city = _decks(_open_page())[0]["initialViewState"]
    zoomed = _open_page({"kel": "Pahlawan"})
    view = _decks(zoomed)[0]["initialViewState"]
    assert view["zoom"] > city["zoom"] + 1
    assert assign_kelurahan([view["latitude"]], [view["longitude"]]).tolist() == ["Pahlawan"]
    assert zoomed.selectbox(key="sab_kel").value == "Pahlawan"
    zoomed.selectbox(key="sab_kel").set_value("").run()
    assert "kel" not in zoomed.query_params


def test_stale_reports_are_listed_only_once_their_section_is_opened(app_env: Path, monkeypatch) -> None:
    asked: list[object] = []

    @functools.wraps(sab.stale_by_kelurahan)  # the query cache finds a function by its module and name
    def counted(*args: object, **kwargs: object) -> pd.DataFrame:
        asked.append(args)
        return stale_by_kelurahan(*args, **kwargs)

    stale_by_kelurahan = sab.stale_by_kelurahan
    monkeypatch.setattr(sab, "stale_by_kelurahan", counted)
    st.cache_data.clear()
    at = _open_page({"periode": "all"})
    assert not at.exception, at.exception
    figures = sab.headline(reader(app_env), at.session_state["bj_filters"])
    assert figures["stale_open"] > 0  # the sample data has reports open past the stale limit
    (section,) = [e for e in at.expander if e.label.startswith("Perlu verifikasi")]
    assert not section.proto.expanded and not section.dataframe and not asked  # closed: nothing run
    at.session_state["sab_stale"] = True  # the viewer opens it: the page runs again with its body
    at.run()
    assert not at.exception, at.exception
    (section,) = [e for e in at.expander if e.label.startswith("Perlu verifikasi")]
    (table,) = section.dataframe
    expected = sab.stale_by_kelurahan(reader(app_env), at.session_state["bj_filters"], 100)
    assert section.proto.expanded and len(table.value) == len(expected) > 0
    assert list(table.value.iloc[:, 0]) == list(expected["kelurahan"])
