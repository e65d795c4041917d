#!/usr/bin/env bash
# Set up, seed an empty database, upgrade one from an earlier release, and start on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_chromium.sh || echo "Chromium not installed: PDF/PPTX handouts will explain what is missing."
.venv/bin/python -m etl seed --if-empty
.venv/bin/python -m etl upgrade || echo "Warehouse not upgraded (reason above); the dashboard reads it as it is."
# The launcher imports, opens the warehouse and builds the home page's data before Streamlit answers, then runs
# `streamlit run` itself (binjai/ui/serve.py; BINJAI_WARMUP=0 skips the warm-up).
exec .venv/bin/python -m binjai.ui.serve run app.py --server.port "${PORT:-8501}" "$@"
