# Source text to tokens. Errors are collected (the scan goes on after them).
KEYWORDS = {
    "and": "AND", "class": "CLASS", "else": "ELSE", "false": "FALSE", "for": "FOR", "fun": "FUN",
    "if": "IF", "nil": "NIL", "or": "OR", "print": "PRINT", "return": "RETURN", "super": "SUPER",
    "this": "THIS", "true": "TRUE", "var": "VAR", "while": "WHILE",
}
SINGLE = {
    "(": "LEFT_PAREN", ")": "RIGHT_PAREN", "{": "LEFT_BRACE", "}": "RIGHT_BRACE", ",": "COMMA",
    ".": "DOT", "-": "MINUS", "+": "PLUS", ";": "SEMICOLON", "*": "STAR", "/": "SLASH",
}
DOUBLE = {"!": ("BANG", "BANG_EQUAL"), "=": ("EQUAL", "EQUAL_EQUAL"), "<": ("LESS", "LESS_EQUAL"), ">": ("GREATER", "GREATER_EQUAL")}


class Token:
    __slots__ = ("kind", "lexeme", "literal", "line")

    def __init__(self, kind, lexeme, literal, line):
        self.kind, self.lexeme, self.literal, self.line = kind, lexeme, literal, line


def format_number(n):
    if n != n:
        return "nan"
    if n in (float("inf"), float("-inf")):
        return "inf" if n > 0 else "-inf"
    if n == int(n) and abs(n) < 1e16:
        return "-0" if n == 0 and str(n).startswith("-") else str(int(n))
    return repr(n)


def format_literal(v):
    if v is None:
        return "null"
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e16:
            return f"{int(v)}.0"
        return repr(v)
    return v


def scan(src):
    tokens, errors = [], []
    i, line, n = 0, 1, len(src)
    while i < n:
        c = src[i]
        start = i
        i += 1
        if c in SINGLE:
            if c == "/" and i < n and src[i] == "/":
                while i < n and src[i] != "\n":
                    i += 1
                continue
            tokens.append(Token(SINGLE[c], c, None, line))
        elif c == "|" and i < n and src[i] == ">":
            i += 1
            tokens.append(Token("PIPE_GREATER", "|>", None, line))
        elif c in DOUBLE:
            if i < n and src[i] == "=":
                i += 1
                tokens.append(Token(DOUBLE[c][1], src[start:i], None, line))
            else:
                tokens.append(Token(DOUBLE[c][0], c, None, line))
        elif c == "\n":
            line += 1
        elif c in " \r\t":
            pass
        elif c == '"':
            first = line
            while i < n and src[i] != '"':
                if src[i] == "\n":
                    line += 1
                i += 1
            if i >= n:
                errors.append(f"[line {line}] Error: Unterminated string.")
                continue
            i += 1
            tokens.append(Token("STRING", src[start:i], src[start + 1:i - 1], first))
        elif c.isdigit() and c.isascii():
            while i < n and src[i].isascii() and src[i].isdigit():
                i += 1
            if i + 1 < n and src[i] == "." and src[i + 1].isascii() and src[i + 1].isdigit():
                i += 1
                while i < n and src[i].isascii() and src[i].isdigit():
                    i += 1
            tokens.append(Token("NUMBER", src[start:i], float(src[start:i]), line))
        elif c.isascii() and (c.isalpha() or c == "_"):
            while i < n and src[i].isascii() and (src[i].isalnum() or src[i] == "_"):
                i += 1
            word = src[start:i]
            tokens.append(Token(KEYWORDS.get(word, "IDENTIFIER"), word, None, line))
        else:
            errors.append(f"[line {line}] Error: Unexpected character.")
    tokens.append(Token("EOF", "", None, line))
    return tokens, errors
