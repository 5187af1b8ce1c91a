"""Pictures of a turned part: its half-section profile revolved about the spindle axis (Z).

The section is the closed outline of the material in the ZX half-plane (outer radius forward,
inner radius back) on the part's lattice; revolving it three quarters of a turn shows the part in
3D and its half-section at once, the way a drawing's cut-away view does.
"""
from __future__ import annotations

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
        out.append(ring)
        k = j
    return out


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
        lines = np.concatenate([[n + 1], np.arange(n), [0]])
        outline = pv.PolyData(pts, lines=lines)
        res = max(int(RESOLUTION * angle / 360.0), 8)
        surf = outline.extrude_rotate(resolution=res, angle=angle, capping=angle < 360.0,
                                      rotation_axis=(0, 0, 1))
        meshes.append(surf.triangulate())
    if not meshes:
        return pv.PolyData()
    mesh = meshes[0].merge(meshes[1:]) if len(meshes) > 1 else meshes[0]
    return mesh.clean().compute_normals(auto_orient_normals=True, consistent_normals=True)
