# Recursive descent parser: tokens to statements (or a single expression for parse/evaluate).
from . import ast as A


class ParseError(Exception):
    pass


class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0
        self.errors = []

    # helpers
    def peek(self):
        return self.tokens[self.i]

    def previous(self):
        return self.tokens[self.i - 1]

    def at_end(self):
        return self.peek().kind == "EOF"

    def check(self, kind):
        return self.peek().kind == kind

    def advance(self):
        if not self.at_end():
            self.i += 1
        return self.previous()

    def match(self, *kinds):
        if self.peek().kind in kinds:
            self.advance()
            return True
        return False

    def consume(self, kind, message):
        if self.check(kind):
            return self.advance()
        raise self.error(self.peek(), message)

    def error(self, token, message):
        where = "at end" if token.kind == "EOF" else f"at '{token.lexeme}'"
        self.errors.append(f"[line {token.line}] Error {where}: {message}")
        return ParseError()

    def synchronize(self):
        self.advance()
        while not self.at_end():
            if self.previous().kind == "SEMICOLON":
                return
            if self.peek().kind in ("CLASS", "FUN", "VAR", "FOR", "IF", "WHILE", "PRINT", "RETURN"):
                return
            self.advance()

    # entry points
    def expression_file(self):
        try:
            e = self.expression()
            if not self.at_end():
                self.error(self.peek(), "Expect end of expression.")
            return e
        except ParseError:
            return None

    def program(self):
        stmts = []
        while not self.at_end():
            s = self.declaration()
            if s is not None:
                stmts.append(s)
        return stmts

    # statements
    def declaration(self):
        try:
            if self.match("CLASS"):
                return self.class_decl()
            if self.match("FUN"):
                return self.function("function")
            if self.match("VAR"):
                return self.var_decl()
            return self.statement()
        except ParseError:
            self.synchronize()
            return None

    def class_decl(self):
        name = self.consume("IDENTIFIER", "Expect class name.")
        superclass = None
        if self.match("LESS"):
            self.consume("IDENTIFIER", "Expect superclass name.")
            superclass = A.Variable(self.previous())
        self.consume("LEFT_BRACE", "Expect '{' before class body.")
        methods = []
        while not self.check("RIGHT_BRACE") and not self.at_end():
            methods.append(self.function("method"))
        self.consume("RIGHT_BRACE", "Expect '}' after class body.")
        return A.Class(name, superclass, methods)

    def function(self, kind):
        name = self.consume("IDENTIFIER", f"Expect {kind} name.")
        self.consume("LEFT_PAREN", f"Expect '(' after {kind} name.")
        params = []
        if not self.check("RIGHT_PAREN"):
            while True:
                if len(params) >= 255:
                    self.error(self.peek(), "Can't have more than 255 parameters.")
                params.append(self.consume("IDENTIFIER", "Expect parameter name."))
                if not self.match("COMMA"):
                    break
        self.consume("RIGHT_PAREN", "Expect ')' after parameters.")
        self.consume("LEFT_BRACE", f"Expect '{{' before {kind} body.")
        return A.Function(name, params, self.block())

    def var_decl(self):
        name = self.consume("IDENTIFIER", "Expect variable name.")
        init = self.expression() if self.match("EQUAL") else None
        self.consume("SEMICOLON", "Expect ';' after variable declaration.")
        return A.Var(name, init)

    def statement(self):
        if self.peek().kind == "IDENTIFIER" and self.peek().lexeme == "match":
            stmt = self.try_match()
            if stmt is not None:
                return stmt
        if self.match("FOR"):
            return self.for_stmt()
        if self.match("IF"):
            self.consume("LEFT_PAREN", "Expect '(' after 'if'.")
            cond = self.expression()
            self.consume("RIGHT_PAREN", "Expect ')' after if condition.")
            then = self.statement()
            other = self.statement() if self.match("ELSE") else None
            return A.If(cond, then, other)
        if self.match("PRINT"):
            value = self.expression()
            self.consume("SEMICOLON", "Expect ';' after value.")
            return A.Print(value)
        if self.match("RETURN"):
            keyword = self.previous()
            value = None if self.check("SEMICOLON") else self.expression()
            self.consume("SEMICOLON", "Expect ';' after return value.")
            return A.Return(keyword, value)
        if self.match("WHILE"):
            self.consume("LEFT_PAREN", "Expect '(' after 'while'.")
            cond = self.expression()
            self.consume("RIGHT_PAREN", "Expect ')' after condition.")
            return A.While(cond, self.statement())
        if self.match("LEFT_BRACE"):
            return A.Block(self.block())
        expr = self.expression()
        self.consume("SEMICOLON", "Expect ';' after expression.")
        return A.Expression(expr)

    def try_match(self):
        """`match (subject) { pattern => statement ... }`; anything else named match is a name."""
        start, errors = self.i, len(self.errors)
        try:
            self.advance()
            self.consume("LEFT_PAREN", "")
            subject = self.expression()
            self.consume("RIGHT_PAREN", "")
        except ParseError:
            subject = None
        if subject is None or not self.check("LEFT_BRACE"):
            self.i = start
            del self.errors[errors:]
            return None
        self.advance()
        arms = []
        while not self.check("RIGHT_BRACE") and not self.at_end():
            if self.match("NUMBER", "STRING"):
                pattern = ("value", self.previous().literal)
            elif self.match("TRUE", "FALSE", "NIL"):
                pattern = ("value", {"TRUE": True, "FALSE": False, "NIL": None}[self.previous().kind])
            elif self.peek().kind == "IDENTIFIER" and self.peek().lexeme == "_":
                self.advance()
                pattern = ("any",)
            else:
                raise self.error(self.peek(), "Expect a pattern.")
            self.consume("EQUAL", "Expect '=>' after a pattern.")
            self.consume("GREATER", "Expect '=>' after a pattern.")
            arms.append((pattern, self.statement()))
        self.consume("RIGHT_BRACE", "Expect '}' after the arms.")
        return A.Match(subject, arms)

    def for_stmt(self):
        line = self.previous().line
        self.consume("LEFT_PAREN", "Expect '(' after 'for'.")
        if self.match("SEMICOLON"):
            init = None
        elif self.match("VAR"):
            init = self.var_decl()
        else:
            e = self.expression()
            self.consume("SEMICOLON", "Expect ';' after expression.")
            init = A.Expression(e)
        cond = None if self.check("SEMICOLON") else self.expression()
        self.consume("SEMICOLON", "Expect ';' after loop condition.")
        incr = None if self.check("RIGHT_PAREN") else self.expression()
        self.consume("RIGHT_PAREN", "Expect ')' after for clauses.")
        body = self.statement()
        if incr is not None:
            body = A.Block([body, A.Expression(incr)])
        body = A.While(cond if cond is not None else A.Literal(True, line), body)
        if init is not None:
            body = A.Block([init, body])
        return body

    def block(self):
        stmts = []
        while not self.check("RIGHT_BRACE") and not self.at_end():
            s = self.declaration()
            if s is not None:
                stmts.append(s)
        self.consume("RIGHT_BRACE", "Expect '}' after block.")
        return stmts

    # expressions
    def expression(self):
        return self.assignment()

    def assignment(self):
        expr = self.pipe()
        if self.match("EQUAL"):
            equals = self.previous()
            value = self.assignment()
            if isinstance(expr, A.Variable):
                return A.Assign(expr.name, value)
            if isinstance(expr, A.Get):
                return A.Set(expr.obj, expr.name, value)
            self.error(equals, "Invalid assignment target.")
        return expr

    def pipe(self):
        expr = self.logic_or()
        while self.match("PIPE_GREATER"):
            op = self.previous()
            expr = A.Pipe(expr, op, self.logic_or())
        return expr

    def logic_or(self):
        expr = self.logic_and()
        while self.match("OR"):
            op = self.previous()
            expr = A.Logical(expr, op, self.logic_and())
        return expr

    def logic_and(self):
        expr = self.equality()
        while self.match("AND"):
            op = self.previous()
            expr = A.Logical(expr, op, self.equality())
        return expr

    def binary(self, next_level, *kinds):
        expr = next_level()
        while self.match(*kinds):
            op = self.previous()
            expr = A.Binary(expr, op, next_level())
        return expr

    def equality(self):
        return self.binary(self.comparison, "BANG_EQUAL", "EQUAL_EQUAL")

    def comparison(self):
        return self.binary(self.term, "GREATER", "GREATER_EQUAL", "LESS", "LESS_EQUAL")

    def term(self):
        return self.binary(self.factor, "MINUS", "PLUS")

    def factor(self):
        return self.binary(self.unary, "SLASH", "STAR")

    def unary(self):
        if self.match("BANG", "MINUS"):
            op = self.previous()
            return A.Unary(op, self.unary())
        return self.call()

    def call(self):
        expr = self.primary()
        while True:
            if self.match("LEFT_PAREN"):
                args = []
                if not self.check("RIGHT_PAREN"):
                    while True:
                        if len(args) >= 255:
                            self.error(self.peek(), "Can't have more than 255 arguments.")
                        args.append(self.expression())
                        if not self.match("COMMA"):
                            break
                paren = self.consume("RIGHT_PAREN", "Expect ')' after arguments.")
                expr = A.Call(expr, paren, args)
            elif self.match("DOT"):
                name = self.consume("IDENTIFIER", "Expect property name after '.'.")
                expr = A.Get(expr, name)
            else:
                return expr

    def primary(self):
        if self.match("FALSE"):
            return A.Literal(False, self.previous().line)
        if self.match("TRUE"):
            return A.Literal(True, self.previous().line)
        if self.match("NIL"):
            return A.Literal(None, self.previous().line)
        if self.match("NUMBER", "STRING"):
            return A.Literal(self.previous().literal, self.previous().line)
        if self.match("SUPER"):
            keyword = self.previous()
            self.consume("DOT", "Expect '.' after 'super'.")
            method = self.consume("IDENTIFIER", "Expect superclass method name.")
            return A.Super(keyword, method)
        if self.match("THIS"):
            return A.This(self.previous())
        if self.match("IDENTIFIER"):
            return A.Variable(self.previous())
        if self.match("LEFT_PAREN"):
            expr = self.expression()
            self.consume("RIGHT_PAREN", "Expect ')' after expression.")
            return A.Grouping(expr)
        raise self.error(self.peek(), "Expect expression.")
