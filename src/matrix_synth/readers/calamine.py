"""Legacy Excel (.xls) and binary Excel (.xlsb) through python-calamine (values only:
calamine does not expose fills). Coordinates are the sheet's true ones."""
from __future__ import annotations

import datetime as dt

from ..document import Cell, Document, Location, grid_from_cells
from ..problems import WARNING, Problem, ReadFailure

MAX_CELLS = 2_000_000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def read(path: str, label: str, fmt: str = "xls") -> Document:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(path)
    except pc.PasswordError:
        raise ReadFailure("encrypted-file", f"{label} is password-protected") from None
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadFailure("corrupt-file", f"{label} could not be read as an Excel workbook ({exc})") from None
    doc = Document(path=path, format=fmt)
    for name in wb.sheet_names:
        try:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as exc:
            doc.warnings.append(Problem("corrupt-file", f"{label}: sheet '{name}' could not be read ({exc})",
                                        severity=WARNING, loc=Location(part=name, sheet=True)))
            continue
        r0, c0 = sheet.start if sheet.start else (0, 0)
        cells = []
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                text = _text(value)
                if text:
                    cells.append(Cell(text, Location(part=name, row=r0 + i + 1, col=c0 + j + 1, sheet=True)))
            if len(cells) > MAX_CELLS:
                raise ReadFailure("too-large", f"{label}: sheet '{name}' has more than {MAX_CELLS} cells")
        table = grid_from_cells(name, cells, sheet=True, context=[name])
        if table.rows:
            doc.blocks.append(table)
    return doc
