#!/bin/sh
# Builds the guest's initramfs (an uncompressed cpio: nothing to inflate under emulation):
# busybox, bsod-agent as what /init becomes, and the kernel modules the guest needs.
set -eu
OUT=/opt/bsod/vm
KVER=$(ls /lib/modules | head -n1)
ROOT=$(mktemp -d)
mkdir -p "$ROOT/bin" "$ROOT/sbin" "$ROOT/etc" "$ROOT/lib/modules"
cp /bin/busybox "$ROOT/bin/busybox"
cp "$OUT/bsod-agent" "$ROOT/sbin/bsod-agent"
cp /opt/bsod/vm/src/init.sh "$ROOT/init"
chmod 755 "$ROOT/init"
: > "$ROOT/etc/modules.order"
# The network card (virtio-net-pci) and what io_uring/eBPF/TUN stages reach for; built-in
# ones print nothing here. Modules are stored uncompressed (busybox insmod reads plain .ko).
for m in virtio_pci virtio_net tun; do
  modprobe -S "$KVER" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" {print $2}' | while read -r ko; do
    base=$(basename "$ko")
    plain=${base%.xz}
    [ -e "$ROOT/lib/modules/$plain" ] && continue
    case "$ko" in
      *.xz) xz -dc "$ko" > "$ROOT/lib/modules/$plain" ;;
      *) cp "$ko" "$ROOT/lib/modules/$plain" ;;
    esac
    echo "/lib/modules/$plain" >> "$ROOT/etc/modules.order"
  done
done
# The C runtime, so that programs built in the container (gcc, dynamically linked) run in the guest.
mkdir -p "$ROOT/lib64" "$ROOT/lib/x86_64-linux-gnu"
cp -L /lib64/ld-linux-x86-64.so.2 "$ROOT/lib64/"
for lib in libc.so.6 libm.so.6 libgcc_s.so.1 libresolv.so.2 libpthread.so.0 libdl.so.2 librt.so.1; do
  [ -e "/lib/x86_64-linux-gnu/$lib" ] && cp -L "/lib/x86_64-linux-gnu/$lib" "$ROOT/lib/x86_64-linux-gnu/"
done
echo "modules: $(tr '\n' ' ' < "$ROOT/etc/modules.order")"
(cd "$ROOT" && find . | cpio -o -H newc --quiet) > "$OUT/initrd.cpio"
cp "/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
rm -rf "$ROOT"
ls -l "$OUT"
