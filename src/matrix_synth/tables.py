"""Write a list of row dicts as CSV, Excel or Markdown (for summary, compare and export)."""
from __future__ import annotations

import csv
import io
import sys
from typing import Any


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for row in rows:
        for key in row:
            if key not in cols:
                cols.append(key)
    return cols


def to_markdown(rows: list[dict[str, Any]], title: str = "") -> str:
    cols = _columns(rows)
    out = [f"## {title}", ""] if title else []
    if not rows:
        return "\n".join(out + ["(nothing to show)", ""])
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "|".join("---" for _ in cols) + "|")
    for row in rows:
        cells = [str("" if row.get(c) is None else row.get(c)).replace("|", "\\|").replace("\n", " ") for c in cols]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def write_csv(rows: list[dict[str, Any]], fh, columns: list[str] | None = None) -> None:
    writer = csv.DictWriter(fh, fieldnames=columns or _columns(rows), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def write_xlsx(sheets: dict[str, list[dict[str, Any]]], path: str, columns: dict[str, list[str]] | None = None) -> None:
    """One sheet per entry, header row frozen and filtered: ready for a pivot table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name[:31])
        cols = (columns or {}).get(name) or _columns(rows) or ["(empty)"]
        ws.append(cols)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_excel_value(row.get(c)) for c in cols])
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(1, len(rows) + 1)}"
        for i, col in enumerate(cols, start=1):
            width = max([len(str(col))] + [min(60, len(str(r.get(col) or ""))) for r in rows[:200]])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    wb.save(path)


def _excel_value(value):
    if isinstance(value, str):
        # Text from returns must never become a formula when opened in Excel.
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
        if value[:1] in ("=", "+", "-", "@") and len(value) > 1:
            return "'" + value
    return value


def write_table(rows: list[dict[str, Any]], fmt: str, output: str | None, title: str = "",
                extra: dict[str, list[dict[str, Any]]] | None = None) -> None:
    if fmt == "xlsx":
        write_xlsx({title[:31] or "table": rows, **(extra or {})}, output or "summary.xlsx")
        return
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(rows, buf)
        text = buf.getvalue()
    else:
        text = to_markdown(rows, title) + "".join("\n" + to_markdown(r, name) for name, r in (extra or {}).items())
    if output:
        with open(output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
