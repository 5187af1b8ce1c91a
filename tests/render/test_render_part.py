"""The part picture: sizes, colours and marks checked against geometry, plus reference images."""
from __future__ import annotations

import math

import numpy as np
import pytest
import pyvista as pv

from machinesim.findings import Finding
from machinesim.render import Marker, markers_from_checks, markers_from_findings, render_part
from machinesim.render.look import TOOL_COLOURS, tool_colour

from render_helpers import POCKET, STOCK, hue_of, matches_baseline, near_colour, pocketed_block, read, silhouette

pytestmark = [pytest.mark.render, pytest.mark.usefixtures("can_render")]

SIZE = (800, 600)
BOX = pv.Box(bounds=(0, 100, 0, 80, -20, 0))
CYLINDER = pv.Cylinder(center=(50, 40, -10), direction=(0, 0, 1), radius=20, height=20, resolution=360)


def area(mesh, tmp_path, view):
    """Silhouette pixels of a mesh framed on the same stock, so two areas compare directly."""
    out = render_part(mesh, tmp_path / f"{view}.png", stock_bounds=STOCK, view=view, window_size=SIZE)
    return silhouette(read(out)).sum()


def test_silhouette_areas_follow_parallel_projection(tmp_path):
    # Seen along (1, -1, 1)/√3 a box projects to (ab + bc + ca)/√3 and an upright cylinder to
    # πr²·cosθ + 2rh·sinθ with cosθ = 1/√3; from the top, to ab and πr².
    a, b, c, r, h = 100, 80, 20, 20, 20
    box_iso = (a * b + b * c + c * a) / math.sqrt(3)
    cyl_iso = math.pi * r * r / math.sqrt(3) + 2 * r * h * math.sqrt(2 / 3)
    ratio_iso = area(CYLINDER, tmp_path, "iso") / area(BOX, tmp_path, "iso")
    assert ratio_iso == pytest.approx(cyl_iso / box_iso, rel=0.03)
    ratio_top = area(CYLINDER, tmp_path, "top") / area(BOX, tmp_path, "top")
    assert ratio_top == pytest.approx(math.pi * r * r / (a * b), rel=0.03)


def test_stock_fills_the_picture(tmp_path):
    image = read(render_part(BOX, tmp_path / "box.png", stock_bounds=STOCK, view="top", window_size=SIZE))
    rows, cols = np.nonzero(silhouette(image))
    height = rows.max() - rows.min() + 1
    width = cols.max() - cols.min() + 1
    assert width / height == pytest.approx(100 / 80, rel=0.02)        # not distorted
    assert max(width / SIZE[0], height / SIZE[1]) == pytest.approx(1 / 1.08, rel=0.02)
    assert abs((rows.min() + rows.max()) / 2 - SIZE[1] / 2) < 3         # centred
    assert abs((cols.min() + cols.max()) / 2 - SIZE[0] / 2) < 3


def test_tool_colours_cover_the_faces_each_tool_cut(tmp_path):
    part = pocketed_block()
    below_top = part.cell_centers().points[:, 2] < -1e-6
    part.cell_data["tool"] = np.where(below_top, 2, 1)
    image = read(render_part(part, tmp_path / "tools.png", STOCK, scalars="tool", view="top",
                             window_size=SIZE))
    hue, sat = hue_of(image)
    coloured = sat > 0.4
    def share(tool):
        target = hue_of(np.array([[pv.Color(tool_colour(tool)).int_rgb]], np.uint8))[0][0, 0]
        return (coloured & (np.abs(hue - target) < 8)).sum()
    t1, t2 = share(1), share(2)
    x0, x1, y0, y1, _ = POCKET
    # From the top only the top face (T1) and the pocket floor (T2) show.
    assert t2 / (t1 + t2) == pytest.approx((x1 - x0) * (y1 - y0) / (100 * 80), rel=0.05)
    assert tool_colour(1) != tool_colour(2) and tool_colour(1 + len(TOOL_COLOURS)) == tool_colour(1)


def test_deviation_map_spans_the_data_and_clips_at_the_tolerance(tmp_path):
    part = pocketed_block()
    x = part.points[:, 0]
    deviation = (x - 50.0) / 50.0 * 0.1                 # -0.1 .. +0.1 mm, zero at x = 50
    image = read(render_part(part, tmp_path / "dev.png", STOCK, scalars=deviation, tolerance=0.05,
                             view="top", window_size=SIZE))
    hue, sat = hue_of(image)
    body = image[:, : int(SIZE[0] * 0.78)]
    bh, bs = hue[:, : body.shape[1]], sat[:, : body.shape[1]]
    reds = (bs > 0.5) & ((bh < 20) | (bh > 340))
    blues = (bs > 0.5) & (bh > 190) & (bh < 240)
    # Clipped at ±0.05: a quarter of the plate on each side is saturated, so both ends show widely.
    assert reds.sum() > 0.15 * silhouette(body).sum()
    assert blues.sum() > 0.15 * silhouette(body).sum()
    cols_red = np.nonzero(reds)[1]
    cols_blue = np.nonzero(blues)[1]
    assert cols_red.mean() > cols_blue.mean()          # positive deviation on +X, to the right
    # The scalar bar stands in the space kept on the right.
    bar = image[:, int(SIZE[0] * 0.82):]
    bar_h, bar_s = hue_of(bar)
    assert ((bar_s > 0.5) & (bar_h < 20)).any() and ((bar_s > 0.5) & (bar_h > 190) & (bar_h < 240)).any()


