#!/usr/bin/env bash
# Installs, builds and serves the app on http://localhost:4173 with the demo project ready.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx vite build --logLevel warn
echo "ScrewOps: open http://localhost:4173 (the demo project is created on first launch)"
exec npx vite preview --port "${PORT:-4173}" --strictPort "$@"
