#!/usr/bin/env bash
# `npm test`: everything a fresh Debian machine needs, then the whole suite — types, lint, unit and
# component tests, the browser suite in real Chromium, and the size gate.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="missing"; fi
# Installs Debian packages that are missing; $1 says what for.
install() {
  local why="$1"; shift
  echo "Installing Debian's $* for $why…"
  if [ "$sudo" = missing ] || ! command -v apt-get >/dev/null; then
    echo "$* is missing and cannot be installed here: install it with 'apt-get install -y $*'." >&2
    exit 1
  fi
  [ -n "${apt_updated:-}" ] || { $sudo apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || install "the browser tests (or set CHROMIUM_PATH)" chromium
# A real PostgreSQL for the app server's scale-out tests (started by the tests themselves, on a free port).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || install "the app server's PostgreSQL tests" postgresql
# CJK fonts, so Japanese screens render (and are checked) as users see them.
{ command -v fc-list >/dev/null && [ -n "$(fc-list :lang=ja 2>/dev/null)" ]; } || install "the Japanese screens" fonts-noto-cjk fontconfig

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --prefer-offline
fi

# The type check needs one core for a while and nothing waits for it: it runs beside the tests, and
# its errors are shown at the end (or when the tests fail).
types="$(mktemp)"
npx tsc --noEmit -p . >"$types" 2>&1 &
tsc_pid=$!
trap 'wait "$tsc_pid" || { cat "$types" >&2; echo "tsc found type errors." >&2; exit 1; }' EXIT
npx biome check
npx vite build --logLevel warn
node scripts/build-server.mjs
E2E_SKIP_BUILD=1 npx vitest run
node scripts/size.mjs --check
