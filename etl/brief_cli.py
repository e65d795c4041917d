"""`python -m etl brief --week 2026-W48 --out DIR`: the weekly brief as PDF, WhatsApp text and JSON for a scheduler."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from binjai.brief import build, export
from binjai.clock import today as today_wib
from binjai.db import reader
from binjai.errors import UserFacingError
from binjai.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `brief` command."""
    cmd = sub.add_parser("brief", help="write the weekly brief (PDF, WhatsApp text, JSON) for an ISO week")
    cmd.add_argument("--week", help="ISO week such as 2026-W48 (default: the last complete week)")
    cmd.add_argument("--out", type=Path, required=True, help="directory to write into")
    cmd.add_argument("--today", help="the date taken as today (YYYY-MM-DD; default: today in Binjai)")
    cmd.add_argument("--lang", dest="brief_lang", choices=("id", "en"), help="language of the brief")
    cmd.set_defaults(handler=run)


def _today(text: str | None) -> dt.date:
    if not text:
        return today_wib()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise UserFacingError("cli.metrics_bad_date", value=text) from err


def run(args: argparse.Namespace, db: Path | str) -> int:
    """Build and write the brief; exit 1 with a message for a bad week, a missing database or an unwritable DIR."""
    lang = args.brief_lang or args.lang
    try:
        today = _today(args.today)
        brief = build.build(reader(db), args.week or build.last_complete_week(today), today)
        paths = export.write_all(brief, lang, args.out)
    except UserFacingError as err:
        print(err.message(lang), file=sys.stderr)
        return 1
    except OSError as err:
        print(t("ringkasan.cannot_write", lang, path=args.out, reason=err.strerror or err), file=sys.stderr)
        return 1
    print(t("ringkasan.written", lang, week=brief.week, files=", ".join(str(p) for p in paths)))
    return 0
