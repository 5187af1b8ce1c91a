"""Spec file parsing: the contract's example, tolerances resolved, and clear errors for bad input."""
import pytest

from machinesim import messages
from machinesim.findings import InputError
from machinesim.metrology import load_spec, parse_spec

CONTRACT_EXAMPLE = '''
[part]
name = "Plaque support"
drawing = "PS-001"
general = "ISO 2768-m"

[grading]
scale = 20
critical_cap = 8

[[check]]
id = 1
name = "Largeur poche"
instrument = "inside"
at = [50, 40, -2.5]
axis = "x"
nominal = 40
tol = 0.05
class = "critical"
points = 3

[[check]]
id = 2
name = "Alésage"
instrument = "bore"
at = [20, 20, -5]
nominal = 25
fit = "H7"

[[check]]
id = 3
name = "Position alésage"
instrument = "position"
of = 2
nominal_center = [20, 20]
tol = 0.1

[[check]]
id = 4
name = "Épaulement"
instrument = "height"
at = [5, 5, 0]
nominal = 15
tol = [0.1, 0]

[[check]]
id = 5
name = "Profondeur"
instrument = "depth"
at = [50, 40, -1]
nominal = 5
'''


def test_contract_example(tmp_path):
    path = tmp_path / "spec.toml"
    path.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    spec = load_spec(path)
    assert (spec.name, spec.drawing, spec.scale, spec.critical_cap) == ("Plaque support", "PS-001", 20, 8)
    c1, c2, c3, c4, c5 = spec.checks
    assert (c1.axis, c1.category, c1.points, c1.lower_limit, c1.upper_limit) == ((1, 0, 0), "critical", 3,
                                                                                  39.95, 40.05)
    assert (c2.upper, c2.lower, c2.tolerance) == (pytest.approx(0.021), 0, "H7")
    assert (c3.upper, c3.lower) == (0.1, 0.0)
    assert (c4.upper, c4.lower) == (0.1, 0.0)
    assert (c5.upper, c5.lower, c5.tolerance) == (0.1, -0.1, "ISO 2768-m")     # 5 mm: 3–6 band, class m
    assert c5.category == "major" and c5.points == 1 and c5.frame == "G54"


def error(data, file="s.toml"):
    with pytest.raises(InputError) as exc:
        parse_spec(data, file)
    return exc.value.finding


def base(**check):
    return {"part": {"general": "ISO 2768-m"},
            "check": [{"id": 4, "instrument": "inside", "at": [1, 2, 3], "axis": "x", "nominal": 10, **check}]}


@pytest.mark.parametrize("check, key, param", [
    ({"colour": "red"}, "SPEC.unknown_key", ("key", "colour")),
    ({"nominal": "40mm"}, "SPEC.type", ("key", "nominal")),
    ({"at": [1, 2]}, "SPEC.type", ("key", "at")),
    ({"axis": "w"}, "SPEC.value", ("key", "axis")),
    ({"axis": [0, 0, 0]}, "SPEC.range", ("key", "axis")),
    ({"instrument": "micrometer"}, "SPEC.value", ("key", "instrument")),
    ({"tol": -0.1}, "SPEC.range", ("key", "tol")),
    ({"tol": [0, 0.1]}, "SPEC.range", ("key", "tol")),
    ({"tol": 0.1, "fit": "H7"}, "SPEC.tolerance_twice", ("section", "check id=4")),
    ({"fit": "K7"}, "SPEC.fit_code", ("code", "K7")),
    ({"fit": "H7", "nominal": 600}, "SPEC.fit_size", ("size", 600.0)),
    ({"class": "vital"}, "SPEC.value", ("key", "class")),
    ({"frame": "G99"}, "SPEC.value", ("key", "frame")),
    ({"nominal": 0.2}, "SPEC.general_size", ("cls", "m")),
])
def test_wrong_keys_name_the_key_the_check_and_the_file(check, key, param):
    f = error(base(**check))
    assert f.key == key and f.file == "s.toml" and f.code == "SPEC"
    assert f.params["section"] == "check id=4"
    assert f.params[param[0]] == param[1]
    for lang in messages.LANGS:                  # every error has a sentence and a hint in both languages
        assert "{" not in messages.message(f, lang)
        assert messages.hint(f.key, lang, **f.params)


