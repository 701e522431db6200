/* Source text to tokens, on demand. An error comes back as a T_ERROR token whose text is the message. */
#include <string.h>

#include "lox.h"

static struct {
  const char *start, *current;
  int line;
} sc;

void initScanner(const char *source) {
  sc.start = sc.current = source;
  sc.line = 1;
}

static bool atEnd(void) { return *sc.current == '\0'; }
static bool isDigit(char c) { return c >= '0' && c <= '9'; }
static bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static char advance(void) { return *sc.current++; }
static char peek(void) { return *sc.current; }
static char peekNext(void) { return atEnd() ? '\0' : sc.current[1]; }

static bool match(char c) {
  if (atEnd() || *sc.current != c) return false;
  sc.current++;
  return true;
}

static Token make(TokenType t) {
  return (Token){t, sc.start, (int)(sc.current - sc.start), sc.line};
}

static Token errorToken(const char *message) {
  return (Token){T_ERROR, message, (int)strlen(message), sc.line};
}

static void skipSpace(void) {
  for (;;) {
    char c = peek();
    if (c == ' ' || c == '\r' || c == '\t') advance();
    else if (c == '\n') {
      sc.line++;
      advance();
    } else if (c == '/' && peekNext() == '/') {
      while (peek() != '\n' && !atEnd()) advance();
    } else return;
  }
}

static const struct {
  const char *word;
  TokenType type;
} keywords[] = {
  {"and", T_AND}, {"class", T_CLASS}, {"else", T_ELSE}, {"false", T_FALSE}, {"for", T_FOR},
  {"fun", T_FUN}, {"if", T_IF}, {"nil", T_NIL}, {"or", T_OR}, {"print", T_PRINT},
  {"return", T_RETURN}, {"super", T_SUPER}, {"this", T_THIS}, {"true", T_TRUE}, {"var", T_VAR},
  {"while", T_WHILE},
};

static TokenType identifierType(void) {
  int len = (int)(sc.current - sc.start);
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
    if ((int)strlen(keywords[i].word) == len && memcmp(keywords[i].word, sc.start, len) == 0) return keywords[i].type;
  }
  return T_IDENTIFIER;
}

Token scanToken(void) {
  skipSpace();
  sc.start = sc.current;
  if (atEnd()) return make(T_EOF);
  char c = advance();
  if (isAlpha(c)) {
    while (isAlpha(peek()) || isDigit(peek())) advance();
    return make(identifierType());
  }
  if (isDigit(c)) {
    while (isDigit(peek())) advance();
    if (peek() == '.' && isDigit(peekNext())) {
      advance();
      while (isDigit(peek())) advance();
    }
    return make(T_NUMBER);
  }
  switch (c) {
  case '(': return make(T_LEFT_PAREN);
  case ')': return make(T_RIGHT_PAREN);
  case '{': return make(T_LEFT_BRACE);
  case '}': return make(T_RIGHT_BRACE);
  case ';': return make(T_SEMICOLON);
  case ',': return make(T_COMMA);
  case '.': return make(T_DOT);
  case '-': return make(T_MINUS);
  case '+': return make(T_PLUS);
  case '/': return make(T_SLASH);
  case '*': return make(T_STAR);
  case '!': return make(match('=') ? T_BANG_EQUAL : T_BANG);
  case '=': return make(match('=') ? T_EQUAL_EQUAL : T_EQUAL);
  case '<': return make(match('=') ? T_LESS_EQUAL : T_LESS);
  case '>': return make(match('=') ? T_GREATER_EQUAL : T_GREATER);
  case '|':
    if (match('>')) return make(T_PIPE_GREATER);
    break;
  case '"': {
    int first = sc.line;
    while (peek() != '"' && !atEnd()) {
      if (peek() == '\n') sc.line++;
      advance();
    }
    if (atEnd()) return errorToken("Unterminated string.");
    advance();
    Token t = make(T_STRING);
    t.line = first;
    return t;
  }
  }
  return errorToken("Unexpected character.");
}

const char *tokenName(TokenType t) {
  static const char *names[] = {
    "LEFT_PAREN", "RIGHT_PAREN", "LEFT_BRACE", "RIGHT_BRACE", "COMMA", "DOT", "MINUS", "PLUS",
    "SEMICOLON", "SLASH", "STAR", "BANG", "BANG_EQUAL", "EQUAL", "EQUAL_EQUAL", "GREATER",
    "GREATER_EQUAL", "LESS", "LESS_EQUAL", "PIPE_GREATER", "IDENTIFIER", "STRING", "NUMBER",
    "AND", "CLASS", "ELSE", "FALSE", "FOR", "FUN", "IF", "NIL", "OR", "PRINT", "RETURN",
    "SUPER", "THIS", "TRUE", "VAR", "WHILE", "ERROR", "EOF",
  };
  return names[t];
}
