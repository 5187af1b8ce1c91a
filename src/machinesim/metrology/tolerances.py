"""Tolerances from the drawing: ISO 286 fits and ISO 2768 general tolerances, as limit deviations.

ISO 286-1 standard tolerances (IT5–IT11) and the fundamental deviations of shafts e, f, g, h come
from `pressfit` (MIT), whose hand-entered tables were checked against the reference values of
metrology.md and ISO 286-2 (tests/metrology/test_tolerances.py). Holes E, F, G take EI = −es of the
same shaft letter (ISO 286-1, letters A to H); H, h, JS and js follow from IT alone. ISO 2768 is
short enough to keep here as data. All functions return (upper, lower) deviations in millimetres.
"""
from __future__ import annotations

import re

import pressfit

FIT_GRADES = range(5, 12)
FIT_MAX_SIZE = 500.0
_FIT = re.compile(r"^(JS|js|[HGFEhgfe])(\d{1,2})$")

# ISO 2768-1 linear sizes: band upper limits (mm, "over a up to b") and ± deviations per class.
LINEAR_BANDS = (0.5, 3.0, 6.0, 30.0, 120.0, 400.0, 1000.0)      # first value: smallest size covered
LINEAR = {
    "f": (0.05, 0.05, 0.1, 0.15, 0.2, 0.3),
    "m": (0.1, 0.1, 0.2, 0.3, 0.5, 0.8),
    "c": (0.2, 0.3, 0.5, 0.8, 1.2, 2.0),
    "v": (None, 0.5, 1.0, 1.5, 2.5, 4.0),
}
# ISO 2768-2 flatness and straightness, by nominal length of the feature (mm).
FLATNESS_BANDS = (10.0, 30.0, 100.0, 300.0)
FLATNESS = {"H": (0.02, 0.05, 0.1, 0.2), "K": (0.05, 0.1, 0.2, 0.4), "L": (0.1, 0.2, 0.4, 0.8)}
_GENERAL = re.compile(r"^\s*(?:ISO\s*2768\s*-?\s*)?([fmcv])([HKL]?)\s*$", re.IGNORECASE)


class ToleranceError(ValueError):
    """A tolerance the tables do not define; `reason` is a catalogue detail key."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def parse_fit(code: str) -> tuple[str, int]:
    """'H7' -> ('H', 7); raises ToleranceError for codes outside the supported letters and grades."""
    m = _FIT.match(code.strip()) if isinstance(code, str) else None
    if not m or int(m.group(2)) not in FIT_GRADES:
        raise ToleranceError("fit_code", code=code)
    return m.group(1), int(m.group(2))


def fit_deviations(code: str, size: float) -> tuple[float, float]:
    """(upper, lower) deviation in mm of ISO 286 class `code` (e.g. 'H7', 'g6') at nominal `size` mm."""
    letter, grade = parse_fit(code)
    if not 0.0 < size <= FIT_MAX_SIZE:
        raise ToleranceError("fit_size", code=code, size=size, max=FIT_MAX_SIZE)
    shaft = letter.lower()
    base = pressfit.fit(f"H{grade}/{'h' if shaft == 'js' else shaft}{grade}", size)
    it = base.hole_es_um                                   # H hole: ES = IT, EI = 0
    if shaft == "js":
        es, ei = it / 2.0, -it / 2.0
    elif letter.isupper():
        ei = -base.shaft_es_um                             # EI = −es for holes A to H
        es = ei + it
    else:
        es, ei = base.shaft_es_um, base.shaft_ei_um
    return es / 1000.0, ei / 1000.0


def parse_general(text: str) -> tuple[str, str]:
    """'ISO 2768-mK' -> ('m', 'K'); the geometric letter may be empty."""
    m = _GENERAL.match(text) if isinstance(text, str) else None
    if not m:
        raise ToleranceError("general_code", code=text)
    return m.group(1).lower(), m.group(2).upper()


def general_linear(cls: str, size: float) -> float:
    """± deviation (mm) of ISO 2768-1 class `cls` for a linear size (bands 'over a up to b')."""
    size = abs(size)
    if size < LINEAR_BANDS[0] or size > LINEAR_BANDS[-1]:
        raise ToleranceError("general_size", cls=cls, size=size)
    for i, upper in enumerate(LINEAR_BANDS[1:]):
        if size <= upper:
            value = LINEAR[cls][i]
            break
    if value is None:
        raise ToleranceError("general_size", cls=cls, size=size)
    return value


def general_flatness(cls: str, length: float) -> float:
    """ISO 2768-2 flatness tolerance (mm) of class H, K or L for a face `length` mm long."""
    for i, upper in enumerate(FLATNESS_BANDS):
        if length <= upper:
            return FLATNESS[cls][i]
    raise ToleranceError("general_size", cls=cls, size=length)
