"""Workshop mode: the tool bends under the cutting force and wears, as on the machine.

A transformation of the toolpath before the cut, so the kernel stays exact and unchanged: each
level feed move of a milling tool is moved away from the material it cuts by the tool's
deflection plus its radial wear, so a wall comes out thick, as with a long slender cutter.

For each move, rays across the path at its middle, every `SLICE` mm up the flutes, read the
material left by the moves before it (the radial engagement ae at each height, and on which side).
Per slice of height dz: engagement angle φs = arccos(1 − 2ae/D), mean chip thickness
hm = fz·(2ae/D)/φs, tangential force of the z·φs/2π teeth engaged (Kienzle)
Fc = z·φs/2π · kc1.1 · dz · hm^(1 − mc), and the force square to the wall Fn = KR·Fc. The
cutter is a stepped cantilever clamped at the holder: flutes of effective diameter 0.8·D over
the flute length, shank above; its deflection at the load's height (the forces' centre) is
δ = F/3E · [(a³ − b³)/I_shank + b³/I_flutes], a the distance from the holder to the load, b the
part of it in the flutes. The radius wears by `WEAR_PER_METRE` of the tool's cutting length so far.
The model's spread (`SPREAD_*`, the constants' scatter) is stated with each shift.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
import tomllib

import numpy as np

from .job import Job
from .toolpath import ARC, FEED, Toolpath, move_lengths

SLICE = 0.25                 # mm, height of a slice of the flutes
KR = 0.6                     # radial / tangential force at a finishing chip (0.6-0.8: benchmarks/README.md)
FLUTE_CORE = 0.8             # effective diameter of the fluted part / D
YOUNG = {"carbide": 600_000.0, "hss": 210_000.0}          # N/mm², E of the tool material
MC = {"aluminium": 0.25, "steel": 0.25, "stainless": 0.21, "brass": 0.18, "cast_iron": 0.28,
      "pom": 0.2, "plastic": 0.2, "wax": 0.2, "wood": 0.2, "copper": 0.18, "titanium": 0.23}
WEAR_PER_METRE = {"carbide": 1e-5, "hss": 5e-5}            # mm of radius per metre of cut (aluminium)
WEAR_MATERIAL = {"aluminium": 1.0, "brass": 1.0, "copper": 1.0, "pom": 0.5, "plastic": 0.5, "wax": 0.1,
                 "wood": 0.5, "cast_iron": 3.0, "steel": 5.0, "stainless": 8.0, "titanium": 10.0}
SPREAD_DEFLECTION = 0.4      # share of δ: kc1.1 ±15 %, KR ±15 %, E ±5 %, core diameter ±5 % (→ ±20 % of I)
SPREAD_WEAR = 0.5            # share of the wear: tool makers give wear rates within a factor of 2
MILLING = ("flat", "ball", "bull", "face")


@dataclass(frozen=True)
class Workshop:
    """What the workshop did to each move (mm): the shift away from the material, its deflection
    and wear parts, and the model's spread of the shift."""

    shift: np.ndarray
    deflection: np.ndarray
    wear: np.ndarray
    force: np.ndarray        # N, square to the wall
    spread: np.ndarray


def _kc(material: str) -> float:
    text = resources.files("machinesim").joinpath("data/cutting_data.toml").read_text(encoding="utf-8")
    return float(tomllib.loads(text).get(material, {}).get("kc", 1000.0))


def deflection(tool, force: float, height: float) -> float:
    """Deflection (mm) at `height` above the tip of the tool clamped at its gauge length, under
    `force` (N) applied there: the stepped cantilever of flutes and shank."""
    e = YOUNG.get(tool.tool_material, YOUNG["carbide"])
    i_flutes = math.pi * (FLUTE_CORE * tool.diameter) ** 4 / 64
    i_shank = math.pi * (2 * tool.shank_radius) ** 4 / 64
    a = max(tool.length - height, 0.0)
    b = min(max(tool.flute_length - height, 0.0), a)
    return force / (3 * e) * ((a ** 3 - b ** 3) / i_shank + b ** 3 / i_flutes)


