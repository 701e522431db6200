# Syntax tree nodes: plain classes with slots; the parser builds them, the rest walks them.
class Node:
    __slots__ = ()

    def __init__(self, *args):
        for name, value in zip(self.__slots__, args):
            setattr(self, name, value)


def node(name, fields):
    return type(name, (Node,), {"__slots__": tuple(fields.split())})


Literal = node("Literal", "value line")
Grouping = node("Grouping", "expr")
Unary = node("Unary", "op right")
Binary = node("Binary", "left op right")
Logical = node("Logical", "left op right")
Variable = node("Variable", "name")
Assign = node("Assign", "name value")
Call = node("Call", "callee paren args")
Get = node("Get", "obj name")
Set = node("Set", "obj name value")
This = node("This", "keyword")
Super = node("Super", "keyword method")
Pipe = node("Pipe", "left op right")

Expression = node("Expression", "expr")
Print = node("Print", "expr")
Var = node("Var", "name init")
Block = node("Block", "stmts")
If = node("If", "cond then other")
While = node("While", "cond body")
Function = node("Function", "name params body")
Return = node("Return", "keyword value")
Class = node("Class", "name superclass methods")
Match = node("Match", "subject arms")  # arms: (pattern, statement); a pattern is ("any",) or ("value", v)
