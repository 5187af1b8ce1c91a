"""Large CAM-like programs for benchmarks: a 3D ball-nose raster finish of a surface given by a formula.

The surface is the dome of gcode_samples/10_finition_3d.nc, over the 100 x 80 mm default stock:

    Z = -4 + 3·cos(1.8°·(X - 50))·cos(2.25°·(Y - 40))        (angles in degrees, as a Fanuc macro)

Rows run along X from X-4 to X104 (the Ø6 ball is clear of the stock at both ends), in zigzag,
one G1 per point with the tool tip on the surface, as a CAM system posts them. Output is
deterministic: the same arguments always give the same bytes.

    python benchmarks/generate.py --lines 127000 -o big.nc     # exactly 127000 lines, 0.2 mm segments
    python benchmarks/generate.py --sample -o gcode_samples/10_finition_3d_expanse.nc
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

X_START, X_END = -4.0, 104.0
Y_MAX = 80.0

HEADER = """%
O{number:04d} ({title})
(Programme genere par benchmarks/generate.py, comme le sortirait un logiciel de FAO.)
(Finition 3D en zigzag a la fraise hemispherique D6, pointe de l'outil sur la surface)
(Z = -4 + 3 x COS[1.8 x [X - 50]] x COS[2.25 x [Y - 40]], angles en degres.)
(Pas en X {step:g} mm, pas transversal en Y {stepover:g} mm, {rows} lignes.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T5 M6
N30 G54 G0 X-4. Y0. S10000 M3
N40 G43 H5 Z20. M8
N50 Z2.
"""
FOOTER = """G0 Z20. M9
M5
G91 G28 Z0.
G90
M30
%
"""


def surface_z(x: float, y: float) -> float:
    """Height of the dome at (x, y), in G54 work coordinates (mm)."""
    return -4.0 + 3.0 * math.cos(math.radians(1.8 * (x - 50.0))) * math.cos(math.radians(2.25 * (y - 40.0)))


def _num(v: float) -> str:
    """A coordinate as a Fanuc control wants it: three decimals, always a point, never -0.000."""
    text = f"{v:.3f}"
    return "0.000" if text == "-0.000" else text


def raster_moves(stepover: float, step: float, rows: int | None = None):
    """(x, y, z) of every G1 of the zigzag finish, in program order.

    Row k lies at Y = k·stepover; the first point of each row is reached from the end of the
    previous one (the stepover move). Points are computed from their index, not accumulated.
    """
    segments = int(round((X_END - X_START) / step))
    if abs(segments * step - (X_END - X_START)) > 1e-9:
        raise ValueError("step must divide the row length (108 mm)")
    if rows is None:
        rows = int(math.floor(Y_MAX / stepover + 1e-9)) + 1
    for k in range(rows):
        y = k * stepover
        order = range(segments + 1) if k % 2 == 0 else range(segments, -1, -1)
        for i in order:
            x = X_START + i * step
            yield x, y, surface_z(x, y)


def raster_program(stepover: float, step: float, *, rows: int | None = None, max_lines: int | None = None,
                   number: int = 9000, title: str = "FINITION 3D GENEREE") -> str:
    """The whole program as text; `max_lines` cuts the raster so the file has exactly that many lines."""
    if rows is None:
        rows = int(math.floor(Y_MAX / stepover + 1e-9)) + 1
    head = HEADER.format(number=number, title=title, step=step, stepover=round(stepover, 4), rows=rows)
    out = [head]
    budget = None if max_lines is None else max_lines - head.count("\n") - FOOTER.count("\n")
    if budget is not None and budget < 1:
        raise ValueError(f"at least {head.count(chr(10)) + FOOTER.count(chr(10)) + 1} lines are needed")
    first = True
    n = 0
    for x, y, z in raster_moves(stepover, step, rows):
        if budget is not None and n == budget:
            break
        out.append(f"G1 X{_num(x)} Y{_num(y)} Z{_num(z)} F1500\n" if first
                   else f"G1 X{_num(x)} Y{_num(y)} Z{_num(z)}\n")
        first = False
        n += 1
    out.append(FOOTER)
    return "".join(out)


def program_with_lines(lines: int, step: float = 0.2) -> str:
    """A raster finish of exactly `lines` lines with `step` mm segments over the whole stock.

    The stepover is chosen so the rows cover Y0 to Y80; the last row is cut to hit the count.
    """
    fixed = HEADER.count("\n") + FOOTER.count("\n")
    per_row = int(round((X_END - X_START) / step)) + 1
    rows = max(2, math.ceil((lines - fixed) / per_row))
    return raster_program(Y_MAX / (rows - 1), step, rows=rows, max_lines=lines,
                          title=f"FINITION 3D GENEREE {lines} LIGNES")


def finish_sample() -> str:
    """The expanded twin of gcode_samples/10_finition_3d.nc: same moves, one line each."""
    return raster_program(1.0, 2.0, number=111,
                          title="FINITION 3D DEVELOPPEE - MEME PARCOURS QUE 10_FINITION_3D.NC")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--lines", type=int, help="number of lines of the program (10000 to 1000000 typical)")
    what.add_argument("--sample", action="store_true", help="the expanded version of 10_finition_3d.nc")
    parser.add_argument("--step", type=float, default=0.2, help="segment length along X, mm (default 0.2)")
    parser.add_argument("-o", "--output", required=True, help="file to write")
    args = parser.parse_args(argv)
    text = finish_sample() if args.sample else program_with_lines(args.lines, args.step)
    Path(args.output).write_text(text, encoding="ascii")
    return 0


if __name__ == "__main__":
    sys.exit(main())
