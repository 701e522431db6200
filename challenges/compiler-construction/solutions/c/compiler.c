/* Single-pass compiler: a Pratt parser that emits bytecode as it reads, resolving locals and
 * upvalues on the way (so the resolver's errors are reported here too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lox.h"

typedef struct {
  Token current, previous;
  bool hadError, panicMode;
} Parser;

typedef enum {
  PREC_NONE, PREC_ASSIGNMENT, PREC_PIPE, PREC_OR, PREC_AND, PREC_EQUALITY, PREC_COMPARISON,
  PREC_TERM, PREC_FACTOR, PREC_UNARY, PREC_CALL, PREC_PRIMARY
} Precedence;

typedef void (*ParseFn)(bool canAssign);
typedef struct {
  ParseFn prefix, infix;
  Precedence precedence;
} ParseRule;

typedef struct {
  Token name;
  int depth;
  bool captured;
} Local;

typedef struct {
  uint8_t index;
  bool isLocal;
} Upvalue;

typedef enum { TYPE_FUNCTION, TYPE_INITIALIZER, TYPE_METHOD, TYPE_SCRIPT } FunctionType;

typedef struct Compiler {
  struct Compiler *enclosing;
  ObjFunction *function;
  FunctionType type;
  Local locals[256];
  int localCount;
  Upvalue upvalues[256];
  int scopeDepth;
} Compiler;

typedef struct ClassCompiler {
  struct ClassCompiler *enclosing;
  bool hasSuperclass;
} ClassCompiler;

static Parser parser;
/* Where the last call and invoke instructions were emitted: `return f(x);` turns them into tail calls. */
static int lastCallAt = -1, lastInvokeAt = -1;
static Compiler *current = NULL;
static ClassCompiler *currentClass = NULL;

static Chunk *chunk(void) { return &current->function->chunk; }

static void errorAt(Token *t, const char *message) {
  if (parser.panicMode) return;
  parser.panicMode = true;
  parser.hadError = true;
  fprintf(stderr, "[line %d] Error", t->line);
  if (t->type == T_EOF) fprintf(stderr, " at end");
  else if (t->type != T_ERROR) fprintf(stderr, " at '%.*s'", t->length, t->start);
  fprintf(stderr, ": %s\n", message);
}

static void error(const char *m) { errorAt(&parser.previous, m); }
static void errorAtCurrent(const char *m) { errorAt(&parser.current, m); }

static void advance(void) {
  parser.previous = parser.current;
  for (;;) {
    parser.current = scanToken();
    if (parser.current.type != T_ERROR) break;
    errorAtCurrent(parser.current.start);
  }
}

static void consume(TokenType t, const char *m) {
  if (parser.current.type == t) advance();
  else errorAtCurrent(m);
}

static bool check(TokenType t) { return parser.current.type == t; }
static bool match(TokenType t) {
  if (!check(t)) return false;
  advance();
  return true;
}

/* ---- emitting ---- */
static void emitAt(uint8_t b, int line) { writeChunk(chunk(), b, line); }
static void emitByte(uint8_t b) { emitAt(b, parser.previous.line); }
static void emitBytes(uint8_t a, uint8_t b) {
  emitByte(a);
  emitByte(b);
}
static void emitShort(int v) {
  emitByte((v >> 8) & 0xff);
  emitByte(v & 0xff);
}

static int makeConstant(Value v) {
  int c = addConstant(chunk(), v);
  if (c > 65535) {
    error("Too many constants in one chunk.");
    return 0;
  }
  return c;
}

static void emitConstantOp(uint8_t op, Value v) {
  emitByte(op);
  emitShort(makeConstant(v));
}

static int emitJump(uint8_t op) {
  emitByte(op);
  emitByte(0xff);
  emitByte(0xff);
  return chunk()->count - 2;
}

static void patchJump(int at) {
  int jump = chunk()->count - at - 2;
  if (jump > 65535) error("Too much code to jump over.");
  chunk()->code[at] = (jump >> 8) & 0xff;
  chunk()->code[at + 1] = jump & 0xff;
}

static void emitLoop(int start) {
  emitByte(OP_LOOP);
  int offset = chunk()->count - start + 2;
  if (offset > 65535) error("Loop body too large.");
  emitShort(offset);
}

static void emitReturn(void) {
  if (current->type == TYPE_INITIALIZER) emitBytes(OP_GET_LOCAL, 0);
  else emitByte(OP_NIL);
  emitByte(OP_RETURN);
}

