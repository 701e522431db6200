; Reference solution of the unix-asm track: `your_program cat [file|-]...` and `your_program wc`
; (counts of stdin), in x86-64 assembly with raw Linux system calls only (nasm, then ld).
bits 64
default rel

%define SYS_READ 0
%define SYS_WRITE 1
%define SYS_OPEN 2
%define SYS_CLOSE 3
%define SYS_EXIT 60
%define BUFSZ 65536

section .bss
buf:    resb BUFSZ
tmp:    resb 32
line:   resb 64

section .rodata
errpre: db "cat: "
errpre_len equ $ - errpre
errsuf: db ": No such file or directory", 10
errsuf_len equ $ - errsuf
usage:  db "usage: your_program cat [file|-]... | wc", 10
usage_len equ $ - usage

section .text
global _start
_start:
    mov r12, [rsp]              ; argc
    lea r13, [rsp + 8]          ; argv
    cmp r12, 2
    jb .usage
    mov rsi, [r13 + 8]          ; argv[1]: the utility
    cmp dword [rsi], 0x00746163 ; "cat\0"
    je cat
    cmp word [rsi], 0x6377      ; "wc"
    jne .usage
    cmp byte [rsi + 2], 0
    je wc
.usage:
    mov edi, 2
    lea rsi, [usage]
    mov edx, usage_len
    call write_all
    mov edi, 2
    jmp exit

; ---- cat ------------------------------------------------------------------------------------
cat:
    xor r14d, r14d              ; exit status
    cmp r12, 2
    jne .args
    xor edi, edi
    call copy_fd
    jmp .done
.args:
    mov r15, 2                  ; argv index
.next:
    cmp r15, r12
    jae .done
    mov rbx, [r13 + r15 * 8]
    inc r15
    cmp word [rbx], 0x002d      ; "-\0"
    jne .open
    xor edi, edi
    call copy_fd
    jmp .next
.open:
    mov eax, SYS_OPEN
    mov rdi, rbx
    xor esi, esi                ; O_RDONLY
    xor edx, edx
    syscall
    test rax, rax
    js .missing
    mov rbp, rax
    mov rdi, rax
    call copy_fd
    mov eax, SYS_CLOSE
    mov rdi, rbp
    syscall
    jmp .next
.missing:
    mov r14d, 1
    mov edi, 2
    lea rsi, [errpre]
    mov edx, errpre_len
    call write_all
    mov rdi, rbx                ; strlen(name)
    xor edx, edx
.len:
    cmp byte [rdi + rdx], 0
    je .gotlen
    inc rdx
    jmp .len
.gotlen:
    mov rsi, rbx
    mov edi, 2
    call write_all
    mov edi, 2
    lea rsi, [errsuf]
    mov edx, errsuf_len
    call write_all
    jmp .next
.done:
    mov edi, r14d
    jmp exit

; copy_fd(rdi = fd): everything from fd to stdout
copy_fd:
    push rbx
    mov rbx, rdi
.read:
    mov eax, SYS_READ
    mov rdi, rbx
    lea rsi, [buf]
    mov edx, BUFSZ
    syscall
    cmp rax, -4                 ; EINTR: read again
    je .read
    test rax, rax
    jle .eof
    mov rdx, rax
    mov edi, 1
    lea rsi, [buf]
    call write_all
    jmp .read
.eof:
    pop rbx
    ret

; write_all(rdi = fd, rsi = data, rdx = length): loops over short writes
write_all:
    test rdx, rdx
    jz .ok
    push rdi
    push rsi
    push rdx
    mov eax, SYS_WRITE
    syscall
    pop rdx
    pop rsi
    pop rdi
    test rax, rax
    js .fail
    add rsi, rax
    sub rdx, rax
    jmp write_all
.fail:
    mov edi, 1
    jmp exit
.ok:
    ret

; ---- wc: lines, words, bytes of stdin -------------------------------------------------------
wc:
    xor r12d, r12d              ; lines
    xor r13d, r13d              ; words
    xor r14d, r14d              ; bytes
    xor r15d, r15d              ; inside a word
.read:
    mov eax, SYS_READ
    xor edi, edi
    lea rsi, [buf]
    mov edx, BUFSZ
    syscall
    cmp rax, -4
    je .read
    test rax, rax
    jle .print
    add r14, rax
    lea rsi, [buf]
    lea rdi, [buf + rax]
.byte:
    cmp rsi, rdi
    je .read
    movzx eax, byte [rsi]
    inc rsi
    cmp al, 10
    jne .notnl
    inc r12
.notnl:
    cmp al, ' '
    je .space
    sub al, 9                   ; \t \n \v \f \r are 9..13
    cmp al, 4
    jbe .space
    test r15d, r15d
    jnz .byte
    inc r13
    mov r15d, 1
    jmp .byte
.space:
    xor r15d, r15d
    jmp .byte
.print:
    lea rdi, [line]
    mov rax, r12
    call number
    mov byte [rdi], ' '
    inc rdi
    mov rax, r13
    call number
    mov byte [rdi], ' '
    inc rdi
    mov rax, r14
    call number
    mov byte [rdi], 10
    inc rdi
    lea rsi, [line]
    mov rdx, rdi
    sub rdx, rsi
    mov edi, 1
    call write_all
    xor edi, edi
    jmp exit

; number(rax = value, rdi = output): decimal, right-aligned in 7 columns; rdi moves past it
number:
    lea rsi, [tmp + 32]
    xor ecx, ecx
    mov r8d, 10
.digit:
    xor edx, edx
    div r8
    add dl, '0'
    dec rsi
    mov [rsi], dl
    inc rcx
    test rax, rax
    jnz .digit
    mov rdx, 7
    sub rdx, rcx
    jle .copy
.pad:
    mov byte [rdi], ' '
    inc rdi
    dec rdx
    jnz .pad
.copy:
    mov al, [rsi]
    mov [rdi], al
    inc rsi
    inc rdi
    dec rcx
    jnz .copy
    ret

exit:
    mov eax, SYS_EXIT
    syscall
