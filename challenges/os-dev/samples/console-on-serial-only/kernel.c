// A kernel that prints the console stage's lines right, but on COM1 only: the VGA text buffer
// at 0xb8000 stays empty.
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

static void putc(char c) {
  while (!(inb(0x3fd) & 0x20)) {
  }
  outb(0x3f8, (uint8_t)c);
}

static void puts(const char *s) {
  while (*s) putc(*s++);
}

static void padded(const char *s, int width, int left, char pad) {
  int len = 0;
  while (s[len]) len++;
  for (int i = len; !left && i < width; i++) putc(pad);
  puts(s);
  for (int i = len; left && i < width; i++) putc(' ');
}

static const char *digits(uint32_t v, unsigned base, int upper, int negative) {
  static char buf[40];
  char *p = buf + sizeof buf - 1;
  *p = 0;
  do {
    *--p = (upper ? "0123456789ABCDEF" : "0123456789abcdef")[v % base];
    v /= base;
  } while (v);
  if (negative) *--p = '-';
  return p;
}

static void line(uint32_t n) {
  int neg = (int32_t)n < 0;
  uint32_t mag = neg ? -n : n;
  puts(digits(mag, 10, 0, neg));
  putc(' ');
  puts(digits(n, 10, 0, 0));
  putc(' ');
  puts(digits(n, 16, 0, 0));
  putc(' ');
  padded(digits(n, 16, 1, 0), 8, 0, '0');
  putc(' ');
  puts(digits(n, 8, 0, 0));
  puts(" [");
  padded(digits(mag, 10, 0, neg), 8, 0, ' ');
  puts("] [");
  padded(digits(mag, 10, 0, neg), 8, 1, ' ');
  puts("]\n");
}

static _Noreturn void shutdown(uint8_t status) {
  outb(0xf4, status);
  for (;;) __asm__ volatile("cli; hlt");
}

struct multiboot_info {
  uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
};

void kmain(uint32_t magic, const struct multiboot_info *mb) {
  (void)magic;
  const char *s = mb->flags & 4 ? (const char *)mb->cmdline : "";
  while (*s && *s != ' ') s++;  // the kernel's file name
  while (*s == ' ') s++;
  if (!*s) {
    puts("Hello, kernel!\n");
    shutdown(0);
  }
  if (s[0] != 'p' || s[1] != 'r') shutdown(2);
  s += 5;  // "print"
  while (*s) {
    while (*s == ' ') s++;
    if (!*s) break;
    int neg = *s == '-';
    uint32_t v = 0;
    for (s += neg; *s >= '0' && *s <= '9'; s++) v = v * 10 + (uint32_t)(*s - '0');
    line(neg ? -v : v);
  }
  shutdown(0);
}
