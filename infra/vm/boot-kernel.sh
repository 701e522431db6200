#!/bin/bash
# Boots the participant's own kernel (OS-Dev stages) as "the program": serial on stdout, the
# serial input on stdin, isa-debug-exit at port 0xf4 so the kernel ends the run with a status:
# writing v there exits with v (0 = success). A triple fault or a reset ends the run with
# code 125 and says so on stderr, as does a kernel file qemu cannot boot (126).
#   boot-kernel [--memory MB] [--cpus N] [--accel tcg|kvm] KERNEL [KERNEL ARGS...]
set -u
MEM=64 CPUS=1 ACCEL=tcg
while [ $# -gt 0 ]; do
  case "$1" in
    --memory) MEM=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --accel) ACCEL=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
KERNEL=${1:?usage: boot-kernel [--memory MB] [--cpus N] KERNEL [ARGS...]}
shift
if [ ! -f "$KERNEL" ]; then
  echo "[bsod] no kernel at $KERNEL: the build must leave the kernel image there" >&2
  exit 126
fi
LOG=$(mktemp /tmp/boot-kernel.XXXXXX)
ERR=$(mktemp /tmp/boot-kernel.XXXXXX)
SERIAL=$(mktemp /tmp/boot-kernel.XXXXXX)
last_lines() {
  if [ -s "$SERIAL" ]; then
    echo "[bsod] last lines on the serial port:" >&2
    tail -n 12 "$SERIAL" | tr -d '\r' | sed 's/^/  /' >&2
  fi
}
accel=tcg,tb-size=32
[ "$ACCEL" = kvm ] && accel=kvm
# qboot: a firmware that prints nothing and starts the kernel in milliseconds.
qemu-system-x86_64 -accel "$accel" -M pc -m "$MEM" -smp "$CPUS" -nographic -nodefaults -no-reboot \
  -bios /usr/share/qemu/qboot.rom -serial stdio -monitor none -net none \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
  -d cpu_reset -D "$LOG" -kernel "$KERNEL" ${1+-append "$*"} 2>"$ERR" | tee "$SERIAL"
code=${PIPESTATUS[0]}
if grep -q "Triple fault" "$LOG"; then
  echo "[bsod] triple fault: the CPU reset itself (an exception with no usable handler)" >&2
  last_lines
  exit 125
fi
if [ "$code" -eq 0 ]; then
  echo "[bsod] the kernel reset or powered off the machine without a status on port 0xf4" >&2
  last_lines
  exit 125
fi
if [ "$code" -eq 1 ] && [ -s "$ERR" ]; then
  echo "[bsod] qemu could not boot $KERNEL:" >&2
  sed 's/^/  /' "$ERR" | tail -n 5 >&2
  exit 126
fi
# isa-debug-exit: qemu exits with (v << 1) | 1
if [ $((code & 1)) -eq 1 ]; then exit $((code >> 1)); fi
exit "$code"
