// The program the vm tests run in the guest. `hello`: answers ping with pong and names the
// kernel it runs on. `features`: loads an eBPF program and runs a NOP through an io_uring, which
// only a kernel of its own allows. Built with -DATTACK=n, `hello` first attacks its machine.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/reboot.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifdef ATTACK
enum { PANIC = 1, REBOOT, FORK_BOMB, MEMORY_BOMB, BLOCK_DEVICES, INTERRUPTS_OFF };

static void attack(int what) {
  switch (what) {
    case PANIC: {  // a kernel panic through sysrq
      int fd = open("/proc/sysrq-trigger", O_WRONLY);
      if (fd >= 0) (void)!write(fd, "c", 1);
      break;
    }
    case REBOOT:  // what `reboot -f` does
      syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART, 0);
      break;
    case FORK_BOMB:
      for (;;) fork();
    case MEMORY_BOMB:
      for (;;) {
        char *p = malloc(1 << 20);
        if (p) memset(p, 1, 1 << 20);
      }
    case BLOCK_DEVICES: {  // zeros over the start of every block device the machine has
      DIR *d = opendir("/sys/block");
      struct dirent *e;
      char zeros[65536] = {0}, path[300];
      int written = 0;
      while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "/dev/%s", e->d_name);
        int fd = open(path, O_WRONLY);
        if (fd >= 0 && write(fd, zeros, sizeof zeros) > 0) written++;
        if (fd >= 0) close(fd);
      }
      fprintf(stderr, "wrote zeros to %d block devices\n", written);
      break;
    }
    case INTERRUPTS_OFF:  // as root: I/O privilege, then a busy loop with interrupts off (the guest hangs)
      if (iopl(3) == 0) __asm__ volatile("cli");
      for (;;) {
      }
  }
}
#endif

static int features(void) {
  // eBPF: a socket filter that returns 0 ("mov r0, 0; exit")
  struct bpf_insn prog[] = {{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0}, {.code = BPF_JMP | BPF_EXIT}};
  union bpf_attr attr = {0};
  attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  attr.insns = (unsigned long)prog;
  attr.insn_cnt = 2;
  attr.license = (unsigned long)"GPL";
  int bpf = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
  if (bpf < 0) {
    perror("bpf(BPF_PROG_LOAD)");
    return 1;
  }
  printf("bpf: loaded a socket filter\n");
  // io_uring: one NOP through the rings
  struct io_uring_params p = {0};
  int ring = (int)syscall(SYS_io_uring_setup, 4, &p);
  if (ring < 0) {
    perror("io_uring_setup");
    return 1;
  }
  size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  char *sq = mmap(0, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_SQ_RING);
  char *cq = mmap(0, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring, IORING_OFF_CQ_RING);
  struct io_uring_sqe *sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED,
                                   ring, IORING_OFF_SQES);
  if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED) {
    perror("mmap io_uring");
    return 1;
  }
  unsigned tail = *(unsigned *)(sq + p.sq_off.tail);
  unsigned idx = tail & *(unsigned *)(sq + p.sq_off.ring_mask);
  memset(&sqes[idx], 0, sizeof sqes[idx]);
  sqes[idx].opcode = IORING_OP_NOP;
  sqes[idx].user_data = 42;
  ((unsigned *)(sq + p.sq_off.array))[idx] = idx;
  __atomic_store_n((unsigned *)(sq + p.sq_off.tail), tail + 1, __ATOMIC_RELEASE);
  if (syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0) {
    perror("io_uring_enter");
    return 1;
  }
  unsigned head = *(unsigned *)(cq + p.cq_off.head);
  struct io_uring_cqe *cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) + (head & *(unsigned *)(cq + p.cq_off.ring_mask));
  printf("io_uring: NOP completed with user_data %llu\n", (unsigned long long)cqe->user_data);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "hello";
  if (strcmp(mode, "features") == 0) return features();
  if (strcmp(mode, "serve") == 0) {  // serve: answers each line of one client on port 8080 with pong
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(8080), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0) return 6;
    int c = accept(s, NULL, NULL);
    FILE *io = fdopen(c, "r+");
    char line[256];
    while (io && fgets(line, sizeof line, io)) {
      fputs("pong\n", io);
      fflush(io);
    }
    return 0;
  }
  if (strcmp(mode, "copy") == 0 && argc == 4) {  // copy FROM TO: files the harness wrote and reads
    FILE *in = fopen(argv[2], "r"), *out = fopen(argv[3], "w");
    if (!in || !out) return 4;
    int c;
    while ((c = fgetc(in)) != EOF) fputc(c, out);
    return fclose(out) == 0 ? 0 : 5;
  }
  if (strcmp(mode, "hello") == 0) {
#ifdef ATTACK
    attack(ATTACK);
#endif
    char line[256] = {0};
    if (!fgets(line, sizeof line, stdin)) return 3;
    line[strcspn(line, "\n")] = 0;
    struct utsname u;
    uname(&u);
    printf("%s from %s\n", strcmp(line, "ping") == 0 ? "pong" : "what?", u.release);
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
