"""Run by binjai.storage with DuckDB 2.0.0 on the path: copy a DuckDB 2.0 file into a file DuckDB 1.5 reads.

Usage: python _convert_format.py SOURCE TARGET (TARGET must not exist). Imports nothing of the project.
"""

import sys

import duckdb


def main(source: str, target: str) -> None:
    """Copy every table and view of `source` into a new `target` written in storage format v1.5.0."""
    if not duckdb.__version__.startswith("2."):
        raise SystemExit(f"converter needs DuckDB 2.x, found {duckdb.__version__}")
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS old_file (READ_ONLY)", [source])
    con.execute("ATTACH ? AS new_file (STORAGE_VERSION 'v1.5.0')", [target])
    con.execute("COPY FROM DATABASE old_file TO new_file")
    con.execute("CHECKPOINT new_file")
    con.execute("DETACH new_file")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
