#!/usr/bin/env bash
# Set up (Python packages; Chromium, LibreOffice, poppler, netns tools), lint, check the import layers, then run
# the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_system_packages.sh
bash scripts/install_netns_tools.sh
.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