static void initCompiler(Compiler *c, FunctionType type) {
  c->enclosing = current;
  c->function = newFunction();
  c->type = type;
  c->localCount = 0;
  c->scopeDepth = 0;
  current = c;
  if (type != TYPE_SCRIPT) current->function->name = copyString(parser.previous.start, parser.previous.length);
  Local *l = &current->locals[current->localCount++];
  l->depth = 0;
  l->captured = false;
  if (type != TYPE_FUNCTION) {
    l->name.start = "this";
    l->name.length = 4;
  } else {
    l->name.start = "";
    l->name.length = 0;
  }
}

static ObjFunction *endCompiler(void) {
  emitReturn();
  ObjFunction *f = current->function;
  current = current->enclosing;
  return f;
}

static void beginScope(void) { current->scopeDepth++; }
static void endScope(void) {
  current->scopeDepth--;
  while (current->localCount > 0 && current->locals[current->localCount - 1].depth > current->scopeDepth) {
    emitByte(current->locals[current->localCount - 1].captured ? OP_CLOSE_UPVALUE : OP_POP);
    current->localCount--;
  }
}

/* ---- variables ---- */
static void expression(void);
static void statement(void);
static void declaration(void);
static ParseRule *getRule(TokenType t);
static void parsePrecedence(Precedence p);

static int identifierConstant(Token *name) { return makeConstant(OBJ_VAL(copyString(name->start, name->length))); }
static bool sameName(Token *a, Token *b) { return a->length == b->length && memcmp(a->start, b->start, a->length) == 0; }

static int resolveLocal(Compiler *c, Token *name) {
  for (int i = c->localCount - 1; i >= 0; i--) {
    Local *l = &c->locals[i];
    if (sameName(name, &l->name)) {
      if (l->depth == -1) error("Can't read local variable in its own initializer.");
      return i;
    }
  }
  return -1;
}

static int addUpvalue(Compiler *c, uint8_t index, bool isLocal) {
  int n = c->function->upvalueCount;
  for (int i = 0; i < n; i++) {
    if (c->upvalues[i].index == index && c->upvalues[i].isLocal == isLocal) return i;
  }
  if (n == 256) {
    error("Too many closure variables in function.");
    return 0;
  }
  c->upvalues[n].isLocal = isLocal;
  c->upvalues[n].index = index;
  return c->function->upvalueCount++;
}

static int resolveUpvalue(Compiler *c, Token *name) {
  if (c->enclosing == NULL) return -1;
  int local = resolveLocal(c->enclosing, name);
  if (local != -1) {
    c->enclosing->locals[local].captured = true;
    return addUpvalue(c, (uint8_t)local, true);
  }
  int up = resolveUpvalue(c->enclosing, name);
  if (up != -1) return addUpvalue(c, (uint8_t)up, false);
  return -1;
}

static void addLocal(Token name) {
  if (current->localCount == 256) {
    error("Too many local variables in function.");
    return;
  }
  Local *l = &current->locals[current->localCount++];
  l->name = name;
  l->depth = -1;
  l->captured = false;
}

static void declareVariable(void) {
  if (current->scopeDepth == 0) return;
  Token *name = &parser.previous;
  for (int i = current->localCount - 1; i >= 0; i--) {
    Local *l = &current->locals[i];
    if (l->depth != -1 && l->depth < current->scopeDepth) break;
    if (sameName(name, &l->name)) error("Already a variable with this name in this scope.");
  }
  addLocal(*name);
}

static int parseVariable(const char *message) {
  consume(T_IDENTIFIER, message);
  declareVariable();
  if (current->scopeDepth > 0) return 0;
  return identifierConstant(&parser.previous);
}

static void markInitialized(void) {
  if (current->scopeDepth == 0) return;
  current->locals[current->localCount - 1].depth = current->scopeDepth;
}

static void defineVariable(int global) {
  if (current->scopeDepth > 0) {
    markInitialized();
    return;
  }
  emitByte(OP_DEFINE_GLOBAL);
  emitShort(global);
}

static void namedVariable(Token name, bool canAssign) {
  uint8_t getOp, setOp;
  int arg = resolveLocal(current, &name);
  bool wide = false;
  if (arg != -1) {
    getOp = OP_GET_LOCAL;
    setOp = OP_SET_LOCAL;
  } else if ((arg = resolveUpvalue(current, &name)) != -1) {
    getOp = OP_GET_UPVALUE;
    setOp = OP_SET_UPVALUE;
  } else {
    arg = identifierConstant(&name);
    getOp = OP_GET_GLOBAL;
    setOp = OP_SET_GLOBAL;
    wide = true;
  }
  uint8_t op = getOp;
  int line = name.line;
  if (canAssign && match(T_EQUAL)) {
    expression();
    op = setOp;
  }
  emitAt(op, line);
  if (wide) {
    emitAt((arg >> 8) & 0xff, line);
    emitAt(arg & 0xff, line);
  } else emitAt((uint8_t)arg, line);
}

