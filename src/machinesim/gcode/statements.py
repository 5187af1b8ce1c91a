"""The plain Python parser of one program line: words, parameters, expressions, o-words, macros.

It reads every line the bulk tokenizer (`lexer`) leaves aside, and any line at all as that
tokenizer's reference: on a line without parameters or expressions both give the same words.
Values are expression trees (tuples) evaluated later against the parameters of the moment:
``("num", v)``, ``("var", e)``, ``("named", name)``, ``("neg", e)``, ``("bin", op, a, b)``,
``("fn", name, args)``. Columns are 1-based byte columns, as in the tokenizer.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .lexer import W_POINT

_MAX_DIGITS = 15
FUNCTIONS = ("ATAN", "ASIN", "ACOS", "SIN", "COS", "TAN", "SQRT", "ABS", "ROUND", "FIX", "FUP", "EXP", "LN",
             "EXISTS")
# binary operators by precedence level, lowest first (LinuxCNC's order; Fanuc's agrees on these)
_LEVELS = (("AND", "OR", "XOR"), ("EQ", "NE", "GT", "GE", "LT", "LE"), ("+", "-"), ("*", "/", "MOD"), ("**",))
FANUC_KEYWORDS = ("WHILE", "GOTO", "THEN", "END", "IF", "DO")
# Fanuc custom macro: a function or control word may be written with its first two characters
# (ROUND as RO, WHILE as WH). Read only where the full word would stand and a bracket or, after
# IF [...], a number follows, so that a mistyped G0 (GO1, the letter O) is never taken for GOTO.
FANUC_ABBREVIATIONS = {name[:2]: name for name in FUNCTIONS if name not in ("EXISTS", "LN")} | {
    "WH": "WHILE", "GO": "GOTO", "TH": "THEN"}
OWORD_KEYWORDS = ("sub", "endsub", "call", "if", "elseif", "else", "endif", "while", "endwhile", "do",
                  "repeat", "endrepeat", "return", "break", "continue")


class ParseError(Exception):
    """A line that cannot be read: catalogue key, 1-based column and the facts."""

    def __init__(self, key: str, column: int, **params):
        super().__init__(key)
        self.key = key
        self.column = column
        self.params = params


@dataclass
class Line:
    """One parsed line. `words` are (letter, expr, column, flags) with expr a tree or a float."""

    words: list = field(default_factory=list)
    assigns: list = field(default_factory=list)      # (target tree, value tree, column)
    block_delete: bool = False
    percent: bool = False
    program: int | None = None                       # Fanuc O number
    oword: tuple | None = None                       # (label, keyword, args, column)
    macro: tuple | None = None                       # Fanuc IF/WHILE/END/GOTO statement


class _Reader:
    def __init__(self, text: str, fanuc: bool = False):
        self.s = text
        self.i = 0
        self.n = len(text)
        self.fanuc = fanuc          # Fanuc's two-letter abbreviations are read

    def abbreviation(self, names, consume: bool = True) -> str | None:
        """The full name among `names` whose Fanuc abbreviation starts here, followed by `[`,
        consumed if `consume` (None, nothing consumed, elsewhere)."""
        if not self.fanuc:
            return None
        self.skip()
        name = FANUC_ABBREVIATIONS.get(self.s[self.i:self.i + 2].upper())
        if name not in names:
            return None
        j = self.i + 2
        while j < self.n and self.s[j] in " \t":
            j += 1
        if j >= self.n or self.s[j] != "[":
            return None
        self.i += 2 if consume else 0
        return name

    def skip(self) -> None:
        while self.i < self.n and self.s[self.i] in " \t\r\f\v":
            self.i += 1

    def peek(self) -> str:
        self.skip()
        return self.s[self.i] if self.i < self.n else ""

    def col(self) -> int:
        return self.i + 1

    def word_at(self, names) -> str | None:
        """The keyword among `names` that starts here (case-insensitive), consumed."""
        self.skip()
        rest = self.s[self.i:self.i + 8].upper()
        for name in names:
            if rest.startswith(name):
                self.i += len(name)
                return name
        return None


def _number(r: _Reader, col: int) -> tuple[float, bool] | None:
    """A literal number at the reader (spaces allowed inside, one decimal point)."""
    r.skip()
    digits = []
    point = False
    seen = False
    while r.i < r.n:
        c = r.s[r.i]
        if c.isdigit() and c.isascii():
            digits.append(c)
            seen = True
        elif c == "." and not point:
            point = True
            digits.append(c)
        elif c not in " \t\r\f\v":
            break
        r.i += 1
    if not seen:
        if point:
            raise ParseError("SYNTAX.number", col, word=r.s[col - 1:r.i].strip())
        return None
    if r.i < r.n and r.s[r.i] == ".":
        raise ParseError("SYNTAX.number", col, word=_word_text(r.s, col))
    return float("".join(digits)), point


def _word_text(s: str, col: int) -> str:
    j = col
    while j < len(s) and (s[j] in "+-. \t" or s[j].isdigit()):
        j += 1
    return s[col - 1:j].strip()


def _param(r: _Reader):
    """After '#': #123, #[expr], ##1, #<name>."""
    c = r.peek()
    if c == "<":
        j = r.s.find(">", r.i)
        if j < 0:
            raise ParseError("SYNTAX.expression", r.col(), text=r.s[r.i:].strip())
        name = "".join(r.s[r.i + 1:j].split()).lower()
        r.i = j + 1
        return ("named", name)
    return ("var", _primary(r))


