/* Heap objects, interned strings, hash tables, values and chunks. Memory is never freed: a
 * Lox program here runs for seconds at most, and the process exit returns it all. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lox.h"

void *reallocate(void *p, size_t size) {
  void *q = realloc(p, size);
  if (!q && size) {
    fprintf(stderr, "out of memory\n");
    exit(70);
  }
  return q;
}

static Obj *allocate(size_t size, ObjType type) {
  Obj *o = reallocate(NULL, size);
  o->type = type;
  return o;
}

static uint32_t hashString(const char *s, int n) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < n; i++) {
    h ^= (uint8_t)s[i];
    h *= 16777619u;
  }
  return h;
}

static ObjString *makeString(const char *a, int na, const char *b, int nb) {
  int length = na + nb;
  char *tmp = reallocate(NULL, length + 1);
  memcpy(tmp, a, na);
  memcpy(tmp + na, b, nb);
  tmp[length] = '\0';
  uint32_t hash = hashString(tmp, length);
  ObjString *found = internFind(tmp, length, hash);
  if (found) {
    free(tmp);
    return found;
  }
  ObjString *s = (ObjString *)allocate(sizeof(ObjString) + length + 1, OBJ_STRING);
  s->length = length;
  s->hash = hash;
  memcpy(s->chars, tmp, length + 1);
  free(tmp);
  internAdd(s);
  return s;
}

ObjString *copyString(const char *chars, int length) { return makeString(chars, length, "", 0); }
ObjString *concatStrings(ObjString *a, ObjString *b) { return makeString(a->chars, a->length, b->chars, b->length); }

ObjFunction *newFunction(void) {
  ObjFunction *f = (ObjFunction *)allocate(sizeof(ObjFunction), OBJ_FUNCTION);
  f->arity = 0;
  f->upvalueCount = 0;
  f->name = NULL;
  initChunk(&f->chunk);
  return f;
}

ObjNative *newNative(NativeFn fn, int arity) {
  ObjNative *n = (ObjNative *)allocate(sizeof(ObjNative), OBJ_NATIVE);
  n->fn = fn;
  n->arity = arity;
  return n;
}

ObjClosure *newClosure(ObjFunction *f) {
  ObjClosure *c = (ObjClosure *)allocate(sizeof(ObjClosure), OBJ_CLOSURE);
  c->function = f;
  c->upvalueCount = f->upvalueCount;
  c->upvalues = f->upvalueCount ? reallocate(NULL, sizeof(ObjUpvalue *) * f->upvalueCount) : NULL;
  for (int i = 0; i < f->upvalueCount; i++) c->upvalues[i] = NULL;
  return c;
}

ObjUpvalue *newUpvalue(Value *slot) {
  ObjUpvalue *u = (ObjUpvalue *)allocate(sizeof(ObjUpvalue), OBJ_UPVALUE);
  u->location = slot;
  u->closed = NIL_VAL;
  u->next = NULL;
  return u;
}

ObjClass *newClass(ObjString *name) {
  ObjClass *k = (ObjClass *)allocate(sizeof(ObjClass), OBJ_CLASS);
  k->name = name;
  k->init = NIL_VAL;
  initTable(&k->methods);
  return k;
}

ObjInstance *newInstance(ObjClass *klass) {
  ObjInstance *i = (ObjInstance *)allocate(sizeof(ObjInstance), OBJ_INSTANCE);
  i->klass = klass;
  initTable(&i->fields);
  return i;
}

ObjBound *newBound(Value receiver, ObjClosure *m) {
  ObjBound *b = (ObjBound *)allocate(sizeof(ObjBound), OBJ_BOUND);
  b->receiver = receiver;
  b->method = m;
  return b;
}

/* ---- tables: open addressing, keys are interned strings ---- */
void initTable(Table *t) {
  t->count = t->capacity = 0;
  t->entries = NULL;
}

static Entry *findEntry(Entry *entries, int capacity, ObjString *key) {
  uint32_t i = key->hash & (capacity - 1);
  Entry *tomb = NULL;
  for (;;) {
    Entry *e = &entries[i];
    if (e->key == NULL) {
      if (IS_NIL(e->value)) return tomb ? tomb : e;
      if (!tomb) tomb = e;
    } else if (e->key == key) return e;
    i = (i + 1) & (capacity - 1);
  }
}

static void grow(Table *t) {
  int cap = t->capacity < 8 ? 8 : t->capacity * 2;
  Entry *entries = reallocate(NULL, sizeof(Entry) * cap);
  for (int i = 0; i < cap; i++) entries[i] = (Entry){NULL, NIL_VAL};
  t->count = 0;
  for (int i = 0; i < t->capacity; i++) {
    Entry *e = &t->entries[i];
    if (!e->key) continue;
    Entry *d = findEntry(entries, cap, e->key);
    *d = *e;
    t->count++;
  }
  free(t->entries);
  t->entries = entries;
  t->capacity = cap;
}

bool tableGet(Table *t, ObjString *key, Value *out) {
  if (t->count == 0) return false;
  Entry *e = findEntry(t->entries, t->capacity, key);
  if (!e->key) return false;
  *out = e->value;
  return true;
}