def test_missing_keys_and_whole_file_errors():
    assert error({"check": [{"id": 1, "instrument": "bore", "nominal": 8}]}).params["key"] == "at"
    assert error({"check": [{"id": 1, "instrument": "position", "of": 9, "nominal_center": [0, 0],
                             "tol": 0.1}]}).key == "SPEC.position_of"
    assert error({"check": []}).key == "SPEC.no_checks"
    assert error({"part": {"general": "DIN 7168"}, "check": [{"id": 1}]}).params["key"] == "general"
    two = [{"id": 1, "instrument": "depth", "at": [0, 0, 0], "nominal": 5, "tol": 0.1}] * 2
    assert error({"check": two}).key == "SPEC.duplicate_id"
    # no tolerance anywhere
    f = error({"check": [{"id": 1, "instrument": "depth", "at": [0, 0, 0], "nominal": 5}]})
    assert f.key == "SPEC.no_tolerance"
    assert error({"grading": {"scale": 20, "critical_cap": 25}, **base()}).params["key"] == "critical_cap"


def test_flatness_takes_iso_2768_2_when_the_general_class_has_one():
    s = parse_spec({"part": {"general": "ISO 2768-mK"},
                    "check": [{"id": 1, "instrument": "flatness", "region": [0, 0, 50, 20]}]}, "s")
    assert (s.checks[0].upper, s.checks[0].lower) == (0.2, 0.0)          # 50 mm: 30–100 band of K
    f = error({"part": {"general": "ISO 2768-m"}, "check": [{"id": 1, "instrument": "flatness",
                                                              "region": [0, 0, 50, 20]}]})
    assert f.key == "SPEC.no_tolerance"


def test_file_errors(tmp_path):
    with pytest.raises(InputError) as exc:
        load_spec(tmp_path / "absent.toml")
    assert exc.value.finding.key == "FILE.missing"
    bad = tmp_path / "bad.toml"
    bad.write_text("[part\nname = 1\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_spec(bad)
    assert exc.value.finding.key == "SPEC.toml" and exc.value.finding.line == 1


@pytest.mark.parametrize("check, limits", [
    ({"instrument": "position", "of": 2, "nominal_center": [20, 20], "tol": [0.05, 0]}, (0.05, 0.0)),
    ({"instrument": "flatness", "region": [10, 10, 90, 70], "tol": [0.02, 0]}, (0.02, 0.0)),
    ({"instrument": "roughness", "at": [50, 40, -2.5], "tol": [1.6, 0]}, (1.6, 0.0)),
    ({"instrument": "roughness", "at": [50, 40, -2.5], "tol": [1.6, 0.4]}, (1.6, 0.4)),
])
def test_upper_and_lower_deviations_are_accepted_on_one_sided_checks(check, limits):
    """The contract allows `tol = [upper, lower]` everywhere: a zone from 0 to its width."""
    spec = parse_spec({"check": [{"id": 2, "instrument": "bore", "at": [20, 20, -5], "nominal": 25, "tol": 0.02},
                                 {"id": 7, **check}]}, "s.toml")
    c = next(c for c in spec.checks if c.id == 7)
    assert (c.upper, c.lower) == pytest.approx(limits)


@pytest.mark.parametrize("instrument, extra, tol", [
    ("position", {"of": 2, "nominal_center": [20, 20]}, [0.05, -0.05]),
    ("flatness", {"region": [10, 10, 90, 70]}, [0.05, 0.01]),
    ("roughness", {"at": [50, 40, -2.5]}, [0, 0]),
])
def test_one_sided_limits_that_make_no_sense_are_refused(instrument, extra, tol):
    f = error({"check": [{"id": 2, "instrument": "bore", "at": [20, 20, -5], "nominal": 25, "tol": 0.02},
                         {"id": 7, "instrument": instrument, "tol": tol, **extra}]})
    assert f.key == "SPEC.range" and f.params["key"] == "tol" and f.params["section"] == "check id=7"
