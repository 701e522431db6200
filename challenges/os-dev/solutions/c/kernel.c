// The kernel's entry: reads the command line the harness gave (after the kernel's file name,
// which the boot loader puts first) and runs what it names; with none, says hello.
#include "kernel.h"

struct multiboot_info {
  uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
};

_Noreturn void shutdown(uint8_t status) {
  outb(0xf4, status);
  for (;;) __asm__ volatile("cli; hlt");
}

static int streq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

/** A decimal number (with an optional -) or 0x-prefixed hex; 0 when it is not one. */
int parse_number(const char *s, uint32_t *out) {
  uint32_t v = 0;
  int negative = *s == '-', any = 0;
  if (negative) s++;
  if (s[0] == '0' && s[1] == 'x') {
    for (s += 2; *s; s++, any = 1) {
      int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
      if (d < 0) return 0;
      v = v * 16 + (uint32_t)d;
    }
  } else {
    for (; *s; s++, any = 1) {
      if (*s < '0' || *s > '9') return 0;
      v = v * 10 + (uint32_t)(*s - '0');
    }
  }
  *out = negative ? -v : v;
  return any;
}

#define MAX_WORDS 64
static char line[1024];
static char *words[MAX_WORDS];

static int split(const char *cmdline) {  // copies the command line into words; the file name is dropped
  int n = 0, i = 0;
  while (cmdline && *cmdline && i < (int)sizeof line - 1) {
    while (*cmdline == ' ') cmdline++;
    if (!*cmdline || n == MAX_WORDS) break;
    words[n++] = &line[i];
    while (*cmdline && *cmdline != ' ' && i < (int)sizeof line - 1) line[i++] = *cmdline++;
    line[i++] = 0;
  }
  for (int k = 1; k < n; k++) words[k - 1] = words[k];
  return n > 0 ? n - 1 : 0;
}

static uint32_t number(const char *s) {
  uint32_t v;
  if (!parse_number(s, &v)) {
    kprintf("not a number: %s\n", s);
    shutdown(2);
  }
  return v;
}

void kmain(uint32_t magic, const struct multiboot_info *mb) {
  console_init();
  if (magic != 0x2BADB002) {
    kprintf("not started by a multiboot loader (eax = 0x%x)\n", magic);
    shutdown(1);
  }
  int argc = split(mb->flags & (1u << 2) ? (const char *)mb->cmdline : 0);
  if (argc == 0) {
    kprintf("Hello, kernel!\n");
    shutdown(0);
  }
  const char *cmd = words[0];
  if (streq(cmd, "print")) {  // stage 2: each number in several bases and paddings
    for (int i = 1; i < argc; i++) {
      uint32_t n = number(words[i]);
      kprintf("%d %u %x %08X %o [%8d] [%-8d]\n", n, n, n, n, n, n, n);
    }
    shutdown(0);
  }
  gdt_init();
  idt_init();
  if (streq(cmd, "int3")) {  // stage 3
    __asm__ volatile("int3");
    kprintf("back from the breakpoint\n");
    shutdown(0);
  }
  if (streq(cmd, "pagefault") && argc == 3) {
    uint32_t addr = number(words[2]);
    paging_identity_4mib();
    if (streq(words[1], "write")) *(volatile uint32_t *)addr = 1;
    else (void)*(volatile uint32_t *)addr;
    kprintf("no page fault at 0x%08x\n", addr);
    shutdown(1);
  }
  if (streq(cmd, "timer") && argc == 3) {  // stage 4: HZ N
    uint32_t hz = number(words[1]), n = number(words[2]), seen = 0;
    timer_start(hz);
    while (seen < n) {
      __asm__ volatile("hlt");  // until the next interrupt
      while (seen < ticks && seen < n) kprintf("tick %u\n", ++seen);
    }
    shutdown(0);
  }
  if (streq(cmd, "memory")) {  // stage 5
    memory_report((const void *)mb);
    shutdown(0);
  }
  kprintf("unknown command: %s\n", cmd);
  shutdown(2);
}
