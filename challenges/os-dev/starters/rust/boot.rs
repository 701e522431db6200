// The multiboot header and the way into 64-bit mode: the boot loader starts us in 32-bit
// protected mode, so the entry maps the first 1 GiB with 2 MiB pages, turns on PAE, long mode
// and paging, loads a 64-bit GDT and calls kmain(multiboot info) with SSE enabled (the
// precompiled core uses it).
core::arch::global_asm!(
    r#"
.section .multiboot, "a"
.align 4
.long 0x1BADB002
.long 0
.long -0x1BADB002

.section .bss
.align 4096
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd: .skip 4096
boot_stack: .skip 65536
boot_stack_top:

.section .text
.code32
.global _start
_start:
    mov esp, offset boot_stack_top
    mov edi, ebx                      /* the multiboot information: kmain's argument */
    mov esi, eax                      /* the boot loader's magic */
    mov eax, offset boot_pdpt
    or eax, 3
    mov [boot_pml4], eax
    mov eax, offset boot_pd
    or eax, 3
    mov [boot_pdpt], eax
    xor ecx, ecx
1:  mov eax, ecx
    shl eax, 21
    or eax, 0x83                      /* present, writable, 2 MiB page */
    mov [boot_pd + ecx*8], eax
    inc ecx
    cmp ecx, 512
    jne 1b
    mov eax, offset boot_pml4
    mov cr3, eax
    mov eax, cr4
    or eax, 0x620                     /* PAE, OSFXSR, OSXMMEXCPT */
    mov cr4, eax
    mov ecx, 0xC0000080               /* EFER: long mode */
    rdmsr
    or eax, 0x100
    wrmsr
    mov eax, cr0
    and eax, 0xFFFFFFFB               /* no x87 emulation: SSE works */
    or eax, 0x80000002                /* paging, monitor coprocessor */
    mov cr0, eax
    lgdt [boot_gdt_ptr]
    ljmp 0x08, offset boot_long_mode
.code64
boot_long_mode:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov rsp, offset boot_stack_top
    call kmain
2:  cli
    hlt
    jmp 2b

.section .rodata
.align 8
boot_gdt:
    .quad 0
    .quad 0x00209a0000000000          /* 0x08: 64-bit code */
    .quad 0x0000920000000000          /* 0x10: data */
boot_gdt_ptr:
    .word 23
    .long boot_gdt
"#
);
