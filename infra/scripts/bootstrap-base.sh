#!/usr/bin/env bash
# Builds the local base image bsod/base:bookworm with debootstrap when no container
# registry is reachable. Idempotent: does nothing when the image already exists.
set -euo pipefail
IMAGE="${BSOD_BASE_IMAGE:-bsod/base:bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "base image $IMAGE is present"
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
fi
ROOTFS="$(mktemp -d /tmp/bsod-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
echo "bootstrapping Debian bookworm into $ROOTFS (about a minute)"
debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >/tmp/bsod-debootstrap.log 2>&1 || {
  echo "debootstrap failed; see /tmp/bsod-debootstrap.log" >&2
  exit 1
}
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
tar -C "$ROOTFS" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$IMAGE" >/dev/null
echo "base image $IMAGE built"
