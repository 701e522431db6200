/* ./your_program tokenize|parse|evaluate|run|disassemble FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lox.h"

static char *readFile(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "could not open %s\n", path);
    exit(74);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char *buf = malloc(n + 1);
  size_t got = fread(buf, 1, n, f);
  buf[got] = '\0';
  fclose(f);
  return buf;
}

static int tokenize(const char *source) {
  initScanner(source);
  int status = 0;
  for (;;) {
    Token t = scanToken();
    if (t.type == T_ERROR) {
      fflush(stdout);
      fprintf(stderr, "[line %d] Error: %.*s\n", t.line, t.length, t.start);
      status = 65;
      continue;
    }
    printf("%d %s %.*s ", t.line, tokenName(t.type), t.length, t.start);
    if (t.type == T_STRING) printf("%.*s\n", t.length - 2, t.start + 1);
    else if (t.type == T_NUMBER) {
      char buf[64];
      formatLiteral(buf, sizeof buf, strtod(t.start, NULL));
      printf("%s\n", buf);
    } else printf("null\n");
    if (t.type == T_EOF) break;
  }
  return status;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s tokenize|parse|evaluate|run|disassemble FILE\n", argv[0]);
    return 64;
  }
  const char *cmd = argv[1];
  char *source = readFile(argv[2]);
  if (strcmp(cmd, "tokenize") == 0) return tokenize(source);
  if (strcmp(cmd, "parse") == 0) return printAst(source);
  initVM();
  if (strcmp(cmd, "evaluate") == 0 || strcmp(cmd, "run") == 0 || strcmp(cmd, "disassemble") == 0) {
    ObjFunction *f = compile(source, strcmp(cmd, "evaluate") == 0 ? COMPILE_EXPRESSION : COMPILE_PROGRAM);
    if (!f) return 65;
    if (strcmp(cmd, "disassemble") == 0) {
      disassembleFunction(f);
      return 0;
    }
    return runFunction(f) == INTERPRET_OK ? 0 : 70;
  }
  fprintf(stderr, "unknown command: %s\n", cmd);
  return 64;
}
