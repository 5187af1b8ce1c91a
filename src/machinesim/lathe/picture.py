"""Pictures of a turned part: its half-section profile revolved about the spindle axis (Z).

The section is the closed outline of the material in the ZX half-plane (outer radius forward,
inner radius back) on the part's lattice; revolving it three quarters of a turn shows the part in
3D and its half-section at once, the way a drawing's cut-away view does.
"""
from __future__ import annotations

import math

import numpy as np

SECTION_ANGLE = 270.0      # degrees revolved: the missing quarter shows the half-section
RESOLUTION = 96            # facets per full turn


def outlines(part) -> list[np.ndarray]:
    """Closed (z, x) outlines of each stretch of z that holds material."""
    zs, o, i = part.zs, part.outer, part.inner
    solid = o > i + 1e-9
    out = []
    k = 0
    n = len(zs)
    while k < n:
        if not solid[k]:
            k += 1
            continue
        j = k
        while j < n and solid[j]:
            j += 1
        z = zs[k:j]
        top = np.maximum(o[k:j], 0.0)
        bottom = np.maximum(i[k:j], 0.0)
        ring = np.concatenate([np.stack([z, top], 1), np.stack([z[::-1], bottom[::-1]], 1)])
        out.append(_simplified(ring))
        k = j
    return out


def _simplified(ring: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """The closed outline without the points that lie on the line through their neighbours (a
    cylinder or the axis becomes one edge, a taper too)."""
    keep = np.ones(len(ring), bool)
    prev = ring[-1]
    for k in range(len(ring)):
        nxt = ring[(k + 1) % len(ring)]
        a, b = ring[k] - prev, nxt - ring[k]
        if abs(a[0] * b[1] - a[1] * b[0]) <= tol * max(np.hypot(*a) * np.hypot(*b), tol) and a @ b >= 0:
            keep[k] = False
        else:
            prev = ring[k]
    return ring[keep]


def revolved_mesh(part, angle: float = SECTION_ANGLE):
    """A PyVista surface of the part revolved by `angle` degrees about Z (machine coordinates),
    capped where the revolution stops so that the section shows."""
    import pyvista as pv

    meshes = []
    for ring in outlines(part):
        pts = np.zeros((len(ring), 3))
        pts[:, 0] = ring[:, 1]
        pts[:, 2] = ring[:, 0]
        n = len(pts)
        outline = pv.PolyData(pts, lines=np.concatenate([[n + 1], np.arange(n), [0]]))
        res = max(int(RESOLUTION * angle / 360.0), 8)
        meshes.append(outline.extrude_rotate(resolution=res, angle=angle, capping=False,
                                             rotation_axis=(0, 0, 1)).triangulate())
        if angle < 360.0:                   # the two faces of the section, where the turn stops
            for a in (0.0, math.radians(angle)):
                cap = pts.copy()
                cap[:, 0], cap[:, 1] = pts[:, 0] * math.cos(a), pts[:, 0] * math.sin(a)
                meshes.append(pv.PolyData(cap, faces=np.concatenate([[n], np.arange(n)])).triangulate())
    if not meshes:
        return pv.PolyData()
    mesh = meshes[0].merge(meshes[1:]) if len(meshes) > 1 else meshes[0]
    mesh = mesh.clean()
    mesh = pv.PolyData(mesh.points, faces=mesh.faces).clean()   # faces only: the axis collapses to lines
    return mesh.compute_normals(auto_orient_normals=True, consistent_normals=True)
