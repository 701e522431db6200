// Reference solution of the unix-jam track: `app <utility> [args…]` behaves like GNU cat, wc,
// head, tail, sort, uniq, grep and cut (in the C locale: bytes), and `app node` is a node of
// the distributed stages (one JSON message per line on stdin and stdout, parsed by hand).
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *prog;
typedef struct { char *p; size_t n; } Buf;
typedef struct { const char *p; size_t n; size_t idx; } Line;

// Reads a whole file ("-" is stdin); prints the error and returns 0 when it cannot.
static int slurp(const char *name, Buf *b) {
    FILE *f = strcmp(name, "-") ? fopen(name, "rb") : stdin;
    if (!f) { fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno)); return 0; }
    size_t cap = 65536; b->n = 0; b->p = malloc(cap);
    size_t r;
    while ((r = fread(b->p + b->n, 1, cap - b->n, f)) > 0) {
        b->n += r;
        if (b->n == cap) b->p = realloc(b->p, cap *= 2);
    }
    if (f != stdin) fclose(f);
    return 1;
}

// Splits into lines without their \n (a last line without \n counts).
static size_t split(Buf b, Line **out, size_t have) {
    size_t n = have;
    for (size_t i = 0; i < b.n;) {
        char *nl = memchr(b.p + i, '\n', b.n - i);
        size_t e = nl ? (size_t)(nl - b.p) : b.n;
        *out = realloc(*out, (n + 1) * sizeof(Line));
        (*out)[n] = (Line){b.p + i, e - i, n};
        n++;
        i = e + 1;
    }
    return n;
}

// Options before the operands: -n, -n5, -n 5, -lw. opt[c] is "1" or the value.
static const char *opt[128];
static int getopts(int argc, char **argv, const char *flags, const char *valued) {
    int i = 0;
    while (i < argc && argv[i][0] == '-' && argv[i][1]) {
        char *a = argv[i++];
        if (!strcmp(a, "--")) break;
        for (int j = 1; a[j]; j++) {
            if (strchr(valued, a[j])) { opt[(int)a[j]] = a[j + 1] ? a + j + 1 : argv[i++]; break; }
            if (!strchr(flags, a[j])) { fprintf(stderr, "%s: unknown option -%c\n", prog, a[j]); exit(2); }
            opt[(int)a[j]] = "1";
        }
    }
    return i;
}

static int cat(int argc, char **argv) {
    int k = getopts(argc, argv, "n", ""), st = 0, start = 1;
    long n = 0;
    char *dash[] = {"-"};
    if (k == argc) { argv = dash; k = 0; argc = 1; }
    for (; k < argc; k++) {
        Buf b;
        if (!slurp(argv[k], &b)) { st = 1; continue; }
        if (!opt['n']) fwrite(b.p, 1, b.n, stdout);
        else for (size_t i = 0; i < b.n; i++) {
            if (start) printf("%6ld\t", ++n);
            putchar(b.p[i]);
            start = b.p[i] == '\n';
        }
        free(b.p);
    }
    return st;
}

static int wc(int argc, char **argv) {
    int k = getopts(argc, argv, "lwc", "");
    int show[3] = {opt['l'] != 0, opt['w'] != 0, opt['c'] != 0};
    if (!show[0] && !show[1] && !show[2]) show[0] = show[1] = show[2] = 1;
    int nshow = show[0] + show[1] + show[2], nfiles = argc - k, width = 1;
    char **names = argv + k;
    if (nfiles == 0) { static char *none[] = {NULL}; names = none; nfiles = 1; }
    if (!(nshow == 1 && nfiles == 1)) {
        long long total = 0; int min = 1, firstok = 1;
        for (int i = 0; i < nfiles; i++) {
            struct stat s;
            int ok = names[i] && strcmp(names[i], "-") ? stat(names[i], &s) == 0 : fstat(0, &s) == 0;
            if (!ok) { if (i == 0) firstok = 0; continue; }
            if (S_ISREG(s.st_mode)) total += s.st_size; else min = 7;
        }
        if (firstok) { width = snprintf(NULL, 0, "%lld", total); if (width < min) width = min; }
    }
    long long tot[3] = {0, 0, 0};
    int st = 0;
    for (int i = 0; i <= nfiles; i++) {
        long long c[3] = {0, 0, 0};
        const char *label = i < nfiles ? names[i] : "total";
        if (i == nfiles) { if (nfiles < 2) break; memcpy(c, tot, sizeof c); }
        else {
            Buf b;
            if (!slurp(names[i] ? names[i] : "-", &b)) { st = 1; continue; }
            int in = 0;
            for (size_t j = 0; j < b.n; j++) {
                unsigned char ch = b.p[j];
                if (ch == '\n') c[0]++;
                if (ch == ' ' || (ch >= '\t' && ch <= '\r')) in = 0;
                else if (ch > 0x20 && ch < 0x7f && !in) { in = 1; c[1]++; }
            }
            c[2] = b.n;
            for (int j = 0; j < 3; j++) tot[j] += c[j];
            free(b.p);
        }
        const char *sep = "";
        for (int j = 0; j < 3; j++) if (show[j]) { printf("%s%*lld", sep, width, c[j]); sep = " "; }
        if (label) printf(" %s", label);
        putchar('\n');
    }
    return st;
}