def _primary(r: _Reader):
    col = r.col()
    c = r.peek()
    if c == "[":
        r.i += 1
        e = _expr(r, 0)
        if r.peek() == ",":       # Fanuc ATAN[a,b] is handled by the caller
            return e
        if r.peek() != "]":
            raise ParseError("SYNTAX.expression", r.col(), text=r.s[col - 1:].strip())
        r.i += 1
        return e
    if c == "#":
        r.i += 1
        return _param(r)
    if c and c in "+-":
        r.i += 1
        e = _primary(r)
        return ("neg", e) if c == "-" else e
    if c.isalpha():
        name = r.word_at(FUNCTIONS) or r.abbreviation(FUNCTIONS)
        if name is None:
            raise ParseError("SYNTAX.expression", col, text=r.s[col - 1:].strip())
        if r.peek() != "[":
            raise ParseError("SYNTAX.expression", r.col(), text=r.s[col - 1:].strip())
        if name == "EXISTS":
            r.i += 1
            if r.peek() != "#":
                raise ParseError("SYNTAX.expression", r.col(), text=r.s[col - 1:].strip())
            r.i += 1
            p = _param(r)
            if r.peek() != "]":
                raise ParseError("SYNTAX.expression", r.col(), text=r.s[col - 1:].strip())
            r.i += 1
            return ("fn", name, (p,))
        if name == "ATAN":
            r.i += 1
            a = _expr(r, 0)
            if r.peek() == ",":
                r.i += 1
                b = _expr(r, 0)
                if r.peek() != "]":
                    raise ParseError("SYNTAX.expression", r.col(), text=r.s[col - 1:].strip())
                r.i += 1
                return ("fn", "ATAN", (a, b))
            if r.peek() != "]":
                raise ParseError("SYNTAX.expression", r.col(), text=r.s[col - 1:].strip())
            r.i += 1
            if r.peek() == "/":
                r.i += 1
                b = _primary(r)
                return ("fn", "ATAN", (a, b))
            return ("fn", "ATAN1", (a,))
        return ("fn", name, (_primary(r),))
    lit = _number(r, col)
    if lit is None:
        raise ParseError("SYNTAX.expression", col, text=r.s[col - 1:].strip())
    return ("num", lit[0])


