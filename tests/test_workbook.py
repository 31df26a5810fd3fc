"""The streaming .xlsx writer used by export/summary/compare: what Excel, openpyxl,
calamine and LibreOffice read back from it."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from matrix_synth.tables import write_csv, write_xlsx
from matrix_synth.workbook import MAX_CELL_CHARS

from conftest import needs_calc, soffice_convert

ROWS = [{"board": "Fife", "level": 3, "share": 0.25, "ok": True, "text": "=HYPERLINK(\"http://x\")"},
        {"board": "Tayside & Forth <Valley>", "level": None, "share": 1.5, "ok": False,
         "text": "bell\x07 and form-feed\x0c gone, tab\tkept\nnew line kept"},
        {"board": "Long", "level": 5, "text": "x" * (MAX_CELL_CHARS + 100)}]


def test_values_come_back_with_their_types(tmp_path):
    out = str(tmp_path / "t.xlsx")
    write_xlsx({"placements": ROWS, "empty sheet": []}, out)
    wb = load_workbook(out)
    assert wb.sheetnames == ["placements", "empty sheet"]
    ws = wb["placements"]
    assert [c.value for c in ws[1]] == ["board", "level", "share", "ok", "text"]
    assert all(c.font.b for c in ws[1])  # bold header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E4"
    assert [c.value for c in ws[2]] == ["Fife", 3, 0.25, True, "=HYPERLINK(\"http://x\")"]
    assert ws["E2"].data_type == "s"  # text that looks like a formula stays text, as written
    assert ws["A3"].value == "Tayside & Forth <Valley>" and ws["B3"].value is None
    assert ws["E3"].value == "bell and form-feed gone, tab\tkept\nnew line kept"
    long = ws["E4"].value
    assert len(long) == MAX_CELL_CHARS and "cut" in long  # within Excel's limit, and says it was cut
    assert [c.value for c in wb["empty sheet"][1]] == ["(empty)"]


def test_calamine_reads_it(tmp_path):
    import python_calamine as pc
    out = str(tmp_path / "t.xlsx")
    write_xlsx({"a/b:c?": ROWS[:2]}, out)  # a name Excel forbids is made safe
    wb = pc.CalamineWorkbook.from_path(out)
    assert wb.sheet_names == ["a-b-c-"]
    rows = wb.get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["Fife", 3, 0.25]


@needs_calc
def test_libreoffice_opens_it(tmp_path):
    out = tmp_path / "t.xlsx"
    write_xlsx({"placements": ROWS[:2]}, str(out))
    converted = soffice_convert(out, "csv", tmp_path)
    with open(converted, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["board", "level", "share", "ok", "text"]
    assert rows[1][:3] == ["Fife", "3", "0.25"]


def test_csv_neutralises_formulas_for_excel():
    buf = io.StringIO()
    write_csv([{"text": "=1+1"}, {"text": "-"}, {"text": "plain"}, {"text": 3}], buf)
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [["text"], ["'=1+1"], ["-"], ["plain"], ["3"]]
