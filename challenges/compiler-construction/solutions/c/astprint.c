/* `parse`: a small recursive descent parser for one expression that prints the tree in the
 * parenthesised prefix form. (The compiler is single-pass and builds no tree.) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lox.h"

static Token cur, prev;
static bool hadError;
static bool panic;

static char *fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  char *s = malloc(n + 1);
  va_start(ap, f);
  vsnprintf(s, n + 1, f, ap);
  va_end(ap);
  return s;
}

static void errorAt(Token *t, const char *message) {
  if (panic) return;
  panic = true;
  hadError = true;
  fprintf(stderr, "[line %d] Error", t->line);
  if (t->type == T_EOF) fprintf(stderr, " at end");
  else if (t->type != T_ERROR) fprintf(stderr, " at '%.*s'", t->length, t->start);
  fprintf(stderr, ": %s\n", message);
}

static void advance(void) {
  prev = cur;
  for (;;) {
    cur = scanToken();
    if (cur.type != T_ERROR) break;
    errorAt(&cur, cur.start);
  }
}

static bool match(TokenType t) {
  if (cur.type != t) return false;
  advance();
  return true;
}

static char *expression(void);

static char *primary(void) {
  if (match(T_FALSE)) return fmt("false");
  if (match(T_TRUE)) return fmt("true");
  if (match(T_NIL)) return fmt("nil");
  if (match(T_NUMBER)) {
    char buf[64];
    formatLiteral(buf, sizeof buf, strtod(prev.start, NULL));
    return fmt("%s", buf);
  }
  if (match(T_STRING)) return fmt("%.*s", prev.length - 2, prev.start + 1);
  if (match(T_IDENTIFIER)) return fmt("%.*s", prev.length, prev.start);
  if (match(T_LEFT_PAREN)) {
    char *e = expression();
    if (!match(T_RIGHT_PAREN)) errorAt(&cur, "Expect ')' after expression.");
    return fmt("(group %s)", e);
  }
  errorAt(&cur, "Expect expression.");
  return fmt("");
}

static char *unary(void) {
  if (cur.type == T_BANG || cur.type == T_MINUS) {
    advance();
    char op = prev.start[0];
    return fmt("(%c %s)", op, unary());
  }
  return primary();
}

typedef char *(*Level)(void);

static char *binary(Level next, const TokenType *ops, int n) {
  char *left = next();
  for (;;) {
    bool found = false;
    for (int i = 0; i < n; i++) found = found || cur.type == ops[i];
    if (!found || hadError) return left;
    advance();
    Token op = prev;
    char *right = next();
    left = fmt("(%.*s %s %s)", op.length, op.start, left, right);
  }
}

static char *factor(void) { return binary(unary, (TokenType[]){T_STAR, T_SLASH}, 2); }
static char *term(void) { return binary(factor, (TokenType[]){T_PLUS, T_MINUS}, 2); }
static char *comparison(void) { return binary(term, (TokenType[]){T_LESS, T_LESS_EQUAL, T_GREATER, T_GREATER_EQUAL}, 4); }
static char *equality(void) { return binary(comparison, (TokenType[]){T_EQUAL_EQUAL, T_BANG_EQUAL}, 2); }
static char *expression(void) { return equality(); }

int printAst(const char *source) {
  initScanner(source);
  hadError = panic = false;
  advance();
  char *tree = expression();
  if (!hadError && cur.type != T_EOF) errorAt(&cur, "Expect end of expression.");
  if (hadError) return 65;
  printf("%s\n", tree);
  return 0;
}
