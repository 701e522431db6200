/* guest-exec: runs one command in the vm sandbox's guest through its agent (bsod-agent, over
 * the port qemu forwards from the container's loopback), as if it ran here: stdin, stdout and
 * stderr are relayed, signals sent to this process are passed on, and it ends the way the
 * command ended (same exit code, or killed by the same signal). If the guest's OOM killer
 * ended the command, "oom" is written to fd 3 when fd 3 is open (the harness reads it).
 *   guest-exec run -- CMD [ARG...]   the command, in this process's working directory and env
 *   guest-exec reap                  kill every process in the guest but its init
 *   guest-exec ready MS              wait up to MS ms until the agent answers */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "frames.h"

extern char **environ;
static int sigpipe_fds[2];

static void on_signal(int sig) {
  unsigned char b = (unsigned char)sig;
  (void)!write(sigpipe_fds[1], &b, 1);
}

static int dial(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(AGENT_PORT)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static void die_like(const unsigned char *x) {
  if (x[2] && fcntl(3, F_GETFD) != -1) (void)!write(3, "oom\n", 4);
  if (x[0] == 0) exit(x[1]);
  int sig = x[1];
  signal(sig, SIG_DFL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  sigprocmask(SIG_UNBLOCK, &s, NULL);
  kill(getpid(), sig);
  kill(getpid(), SIGKILL);
  exit(128 + sig);
}

static void lost(void) {
  const char msg[] = "[bsod] lost the connection to the guest machine (did it stop, reboot or panic?)\n";
  (void)!write(2, msg, sizeof msg - 1);
  exit(125);
}

/* Relays until the agent sends 'x'; never returns. */
static void session(int sock, int with_stdin) {
  struct inbuf rx = {0};
  int stdin_open = with_stdin;
  for (;;) {
    struct pollfd p[3] = {{.fd = sock, .events = POLLIN}, {.fd = sigpipe_fds[0], .events = POLLIN}, {.fd = 0}};
    int n = 2;
    if (stdin_open) p[n++] = (struct pollfd){.fd = 0, .events = POLLIN};
    if (poll(p, (nfds_t)n, -1) < 0) continue;
    if (p[1].revents & POLLIN) {
      unsigned char sig;
      while (read(sigpipe_fds[0], &sig, 1) == 1) send_frame(sock, 's', &sig, 1);
    }
    if (n == 3 && p[2].revents) {
      char buf[65536];
      ssize_t r = read(0, buf, sizeof buf);
      if (r > 0) {
        if (send_frame(sock, 'i', buf, (uint32_t)r) < 0) lost();
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        stdin_open = 0;
        if (send_frame(sock, 'c', NULL, 0) < 0) lost();
      }
    }
    if (p[0].revents) {
      ssize_t r = inbuf_fill(&rx, sock);
      if (r <= 0) lost();
      size_t used = 0;
      char type;
      unsigned char *pl;
      uint32_t len;
      int k;
      while ((k = inbuf_take(&rx, &used, &type, &pl, &len)) == 1) {
        if (type == 'o' && write_all(1, pl, len) < 0) {
          /* nobody reads our stdout any more: the command's output goes nowhere */
        } else if (type == 'e') {
          (void)write_all(2, pl, len);
        } else if (type == 'x' && len == 3) {
          die_like(pl);
        }
      }
      if (k < 0) lost();
      inbuf_compact(&rx, used);
    }
  }
}

static long elapsed_ms(const struct timespec *start) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (t.tv_sec - start->tv_sec) * 1000 + (t.tv_nsec - start->tv_nsec) / 1000000;
}

static int ready(long ms) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    int fd = dial();
    if (fd >= 0) {
      /* qemu accepts forwarded connections even before the guest listens (and holds them while
       * it tries the guest): a reap that answers in time is the proof the agent is up. */
      if (send_frame(fd, 'P', NULL, 0) == 0) {
        unsigned char buf[8];
        size_t got = 0;
        while (got < sizeof buf) {
          long left = ms - elapsed_ms(&start);
          struct pollfd p = {.fd = fd, .events = POLLIN};
          if (left <= 0 || poll(&p, 1, (int)left) <= 0) break;
          ssize_t n = read(fd, buf + got, sizeof buf - got);
          if (n <= 0) break;
          got += (size_t)n;
        }
        if (got == sizeof buf && buf[0] == 'x') return 0;
      }
      close(fd);
    }
    if (elapsed_ms(&start) > ms) return 1;
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc >= 2 && strcmp(argv[1], "ready") == 0) return ready(argc >= 3 ? atol(argv[2]) : 10000);
  int sock = dial();
  if (sock < 0) lost();
  if (argc >= 2 && strcmp(argv[1], "reap") == 0) {
    if (send_frame(sock, 'P', NULL, 0) < 0) lost();
    unsigned char buf[8];
    ssize_t n = read(sock, buf, sizeof buf);
    return n == 8 && buf[0] == 'x' ? 0 : 1;
  }
  int first = 2;
  if (argc >= 3 && strcmp(argv[2], "--") == 0) first = 3;
  if (argc < 2 || strcmp(argv[1], "run") != 0 || first >= argc) {
    const char usage[] = "usage: guest-exec run -- CMD [ARG...] | guest-exec reap | guest-exec ready MS\n";
    (void)!write(2, usage, sizeof usage - 1);
    return 2;
  }
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "/");
  size_t len = strlen(cwd) + 1;
  for (int i = first; i < argc; i++) len += strlen(argv[i]) + 1;
  len += 1;
  for (char **e = environ; *e; e++) len += strlen(*e) + 1;
  char *req = malloc(len), *w = req;
  w = stpcpy(w, cwd) + 1;
  for (int i = first; i < argc; i++) w = stpcpy(w, argv[i]) + 1;
  *w++ = 0;
  for (char **e = environ; *e; e++) w = stpcpy(w, *e) + 1;
  if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK) < 0) return 2;
  int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCONT, SIGTSTP, SIGWINCH};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) signal(sigs[i], on_signal);
  if (send_frame(sock, 'R', req, (uint32_t)(w - req)) < 0) lost();
  free(req);
  session(sock, 1);
}
