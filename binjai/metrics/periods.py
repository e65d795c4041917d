"""Words for periods: which period a figure is compared with, and the month-to-date mark of trends."""

from __future__ import annotations

from binjai import fmt
from binjai.filters import YEAR_AGO, Filters
from binjai.i18n import t
from binjai.queries.overview import partial_months


def comparison_caption(filters: Filters, lang: str) -> str:
    """`dibanding ... (1 Des 2024 – 30 Nov 2025)`: which comparison the changes use, with its dates."""
    other = filters.comparison()
    period = fmt.period(other.start, other.end, lang)
    months = filters.whole_months
    if filters.comparison_kind == YEAR_AGO:
        return t("period.compare_year_ago", lang, period=period)
    if months == 12:
        return t("period.compare_year_months", lang, period=period)
    if months:
        return t("period.compare_previous_months", lang, months=months, period=period)
    return t("period.compare_previous", lang, period=period)


def trend_help(filters: Filters, compared: str, lang: str) -> str:
    """A tile's help on its change and its sparkline: one value per month over the tile's own dates, naming the
    months drawn in part (the month to date), since the tile's figure counts those days too."""
    partial = partial_months(filters)
    if not partial:
        return t("overview.help.trend", lang, compared=compared)
    months = ", ".join(fmt.date(m.start, lang) if m.start == m.end else fmt.period(m.start, m.end, lang)
                       for m in partial)
    return t("overview.help.trend_partial", lang, compared=compared, months=months)
