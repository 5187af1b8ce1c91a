"""Which G and M codes each dialect knows, their modal groups, and which machinesim simulates.

Modal groups follow the RS274/NGC numbering used by pygcode's code registry (checked against it
in the tests); codes pygcode lacks (G28, G30, G44, G52, G65, G74, G84, G86-G88, Fanuc extras) are
added here. A code is SUPPORTED (simulated), ACCEPTED (no effect on the toolpath: path blending,
overrides), UNSUPPORTED (real, but not simulated: a warning) or unknown (UNKNOWN_CODE).
"""
from __future__ import annotations

from functools import lru_cache

NON_MODAL = 0
MOTION, PLANE, DISTANCE, ARC_DISTANCE, FEED_MODE, UNITS, CUTTER_COMP, TOOL_LENGTH = 1, 2, 3, 4, 5, 6, 7, 8
RETURN_MODE, COORD_SYSTEM, PATH_CONTROL, SPINDLE_MODE = 10, 12, 13, 14
M_STOPPING, M_TOOL_CHANGE, M_SPINDLE, M_COOLANT, M_OVERRIDE, M_SUBPROGRAM = 104, 106, 107, 108, 109, 111

CYCLES = (73.0, 74.0, 76.0, 81.0, 82.0, 83.0, 84.0, 85.0, 86.0, 87.0, 88.0, 89.0)

_COMMON_G = {
    0.0: MOTION, 1.0: MOTION, 2.0: MOTION, 3.0: MOTION, 80.0: MOTION,
    73.0: MOTION, 81.0: MOTION, 82.0: MOTION, 83.0: MOTION, 84.0: MOTION, 85.0: MOTION,
    86.0: MOTION, 87.0: MOTION, 88.0: MOTION, 89.0: MOTION,
    4.0: NON_MODAL, 10.0: NON_MODAL, 28.0: NON_MODAL, 30.0: NON_MODAL, 52.0: NON_MODAL, 53.0: NON_MODAL,
    92.0: NON_MODAL,
    17.0: PLANE, 18.0: PLANE, 19.0: PLANE,
    90.0: DISTANCE, 91.0: DISTANCE,
    93.0: FEED_MODE, 94.0: FEED_MODE, 95.0: FEED_MODE,
    20.0: UNITS, 21.0: UNITS,
    40.0: CUTTER_COMP, 41.0: CUTTER_COMP, 42.0: CUTTER_COMP,
    43.0: TOOL_LENGTH, 49.0: TOOL_LENGTH,
    98.0: RETURN_MODE, 99.0: RETURN_MODE,
    54.0: COORD_SYSTEM, 55.0: COORD_SYSTEM, 56.0: COORD_SYSTEM, 57.0: COORD_SYSTEM, 58.0: COORD_SYSTEM,
    59.0: COORD_SYSTEM,
    61.0: PATH_CONTROL, 64.0: PATH_CONTROL,
    96.0: SPINDLE_MODE, 97.0: SPINDLE_MODE,
}

