# `disassemble`: compiles the resolved syntax tree to a stack-machine instruction listing, one
# chunk per function. (This reference still *runs* programs with the tree-walker.)
from . import ast as A
from .interpreter import stringify


def line_of(node, fallback):
    for field in ("op", "name", "paren", "keyword"):
        tok = getattr(node, field, None) if field in getattr(node, "__slots__", ()) else None
        if tok is not None and hasattr(tok, "line"):
            return tok.line
    if isinstance(node, A.Literal):
        return node.line
    return fallback


class Chunk:
    def __init__(self, name):
        self.name = name
        self.code = []  # (line, op, operand)
        self.children = []

    def emit(self, line, op, operand=""):
        self.code.append((line, op, operand))
        return len(self.code) - 1

    def listing(self):
        out = [f"== {self.name} =="]
        for i, (line, op, operand) in enumerate(self.code):
            out.append(f"{i:04d} {line:4d} {op:<14} {operand}".rstrip())
        for c in self.children:
            out.append(c.listing())
        return "\n".join(out)


BINARY = {
    "PLUS": ["ADD"], "MINUS": ["SUBTRACT"], "STAR": ["MULTIPLY"], "SLASH": ["DIVIDE"],
    "EQUAL_EQUAL": ["EQUAL"], "BANG_EQUAL": ["EQUAL", "NOT"], "LESS": ["LESS"],
    "LESS_EQUAL": ["GREATER", "NOT"], "GREATER": ["GREATER"], "GREATER_EQUAL": ["LESS", "NOT"],
}


def show_constant(v):
    return f'"{v}"' if isinstance(v, str) else stringify(v)


class Compiler:
    def __init__(self, chunk):
        self.chunk = chunk
        self.line = 1

    def emit(self, op, operand="", line=None):
        return self.chunk.emit(line or self.line, op, operand)

    def patch(self, at):
        line, op, _ = self.chunk.code[at]
        self.chunk.code[at] = (line, op, f"-> {len(self.chunk.code):04d}")

    def stmts(self, stmts):
        for s in stmts:
            self.stmt(s)

    def stmt(self, s):
        t = type(s)
        if t is A.Expression:
            self.expr(s.expr)
            self.emit("POP")
        elif t is A.Print:
            self.expr(s.expr)
            self.emit("PRINT")
        elif t is A.Var:
            self.line = s.name.line
            if s.init is None:
                self.emit("NIL")
            else:
                self.expr(s.init)
            self.emit("DEFINE", s.name.lexeme, s.name.line)
        elif t is A.Block:
            self.stmts(s.stmts)
            self.emit("END_SCOPE")
        elif t is A.If:
            self.expr(s.cond)
            skip = self.emit("JUMP_IF_FALSE")
            self.emit("POP")
            self.stmt(s.then)
            end = self.emit("JUMP")
            self.patch(skip)
            self.emit("POP")
            if s.other is not None:
                self.stmt(s.other)
            self.patch(end)
        elif t is A.While:
            start = len(self.chunk.code)
            self.expr(s.cond)
            exit_ = self.emit("JUMP_IF_FALSE")
            self.emit("POP")
            self.stmt(s.body)
            self.emit("LOOP", f"-> {start:04d}")
            self.patch(exit_)
            self.emit("POP")
        elif t is A.Function:
            self.function(s, "CLOSURE")
            self.emit("DEFINE", s.name.lexeme, s.name.line)
        elif t is A.Return:
            self.line = s.keyword.line
            if s.value is None:
                self.emit("NIL")
            else:
                self.expr(s.value)
            self.emit("RETURN")
        elif t is A.Class:
            self.line = s.name.line
            self.emit("CLASS", f'"{s.name.lexeme}"')
            self.emit("DEFINE", s.name.lexeme)
            if s.superclass is not None:
                self.emit("GET", s.superclass.name.lexeme)
                self.emit("GET", s.name.lexeme)
                self.emit("INHERIT")
            self.emit("GET", s.name.lexeme)
            for m in s.methods:
                self.function(m, "CLOSURE")
                self.emit("METHOD", f'"{m.name.lexeme}"')
            self.emit("POP")

    def function(self, fn, op):
        child = Chunk(f"<fn {fn.name.lexeme}>")
        self.chunk.children.append(child)
        c = Compiler(child)
        c.line = fn.name.line
        c.stmts(fn.body)
        c.emit("NIL")
        c.emit("RETURN")
        self.line = fn.name.line
        self.emit(op, f"<fn {fn.name.lexeme}> ({len(fn.params)} params)")

    def expr(self, e):
        self.line = line_of(e, self.line)
        t = type(e)
        if t is A.Literal:
            v = e.value
            if v is None:
                self.emit("NIL")
            elif v is True:
                self.emit("TRUE")
            elif v is False:
                self.emit("FALSE")
            else:
                self.emit("CONSTANT", show_constant(v))
        elif t is A.Grouping:
            self.expr(e.expr)
        elif t is A.Unary:
            self.expr(e.right)
            self.emit("NOT" if e.op.kind == "BANG" else "NEGATE", line=e.op.line)
        elif t is A.Binary:
            self.expr(e.left)
            self.expr(e.right)
            for op in BINARY[e.op.kind]:
                self.emit(op, line=e.op.line)
        elif t is A.Logical:
            self.expr(e.left)
            if e.op.kind == "AND":
                end = self.emit("JUMP_IF_FALSE", line=e.op.line)
            else:
                end = self.emit("JUMP_IF_TRUE", line=e.op.line)
            self.emit("POP")
            self.expr(e.right)
            self.patch(end)
        elif t is A.Pipe:
            self.expr(e.left)
            self.expr(e.right)
            self.emit("SWAP", line=e.op.line)
            self.emit("CALL", "1", e.op.line)
        elif t is A.Variable:
            self.emit("GET", e.name.lexeme, e.name.line)
        elif t is A.Assign:
            self.expr(e.value)
            self.emit("SET", e.name.lexeme, e.name.line)
        elif t is A.Call:
            self.expr(e.callee)
            for a in e.args:
                self.expr(a)
            self.emit("CALL", str(len(e.args)), e.paren.line)
        elif t is A.Get:
            self.expr(e.obj)
            self.emit("GET_PROPERTY", f'"{e.name.lexeme}"', e.name.line)
        elif t is A.Set:
            self.expr(e.obj)
            self.expr(e.value)
            self.emit("SET_PROPERTY", f'"{e.name.lexeme}"', e.name.line)
        elif t is A.This:
            self.emit("GET", "this", e.keyword.line)
        elif t is A.Super:
            self.emit("GET", "this", e.keyword.line)
            self.emit("GET_SUPER", f'"{e.method.lexeme}"', e.keyword.line)


def disassemble(program):
    top = Chunk("<script>")
    c = Compiler(top)
    c.stmts(program)
    c.emit("NIL")
    c.emit("RETURN")
    return top.listing() + "\n"
