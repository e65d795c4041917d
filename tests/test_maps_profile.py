"""Map labels, zoom, boundary-file problems, the layer rule, month boxes and the kelurahan profile queries.

The profile queries run on the e-Saberling fixture (tests/test_e_saberling.py, March 2024): for Damai, reports
R4, R5 and R9 arrive in March, R4 is cleaned in March (30.5 kg), R5 and R9 are still open on 31 March; complaints
C4 (28 Feb, open) and C5 (7 Mar, open) are Damai's.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from binjai import geo, maps, reference
from binjai.charts import kelurahan as kel_charts
from binjai.db import Warehouse
from binjai.filters import EARLIEST_DATA, month_choices, month_span
from binjai.i18n import t
from binjai.queries import kelurahan as q
from tests.conftest import ROOT
from tests.test_e_saberling import MARCH, wh  # noqa: F401  (the module-scoped fixture warehouse)


def _boxes(view: dict) -> list[tuple[float, ...]]:
    labels = maps.fitting_labels(view)
    scale = maps.metres_per_pixel(view["zoom"], view["latitude"]) / 1000
    x, y = geo.to_km(labels["lon"].to_numpy(), labels["lat"].to_numpy())
    return [maps.label_box(name, xk / scale, yk / scale) for name, xk, yk in zip(labels["name"], x, y, strict=True)]


def test_labels_that_are_printed_never_overlap_and_the_largest_always_is() -> None:
    view = geo.city_view(1000, 600)
    boxes = _boxes(view)
    assert 5 <= len(boxes) < 37
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    largest = reference.kelurahan().sort_values("area_km2").iloc[-1]["kelurahan"]
    assert largest in set(maps.fitting_labels(view)["name"])
    closer = maps.zoomed(view, 2)
    assert len(maps.fitting_labels(closer)) > len(boxes)  # zoomed in, more names fit


def test_label_layer_is_dark_with_a_white_halo_and_scales_with_the_map() -> None:
    view = geo.city_view(1000, 600)
    layer = maps.label_layer(view)
    assert layer.get_color[:3] == [0x14, 0x17, 0x1A] and layer.outline_color == [255, 255, 255, 255]
    assert layer.outline_width > 0 and layer.font_settings["sdf"] is True
    assert str(layer.size_units).strip("'") == "meters"
    assert layer.get_size == pytest.approx(maps.LABEL_PX * maps.metres_per_pixel(view["zoom"], view["latitude"]), 0.01)


def test_metres_per_pixel_halves_with_each_zoom_step() -> None:
    assert maps.metres_per_pixel(0, 0) == pytest.approx(78_271.5, rel=1e-4)
    assert maps.metres_per_pixel(12, 3.6) == pytest.approx(maps.metres_per_pixel(11, 3.6) / 2)


def test_zoom_steps_are_bounded() -> None:
    view = {"latitude": 3.6, "longitude": 98.5, "zoom": 11.25}
    assert maps.zoomed(view, 1)["zoom"] == 12.25 and maps.zoomed(view, -2)["zoom"] == 9.25
    assert maps.zoomed(view, 99)["zoom"] == 11.25 + maps.MAX_ZOOM_STEPS
    assert maps.zoomed(view, 0) == view


def test_areas_are_named_on_hover_and_carry_the_kelurahan_for_clicks() -> None:
    outline = maps.outline_layer()
    assert outline.pickable and "Damai · Binjai Utara" in {row["tip"] for row in outline.data}
    values = pd.DataFrame({"kelurahan": ["Damai", "Tangsi"], "value": [1.0, 2.0], "label": ["a", "b"]})
    area = maps.area_layer(values, layer_id="x")
    assert {row["kelurahan"] for row in area.data} == {"Damai", "Tangsi"}
    points = pd.DataFrame({"lon": [98.49], "lat": [3.63], "status": ["baru"], "kelurahan": ["Damai"]})
    assert [row["kelurahan"] for row in maps.points_layer(points, color_by="status", layer_id="p").data] == ["Damai"]


def test_maps_do_not_import_charts() -> None:
    code = "import sys, binjai.maps; sys.exit(1 if any(m.startswith('binjai.charts') for m in sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


@pytest.mark.parametrize(("content", "reason"), [(None, "missing"), (b"{ not json", "invalid"),
                                                  (b'{"type": "FeatureCollection", "features": []}', "invalid"),
                                                  (b"\xff\xfe\x00bad", "unreadable")])
def test_a_set_but_unusable_boundary_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      content: bytes | None, reason: str) -> None:
    path = tmp_path / "batas.geojson"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("BINJAI_BOUNDARY_FILE", str(path))
    assert geo.boundary_problem() == (str(path), reason)
    assert geo.kelurahan_areas()[1] is True  # the approximation is drawn meanwhile


def test_no_problem_without_a_setting_or_with_a_good_file(monkeypatch: pytest.MonkeyPatch) -> None:
    assert geo.boundary_problem() is None
    good = ROOT.parent.parent / "shared" / "geo" / "binjai_kelurahan.geojson"
    if not good.exists():
        good = Path("/work/shared/geo/binjai_kelurahan.geojson")
    if good.exists():
        monkeypatch.setenv("BINJAI_BOUNDARY_FILE", str(good))
        assert geo.boundary_problem() is None


def test_boundary_warning_is_translated() -> None:
    for lang in ("id", "en"):
        text = t("map.boundary_problem", lang, path="/x.geojson", reason=t("map.boundary_missing", lang))
        assert "/x.geojson" in text and t("map.boundary_missing", lang) in text


def test_month_boxes_cover_whole_months_up_to_today() -> None:
    today = dt.date(2026, 12, 1)
    months = month_choices(today)
    assert months[0] == EARLIEST_DATA.replace(day=1) and months[-1] == dt.date(2026, 12, 1)
    assert month_span(dt.date(2025, 3, 1), dt.date(2025, 8, 1), today) == (dt.date(2025, 3, 1), dt.date(2025, 8, 31))
    assert month_span(dt.date(2025, 8, 1), dt.date(2025, 3, 1), today) == (dt.date(2025, 3, 1), dt.date(2025, 8, 31))
    assert month_span(dt.date(2024, 2, 1), dt.date(2024, 2, 1), today) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert month_span(dt.date(2026, 11, 1), dt.date(2026, 12, 1), today) == (dt.date(2026, 11, 1), today)
    assert month_span(dt.date(2025, 12, 1), dt.date(2025, 12, 1), today)[1] == dt.date(2025, 12, 31)


def test_kelurahan_codes() -> None:
    code = reference.kelurahan_code("Damai")
    assert code == "12.75.01.1004" and reference.kelurahan_by_code(code)["kecamatan"] == "Binjai Utara"
    assert reference.kelurahan_code("Atlantis") is None and reference.kelurahan_by_code("99") is None


def test_profile_figures_for_damai_in_march(wh: Warehouse) -> None:  # noqa: F811
    assert q.complaints(wh, MARCH, "Damai") == {"received": 1, "resolved": 0, "open_now": 2}
    assert q.cleanups(wh, MARCH, "Damai") == {"received": 3, "cleaned": 1, "waste_kg": 30.5, "open_at_end": 2}
    assert q.cleanups(wh, MARCH, "Jati Karya") == {"received": 0, "cleaned": 0, "waste_kg": 0.0, "open_at_end": 0}


def test_profile_monthly_trend_and_categories(wh: Warehouse) -> None:  # noqa: F811
    spring = MARCH.__class__(dt.date(2024, 2, 1), dt.date(2024, 4, 30), (), "custom")
    monthly = q.monthly(wh, spring, "Damai")
    assert monthly["complaints"].tolist() == [1, 1, 0]
    assert monthly["reports"].tolist() == [0, 3, 0] and monthly["cleanups"].tolist() == [0, 1, 0]
    categories = q.complaint_categories(wh, MARCH, "Damai")
    assert categories.to_dict("records") == [
        {"category": "Air Bersih", "received": 1, "open_now": 1},
        {"category": "Kebersihan & Sampah", "received": 0, "open_now": 1}]


def test_city_table_lists_every_kelurahan(wh: Warehouse) -> None:  # noqa: F811
    table = q.city_table(wh, MARCH, reference.kelurahan())
    assert len(table) == 37
    damai = table.set_index("kelurahan").loc["Damai"]
    assert (damai["complaints"], damai["open_complaints"], damai["reports"], damai["cleanups"],
            damai["open_reports"]) == (1, 2, 3, 1, 2)
    shown = kel_charts.city_frame(table, "id")
    assert list(shown.columns)[:3] == ["Kelurahan", "Kecamatan", "Aduan"]


def test_profile_page_from_the_url(app_env: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.query_params["kel"] = reference.kelurahan_code("Damai")
    at.switch_page("pages/05_kelurahan.py")
    at.run()
    assert not at.exception, at.exception
    assert any(h.value == "Kelurahan Damai" for h in at.header)
    assert [m.label for m in at.metric][:3] == ["Aduan diterima", "Aduan selesai", "Aduan masih terbuka"]


def test_profile_page_with_an_unknown_code_asks_to_choose(app_env: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.query_params["kel"] = "*99*"
    at.switch_page("pages/05_kelurahan.py")
    at.run()
    assert not at.exception, at.exception
    assert any(r"\*99\*" in w.value for w in at.warning)  # shown, with its Markdown characters escaped
    assert at.selectbox(key="kel_code").value is None
