"""The Smart City scorecard: the six dimensions, their programmes, applications and metrics, and a score.

Which programmes, applications and metrics serve which dimension is data an administrator edits in
`data_sources/reference/dimension_map.csv`, one row per link: `dimension,kind,item,weight`.

- `kind=app`: the application `item` (e.g. e-PBB) serves the dimension, and its key metrics count for it; an app
  may serve several dimensions.
- `kind=metric`: the metric code `item` also counts for the dimension (any metric of any application); its
  weight replaces the app row's for that metric.
- `kind=programme`: the programme `item` (program_id) counts for the dimension instead of the one in its
  progress reports; without such a row a programme counts for the dimension its reports give.
- `weight` (optional, default 1) weighs a programme or metric in the score.

Completeness score of a dimension (0-100): the average of (a) the weighted share of its programmes that are
completed or on schedule and (b) the weighted share of its metrics that meet their target in their latest month
in the period. A part with nothing to count is left out; a dimension with neither has no score. Metrics without
a target or without data in the period are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from binjai import reference, settings
from binjai import status as rule
from binjai.db import Warehouse
from binjai.filters import Filters
from binjai.queries import apps, quick_wins
from data_sources.contract import normalise_header

DIMENSIONS: tuple[str, ...] = ("governance", "branding", "economy", "living", "society", "environment")
KINDS: tuple[str, ...] = ("app", "programme", "metric")
MAP_FILE = "dimension_map.csv"
MAP_COLUMNS = ["dimension", "kind", "item", "weight"]
_KIND_ALIASES = {"app": "app", "aplikasi": "app", "programme": "programme", "program": "programme",
                 "metric": "metric", "indikator": "metric"}


@dataclass(frozen=True)
class MapProblem:
    """One unusable row of the dimension map: spreadsheet row number (header = 1), column, value, reason code."""

    row: int
    column: str
    value: str
    reason: str


def map_path() -> Path:
    """Where the administrator's dimension map lives (read on every call, so edits apply at once)."""
    return Path(settings.REFERENCE_DIR) / MAP_FILE


def _dimension_code(text: str) -> str | None:
    """`governance`, `Smart Governance` or `smart_governance` -> `governance`; None when unknown."""
    code = reference.normalise_name(text).removeprefix("smart")
    return code if code in DIMENSIONS else None


def read_map(path: Path | None = None) -> tuple[pd.DataFrame, list[MapProblem]]:
    """The usable rows of the dimension map (dimension, kind, item, weight) and every problem found."""
    source = path or map_path()
    if not source.exists():
        return pd.DataFrame(columns=MAP_COLUMNS), [MapProblem(0, "", str(source), "missing_file")]
    raw = pd.read_csv(source, dtype=str, keep_default_na=False, skip_blank_lines=True, encoding="utf-8-sig")
    raw.columns = [normalise_header(c) for c in raw.columns]
    absent = [c for c in MAP_COLUMNS[:3] if c not in raw.columns]
    if absent:
        return pd.DataFrame(columns=MAP_COLUMNS), [MapProblem(1, c, "", "missing_column") for c in absent]
    rows, problems = [], []
    for number, record in enumerate(raw.to_dict("records"), start=2):
        row, found = _map_row(number, record)
        problems.extend(found)
        if row is not None:
            rows.append(row)
    return pd.DataFrame(rows, columns=MAP_COLUMNS), problems


def _map_row(number: int, record: dict) -> tuple[dict | None, list[MapProblem]]:
    """One CSV record checked and normalised, or None with the reasons it cannot be used."""
    problems = []
    dimension = _dimension_code(record["dimension"])
    if dimension is None:
        problems.append(MapProblem(number, "dimension", record["dimension"], "dimension"))
    kind = _KIND_ALIASES.get(normalise_header(record["kind"]))
    if kind is None:
        problems.append(MapProblem(number, "kind", record["kind"], "kind"))
    item = str(record["item"]).strip()
    if not item:
        problems.append(MapProblem(number, "item", "", "item"))
    weight_text = str(record.get("weight", "")).strip().replace(",", ".")
    try:
        weight = float(weight_text) if weight_text else 1.0
    except ValueError:
        weight = -1.0
    if not weight >= 0:
        problems.append(MapProblem(number, "weight", str(record.get("weight", "")), "weight"))
    if problems:
        return None, problems
    return {"dimension": dimension, "kind": kind, "item": item, "weight": weight}, []


def unknown_items(wh: Warehouse, mapping: pd.DataFrame) -> pd.DataFrame:
    """Map rows naming an app, metric or programme that does not exist (kind, item), for the administrator."""
    metric_codes = set(apps.catalogue()["metric"]) | {spec.metric for spec in apps.SOURCE_METRICS}
    known = {"app": set(apps.APPS), "metric": metric_codes,
             "programme": set(wh.query("SELECT DISTINCT program_id FROM quick_wins")["program_id"])}
    unknown = [row.item not in known[row.kind] for row in mapping.itertuples()]
    return mapping.loc[unknown, ["kind", "item"]].drop_duplicates().reset_index(drop=True)


