; Says hello, then halts instead of stopping the machine through port 0xf4.
bits 32
section .text
align 4
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
  cli
.halt:
  hlt
  jmp .halt
section .data
hello: db "Hello, kernel!", 10, 0
empty_idt: dw 0
  dd 0
