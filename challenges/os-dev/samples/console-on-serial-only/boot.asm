; The multiboot header and the entry point: a stack, then kmain(magic, multiboot info).
bits 32
section .multiboot
align 4
  dd 0x1BADB002            ; magic
  dd 0x3                   ; flags: modules page-aligned, memory info (and the memory map)
  dd -(0x1BADB002 + 0x3)   ; checksum: the three add up to 0

section .bss
align 16
stack: resb 16384
stack_top:

section .text
global _start
extern kmain
_start:
  mov esp, stack_top
  push ebx                 ; the multiboot information structure
  push eax                 ; 0x2BADB002 when a multiboot loader started us
  call kmain
.halt:
  cli
  hlt
  jmp .halt
