#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the runner images, then runs api + worker + web
# on one port with SQLite and a child redis-server. Safe to repeat: it never deletes data.
set -euo pipefail
source "$(dirname "$0")/prereqs.sh"
ensure_node
ensure_node_deps
ensure_docker
ensure_redis_server
say "checking runner images"
ensure_images
cd "$BSOD_ROOT"
say "checking the web app build"
npm run --silent build:if-stale -w @bsod/web
say "bundling the bsod CLI"
npm run --silent build -w @bsod/cli
exec node --import tsx scripts/serve.ts
