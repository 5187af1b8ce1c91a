"""Reports: terminal tables, result.json, report.html and class summaries, written atomically."""
