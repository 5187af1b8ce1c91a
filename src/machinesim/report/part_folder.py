"""One part's output folder: result.json, part.png, part3d.html and report.html, never a student's file.

machinesim writes only into folders it made (they hold a `.machinesim` mark) or into empty ones,
creates the folder only once the input proved usable (a refused program leaves no empty folder),
and removes the part files of an earlier command that this one does not write again (`run` after
`check` leaves no stale report.html).
"""
from __future__ import annotations

from pathlib import Path

from ..findings import input_error

OUTPUT_MARK = ".machinesim"
PART_FILES = ("result.json", "part.png", "part3d.html", "report.html")


def usable_folder(path: str | Path) -> Path:
    """The folder `path` if machinesim may write there (nothing is created): raises `InputError`
    for a file, or a non-empty folder machinesim did not make."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise input_error("FILE.exists", file=str(out), path=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / OUTPUT_MARK).exists():
        raise input_error("FILE.exists", file=str(out), path=str(out))
    return out


def open_folder(path: str | Path) -> Path:
    """Create (or reuse) the output folder, mark it as machinesim's and clear the part files an
    earlier command left there; raises `InputError` as `usable_folder` does."""
    out = usable_folder(path)
    out.mkdir(parents=True, exist_ok=True)
    (out / OUTPUT_MARK).write_text("machinesim output folder\n", encoding="utf-8")
    for name in PART_FILES:
        (out / name).unlink(missing_ok=True)
    return out