G_CODES = {
    "fanuc": {**_COMMON_G, 74.0: MOTION, 76.0: MOTION, 44.0: TOOL_LENGTH, 65.0: NON_MODAL, 9.0: NON_MODAL,
              31.0: NON_MODAL, 15.0: 17, 16.0: 17, 50.0: 11, 51.0: 11, 50.1: 22, 51.1: 22, 68.0: 16, 69.0: 16,
              54.1: COORD_SYSTEM, 5.0: 24, 5.1: 24, 8.0: 24, 63.0: PATH_CONTROL, 90.1: ARC_DISTANCE,
              91.1: ARC_DISTANCE, 92.1: NON_MODAL},
    "linuxcnc": {**_COMMON_G, 74.0: MOTION, 76.0: MOTION, 33.0: MOTION, 33.1: MOTION, 38.2: MOTION, 38.3: MOTION,
                 38.4: MOTION, 38.5: MOTION, 5.0: MOTION, 5.1: MOTION, 5.2: MOTION,
                 90.1: ARC_DISTANCE, 91.1: ARC_DISTANCE, 7.0: 15, 8.0: 15,
                 28.1: NON_MODAL, 30.1: NON_MODAL, 92.1: NON_MODAL, 92.2: NON_MODAL, 92.3: NON_MODAL,
                 41.1: CUTTER_COMP, 42.1: CUTTER_COMP, 43.1: TOOL_LENGTH, 43.2: TOOL_LENGTH,
                 59.1: COORD_SYSTEM, 59.2: COORD_SYSTEM, 59.3: COORD_SYSTEM, 61.1: PATH_CONTROL,
                 17.1: PLANE, 18.1: PLANE, 19.1: PLANE},
}
# Haas (Mill Operator's Manual, NGC): Fanuc's codes and its own; G187 (smoothness) and G103 (block
# look-ahead) are settings with no effect on the programmed path
G_CODES["haas"] = {**G_CODES["fanuc"], 187.0: 26, 103.0: 27, 154.0: COORD_SYSTEM,
                   **{float(n): COORD_SYSTEM for n in range(110, 130)}, 12.0: NON_MODAL, 13.0: NON_MODAL,
                   47.0: NON_MODAL, 70.0: NON_MODAL, 71.0: NON_MODAL, 72.0: NON_MODAL, 150.0: NON_MODAL,
                   35.0: NON_MODAL, 36.0: NON_MODAL, 37.0: NON_MODAL, 100.0: 28, 101.0: 28, 141.0: CUTTER_COMP,
                   143.0: TOOL_LENGTH, 234.0: TOOL_LENGTH, 254.0: 29, 255.0: 29, 174.0: MOTION, 184.0: MOTION}
# grbl 1.1 (its "G-code commands" list): a subset of RS274/NGC, no cycles, no cutter compensation
G_CODES["grbl"] = {v: g for v, g in G_CODES["linuxcnc"].items() if v in (
    0.0, 1.0, 2.0, 3.0, 4.0, 10.0, 17.0, 18.0, 19.0, 20.0, 21.0, 28.0, 28.1, 30.0, 30.1, 38.2, 38.3, 38.4,
    38.5, 40.0, 43.1, 49.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 61.0, 80.0, 90.0, 91.0, 91.1, 92.0,
    92.1, 93.0, 94.0)}
# Mach3 (its "Using Mach3Mill" G-code table): RS274/NGC with Fanuc-style extras
G_CODES["mach3"] = {**{v: g for v, g in G_CODES["linuxcnc"].items() if v not in (
    5.0, 5.1, 5.2, 7.0, 8.0, 33.0, 33.1, 38.3, 38.4, 38.5, 41.1, 42.1, 43.1, 43.2, 74.0, 76.0, 17.1, 18.1, 19.1)},
    12.0: NON_MODAL, 13.0: NON_MODAL, 15.0: 17, 16.0: 17, 31.0: NON_MODAL,
    50.0: 11, 51.0: 11, 68.0: 16, 69.0: 16, 60.0: NON_MODAL}

_COMMON_M = {0.0: M_STOPPING, 1.0: M_STOPPING, 2.0: M_STOPPING, 30.0: M_STOPPING, 60.0: M_STOPPING,
             3.0: M_SPINDLE, 4.0: M_SPINDLE, 5.0: M_SPINDLE, 6.0: M_TOOL_CHANGE,
             7.0: M_COOLANT, 8.0: M_COOLANT, 9.0: M_COOLANT, 19.0: 0, 48.0: M_OVERRIDE, 49.0: M_OVERRIDE}

M_CODES = {
    # M13/M14: spindle on clockwise / counter-clockwise with coolant, on Fanuc-type machines
    "fanuc": {**_COMMON_M, 98.0: M_SUBPROGRAM, 99.0: M_SUBPROGRAM, 13.0: M_SPINDLE, 14.0: M_SPINDLE},
    "linuxcnc": {**_COMMON_M, 98.0: M_SUBPROGRAM, 99.0: M_SUBPROGRAM, 50.0: M_OVERRIDE, 51.0: M_OVERRIDE, 52.0: M_OVERRIDE, 53.0: M_OVERRIDE,
                 61.0: M_TOOL_CHANGE, 62.0: 0, 63.0: 0, 64.0: 0, 65.0: 0, 66.0: 0, 67.0: 0, 68.0: 0,
                 70.0: 0, 71.0: 0, 72.0: 0, 73.0: 0,
                 **{float(n): 0 for n in range(100, 200)}},
}
# Haas: M16 changes tools like M6; M10-M13 are rotary brakes, M97 a local subprogram call, M88/M89
# through-spindle coolant, M31/M33 the chip conveyor, M83/M84 the air gun
M_CODES["haas"] = {**_COMMON_M, 98.0: M_SUBPROGRAM, 99.0: M_SUBPROGRAM, 16.0: M_TOOL_CHANGE, 97.0: M_SUBPROGRAM,
                   **{float(n): 0 for n in (10, 11, 12, 13, 31, 33, 34, 35, 41, 42, 83, 84, 88, 89)}}
