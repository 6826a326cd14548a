#!/usr/bin/env bash
# Runs every test: typecheck, lint, unit tests, build and end-to-end tests in Debian's Chromium.
# Installs what the tests need first: npm packages, and Chromium via apt when missing and root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing. Install it with: sudo apt-get install -y chromium" >&2
    echo "(or set CHROMIUM_PATH to a Chromium binary). Never 'npx playwright install': it downloads a browser." >&2
    exit 1
  fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Every step runs even after a failure, so one run reports everything; the closing line always prints.
failed_steps=()
step() {
  local name=$1
  shift
  echo "== $name"
  "$@" || failed_steps+=("$name")
}

step "typecheck (svelte-check, tsc)" npm run -s check
step "lint (eslint, prettier)" npm run -s lint
step "unit tests (vitest)" npx vitest run --reporter=default --reporter=json --outputFile="$results/unit.json"
# No stale build stands in for a failed one.
rm -rf dist
step "build" npx vite build --logLevel warn
if [ -f dist/index.html ]; then
  step "end-to-end tests (Chromium)" npx vitest run --config tests/vitest.e2e.config.ts \
    --reporter=default --reporter=json --outputFile="$results/e2e.json"
fi

if [ ${#failed_steps[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failed_steps[@]}" >&2
fi
# A suite that produced no report (it crashed, or was not reached) counts as one failed test.
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed++; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results/unit.json" "$results/e2e.json"
[ ${#failed_steps[@]} -eq 0 ]
