"""The sentences of the assumed stock, the memory refusals and the compensation hint exist in French
and English, with every placeholder filled from the facts the code gives and a hint saying what to do."""
import re
from dataclasses import replace

import pytest

from machinesim import messages
from machinesim.analysis.assumptions import check_assumed_stock
from machinesim.findings import InputError
from machinesim.job import Stock, load_job
from machinesim.kernel import BoxStock
from machinesim.kernel.memory import check_bytes, check_memory
from machinesim.toolpath import Toolpath, empty_moves

JOB = load_job()


def refusal(call):
    with pytest.raises(InputError) as err:
        call()
    return err.value.finding


def findings():
    job = replace(JOB, stock=Stock("auto"))
    yield check_assumed_stock(Toolpath(empty_moves(), files=("p.nc",)), job,
                              BoxStock((-310.0, -160.0, -255.0), (-250.0, -100.0, -250.0), assumed=True))[0]
    yield refusal(lambda: check_memory(100.0, 80.0, 0.005, 10, available=2 ** 30, file="j.toml"))
    yield refusal(lambda: check_memory(2e5, 2e5, 0.1, 10, available=2 ** 30, file="j.toml"))
    yield refusal(lambda: check_memory(2e5, 2e5, 0.1, 10, available=2 ** 30, file="j.toml", assumed=True))
    yield refusal(lambda: check_bytes(2 ** 40, "program", "j.toml", available=2 ** 30))


@pytest.mark.parametrize("finding", list(findings()), ids=lambda f: f.message_key)
def test_each_sentence_is_whole_in_both_languages(finding):
    fr, en = (messages.render(finding, lang) for lang in ("fr", "en"))
    assert fr != en and not re.search(r"\{[a-z_]+\}", fr + en)      # every placeholder filled
    assert "\n    → " in fr and "\n    → " in en
    if finding.code == "MEMORY":
        assert fr.startswith("j.toml") and en.startswith("j.toml")


def test_the_assumed_stock_is_said_in_work_coordinates():
    f = next(findings())
    assert (f.params["x0"], f.params["y0"], f.params["z0"], f.params["z1"]) == ("-10", "-10", "-5", "0")
    assert (f.params["dx"], f.params["dy"], f.params["dz"]) == ("60", "60", "5")
