"""The metric catalogue as Markdown (docs/metrics.md is this output; a test keeps them equal)."""

from __future__ import annotations

from binjai.i18n import t
from binjai.metrics.catalogue import Metric, catalogue


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(metric: Metric, lang: str) -> str:
    target = "" if metric.target is None else metric.format(metric.target, lang)
    cells = (f"`{metric.id}`", metric.label(lang), metric.definition(lang), f"`{metric.source}`",
             f"`{metric.formula}`", metric.unit, t(f"metrics.good_{metric.good}", lang), metric.grain, target)
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def markdown(lang: str = "en") -> str:
    """The catalogue as a Markdown table in `lang`."""
    header = ["id", t("metrics.label", lang), t("metrics.definition", lang), t("metrics.source", lang),
              t("metrics.formula", lang), t("metrics.unit", lang), t("metrics.good", lang), t("metrics.grain", lang),
              t("metrics.target", lang)]
    lines = [f"# {t('metrics.docs_title', lang)}", "", t("metrics.docs_intro", lang), "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [_row(metric, lang) for metric in catalogue()]
    lines += ["", t("metrics.docs_grains", lang), "", t("metrics.docs_apps", lang), ""]
    return "\n".join(lines)
