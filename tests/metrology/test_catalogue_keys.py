"""Every sentence the inspection code can show exists in French and English, errors with a hint."""
import re
from pathlib import Path

import machinesim
from machinesim.messages import CATALOGUE

SRC = Path(machinesim.__file__).parent


def keys_used():
    found = set()
    for folder in ("metrology", "report"):
        for f in (SRC / folder).glob("*.py"):
            found |= set(re.findall(r'"((?:SPEC|MEASURE|REPORT)\.[a-z_.]*[a-z_])"', f.read_text(encoding="utf-8")))
    return found


def test_every_key_is_in_the_catalogue_in_both_languages():
    used = keys_used()
    assert len(used) > 30
    for key in used:
        entry = CATALOGUE[key]
        assert entry["fr"] and entry["en"], key
        if key.startswith(("SPEC.", "MEASURE.")):
            assert entry["hint_fr"] and entry["hint_en"], key


def test_tolerance_reasons_have_sentences():
    # ToleranceError reasons become "SPEC." + reason
    text = (SRC / "metrology" / "tolerances.py").read_text(encoding="utf-8")
    for reason in set(re.findall(r'ToleranceError\("([a-z_]+)"', text)):
        assert "SPEC." + reason in CATALOGUE
    for key in ("REPORT.class.critical", "REPORT.class.major", "REPORT.class.minor", "REPORT.verdict.in",
                "REPORT.verdict.out", "REPORT.verdict.not_graded", "REPORT.verdict.not_measured"):
        assert key in CATALOGUE
