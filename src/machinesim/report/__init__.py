"""Reports: terminal tables, result.json, report.html and class summaries, written atomically.

Entry points for the command line:
- `format_table(results, lang="en", grade=None) -> str`;
- `write_result(path, program, findings=(), results=None, grade=None, cycle_time_s=, removed_volume_mm3=,
  resolution_mm=, lang=, extra=) -> Path`;
- `write_html(path, program, spec, results, grade=None, findings=, picture=, source=, student=, lang=,
  design=, reference=) -> Path`;
- `summary_row(student, results, grade, findings, report="", problem="") -> SummaryRow`;
- `write_summary(out_dir, rows: list[SummaryRow], spec=None, lang="en") -> (csv_path, html_path)`.
"""
from .html import report_html, write_html
from .result import result_document, write_result
from .summary import SummaryRow, summary_row, write_summary
from .table import format_table

__all__ = ["SummaryRow", "format_table", "report_html", "result_document", "summary_row", "write_html",
           "write_result", "write_summary"]
