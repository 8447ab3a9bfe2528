#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the webview tests and benchmarks (playwright-core
# drives it; it never downloads a browser). Idempotent: returns at once when Chromium is there.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-browser: $CHROMIUM is missing and installing it needs root." >&2
  echo "  Run as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
  exit 1
fi
echo "ensure-browser: installing Debian's chromium (once per machine)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-browser: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