static uint8_t argumentList(void) {
  int n = 0;
  if (!check(T_RIGHT_PAREN)) {
    do {
      expression();
      if (n == 255) error("Can't have more than 255 arguments.");
      n++;
    } while (match(T_COMMA));
  }
  consume(T_RIGHT_PAREN, "Expect ')' after arguments.");
  return (uint8_t)n;
}

/* ---- expressions ---- */
static void number(bool canAssign) {
  (void)canAssign;
  emitConstantOp(OP_CONSTANT, NUMBER_VAL(strtod(parser.previous.start, NULL)));
}

static void string(bool canAssign) {
  (void)canAssign;
  emitConstantOp(OP_CONSTANT, OBJ_VAL(copyString(parser.previous.start + 1, parser.previous.length - 2)));
}

static void literal(bool canAssign) {
  (void)canAssign;
  switch (parser.previous.type) {
  case T_FALSE: emitByte(OP_FALSE); break;
  case T_TRUE: emitByte(OP_TRUE); break;
  default: emitByte(OP_NIL); break;
  }
}

static void grouping(bool canAssign) {
  (void)canAssign;
  expression();
  consume(T_RIGHT_PAREN, "Expect ')' after expression.");
}

static void unary(bool canAssign) {
  (void)canAssign;
  TokenType op = parser.previous.type;
  int line = parser.previous.line;
  parsePrecedence(PREC_UNARY);
  emitAt(op == T_BANG ? OP_NOT : OP_NEGATE, line);
}

static void binary(bool canAssign) {
  (void)canAssign;
  TokenType op = parser.previous.type;
  int line = parser.previous.line;
  parsePrecedence((Precedence)(getRule(op)->precedence + 1));
  switch (op) {
  case T_BANG_EQUAL: emitAt(OP_EQUAL, line); emitAt(OP_NOT, line); break;
  case T_EQUAL_EQUAL: emitAt(OP_EQUAL, line); break;
  case T_GREATER: emitAt(OP_GREATER, line); break;
  case T_GREATER_EQUAL: emitAt(OP_LESS, line); emitAt(OP_NOT, line); break;
  case T_LESS: emitAt(OP_LESS, line); break;
  case T_LESS_EQUAL: emitAt(OP_GREATER, line); emitAt(OP_NOT, line); break;
  case T_PLUS: emitAt(OP_ADD, line); break;
  case T_MINUS: emitAt(OP_SUBTRACT, line); break;
  case T_STAR: emitAt(OP_MULTIPLY, line); break;
  case T_SLASH: emitAt(OP_DIVIDE, line); break;
  default: return;
  }
}

static void pipe(bool canAssign) {
  (void)canAssign;
  int line = parser.previous.line;
  parsePrecedence(PREC_OR);
  emitAt(OP_SWAP, line);
  emitAt(OP_CALL, line);
  emitAt(1, line);
}

static void and_(bool canAssign) {
  (void)canAssign;
  int end = emitJump(OP_JUMP_IF_FALSE);
  emitByte(OP_POP);
  parsePrecedence(PREC_AND);
  patchJump(end);
}

static void or_(bool canAssign) {
  (void)canAssign;
  int elseJump = emitJump(OP_JUMP_IF_FALSE);
  int endJump = emitJump(OP_JUMP);
  patchJump(elseJump);
  emitByte(OP_POP);
  parsePrecedence(PREC_OR);
  patchJump(endJump);
}

static void call(bool canAssign) {
  (void)canAssign;
  uint8_t n = argumentList();
  lastCallAt = chunk()->count;
  emitBytes(OP_CALL, n);
}

static void dot(bool canAssign) {
  consume(T_IDENTIFIER, "Expect property name after '.'.");
  int name = identifierConstant(&parser.previous);
  if (canAssign && match(T_EQUAL)) {
    int line = parser.previous.line;
    expression();
    emitAt(OP_SET_PROPERTY, line);
    emitShort(name);
  } else if (match(T_LEFT_PAREN)) {
    uint8_t n = argumentList();
    lastInvokeAt = chunk()->count;
    emitByte(OP_INVOKE);
    emitShort(name);
    emitByte(n);
  } else {
    emitByte(OP_GET_PROPERTY);
    emitShort(name);
  }
}

