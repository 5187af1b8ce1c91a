"""The fast lane: runs of plain motion blocks (G0-G3 X Y Z I J K R F N only) interpreted in Numba.

The Python interpreter (`interpreter.Interpreter`) is this kernel's reference: it hands over its
modal state when the next line is plain and the state simple (G94, no compensation, no cycle), the
kernel moves through the run, and stops before the first line it cannot vouch for (an error, a
word without decimal point in Fanuc, anything unusual), which the interpreter then reads itself.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from .arcs import FULL_CIRCLE_SNAP, OK, center_from_offsets, center_from_radius

# float state
S_POS, S_OFFS, S_FEED, S_UNITS, S_RAPID, S_TOL = 0, 3, 6, 7, 8, 9
NF = 10
# int state
I_MOTION, I_INCR, I_ARC_INCR, I_PLANE, I_FANUC = 0, 1, 2, 3, 4
NI = 5

_G, _X, _Y, _Z, _I, _J, _K, _R, _F, _N = 71, 88, 89, 90, 73, 74, 75, 82, 70, 78


@njit(cache=True)
def _slot(letter):
    if letter == _X:
        return 0
    if letter == _Y:
        return 1
    if letter == _Z:
        return 2
    if letter == _I:
        return 3
    if letter == _J:
        return 4
    if letter == _K:
        return 5
    if letter == _R:
        return 6
    if letter == _F:
        return 7
    if letter == _G:
        return 8
    return 9   # N


@njit(cache=True)
def run(letters, values, wflags, line_word, line_flags, first, last, sf, si,
        kind, line, start, end, center, axis, feed):
    """Interpret plain lines first..last-1; returns (next line to read, moves written).

    Rapids that go nowhere are not recorded (as in the interpreter).
    """
    have = np.zeros(10, np.bool_)
    val = np.zeros(10)
    nm = 0
    if si[I_PLANE] == 17:
        a0, a1, ax = 0, 1, 2
    elif si[I_PLANE] == 18:
        a0, a1, ax = 2, 0, 1
    else:
        a0, a1, ax = 1, 2, 0
    u = sf[S_UNITS]
    for li in range(first, last):
        if line_flags[li] != 16:
            return li, nm
        have[:] = False
        bad = False
        for w in range(line_word[li], line_word[li + 1]):
            s = _slot(letters[w])
            if have[s]:
                bad = True
                break
            have[s] = True
            val[s] = values[w]
            if si[I_FANUC] == 1 and s < 7 and (wflags[w] & 1) == 0 and values[w] != 0.0:
                bad = True      # Fanuc: a length without a decimal point gets a warning
                break
        if bad:
            return li, nm
        motion = si[I_MOTION]
        if have[8]:
            motion = int(val[8])
        if have[7]:
            if val[7] < 0.0:
                return li, nm
        newfeed = val[7] * u if have[7] else sf[S_FEED]
        axes = have[0] or have[1] or have[2]
        offsets = have[3] or have[4] or have[5] or have[6]
        if motion < 0:
            if axes or offsets:
                return li, nm
        elif motion <= 1:
            if offsets:
                return li, nm
        if motion >= 1 and axes and newfeed <= 0.0:
            return li, nm
        if motion >= 2 and (not axes or (have[6] and (have[3] or have[4] or have[5]))
                            or (not have[6] and not (have[3 + a0] or have[3 + a1])) or have[3 + ax]):
            if axes or offsets:
                return li, nm
        e0 = sf[S_POS]
        e1 = sf[S_POS + 1]
        e2 = sf[S_POS + 2]
        if axes:
            if si[I_INCR] == 1:
                if have[0]:
                    e0 = e0 + val[0] * u
                if have[1]:
                    e1 = e1 + val[1] * u
                if have[2]:
                    e2 = e2 + val[2] * u
            else:
                if have[0]:
                    e0 = val[0] * u
                if have[1]:
                    e1 = val[1] * u
                if have[2]:
                    e2 = val[2] * u
        if axes and motion >= 2:
            s = sf[S_POS:S_POS + 3]
            e = np.array((e0, e1, e2))
            de0 = e[a0] - s[a0]
            de1 = e[a1] - s[a1]
            if math.sqrt(de0 * de0 + de1 * de1) <= FULL_CIRCLE_SNAP:
                e[a0] = s[a0]
                e[a1] = s[a1]
            if have[6]:
                st, c0, c1 = center_from_radius(s[a0], s[a1], e[a0], e[a1], val[6] * u, motion == 3,
                                                sf[S_TOL])
            else:
                if si[I_ARC_INCR] == 1:
                    c0 = s[a0] + (val[3 + a0] * u if have[3 + a0] else 0.0)
                    c1 = s[a1] + (val[3 + a1] * u if have[3 + a1] else 0.0)
                else:
                    c0 = val[3 + a0] * u if have[3 + a0] else 0.0
                    c1 = val[3 + a1] * u if have[3 + a1] else 0.0
                st, r0, r1 = center_from_offsets(s[a0], s[a1], e[a0], e[a1], c0, c1, sf[S_TOL])
            if st != OK:
                return li, nm
            c = np.empty(3)
            c[a0] = c0
            c[a1] = c1
            c[ax] = s[ax]
            kind[nm] = 2
            for k in range(3):
                start[nm, k] = s[k] + sf[S_OFFS + k]
                end[nm, k] = e[k] + sf[S_OFFS + k]
                center[nm, k] = c[k] + sf[S_OFFS + k]
                axis[nm, k] = 0.0
            axis[nm, ax] = 1.0 if motion == 3 else -1.0
            feed[nm] = newfeed
            line[nm] = li + 1
            nm += 1
            e0, e1, e2 = e[0], e[1], e[2]
        elif axes and not (motion == 0 and e0 == sf[S_POS] and e1 == sf[S_POS + 1] and e2 == sf[S_POS + 2]):
            kind[nm] = 0 if motion == 0 else 1
            start[nm, 0] = sf[S_POS] + sf[S_OFFS]
            start[nm, 1] = sf[S_POS + 1] + sf[S_OFFS + 1]
            start[nm, 2] = sf[S_POS + 2] + sf[S_OFFS + 2]
            end[nm, 0] = e0 + sf[S_OFFS]
            end[nm, 1] = e1 + sf[S_OFFS + 1]
            end[nm, 2] = e2 + sf[S_OFFS + 2]
            feed[nm] = sf[S_RAPID] if motion == 0 else newfeed
            line[nm] = li + 1
            nm += 1
        sf[S_POS] = e0
        sf[S_POS + 1] = e1
        sf[S_POS + 2] = e2
        sf[S_FEED] = newfeed
        si[I_MOTION] = motion
    return last, nm
