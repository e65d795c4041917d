"""Drill-through of table rows and chart groups: a picked row of the e-Mas kelurahan table or of Profil Kelurahan's
city table opens records that recount the row's figures (zeros included), and group drills offer only the
combinations with records, each opening exactly that many."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from binjai import reference
from binjai.db import Warehouse, reader
from binjai.filters import Filters, from_params
from binjai.queries import drill, drill_rows, e_mas, e_saberling, kelurahan, quick_wins
from tests.test_app_pages import _open
from tests.test_drill import FILTER_SETS, TODAY

ONE_MONTH = Filters(TODAY.replace(month=10, day=1), TODAY.replace(month=10, day=31), (), "custom")


def _rows(wh: Warehouse, question: drill.Ask, filters: Filters) -> int:
    return drill.ask(wh, question, filters, TODAY).rows


def _some_with_a_zero(frame: pd.DataFrame, column: str) -> list[int]:
    """Row numbers of the first, a middle and the last row, and of a row whose `column` is 0 (there must be one)."""
    zeros = frame.index[frame[column] == 0]
    assert len(zeros), f"no kelurahan with zero {column}"
    return sorted({0, len(frame) // 2, len(frame) - 1, int(zeros[0])})


@pytest.mark.parametrize("chosen", [None, e_mas.Selection(category=("Kebersihan & Sampah",), channel=("WhatsApp",))])
def test_e_mas_kelurahan_row_opens_its_received_complaints(sample_db: Path, chosen: e_mas.Selection | None) -> None:
    wh = reader(sample_db)
    filters = ONE_MONTH if chosen is None else from_params({"periode": "ytd"}, TODAY)
    places = e_mas.by_kelurahan(wh, filters, chosen)
    for index in _some_with_a_zero(places, "received"):
        name, expected = places.at[index, "kelurahan"], int(places.at[index, "received"])
        (question,) = drill_rows.emas_kelurahan_asks(name, chosen, name).values()
        result = drill.ask(wh, question, filters, TODAY)
        assert result.rows == expected, (name, expected)
        assert set(result.records["kelurahan"]) <= {name}


def test_city_table_row_opens_each_count(sample_db: Path) -> None:
    wh = reader(sample_db)
    filters = Filters(ONE_MONTH.start, ONE_MONTH.end, ("Binjai Kota",), "custom")  # the table ignores the kecamatan
    city = kelurahan.city_table(wh, filters, reference.kelurahan())
    labels = {column: column for column in drill_rows.CITY_FIGURES}
    checked = []
    for column in drill_rows.CITY_FIGURES:
        for index in _some_with_a_zero(city, column) if column != "open_complaints" else [0, len(city) - 1]:
            name = city.at[index, "kelurahan"]
            question = drill_rows.city_asks(filters, name, labels)[column]
            assert _rows(wh, question, filters) == city.at[index, column], (name, column)
            checked.append(int(city.at[index, column]) > 0)
    assert len(checked) >= 15 and checked.count(False) >= 4 and checked.count(True) >= 4


def test_listed_leaves_out_groups_without_records() -> None:
    counts = {"opd": {"emas_received": {"DLH": 3, "PUPR": 0, None: 4}}, "channel": {"emas_received": {"WhatsApp": 1}}}
    assert drill_rows.listed(counts) == [("emas_received", "opd", "DLH", 3), ("emas_received", "channel", "WhatsApp", 1)]
    late = {"dimension": {"qw_late": {"economy": 0}, "qw_avg_progress": {"economy": 2}}}
    assert drill_rows.listed(late, ("qw_late", "qw_avg_progress")) == [("qw_avg_progress", "dimension", "economy", 2)]


def _check_groups(wh: Warehouse, filters: Filters, counts: drill_rows.Counts, every: dict[str, list[str]],
                  **scope: object) -> int:
    """Each listed combination opens exactly its count (> 0); every combination left out opens no record."""
    listed = {(m, c, v): n for m, c, v, n in drill_rows.listed(counts)}
    for column, figures in counts.items():
        for metric_id in figures:
            for value in every[column]:
                rows = _rows(wh, drill.Ask(metric_id, only=((column, value),), **scope), filters)
                assert rows == listed.get((metric_id, column, value), 0), (metric_id, column, value)
    return len(listed)


@pytest.mark.parametrize("params", FILTER_SETS[1:])
def test_group_drills_list_only_combinations_with_records(sample_db: Path, params: dict) -> None:
    wh = reader(sample_db)
    filters = from_params(params, TODAY)
    chosen = e_mas.Selection(category=("Kebersihan & Sampah", "Jalan & Drainase"))
    received = {"emas_received": "received"}
    counts = {name: drill_rows.record_counts(e_mas.breakdown(wh, filters, name, chosen), "key", received)
              for name in ("category", "channel", "opd")}
    choices = e_mas.selection_choices()
    assert _check_groups(wh, filters, counts, {name: list(choices[name]) for name in counts},
                         emas_selection=chosen) >= 4
    sites = e_saberling.site_summary(wh, filters)
    site_counts = {"site_type": drill_rows.record_counts(sites, "site_type", {
        "sab_received": "received", "sab_cleaned": "cleaned", "sab_waste_kg": "cleaned", "sab_volunteers": "cleaned"})}
    assert _check_groups(wh, filters, site_counts, {"site_type": list(sites["site_type"])}) >= 2
    for by in ("dimension", "opd"):
        bars = quick_wins.breakdown(wh, filters, quick_wins.ALL, by)
        assert (bars["programmes"] == 0).any()  # zero bars exist, so leaving them out is tested
        assert _check_groups(wh, filters, {by: drill_rows.status_counts(bars)}, {by: list(bars["group"].unique())}) > 0


def test_e_mas_page_row_pick_opens_the_row_drill(app_env) -> None:
    at = _open("pages/02_e_mas.py", {"lang": "id"})
    assert not at.exception, at.exception
    assert "emas_kel_drill_open" not in {box.key for box in at.toggle}
    at.session_state["emas_kel_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert "emas_kel_drill_open" in {box.key for box in at.toggle}, [box.key for box in at.toggle]


def test_city_table_row_pick_opens_its_counts_on_the_page(app_env) -> None:
    at = _open("pages/05_kelurahan.py", {"lang": "id"})
    at.session_state["kel_city"] = {"selection": {"rows": [3], "columns": [], "cells": []}}
    at.run()
    at.toggle(key="kel_city_drill_open").set_value(True).run()
    assert not at.exception, at.exception
    city = at.dataframe[0].value  # the city table comes first (the profile's drill is closed)
    row = city.iloc[3]
    box = at.selectbox(key="kel_city_drill")
    assert len(box.options) == len(drill_rows.CITY_FIGURES)
    for index, column in enumerate(drill_rows.CITY_FIGURES):
        at.selectbox(key="kel_city_drill").select_index(index).run()
        shown = row[city.columns[2 + index]]
        assert any(c.value.replace("\u2060", "").startswith(f"{shown} baris") for c in at.caption), (column, shown)
