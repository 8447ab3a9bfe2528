#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages), type-checks, lints (with the import-cycle
# check), then runs every test suite with Node's test runner. Its last lines are the runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages (npm ci)..."
  npm ci --no-audit --no-fund
fi
echo "Type-checking..."
npm run --silent typecheck
echo "Linting and checking for import cycles..."
npm run --silent lint
echo "Running tests..."
mapfile -t suites < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout "${suites[@]}"
