#!/usr/bin/env bash
# Shared helpers for up.sh, test.sh and CI: each ensure_* installs and starts one prerequisite
# when it is missing, and returns at once when it is already there.
set -euo pipefail

BSOD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf 'bsod: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (run as root or install sudo)"; fi
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || die "cannot install $* here: no apt-get; install it yourself and retry"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -q >/dev/null; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

ensure_node() {
  command -v node >/dev/null || die "Node.js 20 or newer is required: https://nodejs.org or 'apt-get install nodejs'"
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js $major is too old; bsod needs Node.js 20 or newer"
}

ensure_node_deps() {
  cd "$BSOD_ROOT"
  # A stamp of the lock file's hash, not timestamps: a fresh checkout has new mtimes.
  local want have
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  have="$(cat node_modules/.bsod-lock-hash 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    say "installing npm dependencies (a native module may compile: a minute or two)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.bsod-lock-hash
  fi
}

docker_ok() { docker info >/dev/null 2>&1; }

ensure_docker() {
  if [ -n "${DOCKER_HOST:-}" ]; then
    docker_ok || die "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST"
    return
  fi
  docker_ok && return
  if ! command -v dockerd >/dev/null; then
    say "installing the Docker engine (docker.io)"
    apt_install docker.io
  fi
  docker_ok && return
  say "starting the Docker engine"
  if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
    as_root systemctl start docker || true
  fi
  if ! docker_ok; then
    mkdir -p "$BSOD_ROOT/.data"
    as_root sh -c "nohup dockerd > '$BSOD_ROOT/.data/dockerd.log' 2>&1 &"
  fi
  for _ in $(seq 1 60); do docker_ok && return; sleep 0.5; done
  die "the Docker engine did not start; see .data/dockerd.log"
}

ensure_redis_server() {
  [ -n "${REDIS_URL:-}" ] && return
  command -v redis-server >/dev/null && return
  say "installing redis-server"
  apt_install redis-server
}

pg_ok() { node -e "
  const s=require('net').connect(5432,'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));" 2>/dev/null; }

ensure_postgres() {
  [ -n "${TEST_DATABASE_URL:-}" ] && return
  pg_ok && return
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    say "installing PostgreSQL for the data-layer tests"
    apt_install postgresql
  fi
  say "starting PostgreSQL"
  local v; v="$(ls /etc/postgresql | sort -V | tail -1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
  for _ in $(seq 1 40); do pg_ok && break; sleep 0.5; done
  pg_ok || die "PostgreSQL did not start on 127.0.0.1:5432"
  # Local test clusters: let the 'postgres' role in over TCP without a password.
  local hba; hba="$(ls /etc/postgresql/"$v"/main/pg_hba.conf)"
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$v" main reload
  fi
}

ensure_images() {
  cd "$BSOD_ROOT"
  node --import tsx infra/build-images.ts "$@"
}

# gVisor as the optional stronger sandbox (SANDBOX_RUNTIME=runsc): installs runsc and
# registers it with the Docker engine (network none, as gVisor needs here). gVisor serves the
# program's system calls from its own kernel, so bsod's seccomp profile is not loaded inside it
# (with --oci-seccomp this 2022 build could not start threads under the profile).
RUNSC_ARGS='["--network=none"]'
runsc_registered() {
  docker info 2>/dev/null | grep -q 'Runtimes:.*runsc' &&
    node -e 'const c = JSON.parse(require("fs").readFileSync("/etc/docker/daemon.json", "utf8"));
      process.exit(JSON.stringify(c.runtimes?.runsc?.runtimeArgs) === process.argv[1] ? 0 : 1)' "$RUNSC_ARGS" 2>/dev/null
}
ensure_runsc() {
  runsc_registered && return
  command -v runsc >/dev/null || { say "installing gVisor (runsc)"; apt_install runsc; }
  say "registering runsc with the Docker engine"
  as_root node -e '
    const fs = require("fs"); const f = "/etc/docker/daemon.json";
    let c = {}; try { c = JSON.parse(fs.readFileSync(f, "utf8")); } catch {}
    c.runtimes = { ...(c.runtimes || {}), runsc: { path: "/usr/bin/runsc", runtimeArgs: JSON.parse(process.argv[1]) } };
    fs.mkdirSync("/etc/docker", { recursive: true }); fs.writeFileSync(f, JSON.stringify(c, null, 2));' "$RUNSC_ARGS"
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker 2>/dev/null; then
    as_root systemctl reload docker
  else
    as_root kill -HUP "$(pidof dockerd)"
  fi
  for _ in $(seq 1 20); do runsc_registered && return; sleep 0.5; done
  die "runsc did not register with the Docker engine"
}

# Debian's Chromium for the browser tests (playwright-core drives /usr/bin/chromium).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return
  say "installing Chromium for the browser tests"
  apt_install chromium
}
