"""Problems are typed end to end: every code the source can emit has its severity and hint in
problems.HINTS, an unknown code fails loudly, and a finder's location survives as a Location."""
from __future__ import annotations

import os
import re

import pytest

from matrix_synth.document import Location
from matrix_synth.problems import ERROR, HINTS, WARNING, Problem, UnknownProblem

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src", "matrix_synth")
# Problem("code", …), ReadFailure("code", …), and the older (code, message, location) tuples
_CODE_RE = re.compile(r"""(?:Problem|ReadFailure)\(\s*["']([a-z0-9-]+)["']|warnings\.append\(\(\s*["']([a-z0-9-]+)["']""")


def _codes_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder, _dirs, files in os.walk(SRC):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    for m in _CODE_RE.finditer(fh.read()):
                        found.setdefault(m.group(1) or m.group(2), os.path.relpath(path, SRC))
    return found


def test_every_problem_code_in_the_source_has_a_severity_and_a_hint():
    codes = _codes_in_source()
    assert len(codes) >= 15  # the walk really finds them
    unknown = {code: where for code, where in codes.items() if code not in HINTS}
    assert not unknown


def test_every_hint_is_a_sentence_for_an_analyst():
    for code, (severity, hint) in HINTS.items():
        assert severity in (ERROR, WARNING), code
        assert hint.endswith(".") and "Traceback" not in hint, code


def test_an_unknown_code_fails_loudly():
    with pytest.raises(UnknownProblem):
        Problem("no-such-code", "whatever")
    with pytest.raises(UnknownProblem):
        Problem("empty-matrix", "x", severity="fatal")


def test_severity_is_decided_where_found_and_location_is_structured():
    loc = Location(part="Carers", row=4, col=2, sheet=True)
    problem = Problem("corrupt-file", "sheet 'Carers' could not be read", severity=WARNING, loc=loc)
    assert problem.severity == WARNING and problem.location == "sheet 'Carers' cell B4"
    assert problem.loc == loc and "loc" not in problem.to_dict()
    assert Problem("empty-matrix", "x").severity == WARNING


def test_finder_problems_reach_the_report_typed(tmp_path):
    from builders import docx_table
    from docx import Document
    from matrix_synth.pipeline import FileReport, process_file

    doc = Document()
    docx_table(doc, [["Function", "Level", "Activity"], ["Planning & Commissioning", "Level 9", "Planning group"],
                     ["Capacity Building", "2", "Small grants"],
                     ["Learning Exchange", "3", "Joint conference"]])
    doc.save(tmp_path / "NHS Fife list 2013.docx")
    rec = process_file(str(tmp_path / "NHS Fife list 2013.docx"), "NHS Fife list 2013.docx", 2013)
    report = FileReport.of(rec, "checked")
    problem = next(p for p in report.problems if p.code == "level-unreadable")
    assert problem.severity == WARNING and problem.loc is not None and problem.loc.row == 2
    assert problem.file == "NHS Fife list 2013.docx" and "table 1, row 2" in problem.location
    assert report.status == "warning"


def test_location_is_a_frozen_dataclass_with_its_own_fast_init():
    """Location writes its fields straight into its dict (a return has one for every cell); it must
    still take the same arguments as its fields, in order, with their defaults, and stay frozen."""
    import dataclasses
    import inspect
    import pickle

    fields = dataclasses.fields(Location)
    params = list(inspect.signature(Location.__init__).parameters.values())[1:]
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [f.default for f in fields]
    loc = Location("Carers", None, 7, 2, sheet=True)
    assert loc == Location(part="Carers", row=7, col=2, sheet=True)
    assert hash(loc) == hash(Location("Carers", None, 7, 2, sheet=True))
    assert loc.describe() == "sheet 'Carers' cell B7"
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert dataclasses.replace(loc, scanned=True).scanned and not loc.scanned
    with pytest.raises(dataclasses.FrozenInstanceError):
        loc.row = 8
