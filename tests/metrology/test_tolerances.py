"""ISO 286 and ISO 2768 limits against the published tables (metrology.md, ISO 286-2)."""
import math

import pytest

from machinesim.metrology.tolerances import (ToleranceError, fit_deviations, general_flatness,
                                             general_linear, parse_general)

# metrology.md, ISO 286-1 standard tolerances in µm, bands 0–3 … 80–120 (a size inside each band).
BAND_SIZES = (2, 5, 8, 15, 25, 40, 65, 100)
IT_TABLE = {
    6: (6, 8, 9, 11, 13, 16, 19, 22),
    7: (10, 12, 15, 18, 21, 25, 30, 35),
    8: (14, 18, 22, 27, 33, 39, 46, 54),
    9: (25, 30, 36, 43, 52, 62, 74, 87),
    10: (40, 48, 58, 70, 84, 100, 120, 140),
    11: (60, 75, 90, 110, 130, 160, 190, 220),
}
# metrology.md fundamental deviations es of shafts, bands 3–6 … 80–120.
SHAFT_ES = {
    "g": (-4, -5, -6, -7, -9, -10, -12),
    "f": (-10, -13, -16, -20, -25, -30, -36),
    "e": (-20, -25, -32, -40, -50, -60, -72),
}


def um(pair):
    return tuple(round(v * 1000, 3) for v in pair)


@pytest.mark.parametrize("grade", sorted(IT_TABLE))
def test_it_widths_h_and_h(grade):
    for size, it in zip(BAND_SIZES, IT_TABLE[grade]):
        assert um(fit_deviations(f"H{grade}", size)) == (it, 0)
        assert um(fit_deviations(f"h{grade}", size)) == (0, -it)
        assert um(fit_deviations(f"js{grade}", size)) == (it / 2, -it / 2)
        assert um(fit_deviations(f"JS{grade}", size)) == (it / 2, -it / 2)


@pytest.mark.parametrize("letter", sorted(SHAFT_ES))
def test_shaft_and_hole_fundamental_deviations(letter):
    for size, es, it7 in zip(BAND_SIZES[1:], SHAFT_ES[letter], IT_TABLE[7][1:]):
        assert um(fit_deviations(f"{letter}7", size)) == (es, es - it7)
        assert um(fit_deviations(f"{letter.upper()}7", size)) == (-es + it7, -es)


def test_reference_values_of_metrology_md():
    assert um(fit_deviations("H7", 25)) == (21, 0)
    assert um(fit_deviations("g6", 25)) == (-7, -20)
    assert um(fit_deviations("H9", 10)) == (36, 0)          # 10 belongs to the 6–10 band
    assert um(fit_deviations("f7", 16)) == (-16, -34)
    assert um(fit_deviations("G7", 4.5)) == (16, 4)


def test_values_from_iso_286_2_beyond_120_mm():
    # ISO 286-2 tables (and Cor.1:2006 for E8 80–120), large sizes and IT5.
    assert um(fit_deviations("E8", 100)) == (126, 72)
    assert um(fit_deviations("h7", 450)) == (0, -63)
    assert um(fit_deviations("e6", 450)) == (-135, -175)
    assert um(fit_deviations("f7", 450)) == (-68, -131)
    assert um(fit_deviations("g6", 450)) == (-20, -60)
    assert um(fit_deviations("h9", 350)) == (0, -140)
    assert um(fit_deviations("h5", 150)) == (0, -18)
    assert um(fit_deviations("h11", 200)) == (0, -290)
    assert um(fit_deviations("f8", 300)) == (-56, -137)


def test_band_edges_belong_to_the_lower_band():
    assert um(fit_deviations("H7", 10)) == (15, 0)
    assert um(fit_deviations("H7", 10.0001)) == (18, 0)
    assert um(fit_deviations("H7", 500)) == (63, 0)


def test_formula_is_a_sanity_bound_on_the_table():
    bands = (0, 3, 6, 10, 18, 30, 50, 80, 120, 180, 250, 315, 400, 500)
    k = {5: 7, 6: 10, 7: 16, 8: 25, 9: 40, 10: 64, 11: 100}
    for grade, kk in k.items():
        for a, b in zip(bands, bands[1:]):
            d = math.sqrt(max(a, 1) * b)
            i = 0.45 * d ** (1 / 3) + 0.001 * d
            table = fit_deviations(f"H{grade}", (a + b) / 2)[0] * 1000
            assert abs(table / (kk * i) - 1) < 0.16


@pytest.mark.parametrize("bad", ["H4", "H12", "K7", "h", "7H", "", "HH7"])
def test_unsupported_codes_are_refused(bad):
    with pytest.raises(ToleranceError):
        fit_deviations(bad, 20)


def test_sizes_outside_iso_286_are_refused():
    for size in (0, -5, 500.5):
        with pytest.raises(ToleranceError):
            fit_deviations("H7", size)


def test_iso_2768_1_linear():
    table = {"f": (0.05, 0.05, 0.1, 0.15, 0.2, 0.3), "m": (0.1, 0.1, 0.2, 0.3, 0.5, 0.8),
             "c": (0.2, 0.3, 0.5, 0.8, 1.2, 2), "v": (None, 0.5, 1, 1.5, 2.5, 4)}
    sizes = (1, 4, 20, 100, 300, 800)
    for cls, row in table.items():
        for size, tol in zip(sizes, row):
            if tol is None:
                with pytest.raises(ToleranceError):
                    general_linear(cls, size)
            else:
                assert general_linear(cls, size) == tol
    assert general_linear("m", 30) == 0.2 and general_linear("m", 30.01) == 0.3
    with pytest.raises(ToleranceError):
        general_linear("m", 0.3)


def test_iso_2768_2_flatness_and_codes():
    assert [general_flatness("K", n) for n in (5, 20, 80, 250)] == [0.05, 0.1, 0.2, 0.4]
    assert [general_flatness("H", n) for n in (10, 30, 100, 300)] == [0.02, 0.05, 0.1, 0.2]
    assert general_flatness("L", 50) == 0.4
    assert parse_general("ISO 2768-mK") == ("m", "K")
    assert parse_general("ISO 2768-f") == ("f", "")
    assert parse_general("c") == ("c", "")
    with pytest.raises(ToleranceError):
        parse_general("ISO 2768-x")