bool tableSet(Table *t, ObjString *key, Value v) {
  if (t->count + 1 > t->capacity * 3 / 4) grow(t);
  Entry *e = findEntry(t->entries, t->capacity, key);
  bool isNew = e->key == NULL;
  if (isNew && IS_NIL(e->value)) t->count++;
  e->key = key;
  e->value = v;
  return isNew;
}

bool tableDelete(Table *t, ObjString *key) {
  if (t->count == 0) return false;
  Entry *e = findEntry(t->entries, t->capacity, key);
  if (!e->key) return false;
  e->key = NULL;
  e->value = BOOL_VAL(true);
  return true;
}

void tableAddAll(Table *from, Table *to) {
  for (int i = 0; i < from->capacity; i++) {
    Entry *e = &from->entries[i];
    if (e->key) tableSet(to, e->key, e->value);
  }
}

/* ---- values ---- */
bool valuesEqual(Value a, Value b) {
  if (a.type != b.type) return false;
  switch (a.type) {
  case VAL_NIL: return true;
  case VAL_BOOL: return a.as.boolean == b.as.boolean;
  case VAL_NUMBER: return a.as.number == b.as.number;
  case VAL_OBJ: return a.as.obj == b.as.obj;
  }
  return false;
}

bool isFalsey(Value v) { return IS_NIL(v) || (IS_BOOL(v) && !v.as.boolean); }

/* The shortest decimal that reads back as the same double; integers without a fraction. */
void formatNumber(char *buf, size_t n, double v) {
  if (isnan(v)) {
    snprintf(buf, n, "nan");
    return;
  }
  if (isinf(v)) {
    snprintf(buf, n, v > 0 ? "inf" : "-inf");
    return;
  }
  if (v == floor(v) && fabs(v) < 1e16) {
    if (v == 0 && signbit(v)) snprintf(buf, n, "-0");
    else snprintf(buf, n, "%.0f", v);
    return;
  }
  for (int p = 1; p <= 17; p++) {
    snprintf(buf, n, "%.*g", p, v);
    if (strtod(buf, NULL) == v) return;
  }
}

void formatLiteral(char *buf, size_t n, double v) {
  if (v == floor(v) && fabs(v) < 1e16) snprintf(buf, n, "%.0f.0", v);
  else formatNumber(buf, n, v);
}

void printValue(Value v) {
  char buf[64];
  switch (v.type) {
  case VAL_NIL: fputs("nil", stdout); return;
  case VAL_BOOL: fputs(v.as.boolean ? "true" : "false", stdout); return;
  case VAL_NUMBER: formatNumber(buf, sizeof buf, v.as.number); fputs(buf, stdout); return;
  case VAL_OBJ: break;
  }
  switch (OBJ_TYPE(v)) {
  case OBJ_STRING: fwrite(AS_CSTRING(v), 1, AS_STRING(v)->length, stdout); break;
  case OBJ_FUNCTION: {
    ObjFunction *f = (ObjFunction *)v.as.obj;
    if (f->name) printf("<fn %s>", f->name->chars);
    else fputs("<script>", stdout);
    break;
  }
  case OBJ_NATIVE: fputs("<native fn>", stdout); break;
  case OBJ_CLOSURE: printValue(OBJ_VAL(((ObjClosure *)v.as.obj)->function)); break;
  case OBJ_BOUND: printValue(OBJ_VAL(((ObjBound *)v.as.obj)->method->function)); break;
  case OBJ_UPVALUE: fputs("upvalue", stdout); break;
  case OBJ_CLASS: fputs(((ObjClass *)v.as.obj)->name->chars, stdout); break;
  case OBJ_INSTANCE: printf("%s instance", ((ObjInstance *)v.as.obj)->klass->name->chars); break;
  }
}

/* ---- chunks ---- */
void initChunk(Chunk *c) {
  c->count = c->capacity = 0;
  c->code = NULL;
  c->lines = NULL;
  c->constCount = c->constCapacity = 0;
  c->constants = NULL;
}

void writeChunk(Chunk *c, uint8_t byte, int line) {
  if (c->count == c->capacity) {
    c->capacity = c->capacity < 8 ? 8 : c->capacity * 2;
    c->code = reallocate(c->code, c->capacity);
    c->lines = reallocate(c->lines, sizeof(int) * c->capacity);
  }
  c->code[c->count] = byte;
  c->lines[c->count] = line;
  c->count++;
}

int addConstant(Chunk *c, Value v) {
  for (int i = 0; i < c->constCount; i++) {
    if (c->constants[i].type == v.type && valuesEqual(c->constants[i], v) && !IS_OBJ(v)) return i;
    if (IS_OBJ(v) && IS_OBJ(c->constants[i]) && c->constants[i].as.obj == v.as.obj && OBJ_TYPE(v) == OBJ_STRING) return i;
  }
  if (c->constCount == c->constCapacity) {
    c->constCapacity = c->constCapacity < 8 ? 8 : c->constCapacity * 2;
    c->constants = reallocate(c->constants, sizeof(Value) * c->constCapacity);
  }
  c->constants[c->constCount] = v;
  return c->constCount++;
}
