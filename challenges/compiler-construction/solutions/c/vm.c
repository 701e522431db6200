/* The stack machine that runs compiled chunks: call frames, closures with open upvalues,
 * classes with bound methods. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lox.h"

#define FRAMES_MAX 1024
#define STACK_MAX (FRAMES_MAX * 256)

typedef struct {
  ObjClosure *closure;
  uint8_t *ip;
  Value *slots;
} CallFrame;

static struct {
  CallFrame frames[FRAMES_MAX];
  int frameCount;
  Value stack[STACK_MAX];
  Value *top;
  Table globals;
  Table strings;
  ObjUpvalue *openUpvalues;
  ObjString *initString;
} vm;

ObjString *internFind(const char *chars, int length, uint32_t hash) {
  Table *t = &vm.strings;
  if (t->count == 0) return NULL;
  uint32_t i = hash & (t->capacity - 1);
  for (;;) {
    Entry *e = &t->entries[i];
    if (e->key == NULL) {
      if (IS_NIL(e->value)) return NULL;
    } else if (e->key->length == length && e->key->hash == hash && memcmp(e->key->chars, chars, length) == 0) {
      return e->key;
    }
    i = (i + 1) & (t->capacity - 1);
  }
}

void internAdd(ObjString *s) { tableSet(&vm.strings, s, NIL_VAL); }

static void push(Value v) { *vm.top++ = v; }
static Value pop(void) { return *--vm.top; }
static Value peek(int distance) { return vm.top[-1 - distance]; }

static Value clockNative(int argc, Value *args) {
  (void)argc;
  (void)args;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return NUMBER_VAL((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

static void defineNative(const char *name, NativeFn fn, int arity) {
  tableSet(&vm.globals, copyString(name, (int)strlen(name)), OBJ_VAL(newNative(fn, arity)));
}

void initVM(void) {
  vm.top = vm.stack;
  vm.frameCount = 0;
  vm.openUpvalues = NULL;
  initTable(&vm.globals);
  initTable(&vm.strings);
  vm.initString = copyString("init", 4);
  defineNative("clock", clockNative, 0);
}

static void runtimeError(const char *format, ...) {
  fflush(stdout);
  va_list ap;
  va_start(ap, format);
  vfprintf(stderr, format, ap);
  va_end(ap);
  fputs("\n", stderr);
  CallFrame *f = &vm.frames[vm.frameCount - 1];
  size_t at = f->ip - f->closure->function->chunk.code - 1;
  fprintf(stderr, "[line %d]\n", f->closure->function->chunk.lines[at]);
}

static bool callClosure(ObjClosure *c, int argc) {
  if (argc != c->function->arity) {
    runtimeError("Expected %d arguments but got %d.", c->function->arity, argc);
    return false;
  }
  if (vm.frameCount == FRAMES_MAX) {
    runtimeError("Stack overflow.");
    return false;
  }
  CallFrame *f = &vm.frames[vm.frameCount++];
  f->closure = c;
  f->ip = c->function->chunk.code;
  f->slots = vm.top - argc - 1;
  return true;
}

static bool callValue(Value callee, int argc) {
  if (IS_OBJ(callee)) {
    switch (OBJ_TYPE(callee)) {
    case OBJ_BOUND: {
      ObjBound *b = (ObjBound *)callee.as.obj;
      vm.top[-argc - 1] = b->receiver;
      return callClosure(b->method, argc);
    }
    case OBJ_CLASS: {
      ObjClass *k = (ObjClass *)callee.as.obj;
      vm.top[-argc - 1] = OBJ_VAL(newInstance(k));
      if (!IS_NIL(k->init)) return callClosure((ObjClosure *)k->init.as.obj, argc);
      if (argc != 0) {
        runtimeError("Expected 0 arguments but got %d.", argc);
        return false;
      }
      return true;
    }
    case OBJ_CLOSURE: return callClosure((ObjClosure *)callee.as.obj, argc);
    case OBJ_NATIVE: {
      ObjNative *n = (ObjNative *)callee.as.obj;
      if (argc != n->arity) {
        runtimeError("Expected %d arguments but got %d.", n->arity, argc);
        return false;
      }
      Value r = n->fn(argc, vm.top - argc);
      vm.top -= argc + 1;
      push(r);
      return true;
    }
    default: break;
    }
  }
  runtimeError("Can only call functions and classes.");
  return false;
}

static bool invokeFromClass(ObjClass *k, ObjString *name, int argc) {
  Value m;
  if (!tableGet(&k->methods, name, &m)) {
    runtimeError("Undefined property '%s'.", name->chars);
    return false;
  }
  return callClosure((ObjClosure *)m.as.obj, argc);
}

static bool invoke(ObjString *name, int argc) {
  Value receiver = peek(argc);
  if (!IS_TYPE(receiver, OBJ_INSTANCE)) {
    runtimeError("Only instances have properties.");
    return false;
  }
  ObjInstance *inst = (ObjInstance *)receiver.as.obj;
  Value v;
  if (tableGet(&inst->fields, name, &v)) {
    vm.top[-argc - 1] = v;
    return callValue(v, argc);
  }
  return invokeFromClass(inst->klass, name, argc);
}

static bool bindMethod(ObjClass *k, ObjString *name) {
  Value m;
  if (!tableGet(&k->methods, name, &m)) {
    runtimeError("Undefined property '%s'.", name->chars);
    return false;
  }
  ObjBound *b = newBound(peek(0), (ObjClosure *)m.as.obj);
  pop();
  push(OBJ_VAL(b));
  return true;
}

static ObjUpvalue *captureUpvalue(Value *local) {
  ObjUpvalue *prev = NULL, *u = vm.openUpvalues;
  while (u != NULL && u->location > local) {
    prev = u;
    u = u->next;
  }
  if (u != NULL && u->location == local) return u;
  ObjUpvalue *created = newUpvalue(local);
  created->next = u;
  if (prev == NULL) vm.openUpvalues = created;
  else prev->next = created;
  return created;
}

static void closeUpvalues(Value *last) {
  while (vm.openUpvalues != NULL && vm.openUpvalues->location >= last) {
    ObjUpvalue *u = vm.openUpvalues;
    u->closed = *u->location;
    u->location = &u->closed;
    vm.openUpvalues = u->next;
  }
}

/* After a call from `return f(x);` pushed a frame: move it down over its caller's. */
static void reuseFrame(int before) {
  if (vm.frameCount <= before) return; /* a native, or a class without init: nothing to reuse */
  CallFrame *callee = &vm.frames[vm.frameCount - 1];
  CallFrame *caller = &vm.frames[vm.frameCount - 2];
  closeUpvalues(caller->slots);
  int n = (int)(vm.top - callee->slots);
  memmove(caller->slots, callee->slots, sizeof(Value) * n);
  vm.top = caller->slots + n;
  caller->closure = callee->closure;
  caller->ip = callee->ip;
  vm.frameCount--;
}

