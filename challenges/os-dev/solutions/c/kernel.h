// What the kernel's parts share: port I/O, the console, interrupts, memory.
#pragma once
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
/** Ends the run: qemu's isa-debug-exit device at port 0xf4 exits with this status. */
_Noreturn void shutdown(uint8_t status);

// console.c: COM1 and the VGA text screen, and printf over both
void console_init(void);
void kputc(char c);
void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);

// interrupts.c
struct frame {  // what isr.asm pushes: pusha, then vector and error code, then the CPU's part
  uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
  uint32_t vector, error, eip, cs, eflags;
};
void gdt_init(void);
void idt_init(void);
void paging_identity_4mib(void);
void timer_start(uint32_t hz);
extern volatile uint32_t ticks;

// memory.c
struct multiboot_info;
void memory_report(const struct multiboot_info *mb);

// kernel.c
int parse_number(const char *s, uint32_t *out);
