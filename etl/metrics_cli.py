"""`python -m etl metrics`: every catalogue metric for the given filters, as text or JSON (and `--docs`)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from binjai import clock, reference
from binjai.db import reader
from binjai.errors import UserFacingError
from binjai.filters import DEFAULT_PRESET, PRESETS, from_params
from binjai.metrics import compute, docs


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `metrics` command."""
    cmd = sub.add_parser("metrics", help="every catalogue metric for the filters (default: the dashboard's)")
    cmd.add_argument("--period", choices=PRESETS, default=DEFAULT_PRESET, help="period preset (custom: --from/--to)")
    cmd.add_argument("--from", dest="start", help="first day of a custom period (YYYY-MM-DD)")
    cmd.add_argument("--to", dest="end", help="last day of a custom period (YYYY-MM-DD)")
    cmd.add_argument("--kecamatan", action="append", default=[], help="kecamatan (repeat or comma-separate)")
    cmd.add_argument("--lang", dest="metrics_lang", choices=("id", "en"), help="language of labels and values")
    cmd.add_argument("--json", action="store_true", help="a JSON list: id, label, value, formatted, period dates")
    cmd.add_argument("--today", help="the date taken as today (YYYY-MM-DD; default: today in Binjai)")
    cmd.add_argument("--docs", action="store_true", help="print the catalogue as Markdown (docs/metrics.md)")
    cmd.set_defaults(handler=run)


def _date(text: str | None) -> dt.date | None:
    """An ISO date from an option, None when not given; refused with a message when not a date."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise UserFacingError("cli.metrics_bad_date", value=text) from err


def _params(args: argparse.Namespace) -> dict[str, str]:
    """URL-style filter parameters from the options; unknown kecamatan are refused, not ignored."""
    chosen = [k.strip() for item in args.kecamatan for k in item.split(",") if k.strip()]
    wanted = {reference.normalise_name(k): k for k in chosen}
    lookup = reference.kecamatan_lookup()
    unknown = [k for norm, k in wanted.items() if norm not in lookup]
    if unknown:
        raise UserFacingError("cli.metrics_bad_kecamatan", value=", ".join(unknown),
                              known=", ".join(reference.kecamatan_names()))
    params = {"periode": args.period, "kec": ",".join(lookup[norm] for norm in wanted)}
    if args.period == "custom":
        start, end = _date(args.start), _date(args.end)
        if start is None or end is None:
            raise UserFacingError("cli.metrics_custom_needs_dates")
        params |= {"dari": start.isoformat(), "sampai": end.isoformat()}
    return params


def run(args: argparse.Namespace, db: Path | str) -> int:
    """Print the metrics; exit 1 with a message for bad options or a missing database."""
    lang = args.metrics_lang or args.lang
    if args.docs:
        sys.stdout.write(docs.markdown(lang))
        return 0
    try:
        today = _date(args.today) or clock.today()
        filters = from_params(_params(args), today)
        values = compute.compute(reader(db), filters, today)
    except UserFacingError as err:
        print(err.message(lang), file=sys.stderr)
        return 1
    if args.json:
        json.dump([v.as_dict(lang) for v in values], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for v in values:
        print(f"{v.label(lang)}: {v.formatted(lang)}  ({v.period_start.isoformat()} – {v.period_end.isoformat()})")
    return 0
