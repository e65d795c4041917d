#!/usr/bin/env bash
# Install the tools of the offline test (tests/test_offline_netns.py), when missing: strace, ip (iproute2),
# unshare and mount (util-linux, mount).
set -euo pipefail
missing=()
for tool in strace:strace ip:iproute2 unshare:util-linux mount:mount; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