def _expr(r: _Reader, level: int):
    if level == len(_LEVELS):
        return _primary(r)
    left = _expr(r, level + 1)
    ops = _LEVELS[level]
    while True:
        r.skip()
        op = None
        if level == 4:
            if r.s.startswith("**", r.i):
                op = "**"
        elif level == 3:
            if r.s.startswith("*", r.i) and not r.s.startswith("**", r.i):
                op = "*"
            elif r.s.startswith("/", r.i):
                op = "/"
            else:
                op = r.word_at(("MOD",)) if r.s[r.i:r.i + 3].upper() == "MOD" else None
                if op:
                    r.i -= 3
        elif level == 2:
            if r.i < r.n and r.s[r.i] in "+-":
                op = r.s[r.i]
        else:
            up = r.s[r.i:r.i + 3].upper()
            for name in ops:
                if up.startswith(name):
                    op = name
                    break
        if op is None:
            return left
        r.i += len(op)
        right = _expr(r, level + 1)
        left = ("bin", op, left, right)


def _value(r: _Reader, col: int):
    """The value of a word: a literal (with its decimal-point flag) or an expression tree."""
    r.skip()
    sign = ""
    if r.i < r.n and r.s[r.i] in "+-":
        sign = r.s[r.i]
        r.i += 1
    c = r.peek()
    if c in ("#", "[") or (c.isalpha() and c.isascii()):
        e = _primary(r)
        return (("neg", e) if sign == "-" else e), W_POINT
    lit = _number(r, col)
    if lit is None:
        raise ParseError("SYNTAX.number", col, word=r.s[col - 1:r.i + 1].strip())
    v = -lit[0] if sign == "-" else lit[0]
    return v, (W_POINT if lit[1] else 0)


def _oword(r: _Reader, line: Line, col: int) -> None:
    r.skip()
    if r.peek() == "<":
        j = r.s.find(">", r.i)
        if j < 0:
            raise ParseError("SYNTAX.oword", col)
        label = "".join(r.s[r.i + 1:j].split()).lower()
        r.i = j + 1
    else:
        lit = _number(r, col)
        if lit is None:
            raise ParseError("SYNTAX.oword", col)
        label = str(int(lit[0]))
    r.skip()
    j = r.i
    while j < r.n and r.s[j].isalpha():
        j += 1
    keyword = r.s[r.i:j].lower()
    if not keyword and label.isdigit():       # "O100": a Fanuc-style program number (M98/M99)
        line.program = int(label)
        return
    if keyword not in OWORD_KEYWORDS:
        raise ParseError("SYNTAX.oword", col)
    r.i = j
    args = []
    while True:
        c = r.peek()
        if c == "[":
            args.append(_primary(r))
        elif c == "(" or c == ";" or c == "":
            break
        else:
            raise ParseError("SYNTAX.expression", r.col(), text=r.s[r.i:].strip())
    line.oword = (label, keyword, tuple(args), col)


def _macro(r: _Reader, line: Line, name: str, col: int, dialect: str) -> None:
    """Fanuc custom macro statements: IF [..] GOTO n / THEN, WHILE [..] DO n, END n, GOTO n."""
    if name == "GOTO":
        line.macro = ("GOTO", _value(r, r.col())[0], col)
    elif name in ("END", "DO"):
        n = _number(r, col)
        if n is None:
            raise ParseError("SYNTAX.macro", col, word=name)
        line.macro = (name, int(n[0]), col)
    elif name == "WHILE":
        if r.peek() != "[":
            raise ParseError("SYNTAX.macro", col, word=name)
        cond = _primary(r)
        if r.word_at(("DO",)) is None:
            raise ParseError("SYNTAX.macro", r.col(), word=name)
        n = _number(r, col)
        line.macro = ("WHILE", cond, int(n[0]) if n else 0, col)
    elif name == "IF":
        if r.peek() != "[":
            raise ParseError("SYNTAX.macro", col, word=name)
        cond = _primary(r)
        then = r.word_at(("GOTO", "THEN"))
        if then is None and r.fanuc:        # IF [...] GO n / TH ...: after a condition, no doubt
            then = {"GO": "GOTO", "TH": "THEN"}.get(r.s[r.i:r.i + 2].upper())
            r.i += 2 if then else 0
        if then == "GOTO":
            line.macro = ("IF_GOTO", cond, _value(r, r.col())[0], col)
        elif then == "THEN":
            rest = Line()
            _statements(r, rest, dialect)
            line.macro = ("IF_THEN", cond, rest, col)
        else:
            raise ParseError("SYNTAX.macro", r.col(), word=name)
    else:
        raise ParseError("SYNTAX.macro", col, word=name)


