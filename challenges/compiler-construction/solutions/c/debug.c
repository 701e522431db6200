/* `disassemble`: one instruction per line, `offset line OPCODE operands`, for the script and then
 * for every function it contains. */
#include <stdio.h>

#include "lox.h"

static const char *names[] = {
  "CONSTANT", "NIL", "TRUE", "FALSE", "POP", "GET_LOCAL", "SET_LOCAL", "GET_GLOBAL",
  "DEFINE_GLOBAL", "SET_GLOBAL", "GET_UPVALUE", "SET_UPVALUE", "GET_PROPERTY",
  "SET_PROPERTY", "GET_SUPER", "EQUAL", "GREATER", "LESS", "ADD", "SUBTRACT",
  "MULTIPLY", "DIVIDE", "NOT", "NEGATE", "PRINT", "JUMP", "JUMP_IF_FALSE", "LOOP",
  "CALL", "INVOKE", "SUPER_INVOKE", "CLOSURE", "CLOSE_UPVALUE", "RETURN", "CLASS",
  "INHERIT", "METHOD", "SWAP", "TAIL_CALL", "TAIL_INVOKE",
};

static void showConstant(Value v) {
  if (IS_TYPE(v, OBJ_STRING)) printf("\"%s\"", AS_CSTRING(v));
  else printValue(v);
}

static int instruction(Chunk *c, int at) {
  uint8_t op = c->code[at];
  printf("%04d %4d %-14s", at, c->lines[at], names[op]);
  int k;
  switch (op) {
  case OP_CONSTANT: case OP_GET_GLOBAL: case OP_DEFINE_GLOBAL: case OP_SET_GLOBAL:
  case OP_GET_PROPERTY: case OP_SET_PROPERTY: case OP_GET_SUPER: case OP_CLASS: case OP_METHOD:
    k = (c->code[at + 1] << 8) | c->code[at + 2];
    printf(" %d ", k);
    showConstant(c->constants[k]);
    printf("\n");
    return at + 3;
  case OP_GET_LOCAL: case OP_SET_LOCAL: case OP_GET_UPVALUE: case OP_SET_UPVALUE: case OP_CALL: case OP_TAIL_CALL:
    printf(" %d\n", c->code[at + 1]);
    return at + 2;
  case OP_JUMP: case OP_JUMP_IF_FALSE: case OP_LOOP: {
    int off = (c->code[at + 1] << 8) | c->code[at + 2];
    printf(" -> %04d\n", op == OP_LOOP ? at + 3 - off : at + 3 + off);
    return at + 3;
  }
  case OP_INVOKE: case OP_SUPER_INVOKE: case OP_TAIL_INVOKE:
    k = (c->code[at + 1] << 8) | c->code[at + 2];
    printf(" %d ", k);
    showConstant(c->constants[k]);
    printf(" (%d args)\n", c->code[at + 3]);
    return at + 4;
  case OP_CLOSURE: {
    k = (c->code[at + 1] << 8) | c->code[at + 2];
    ObjFunction *f = (ObjFunction *)c->constants[k].as.obj;
    printf(" %d ", k);
    printValue(OBJ_VAL(f));
    printf("\n");
    at += 3;
    for (int i = 0; i < f->upvalueCount; i++) {
      printf("%04d    | %-14s %s %d\n", at, "", c->code[at] ? "local" : "upvalue", c->code[at + 1]);
      at += 2;
    }
    return at;
  }
  default:
    printf("\n");
    return at + 1;
  }
}

void disassembleFunction(ObjFunction *f) {
  Chunk *c = &f->chunk;
  printf("== %s ==\n", f->name ? f->name->chars : "<script>");
  for (int at = 0; at < c->count;) at = instruction(c, at);
  for (int i = 0; i < c->constCount; i++) {
    if (IS_TYPE(c->constants[i], OBJ_FUNCTION)) disassembleFunction((ObjFunction *)c->constants[i].as.obj);
  }
}
