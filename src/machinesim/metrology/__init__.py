"""Virtual inspection: the spec file, ISO tolerances, instruments on exact rays, grading, comparisons.

Entry points for the command line:
- `load_spec(path) -> Spec` (unusable file: `InputError`);
- `measure(spec, probe, job, model=None, toolpath=None) -> list[CheckResult]`;
- `grade(spec, results) -> Grade`;
- `compare_design(surface, design_path_or_mesh, tolerance, offset=job.offset(frame)) -> DesignComparison`;
- `compare_reference(student_probe, master_probe, job, student_toolpath, spacing=0.5) -> ReferenceComparison`.
"""
from .compare import DesignComparison, ReferenceComparison, compare_design, compare_reference, load_design
from .grading import Grade, grade
from .inspection import IN, NOT_GRADED, NOT_MEASURED, OUT, CheckResult, measure
from .spec import Check, Spec, load_spec, parse_spec

__all__ = ["Check", "CheckResult", "DesignComparison", "Grade", "IN", "NOT_GRADED", "NOT_MEASURED", "OUT",
           "ReferenceComparison", "Spec", "compare_design", "compare_reference", "grade", "load_design",
           "load_spec", "measure", "parse_spec"]
