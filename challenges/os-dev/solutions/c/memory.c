// Physical memory: the multiboot memory map, and a frame allocator (a bitmap of 4 KiB frames)
// over its usable regions, less the kernel itself. The report proves the allocator by taking
// every frame, chaining them through their first word, then giving them all back and again.
#include "kernel.h"

struct __attribute__((packed)) multiboot_info {
  uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
  uint32_t syms[4];
  uint32_t mmap_length, mmap_addr;
};
struct __attribute__((packed)) mmap_entry {
  uint32_t size;  // of the rest of the entry: the next one is size + 4 bytes further
  uint64_t base, length;
  uint32_t type;  // 1 = usable RAM
};

#define FRAME 4096u
#define MAX_FRAMES (1u << 18)  // 1 GiB
static uint32_t used[MAX_FRAMES / 32];  // a set bit: the frame is not free
static uint32_t next_free;
extern char kernel_end[];

static void set_free(uint32_t f, int free) {
  if (free) used[f / 32] &= ~(1u << (f % 32));
  else used[f / 32] |= 1u << (f % 32);
}

static uint32_t alloc_frame(void) {  // a physical address, 0 when none is left
  for (uint32_t f = next_free; f < MAX_FRAMES; f++) {
    if (used[f / 32] == 0xffffffffu) {
      f |= 31;
      continue;
    }
    if (!(used[f / 32] & (1u << (f % 32)))) {
      set_free(f, 0);
      next_free = f + 1;
      return f * FRAME;
    }
  }
  return 0;
}

static void free_frame(uint32_t addr) {
  set_free(addr / FRAME, 1);
  if (addr / FRAME < next_free) next_free = addr / FRAME;
}

static uint32_t take_all(void) {  // takes every frame, chained by their first word, then frees them
  uint32_t head = 0, n = 0, a;
  while ((a = alloc_frame()) != 0) {
    *(volatile uint32_t *)a = head;
    head = a;
    n++;
  }
  while (head) {
    uint32_t next = *(volatile uint32_t *)head;
    free_frame(head);
    head = next;
  }
  return n;
}

void memory_report(const struct multiboot_info *mb) {
  if (!(mb->flags & (1u << 6))) {
    kprintf("no memory map from the boot loader\n");
    shutdown(1);
  }
  for (uint32_t i = 0; i < MAX_FRAMES / 32; i++) used[i] = 0xffffffffu;
  uint64_t usable = 0;
  uint32_t p = mb->mmap_addr;
  while (p < mb->mmap_addr + mb->mmap_length) {
    const struct mmap_entry *e = (const struct mmap_entry *)p;
    kprintf("mmap 0x%08x%08x 0x%08x%08x %u\n", (uint32_t)(e->base >> 32), (uint32_t)e->base,
            (uint32_t)(e->length >> 32), (uint32_t)e->length, e->type);
    if (e->type == 1) {
      usable += e->length;
      uint64_t first = (e->base + FRAME - 1) / FRAME, end = (e->base + e->length) / FRAME;
      for (uint64_t f = first; f < end && f < MAX_FRAMES; f++) set_free((uint32_t)f, 1);
    }
    p += e->size + 4;
  }
  // Not free: frame 0 (0 means "none" to alloc_frame) and the kernel with its stack and bitmap.
  set_free(0, 0);
  for (uint32_t a = 0x100000; a < (uint32_t)kernel_end; a += FRAME) set_free(a / FRAME, 0);
  kprintf("usable: %u KiB\n", (uint32_t)(usable / 1024));
  kprintf("frames: %u\n", take_all());
  kprintf("frames after freeing them all: %u\n", take_all());
}
