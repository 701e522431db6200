// Reference solution of zigfest-redis in C: one thread, poll(2) over the listening socket and
// every client, a per-client input buffer (partial and pipelined commands), and a small
// chained hash table of key -> value + deadline.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 1024
#define MAX_ARGS 64

typedef struct Entry {
    char *key, *val;
    size_t klen, vlen;
    long long deadline; /* ms, 0 = never */
    struct Entry *next;
} Entry;

#define BUCKETS 4096
static Entry *table[BUCKETS];

typedef struct {
    char *data;
    size_t len, cap;
} Buf;

static void buf_put(Buf *b, const void *p, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->data = realloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}
static void buf_str(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static void buf_fmt(Buf *b, const char *fmt, long long n) {
    char tmp[64];
    int k = snprintf(tmp, sizeof tmp, fmt, n);
    buf_put(b, tmp, (size_t)k);
}
static void buf_bulk(Buf *b, const char *p, size_t n) {
    buf_fmt(b, "$%lld\r\n", (long long)n);
    buf_put(b, p, n);
    buf_put(b, "\r\n", 2);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned hash(const char *k, size_t n) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h % BUCKETS;
}

static void free_entry(Entry *e) {
    free(e->key);
    free(e->val);
    free(e);
}

/* The live entry for a key (expired ones are removed on the way). */
static Entry *find(const char *k, size_t n) {
    Entry **pp = &table[hash(k, n)];
    while (*pp) {
        Entry *e = *pp;
        if (e->klen == n && memcmp(e->key, k, n) == 0) {
            if (e->deadline && now_ms() >= e->deadline) {
                *pp = e->next;
                free_entry(e);
                return NULL;
            }
            return e;
        }
        pp = &e->next;
    }
    return NULL;
}

static int del(const char *k, size_t n) {
    if (!find(k, n)) return 0;
    Entry **pp = &table[hash(k, n)];
    while (*pp) {
        Entry *e = *pp;
        if (e->klen == n && memcmp(e->key, k, n) == 0) {
            *pp = e->next;
            free_entry(e);
            return 1;
        }
        pp = &e->next;
    }
    return 0;
}

static void set(const char *k, size_t kn, const char *v, size_t vn, long long deadline) {
    Entry *e = find(k, kn);
    if (!e) {
        e = calloc(1, sizeof *e);
        e->key = malloc(kn + 1);
        memcpy(e->key, k, kn);
        e->key[kn] = 0;
        e->klen = kn;
        unsigned h = hash(k, kn);
        e->next = table[h];
        table[h] = e;
    } else {
        free(e->val);
    }
    e->val = malloc(vn + 1);
    memcpy(e->val, v, vn);
    e->val[vn] = 0;
    e->vlen = vn;
    e->deadline = deadline;
}

static int parse_ll(const char *s, size_t n, long long *out) {
    if (n == 0 || n > 20) return 0;
    char tmp[32];
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *end;
    errno = 0;
    long long v = strtoll(tmp, &end, 10);
    if (*end || errno || isspace((unsigned char)tmp[0])) return 0;
    *out = v;
    return 1;
}

static int is(const char *a, size_t n, const char *name) { return strlen(name) == n && strncasecmp(a, name, n) == 0; }

static void execute(int argc, char **argv, size_t *alen, Buf *out) {
    const char *cmd = argv[0];
    size_t cn = alen[0];
    if (is(cmd, cn, "PING") && argc == 1) {
        buf_str(out, "+PONG\r\n");
    } else if (is(cmd, cn, "ECHO") && argc == 2) {
        buf_bulk(out, argv[1], alen[1]);
    } else if (is(cmd, cn, "SET") && argc >= 3) {
        long long deadline = 0;
        for (int i = 3; i < argc; i += 2) {
            long long n;
            int px = is(argv[i], alen[i], "PX"), ex = is(argv[i], alen[i], "EX");
            if ((!px && !ex) || i + 1 >= argc) {
                buf_str(out, "-ERR syntax error\r\n");
                return;
            }
            if (!parse_ll(argv[i + 1], alen[i + 1], &n) || n < 0) {
                buf_str(out, "-ERR value is not an integer or out of range\r\n");
                return;
            }
            deadline = now_ms() + (ex ? n * 1000 : n);
        }
        set(argv[1], alen[1], argv[2], alen[2], deadline);
        buf_str(out, "+OK\r\n");
    } else if (is(cmd, cn, "GET") && argc == 2) {
        Entry *e = find(argv[1], alen[1]);
        if (e) buf_bulk(out, e->val, e->vlen);
        else buf_str(out, "$-1\r\n");
    } else if (is(cmd, cn, "INCR") && argc == 2) {
        Entry *e = find(argv[1], alen[1]);
        long long n = 0;
        if (e && (!parse_ll(e->val, e->vlen, &n) || n == 9223372036854775807LL)) {
            buf_str(out, "-ERR value is not an integer or out of range\r\n");
            return;
        }
        n++;
        char tmp[32];
        int k = snprintf(tmp, sizeof tmp, "%lld", n);
        set(argv[1], alen[1], tmp, (size_t)k, e ? e->deadline : 0);
        buf_fmt(out, ":%lld\r\n", n);
    } else if (is(cmd, cn, "DEL") && argc >= 2) {
        long long n = 0;
        for (int i = 1; i < argc; i++) n += del(argv[i], alen[i]);
        buf_fmt(out, ":%lld\r\n", n);
    } else if (is(cmd, cn, "EXISTS") && argc >= 2) {
        long long n = 0;
        for (int i = 1; i < argc; i++) n += find(argv[i], alen[i]) != NULL;
        buf_fmt(out, ":%lld\r\n", n);
    } else if (is(cmd, cn, "KEYS") && argc == 2) {
        Buf items = {0};
        long long count = 0;
        for (int b = 0; b < BUCKETS; b++) {
            for (Entry *e = table[b], *next; e; e = next) {
                next = e->next;
                if (!find(e->key, e->klen)) continue; /* expired: find removed it */
                if (fnmatch(argv[1], e->key, 0) == 0) {
                    buf_bulk(&items, e->key, e->klen);
                    count++;
                }
            }
        }
        buf_fmt(out, "*%lld\r\n", count);
        if (items.len) buf_put(out, items.data, items.len);
        free(items.data);
    } else if (is(cmd, cn, "TYPE") && argc == 2) {
        buf_str(out, find(argv[1], alen[1]) ? "+string\r\n" : "+none\r\n");
    } else {
        buf_str(out, "-ERR unknown command\r\n");
    }
}

/* Parses one command at in[0..len): bytes used, 0 if incomplete, -1 on a protocol error.
   Arguments are NUL-terminated in place (the \r after each payload is overwritten). */
static long parse(char *in, size_t len, int *argc, char **argv, size_t *alen) {
    char *end = in + len;
    if (len == 0) return 0;
    if (in[0] != '*') return -1;
    char *nl = memchr(in, '\n', len);
    if (!nl) return 0;
    long n = strtol(in + 1, NULL, 10);
    if (n < 1 || n > MAX_ARGS) return -1;
    char *p = nl + 1;
    for (long i = 0; i < n; i++) {
        if (p >= end) return 0;
        if (*p != '$') return -1;
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return 0;
        long l = strtol(p + 1, NULL, 10);
        if (l < 0) return -1;
        p = nl + 1;
        if (end - p < l + 2) return 0;
        argv[i] = p;
        alen[i] = (size_t)l;
        p += l + 2;
    }
    for (long i = 0; i < n; i++) argv[i][alen[i]] = 0;
    *argc = (int)n;
    return p - in;
}

typedef struct {
    Buf in;
} Client;

int main(void) {
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(6379), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 128) < 0) {
        perror("bind/listen 6379");
        return 1;
    }
    static struct pollfd fds[MAX_CLIENTS + 1];
    static Client clients[MAX_CLIENTS + 1];
    int nfds = 1;
    fds[0] = (struct pollfd){.fd = ls, .events = POLLIN};
    static char chunk[65536];
    Buf out = {0};
    for (;;) {
        if (poll(fds, (nfds_t)nfds, -1) < 0) continue;
        if (fds[0].revents & POLLIN) {
            int c = accept(ls, NULL, NULL);
            if (c >= 0 && nfds <= MAX_CLIENTS) {
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                fds[nfds] = (struct pollfd){.fd = c, .events = POLLIN};
                clients[nfds] = (Client){0};
                nfds++;
            } else if (c >= 0) {
                close(c);
            }
        }
        for (int i = 1; i < nfds; i++) {
            if (!fds[i].revents) continue;
            Client *cl = &clients[i];
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            int closing = n <= 0;
            if (!closing) {
                buf_put(&cl->in, chunk, (size_t)n);
                out.len = 0;
                size_t at = 0;
                for (;;) {
                    int argc;
                    char *argv[MAX_ARGS];
                    size_t alen[MAX_ARGS];
                    long used = parse(cl->in.data + at, cl->in.len - at, &argc, argv, alen);
                    if (used < 0) closing = 1;
                    if (used <= 0) break;
                    at += (size_t)used;
                    execute(argc, argv, alen, &out);
                }
                memmove(cl->in.data, cl->in.data + at, cl->in.len - at);
                cl->in.len -= at;
                for (size_t sent = 0; sent < out.len;) {
                    ssize_t w = write(fds[i].fd, out.data + sent, out.len - sent);
                    if (w < 0 && errno == EINTR) continue;
                    if (w <= 0) {
                        closing = 1;
                        break;
                    }
                    sent += (size_t)w;
                }
            }
            if (closing) {
                close(fds[i].fd);
                free(cl->in.data);
                fds[i] = fds[nfds - 1];
                clients[i] = clients[nfds - 1];
                nfds--;
                i--;
            }
        }
    }
}
