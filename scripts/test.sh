#!/usr/bin/env bash
# Set up (Python packages and Chromium), lint, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_chromium.sh
bash scripts/install_netns_tools.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
