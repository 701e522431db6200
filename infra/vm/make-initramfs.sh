#!/bin/sh
# Builds the guest's initramfs (an uncompressed cpio: nothing to inflate under emulation):
# busybox, bsod-agent as what /init becomes, the kernel modules the guest needs and the few
# /etc files a userland reads; and the guest's /usr: this image's own, as a read-only squashfs
# disk (lz4: cheap to read under emulation) without what only the container needs (the kernel's
# modules, qemu, the harness's Node, locales, the Rust compiler for os-dev builds).
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
# The network card (virtio-net-pci), the /usr disk (virtio-blk, squashfs) and what io_uring/eBPF/TUN
# stages reach for; built-in ones print nothing here. Modules are stored uncompressed (busybox
# insmod reads plain .ko).
for m in virtio_pci virtio_net virtio_blk squashfs tun; do
  modprobe -S "$KVER" --show-depends "$m" > /dev/null || { echo "no kernel module $m in $KVER" >&2; exit 1; }
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
printf '127.0.0.1 localhost\n' > "$ROOT/etc/hosts"
printf 'hosts: files\npasswd: files\ngroup: files\n' > "$ROOT/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/bin/sh\nbsod:x:2000:2000:bsod:/work:/bin/sh\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nbsod:x:2000:\n' > "$ROOT/etc/group"
mkdir -p "$ROOT/usr" "$ROOT/root"
# The C runtime, so that programs built in the container (gcc, dynamically linked) run in the guest.
mkdir -p "$ROOT/lib64" "$ROOT/lib/x86_64-linux-gnu"
cp -L /lib64/ld-linux-x86-64.so.2 "$ROOT/lib64/"
for lib in libc.so.6 libm.so.6 libgcc_s.so.1 libresolv.so.2 libpthread.so.0 libdl.so.2 librt.so.1; do
  [ -e "/lib/x86_64-linux-gnu/$lib" ] && cp -L "/lib/x86_64-linux-gnu/$lib" "$ROOT/lib/x86_64-linux-gnu/"
done
echo "modules: $(tr '\n' ' ' < "$ROOT/etc/modules.order")"
(cd "$ROOT" && find . | cpio -o -H newc --quiet) > "$OUT/initrd.cpio"
mksquashfs /usr "$OUT/usr.squashfs" -comp lz4 -noappend -no-progress -quiet -wildcards \
  -e lib/modules share/locale share/qemu lib/ipxe lib/udev 'bin/qemu-*' local/bin local/lib/node_modules \
  lib/rustlib 'lib/x86_64-linux-gnu/libLLVM-*' 'lib/x86_64-linux-gnu/librustc_driver-*' 'bin/rust*'
chmod 0644 "$OUT/usr.squashfs"
cp "/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
rm -rf "$ROOT"
ls -l "$OUT"
