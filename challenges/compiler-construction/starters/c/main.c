/* Welcome to the Compiler Construction jam! Push this repository to run the tests.
 *
 * Your program is a Lox interpreter driven by subcommands:
 *     ./your_program tokenize FILE      stage 1: print the tokens of FILE
 *     ./your_program parse FILE         stage 2: print the tree of one expression
 *     ./your_program evaluate FILE      stage 3: print the value of one expression
 *     ./your_program run FILE           stages 4-8: run a program
 * Stage 1 is `tokenize`: read its page, then fill in tokenize() below. Add .c files as you
 * like: the build compiles every one of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(74);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *buf = malloc(n + 1);
  buf[fread(buf, 1, n, f)] = '\0';
  fclose(f);
  return buf;
}

static int tokenize(const char *source) {
  (void)source;
  /* TODO: print one line per token, "<line> <TYPE> <lexeme> <literal>", ending with EOF;
   * report bad characters on stderr as "[line N] Error: Unexpected character." and exit 65. */
  fprintf(stderr, "tokenize: not implemented yet\n");
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: ./your_program tokenize|parse|evaluate|run FILE\n");
    return 64;
  }
  char *source = read_file(argv[2]);
  if (strcmp(argv[1], "tokenize") == 0) return tokenize(source);
  fprintf(stderr, "%s: not implemented yet\n", argv[1]);
  return 1;
}
