#!/usr/bin/env bash
# Install the Debian packages the dashboard and its tests need, when missing: Chromium (browser tests, chart
# images for handouts), DejaVu fonts (PDF handouts), LibreOffice Impress and poppler-utils (handout render tests:
# PPTX -> PDF -> text boxes and page images), PostgreSQL 15 (the DuckLake catalog and shared sign-in store; the
# tests start a private server of their own with scripts/postgres.sh), haproxy (the load balancer of
# scripts/run_cluster.sh). `--chromium-only` / `--haproxy-only` install just those.
set -euo pipefail
only="${1:-}"
need=()
if [ "$only" != "--haproxy-only" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
fi
if [ -z "$only" ]; then
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-impress)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
fi
if [ "$only" != "--chromium-only" ]; then
  [ -x /usr/sbin/haproxy ] || command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
