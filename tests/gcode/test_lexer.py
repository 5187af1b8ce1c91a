"""The bulk tokenizer against the plain Python parser, and the lexical rules of both dialects."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from gcode_helpers import errors, run
from machinesim.gcode import tokenize
from machinesim.gcode.lexer import L_BLOCK_DELETE, L_COMPLEX, L_ERROR, L_PERCENT, L_PLAIN, W_POINT
from machinesim.gcode.statements import ParseError, parse_line


def test_lexical_features():
    t = tokenize(b"%\nO1234\nN10 g1x1y2 Z0. F+100 (comment) ; rest X9\n/G0 X-.5\n")
    assert t.lines == 4
    assert t.line_flags[0] == L_PERCENT
    assert t.line_flags[1] & L_COMPLEX                 # O numbers go to the Python parser
    assert t.words(2) == [("N", 10.0, 1, 0), ("G", 1.0, 5, 0), ("X", 1.0, 7, 0), ("Y", 2.0, 9, 0),
                          ("Z", 0.0, 12, W_POINT), ("F", 100.0, 16, 0)]
    assert t.line_flags[2] == L_PLAIN
    assert list(t.line) == [3] * 6 + [4] * 2
    assert t.line_flags[3] == L_BLOCK_DELETE
    assert t.words(3) == [("G", 0.0, 2, 0), ("X", -0.5, 5, W_POINT)]
    assert parse_line("O1234").program == 1234


def test_malformed_number_at_its_column():
    tp = run("G0 X1. Y2.\nG1 X1.2.3 F100.\n")
    (err,) = errors(tp)
    assert (err.code, err.key, err.line, err.column) == ("SYNTAX", "SYNTAX.number", 2, 4)
    assert err.params["word"] == "X1.2.3"
    assert len(tp.moves) == 1                     # the move before the error is kept


def test_unknown_character_and_open_comment():
    (err,) = errors(run("G0 X1.\nG0 Y2. $\n"))
    assert (err.key, err.line, err.column) == ("SYNTAX.char", 2, 8)
    (err,) = errors(run("G0 X1. (open comment\n"))
    assert (err.key, err.line, err.column) == ("SYNTAX.comment", 1, 8)
    (err,) = errors(run("G0 X\n"))
    assert (err.key, err.column) == ("SYNTAX.number", 4)
    (err,) = errors(run("G0 XY1.\n"))
    assert (err.key, err.column) == ("SYNTAX.letter", 4)


def test_block_delete_switch():
    src = "G0 X1. Y1.\n/G0 X5.\nM30\n"
    assert len(run(src).moves) == 2                  # off as the control powers on
    assert len(run(src, block_delete=True).moves) == 1


def test_line_endings_and_numbering():
    t = tokenize(b"G0 X1.\r\nG0 X2.\rG0 X3.\n\nG0 X4.")
    assert t.lines == 5
    assert [t.words(i)[1][1] if t.words(i) else None for i in range(5)] == [1.0, 2.0, 3.0, None, 4.0]
    tp = run("G0 X1.\r\nG1 X2.\rM30\n")
    assert errors(tp)[0].line == 2            # NO_FEED on the line after a CRLF


def test_non_ascii_in_comments_only():
    assert not errors(run("(Pièce : ébauche Ø10)\nG0 X1.\nM30\n".encode("utf-8")))
    assert errors(run("G0 X1. é\n".encode("utf-8")))[0].key == "SYNTAX.char"


def test_empty_huge_and_long_programs():
    assert run("").moves.size == 0
    big = "G0 X1. " + "(" + "x" * 2_000_000 + ")\nM30\n"
    assert len(run(big).moves) == 1
    t = tokenize(b"G1 X1. Y2.\n" * 1_000_000)
    assert t.lines == 1_000_000 and len(t.letter) == 3_000_000


_LETTERS = "GXYZIJKRFNMSTPQHDL"
_number = st.one_of(
    st.integers(-99999, 99999).map(str),
    st.tuples(st.integers(-9999, 9999), st.integers(0, 999999)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.integers(0, 9999).map(lambda v: f"{v}."),
    st.integers(0, 99999).map(lambda v: f".{v}"),
    st.integers(0, 9999).map(lambda v: f"+{v}"),
)
_word = st.tuples(st.sampled_from(_LETTERS + _LETTERS.lower()), _number, st.sampled_from(["", " ", "  "]))
_line = st.lists(_word, max_size=8).map(lambda ws: "".join(f"{c}{n}{sp}" for c, n, sp in ws))


@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(_line, _line.map(lambda s: s + " (note) ; tail")), min_size=1, max_size=10))
def test_tokenizer_agrees_with_python_parser(lines):
    """On lines of literal words the Numba tokenizer gives exactly the parser's words."""
    t = tokenize("\n".join(lines).encode())
    assert t.lines == len(lines) or (lines[-1] == "" and t.lines == len(lines) - 1)
    for i in range(t.lines):
        ref = parse_line(lines[i])
        assert not t.line_flags[i] & (L_COMPLEX | L_ERROR)
        assert t.words(i) == [(c, v, col, f) for c, v, col, f in ref.words]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    t = tokenize(data)
    for i in range(t.lines):
        words = t.words(i)
        assert all("A" <= c <= "Z" and np.isfinite(v) for c, v, _, _ in words)
        if t.line_flags[i] & L_ERROR:
            assert t.error_column[i] >= 1
    tp = run(data, loop_limit=50)
    assert all(f.line >= 0 for f in tp.findings)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="GXYZ0123456789.-+#[]=()O;/ %\tabcIFWHILEDOEN*", max_size=60))
def test_parser_raises_only_parse_errors(text):
    try:
        parse_line(text, "fanuc")
        parse_line(text, "linuxcnc")
    except ParseError as exc:
        assert exc.column >= 1 and exc.key.startswith("SYNTAX")
