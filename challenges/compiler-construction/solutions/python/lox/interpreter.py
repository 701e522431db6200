# Tree-walking evaluator: environments chained by scope, resolved distances for locals.
import time

from . import ast as A
from .scanner import format_number

MAX_DEPTH = 512


class LoxRuntimeError(Exception):
    def __init__(self, token, message):
        super().__init__(message)
        self.line = token.line
        self.message = message


class ReturnValue(Exception):
    def __init__(self, value):
        self.value = value


class Env:
    __slots__ = ("values", "enclosing")

    def __init__(self, enclosing=None):
        self.values = {}
        self.enclosing = enclosing

    def ancestor(self, distance):
        env = self
        for _ in range(distance):
            env = env.enclosing
        return env


class Callable:
    pass


class Native(Callable):
    def __init__(self, arity, fn):
        self.arity, self.fn = arity, fn

    def call(self, interp, args):
        return self.fn(*args)

    def __str__(self):
        return "<native fn>"


class LoxFunction(Callable):
    def __init__(self, decl, closure, is_init=False):
        self.decl, self.closure, self.is_init = decl, closure, is_init
        self.arity = len(decl.params)

    def bind(self, instance):
        env = Env(self.closure)
        env.values["this"] = instance
        return LoxFunction(self.decl, env, self.is_init)

    def call(self, interp, args):
        env = Env(self.closure)
        for p, a in zip(self.decl.params, args):
            env.values[p.lexeme] = a
        try:
            interp.execute_block(self.decl.body, env)
        except ReturnValue as r:
            if self.is_init:
                return self.closure.values["this"]
            return r.value
        if self.is_init:
            return self.closure.values["this"]
        return None

    def __str__(self):
        return f"<fn {self.decl.name.lexeme}>"


class LoxClass(Callable):
    def __init__(self, name, superclass, methods):
        self.name, self.superclass, self.methods = name, superclass, methods
        init = self.find("init")
        self.arity = init.arity if init else 0

    def find(self, name):
        k = self
        while k is not None:
            if name in k.methods:
                return k.methods[name]
            k = k.superclass
        return None

    def call(self, interp, args):
        inst = LoxInstance(self)
        init = self.find("init")
        if init:
            init.bind(inst).call(interp, args)
        return inst

    def __str__(self):
        return self.name


class LoxInstance:
    def __init__(self, klass):
        self.klass = klass
        self.fields = {}

    def get(self, name):
        if name.lexeme in self.fields:
            return self.fields[name.lexeme]
        m = self.klass.find(name.lexeme)
        if m is not None:
            return m.bind(self)
        raise LoxRuntimeError(name, f"Undefined property '{name.lexeme}'.")

    def __str__(self):
        return f"{self.klass.name} instance"


def stringify(v):
    if v is None:
        return "nil"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        return format_number(v)
    return str(v)


def truthy(v):
    return not (v is None or v is False)


def equal(a, b):
    if type(a) is not type(b):
        return False
    return a == b if isinstance(a, (float, str, bool)) or a is None else a is b