M_CODES["grbl"] = {v: g for v, g in _COMMON_M.items() if v not in (48.0, 49.0, 60.0, 19.0)} | {56.0: M_OVERRIDE}
M_CODES["mach3"] = {**_COMMON_M, 98.0: M_SUBPROGRAM, 99.0: M_SUBPROGRAM, 47.0: 0}

SUPPORTED_G = {0.0, 1.0, 2.0, 3.0, 4.0, 10.0, 17.0, 18.0, 19.0, 20.0, 21.0, 28.0, 28.1, 30.0, 30.1, 40.0, 41.0,
               41.1, 42.0, 42.1, 43.0, 43.1, 43.2, 44.0, 49.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 59.1, 59.2, 59.3, 65.0,
               80.0, 90.0, 90.1, 91.0, 91.1, 92.0, 92.1, 92.2, 92.3, 93.0, 94.0, 95.0, 98.0, 99.0, *CYCLES}
ACCEPTED_G = {61.0, 61.1, 64.0, 97.0, 8.0, 63.0}            # no effect on the programmed path
# settings of the control's path smoothing, no effect on the programmed path: the block only sets
# them (its P, Q, R, E words are the setting). Fanuc G5 P10000 (HPCC), G5.1 Q1 (AI contour control,
# Fusion's Fanuc posts); Haas G187 P2 E.025 (smoothness), G103 P1 (block look-ahead)
SETTINGS_G = {"fanuc": {5.0, 5.1}, "haas": {5.0, 5.1, 187.0, 103.0}}
SUPPORTED_M = {0.0, 1.0, 2.0, 30.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 97.0, 98.0, 99.0, 13.0, 14.0, 16.0}
ACCEPTED_M = {48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 56.0}
ACCEPTED_M_HAAS = {10.0, 11.0, 12.0, 13.0, 31.0, 33.0, 34.0, 35.0, 41.0, 42.0, 83.0, 84.0}

# words whose value is a length: scaled by G20 and read as least increments without a point
LENGTH_LETTERS = frozenset("XYZIJKRQ")


def code_name(letter: str, value: float) -> str:
    """`G1`, `G59.1`, `M30` as a machinist writes them."""
    if value == int(value):
        return f"{letter}{int(value)}"
    return f"{letter}{value:g}"


@lru_cache(maxsize=4096)
def group(letter: str, value: float, dialect: str) -> int | None:
    """Modal group of a G or M code in `dialect`, None when the dialect does not know it."""
    table = G_CODES[dialect] if letter == "G" else M_CODES[dialect]
    return table.get(round(value, 4))


@lru_cache(maxsize=4096)
def status(letter: str, value: float, dialect: str) -> str:
    """'supported', 'accepted', 'unsupported' or 'unknown'."""
    v = round(value, 4)
    if group(letter, v, dialect) is None:
        return "unknown"
    if dialect == "linuxcnc" and letter == "G" and v == 76.0:      # a lathe threading cycle there
        return "unsupported"
    if dialect == "haas" and letter == "M" and v in ACCEPTED_M_HAAS:     # M13 is a brake there
        return "accepted"
    if letter == "G" and v in SETTINGS_G.get(dialect, ()):
        return "accepted"
    supported, accepted = (SUPPORTED_G, ACCEPTED_G) if letter == "G" else (SUPPORTED_M, ACCEPTED_M)
    if v in supported:
        return "supported"
    if v in accepted:
        return "accepted"
    return "unsupported"