static int headtail(int argc, char **argv, int tail) {
    int k = getopts(argc, argv, "", "n");
    long n = opt['n'] ? atol(opt['n']) : 10;
    Buf b;
    if (!slurp(k < argc ? argv[k] : "-", &b)) return 1;
    Line *ls = NULL;
    size_t m = split(b, &ls, 0);
    size_t from = tail ? (m > (size_t)n ? m - n : 0) : 0, to = tail ? m : (m < (size_t)n ? m : (size_t)n);
    if (from < to) fwrite(ls[from].p, 1, (ls[to - 1].p + ls[to - 1].n + (ls[to - 1].p + ls[to - 1].n < b.p + b.n)) - ls[from].p, stdout);
    return 0;
}

static int bytecmp(const Line *a, const Line *b) {
    size_t n = a->n < b->n ? a->n : b->n;
    int c = memcmp(a->p, b->p, n);
    return c ? c : (a->n > b->n) - (a->n < b->n);
}
static long long numkey(const Line *l) {
    size_t i = 0;
    while (i < l->n && (l->p[i] == ' ' || l->p[i] == '\t')) i++;
    int neg = i < l->n && l->p[i] == '-';
    long long v = 0;
    for (i += neg; i < l->n && isdigit((unsigned char)l->p[i]); i++) v = v * 10 + (l->p[i] - '0');
    return neg ? -v : v;
}
static int keycmp(const Line *a, const Line *b) {
    if (!opt['n']) return bytecmp(a, b);
    long long x = numkey(a), y = numkey(b);
    return (x > y) - (x < y);
}
static int sortcmp(const void *pa, const void *pb) {
    const Line *a = pa, *b = pb;
    int sign = opt['r'] ? -1 : 1, c = keycmp(a, b);
    if (c) return sign * c;
    if (!opt['s'] && !opt['u'] && (c = bytecmp(a, b))) return sign * c;
    return (a->idx > b->idx) - (a->idx < b->idx);
}
static int sort(int argc, char **argv) {
    int k = getopts(argc, argv, "nrus", "");
    char *dash[] = {"-"};
    if (k == argc) { argv = dash; k = 0; argc = 1; }
    Line *ls = NULL;
    size_t m = 0;
    for (; k < argc; k++) {
        Buf b;
        if (!slurp(argv[k], &b)) return 2;
        m = split(b, &ls, m);
    }
    qsort(ls, m, sizeof(Line), sortcmp);
    for (size_t i = 0; i < m; i++) {
        if (opt['u'] && i > 0 && keycmp(&ls[i - 1], &ls[i]) == 0) continue;
        fwrite(ls[i].p, 1, ls[i].n, stdout);
        putchar('\n');
    }
    return 0;
}

static int uniq(int argc, char **argv) {
    int k = getopts(argc, argv, "cd", "");
    Buf b;
    if (!slurp(k < argc ? argv[k] : "-", &b)) return 1;
    Line *ls = NULL;
    size_t m = split(b, &ls, 0);
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i; j < m && bytecmp(&ls[i], &ls[j]) == 0; j++) {}
        if (opt['d'] && j - i < 2) continue;
        if (opt['c']) printf("%7zu ", j - i);
        fwrite(ls[i].p, 1, ls[i].n, stdout);
        putchar('\n');
    }
    return 0;
}

