; A cat that calls libc's write() and exit() and is linked with gcc: the track refuses it.
bits 64
default rel
extern write
extern exit
section .text
global main
main:
    sub rsp, 8
    mov edi, 1
    lea rsi, [msg]
    mov edx, msg_len
    call write wrt ..plt
    xor edi, edi
    call exit wrt ..plt
section .rodata
msg: db "hello", 10
msg_len equ $ - msg