static void variable(bool canAssign) { namedVariable(parser.previous, canAssign); }

static Token synthetic(const char *text) {
  Token t;
  t.start = text;
  t.length = (int)strlen(text);
  t.line = parser.previous.line;
  t.type = T_IDENTIFIER;
  return t;
}

static void this_(bool canAssign) {
  (void)canAssign;
  if (currentClass == NULL) {
    error("Can't use 'this' outside of a class.");
    return;
  }
  variable(false);
}

static void super_(bool canAssign) {
  (void)canAssign;
  if (currentClass == NULL) error("Can't use 'super' outside of a class.");
  else if (!currentClass->hasSuperclass) error("Can't use 'super' in a class with no superclass.");
  consume(T_DOT, "Expect '.' after 'super'.");
  consume(T_IDENTIFIER, "Expect superclass method name.");
  int name = identifierConstant(&parser.previous);
  namedVariable(synthetic("this"), false);
  if (match(T_LEFT_PAREN)) {
    uint8_t n = argumentList();
    namedVariable(synthetic("super"), false);
    emitByte(OP_SUPER_INVOKE);
    emitShort(name);
    emitByte(n);
  } else {
    namedVariable(synthetic("super"), false);
    emitByte(OP_GET_SUPER);
    emitShort(name);
  }
}

static ParseRule rules[] = {
  [T_LEFT_PAREN] = {grouping, call, PREC_CALL},
  [T_RIGHT_PAREN] = {NULL, NULL, PREC_NONE},
  [T_LEFT_BRACE] = {NULL, NULL, PREC_NONE},
  [T_RIGHT_BRACE] = {NULL, NULL, PREC_NONE},
  [T_COMMA] = {NULL, NULL, PREC_NONE},
  [T_DOT] = {NULL, dot, PREC_CALL},
  [T_MINUS] = {unary, binary, PREC_TERM},
  [T_PLUS] = {NULL, binary, PREC_TERM},
  [T_SEMICOLON] = {NULL, NULL, PREC_NONE},
  [T_SLASH] = {NULL, binary, PREC_FACTOR},
  [T_STAR] = {NULL, binary, PREC_FACTOR},
  [T_BANG] = {unary, NULL, PREC_NONE},
  [T_BANG_EQUAL] = {NULL, binary, PREC_EQUALITY},
  [T_EQUAL] = {NULL, NULL, PREC_NONE},
  [T_EQUAL_EQUAL] = {NULL, binary, PREC_EQUALITY},
  [T_GREATER] = {NULL, binary, PREC_COMPARISON},
  [T_GREATER_EQUAL] = {NULL, binary, PREC_COMPARISON},
  [T_LESS] = {NULL, binary, PREC_COMPARISON},
  [T_LESS_EQUAL] = {NULL, binary, PREC_COMPARISON},
  [T_PIPE_GREATER] = {NULL, pipe, PREC_PIPE},
  [T_IDENTIFIER] = {variable, NULL, PREC_NONE},
  [T_STRING] = {string, NULL, PREC_NONE},
  [T_NUMBER] = {number, NULL, PREC_NONE},
  [T_AND] = {NULL, and_, PREC_AND},
  [T_CLASS] = {NULL, NULL, PREC_NONE},
  [T_ELSE] = {NULL, NULL, PREC_NONE},
  [T_FALSE] = {literal, NULL, PREC_NONE},
  [T_FOR] = {NULL, NULL, PREC_NONE},
  [T_FUN] = {NULL, NULL, PREC_NONE},
  [T_IF] = {NULL, NULL, PREC_NONE},
  [T_NIL] = {literal, NULL, PREC_NONE},
  [T_OR] = {NULL, or_, PREC_OR},
  [T_PRINT] = {NULL, NULL, PREC_NONE},
  [T_RETURN] = {NULL, NULL, PREC_NONE},
  [T_SUPER] = {super_, NULL, PREC_NONE},
  [T_THIS] = {this_, NULL, PREC_NONE},
  [T_TRUE] = {literal, NULL, PREC_NONE},
  [T_VAR] = {NULL, NULL, PREC_NONE},
  [T_WHILE] = {NULL, NULL, PREC_NONE},
  [T_ERROR] = {NULL, NULL, PREC_NONE},
  [T_EOF] = {NULL, NULL, PREC_NONE},
};