static int grep(int argc, char **argv) {
    int k = getopts(argc, argv, "Fivnc", "");
    if (k >= argc) { fprintf(stderr, "usage: grep [-Fivnc] PATTERN [FILE...]\n"); return 2; }
    const char *pat = argv[k++];
    size_t plen = strlen(pat);
    regex_t re;
    if (!opt['F'] && regcomp(&re, pat, REG_NOSUB | (opt['i'] ? REG_ICASE : 0))) {
        fprintf(stderr, "grep: bad pattern\n");
        return 2;
    }
    char *dash[] = {"-"};
    char **files = argv + k;
    int nf = argc - k, err = 0, found = 0;
    if (nf == 0) { files = dash; nf = 1; }
    for (int f = 0; f < nf; f++) {
        Buf b;
        if (!slurp(files[f], &b)) { err = 1; continue; }
        Line *ls = NULL;
        size_t m = split(b, &ls, 0), count = 0;
        const char *label = strcmp(files[f], "-") ? files[f] : "(standard input)";
        for (size_t i = 0; i < m; i++) {
            char *s = strndup(ls[i].p, ls[i].n);
            int hit = 0;
            if (!opt['F']) hit = regexec(&re, s, 0, NULL, 0) == 0;
            else for (size_t j = 0; !hit && j + plen <= ls[i].n; j++) {
                size_t q = 0;
                while (q < plen && (opt['i'] ? tolower((unsigned char)s[j + q]) == tolower((unsigned char)pat[q]) : s[j + q] == pat[q])) q++;
                hit = q == plen;
            }
            free(s);
            if (hit == !opt['v']) {
                count++;
                if (opt['c']) continue;
                if (nf > 1) printf("%s:", label);
                if (opt['n']) printf("%zu:", i + 1);
                fwrite(ls[i].p, 1, ls[i].n, stdout);
                putchar('\n');
            }
        }
        if (opt['c']) { if (nf > 1) printf("%s:", label); printf("%zu\n", count); }
        if (count) found = 1;
        free(ls);
        free(b.p);
    }
    return err ? 2 : found ? 0 : 1;
}

static int cut(int argc, char **argv) {
    int k = getopts(argc, argv, "", "df"), st = 0, nr = 0;
    char d = opt['d'] ? opt['d'][0] : '\t';
    long lo[64], hi[64];
    for (const char *p = opt['f'] ? opt['f'] : "1"; *p && nr < 64; nr++) {
        char *e;
        lo[nr] = isdigit((unsigned char)*p) ? strtol(p, &e, 10) : 1;
        if (!isdigit((unsigned char)*p)) e = (char *)p;
        hi[nr] = lo[nr];
        if (*e == '-') { e++; hi[nr] = isdigit((unsigned char)*e) ? strtol(e, &e, 10) : 1L << 40; }
        p = *e == ',' ? e + 1 : e;
    }
    char *dash[] = {"-"};
    if (k == argc) { argv = dash; k = 0; argc = 1; }
    for (; k < argc; k++) {
        Buf b;
        if (!slurp(argv[k], &b)) { st = 1; continue; }
        Line *ls = NULL;
        size_t m = split(b, &ls, 0);
        for (size_t i = 0; i < m; i++) {
            const char *p = ls[i].p, *end = p + ls[i].n;
            if (!memchr(p, d, ls[i].n)) { fwrite(p, 1, ls[i].n, stdout); putchar('\n'); continue; }
            int first = 1;
            for (long f = 1; p <= end; f++) {
                const char *q = memchr(p, d, end - p);
                if (!q) q = end;
                int sel = 0;
                for (int r = 0; r < nr; r++) sel |= f >= lo[r] && f <= hi[r];
                if (sel) { if (!first) putchar(d); fwrite(p, 1, q - p, stdout); first = 0; }
                p = q + 1;
            }
            putchar('\n');
        }
    }
    return st;
}

// ---- node: JSON by hand for the few shapes of the protocol ----
static const char *skip(const char *s) {  // past one JSON value
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++) if (*s == '\\' && s[1]) s++;
        return *s ? s + 1 : s;
    }
    if (*s == '[' || *s == '{') {
        int depth = 0;
        do {
            if (*s == '"') { s = skip(s); continue; }
            if (*s == '[' || *s == '{') depth++;
            if (*s == ']' || *s == '}') depth--;
            s++;
        } while (*s && depth > 0);
        return s;
    }
    while (*s && *s != ',' && *s != '}' && *s != ']') s++;
    return s;
}
static const char *find(const char *s, const char *key) {  // the value of "key":
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(s, pat);
    return p ? p + strlen(pat) : NULL;
}
static void raw(const char *v, char *out, size_t cap) {  // the value's text
    size_t n = v ? (size_t)(skip(v) - v) : 0;
    if (n >= cap) n = cap - 1;
    memcpy(out, v ? v : "", n);
    out[n] = 0;
}
static void str(const char *v, char *out, size_t cap) {  // a simple string without escapes
    raw(v, out, cap);
    size_t n = strlen(out);
    if (n >= 2) { memmove(out, out + 1, n - 2); out[n - 2] = 0; }
}

#define MAXN 16
#define MAXV 8192
static char me[32], ids[MAXN][32];
static int nids, values[MAXV], nvalues;
static unsigned char known[MAXN][MAXV];

