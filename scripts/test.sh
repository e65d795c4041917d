#!/usr/bin/env bash
# Set up (Python packages; Chromium, LibreOffice, poppler, netns tools), lint, check the import layers, then run
# the whole test suite on the DuckDB file, then the warehouse's core modules again on DuckLake + PostgreSQL
# (LAKE_TESTS; skipped when arguments choose tests, or with BINJAI_TEST_LAKE=0). The whole suite on the lake:
# `.venv/bin/python -m pytest tests -m "not browser" --warehouse=lake` (README, "The test suite on the shared warehouse").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_system_packages.sh
bash scripts/install_netns_tools.sh
.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
# the modules whose lake behaviour differs most from the file: writes, the CLI's addresses, alerts in the write,
# the upload page, every page, caches keyed on the lake's snapshot id, and the query count of a page run on the lake
LAKE_TESTS=(tests/test_warehouse.py tests/test_cli.py tests/test_alerts.py tests/test_upload_page.py
            tests/test_app_pages.py tests/test_figure_cache.py tests/test_query_budget.py)
if [ "$#" -eq 0 ] && [ "${BINJAI_TEST_LAKE:-1}" != 0 ]; then
  .venv/bin/python -m pytest --warehouse=lake -m "not browser" "${LAKE_TESTS[@]}"
fi