static InterpretResult run(void) {
  CallFrame *frame = &vm.frames[vm.frameCount - 1];
  uint8_t *ip = frame->ip;
#define READ_BYTE() (*ip++)
#define READ_SHORT() (ip += 2, (uint16_t)((ip[-2] << 8) | ip[-1]))
#define READ_CONSTANT() (frame->closure->function->chunk.constants[READ_SHORT()])
#define READ_STRING() AS_STRING(READ_CONSTANT())
#define SYNC() (frame->ip = ip)
#define RELOAD() (frame = &vm.frames[vm.frameCount - 1], ip = frame->ip)
#define NUMERIC_OP(type, op)                                         \
  do {                                                               \
    if (!IS_NUMBER(peek(0)) || !IS_NUMBER(peek(1))) {                \
      SYNC();                                                        \
      runtimeError("Operands must be numbers.");                     \
      return INTERPRET_RUNTIME_ERROR;                                \
    }                                                                \
    double b = pop().as.number;                                      \
    vm.top[-1] = type(vm.top[-1].as.number op b);                    \
  } while (0)

  for (;;) {
    uint8_t instruction = READ_BYTE();
    switch (instruction) {
    case OP_CONSTANT: push(READ_CONSTANT()); break;
    case OP_NIL: push(NIL_VAL); break;
    case OP_TRUE: push(BOOL_VAL(true)); break;
    case OP_FALSE: push(BOOL_VAL(false)); break;
    case OP_POP: pop(); break;
    case OP_SWAP: {
      Value a = vm.top[-1];
      vm.top[-1] = vm.top[-2];
      vm.top[-2] = a;
      break;
    }
    case OP_GET_LOCAL: push(frame->slots[READ_BYTE()]); break;
    case OP_SET_LOCAL: frame->slots[READ_BYTE()] = peek(0); break;
    case OP_GET_GLOBAL: {
      ObjString *name = READ_STRING();
      Value v;
      if (!tableGet(&vm.globals, name, &v)) {
        SYNC();
        runtimeError("Undefined variable '%s'.", name->chars);
        return INTERPRET_RUNTIME_ERROR;
      }
      push(v);
      break;
    }
    case OP_DEFINE_GLOBAL: tableSet(&vm.globals, READ_STRING(), pop()); break;
    case OP_SET_GLOBAL: {
      ObjString *name = READ_STRING();
      if (tableSet(&vm.globals, name, peek(0))) {
        tableDelete(&vm.globals, name);
        SYNC();
        runtimeError("Undefined variable '%s'.", name->chars);
        return INTERPRET_RUNTIME_ERROR;
      }
      break;
    }
    case OP_GET_UPVALUE: push(*frame->closure->upvalues[READ_BYTE()]->location); break;
    case OP_SET_UPVALUE: *frame->closure->upvalues[READ_BYTE()]->location = peek(0); break;
    case OP_GET_PROPERTY: {
      ObjString *name = READ_STRING();
      if (!IS_TYPE(peek(0), OBJ_INSTANCE)) {
        SYNC();
        runtimeError("Only instances have properties.");
        return INTERPRET_RUNTIME_ERROR;
      }
      ObjInstance *inst = (ObjInstance *)peek(0).as.obj;
      Value v;
      if (tableGet(&inst->fields, name, &v)) {
        vm.top[-1] = v;
        break;
      }
      SYNC();
      if (!bindMethod(inst->klass, name)) return INTERPRET_RUNTIME_ERROR;
      break;
    }
    case OP_SET_PROPERTY: {
      ObjString *name = READ_STRING();
      if (!IS_TYPE(peek(1), OBJ_INSTANCE)) {
        SYNC();
        runtimeError("Only instances have fields.");
        return INTERPRET_RUNTIME_ERROR;
      }
      ObjInstance *inst = (ObjInstance *)peek(1).as.obj;
      tableSet(&inst->fields, name, peek(0));
      Value v = pop();
      vm.top[-1] = v;
      break;
    }
    case OP_GET_SUPER: {
      ObjString *name = READ_STRING();
      ObjClass *superclass = (ObjClass *)pop().as.obj;
      SYNC();
      if (!bindMethod(superclass, name)) return INTERPRET_RUNTIME_ERROR;
      break;
    }
    case OP_EQUAL: {
      Value b = pop();
      vm.top[-1] = BOOL_VAL(valuesEqual(vm.top[-1], b));
      break;
    }
    case OP_GREATER: NUMERIC_OP(BOOL_VAL, >); break;
    case OP_LESS: NUMERIC_OP(BOOL_VAL, <); break;
    case OP_ADD: {
      if (IS_NUMBER(peek(0)) && IS_NUMBER(peek(1))) {
        double b = pop().as.number;
        vm.top[-1].as.number += b;
      } else if (IS_TYPE(peek(0), OBJ_STRING) && IS_TYPE(peek(1), OBJ_STRING)) {
        ObjString *b = AS_STRING(pop());
        vm.top[-1] = OBJ_VAL(concatStrings(AS_STRING(vm.top[-1]), b));
      } else {
        SYNC();
        runtimeError("Operands must be two numbers or two strings.");
        return INTERPRET_RUNTIME_ERROR;
      }
      break;
    }
    case OP_SUBTRACT: NUMERIC_OP(NUMBER_VAL, -); break;
    case OP_MULTIPLY: NUMERIC_OP(NUMBER_VAL, *); break;
    case OP_DIVIDE: NUMERIC_OP(NUMBER_VAL, /); break;
    case OP_NOT: vm.top[-1] = BOOL_VAL(isFalsey(vm.top[-1])); break;
    case OP_NEGATE:
      if (!IS_NUMBER(peek(0))) {
        SYNC();
        runtimeError("Operand must be a number.");
        return INTERPRET_RUNTIME_ERROR;
      }
      vm.top[-1].as.number = -vm.top[-1].as.number;
      break;
    case OP_PRINT:
      printValue(pop());
      putchar('\n');
      break;
    case OP_JUMP: {
      uint16_t off = READ_SHORT();
      ip += off;
      break;
    }
    case OP_JUMP_IF_FALSE: {
      uint16_t off = READ_SHORT();
      if (isFalsey(peek(0))) ip += off;
      break;
    }
    case OP_LOOP: {
      uint16_t off = READ_SHORT();
      ip -= off;
      break;
    }
    case OP_CALL: {
      int argc = READ_BYTE();
      SYNC();
      if (!callValue(peek(argc), argc)) return INTERPRET_RUNTIME_ERROR;
      RELOAD();
      break;
    }
    case OP_TAIL_CALL: {
      int argc = READ_BYTE();
      SYNC();
      int before = vm.frameCount;
      if (!callValue(peek(argc), argc)) return INTERPRET_RUNTIME_ERROR;
      reuseFrame(before);
      RELOAD();
      break;
    }
    case OP_TAIL_INVOKE: {
      ObjString *name = READ_STRING();
      int argc = READ_BYTE();
      SYNC();
      int before = vm.frameCount;
      if (!invoke(name, argc)) return INTERPRET_RUNTIME_ERROR;
      reuseFrame(before);
      RELOAD();
      break;
    }
    case OP_INVOKE: {
      ObjString *name = READ_STRING();
      int argc = READ_BYTE();
      SYNC();
      if (!invoke(name, argc)) return INTERPRET_RUNTIME_ERROR;
      RELOAD();
      break;
    }
    case OP_SUPER_INVOKE: {
      ObjString *name = READ_STRING();
      int argc = READ_BYTE();
      ObjClass *superclass = (ObjClass *)pop().as.obj;
      SYNC();
      if (!invokeFromClass(superclass, name, argc)) return INTERPRET_RUNTIME_ERROR;
      RELOAD();
      break;
    }
    case OP_CLOSURE: {
      ObjFunction *f = (ObjFunction *)READ_CONSTANT().as.obj;
      ObjClosure *c = newClosure(f);
      push(OBJ_VAL(c));
      for (int i = 0; i < c->upvalueCount; i++) {
        uint8_t isLocal = READ_BYTE();
        uint8_t index = READ_BYTE();
        c->upvalues[i] = isLocal ? captureUpvalue(frame->slots + index) : frame->closure->upvalues[index];
      }
      break;
    }
    case OP_CLOSE_UPVALUE:
      closeUpvalues(vm.top - 1);
      pop();
      break;
    case OP_RETURN: {
      Value result = pop();
      closeUpvalues(frame->slots);
      vm.frameCount--;
      if (vm.frameCount == 0) {
        pop();
        return INTERPRET_OK;
      }
      vm.top = frame->slots;
      push(result);
      RELOAD();
      break;
    }
    case OP_CLASS: push(OBJ_VAL(newClass(READ_STRING()))); break;
    case OP_INHERIT: {
      Value superclass = peek(1);
      if (!IS_TYPE(superclass, OBJ_CLASS)) {
        SYNC();
        runtimeError("Superclass must be a class.");
        return INTERPRET_RUNTIME_ERROR;
      }
      ObjClass *sub = (ObjClass *)peek(0).as.obj;
      tableAddAll(&((ObjClass *)superclass.as.obj)->methods, &sub->methods);
      sub->init = ((ObjClass *)superclass.as.obj)->init;
      pop();
      break;
    }
    case OP_METHOD: {
      ObjString *name = READ_STRING();
      Value m = peek(0);
      ObjClass *k = (ObjClass *)peek(1).as.obj;
      tableSet(&k->methods, name, m);
      if (name == vm.initString) k->init = m;
      pop();
      break;
    }
    }
  }
#undef READ_BYTE
#undef READ_SHORT
#undef READ_CONSTANT
#undef READ_STRING
#undef NUMERIC_OP
}

InterpretResult runFunction(ObjFunction *f) {
  ObjClosure *c = newClosure(f);
  push(OBJ_VAL(c));
  callClosure(c, 0);
  InterpretResult r = run();
  fflush(stdout);
  return r;
}
