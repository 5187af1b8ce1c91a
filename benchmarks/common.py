"""What every benchmark script shares: the machine it ran on, quick mode, peak memory, tables, JSON.

A figure means nothing without the machine that produced it, so `write_results` stores the
machine's description beside the numbers, atomically (a reader never sees half a file).
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import resource
from importlib import metadata
from pathlib import Path

from machinesim.report.io import write_atomic

# `machinesim bench` points this elsewhere so a run never rewrites the tracked results/ files
RESULTS_DIR = Path(os.environ.get("MACHINESIM_BENCH_RESULTS") or Path(__file__).resolve().parent / "results")
QUICK_VARIABLE = "MACHINESIM_BENCH_QUICK"


def quick() -> bool:
    """True when `machinesim bench --quick` asked for the small sizes (MACHINESIM_BENCH_QUICK=1)."""
    return os.environ.get(QUICK_VARIABLE, "0").strip().lower() in ("1", "true", "yes")


def _cpu_model(cpuinfo: str) -> str:
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Model", "Hardware", "cpu model"):
            return value.strip()
    return platform.processor() or platform.machine()


def _memory_gib(meminfo: str) -> float | None:
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024**2, 1)      # the value is in KiB
    return None


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine_description() -> dict:
    """CPU model, cores, memory, Python and library versions, and the UTC date of the run."""
    return {
        "cpu": _cpu_model(_read("/proc/cpuinfo")),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": _memory_gib(_read("/proc/meminfo")),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "numba": _version("numba"),
        "vtk": _version("vtk"),
        "pyvista": _version("pyvista"),
        "machinesim": _version("machinesim"),
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def probe_class():
    """The exact-ray seam `machinesim.kernel.Probe` (from its module while the package does not export it)."""
    from machinesim import kernel

    if hasattr(kernel, "Probe"):
        return kernel.Probe
    from machinesim.kernel.probe import Probe

    return Probe


def peak_memory_mib(children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children), MiB (ru_maxrss is KiB on Linux)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024.0


def write_results(name: str, results: dict, folder: Path = RESULTS_DIR) -> Path:
    """benchmarks/results/NAME.json: the results with the machine's description, written atomically."""
    payload = {"benchmark": name, "machine": machine_description(), "quick": quick(), **results}
    return write_atomic(Path(folder) / f"{name}.json", json.dumps(payload, indent=2, default=_plain) + "\n")


def _plain(value):
    """numpy scalars and arrays, paths: JSON has no type for them."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value == 0.0:
            return "0"
        return f"{value:.4g}" if abs(value) >= 1e-3 else f"{value:.2e}"
    return str(value)


def format_table(rows: list[list], headers: list[str]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned, floats to 4 figures."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths)))

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


def table(rows: list[list], headers: list[str]) -> None:
    """Print `format_table(rows, headers)` (benchmark scripts are programs, they may print)."""
    print(format_table(rows, headers), flush=True)
