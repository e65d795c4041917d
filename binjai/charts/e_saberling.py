"""Maps, figures and display labels for the e-Saberling clean-up page (builders only; the page places them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from binjai import fmt, maps
from binjai.charts.base import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    VERMILLION,
    mark_partial,
    partial_index,
    separators,
    style,
)
from binjai.charts.events import add_events
from binjai.i18n import t

STATUS_COLOURS = {"dilaporkan": VERMILLION, "dijadwalkan": ORANGE, "dibersihkan": GREEN}
STATUS_ICONS = {"dilaporkan": "●", "dijadwalkan": "◆", "dibersihkan": "✓"}
SHADES = ("none", "reports", "reports_km2", "kg", "kg_km2")
SHADE_COLUMNS = {"reports": "reports", "reports_km2": "reports_per_km2", "kg": "waste_kg", "kg_km2": "kg_per_km2"}
SHADE_DECIMALS = {"reports": 0, "reports_km2": 1, "kg": 0, "kg_km2": 0}
LAYER_IDS = {"shade": "sab_shade", "points": "sab_reports", "waste": "sab_waste", "before": "sab_open_at_start",
             "after": "sab_cleaned_during"}
HEX_RADIUS_M = 300
SHADE_ALPHA = 170  # the choropleth under the points stays light enough to see them
LINK_COLOUR = PURPLE


def status_label(code: object, lang: str) -> str:
    """`✓ Dibersihkan` for a status code (icon and word, never colour alone)."""
    if code not in STATUS_ICONS:
        return fmt.DASH
    return f"{STATUS_ICONS[code]} {t(f'e_saberling.status.{code}', lang)}"


def site_label(code: object, lang: str) -> str:
    """The site type's name in the user's language."""
    return t(f"e_saberling.site.{code}", lang) if isinstance(code, str) and code else fmt.DASH


def _dates(values: pd.Series, lang: str) -> pd.Series:
    """Dates formatted once per distinct day (fast for thousands of rows)."""
    days = pd.to_datetime(values).dt.normalize()
    labels = {day: fmt.date(day, lang) for day in days.dropna().unique()}
    return days.map(labels).fillna(fmt.DASH)


def _fill(key: str, lang: str, index: pd.Index, **values: pd.Series) -> pd.Series:
    """A translated template filled row by row from Series (a vectorised `t(key, lang, **values)`)."""
    parts = t(key, lang, **{name: f"\x00{name}\x00" for name in values}).split("\x00")
    out = pd.Series("", index=index, dtype=object)
    for position, part in enumerate(parts):
        out = out + (values[part].astype(str) if position % 2 else part)
    return out


def report_tips(points: pd.DataFrame, lang: str) -> pd.Series:
    """Tooltip text per map point: a single report, or a grid cell that stands for several."""
    index = points.index
    status = points["status"].map({code: status_label(code, lang) for code in STATUS_ICONS}).fillna(fmt.DASH)
    first, last, cleaned = (_dates(points[c], lang) for c in ("first_reported", "last_reported", "last_cleaned"))
    kg = points["waste_kg"].map(lambda v: f"{fmt.number(v, 1, lang)} kg" if pd.notna(v) else "")
    team = points["team"].where(points["team"].map(lambda v: isinstance(v, str))).fillna("")
    kg_team = (kg + " · " + team).str.strip(" ·")
    site = points["site_type"].map(lambda code: site_label(code, lang))
    cleaned_line = _fill("e_saberling.tip.cleaned", lang, index, date=cleaned).where(points["last_cleaned"].notna(), "")
    single = (points["kelurahan"].astype(str) + " · " + status + "\n" + site + "\n"
              + _fill("e_saberling.tip.reported", lang, index, date=first) + "\n" + cleaned_line)
    counts = points["count"].map(lambda n: fmt.number(n, lang=lang))
    cell = (_fill("e_saberling.tip.cell", lang, index, n=counts, status=status) + "\n"
            + _fill("e_saberling.tip.near", lang, index, kelurahan=points["kelurahan"]) + "\n"
            + _fill("e_saberling.tip.reported_range", lang, index, first=first, last=last))
    body = single.where(points["count"] == 1, cell)
    return (body + "\n" + kg_team).str.replace(r"\n+", "\n", regex=True).str.strip()


def shade_values(values: pd.DataFrame, shade: str, lang: str) -> pd.DataFrame:
    """[kelurahan, value, label] for the choropleth: the chosen measure and a tooltip with every measure."""
    unit = t("e_saberling.unit.reports", lang)
    labels = [
        "\n".join([
            f"{row.kelurahan} ({row.kecamatan})",
            f"{fmt.number(row.reports, lang=lang)} {unit} · {fmt.number(row.reports_per_km2, 1, lang)} {unit}/km²",
            f"{fmt.number(row.waste_kg, lang=lang)} kg · {fmt.number(row.kg_per_km2, lang=lang)} kg/km²",
        ])
        for row in values.itertuples()
    ]
    return pd.DataFrame({"kelurahan": values["kelurahan"], "value": values[SHADE_COLUMNS[shade]], "label": labels})


def shade_legend(values: pd.DataFrame, shade: str, lang: str) -> list[tuple[str, str]]:
    """(colour, label) of the choropleth classes for the chosen measure."""
    breaks = maps.class_breaks(values[SHADE_COLUMNS[shade]])
    return maps.legend_entries(breaks, BLUE, lambda v: fmt.number(v, SHADE_DECIMALS[shade], lang), SHADE_ALPHA)


def _shade_layers(values: pd.DataFrame, shade: str, lang: str) -> list[pdk.Layer]:
    """The choropleth of `shade` (drawing every kelurahan, in place of the outline), or nothing."""
    if shade == "none" or values.empty:
        return []
    return [maps.area_layer(shade_values(values, shade, lang), layer_id=LAYER_IDS["shade"], colour=BLUE, alpha=SHADE_ALPHA,
                            base=True)]


def _points_layer(points: pd.DataFrame, layer_id: str, lang: str) -> pdk.Layer:
    data = points.assign(tip=report_tips(points, lang))
    return maps.points_layer(data, color_by="status", layer_id=layer_id, colours=STATUS_COLOURS)


def reports_deck(points: pd.DataFrame, values: pd.DataFrame, shade: str, view: dict, lang: str) -> pdk.Deck:
    """Reports coloured by status over the optional choropleth."""
    shading = _shade_layers(values, shade, lang)
    points_layers = [_points_layer(points, LAYER_IDS["points"], lang)] if len(points) else []
    return maps.base_deck([*shading, *points_layers], view=view, outline=not shading)


def waste_deck(waste: pd.DataFrame, values: pd.DataFrame, shade: str, view: dict, lang: str) -> pdk.Deck:
    """Kg collected in hexagons of about 600 m across over the optional choropleth."""
    shading = _shade_layers(values, shade, lang)
    layers = list(shading)

    def describe(weight: float, count: int) -> str:
        return t("e_saberling.tip.hexagon", lang, kg=fmt.number(weight, lang=lang))

    if len(waste):
        layers.append(maps.hexagon_layer(waste, layer_id=LAYER_IDS["waste"], radius_m=HEX_RADIUS_M, colour=ORANGE,
                                         describe=describe))
    return maps.base_deck(layers, view=view, outline=not shading)


def waste_legend(waste: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(colour, label) of the hexagon classes (kg per hexagon)."""
    bins = maps.hex_bins(waste, HEX_RADIUS_M)
    breaks = maps.class_breaks(bins["weight"])
    return maps.legend_entries(breaks, ORANGE, lambda v: f"{fmt.number(v, 0, lang)} kg", maps.HEX_ALPHA)


