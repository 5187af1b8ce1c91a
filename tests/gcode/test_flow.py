"""Subprograms, macros, o-words, parameters and expressions, observed through the moves they make."""
from __future__ import annotations


import pytest

from gcode_helpers import G54, errors, run
from machinesim.gcode.params import Params
from machinesim.gcode.statements import EvalError, evaluate, parse_line


def xs(t):
    """Programmed X of each move end (no tool, G54)."""
    return [round(float(v) - G54[0], 9) for v in t.moves["end"][:, 0]]


def ev(expr: str, dialect: str = "linuxcnc", **params):
    p = Params(dialect)
    for k, v in params.items():
        p.set(int(k[1:]), v)
    line = parse_line(f"#1000={expr}", dialect)
    return evaluate(line.assigns[0][1], p)


@pytest.mark.parametrize("expr, value", [
    ("[2+3*2**2]", 14.0), ("[[2+3]*2]", 10.0), ("[7 MOD 3]", 1.0), ("[-7 MOD 3]", 2.0), ("[10/4]", 2.5),
    ("[1 + 2 EQ 3]", 1.0), ("[2 GT 3 OR 1 LT 2]", 1.0), ("[1 AND 0]", 0.0), ("[1 XOR 1]", 0.0),
    ("[3 GE 3]", 1.0), ("[3 LE 2]", 0.0), ("[3 NE 2]", 1.0),
    ("SIN[30]", 0.5), ("COS[60]", 0.5), ("TAN[45]", 1.0), ("ASIN[1]", 90.0), ("ACOS[0]", 90.0),
    ("ATAN[1]/[1]", 45.0), ("ATAN[1]/[-1]", 135.0), ("SQRT[16]", 4.0), ("ABS[-2.5]", 2.5),
    ("ROUND[2.5]", 3.0), ("ROUND[-2.5]", -3.0), ("FIX[2.7]", 2.0), ("FUP[2.1]", 3.0),
    ("EXP[0]", 1.0), ("LN[1]", 0.0), ("-[2]", -2.0), ("#2*3", 12.0), ("#[1+1]", 4.0),
])
def test_expressions(expr, value):
    assert ev(expr, _2=4.0) == pytest.approx(value)


def test_dialect_rounding_and_errors():
    assert ev("FIX[-2.5]", "linuxcnc") == -3.0 and ev("FIX[-2.5]", "fanuc") == -2.0
    assert ev("FUP[-2.5]", "linuxcnc") == -2.0 and ev("FUP[-2.5]", "fanuc") == -3.0
    assert ev("ATAN[1,1]", "fanuc") == pytest.approx(45.0)
    for bad in ("[1/0]", "SQRT[-1]", "LN[0]", "ACOS[2]"):
        with pytest.raises(EvalError):
            ev(bad)
    (e,) = errors(run("#1=0\nG1 X[1/#1] F100.\n"))
    assert (e.key, e.line, e.column) == ("SYNTAX.math", 2, 4)


def test_variables_in_words_and_vacant_fanuc_variables():
    t = run("#1=10.\n#2=[#1*2]\nG1 X#1 Y#2 F100.\nG1 X#100 Y5.\nM30\n")
    assert xs(t) == [10.0, 10.0]            # #100 is vacant: the X address is dropped
    assert not [f for f in t.findings if f.code == "DECIMAL_POINT"]   # variables carry a point


def test_assignments_take_effect_after_the_line_linuxcnc():
    t = run("#1=1\n#1=2 #2=#1\nG1 X#2 F100\nM2\n", "linuxcnc")
    assert xs(t) == [1.0]


def test_fanuc_while_if_goto():
    src = "#1=0\nWHILE [#1 LT 3] DO 1\nG1 X#1 F100.\n#1=#1+1\nEND 1\nIF [#1 EQ 3] GOTO 20\nG0 X99.\nN20 G0 X50.\nM30\n"
    assert xs(run(src)) == [0.0, 1.0, 2.0, 50.0]
    assert xs(run("#1=1\nIF [#1 EQ 1] THEN #2=7.\nG0 X#2\nM30\n")) == [7.0]


