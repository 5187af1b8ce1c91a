"""Helpers for the picture tests: parts whose picture can be predicted, and ways to look at pictures."""
from __future__ import annotations

import os
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest
import pyvista as pv


BASELINE = Path(__file__).parent / "baseline"
STOCK = ((0.0, 0.0, -20.0), (100.0, 80.0, 0.0))
POCKET = (30.0, 70.0, 20.0, 60.0, -10.0)     # x0, x1, y0, y1, floor z: a 40 × 40 × 10 pocket


def pocketed_block(spacing: float = 5.0) -> pv.PolyData:
    """The 100 × 80 × 20 stock with the 40 × 40 × 10 pocket, as a closed surface built from cells."""
    n = (int(100 / spacing) + 1, int(80 / spacing) + 1, int(20 / spacing) + 1)
    grid = pv.ImageData(dimensions=n, spacing=(spacing,) * 3, origin=(0.0, 0.0, -20.0))
    c = grid.cell_centers().points
    x0, x1, y0, y1, floor = POCKET
    air = (c[:, 0] > x0) & (c[:, 0] < x1) & (c[:, 1] > y0) & (c[:, 1] < y1) & (c[:, 2] > floor)
    grid.cell_data["solid"] = (~air).astype(np.uint8)
    surface = grid.threshold(0.5, scalars="solid").extract_surface(algorithm=None).clean()
    surface.clear_data()
    return surface


def read(path) -> np.ndarray:
    return np.asarray(iio.imread(path))[..., :3]


def silhouette(image: np.ndarray) -> np.ndarray:
    """Pixels that are not the white background."""
    return (image < 245).any(axis=2)


def near_colour(image: np.ndarray, colour, tol: int = 40) -> np.ndarray:
    """Pixels within `tol` of an exact RGB colour on every channel."""
    rgb = np.array(pv.Color(colour).int_rgb, int)
    return (np.abs(image.astype(int) - rgb) <= tol).all(axis=2)


def hue_of(image: np.ndarray) -> np.ndarray:
    """Hue in degrees, and saturation, of each pixel (lighting changes value, barely hue)."""
    rgb = image.astype(float) / 255.0
    mx, mn = rgb.max(axis=2), rgb.min(axis=2)
    delta = np.where(mx - mn == 0, 1e-9, mx - mn)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    h = np.where(mx == r, (g - b) / delta % 6, np.where(mx == g, (b - r) / delta + 2, (r - g) / delta + 4))
    sat = np.where(mx == 0, 0, (mx - mn) / np.maximum(mx, 1e-9))
    return h * 60.0, sat


def matches_baseline(image: np.ndarray, name: str) -> None:
    """Compare with the reference PNG, with a threshold: exact only on the same Mesa.

    MACHINESIM_UPDATE_BASELINES=1 rewrites the reference (look at it before keeping it).
    """
    ref_path = BASELINE / name
    if os.environ.get("MACHINESIM_UPDATE_BASELINES") == "1" or not ref_path.exists():
        BASELINE.mkdir(exist_ok=True)
        iio.imwrite(ref_path, image)
        if os.environ.get("MACHINESIM_UPDATE_BASELINES") != "1":
            pytest.fail(f"no reference {name}: written now, look at it and keep it")
        return
    ref = read(ref_path)
    assert ref.shape == image.shape, f"{name}: size {image.shape} != reference {ref.shape}"
    diff = np.abs(ref.astype(int) - image.astype(int)).max(axis=2)
    changed = float((diff > 48).mean())
    assert changed < 0.01, f"{name}: {changed:.2%} of the pixels differ from the reference"
    assert float(diff.mean()) < 3.0, f"{name}: mean difference {diff.mean():.2f} from the reference"
