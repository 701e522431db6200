# Reference tree-walking interpreter for the track's Lox: scanner, parser, resolver and
# evaluator in one file. ./your_program tokenize|parse|evaluate|run|disassemble FILE
import sys

from lox.scanner import scan, format_literal
from lox.parser import Parser
from lox.printer import show_expr
from lox.resolver import Resolver
from lox.interpreter import Interpreter, LoxRuntimeError, stringify
from lox.compiler import disassemble


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: ./your_program tokenize|parse|evaluate|run|disassemble FILE\n")
        sys.exit(64)
    command, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    sys.setrecursionlimit(20000)

    tokens, errors = scan(source)
    if command == "tokenize":
        out = []
        for t in tokens:
            out.append(f"{t.line} {t.kind} {t.lexeme} {format_literal(t.literal)}")
        sys.stdout.write("\n".join(out) + "\n")
        report(errors)
        sys.exit(65 if errors else 0)

    parser = Parser(tokens)
    if command in ("parse", "evaluate"):
        expr = parser.expression_file()
        errors += parser.errors
        if errors:
            report(errors)
            sys.exit(65)
        if command == "parse":
            print(show_expr(expr))
            return
        interp = Interpreter()
        try:
            print(stringify(interp.evaluate(expr)))
        except LoxRuntimeError as e:
            runtime_error(e)
        return

    if command in ("run", "disassemble"):
        program = parser.program()
        errors += parser.errors
        if not errors:
            resolver = Resolver()
            resolver.resolve_all(program)
            errors += resolver.errors
        if errors:
            report(errors)
            sys.exit(65)
        if command == "disassemble":
            sys.stdout.write(disassemble(program))
            return
        interp = Interpreter(resolver.locals)
        try:
            interp.execute_all(program)
        except LoxRuntimeError as e:
            sys.stdout.flush()
            runtime_error(e)
        return

    sys.stderr.write(f"unknown command: {command}\n")
    sys.exit(64)


def report(errors):
    for e in errors:
        sys.stderr.write(e + "\n")


def runtime_error(e):
    sys.stdout.flush()
    sys.stderr.write(f"{e.message}\n[line {e.line}]\n")
    sys.exit(70)


if __name__ == "__main__":
    main()
