"""Command line: `python -m etl seed|load|template|history|rollback|restore|upgrade|docs|metrics|handout|user`,
each with `--db PATH`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from binjai import lake
from binjai.errors import UserFacingError
from binjai.i18n import t
from binjai.settings import db_path, warehouse_address
from data_sources import SOURCE_NAMES
from etl import loading, recovery, sample, templates, warehouse
from etl.loading import load_file, seed_database

__all__ = ["main", "seed_database"]

MAX_LISTED_PROBLEMS = 1000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Binjai Smart City warehouse ETL")
    parser.add_argument("--db", help="DuckDB file or ducklake+postgresql:// address (default: $BINJAI_WAREHOUSE, $BINJAI_DB or data/binjai.duckdb)")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="message language")
    sub = parser.add_subparsers(dest="command", required=True)

    seed = sub.add_parser("seed", help="load deterministic sample data for every source")
    seed.add_argument("--scale", type=float, default=1.0, help="multiply the sample volumes")
    seed.add_argument("--seed", type=int, default=sample.SAMPLE_SEED, help="random seed")
    seed.add_argument("--if-empty", action="store_true", help="do nothing when the database already has data")
    seed.add_argument("--force", action="store_true", help="seed even when the database already has data")
    seed.add_argument("--start-fresh", action="store_true",
                      help="set the current (for example damaged) file aside as .broken-* and start a new one")

    load = sub.add_parser("load", help="validate and load a CSV or XLSX file")
    load.add_argument("source", choices=SOURCE_NAMES)
    load.add_argument("file", type=Path)
    load.add_argument("--user", default=None, help="who loads (default: the login name)")
    load.add_argument("--sheet", default=None, help="workbook sheet to read (default: the one named after the source)")

    template = sub.add_parser("template", help="print a CSV template with one example row")
    template.add_argument("source", choices=SOURCE_NAMES)

    sub.add_parser("history", help="list load batches, newest first")

    rollback = sub.add_parser("rollback", help="undo a batch")
    rollback.add_argument("batch_id", type=int)
    rollback.add_argument("--user", default=None)

    sub.add_parser("restore", help="put back the last good version (the damaged file is kept aside)")
    sub.add_parser("upgrade", help="bring a warehouse written by an earlier release up to this release's schema")
    sub.add_parser("docs", help="print the data contracts as Markdown")
    _add_extensions(sub)
    return parser


def _add_extensions(sub: argparse._SubParsersAction) -> None:
    """Commands that live in other modules (metrics, handouts, brief, accounts)."""
    from etl import brief_cli, handout_cli, lake_maintenance, metrics_cli

    metrics_cli.register(sub)
    lake_maintenance.register(sub)
    handout_cli.register(sub)
    brief_cli.register(sub)
    try:
        from etl import accounts_cli
    except ImportError:
        return
    accounts_cli.register(sub)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    db = _address(args.db)
    handler = {"seed": _seed, "load": _load, "template": _template, "history": _history,
               "rollback": _rollback, "restore": _restore, "upgrade": _upgrade, "docs": _docs}.get(args.command)
    if handler is None:
        return args.handler(args, db)
    try:
        return handler(args, db)
    except UserFacingError as err:
        print(err.message(args.lang), file=sys.stderr)
        return 1


def _address(value: str | None) -> Path | str:
    """`--db` (a file or a DuckLake address), else $BINJAI_WAREHOUSE / $BINJAI_DB."""
    if value and lake.is_lake(value):
        return value
    return db_path(value) if value else warehouse_address()


def _seed(args: argparse.Namespace, db: Path) -> int:
    if args.start_fresh:
        recovery.set_aside(db)
    if warehouse.has_data(db):
        if args.if_empty:
            print(t("cli.seed_skipped", args.lang, db=db))
            return 0
        if not args.force:
            print(t("cli.seed_not_empty", args.lang, db=db), file=sys.stderr)
            return 1
    for result in seed_database(db, scale=args.scale, seed=args.seed):
        print(t("cli.seed_done", args.lang, source=result.source, rows=result.rows_read, batch=result.batch_id))
    return 0


def _load(args: argparse.Namespace, db: Path) -> int:
    lang = args.lang
    try:
        data = args.file.read_bytes()
    except OSError as err:
        print(t("cli.cannot_open", lang, file=args.file, reason=err.strerror or err), file=sys.stderr)
        return 1
    outcome = load_file(db, args.source, data, args.file.name, user=args.user or getpass.getuser(), sheet=args.sheet)
    validation = outcome.validation
    for warning in validation.warnings:
        print(t("cli.warning", lang, text=warning.describe(lang)), file=sys.stderr)
    if not validation.ok:
        print(t("cli.rejected", lang, file=args.file.name, count=len(validation.errors)), file=sys.stderr)
        for problem in validation.errors[:MAX_LISTED_PROBLEMS]:
            print(f"  - {problem.describe(lang)}", file=sys.stderr)
        if len(validation.errors) > MAX_LISTED_PROBLEMS:
            print(t("cli.more_problems", lang, count=len(validation.errors) - MAX_LISTED_PROBLEMS), file=sys.stderr)
        return 1
    result = outcome.result
    if result.duplicate_of is not None:
        print(t("cli.duplicate", lang, file=args.file.name, batch=result.duplicate_of))
        return 0
    print(t("cli.loaded", lang, file=args.file.name, source=args.source, batch=result.batch_id,
            read=result.rows_read, new=result.inserted, updated=result.updated, unchanged=result.unchanged))
    return 0


def _template(args: argparse.Namespace, db: Path) -> int:
    sys.stdout.write(templates.template_csv(args.source, args.lang))
    return 0


def _history(args: argparse.Namespace, db: Path) -> int:
    frame = warehouse.history(db)
    if frame.empty:
        print(t("cli.no_history", args.lang))
        return 0
    cols = ["batch_id", "source", "file_name", "rows_read", "rows_inserted", "rows_updated", "user_name",
            "loaded_at", "state", "is_sample"]
    print(frame[cols].to_string(index=False))
    return 0


def _rollback(args: argparse.Namespace, db: Path) -> int:
    done = loading.rollback(db, args.batch_id, args.user or getpass.getuser())
    print(t("cli.rolled_back", args.lang, **done))
    return 0


def _restore(args: argparse.Namespace, db: Path) -> int:
    recovery.restore_previous(db)
    print(t("cli.restored", args.lang, db=db))
    return 0


def _upgrade(args: argparse.Namespace, db: Path) -> int:
    added = recovery.upgrade(db)
    print(t("cli.upgraded", args.lang, db=db, added=", ".join(added)) if added else t("cli.up_to_date", args.lang, db=db))
    return 0


def _docs(args: argparse.Namespace, db: Path) -> int:
    sys.stdout.write(templates.docs_markdown(args.lang))
    return 0
