; Interrupt entry stubs: each pushes its vector (and a 0 where the CPU pushes no error code),
; then the registers, and calls interrupt(frame) in C. Also the GDT and IDT loaders.
bits 32
section .text
extern interrupt

%macro STUB 1
isr%1:
%if %1 != 8 && %1 != 10 && %1 != 11 && %1 != 12 && %1 != 13 && %1 != 14 && %1 != 17
  push 0
%endif
  push %1
  jmp isr_common
%endmacro

%assign i 0
%rep 48
STUB i
%assign i i+1
%endrep

isr_common:
  pusha
  push esp                 ; struct frame *
  cld
  call interrupt
  add esp, 4
  popa
  add esp, 8               ; vector and error code
  iret

global gdt_load
gdt_load:                  ; gdt_load(&descriptor): new GDT, reload every segment register
  mov eax, [esp + 4]
  lgdt [eax]
  jmp 0x08:.cs
.cs:
  mov ax, 0x10
  mov ds, ax
  mov es, ax
  mov fs, ax
  mov gs, ax
  mov ss, ax
  ret

section .rodata
global isr_table
isr_table:
%assign i 0
%rep 48
  dd isr %+ i
%assign i i+1
%endrep
