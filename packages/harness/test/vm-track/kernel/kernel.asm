; A multiboot kernel for the vm tests: says hello on the serial port (COM1), then ends the run
; through isa-debug-exit (port 0xf4) with status 0. Built with -DMODE=n for what goes wrong:
; 1 = a triple fault (an empty IDT, then an interrupt), 2 = a busy loop with interrupts off,
; 3 = exit status 7.
bits 32
%ifndef MODE
%define MODE 0
%endif
section .text
align 4
multiboot:
  dd 0x1BADB002
  dd 0
  dd -0x1BADB002
global _start
_start:
  mov esi, hello
.next:
  lodsb
  test al, al
  jz .said
  mov dx, 0x3f8
  out dx, al
  jmp .next
.said:
%if MODE == 1
  lidt [empty_idt]
  int 3
%elif MODE == 2
  cli
.spin:
  jmp .spin
%endif
  mov dx, 0xf4
%if MODE == 3
  mov al, 7
%else
  mov al, 0
%endif
  out dx, al
  cli
  hlt
section .data
hello: db "hello from my kernel", 10, 0
empty_idt: dw 0
  dd 0