PHASE_COLOURS = {"before": VERMILLION, "after": GREEN}


def phase_deck(points: pd.DataFrame, phase: str, view: dict, lang: str) -> pdk.Deck:
    """One side of the before/after view: open reports at the start ("before"), or clean-ups during it ("after")."""
    layers = []
    if len(points):
        data = points.assign(tip=report_tips(points, lang), phase=phase)
        layers.append(maps.points_layer(data, color_by="phase", layer_id=LAYER_IDS[phase], colours=PHASE_COLOURS))
    return maps.base_deck(layers, view=view, height=430, labels=False)


def phase_legend(lang: str) -> list[tuple[str, str]]:
    """(colour, label) of the before/after maps."""
    return [(PHASE_COLOURS["before"], f"● {t('e_saberling.legend.before', lang)}"),
            (PHASE_COLOURS["after"], f"✓ {t('e_saberling.legend.after', lang)}")]


def status_legend(lang: str) -> list[tuple[str, str]]:
    """(colour, label) of the report statuses."""
    return [(colour, status_label(code, lang)) for code, colour in STATUS_COLOURS.items()]


def monthly_chart(monthly: pd.DataFrame, lang: str, until: dt.date | None = None) -> go.Figure:
    """Reports received against clean-ups done per month, with kg collected as a line on its own axis; a month
    running past `until` (the period's end) is marked as incomplete."""
    months = monthly["month"].map(lambda m: fmt.month(m, lang))
    fig = go.Figure()
    fig.add_bar(x=months, y=monthly["received"], name=t("e_saberling.chart.received", lang), marker_color=GREY,
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>")
    fig.add_bar(x=months, y=monthly["cleaned"], name=t("e_saberling.chart.cleaned", lang), marker_color=GREEN,
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>")
    fig.add_scatter(x=months, y=monthly["waste_kg"] / 1000, name=t("e_saberling.chart.tonnes", lang), yaxis="y2",
                    mode="lines+markers", line={"color": ORANGE, "width": 3},
                    hovertemplate="%{x}: %{y:,.1f} t<extra></extra>")
    style(fig, height=380)
    fig.update_layout(separators=separators(lang), barmode="group", bargap=0.25,
                      yaxis={"title": {"text": t("e_saberling.chart.reports_axis", lang)}, "rangemode": "tozero"},
                      yaxis2={"title": {"text": t("e_saberling.chart.tonnes_axis", lang)}, "overlaying": "y", "side": "right",
                              "rangemode": "tozero", "showgrid": False, "tickformat": ",.0f"})
    fig.update_xaxes(type="category", tickangle=0, nticks=13)
    add_events(fig, lang, buckets=list(monthly["month"]))
    return mark_partial(fig, partial_index(list(monthly["month"]), "month", until), until, lang)


def _hbar(labels: pd.Series, values: pd.Series, texts: list[str], colour: str, axis_title: str,
          lang: str) -> go.Figure:
    fig = go.Figure(go.Bar(y=labels, x=values, orientation="h", marker_color=colour, text=texts,
                           textposition="auto", textfont={"size": 15}, hoverinfo="skip", cliponaxis=False))
    style(fig, height=max(240, 70 + 44 * len(labels)), legend=False)
    fig.update_layout(separators=separators(lang), xaxis={"title": {"text": axis_title}})
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def kecamatan_chart(summary: pd.DataFrame, lang: str) -> go.Figure:
    """Kg collected per 1,000 residents per kecamatan."""
    texts = [fmt.number(v, 1, lang) for v in summary["kg_per_1000"]]
    return _hbar(summary["kecamatan"], summary["kg_per_1000"].fillna(0), texts, BLUE,
                 t("e_saberling.chart.kg_per_1000", lang), lang)


def site_chart(sites: pd.DataFrame, lang: str) -> go.Figure:
    """Clean-ups and kg per site type."""
    ordered = sites.sort_values("cleaned", ascending=False)
    texts = [t("e_saberling.chart.site_text", lang, n=fmt.number(row.cleaned, lang=lang), kg=fmt.number(row.waste_kg, lang=lang))
             for row in ordered.itertuples()]
    return _hbar(ordered["site_type"].map(lambda c: site_label(c, lang)), ordered["cleaned"], texts, GREEN,
                 t("e_saberling.chart.cleanups_axis", lang), lang)


def link_chart(link: pd.DataFrame, lang: str) -> go.Figure:
    """Per kelurahan: waste and drainage complaints (x) against clean-ups (y), with the one-to-one line."""
    top = float(max(link["complaints"].max(), link["cleanups"].max(), 1)) * 1.15
    fig = go.Figure()
    fig.add_scatter(x=[0, top], y=[0, top], mode="lines", line={"color": GREY, "dash": "dash"},
                    name=t("e_saberling.chart.one_to_one", lang), hoverinfo="skip")
    labelled = set(link.nlargest(6, "complaints")["kelurahan"])
    fig.add_scatter(
        x=link["complaints"], y=link["cleanups"], mode="markers+text", name=t("e_saberling.chart.kelurahan", lang),
        marker={"size": 12, "color": LINK_COLOUR, "line": {"color": "white", "width": 1}},
        text=[name if name in labelled else "" for name in link["kelurahan"]], textposition="top center",
        customdata=link[["kelurahan", "waste_complaints", "drainage_complaints"]].to_numpy(),
        hovertemplate=(f"<b>%{{customdata[0]}}</b><br>{t('e_saberling.chart.waste_complaints', lang)}: %{{customdata[1]:,.0f}}"
                       f"<br>{t('e_saberling.chart.drainage_complaints', lang)}: %{{customdata[2]:,.0f}}"
                       f"<br>{t('e_saberling.chart.cleanups', lang)}: %{{y:,.0f}}<extra></extra>"))
    style(fig, height=420)
    fig.update_layout(separators=separators(lang),
                      xaxis={"title": {"text": t("e_saberling.chart.complaints_axis", lang)}, "range": [0, top]},
                      yaxis={"title": {"text": t("e_saberling.chart.cleanups_axis", lang)}, "range": [0, top]})
    return fig


_COUNT_COLUMNS = ("received", "cleaned", "volunteers", "open_reports", "oldest_open_days", "population",
                  "waste_complaints", "drainage_complaints", "complaints", "cleanups", "reports")
_DECIMALS = {"waste_kg": 0, "kg_per_1000": 1, "kg_per_km2": 0, "median_days": 1, "cleanups_per_complaint": 2}


def column_label(name: str, lang: str) -> str:
    """The heading of a table column in the user's language."""
    return t(f"e_saberling.col.{name}", lang)


def _translated(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = frame.copy()
    if "site_type" in out:
        out["site_type"] = out["site_type"].map(lambda code: site_label(code, lang))
    if "population_year" in out:
        out["population_year"] = out["population_year"].map(
            lambda year: year if isinstance(year, str) and year else t("e_saberling.year_unknown", lang))
    return out


def display_table(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Selected columns for the screen: labels translated and numbers formatted as text (1.234,5)."""
    out = _translated(frame[columns], lang)
    for column in columns:
        if column in _COUNT_COLUMNS:
            out[column] = out[column].map(lambda v: fmt.number(v, 0, lang))
        elif column in _DECIMALS:
            out[column] = out[column].map(lambda v, d=_DECIMALS[column]: fmt.number(v, d, lang))
    return out.rename(columns={c: column_label(c, lang) for c in columns})


def export_table(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Selected columns for CSV/XLSX: labels translated, numbers kept as numbers."""
    return _translated(frame[columns], lang).rename(columns={c: column_label(c, lang) for c in columns})


def is_aggregated(*points: pd.DataFrame) -> bool:
    """True when any map point stands for several reports (the map received grid cells)."""
    return any(len(frame) and int(frame["count"].max()) > 1 for frame in points)


def population_note(summary: pd.DataFrame, lang: str) -> str:
    """Where the population figures come from and their year, for the per-1,000-residents figures."""
    pairs = _translated(summary, lang)[["population_source", "population_year"]].dropna().drop_duplicates()
    return " ".join(t("e_saberling.population_note", lang, source=str(row.population_source).split(" (")[0],
                      year=row.population_year) for row in pairs.itertuples())

