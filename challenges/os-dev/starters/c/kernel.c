// Your kernel. boot.asm has the multiboot header, sets up a stack and calls kmain with what the
// boot loader passed: eax (0x2BADB002) and ebx (the multiboot information).
// Stage 1: print "Hello, kernel!\n" on COM1, then end the run with status 0.
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

#define COM1 0x3f8

static void serial_init(void) {
  outb(COM1 + 1, 0x00);  // no UART interrupts
  outb(COM1 + 3, 0x80);  // DLAB on: the divisor follows
  outb(COM1 + 0, 0x01);  // 115200 baud
  outb(COM1 + 1, 0x00);
  outb(COM1 + 3, 0x03);  // 8 bits, no parity, one stop bit
}

static void serial_putc(char c) {
  (void)c;
  // TODO (stage 1): wait until bit 5 of the line status register (COM1 + 5) is set, then
  // write c to COM1's data register.
}

/** Ends the run: qemu's isa-debug-exit device (port 0xf4) stops the machine with this status. */
static _Noreturn void shutdown(uint8_t status) {
  outb(0xf4, status);
  for (;;) __asm__ volatile("cli; hlt");
}

void kmain(uint32_t magic, const void *multiboot_info) {
  (void)magic;
  (void)multiboot_info;
  serial_init();
  // TODO (stage 1): say hello, one serial_putc per character.
  serial_putc('\n');
  shutdown(0);
}