class Interpreter:
    def __init__(self, locals_=None):
        self.globals = Env()
        self.env = self.globals
        self.locals = locals_ or {}
        self.depth = 0
        self.globals.values["clock"] = Native(0, lambda: float(time.time()))

    def execute_all(self, stmts):
        for s in stmts:
            self.execute(s)

    def execute_block(self, stmts, env):
        previous = self.env
        self.env = env
        try:
            for s in stmts:
                self.execute(s)
        finally:
            self.env = previous

    def execute(self, s):
        t = type(s)
        if t is A.Expression:
            self.evaluate(s.expr)
        elif t is A.Print:
            print(stringify(self.evaluate(s.expr)))
        elif t is A.Var:
            self.env.values[s.name.lexeme] = None if s.init is None else self.evaluate(s.init)
        elif t is A.Block:
            self.execute_block(s.stmts, Env(self.env))
        elif t is A.If:
            if truthy(self.evaluate(s.cond)):
                self.execute(s.then)
            elif s.other is not None:
                self.execute(s.other)
        elif t is A.While:
            while truthy(self.evaluate(s.cond)):
                self.execute(s.body)
        elif t is A.Function:
            self.env.values[s.name.lexeme] = LoxFunction(s, self.env)
        elif t is A.Return:
            raise ReturnValue(None if s.value is None else self.evaluate(s.value))
        elif t is A.Match:
            value = self.evaluate(s.subject)
            for pattern, body in s.arms:
                if pattern[0] == "any" or equal(value, pattern[1]):
                    self.execute(body)
                    break
        elif t is A.Class:
            superclass = None
            if s.superclass is not None:
                superclass = self.evaluate(s.superclass)
                if not isinstance(superclass, LoxClass):
                    raise LoxRuntimeError(s.superclass.name, "Superclass must be a class.")
            self.env.values[s.name.lexeme] = None
            env = self.env
            if superclass is not None:
                env = Env(env)
                env.values["super"] = superclass
            methods = {m.name.lexeme: LoxFunction(m, env, m.name.lexeme == "init") for m in s.methods}
            self.env.values[s.name.lexeme] = LoxClass(s.name.lexeme, superclass, methods)

    def lookup(self, name, expr):
        d = self.locals.get(id(expr))
        if d is not None:
            return self.env.ancestor(d).values[name.lexeme]
        if name.lexeme in self.globals.values:
            return self.globals.values[name.lexeme]
        raise LoxRuntimeError(name, f"Undefined variable '{name.lexeme}'.")

    def number_operands(self, op, a, b):
        if not (isinstance(a, float) and isinstance(b, float)):
            raise LoxRuntimeError(op, "Operands must be numbers.")

    def evaluate(self, e):
        t = type(e)
        if t is A.Literal:
            return e.value
        if t is A.Grouping:
            return self.evaluate(e.expr)
        if t is A.Variable:
            return self.lookup(e.name, e)
        if t is A.Assign:
            v = self.evaluate(e.value)
            d = self.locals.get(id(e))
            if d is not None:
                self.env.ancestor(d).values[e.name.lexeme] = v
            elif e.name.lexeme in self.globals.values:
                self.globals.values[e.name.lexeme] = v
            else:
                raise LoxRuntimeError(e.name, f"Undefined variable '{e.name.lexeme}'.")
            return v
        if t is A.Unary:
            r = self.evaluate(e.right)
            if e.op.kind == "BANG":
                return not truthy(r)
            if not isinstance(r, float):
                raise LoxRuntimeError(e.op, "Operand must be a number.")
            return -r
        if t is A.Logical:
            left = self.evaluate(e.left)
            if e.op.kind == "OR":
                return left if truthy(left) else self.evaluate(e.right)
            return self.evaluate(e.right) if truthy(left) else left
        if t is A.Binary:
            a = self.evaluate(e.left)
            b = self.evaluate(e.right)
            k = e.op.kind
            if k == "PLUS":
                if isinstance(a, float) and isinstance(b, float):
                    return a + b
                if isinstance(a, str) and isinstance(b, str):
                    return a + b
                raise LoxRuntimeError(e.op, "Operands must be two numbers or two strings.")
            if k == "EQUAL_EQUAL":
                return equal(a, b)
            if k == "BANG_EQUAL":
                return not equal(a, b)
            self.number_operands(e.op, a, b)
            if k == "MINUS":
                return a - b
            if k == "STAR":
                return a * b
            if k == "SLASH":
                if b == 0:
                    if a == 0 or a != a:
                        return float("nan")
                    return float("inf") if (a > 0) == (str(b)[0] != "-") else float("-inf")
                return a / b
            if k == "GREATER":
                return a > b
            if k == "GREATER_EQUAL":
                return a >= b
            if k == "LESS":
                return a < b
            if k == "LESS_EQUAL":
                return a <= b
        if t is A.Call:
            callee = self.evaluate(e.callee)
            args = [self.evaluate(a) for a in e.args]
            return self.call(callee, args, e.paren)
        if t is A.Pipe:
            arg = self.evaluate(e.left)
            callee = self.evaluate(e.right)
            return self.call(callee, [arg], e.op)
        if t is A.Get:
            obj = self.evaluate(e.obj)
            if isinstance(obj, LoxInstance):
                return obj.get(e.name)
            raise LoxRuntimeError(e.name, "Only instances have properties.")
        if t is A.Set:
            obj = self.evaluate(e.obj)
            if not isinstance(obj, LoxInstance):
                raise LoxRuntimeError(e.name, "Only instances have fields.")
            v = self.evaluate(e.value)
            obj.fields[e.name.lexeme] = v
            return v
        if t is A.This:
            return self.lookup(e.keyword, e)
        if t is A.Super:
            d = self.locals[id(e)]
            superclass = self.env.ancestor(d).values["super"]
            inst = self.env.ancestor(d - 1).values["this"]
            m = superclass.find(e.method.lexeme)
            if m is None:
                raise LoxRuntimeError(e.method, f"Undefined property '{e.method.lexeme}'.")
            return m.bind(inst)
        raise TypeError(t.__name__)

    def call(self, callee, args, token):
        if not isinstance(callee, Callable):
            raise LoxRuntimeError(token, "Can only call functions and classes.")
        if len(args) != callee.arity:
            raise LoxRuntimeError(token, f"Expected {callee.arity} arguments but got {len(args)}.")
        if self.depth >= MAX_DEPTH:
            raise LoxRuntimeError(token, "Stack overflow.")
        self.depth += 1
        try:
            return callee.call(self, args)
        finally:
            self.depth -= 1
