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