def _statements(r: _Reader, line: Line, dialect: str) -> None:
    while True:
        c = r.peek()
        if c == "":
            return
        col = r.col()
        if c == "(":
            j = r.s.find(")", r.i)
            if j < 0:
                raise ParseError("SYNTAX.comment", col)
            r.i = j + 1
            continue
        if c == ";":
            return
        if c == "#":
            r.i += 1
            target = _param(r)
            if r.peek() != "=":
                raise ParseError("SYNTAX.assign", col)
            r.i += 1
            line.assigns.append((target, _expr(r, 0), col))
            continue
        up = c.upper()
        # ISO (Fanuc): ':' stands for O in a program number (":2001")
        colon = c == ":" and dialect == "fanuc" and not line.words and not line.assigns
        if not ("A" <= up <= "Z" or colon or (dialect == "linuxcnc" and up in "@^")):
            raise ParseError("SYNTAX.char", col, char=c if c.isprintable() else f"\\x{ord(c):02x}")
        if (up == "O" or colon) and not line.words and not line.assigns:
            r.i += 1
            if dialect == "linuxcnc":
                _oword(r, line, col)
                return
            lit = _number(r, col)
            if lit is None and colon:       # ':' alone: ISO's alignment mark, no program number
                continue
            if lit is None:
                raise ParseError("SYNTAX.number", col, word="O")
            line.program = int(lit[0])
            continue
        if dialect == "fanuc":
            name = r.word_at(FANUC_KEYWORDS) or r.abbreviation(("WHILE",))
            if name is not None:
                nxt = r.peek()
                if name in ("END", "DO") and not (nxt.isdigit() or nxt == ""):
                    r.i -= len(name)
                else:
                    _macro(r, line, name, col, dialect)
                    continue
        r.i += 1
        r.skip()
        nxt = r.s[r.i] if r.i < r.n else ""
        if nxt.isalpha() and nxt.isascii() and not r.s[r.i:r.i + 8].upper().startswith(FUNCTIONS) \
                and not r.abbreviation(FUNCTIONS, consume=False):
            raise ParseError("SYNTAX.letter", col, letter=up)
        value, flags = _value(r, col)
        line.words.append((up, value, col, flags))


def parse_line(text: str, dialect: str = "fanuc") -> Line:
    """Parse one line (without its newline); raises `ParseError` with the column of the fault."""
    r = _Reader(text, dialect == "fanuc")
    line = Line()
    c = r.peek()
    if c == "%":
        line.percent = True
        return line
    if c == "/":
        line.block_delete = True
        r.i += 1
    try:
        _statements(r, line, dialect)
    except RecursionError:
        raise ParseError("SYNTAX.expression", r.col(), text="[" * 3 + "...") from None
    return line


# --- evaluation ---------------------------------------------------------------------------------