static ParseRule *getRule(TokenType t) { return &rules[t]; }

static void parsePrecedence(Precedence p) {
  advance();
  ParseFn prefix = getRule(parser.previous.type)->prefix;
  if (prefix == NULL) {
    error("Expect expression.");
    return;
  }
  bool canAssign = p <= PREC_ASSIGNMENT;
  prefix(canAssign);
  while (p <= getRule(parser.current.type)->precedence) {
    advance();
    getRule(parser.previous.type)->infix(canAssign);
  }
  if (canAssign && match(T_EQUAL)) error("Invalid assignment target.");
}

static void expression(void) { parsePrecedence(PREC_ASSIGNMENT); }

/* ---- statements ---- */
static void block(void) {
  while (!check(T_RIGHT_BRACE) && !check(T_EOF)) declaration();
  consume(T_RIGHT_BRACE, "Expect '}' after block.");
}

static void function(FunctionType type) {
  Compiler c;
  initCompiler(&c, type);
  beginScope();
  const char *kind = type == TYPE_FUNCTION ? "function" : "method";
  char msg[64];
  snprintf(msg, sizeof msg, "Expect '(' after %s name.", kind);
  consume(T_LEFT_PAREN, msg);
  if (!check(T_RIGHT_PAREN)) {
    do {
      current->function->arity++;
      if (current->function->arity > 255) errorAtCurrent("Can't have more than 255 parameters.");
      int k = parseVariable("Expect parameter name.");
      defineVariable(k);
    } while (match(T_COMMA));
  }
  consume(T_RIGHT_PAREN, "Expect ')' after parameters.");
  snprintf(msg, sizeof msg, "Expect '{' before %s body.", kind);
  consume(T_LEFT_BRACE, msg);
  block();
  ObjFunction *f = endCompiler();
  emitConstantOp(OP_CLOSURE, OBJ_VAL(f));
  for (int i = 0; i < f->upvalueCount; i++) {
    emitByte(c.upvalues[i].isLocal ? 1 : 0);
    emitByte(c.upvalues[i].index);
  }
}

static void method(void) {
  consume(T_IDENTIFIER, "Expect method name.");
  int k = identifierConstant(&parser.previous);
  FunctionType type = TYPE_METHOD;
  if (parser.previous.length == 4 && memcmp(parser.previous.start, "init", 4) == 0) type = TYPE_INITIALIZER;
  function(type);
  emitByte(OP_METHOD);
  emitShort(k);
}

static void classDeclaration(void) {
  consume(T_IDENTIFIER, "Expect class name.");
  Token className = parser.previous;
  int k = identifierConstant(&parser.previous);
  declareVariable();
  emitByte(OP_CLASS);
  emitShort(k);
  defineVariable(k);
  ClassCompiler cc = {currentClass, false};
  currentClass = &cc;
  if (match(T_LESS)) {
    consume(T_IDENTIFIER, "Expect superclass name.");
    variable(false);
    if (sameName(&className, &parser.previous)) error("A class can't inherit from itself.");
    beginScope();
    addLocal(synthetic("super"));
    defineVariable(0);
    namedVariable(className, false);
    emitByte(OP_INHERIT);
    cc.hasSuperclass = true;
  }
  namedVariable(className, false);
  consume(T_LEFT_BRACE, "Expect '{' before class body.");
  while (!check(T_RIGHT_BRACE) && !check(T_EOF)) method();
  consume(T_RIGHT_BRACE, "Expect '}' after class body.");
  emitByte(OP_POP);
  if (cc.hasSuperclass) endScope();
  currentClass = cc.enclosing;
}

static void funDeclaration(void) {
  int global = parseVariable("Expect function name.");
  markInitialized();
  function(TYPE_FUNCTION);
  defineVariable(global);
}

static void varDeclaration(void) {
  int global = parseVariable("Expect variable name.");
  if (match(T_EQUAL)) expression();
  else emitByte(OP_NIL);
  consume(T_SEMICOLON, "Expect ';' after variable declaration.");
  defineVariable(global);
}

static void expressionStatement(void) {
  expression();
  consume(T_SEMICOLON, "Expect ';' after expression.");
  emitByte(OP_POP);
}

