// The console: every character goes to COM1 (the harness reads it) and to the VGA text
// buffer at 0xb8000 (80x25 cells of character + attribute), which scrolls up at the bottom.
#include "kernel.h"

#define COM1 0x3f8
#define COLS 80
#define ROWS 25
#define ATTR 0x07  // light grey on black

static volatile uint16_t *const vga = (volatile uint16_t *)0xb8000;
static int row, col;

void console_init(void) {
  outb(COM1 + 1, 0x00);  // no UART interrupts
  outb(COM1 + 3, 0x80);  // DLAB on: the divisor follows
  outb(COM1 + 0, 0x01);  // 115200 baud
  outb(COM1 + 1, 0x00);
  outb(COM1 + 3, 0x03);  // 8 bits, no parity, one stop bit
  outb(COM1 + 2, 0xc7);  // FIFO on
  for (int i = 0; i < COLS * ROWS; i++) vga[i] = (ATTR << 8) | ' ';
  row = col = 0;
}

static void serial_putc(char c) {
  while (!(inb(COM1 + 5) & 0x20)) {  // wait for the transmitter to be empty
  }
  outb(COM1, (uint8_t)c);
}

static void newline(void) {
  col = 0;
  if (++row < ROWS) return;
  for (int i = 0; i < COLS * (ROWS - 1); i++) vga[i] = vga[i + COLS];
  for (int i = 0; i < COLS; i++) vga[(ROWS - 1) * COLS + i] = (ATTR << 8) | ' ';
  row = ROWS - 1;
}

void kputc(char c) {
  serial_putc(c);
  if (c == '\n') return newline();
  if (col == COLS) newline();
  vga[row * COLS + col++] = (uint16_t)((ATTR << 8) | (uint8_t)c);
}

static void puts_padded(const char *s, int len, int width, int left, char pad) {
  if (!left)
    for (int i = len; i < width; i++) kputc(pad);
  for (int i = 0; i < len; i++) kputc(s[i]);
  if (left)
    for (int i = len; i < width; i++) kputc(' ');
}

// %d %u %x %X %o %b %c %s %p %%, with a width, 0 (zero padding) and - (left-justified)
void kvprintf(const char *fmt, va_list ap) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      kputc(*fmt);
      continue;
    }
    int left = 0, width = 0;
    char pad = ' ';
    for (;; fmt++) {
      if (fmt[1] == '-') left = 1;
      else if (fmt[1] == '0') pad = '0';
      else break;
    }
    while (fmt[1] >= '0' && fmt[1] <= '9') width = width * 10 + (*++fmt - '0');
    char conv = *++fmt, buf[40];
    int len = 0;
    if (conv == 's') {
      const char *s = va_arg(ap, const char *);
      while (s[len]) len++;
      puts_padded(s, len, width, left, ' ');
      continue;
    }
    if (conv == 'c') {
      buf[0] = (char)va_arg(ap, int);
      puts_padded(buf, 1, width, left, ' ');
      continue;
    }
    if (conv == '%' || conv == 0) {
      kputc('%');
      if (!conv) return;
      continue;
    }
    unsigned base = conv == 'x' || conv == 'X' || conv == 'p' ? 16 : conv == 'o' ? 8 : conv == 'b' ? 2 : 10;
    uint32_t v = va_arg(ap, uint32_t);
    int negative = conv == 'd' && (int32_t)v < 0;
    if (negative) v = -v;
    const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[40];
    int n = 0;
    do {
      tmp[n++] = digits[v % base];
      v /= base;
    } while (v);
    if (negative && pad == '0') {  // -0005: the sign goes before the zeros
      kputc('-');
      width--;
    } else if (negative) {
      tmp[n++] = '-';
    }
    while (n) buf[len++] = tmp[--n];
    puts_padded(buf, len, width, left, left ? ' ' : pad);
  }
}

void kprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kvprintf(fmt, ap);
  va_end(ap);
}