def cutting_force(tool, fz: float, ae: np.ndarray, dz: float, kc: float, mc: float) -> np.ndarray:
    """Force (N) square to the wall of each slice of radial engagement `ae` (mm) and height dz."""
    d = tool.diameter
    ae = np.clip(np.asarray(ae, float), 0.0, d)
    phi = np.arccos(np.clip(1 - 2 * ae / d, -1.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        hm = np.where(phi > 0, fz * (2 * ae / d) / np.maximum(phi, 1e-12), 0.0)
    fc = tool.flutes * phi / (2 * math.pi) * kc * dz * np.power(np.maximum(hm, 0.0), 1 - mc)
    return KR * fc


def _chunks(moves: np.ndarray) -> list[int]:
    """Where the material before a move is read afresh: each tool change and each plunge."""
    starts = [0]
    for k in range(1, len(moves)):
        d = moves["end"][k] - moves["start"][k]
        if moves["tool"][k] != moves["tool"][k - 1] or (d[2] < -1e-9 and math.hypot(d[0], d[1]) < 1e-9):
            starts.append(k)
    if len(starts) > 60:                         # long programs: no more than 60 reads
        starts = [starts[i] for i in np.linspace(0, len(starts) - 1, 60).astype(int)]
    return starts


def _across(move) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Middle point, feed direction and the unit vector across the path (horizontal) of a move."""
    if move["kind"] == FEED:
        d = move["end"] - move["start"]
        if abs(d[2]) > 1e-6 or math.hypot(d[0], d[1]) < 1e-6:
            return None
        f = d / np.linalg.norm(d)
        return (move["start"] + move["end"]) / 2, f, np.array([-f[1], f[0], 0.0])
    if move["kind"] == ARC and abs(move["axis"][2]) > 0.999 and abs(move["end"][2] - move["start"][2]) < 1e-6:
        c = move["center"]
        a0 = math.atan2(move["start"][1] - c[1], move["start"][0] - c[0])
        a1 = math.atan2(move["end"][1] - c[1], move["end"][0] - c[0])
        sweep = (a1 - a0) % (2 * math.pi) or 2 * math.pi
        mid = a0 + sweep / 2
        r = math.hypot(move["start"][0] - c[0], move["start"][1] - c[1])
        radial = np.array([math.cos(mid), math.sin(mid), 0.0])
        return np.array([c[0] + r * radial[0], c[1] + r * radial[1], move["start"][2]]), None, radial
    return None


def _shift_move(move, offset: np.ndarray) -> None:
    """Move a record by `offset` (horizontal): a line bodily, an arc along its radius."""
    if move["kind"] == ARC:
        c = move["center"]
        for key in ("start", "end"):
            p = move[key]
            r = math.hypot(p[0] - c[0], p[1] - c[1])
            radial = np.array([(p[0] - c[0]) / r, (p[1] - c[1]) / r, 0.0])
            move[key] = p + radial * float(np.dot(offset, radial))
    else:
        move["start"] = move["start"] + offset
        move["end"] = move["end"] + offset


def apply(toolpath: Toolpath, job: Job) -> tuple[Toolpath, Workshop]:
    """The toolpath as the workshop cuts it, and what was done to each move."""
    from .kernel import Probe
    moves = toolpath.moves.copy()
    n = len(moves)
    out = Workshop(np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n))
    kc, mc = _kc(job.stock.material), MC.get(job.stock.material, 0.25)
    cut_length: dict[int, float] = {}
    lengths = move_lengths(toolpath.moves)
    starts = _chunks(moves) + [n]
    for c0, c1 in zip(starts[:-1], starts[1:]):
        probe = Probe(Toolpath(moves[:c0]), job) if c0 else Probe(Toolpath(moves[:0]), job)
        for k in range(c0, c1):
            m = moves[k]
            tool = job.tool(int(m["tool"]))
            rpm = abs(float(m["spindle"]))
            if tool is None or tool.type not in MILLING or rpm <= 0 or m["kind"] == 0:
                continue
            geo = _across(m)
            if geo is None:
                continue
            mid, _, across = geo
            length = float(lengths[k])
            r = tool.radius
            dz = min(SLICE, tool.flute_length / 20)
            heights = np.arange(dz / 2, tool.flute_length, dz)
            origins = mid[None, :] + heights[:, None] * np.array([0.0, 0.0, 1.0])
            offs, iv = probe.intervals_flat(origins, across[None, :], np.array([[-r, r]]))
            ae, side = np.zeros(len(heights)), np.zeros(len(heights))
            for i in range(len(heights)):
                piece = iv[offs[i]:offs[i + 1]]
                if len(piece):
                    w = piece[:, 1] - piece[:, 0]
                    ae[i] = w.sum()
                    side[i] = float(np.sum(w * (piece[:, 0] + piece[:, 1]) / 2))
            if not ae.any():
                continue
            fz = float(m["feed"]) / (rpm * tool.flutes)
            force = cutting_force(tool, fz, ae, dz, kc, mc)
            total = float(force.sum())
            sign = math.copysign(1.0, side.sum()) if abs(side.sum()) > 1e-9 else 0.0
            if total <= 0 or sign == 0.0:
                continue
            h_load = float(np.sum(force * heights) / total)
            bend = deflection(tool, total, h_load)
            worn = WEAR_PER_METRE.get(tool.tool_material, 0.001) * WEAR_MATERIAL.get(job.stock.material, 1.0) \
                * cut_length.get(tool.number, 0.0) / 1000.0
            cut_length[tool.number] = cut_length.get(tool.number, 0.0) + length
            shift = bend + worn
            _shift_move(moves[k], -sign * shift * across)
            out.shift[k], out.deflection[k], out.wear[k], out.force[k] = shift, bend, worn, total
            out.spread[k] = SPREAD_DEFLECTION * bend + SPREAD_WEAR * worn
    return Toolpath(moves, toolpath.events, toolpath.files, toolpath.findings, toolpath.lines), out
