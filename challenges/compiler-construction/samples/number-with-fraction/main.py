# A sample that prints every number as a float (3.0 instead of 3) when it evaluates.
import sys

KEYWORDS = {"and", "class", "else", "false", "for", "fun", "if", "nil", "or", "print", "return",
            "super", "this", "true", "var", "while"}
SINGLE = {"(": "LEFT_PAREN", ")": "RIGHT_PAREN", "{": "LEFT_BRACE", "}": "RIGHT_BRACE", ",": "COMMA",
          ".": "DOT", "-": "MINUS", "+": "PLUS", ";": "SEMICOLON", "*": "STAR", "/": "SLASH"}
PAIRS = {"!": "BANG", "=": "EQUAL", "<": "LESS", ">": "GREATER"}


def literal_text(v):
    if isinstance(v, float):
        return f"{int(v)}.0" if v == int(v) else repr(v)
    return "null" if v is None else v


def scan(src):
    toks, errs, i, line = [], [], 0, 1
    while i < len(src):
        c, start = src[i], i
        i += 1
        if c == "/" and src[i:i + 1] == "/":
            while i < len(src) and src[i] != "\n":
                i += 1
        elif c in SINGLE:
            toks.append((SINGLE[c], c, None, line))
        elif c in PAIRS:
            if src[i:i + 1] == "=":
                i += 1
                toks.append((PAIRS[c] + "_EQUAL", c + "=", None, line))
            else:
                toks.append((PAIRS[c], c, None, line))
        elif c == "\n":
            line += 1
        elif c in " \t\r":
            pass
        elif c == '"':
            first = line
            while i < len(src) and src[i] != '"':
                line += src[i] == "\n"
                i += 1
            if i >= len(src):
                errs.append(f"[line {line}] Error: Unterminated string.")
                continue
            i += 1
            toks.append(("STRING", src[start:i], src[start + 1:i - 1], first))
        elif c.isdigit():
            while i < len(src) and src[i].isdigit():
                i += 1
            if src[i:i + 1] == "." and src[i + 1:i + 2].isdigit():
                i += 1
                while i < len(src) and src[i].isdigit():
                    i += 1
            toks.append(("NUMBER", src[start:i], float(src[start:i]), line))
        elif c.isalpha() or c == "_":
            while i < len(src) and (src[i].isalnum() or src[i] == "_"):
                i += 1
            w = src[start:i]
            toks.append((w.upper() if w in KEYWORDS else "IDENTIFIER", w, None, line))
        else:
            errs.append(f"[line {line}] Error: Unexpected character.")
    toks.append(("EOF", "", None, line))
    return toks, errs


class SyntaxErr(Exception):
    pass


class Parser:
    def __init__(self, toks):
        self.toks, self.i = toks, 0

    def peek(self):
        return self.toks[self.i]

    def take(self, *kinds):
        if self.peek()[0] in kinds:
            self.i += 1
            return self.toks[self.i - 1]
        return None

    def fail(self, msg):
        t = self.peek()
        where = "at end" if t[0] == "EOF" else f"at '{t[1]}'"
        raise SyntaxErr(f"[line {t[3]}] Error {where}: {msg}")

    def binary(self, nxt, *kinds):
        e = nxt()
        while (op := self.take(*kinds)):
            e = ("bin", op, e, nxt())
        return e

    def expression(self):
        return self.binary(self.comparison, "EQUAL_EQUAL", "BANG_EQUAL")

    def comparison(self):
        return self.binary(self.term, "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL")

    def term(self):
        return self.binary(self.factor, "PLUS", "MINUS")

    def factor(self):
        return self.binary(self.unary, "STAR", "SLASH")

    def unary(self):
        op = self.take("BANG", "MINUS")
        return ("un", op, self.unary()) if op else self.primary()

    def primary(self):
        t = self.take("NUMBER", "STRING", "TRUE", "FALSE", "NIL")
        if t:
            return ("lit", {"TRUE": True, "FALSE": False, "NIL": None}.get(t[0], t[2]))
        if self.take("LEFT_PAREN"):
            e = self.expression()
            if not self.take("RIGHT_PAREN"):
                self.fail("Expect ')' after expression.")
            return ("group", e)
        self.fail("Expect expression.")


def show(e):
    if e[0] == "lit":
        v = e[1]
        return "nil" if v is None else "true" if v is True else "false" if v is False else literal_text(v)
    if e[0] == "group":
        return f"(group {show(e[1])})"
    if e[0] == "un":
        return f"({e[1][1]} {show(e[2])})"
    return f"({e[1][1]} {show(e[2])} {show(e[3])})"


class RuntimeErr(Exception):
    def __init__(self, msg, line):
        self.msg, self.line = msg, line


def value_text(v):
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return v


def truthy(v):
    return v is not None and v is not False


def evaluate(e):
    if e[0] == "lit":
        return e[1]
    if e[0] == "group":
        return evaluate(e[1])
    if e[0] == "un":
        v = evaluate(e[2])
        if e[1][0] == "BANG":
            return not truthy(v)
        if not isinstance(v, float):
            raise RuntimeErr("Operand must be a number.", e[1][3])
        return -v
    op, a, b = e[1], evaluate(e[2]), evaluate(e[3])
    k = op[0]
    if k in ("EQUAL_EQUAL", "BANG_EQUAL"):
        same = type(a) is type(b) and a == b
        return same if k == "EQUAL_EQUAL" else not same
    if k == "PLUS":
        if isinstance(a, float) and isinstance(b, float) or isinstance(a, str) and isinstance(b, str):
            return a + b
        raise RuntimeErr("Operands must be two numbers or two strings.", op[3])
    if not (isinstance(a, float) and isinstance(b, float)):
        raise RuntimeErr("Operands must be numbers.", op[3])
    return {"MINUS": lambda: a - b, "STAR": lambda: a * b, "SLASH": lambda: a / b, "LESS": lambda: a < b,
            "LESS_EQUAL": lambda: a <= b, "GREATER": lambda: a > b, "GREATER_EQUAL": lambda: a >= b}[k]()


def main():
    command, path = sys.argv[1], sys.argv[2]
    toks, errs = scan(open(path, encoding="utf-8").read())
    if command == "tokenize":
        for kind, lexeme, lit, line in toks:
            print(f"{line} {kind} {lexeme} {literal_text(lit)}")
        for err in errs:
            print(err, file=sys.stderr)
        sys.exit(65 if errs else 0)
    if command in ("parse", "evaluate"):
        for err in errs:
            print(err, file=sys.stderr)
        try:
            p = Parser(toks)
            tree = p.expression()
            if p.peek()[0] != "EOF":
                p.fail("Expect end of expression.")
        except SyntaxErr as err:
            print(err, file=sys.stderr)
            sys.exit(65)
        if errs:
            sys.exit(65)
        if command == "parse":
            print(show(tree))
            return
        try:
            print(value_text(evaluate(tree)))
        except RuntimeErr as err:
            print(f"{err.msg}\n[line {err.line}]", file=sys.stderr)
            sys.exit(70)
        return
    print(f"{command}: not implemented yet", file=sys.stderr)
    sys.exit(1)


main()
