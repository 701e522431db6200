#!/usr/bin/env bash
# `npm test`: makes sure Docker, Redis, PostgreSQL and the runner images the tests use are
# there, then type-checks, lints and runs every test.
set -euo pipefail
source "$(dirname "$0")/prereqs.sh"
ensure_node
ensure_node_deps
ensure_docker
ensure_postgres
ensure_chromium
ensure_runsc
say "checking runner images"
ensure_images
# the vm runtime's tests (packages/harness/test/vm.test.ts) need its image whatever the tracks use
ensure_images vm
cd "$BSOD_ROOT"
say "type-checking"
npx tsc -p tsconfig.json --noEmit
npm run --silent typecheck -w @bsod/web
say "linting"
npx biome check .
say "checking package boundaries"
node --import tsx scripts/check-boundaries.ts
say "bundling the bsod CLI"
npm run --silent build -w @bsod/cli
say "running tests"
npx vitest run "$@"