static int value_index(int v, int add) {
    for (int i = 0; i < nvalues; i++) if (values[i] == v) return i;
    if (!add || nvalues == MAXV) return -1;
    values[nvalues] = v;
    return nvalues++;
}
static int peer(const char *id) {
    for (int i = 0; i < nids; i++) if (!strcmp(ids[i], id)) return i;
    return -1;
}
// Adds every number of a JSON array; marks them known by peer p (if p >= 0).
static void take(const char *arr, int p) {
    if (!arr || *arr != '[') return;
    for (const char *s = arr + 1; *s && *s != ']';) {
        char *e;
        long v = strtol(s, &e, 10);
        if (e == s) { s++; continue; }
        int i = value_index((int)v, 1);
        if (p >= 0 && i >= 0) known[p][i] = 1;
        s = e;
    }
}
static void send_gossip(void) {
    for (int p = 0; p < nids; p++) {
        if (!strcmp(ids[p], me)) continue;
        int any = 0;
        for (int i = 0; i < nvalues; i++) {
            if (known[p][i]) continue;
            if (!any) printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{\"type\":\"gossip\",\"messages\":[", me, ids[p]);
            printf(any ? ",%d" : "%d", values[i]);
            any = 1;
        }
        if (any) printf("]}}\n");
    }
    fflush(stdout);
}
static void handle(const char *line) {
    char src[64], type[32], idraw[32], tmp[4096];
    str(find(line, "src"), src, sizeof src);
    const char *body = find(line, "body");
    if (!body) return;
    str(find(body, "type"), type, sizeof type);
    raw(find(body, "msg_id"), idraw, sizeof idraw);
    const char *msgs = find(body, "messages");
    if (!strcmp(type, "gossip") || !strcmp(type, "gossip_ok")) {
        take(msgs, peer(src));
        if (!strcmp(type, "gossip")) {
            printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{\"type\":\"gossip_ok\",\"messages\":", me, src);
            fwrite(msgs, 1, skip(msgs) - msgs, stdout);
            printf("}}\n");
        }
        fflush(stdout);
        return;
    }
    if (!strcmp(type, "init")) {
        str(find(body, "node_id"), me, sizeof me);
        const char *a = find(body, "node_ids");
        for (const char *s = a ? a + 1 : ""; *s == '"' && nids < MAXN; s = skip(s), s += *s == ',')
            str(s, ids[nids++], 32);
    }
    printf("{\"src\":\"%s\",\"dest\":\"%s\",\"body\":{\"in_reply_to\":%s,", me, src, idraw);
    if (!strcmp(type, "init")) {
        printf("\"type\":\"init_ok\"}}\n");
    } else if (!strcmp(type, "echo")) {
        raw(find(body, "echo"), tmp, sizeof tmp);
        printf("\"type\":\"echo_ok\",\"echo\":%s}}\n", tmp);
    } else if (!strcmp(type, "generate")) {
        static long counter;
        printf("\"type\":\"generate_ok\",\"id\":\"%s-%ld\"}}\n", me, ++counter);
    } else if (!strcmp(type, "topology")) {
        printf("\"type\":\"topology_ok\"}}\n");
    } else if (!strcmp(type, "broadcast")) {
        value_index(atoi(find(body, "message")), 1);
        printf("\"type\":\"broadcast_ok\"}}\n");
    } else if (!strcmp(type, "read")) {
        printf("\"type\":\"read_ok\",\"messages\":[");
        for (int i = 0; i < nvalues; i++) printf(i ? ",%d" : "%d", values[i]);
        printf("]}}\n");
    } else {
        printf("\"type\":\"error\",\"code\":10,\"text\":\"unsupported\"}}\n");
    }
    fflush(stdout);
}

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}
static int node(void) {
    static char buf[1 << 20];
    size_t have = 0;
    long long next = now_ms() + 100;
    for (;;) {
        struct pollfd pfd = {0, POLLIN, 0};
        long long wait = next - now_ms();
        if (poll(&pfd, 1, wait < 0 ? 0 : (int)wait) > 0) {
            ssize_t r = read(0, buf + have, sizeof buf - 1 - have);
            if (r <= 0) return 0;
            have += r;
            char *start = buf, *nl;
            while ((nl = memchr(start, '\n', buf + have - start))) {
                *nl = 0;
                handle(start);
                start = nl + 1;
            }
            have -= start - buf;
            memmove(buf, start, have);
        }
        if (now_ms() >= next) { send_gossip(); next = now_ms() + 100; }
    }
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: app <cat|wc|head|tail|sort|uniq|grep|cut|node> [args...]\n"); return 2; }
    prog = argv[1];
    int n = argc - 2;
    char **a = argv + 2;
    if (!strcmp(prog, "cat")) return cat(n, a);
    if (!strcmp(prog, "wc")) return wc(n, a);
    if (!strcmp(prog, "head")) return headtail(n, a, 0);
    if (!strcmp(prog, "tail")) return headtail(n, a, 1);
    if (!strcmp(prog, "sort")) return sort(n, a);
    if (!strcmp(prog, "uniq")) return uniq(n, a);
    if (!strcmp(prog, "grep")) return grep(n, a);
    if (!strcmp(prog, "cut")) return cut(n, a);
    if (!strcmp(prog, "node")) return node();
    fprintf(stderr, "unknown utility %s\n", prog);
    return 2;
}
