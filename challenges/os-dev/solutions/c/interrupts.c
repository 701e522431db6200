// The CPU's tables and the interrupts: a flat GDT, an IDT whose 48 gates lead to isr.asm's stubs
// (exceptions 0-31, the PIC's IRQs remapped to 32-47), the PIT as the timer, and an identity map
// of the first 4 MiB so that a page fault can be provoked and reported.
#include "kernel.h"

struct __attribute__((packed)) descriptor {
  uint16_t limit;
  uint32_t base;
};

static uint64_t gdt[3] = {
    0,
    0x00cf9a000000ffffull,  // 0x08: code, ring 0, base 0, limit 4 GiB
    0x00cf92000000ffffull,  // 0x10: data
};
void gdt_load(const struct descriptor *d);

void gdt_init(void) {
  static struct descriptor d;
  d = (struct descriptor){sizeof gdt - 1, (uint32_t)gdt};
  gdt_load(&d);
}

extern const uint32_t isr_table[48];
static uint64_t idt[48];

static void pic_remap(void) {
  outb(0x20, 0x11);  // ICW1: initialise, ICW4 follows
  outb(0xa0, 0x11);
  outb(0x21, 32);    // master's vectors from 32
  outb(0xa1, 40);    // slave's from 40
  outb(0x21, 4);     // the slave is on IRQ2
  outb(0xa1, 2);
  outb(0x21, 1);     // 8086 mode
  outb(0xa1, 1);
  outb(0x21, 0xff);  // everything masked until asked for
  outb(0xa1, 0xff);
}

void idt_init(void) {
  for (int i = 0; i < 48; i++) {
    uint32_t a = isr_table[i];
    // a 32-bit interrupt gate, present, ring 0, to the kernel's code segment
    idt[i] = (a & 0xffff) | (0x08ull << 16) | (0x8eull << 40) | ((uint64_t)(a >> 16) << 48);
  }
  static struct descriptor d;
  d = (struct descriptor){sizeof idt - 1, (uint32_t)idt};
  __asm__ volatile("lidt %0" ::"m"(d));
  pic_remap();
}

void paging_identity_4mib(void) {
  static uint32_t directory[1024] __attribute__((aligned(4096)));
  static uint32_t table[1024] __attribute__((aligned(4096)));
  for (uint32_t i = 0; i < 1024; i++) table[i] = (i << 12) | 3;  // present, writable
  directory[0] = (uint32_t)table | 3;
  __asm__ volatile("mov %0, %%cr3" ::"r"(directory));
  uint32_t cr0;
  __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
  __asm__ volatile("mov %0, %%cr0" ::"r"(cr0 | 0x80000000u));
}

volatile uint32_t ticks;

void timer_start(uint32_t hz) {
  uint32_t divisor = 1193182 / hz;
  outb(0x43, 0x34);  // channel 0, lobyte/hibyte, mode 2 (rate generator)
  outb(0x40, divisor & 0xff);
  outb(0x40, divisor >> 8);
  outb(0x21, inb(0x21) & ~1);  // unmask IRQ0
  __asm__ volatile("sti");
}

static const char *const names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode", "no FPU",
    "double fault", "coprocessor", "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check", "SIMD error",
};

void interrupt(struct frame *f) {
  if (f->vector >= 32) {  // an IRQ: acknowledge it at the PIC(s)
    if (f->vector == 32) ticks++;
    if (f->vector >= 40) outb(0xa0, 0x20);
    outb(0x20, 0x20);
    return;
  }
  if (f->vector == 3) {
    kprintf("exception 3 (breakpoint) at 0x%08x\n", f->eip);
    return;  // int3 is a trap: the saved eip is already past it
  }
  if (f->vector == 14) {
    uint32_t cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    kprintf("page fault at 0x%08x, error code 0x%x\n", cr2, f->error);
    shutdown(0);
  }
  const char *name = names[f->vector] ? names[f->vector] : "reserved";
  kprintf("exception %u (%s) at 0x%08x, error code 0x%x\n", f->vector, name, f->eip, f->error);
  shutdown(1);
}
