"""Presenter mode (AppTest): one slide at a time, navigation, the slide number in the URL, language and period
carried in, `?present=1` from any page, the sample mark, and handouts made on click."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from binjai import clock, fmt
from binjai.handout import images
from binjai.slides import markdown_text
from tests.conftest import ROOT

PRESENTER = "pages/09_presentasi.py"


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PRESENTER)
    return at.run()


def _slide_param(at: AppTest) -> str:
    value = at.query_params["slide"]
    return value[0] if isinstance(value, list) else value


def test_opens_the_slide_named_in_the_url(app_env) -> None:
    at = _open({"slide": "3"})
    assert not at.exception, at.exception
    assert at.title[0].value == r"Smart Governance \(Tata Kelola\)"
    assert [m.label for m in at.metric] == ["Skor kelengkapan", "Program selesai / sesuai jadwal",
                                            "Indikator mencapai target"]
    assert any("3 / 12" in c.value for c in at.caption)


def test_next_and_previous_move_and_update_the_url(app_env) -> None:
    at = _open({"slide": "1"})
    assert at.button(key="pr_prev").disabled
    at.button(key="pr_next").click().run()
    assert _slide_param(at) == "2" and at.title[0].value == "Gambaran umum"
    at.button(key="pr_next").click().run()
    assert _slide_param(at) == "3"
    at.button(key="pr_prev").click().run()
    assert _slide_param(at) == "2"
    at.selectbox(key="pr_jump").set_value(12).run()
    assert _slide_param(at) == "12" and at.title[0].value == "Ringkasan"
    assert at.button(key="pr_next").disabled


def test_out_of_range_slide_is_clamped(app_env) -> None:
    at = _open({"slide": "99"})
    assert not at.exception
    assert at.title[0].value == "Ringkasan"


def test_language_and_period_carry_into_the_slides(app_env) -> None:
    at = _open({"slide": "1", "lang": "en", "periode": "last_year"})
    assert at.title[0].value == "Kota Binjai Smart City"
    year = clock.today().year - 1
    period = fmt.period(dt.date(year, 1, 1), dt.date(year, 12, 31), "en")
    assert f"### {markdown_text('Period: ' + period)}" in [m.value for m in at.markdown]
    assert at.query_params["periode"] in ("last_year", ["last_year"])


def test_present_parameter_opens_presenter_mode(app_env) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["present"] = "1"
    at.query_params["slide"] = "10"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == markdown_text("e-Mas: aduan masyarakat")
    assert any("10 / 12" in c.value for c in at.caption)
    assert not at.sidebar.get("radio")  # no sidebar widgets in presenter mode


def test_auto_advance_setting_goes_into_the_url(app_env) -> None:
    at = _open({"slide": "2"})
    at.selectbox(key="pr_auto").set_value(20).run()
    assert not at.exception
    auto = at.query_params["auto"]
    assert (auto[0] if isinstance(auto, list) else auto) == "20"
    at.selectbox(key="pr_auto").set_value(0).run()
    assert "auto" not in at.query_params


def test_handout_without_chromium_explains_and_still_downloads(app_env, monkeypatch) -> None:
    monkeypatch.setattr(images, "chromium_path", lambda: None)
    at = _open({"slide": "1"})
    assert any("Chromium belum terpasang" in c.value for c in at.caption)
    at.button(key="pr_handout_make").click().run()
    assert not at.exception, at.exception
    assert any("bash scripts/install_chromium.sh" in w.value for w in at.warning)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Unduh PDF", "Unduh PPTX"]


@pytest.mark.parametrize("slide", range(1, 13))
def test_every_slide_renders(app_env, slide) -> None:
    at = _open({"slide": str(slide)})
    assert not at.exception, at.exception