def test_markers_label_the_line_where_something_is_wrong(tmp_path):
    findings = [Finding("RAPID_IN_MATERIAL", line=42, position=(50.0, 40.0, 0.0)),
                Finding("SPINDLE_OFF_CUT", line=7)]            # no position: no marker
    markers = markers_from_findings(findings)
    assert markers == [Marker((50.0, 40.0, 0.0), "l.42 RAPID_IN_MATERIAL", "error")]
    plain = read(render_part(BOX, tmp_path / "plain.png", STOCK, window_size=SIZE))
    marked = read(render_part(BOX, tmp_path / "marked.png", STOCK, markers=markers, window_size=SIZE))
    label = near_colour(marked, "#fff6d5", tol=12) & ~near_colour(plain, "#fff6d5", tol=12)
    assert label.sum() > 300
    pin = near_colour(marked, "#d62728", tol=60)
    assert pin.sum() > 20


def test_pictures_match_their_references(tmp_path):
    part = pocketed_block()
    part.cell_data["tool"] = np.where(part.cell_centers().points[:, 2] < -1e-6, 2, 1)
    plain = render_part(part, tmp_path / "plain.png", ((-5, -5, -20), (105, 85, 3)), ghost_stock=True,
                        window_size=SIZE)
    matches_baseline(read(plain), "part_plain_iso.png")
    tools = render_part(part, tmp_path / "tools.png", STOCK, scalars="tool", window_size=SIZE, lang="fr")
    matches_baseline(read(tools), "part_tools_iso_fr.png")
    dev = render_part(part, tmp_path / "dev.png", STOCK, scalars=(part.points[:, 0] - 50) / 500,
                      tolerance=0.05, markers=[Marker((70, 60, 0), "l.12 #3")], window_size=SIZE)
    matches_baseline(read(dev), "part_deviation_iso.png")


def test_dense_meshes_are_drawn_simplified_without_changing_the_picture(tmp_path):
    from machinesim.render.part import DISPLAY_FACES, simplified

    dense = pv.Box(bounds=(0, 100, 0, 80, -20, 0), level=240)          # 348k quads
    assert dense.n_cells > DISPLAY_FACES
    dense.cell_data["tool"] = np.where(dense.cell_centers().points[:, 2] > -1e-6, 1, 2)
    light = simplified(dense, 2.0)
    assert light.n_cells < dense.n_cells / 10
    # vertices stay on the box's faces (quadric placement keeps planes and corners)
    p = light.points
    to_face = np.min(np.abs(np.column_stack([p[:, 0], p[:, 0] - 100, p[:, 1], p[:, 1] - 80,
                                             p[:, 2] + 20, p[:, 2]])), axis=1)
    assert to_face.max() < 1e-6
    assert set(np.unique(light.cell_data["tool"])) == {1, 2}
    coarse = pv.Box(bounds=(0, 100, 0, 80, -20, 0))
    coarse.cell_data["tool"] = np.where(coarse.cell_centers().points[:, 2] > -1e-6, 1, 2)
    a = read(render_part(dense, tmp_path / "dense.png", STOCK, scalars="tool", window_size=SIZE))
    b = read(render_part(coarse, tmp_path / "coarse.png", STOCK, scalars="tool", window_size=SIZE))
    assert silhouette(a).sum() == pytest.approx(silhouette(b).sum(), rel=0.01)
    assert float((np.abs(a.astype(int) - b).max(axis=2) > 48).mean()) < 0.01


def test_checks_out_of_tolerance_are_marked_where_the_spec_puts_them():
    from machinesim.job import load_job
    from machinesim.metrology.inspection import IN, OUT, CheckResult
    from machinesim.metrology.spec import Check

    job = load_job()
    out = CheckResult(Check(id=3, name="Largeur poche", instrument="inside", nominal=40.0, upper=0.05,
                            lower=0.0, tolerance="+0.05/0", at=(50.0, 40.0, -2.5)),
                      measured=40.2, status=OUT, lines=(31, 32))
    good = CheckResult(Check(id=4, name="Profondeur", instrument="depth", nominal=5.0, upper=0.1, lower=0.0,
                             tolerance="+0.1/0", at=(50.0, 40.0, 1.0)), measured=5.02, status=IN)
    markers = markers_from_checks([out, good], job.to_machine, lang="fr")
    g54 = job.offset("G54")
    assert markers == [Marker((50.0 + g54[0], 40.0 + g54[1], -2.5 + g54[2]), "cote n°3 l.31,32", "error")]


def test_show_without_a_display_still_writes_the_picture(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    out = render_part(BOX, tmp_path / "shown.png", STOCK, show=True, window_size=(320, 240))
    assert silhouette(read(out)).sum() > 0.2 * 320 * 240


def test_labels_at_one_place_stack_instead_of_overlapping(tmp_path):
    """Two findings on the same spot: two label boxes, one above the other, twice the label area."""
    from machinesim.render.part import LABEL_COLOUR

    part = pocketed_block()
    spot = (70.0, 60.0, 0.0)
    one = read(render_part(part, tmp_path / "one.png", STOCK, markers=[Marker(spot, "l.12 #3")], window_size=SIZE))
    two = read(render_part(part, tmp_path / "two.png", STOCK, markers=[Marker(spot, "l.12 #3"), Marker(spot, "l.12 #4")],
                           window_size=SIZE))
    area_one = near_colour(one, LABEL_COLOUR, tol=12).sum()
    area_two = near_colour(two, LABEL_COLOUR, tol=12).sum()
    assert area_one > 0 and area_two > 1.8 * area_one
