"""part.png's labels never print over each other: two checks at one place, a check over a finding."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.render.part import label_levels

H = 26.0


def boxes(anchors, widths, levels):
    return [(x, x + w, y + k * H, y + (k + 1) * H) for (x, y), w, k in zip(anchors, widths, levels)]


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def test_two_checks_at_one_place_and_a_check_over_a_finding():
    anchors = np.array([(100, 100), (100, 100), (130, 110), (600, 100)], float)   # check, check, finding, far
    widths = np.array([120, 120, 150, 120], float)
    levels = label_levels(anchors, widths, H)
    assert list(levels) == [0, 1, 2, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 300), st.integers(20, 200)), min_size=1, max_size=12))
def test_no_two_labels_overlap(labels):
    anchors = np.array([(x, y) for x, y, _ in labels], float)
    widths = np.array([w for _, _, w in labels], float)
    placed = boxes(anchors, widths, label_levels(anchors, widths, H))
    assert not any(overlap(placed[i], placed[j]) for i in range(len(placed)) for j in range(i))


def test_a_repeated_mistake_is_pinned_with_its_line_range():
    from machinesim.findings import Finding
    from machinesim.render import markers_from_findings

    grouped = Finding("SHANK_COLLISION", line=30, line_end=34, count=5, position=(1.0, 2.0, 3.0))
    single = Finding("NO_FEED", line=7, position=(0.0, 0.0, 0.0))
    assert [m.label for m in markers_from_findings([grouped, single], "fr")] == ["l.30–34 SHANK_COLLISION", "l.7 NO_FEED"]


def test_thousands_of_findings_label_the_first_errors_and_pin_the_rest(tmp_path):
    """A program 60 mm too deep everywhere (no G43) had 2,400 grouped findings: stacking their
    labels took 100 s and buried the part. MAX_LABELS get labels, errors first, in program order;
    the others stay pins."""
    import pyvista as pv

    from machinesim.render import Marker, render_part
    from machinesim.render.part import MAX_LABELS, labelled_first

    markers = [Marker((float(k % 80), float(k // 80), 0.0), f"l.{k} OVERLOAD", "warning") for k in range(3000)]
    markers[2500] = Marker((10.0, 10.0, 0.0), "l.2500 RAPID_IN_MATERIAL", "error")
    labelled, bare = labelled_first(markers)
    assert len(labelled) == MAX_LABELS and len(bare) == 3000 - MAX_LABELS
    assert labelled[0].label == "l.0 OVERLOAD" and markers[2500] in labelled     # kept in program order
    assert [m.label for m in labelled if m.severity == "warning"] == [f"l.{k} OVERLOAD" for k in range(MAX_LABELS - 1)]
    image = render_part(pv.Box(bounds=(0, 80, 0, 40, -20, 0)), tmp_path / "p.png", ((0, 0, -20), (80, 40, 0)),
                        markers=markers, window_size=(400, 300))
    assert image.is_file()
