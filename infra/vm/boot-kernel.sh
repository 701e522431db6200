#!/bin/bash
# Boots the participant's own kernel (OS-Dev stages) as "the program" on a PC (SeaBIOS, no VGA):
# serial on stdout, the serial input on stdin, isa-debug-exit at port 0xf4 so the kernel ends the run with a status:
# writing v there exits with v (0 = success). A triple fault or a reset ends the run with
# code 125 and says so on stderr, as does a kernel file qemu cannot boot (126).
#   boot-kernel [--memory MB] [--cpus N] [--accel tcg|kvm] KERNEL [KERNEL ARGS...]
# Two things the harness may ask for through the environment (the kernel cannot set them):
#   BSOD_KERNEL_MEMORY_MB=n  boots with n MB of RAM instead (1 <= n <= --memory, which bounds
#                            what the sandbox reserved for the guest), so a test can vary it.
#   BSOD_KERNEL_SCREEN=FILE  leaves in FILE, once qemu has ended, the 4000 bytes of the VGA text
#                            buffer at 0xb8000 (80x25 character/attribute pairs). The machine has
#                            no VGA device, so 0xb8000 is RAM; the RAM is then a file beside FILE
#                            (the harness's scratch directory) that is read after the exit.
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
if [ -n "${BSOD_KERNEL_MEMORY_MB:-}" ]; then
  if ! [[ "$BSOD_KERNEL_MEMORY_MB" =~ ^[0-9]+$ ]] || [ "$BSOD_KERNEL_MEMORY_MB" -lt 1 ] || [ "$BSOD_KERNEL_MEMORY_MB" -gt "$MEM" ]; then
    echo "[bsod] BSOD_KERNEL_MEMORY_MB=$BSOD_KERNEL_MEMORY_MB: must be 1 to $MEM (the machine's memory)" >&2
    exit 126
  fi
  MEM=$BSOD_KERNEL_MEMORY_MB
fi
RAM=()
RAMFILE=
if [ -n "${BSOD_KERNEL_SCREEN:-}" ]; then
  RAMFILE=$(mktemp "$(dirname "$BSOD_KERNEL_SCREEN")/.ram.XXXXXX") || exit 126
  RAM=(-object "memory-backend-file,id=ram,size=${MEM}M,mem-path=$RAMFILE,share=on" -machine memory-backend=ram)
fi
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
# SeaBIOS, as a PC's firmware leaves it: the local APIC in virtual-wire mode (LINT0 ExtINT), so the
# PIC's interrupts reach the CPU (qboot, which boots faster, leaves LINT0 masked: no timer).
# -display none rather than -nographic: with -nographic SeaBIOS writes its banner on the serial port.
qemu-system-x86_64 -accel "$accel" -M pc -m "$MEM" "${RAM[@]}" -smp "$CPUS" -display none -nodefaults -no-reboot \
  -serial stdio -monitor none -net none \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
  -d cpu_reset -D "$LOG" -kernel "$KERNEL" ${1+-append "$*"} 2>"$ERR" | tee "$SERIAL"
code=${PIPESTATUS[0]}
if [ -n "$RAMFILE" ]; then
  dd if="$RAMFILE" of="$BSOD_KERNEL_SCREEN" bs=4000 skip=$((0xb8000)) iflag=skip_bytes count=1 status=none
  rm -f "$RAMFILE"
fi
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
