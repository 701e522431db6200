# Static pass: binds each local variable use to its scope distance and reports the
# resolver's errors (own initializer, redeclaration, misplaced return/this/super).
from . import ast as A


class Resolver:
    def __init__(self):
        self.scopes = []
        self.locals = {}
        self.errors = []
        self.function = None
        self.klass = None

    def error(self, token, message):
        where = "at end" if token.kind == "EOF" else f"at '{token.lexeme}'"
        self.errors.append(f"[line {token.line}] Error {where}: {message}")

    def resolve_all(self, stmts):
        for s in stmts:
            self.stmt(s)

    def declare(self, name):
        if not self.scopes:
            return
        scope = self.scopes[-1]
        if name.lexeme in scope:
            self.error(name, "Already a variable with this name in this scope.")
        scope[name.lexeme] = False

    def define(self, name):
        if self.scopes:
            self.scopes[-1][name.lexeme] = True

    def local(self, expr, name):
        for depth, scope in enumerate(reversed(self.scopes)):
            if name.lexeme in scope:
                self.locals[id(expr)] = depth
                return

    def function_body(self, fn, kind):
        enclosing, self.function = self.function, kind
        self.scopes.append({})
        for p in fn.params:
            self.declare(p)
            self.define(p)
        self.resolve_all(fn.body)
        self.scopes.pop()
        self.function = enclosing

    def stmt(self, s):
        t = type(s)
        if t is A.Block:
            self.scopes.append({})
            self.resolve_all(s.stmts)
            self.scopes.pop()
        elif t is A.Var:
            self.declare(s.name)
            if s.init is not None:
                self.expr(s.init)
            self.define(s.name)
        elif t is A.Function:
            self.declare(s.name)
            self.define(s.name)
            self.function_body(s, "function")
        elif t is A.Expression or t is A.Print:
            self.expr(s.expr)
        elif t is A.If:
            self.expr(s.cond)
            self.stmt(s.then)
            if s.other is not None:
                self.stmt(s.other)
        elif t is A.While:
            self.expr(s.cond)
            self.stmt(s.body)
        elif t is A.Return:
            if self.function is None:
                self.error(s.keyword, "Can't return from top-level code.")
            if s.value is not None:
                if self.function == "initializer":
                    self.error(s.keyword, "Can't return a value from an initializer.")
                self.expr(s.value)
        elif t is A.Match:
            self.expr(s.subject)
            for _, body in s.arms:
                self.stmt(body)
        elif t is A.Class:
            enclosing, self.klass = self.klass, "class"
            self.declare(s.name)
            self.define(s.name)
            if s.superclass is not None:
                if s.superclass.name.lexeme == s.name.lexeme:
                    self.error(s.superclass.name, "A class can't inherit from itself.")
                self.klass = "subclass"
                self.expr(s.superclass)
                self.scopes.append({"super": True})
            self.scopes.append({"this": True})
            for m in s.methods:
                self.function_body(m, "initializer" if m.name.lexeme == "init" else "method")
            self.scopes.pop()
            if s.superclass is not None:
                self.scopes.pop()
            self.klass = enclosing

    def expr(self, e):
        t = type(e)
        if t is A.Variable:
            if self.scopes and self.scopes[-1].get(e.name.lexeme) is False:
                self.error(e.name, "Can't read local variable in its own initializer.")
            self.local(e, e.name)
        elif t is A.Assign:
            self.expr(e.value)
            self.local(e, e.name)
        elif t in (A.Binary, A.Logical, A.Pipe):
            self.expr(e.left)
            self.expr(e.right)
        elif t is A.Unary:
            self.expr(e.right)
        elif t is A.Grouping:
            self.expr(e.expr)
        elif t is A.Call:
            self.expr(e.callee)
            for a in e.args:
                self.expr(a)
        elif t is A.Get:
            self.expr(e.obj)
        elif t is A.Set:
            self.expr(e.value)
            self.expr(e.obj)
        elif t is A.This:
            if self.klass is None:
                self.error(e.keyword, "Can't use 'this' outside of a class.")
                return
            self.local(e, e.keyword)
        elif t is A.Super:
            if self.klass is None:
                self.error(e.keyword, "Can't use 'super' outside of a class.")
            elif self.klass != "subclass":
                self.error(e.keyword, "Can't use 'super' in a class with no superclass.")
            self.local(e, e.keyword)