class EvalError(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def _num(v) -> float:
    return 0.0 if v is None else v


def describe(e) -> str:
    """An expression tree written back as a program shows it (#22, #[#1 + 2], #<depth>), for
    messages that must name what was read."""
    if isinstance(e, float):
        return f"{e:g}"
    tag = e[0]
    if tag == "num":
        return f"{e[1]:g}"
    if tag == "var":
        inner = describe(e[1])
        return f"#{inner}" if e[1][0] == "num" else f"#[{inner}]"
    if tag == "named":
        return f"#<{e[1]}>"
    if tag == "neg":
        return f"-{describe(e[1])}"
    if tag == "bin":
        return f"[{describe(e[2])} {e[1]} {describe(e[3])}]"
    return f"{e[1].rstrip('1')}[{', '.join(describe(a) for a in e[2])}]"


def evaluate(e, params):
    """Value of an expression tree; `params` offers get(n), named(name), exists(name), dialect.

    Fanuc's vacant variables come back as None and count as 0 in arithmetic.
    """
    if isinstance(e, float):
        return e
    tag = e[0]
    if tag == "num":
        return e[1]
    if tag == "var":
        n = _num(evaluate(e[1], params))
        if n != int(n) or n < 0:
            raise EvalError("SYNTAX.parameter", number=n)
        return params.get(int(n))
    if tag == "named":
        return params.named(e[1])
    if tag == "neg":
        v = evaluate(e[1], params)
        return None if v is None else -v
    if tag == "bin":
        return _binary(e[1], evaluate(e[2], params), evaluate(e[3], params))
    name, args = e[1], e[2]
    if name == "EXISTS":
        return 1.0 if params.exists(args[0][1]) else 0.0
    vals = [_num(evaluate(a, params)) for a in args]
    return _function(name, vals, params.dialect)


def _binary(op: str, a, b) -> float:
    if op in ("EQ", "NE"):
        same = (a is None and b is None) or (a is not None and b is not None and a == b)
        return 1.0 if same == (op == "EQ") else 0.0
    a, b = _num(a), _num(b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0.0:
            raise EvalError("SYNTAX.math", op="/")
        return a / b
    if op == "MOD":
        if b == 0.0:
            raise EvalError("SYNTAX.math", op="MOD")
        r = math.fmod(a, b)
        return r + abs(b) if r < 0.0 else r
    if op == "**":
        try:
            r = a ** b
        except (OverflowError, ZeroDivisionError):
            raise EvalError("SYNTAX.math", op="**")
        if isinstance(r, complex):
            raise EvalError("SYNTAX.math", op="**")
        return float(r)
    if op == "GT":
        return float(a > b)
    if op == "GE":
        return float(a >= b)
    if op == "LT":
        return float(a < b)
    if op == "LE":
        return float(a <= b)
    if op == "AND":
        return float(a != 0.0 and b != 0.0)
    if op == "OR":
        return float(a != 0.0 or b != 0.0)
    return float((a != 0.0) != (b != 0.0))      # XOR


def _function(name: str, v: list[float], dialect: str) -> float:
    x = v[0]
    try:
        if name == "SIN":
            return math.sin(math.radians(x))
        if name == "COS":
            return math.cos(math.radians(x))
        if name == "TAN":
            return math.tan(math.radians(x))
        if name == "ASIN":
            return math.degrees(math.asin(x))
        if name == "ACOS":
            return math.degrees(math.acos(x))
        if name == "ATAN":
            return math.degrees(math.atan2(x, v[1]))
        if name == "ATAN1":
            return math.degrees(math.atan(x))
        if name == "SQRT":
            return math.sqrt(x)
        if name == "ABS":
            return abs(x)
        if name == "ROUND":
            return float(math.floor(abs(x) + 0.5)) * (1.0 if x >= 0 else -1.0)
        if name == "FIX":      # LinuxCNC rounds down; Fanuc drops the fraction
            return float(math.floor(x) if dialect == "linuxcnc" else math.trunc(x))
        if name == "FUP":      # LinuxCNC rounds up; Fanuc rounds away from zero
            return float(math.ceil(x) if dialect == "linuxcnc" or x >= 0 else math.floor(x))
        if name == "EXP":
            return math.exp(x)
        if name == "LN":
            return math.log(x)
    except (ValueError, OverflowError):
        raise EvalError("SYNTAX.math", op=name)
    raise EvalError("SYNTAX.math", op=name)
