// The program the vm tests run in the guest: one behaviour per first argument.
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "hello";
  if (strcmp(mode, "hello") == 0) {
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
