"""Surface finish from the cut: the marks the teeth leave, and Ra, Rz, Rt of a profile.

A tooth's corner leaves one mark per feed per tooth fz along the feed, as a turning tool's nose
leaves one per feed f. The mark is the corner's shape: an arc of the corner radius r, continued
behind by the end edge's dish (an end mill's end teeth rise towards the centre by `DISH_ANGLE`),
ahead by the side edge (vertical on an end mill). The surface is the lower envelope of the marks;
runout e lifts tooth k by e·cos(2πk/z), so one tooth cuts deeper than the others and, past a few
µm, the profile repeats once per revolution, as on the machine. Ideal arcs give the textbook
figures: Rt = r − √(r² − f²/4) ≈ f²/8r and Ra ≈ f²/(32 r) (`periodic_arc`, exact).
"""
from __future__ import annotations

import math

import numpy as np

DISH_ANGLE = math.radians(2.0)    # end-tooth dish of an end mill (catalogues give 1–3°)


def periodic_arc(feed: float, radius: float) -> tuple[float, float]:
    """(Ra, Rt) of the profile of arcs of `radius` repeated every `feed` (mm), exactly.

    The heights over one period are h(x) = r − √(r² − x²), |x| ≤ f/2. The mean line is their
    mean m; Ra integrates |h − m| in closed form, split where h crosses m. Ra ≈ f²/(32 r) and
    Rt ≈ f²/(8 r) when f ≪ r. This is the nose radius formula of turning as well.
    """
    f, r = float(feed), float(radius)
    if f <= 0 or r <= 0:
        return 0.0, 0.0
    if f > 2 * r:
        raise ValueError("a feed wider than the arc leaves no surface of arcs")
    half = f / 2

    def area(x):          # ∫0^x √(r² − t²) dt
        return 0.5 * (x * math.sqrt(max(r * r - x * x, 0.0)) + r * r * math.asin(min(x / r, 1.0)))

    def integral_h(x):    # ∫0^x h(t) dt
        return r * x - area(x)

    m = integral_h(half) / half
    xc = math.sqrt(max(r * r - (r - m) ** 2, 0.0))
    below = m * xc - integral_h(xc)                            # ∫0^xc (m − h)
    above = (integral_h(half) - integral_h(xc)) - m * (half - xc)
    return (below + above) / half, r - math.sqrt(r * r - half * half)


def corner_mark(d: np.ndarray, corner_radius: float, dish: float = DISH_ANGLE) -> np.ndarray:
    """Height above its lowest point of the mark a tooth's corner leaves, at `d` along the feed
    (d > 0 ahead of the corner, where the side edge rises straight; d < 0 behind, where the arc
    meets the end edge's dish and continues as a straight flank)."""
    d = np.asarray(d, float)
    r = float(corner_radius)
    t = math.tan(dish)
    ahead = np.where(d <= r, r - np.sqrt(np.maximum(r * r - d * d, 0.0)), np.inf) if r > 0 else \
        np.where(d <= 0, 0.0, np.inf)
    dt = r * math.sin(dish)                       # where the arc's slope reaches the dish
    ht = r - math.sqrt(r * r - dt * dt)
    behind = np.where(-d <= dt, r - np.sqrt(np.maximum(r * r - d * d, 0.0)), ht + (-d - dt) * t)
    return np.where(d >= 0, ahead, behind)


def tooth_marks(x: np.ndarray, fz: float, teeth: int, radius: float, runout: float = 0.0,
                dish: float | None = DISH_ANGLE) -> np.ndarray:
    """Heights (mm) at `x` along the feed of the surface the teeth leave: the lower envelope of
    their marks, tooth k every `teeth`·fz starting at k·fz, lifted by runout·cos(2πk/teeth).
    `dish` None: the mark is the plain arc of `radius` (a wall cut by the side teeth)."""
    x = np.asarray(x, float)
    if fz <= 0 or teeth <= 0:
        return np.zeros_like(x)
    rev = teeth * fz
    lo, hi = float(x.min()) - 2 * rev, float(x.max()) + 2 * rev
    out = np.full(x.shape, np.inf)
    for k in range(teeth):
        lift = -runout * math.cos(2 * math.pi * k / teeth)
        for n in range(int(math.floor(lo / rev)), int(math.ceil(hi / rev)) + 1):
            d = x - (n * rev + k * fz)
            if dish is None:
                mark = np.where(np.abs(d) <= radius, radius - np.sqrt(np.maximum(radius ** 2 - d * d, 0.0)), np.inf)
            else:
                mark = corner_mark(d, radius, dish)
            out = np.minimum(out, lift + mark)
    if not np.isfinite(out).all():                 # marks that do not meet: the flat between them
        out = np.where(np.isfinite(out), out, np.nanmax(np.where(np.isfinite(out), out, np.nan)))
    return out - out.min()


