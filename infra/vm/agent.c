/* bsod-agent: PID 1 of a vm sandbox's guest (the initramfs's /init execs it). It runs the
 * commands the harness sends from outside the guest, as root, each in a session of its own,
 * relays their stdin/stdout/stderr and how they ended, and kills a command's process group
 * when its connection closes. Being PID 1 it cannot be killed from inside the guest, and it
 * reaps every orphan. Wire format: frames.h. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "frames.h"

#define MAX_SESSIONS 64
#define DRAIN_MS 200

struct session {
  int sock;
  pid_t pid;      /* the command (its own process group), 0 before it starts, -1 after */
  int in, out, err; /* pipes to the command, -1 when closed */
  struct inbuf rx;
  unsigned char *pending; /* stdin bytes the pipe did not take yet */
  size_t pending_len;
  int stdin_eof;
  int exited, status;
  long oom_before;
  long long exited_at;
};

static struct session sessions[MAX_SESSIONS];
static int program_cgroup; /* commands run in /sys/fs/cgroup/program (pids.max = bsod.pids) */

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int r = write_all(fd, text, strlen(text));
  close(fd);
  return r;
}

/* The sandbox's process limit holds in the guest too (root can leave the cgroup: its machine). */
static void setup_cgroup(void) {
  char cmdline[4096] = {0};
  int fd = open("/proc/cmdline", O_RDONLY);
  if (fd < 0) return;
  ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
  close(fd);
  char *p = n > 0 ? strstr(cmdline, "bsod.pids=") : NULL;
  if (!p) return;
  long pids = strtol(p + 10, NULL, 10);
  if (pids <= 0) return;
  char value[32];
  snprintf(value, sizeof value, "%ld", pids);
  if (write_file("/sys/fs/cgroup/cgroup.subtree_control", "+pids") < 0) return;
  mkdir("/sys/fs/cgroup/program", 0755);
  program_cgroup = write_file("/sys/fs/cgroup/program/pids.max", value) == 0;
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long oom_kills(void) {
  FILE *f = fopen("/proc/vmstat", "r");
  if (!f) return -1;
  char key[64];
  long v, found = -1;
  while (fscanf(f, "%63s %ld", key, &v) == 2)
    if (strcmp(key, "oom_kill") == 0) found = v;
  fclose(f);
  return found;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static void end_session(struct session *s) {
  if (s->pid > 0 && !s->exited) kill(-s->pid, SIGKILL);
  close_fd(&s->sock);
  close_fd(&s->in);
  close_fd(&s->out);
  close_fd(&s->err);
  free(s->rx.data);
  free(s->pending);
  memset(s, 0, sizeof *s);
  s->sock = s->in = s->out = s->err = -1;
}

static void start(struct session *s, unsigned char *p, uint32_t len) {
  /* cwd \0 argv... \0 \0 env... \0 */
  char *args[256], *env[256];
  int argc = 0, envc = 0, part = 0;
  char *cwd = NULL;
  size_t i = 0;
  while (i < len) {
    char *str = (char *)p + i;
    size_t n = strnlen(str, len - i);
    if (i + n >= len) break; /* unterminated */
    if (!cwd) cwd = str;
    else if (part == 0 && n == 0) part = 1;
    else if (part == 0 && argc < 255) args[argc++] = str;
    else if (part == 1 && envc < 255) env[envc++] = str;
    i += n + 1;
  }
  args[argc] = NULL;
  env[envc] = NULL;
  if (!cwd || argc == 0) {
    const char msg[] = "bsod-agent: empty command\n";
    send_frame(s->sock, 'e', msg, sizeof msg - 1);
    unsigned char x[3] = {0, 127, 0};
    send_frame(s->sock, 'x', x, 3);
    end_session(s);
    return;
  }
  int pin[2], pout[2], perr[2];
  if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0) {
    end_session(s);
    return;
  }
  s->oom_before = oom_kills();
  pid_t pid = fork();
  if (pid == 0) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    setsid();
    if (program_cgroup) write_file("/sys/fs/cgroup/program/cgroup.procs", "0");
    /* the container runtime's limits: no core dumps, 8,192 open files (root may raise them) */
    struct rlimit core = {0, 0}, nofile = {8192, 8192};
    setrlimit(RLIMIT_CORE, &core);
    setrlimit(RLIMIT_NOFILE, &nofile);
    dup2(pin[0], 0);
    dup2(pout[1], 1);
    dup2(perr[1], 2);
    if (chdir(cwd) < 0) chdir("/");
    execvpe(args[0], args, env);
    dprintf(2, "bsod-agent: cannot run %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  close(pin[0]);
  close(pout[1]);
  close(perr[1]);
  if (pid < 0) {
    close(pin[1]);
    close(pout[0]);
    close(perr[0]);
    end_session(s);
    return;
  }
  s->pid = pid;
  s->in = pin[1];
  s->out = pout[0];
  s->err = perr[0];
  fcntl(s->in, F_SETFL, O_NONBLOCK);
}

static int is_user_process(const char *name) {
  /* Kernel threads are children of kthreadd (PID 2) and have no command line. */
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%.32s/stat", name);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  char *rp = strrchr(buf, ')');
  if (!rp) return 0;
  char state;
  int ppid;
  if (sscanf(rp + 2, "%c %d", &state, &ppid) != 2) return 0;
  if (state == 'Z') return 0;
  return ppid != 2 && atoi(name) != 2;
}

static int others_alive(void) {
  DIR *d = opendir("/proc");
  if (!d) return 0;
  struct dirent *e;
  int found = 0;
  while (!found && (e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9' || strcmp(e->d_name, "1") == 0) continue;
    found = is_user_process(e->d_name);
  }
  closedir(d);
  return found;
}

static void reap_children(void);

/* Kills every process but this one (what the last stage left running) and waits for them. */
static void reap_all(struct session *s) {
  long long until = now_ms() + 3000;
  do {
    kill(-1, SIGKILL);
    reap_children();
    struct timespec t = {0, 5 * 1000 * 1000};
    nanosleep(&t, NULL);
    reap_children();
  } while (others_alive() && now_ms() < until);
  unsigned char x[3] = {0, 0, 0};
  send_frame(s->sock, 'x', x, 3);
  end_session(s);
}

/* Whether something in the guest listens on TCP port `port` (any address). */
static int listening(unsigned port) {
  const char *files[] = {"/proc/net/tcp", "/proc/net/tcp6"};
  for (int f = 0; f < 2; f++) {
    FILE *fp = fopen(files[f], "r");
    if (!fp) continue;
    char line[512];
    while (fgets(line, sizeof line, fp)) {
      char local[128];
      unsigned st;
      if (sscanf(line, " %*d: %127s %*s %x", local, &st) != 2) continue;
      char *colon = strrchr(local, ':');
      if (colon && st == 0x0A && strtoul(colon + 1, NULL, 16) == port) {
        fclose(fp);
        return 1;
      }
    }
    fclose(fp);
  }
  return 0;
}

static void flush_stdin(struct session *s) {
  while (s->in >= 0 && s->pending_len > 0) {
    ssize_t n = write(s->in, s->pending, s->pending_len);
    if (n < 0) {
      if (errno == EAGAIN) return;
      if (errno == EINTR) continue;
      s->pending_len = 0; /* EPIPE: the command does not read its stdin */
      close_fd(&s->in);
      return;
    }
    memmove(s->pending, s->pending + n, s->pending_len - (size_t)n);
    s->pending_len -= (size_t)n;
  }
  if (s->in >= 0 && s->pending_len == 0 && s->stdin_eof) close_fd(&s->in);
}

static void on_frame(struct session *s, char type, unsigned char *p, uint32_t len) {
  switch (type) {
    case 'R':
      if (s->pid == 0) start(s, p, len);
      break;
    case 'P':
      if (s->pid == 0) reap_all(s);
      break;
    case 'L':
      if (s->pid == 0 && len == 2) {
        unsigned char x[3] = {0, listening(((unsigned)p[0] << 8) | p[1]) ? 0 : 1, 0};
        send_frame(s->sock, 'x', x, 3);
        end_session(s);
      }
      break;
    case 'i':
      if (s->in >= 0 && len > 0) {
        unsigned char *d = realloc(s->pending, s->pending_len + len);
        if (!d) break;
        s->pending = d;
        memcpy(s->pending + s->pending_len, p, len);
        s->pending_len += len;
        flush_stdin(s);
      }
      break;
    case 'c':
      s->stdin_eof = 1;
      flush_stdin(s);
      break;
    case 's':
      if (s->pid > 0 && !s->exited && len == 1) kill(-s->pid, p[0]);
      break;
  }
}

static void on_socket(struct session *s) {
  ssize_t n = inbuf_fill(&s->rx, s->sock);
  if (n <= 0) {
    end_session(s); /* the harness side is gone: so is the command */
    return;
  }
  size_t used = 0;
  char type;
  unsigned char *p;
  uint32_t len;
  int r;
  int sock = s->sock;
  while ((r = inbuf_take(&s->rx, &used, &type, &p, &len)) == 1) {
    on_frame(s, type, p, len);
    if (s->sock != sock) return; /* ended */
  }
  if (r < 0) {
    end_session(s);
    return;
  }
  inbuf_compact(&s->rx, used);
}

static void relay(struct session *s, int *fd, char type) {
  char buf[65536];
  ssize_t n = read(*fd, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    close_fd(fd);
    return;
  }
  if (send_frame(s->sock, type, buf, (uint32_t)n) < 0) end_session(s);
}

static void finish(struct session *s) {
  int st = s->status;
  unsigned char x[3] = {0, 0, 0};
  if (WIFSIGNALED(st)) {
    x[0] = 1;
    x[1] = (unsigned char)WTERMSIG(st);
  } else {
    x[1] = (unsigned char)WEXITSTATUS(st);
  }
  /* the OOM killer ran while the command did: also when it took a child (a shell's python) and
   * the command only reported it with its exit code, as the container runtime's cgroup count does */
  long after = oom_kills();
  x[2] = s->oom_before >= 0 && after > s->oom_before;
  send_frame(s->sock, 'x', x, 3);
  end_session(s); /* kills what the command left running in its group */
}

static void reap_children(void) {
  int st;
  pid_t pid;
  while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
    for (int i = 0; i < MAX_SESSIONS; i++) {
      struct session *s = &sessions[i];
      if (s->sock >= 0 && s->pid == pid && !s->exited) {
        s->exited = 1;
        s->status = st;
        s->exited_at = now_ms();
      }
    }
  }
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  setup_cgroup();
  for (int i = 0; i < MAX_SESSIONS; i++) {
    memset(&sessions[i], 0, sizeof sessions[i]);
    sessions[i].sock = sessions[i].in = sessions[i].out = sessions[i].err = -1;
  }
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(AGENT_PORT), .sin_addr.s_addr = INADDR_ANY};
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 64) < 0) {
    dprintf(1, "bsod-agent: cannot listen on port %d: %s\n", AGENT_PORT, strerror(errno));
    for (;;) pause();
  }
  dprintf(1, "bsod-agent: ready\n");
  struct pollfd pfd[2 + MAX_SESSIONS * 4];
  struct {
    struct session *s;
    int which;
  } who[2 + MAX_SESSIONS * 4];
  for (;;) {
    int n = 0;
    pfd[n] = (struct pollfd){.fd = lfd, .events = POLLIN};
    who[n++].s = NULL;
    pfd[n] = (struct pollfd){.fd = sfd, .events = POLLIN};
    who[n++].s = NULL;
    int timeout = -1;
    long long t = now_ms();
    for (int i = 0; i < MAX_SESSIONS; i++) {
      struct session *s = &sessions[i];
      if (s->sock < 0) continue;
      if (s->exited && ((s->out < 0 && s->err < 0) || t - s->exited_at >= DRAIN_MS)) {
        finish(s);
        continue;
      }
      if (s->exited) {
        int left = (int)(DRAIN_MS - (t - s->exited_at));
        if (timeout < 0 || left < timeout) timeout = left;
      }
      /* While stdin bytes wait for the pipe, the connection is not read (backpressure). */
      if (s->pending_len == 0) {
        pfd[n] = (struct pollfd){.fd = s->sock, .events = POLLIN};
        who[n].s = s;
        who[n++].which = 0;
      } else if (s->in >= 0) {
        pfd[n] = (struct pollfd){.fd = s->in, .events = POLLOUT};
        who[n].s = s;
        who[n++].which = 3;
      }
      if (s->out >= 0) {
        pfd[n] = (struct pollfd){.fd = s->out, .events = POLLIN};
        who[n].s = s;
        who[n++].which = 1;
      }
      if (s->err >= 0) {
        pfd[n] = (struct pollfd){.fd = s->err, .events = POLLIN};
        who[n].s = s;
        who[n++].which = 2;
      }
    }
    int r = poll(pfd, (nfds_t)n, timeout);
    if (r < 0) continue;
    if (pfd[1].revents) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) > 0) {
      }
      reap_children();
    }
    for (int k = 2; k < n; k++) {
      struct session *s = who[k].s;
      if (!pfd[k].revents || s->sock < 0) continue;
      int fd = pfd[k].fd;
      if (who[k].which == 0 && fd == s->sock) on_socket(s);
      else if (who[k].which == 1 && fd == s->out) relay(s, &s->out, 'o');
      else if (who[k].which == 2 && fd == s->err) relay(s, &s->err, 'e');
      else if (who[k].which == 3 && fd == s->in) {
        if (pfd[k].revents & (POLLERR | POLLHUP)) {
          s->pending_len = 0;
          close_fd(&s->in);
        } else flush_stdin(s);
      }
    }
    if (pfd[0].revents & POLLIN) {
      int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
      if (c >= 0) {
        struct session *s = NULL;
        for (int i = 0; i < MAX_SESSIONS && !s; i++)
          if (sessions[i].sock < 0) s = &sessions[i];
        if (!s) close(c);
        else {
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          s->sock = c;
        }
      }
    }
  }
}
