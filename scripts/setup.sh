#!/usr/bin/env bash
# Create .venv and install the pinned Python dependencies (idempotent; quick when nothing changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  echo "$wanted" > "$stamp"
fi
# DuckDB 2.0.0 beside the pinned 1.5.5, used only to convert a warehouse file written by DuckDB 2.0 (binjai/storage.py).
if [ ! -d .venv/duckdb-2.0.0/duckdb ]; then
  .venv/bin/python -m pip install --quiet --no-deps --target .venv/duckdb-2.0.0 duckdb==2.0.0
fi
