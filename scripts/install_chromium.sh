#!/usr/bin/env bash
# Install Debian's Chromium (browser tests, chart images for handouts) and the DejaVu font, when missing.
# The full set for the test suite (also LibreOffice and poppler) is scripts/install_system_packages.sh.
set -euo pipefail
exec bash "$(dirname "$0")/install_system_packages.sh" --chromium-only
