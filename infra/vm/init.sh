#!/bin/busybox sh
# /init of the vm sandbox's guest (initramfs): mounts (the image's /usr from its read-only disk:
# the program's userland), loopback and the user network qemu forwards the harness's ports through,
# then becomes bsod-agent (PID 1 stays PID 1).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mkdir -p /proc /sys /dev /tmp /work /run /usr
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
# bsod.workmb: the run's work-dir size, as in a container (a program that fills it gets ENOSPC)
work_mb=$(sed -n 's/.*bsod\.workmb=\([0-9]*\).*/\1/p' /proc/cmdline)
mount -t tmpfs -o "mode=0755${work_mb:+,size=${work_mb}m}" tmpfs /work
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
while read -r m; do [ -n "$m" ] && insmod "$m" 2>/dev/null; done < /etc/modules.order
mount -t squashfs -o ro /dev/vda /usr || echo "bsod-init: /usr did not mount: only busybox is here"
# A program allocates as it would in a container (the host overcommits; the limit is the OOM killer).
echo 1 > /proc/sys/vm/overcommit_memory
ip link set lo up
# eth0 only carries qemu's forwarded ports (restrict=on: nothing behind it): no IPv6, no default route.
echo 1 > /proc/sys/net/ipv6/conf/eth0/disable_ipv6 2>/dev/null
ip link set eth0 up 2>/dev/null && ip addr add 10.0.2.15/24 dev eth0
echo 1 > /proc/sys/kernel/sysrq
# the agent runs commands by name from the shared userland too
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
exec /sbin/bsod-agent
