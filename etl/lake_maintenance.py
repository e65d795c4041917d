"""`python -m etl compact`: the shared warehouse's scheduled maintenance (DuckLake): inlined rows moved to Parquet
files, small files merged, snapshots older than the kept window expired, and files no longer used (including those
a killed save left behind) deleted. Each step is DuckLake's own function; run it nightly from one machine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from binjai import lake
from binjai.errors import UserFacingError
from binjai.i18n import t

KEEP_DAYS = 30
FILE_DAYS = 7


def _count(con: duckdb.DuckDBPyConnection, call: str, params: list | None = None) -> int:
    return int(con.execute(f"SELECT count(*) FROM {call}", params or []).fetchone()[0])


def compact(address: str, keep_days: int = KEEP_DAYS, file_days: int = FILE_DAYS) -> dict[str, int]:
    """Maintain the lake at `address`; how much each step did. Snapshots newer than `keep_days` and unused files
    newer than `file_days` stay (a reader may still be using them)."""
    con = lake.connect(address)
    try:
        flushed = lake.write(con, lambda c: _count(c, "ducklake_flush_inlined_data('lake')"))
        merged = lake.write(con, lambda c: _count(c, "ducklake_merge_adjacent_files('lake')"))
        expired = lake.write(con, lambda c: _count(
            c, "ducklake_expire_snapshots('lake', older_than => now() - to_days(CAST(? AS INTEGER)))", [keep_days]))
        deleted = sum(_count(con, f"{function}('lake', older_than => now() - to_days(CAST(? AS INTEGER)))",
                             [file_days])
                      for function in ("ducklake_cleanup_old_files", "ducklake_delete_orphaned_files"))
        return {"flushed": flushed, "merged": merged, "expired": expired, "deleted": deleted}
    finally:
        con.close()


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(t("lake.compact_bad_days", "id", value=text) + " / "
                                         + t("lake.compact_bad_days", "en", value=text))
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `compact` command."""
    cmd = sub.add_parser("compact", help="maintain the shared warehouse (DuckLake): merge files, expire snapshots")
    cmd.add_argument("--keep-days", type=_days, default=KEEP_DAYS, help="days of snapshots to keep")
    cmd.add_argument("--file-days", type=_days, default=FILE_DAYS, help="age at which unused files are deleted")
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, db: Path | str) -> int:
    """The command: refused with the reason on a DuckDB file."""
    if not lake.is_lake(db):
        print(t("lake.compact_file_only", args.lang, db=db), file=sys.stderr)
        return 1
    try:
        done = compact(str(db), args.keep_days, args.file_days)
    except (UserFacingError, duckdb.Error) as err:
        print(err.message(args.lang) if isinstance(err, UserFacingError) else str(err).splitlines()[0],
              file=sys.stderr)
        return 1
    print(t("lake.compact_done", args.lang, keep_days=args.keep_days, **done))
    return 0
