"""`python -m etl handout --format pdf|pptx --out FILE [--period ...] [--kecamatan ...] [--lang id|en]`: the
evaluation deck as a handout file, prepared in advance without the dashboard running."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from binjai import clock, handout, reference
from binjai import db as reader
from binjai.filters import PRESETS, from_params
from binjai.i18n import t
from binjai.slides import build_deck


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `handout` command to the ETL command line."""
    cmd = sub.add_parser("handout", help="write the evaluation deck as a PDF or PPTX handout")
    cmd.add_argument("--format", choices=tuple(handout.KINDS), required=True, dest="kind")
    cmd.add_argument("--out", type=Path, required=True, help="file to write")
    cmd.add_argument("--period", choices=PRESETS, default=None, help="period preset (default: last 12 months)")
    cmd.add_argument("--from", dest="start", help="first day (YYYY-MM-DD) with --period custom")
    cmd.add_argument("--to", dest="end", help="last day (YYYY-MM-DD) with --period custom")
    cmd.add_argument("--kecamatan", action="append", default=[], help="a kecamatan (repeat for more); default: city")
    cmd.add_argument("--lang", choices=("id", "en"), dest="deck_lang", default=None, help="language of the deck")
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, db: Path) -> int:
    """Build the deck for the filters and write it; exit 1 with a reason when that cannot be done."""
    lang = args.deck_lang or args.lang
    unknown = [k for k in args.kecamatan if k not in reference.kecamatan_names()]
    if unknown:
        print(t("cli.handout_bad_kecamatan", lang, names=", ".join(unknown),
                valid=", ".join(reference.kecamatan_names())), file=sys.stderr)
        return 1
    params = {"periode": args.period or "", "dari": args.start or "", "sampai": args.end or "",
              "kec": ",".join(args.kecamatan)}
    filters = from_params({k: v for k, v in params.items() if v}, clock.today())
    try:
        wh = reader.warehouse(db)
        deck = build_deck(wh, filters, lang, clock.today())
    except reader.WarehouseUnavailable as err:
        print(t("cli.handout_no_data", lang, db=db, reason=err.message(lang)), file=sys.stderr)
        return 1
    try:
        made = handout.make(deck, args.kind, lang)
    finally:
        handout.images.shut_down()
    try:
        args.out.write_bytes(made.data)
    except OSError as err:
        print(t("cli.cannot_write", lang, file=args.out, reason=err.strerror or err), file=sys.stderr)
        return 1
    if made.images_missing:
        print(t(f"presentasi.images_{made.images_missing}_help", lang, command=handout.images.INSTALL_COMMAND),
              file=sys.stderr)
    print(t("cli.handout_done", lang, file=args.out, slides=len(deck), seconds=made.seconds))
    return 0
