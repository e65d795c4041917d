"""The metric catalogue: one definition, label and format per figure, read from data_sources/reference/metrics.csv."""

from __future__ import annotations

import math
from dataclasses import dataclass

from binjai import fmt, reference
from binjai.i18n import t

UNITS = ("count", "pct", "workdays", "days", "kg", "idr", "number")
GOOD = ("up", "down", "none")
GRAINS = ("period", "latest_month", "period_end", "today")


@dataclass(frozen=True)
class Metric:
    """One catalogue entry."""

    id: str
    label_id: str
    label_en: str
    definition_id: str
    definition_en: str
    source: str
    formula: str
    unit: str
    good: str
    grain: str
    target: float | None = None

    def label(self, lang: str) -> str:
        """The metric's name in `lang`."""
        return self.label_id if lang == "id" else self.label_en

    def definition(self, lang: str) -> str:
        """The metric's definition in words, in `lang`."""
        return self.definition_id if lang == "id" else self.definition_en

    def format(self, value: object, lang: str) -> str:
        """The value exactly as every surface shows it."""
        return format_unit(value, self.unit, lang)


def format_unit(value: object, unit: str, lang: str) -> str:
    """A value by unit: `91,0%`, `1.234`, `12,0 hari kerja`, `1.234 kg`, `Rp 1,25 M`; a dash when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.DASH
    if unit == "pct":
        return fmt.percent(value, 1, lang)
    if unit == "count":
        return fmt.number(value, 0, lang)
    if unit == "workdays":
        return f"{fmt.number(value, 1, lang)} {t('metrics.workdays', lang)}"
    if unit == "days":
        return f"{fmt.number(value, 1, lang)} {t('metrics.days', lang)}"
    if unit == "kg":
        return f"{fmt.number(value, 0, lang)} kg"
    if unit == "idr":
        return fmt.rupiah(value, lang)
    number = float(value)
    return fmt.number(number, 0 if number == round(number) or abs(number) >= 100 else 1, lang)


def app_unit(unit: object) -> str:
    """The catalogue unit of an application metric's unit as stored (`%`, `IDR`, or a counted thing)."""
    return "pct" if unit == "%" else "idr" if unit == "IDR" else "number"


def _target(text: str) -> float | None:
    return float(text) if text.strip() else None


@reference.keyed_on("metrics.csv")
def _entries() -> dict[str, Metric]:
    frame = reference.metric_definitions()
    entries = {}
    for row in frame.to_dict("records"):
        entry = Metric(**{**row, "target": _target(row["target"])})
        if entry.unit not in UNITS or entry.good not in GOOD or entry.grain not in GRAINS:
            raise ValueError(f"metrics.csv: {entry.id} has an unknown unit, good direction or grain")
        entries[entry.id] = entry
    return entries


def catalogue() -> list[Metric]:
    """Every catalogue metric in file order."""
    return list(_entries().values())


def get(metric_id: str) -> Metric:
    """One metric by id (KeyError for an unknown id)."""
    return _entries()[metric_id]


def label(metric_id: str, lang: str) -> str:
    """A metric's label in `lang`."""
    return get(metric_id).label(lang)


def help_text(metric_id: str, lang: str, extra: str = "") -> str:
    """The definition shown one click away (tile help), with an optional sentence after it."""
    text = get(metric_id).definition(lang)
    return f"{text} {extra}".strip()


def formatted(metric_id: str, value: object, lang: str) -> str:
    """A value of `metric_id` formatted as every surface shows it."""
    return get(metric_id).format(value, lang)


def clear_cache() -> None:
    """Forget the cached catalogue (after the CSV is edited, or in tests)."""
    _entries.cache_clear()
