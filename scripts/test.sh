#!/usr/bin/env bash
# `npm test`: everything a fresh Debian machine needs, then the whole suite — types, lint, unit and
# component tests, the browser suite in real Chromium, and the size gate.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Debian packages the browser suite needs: Chromium, and CJK fonts so Japanese screens render (and are checked) as users see them.
missing=()
[ -x "$chromium" ] || missing+=(chromium)
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=ja 2>/dev/null)" ]; then missing+=(fonts-noto-cjk); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the browser tests…"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="missing"; fi
  if [ "$sudo" = missing ] || ! command -v apt-get >/dev/null; then
    echo "${missing[*]} missing and cannot be installed here: install with 'apt-get install -y ${missing[*]}' (or set CHROMIUM_PATH)." >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npx tsc --noEmit -p .
npx biome check
npx vite build --logLevel warn
E2E_SKIP_BUILD=1 npx vitest run
node scripts/size.mjs --check
