; Starter for the unix-asm track: x86-64 assembly, raw Linux system calls, no libc.
; Built with `nasm -f elf64 main.asm` then `ld` (bsod.yml: language: asm).
; The tests run `your_program cat file...` and `your_program wc`: argv[1] names the utility.
;
; At _start: [rsp] = argc, [rsp+8] = argv[0], [rsp+16] = argv[1], ... (pointers to C strings).
; System calls: rax = number, arguments in rdi, rsi, rdx (r10, r8, r9), then `syscall`;
; rax holds the result (-errno on failure); rcx and r11 are clobbered.
;   read  = 0   (fd, buf, count)       open  = 2   (path, flags = 0 for O_RDONLY, mode)
;   write = 1   (fd, buf, count)       close = 3   (fd)
;   exit  = 60  (status)
bits 64
default rel

section .bss
buf:    resb 65536

section .text
global _start
_start:
    ; TODO: compare argv[1] with "cat", then copy each file (or stdin) to stdout
    mov eax, 60                 ; exit(0)
    xor edi, edi
    syscall
