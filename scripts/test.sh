#!/usr/bin/env bash
# `npm test`: everything a fresh Debian machine needs, then the whole suite — types, lint, unit and
# component tests, the browser suite in real Chromium, and the size gate.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Installing Debian's Chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="missing"; fi
  if [ "$sudo" = missing ] || ! command -v apt-get >/dev/null; then
    echo "Chromium is missing and cannot be installed here: install it with 'apt-get install -y chromium', or set CHROMIUM_PATH." >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npx tsc --noEmit -p .
npx biome check
npx vite build --logLevel warn
E2E_SKIP_BUILD=1 npx vitest run
node scripts/size.mjs --check
