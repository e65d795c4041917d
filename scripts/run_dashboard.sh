#!/usr/bin/env bash
# Set up, seed sample data into an empty database, and start the dashboard on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_chromium.sh || echo "Chromium not installed: PDF/PPTX handouts will explain what is missing."
.venv/bin/python -m etl seed --if-empty
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"
