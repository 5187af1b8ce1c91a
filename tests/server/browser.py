"""Real headless Chromium (Debian's package) driven by Playwright, for the pages' tests.

The browser is Debian's `/usr/bin/chromium`, never one downloaded by Playwright. Every request
that leaves the machine's loopback or the disk is recorded, and refused, so a page that would
fetch something from the internet fails its test.
"""
from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass, field

import imageio.v3 as iio
import numpy as np
import pytest

CHROMIUM = os.environ.get("MACHINESIM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = ("file://", "http://127.0.0.1", "data:", "blob:", "about:")


@dataclass
class Watch:
    """What a page did wrong: JavaScript errors and requests to the outside."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def open_page(browser, width: int = 1200, height: int = 900):
    """A new page whose JavaScript errors and outside requests are recorded in a `Watch`."""
    page = browser.new_page(viewport={"width": width, "height": height})
    watch = Watch()
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)

    def route(r):
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            watch.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, watch


def canvas_pixels(page, selector: str = "canvas") -> np.ndarray:
    """The WebGL canvas's pixels (h, w, 3) as drawn (the viewer keeps its drawing buffer)."""
    url = page.eval_on_selector(selector, "c => c.toDataURL('image/png')")
    return iio.imread(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))[..., :3]


def drawn(pixels: np.ndarray) -> np.ndarray:
    """Mask of the pixels that are not the white background."""
    return np.any(pixels < 235, axis=-1)


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
