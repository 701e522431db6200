# The parenthesised prefix form `parse` prints: (+ 1.0 (group (- 2.0))).
from . import ast as A
from .scanner import format_literal


def show_expr(e):
    if isinstance(e, A.Literal):
        if e.value is None:
            return "nil"
        if e.value is True:
            return "true"
        if e.value is False:
            return "false"
        return format_literal(e.value)
    if isinstance(e, A.Grouping):
        return f"(group {show_expr(e.expr)})"
    if isinstance(e, A.Unary):
        return f"({e.op.lexeme} {show_expr(e.right)})"
    if isinstance(e, (A.Binary, A.Logical, A.Pipe)):
        return f"({e.op.lexeme} {show_expr(e.left)} {show_expr(e.right)})"
    if isinstance(e, A.Variable):
        return e.name.lexeme
    if isinstance(e, A.Assign):
        return f"(= {e.name.lexeme} {show_expr(e.value)})"
    if isinstance(e, A.Call):
        return "(call " + " ".join([show_expr(e.callee)] + [show_expr(a) for a in e.args]) + ")"
    if isinstance(e, A.Get):
        return f"(. {show_expr(e.obj)} {e.name.lexeme})"
    if isinstance(e, A.Set):
        return f"(= (. {show_expr(e.obj)} {e.name.lexeme}) {show_expr(e.value)})"
    if isinstance(e, A.This):
        return "this"
    if isinstance(e, A.Super):
        return f"(super {e.method.lexeme})"
    raise TypeError(type(e).__name__)
