/* The wire format between guest-exec (in the sandbox container) and bsod-agent (PID 1 in the
 * guest): frames [type: 1 byte][length: u32 big-endian][payload], both ways, over one TCP
 * connection per command (forwarded by qemu's user network from the container's loopback).
 *   to the agent:   R run (cwd \0 argv... \0 \0 env... \0), P reap (kill all but PID 1),
 *                   L does anything listen on TCP port [u16] (x with exit code 0: yes),
 *                   i stdin bytes, c stdin closed, s signal (1 byte)
 *   to the client:  o stdout bytes, e stderr bytes,
 *                   x ended [0 = exit code | 1 = signal][value][oom killer ran: 0/1]
 */
#ifndef BSOD_FRAMES_H
#define BSOD_FRAMES_H
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define AGENT_PORT 7100
#define MAX_FRAME (1u << 20)

static int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static int send_frame(int fd, char type, const void *payload, uint32_t len) {
  unsigned char head[5] = {(unsigned char)type, (unsigned char)(len >> 24), (unsigned char)(len >> 16),
                           (unsigned char)(len >> 8), (unsigned char)len};
  if (write_all(fd, head, 5) < 0) return -1;
  return len ? write_all(fd, payload, len) : 0;
}

/* A growing receive buffer that yields whole frames. */
struct inbuf {
  unsigned char *data;
  size_t len, cap;
};

/* Appends what is readable; returns bytes read, 0 at end of stream, -1 on error. */
static ssize_t inbuf_fill(struct inbuf *b, int fd) {
  if (b->cap - b->len < 65536) {
    size_t cap = b->cap ? b->cap * 2 : 131072;
    unsigned char *d = realloc(b->data, cap);
    if (!d) return -1;
    b->data = d;
    b->cap = cap;
  }
  ssize_t n;
  do n = read(fd, b->data + b->len, b->cap - b->len);
  while (n < 0 && errno == EINTR);
  if (n > 0) b->len += (size_t)n;
  return n;
}

/* Takes the next whole frame: 1 and sets type/payload/len, 0 if incomplete, -1 if invalid. */
static int inbuf_take(struct inbuf *b, size_t *consumed, char *type, unsigned char **payload, uint32_t *len) {
  size_t off = *consumed;
  if (b->len - off < 5) return 0;
  unsigned char *h = b->data + off;
  uint32_t n = ((uint32_t)h[1] << 24) | ((uint32_t)h[2] << 16) | ((uint32_t)h[3] << 8) | h[4];
  if (n > MAX_FRAME) return -1;
  if (b->len - off < 5 + (size_t)n) return 0;
  *type = (char)h[0];
  *payload = h + 5;
  *len = n;
  *consumed = off + 5 + n;
  return 1;
}

static void inbuf_compact(struct inbuf *b, size_t consumed) {
  if (consumed == 0) return;
  memmove(b->data, b->data + consumed, b->len - consumed);
  b->len -= consumed;
}
#endif