static void forStatement(void) {
  beginScope();
  consume(T_LEFT_PAREN, "Expect '(' after 'for'.");
  if (match(T_SEMICOLON)) {
  } else if (match(T_VAR)) varDeclaration();
  else expressionStatement();
  int loopStart = chunk()->count;
  int exitJump = -1;
  if (!match(T_SEMICOLON)) {
    expression();
    consume(T_SEMICOLON, "Expect ';' after loop condition.");
    exitJump = emitJump(OP_JUMP_IF_FALSE);
    emitByte(OP_POP);
  }
  if (!match(T_RIGHT_PAREN)) {
    int bodyJump = emitJump(OP_JUMP);
    int incrStart = chunk()->count;
    expression();
    emitByte(OP_POP);
    consume(T_RIGHT_PAREN, "Expect ')' after for clauses.");
    emitLoop(loopStart);
    loopStart = incrStart;
    patchJump(bodyJump);
  }
  statement();
  emitLoop(loopStart);
  if (exitJump != -1) {
    patchJump(exitJump);
    emitByte(OP_POP);
  }
  endScope();
}

static void ifStatement(void) {
  consume(T_LEFT_PAREN, "Expect '(' after 'if'.");
  expression();
  consume(T_RIGHT_PAREN, "Expect ')' after if condition.");
  int thenJump = emitJump(OP_JUMP_IF_FALSE);
  emitByte(OP_POP);
  statement();
  int elseJump = emitJump(OP_JUMP);
  patchJump(thenJump);
  emitByte(OP_POP);
  if (match(T_ELSE)) statement();
  patchJump(elseJump);
}

static void printStatement(void) {
  expression();
  consume(T_SEMICOLON, "Expect ';' after value.");
  emitByte(OP_PRINT);
}

static void returnStatement(void) {
  if (current->type == TYPE_SCRIPT) error("Can't return from top-level code.");
  if (match(T_SEMICOLON)) emitReturn();
  else {
    if (current->type == TYPE_INITIALIZER) error("Can't return a value from an initializer.");
    lastCallAt = lastInvokeAt = -1;
    expression();
    consume(T_SEMICOLON, "Expect ';' after return value.");
    /* A call whose result is returned as it is: a tail call, which reuses this frame. */
    if (lastCallAt >= 0 && lastCallAt == chunk()->count - 2) chunk()->code[lastCallAt] = OP_TAIL_CALL;
    else if (lastInvokeAt >= 0 && lastInvokeAt == chunk()->count - 4) chunk()->code[lastInvokeAt] = OP_TAIL_INVOKE;
    emitByte(OP_RETURN);
  }
}

static void whileStatement(void) {
  int loopStart = chunk()->count;
  consume(T_LEFT_PAREN, "Expect '(' after 'while'.");
  expression();
  consume(T_RIGHT_PAREN, "Expect ')' after condition.");
  int exitJump = emitJump(OP_JUMP_IF_FALSE);
  emitByte(OP_POP);
  statement();
  emitLoop(loopStart);
  patchJump(exitJump);
  emitByte(OP_POP);
}

static void synchronize(void) {
  parser.panicMode = false;
  while (parser.current.type != T_EOF) {
    if (parser.previous.type == T_SEMICOLON) return;
    switch (parser.current.type) {
    case T_CLASS: case T_FUN: case T_VAR: case T_FOR: case T_IF: case T_WHILE: case T_PRINT: case T_RETURN: return;
    default: advance();
    }
  }
}

static void declaration(void) {
  if (match(T_CLASS)) classDeclaration();
  else if (match(T_FUN)) funDeclaration();
  else if (match(T_VAR)) varDeclaration();
  else statement();
  if (parser.panicMode) synchronize();
}

static void statement(void) {
  if (match(T_PRINT)) printStatement();
  else if (match(T_FOR)) forStatement();
  else if (match(T_IF)) ifStatement();
  else if (match(T_RETURN)) returnStatement();
  else if (match(T_WHILE)) whileStatement();
  else if (match(T_LEFT_BRACE)) {
    beginScope();
    block();
    endScope();
  } else expressionStatement();
}

ObjFunction *compile(const char *source, CompileMode mode) {
  initScanner(source);
  Compiler c;
  current = NULL;
  currentClass = NULL;
  initCompiler(&c, TYPE_SCRIPT);
  parser.hadError = parser.panicMode = false;
  advance();
  if (mode == COMPILE_EXPRESSION) {
    expression();
    if (!check(T_EOF)) errorAtCurrent("Expect end of expression.");
    emitByte(OP_PRINT);
  } else {
    while (!match(T_EOF)) declaration();
  }
  ObjFunction *f = endCompiler();
  return parser.hadError ? NULL : f;
}
