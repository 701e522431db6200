/* The reference bytecode VM for the track's Lox: shared declarations. */
#ifndef LOX_H
#define LOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- scanner ---- */
typedef enum {
  T_LEFT_PAREN, T_RIGHT_PAREN, T_LEFT_BRACE, T_RIGHT_BRACE, T_COMMA, T_DOT, T_MINUS, T_PLUS,
  T_SEMICOLON, T_SLASH, T_STAR, T_BANG, T_BANG_EQUAL, T_EQUAL, T_EQUAL_EQUAL, T_GREATER,
  T_GREATER_EQUAL, T_LESS, T_LESS_EQUAL, T_PIPE_GREATER, T_IDENTIFIER, T_STRING, T_NUMBER,
  T_AND, T_CLASS, T_ELSE, T_FALSE, T_FOR, T_FUN, T_IF, T_NIL, T_OR, T_PRINT, T_RETURN,
  T_SUPER, T_THIS, T_TRUE, T_VAR, T_WHILE, T_ERROR, T_EOF
} TokenType;

typedef struct {
  TokenType type;
  const char *start;
  int length;
  int line;
} Token;

void initScanner(const char *source);
Token scanToken(void);
const char *tokenName(TokenType t);

/* ---- values and objects ---- */
typedef enum { VAL_NIL, VAL_BOOL, VAL_NUMBER, VAL_OBJ } ValueType;
typedef struct Obj Obj;
typedef struct ObjString ObjString;

typedef struct {
  ValueType type;
  union {
    bool boolean;
    double number;
    Obj *obj;
  } as;
} Value;

#define NIL_VAL ((Value){VAL_NIL, {.number = 0}})
#define BOOL_VAL(b) ((Value){VAL_BOOL, {.boolean = (b)}})
#define NUMBER_VAL(n) ((Value){VAL_NUMBER, {.number = (n)}})
#define OBJ_VAL(o) ((Value){VAL_OBJ, {.obj = (Obj *)(o)}})
#define IS_NIL(v) ((v).type == VAL_NIL)
#define IS_BOOL(v) ((v).type == VAL_BOOL)
#define IS_NUMBER(v) ((v).type == VAL_NUMBER)
#define IS_OBJ(v) ((v).type == VAL_OBJ)

typedef enum { OBJ_STRING, OBJ_FUNCTION, OBJ_NATIVE, OBJ_CLOSURE, OBJ_UPVALUE, OBJ_CLASS, OBJ_INSTANCE, OBJ_BOUND } ObjType;

struct Obj {
  ObjType type;
};

struct ObjString {
  Obj obj;
  int length;
  uint32_t hash;
  char chars[];
};

typedef struct {
  int count, capacity;
  uint8_t *code;
  int *lines;
  int constCount, constCapacity;
  Value *constants;
} Chunk;

typedef struct {
  Obj obj;
  int arity;
  int upvalueCount;
  Chunk chunk;
  ObjString *name;
} ObjFunction;

typedef Value (*NativeFn)(int argc, Value *args);
typedef struct {
  Obj obj;
  NativeFn fn;
  int arity;
} ObjNative;

typedef struct ObjUpvalue {
  Obj obj;
  Value *location;
  Value closed;
  struct ObjUpvalue *next;
} ObjUpvalue;

typedef struct {
  Obj obj;
  ObjFunction *function;
  ObjUpvalue **upvalues;
  int upvalueCount;
} ObjClosure;

typedef struct {
  ObjString *key;
  Value value;
} Entry;

typedef struct {
  int count, capacity;
  Entry *entries;
} Table;

typedef struct {
  Obj obj;
  ObjString *name;
  Table methods;
  Value init;
} ObjClass;

typedef struct {
  Obj obj;
  ObjClass *klass;
  Table fields;
} ObjInstance;

typedef struct {
  Obj obj;
  Value receiver;
  ObjClosure *method;
} ObjBound;

#define OBJ_TYPE(v) ((v).as.obj->type)
#define IS_TYPE(v, t) (IS_OBJ(v) && OBJ_TYPE(v) == (t))
#define AS_STRING(v) ((ObjString *)(v).as.obj)
#define AS_CSTRING(v) (AS_STRING(v)->chars)

void *reallocate(void *p, size_t size);
ObjString *copyString(const char *chars, int length);
ObjString *concatStrings(ObjString *a, ObjString *b);
ObjFunction *newFunction(void);
ObjNative *newNative(NativeFn fn, int arity);
ObjClosure *newClosure(ObjFunction *f);
ObjUpvalue *newUpvalue(Value *slot);
ObjClass *newClass(ObjString *name);
ObjInstance *newInstance(ObjClass *k);
ObjBound *newBound(Value receiver, ObjClosure *m);

void initTable(Table *t);
bool tableGet(Table *t, ObjString *key, Value *out);
bool tableSet(Table *t, ObjString *key, Value v); /* true when the key is new */
bool tableDelete(Table *t, ObjString *key);
void tableAddAll(Table *from, Table *to);

bool valuesEqual(Value a, Value b);
void formatNumber(char *buf, size_t n, double v);
void formatLiteral(char *buf, size_t n, double v);
void printValue(Value v);
bool isFalsey(Value v);

/* ---- chunks and opcodes ---- */
typedef enum {
  OP_CONSTANT, OP_NIL, OP_TRUE, OP_FALSE, OP_POP, OP_GET_LOCAL, OP_SET_LOCAL, OP_GET_GLOBAL,
  OP_DEFINE_GLOBAL, OP_SET_GLOBAL, OP_GET_UPVALUE, OP_SET_UPVALUE, OP_GET_PROPERTY,
  OP_SET_PROPERTY, OP_GET_SUPER, OP_EQUAL, OP_GREATER, OP_LESS, OP_ADD, OP_SUBTRACT,
  OP_MULTIPLY, OP_DIVIDE, OP_NOT, OP_NEGATE, OP_PRINT, OP_JUMP, OP_JUMP_IF_FALSE, OP_LOOP,
  OP_CALL, OP_INVOKE, OP_SUPER_INVOKE, OP_CLOSURE, OP_CLOSE_UPVALUE, OP_RETURN, OP_CLASS,
  OP_INHERIT, OP_METHOD, OP_SWAP, OP_TAIL_CALL, OP_TAIL_INVOKE
} OpCode;

void initChunk(Chunk *c);
void writeChunk(Chunk *c, uint8_t byte, int line);
int addConstant(Chunk *c, Value v);
void disassembleFunction(ObjFunction *f);

/* ---- compiler, printer, vm ---- */
typedef enum { COMPILE_PROGRAM, COMPILE_EXPRESSION } CompileMode;
ObjFunction *compile(const char *source, CompileMode mode);
int printAst(const char *source); /* returns the exit code */

typedef enum { INTERPRET_OK, INTERPRET_COMPILE_ERROR, INTERPRET_RUNTIME_ERROR } InterpretResult;
void initVM(void);
InterpretResult runFunction(ObjFunction *f);
ObjString *internFind(const char *chars, int length, uint32_t hash);
void internAdd(ObjString *s);

#endif