def _weighted_share(ok: pd.Series, weight: pd.Series) -> float:
    """Weighted share of True values in percent (unrounded); NaN when the weights sum to nothing."""
    total = float(weight.sum())
    return float(weight[ok.astype(bool)].sum()) / total * 100 if total > 0 else np.nan


def programmes(wh: Warehouse, filters: Filters, mapping: pd.DataFrame, dimension: str | None = None) -> pd.DataFrame:
    """Programmes at the period end, one row per (programme, dimension) after the map's overrides.

    Columns: the quick-win current-state columns, `dimension` (as mapped), `weight` and `on_schedule`
    (completed or on schedule). Ordered by dimension, then late first, then name.
    """
    frame = quick_wins.latest_programmes(wh, filters)
    links = mapping.loc[mapping["kind"] == "programme", ["item", "dimension", "weight"]]
    links = links.rename(columns={"item": "program_id"}).drop_duplicates(["program_id", "dimension"])
    overridden = frame["program_id"].isin(links["program_id"])
    remapped = frame[overridden].drop(columns="dimension").merge(links, on="program_id")
    kept = frame[~overridden & frame["dimension"].isin(DIMENSIONS)].assign(weight=1.0)
    out = pd.concat([kept, remapped], ignore_index=True)
    out["on_schedule"] = out["status"].isin(rule.ON_SCHEDULE)
    out["_dim"] = out["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)})
    out["_rank"] = out["status"].map({s: i for i, s in enumerate(rule.STATUS_ORDER)})
    out = out.sort_values(["_dim", "_rank", "program_name"], kind="stable").drop(columns=["_dim", "_rank"])
    if dimension is not None:
        out = out[out["dimension"] == dimension]
    return out.reset_index(drop=True)


def metrics(wh: Warehouse, filters: Filters, mapping: pd.DataFrame, dimension: str | None = None) -> pd.DataFrame:
    """Metrics per dimension: the key metrics of the apps that serve it plus metrics the map names for it.

    Columns: those of `apps.all_metrics`, with `dimension` as mapped, `weight` (the metric row's weight, else the
    app row's) and `counted` (True when the metric has a target and data in the period).
    """
    every = apps.all_metrics(wh, filters).drop(columns="dimension")
    app_links = mapping.loc[mapping["kind"] == "app", ["item", "dimension", "weight"]].rename(columns={"item": "app"})
    by_app = every[every["key_metric"]].merge(app_links.drop_duplicates(["app", "dimension"]), on="app")
    metric_links = mapping.loc[mapping["kind"] == "metric", ["item", "dimension", "weight"]]
    by_metric = every.merge(metric_links.rename(columns={"item": "metric"}).drop_duplicates(["metric", "dimension"]),
                            on="metric")
    out = pd.concat([by_metric, by_app], ignore_index=True).drop_duplicates(["app", "metric", "dimension"])
    out["counted"] = out["on_target"].notna()
    out["_dim"] = out["dimension"].map({d: i for i, d in enumerate(DIMENSIONS)})
    out["_app"] = out["app"].map({a: i for i, a in enumerate(apps.APPS)}).fillna(len(apps.APPS))
    out = out.sort_values(["_dim", "_app", "metric"], kind="stable").drop(columns=["_dim", "_app"])
    if dimension is not None:
        out = out[out["dimension"] == dimension]
    return out.reset_index(drop=True)


def dimension_apps(mapping: pd.DataFrame) -> dict[str, list[str]]:
    """Per dimension, the applications that serve it, in the dashboard's application order."""
    order = {a: i for i, a in enumerate(apps.APPS)}
    links = mapping[mapping["kind"] == "app"]
    return {d: sorted(set(links.loc[links["dimension"] == d, "item"]), key=lambda a: (order.get(a, len(order)), a))
            for d in DIMENSIONS}


def summary(wh: Warehouse, filters: Filters, mapping: pd.DataFrame) -> pd.DataFrame:
    """One row per dimension: programme and metric counts, both shares, the completeness score and the apps.

    Columns: dimension, programmes, on_schedule, late, at_risk, programme_share, metrics, metrics_counted,
    on_target, metric_share, score, apps (list).
    """
    progs = programmes(wh, filters, mapping)
    mets = metrics(wh, filters, mapping)
    served = dimension_apps(mapping)
    rows = []
    for dim in DIMENSIONS:
        p = progs[progs["dimension"] == dim]
        m = mets[mets["dimension"] == dim]
        counted = m[m["counted"]]
        programme_share = _weighted_share(p["on_schedule"], p["weight"])
        metric_share = _weighted_share(counted["on_target"].fillna(False), counted["weight"])
        parts = [s for s in (programme_share, metric_share) if not np.isnan(s)]
        rows.append({
            "dimension": dim, "programmes": len(p), "on_schedule": int(p["on_schedule"].sum()),
            "late": int((p["status"] == rule.TERLAMBAT).sum()), "at_risk": int((p["status"] == rule.PERLU_PERHATIAN).sum()),
            "programme_share": round(programme_share, 1), "metrics": len(m), "metrics_counted": len(counted),
            "on_target": int(counted["on_target"].fillna(False).sum()), "metric_share": round(metric_share, 1),
            "score": round(sum(parts) / len(parts), 1) if parts else np.nan, "apps": served[dim],
        })
    return pd.DataFrame(rows)