def test_m98_m99_repeat_and_packed_p():
    src = "G0 X0. Y0. Z0.\nM98 P100 L3\nM98 P20100\nM30\nO100\nG91 G1 X1. F100.\nG90\nM99\n"
    assert xs(run(src)) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    (e,) = errors(run("M98 P200\nM30\n"))
    assert (e.key, e.line) == ("SUBPROGRAM.missing", 1)


def test_g65_macro_arguments_are_local():
    src = "#1=5.\nG65 P9000 A2. X7.\nG0 X#1\nM30\nO9000\nG0 X[#1+#24]\nM99\n"
    assert xs(run(src)) == [9.0, 5.0]


def test_linuxcnc_subroutines_and_control():
    src = """o<side> sub
  G1 X[#1*2] F100
  o<side> return
  G0 X99
o<side> endsub
o10 sub
  #<n> = 0
  o11 while [#<n> LT #1]
    #<n> = [#<n> + 1]
    o12 if [#<n> EQ 2]
      o11 continue
    o12 elseif [#<n> EQ 4]
      o11 break
    o12 else
      G0 X#<n>
    o12 endif
  o11 endwhile
o10 endsub
o<side> call [3]
o10 call [9]
#<_k> = 0
o20 do
  #<_k> = [#<_k> + 10]
  G0 X#<_k>
o20 while [#<_k> LT 30]
o30 repeat [2]
  G0 X-1
  G0 X-2
o30 endrepeat
M2
"""
    assert xs(run(src, "linuxcnc")) == [6.0, 1.0, 3.0, 10.0, 20.0, 30.0, -1.0, -2.0, -1.0, -2.0]


def test_linuxcnc_locals_and_named_scope():
    src = "#1=7\n#<_g>=1\no1 sub\n#<loc>=5\n#<_g>=#1\no1 endsub\no1 call [3]\nG0 X#1 Y#<_g>\nM2\n"
    t = run(src, "linuxcnc")
    assert xs(t) == [7.0] and t.moves["end"][0][1] == pytest.approx(G54[1] + 3)
    (e,) = errors(run(src.replace("Y#<_g>", "Y#<loc>"), "linuxcnc"))
    assert (e.key, e.params["name"]) == ("SYNTAX.undefined", "loc")


def test_endless_programs_stop_at_the_bound():
    (e,) = errors(run("N1 G0 X1.\nGOTO 1\n", loop_limit=100))
    assert (e.code, e.line, e.params["limit"]) == ("LOOP_LIMIT", 2, 100)
    (e,) = errors(run("o1 while [1]\nG0 X1\no1 endwhile\n", "linuxcnc", loop_limit=100))
    assert (e.code, e.line) == ("LOOP_LIMIT", 3)
    (e,) = errors(run("o1 sub\no1 call\no1 endsub\no1 call\n", "linuxcnc"))
    assert e.code == "LOOP_LIMIT"                         # endless recursion: the call depth
    (e,) = errors(run("G0 X1.\nM99\n", loop_limit=50))   # M99 in a main program starts it again
    assert e.code == "LOOP_LIMIT"
    assert len([f for f in run("N1 G0 X1\nGOTO 1\n", loop_limit=30).findings if f.code == "DECIMAL_POINT"]) == 1


def test_structure_errors():
    assert errors(run("WHILE [1 GT 2] DO 1\nG0 X1.\n"))[0].key == "SUBPROGRAM.loop"
    assert errors(run("GOTO 55\n"))[0].key == "SUBPROGRAM.sequence"
    assert errors(run("o5 call\n", "linuxcnc"))[0].key == "SUBPROGRAM.missing"
    assert errors(run("END 3\n"))[0].key == "SUBPROGRAM.loop"
    assert errors(run("o5 if [0]\nG0 X1\n", "linuxcnc"))[0].key == "SUBPROGRAM.block"
    assert errors(run("o5 endsub\n", "linuxcnc"))[0].key == "SUBPROGRAM.return"


def test_endsub_value_and_g80_with_a_motion_code():
    src = "o1 sub\no1 endsub [#1 + 100]\no1 call [1]\nG0 X#<_value>\nM2\n"
    assert xs(run(src, "linuxcnc")) == [101.0]
    t = run("G0 X0 Y0 Z50\nG81 X5 Y5 R2 Z-5 F100\nG80 G0 X20\nM2\n", "linuxcnc")
    assert not errors(t) and xs(t)[-1] == 20.0 and not t.moves["flags"][-1]