def sampling_length(rsm: float) -> float:
    """ISO 4288's cut-off λc (mm) for a periodic profile of mean spacing RSm (mm)."""
    for limit, cutoff in ((0.04, 0.08), (0.13, 0.25), (0.4, 0.8), (1.3, 2.5)):
        if rsm <= limit:
            return cutoff
    return 8.0


def mean_spacing(x: np.ndarray, dev: np.ndarray) -> float:
    """RSm: mean length of the profile's elements, from its upward crossings of the mean line."""
    up = np.nonzero((dev[:-1] < 0) & (dev[1:] >= 0))[0]
    if len(up) < 2:
        return float(x[-1] - x[0])
    return float(np.mean(np.diff(x[up])))


def profile_stats(x: np.ndarray, z: np.ndarray, extra_x=None, extra_z=None,
                  cutoff: float | None = None, slope: float | None = None) -> dict:
    """Ra, Rz, Rt (units of z) of the profile z(x) about its least-squares mean line (ISO 4287).

    Ra integrates the dense samples; Rt and Rz also see `extra` points (the exact extremes found
    between samples). Rz is the mean peak-to-valley of the sampling lengths λc (ISO 4288, chosen
    from RSm unless given) that fit in the evaluation length, at least one. `slope` imposes
    the mean line's slope: the swept surface's, so that the teeth's periodic marks, whose
    least-squares line tilts with their asymmetry, do not tilt it.
    """
    x, z = np.asarray(x, float), np.asarray(z, float)
    if slope is None:
        slope, icept = np.polyfit(x, z, 1)
    else:
        icept = float(np.mean(z - slope * x))
    dev = z - (slope * x + icept)
    ex = np.asarray(extra_x if extra_x is not None else [], float)
    ed = np.asarray(extra_z if extra_z is not None else [], float) - (slope * ex + icept)
    allx, alld = np.concatenate([x, ex]), np.concatenate([dev, ed])
    order = np.argsort(allx, kind="stable")
    allx, alld = allx[order], alld[order]
    length = float(x[-1] - x[0])
    ra = float(np.trapezoid(np.abs(alld), allx) / length)
    rsm = mean_spacing(x, dev)
    lc = cutoff if cutoff is not None else sampling_length(rsm)
    n = max(1, int(math.floor(length / lc + 1e-9)))
    edges = x[0] + np.arange(n + 1) * (length / n)
    peaks = []
    for a, b in zip(edges[:-1], edges[1:]):
        part = alld[(allx >= a) & (allx <= b)]
        peaks.append(float(part.max() - part.min()))
    return {"Ra": ra, "Rz": float(np.mean(peaks)), "Rt": float(alld.max() - alld.min()), "RSm": rsm,
            "cutoff": lc, "dev": dev}


def profile_svg(s, z_um, title: str = "", width: int = 640, height: int = 200) -> str:
    """The profile as a picture (SVG text): abscissa in mm along the trace, heights in µm about the
    mean line, exaggerated to fill the frame, with the mean line and the scale written out."""
    s, z = np.asarray(s, float), np.asarray(z_um, float)
    pad = 30
    span = float(s[-1] - s[0]) or 1.0
    top = float(np.max(np.abs(z))) or 1.0
    xs = pad + (s - s[0]) / span * (width - 2 * pad)
    ys = height / 2 - z / top * (height / 2 - pad)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    esc = (title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">\n'
            f'<rect width="{width}" height="{height}" fill="white"/>\n'
            f'<line x1="{pad}" y1="{height / 2}" x2="{width - pad}" y2="{height / 2}" stroke="#999" '
            f'stroke-dasharray="4 3"/>\n'
            f'<polyline points="{points}" fill="none" stroke="#1f4e9a" stroke-width="1.2"/>\n'
            f'<text x="{pad}" y="16">{esc}</text>\n'
            f'<text x="{pad}" y="{height - 8}">0 mm</text>\n'
            f'<text x="{width - pad}" y="{height - 8}" text-anchor="end">{span:.3g} mm</text>\n'
            f'<text x="4" y="{pad + 4}">+{top:.3g} µm</text>\n'
            f'<text x="4" y="{height - pad}">−{top:.3g} µm</text>\n</svg>\n')
