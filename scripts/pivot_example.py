"""Make the README's pivot screenshot: add a pivot table (activities by function and level, a range
counted once: the sum of count_once) to a workbook made by `matrix-synth export --format xlsx`, then let
LibreOffice compute it and draw it.

    matrix-synth export --format xlsx --round 2013 -o returns-2013.xlsx
    python scripts/pivot_example.py returns-2013.xlsx pivot-example.xlsx [docs/workbook-pivot.png]

The pivot is written as plain SpreadsheetML (a pivot cache over the placements sheet and a pivot table
on a new 'pivot' sheet); LibreOffice recomputes it on opening. It shows what an analyst builds in Excel
in four clicks (see the README); it is not part of the export itself.
"""
import sys, zipfile, re
from xml.sax.saxutils import escape
from openpyxl import load_workbook

src, dst = sys.argv[1], sys.argv[2]
wb = load_workbook(src, read_only=True)
ws = wb["placements"]
rows = list(ws.iter_rows(values_only=True))
header, data = list(rows[0]), rows[1:]
n = len(data) + 1
last = chr(ord("A") + len(header) - 1)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
row_f, col_f, val_f = header.index("function"), header.index("level"), header.index("count_once")
order = ["Policy & Strategy Development", "Planning & Commissioning", "Contracting & Service Delivery",
         "Capacity Building", "Learning Exchange"]
funcs = [f for f in order if any(r[row_f] == f for r in data)]
levels = sorted({r[col_f] for r in data})
fields = []
for i, h in enumerate(header):
    if i == row_f:
        items = "".join(f'<s v="{escape(f)}"/>' for f in funcs)
        fields.append(f'<cacheField name="{h}" numFmtId="0"><sharedItems count="{len(funcs)}">{items}</sharedItems></cacheField>')
    elif i == col_f:
        items = "".join(f'<n v="{v}"/>' for v in levels)
        fields.append(f'<cacheField name="{h}" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="1" maxValue="5" count="{len(levels)}">{items}</sharedItems></cacheField>')
    elif i == val_f:
        fields.append(f'<cacheField name="{h}" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" containsNumber="1" containsInteger="1" minValue="0" maxValue="1"/></cacheField>')
    else:
        fields.append(f'<cacheField name="{escape(h)}" numFmtId="0"><sharedItems containsBlank="1"/></cacheField>')
cache = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{REL}" '
         f'r:id="rId1" refreshOnLoad="1" recordCount="{len(data)}" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3">'
         f'<cacheSource type="worksheet"><worksheetSource ref="A1:{last}{n}" sheet="placements"/></cacheSource>'
         f'<cacheFields count="{len(header)}">{"".join(fields)}</cacheFields></pivotCacheDefinition>')
pf = []
for i, h in enumerate(header):
    if i == row_f:
        pf.append(f'<pivotField axis="axisRow" showAll="0"><items count="{len(funcs)+1}">' + "".join(f'<item x="{k}"/>' for k in range(len(funcs))) + '<item t="default"/></items></pivotField>')
    elif i == col_f:
        pf.append(f'<pivotField axis="axisCol" showAll="0"><items count="{len(levels)+1}">' + "".join(f'<item x="{k}"/>' for k in range(len(levels))) + '<item t="default"/></items></pivotField>')
    elif i == val_f:
        pf.append('<pivotField dataField="1" showAll="0"/>')
    else:
        pf.append('<pivotField showAll="0"/>')
rows_xml = "".join(f'<i><x v="{k}"/></i>' if k else '<i><x/></i>' for k in range(len(funcs))) + '<i t="grand"><x/></i>'
cols_xml = "".join(f'<i><x v="{k}"/></i>' if k else '<i><x/></i>' for k in range(len(levels))) + '<i t="grand"><x/></i>'
endcol = chr(ord("A") + len(levels) + 1)
table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotTableDefinition xmlns="{MAIN}" name="Activities" cacheId="1" '
         'dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" useAutoFormatting="1" '
         'itemPrintTitles="1" indent="0" outline="1" outlineData="1" rowHeaderCaption="Function" colHeaderCaption="Level">'
         f'<location ref="A3:{endcol}{4 + len(funcs) + 1}" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"/>'
         f'<pivotFields count="{len(header)}">{"".join(pf)}</pivotFields>'
         f'<rowFields count="1"><field x="{row_f}"/></rowFields><rowItems count="{len(funcs)+1}">{rows_xml}</rowItems>'
         f'<colFields count="1"><field x="{col_f}"/></colFields><colItems count="{len(levels)+1}">{cols_xml}</colItems>'
         f'<dataFields count="1"><dataField name="Activities (each counted once)" fld="{val_f}" baseField="0" baseItem="0"/></dataFields>'
         '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
         '</pivotTableDefinition>')
zin = zipfile.ZipFile(src)
names = zin.namelist()
nsheets = len([x for x in names if x.startswith("xl/worksheets/sheet")])
k = nsheets + 1
sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
         '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
         '<sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="1" width="36" customWidth="1"/>'
         '<col min="2" max="8" width="12" customWidth="1"/></cols>'
         '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Activities by function and level (a range counted once)</t></is></c></row></sheetData>'
         '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="1"/></worksheet>')
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for name in names:
        data_ = zin.read(name).decode("utf-8")
        if name == "[Content_Types].xml":
            data_ = data_.replace("</Types>",
                f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                '<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/>'
                '<Override PartName="/xl/pivotTables/pivotTable1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"/></Types>')
        elif name == "xl/workbook.xml":
            data_ = data_.replace("</sheets>", f'<sheet name="pivot" sheetId="{k}" r:id="rIdPS"/></sheets>')
            data_ = data_.replace('activeTab="0"', f'activeTab="{k-1}"')
            data_ = data_.replace("</workbook>", '<pivotCaches><pivotCache cacheId="1" r:id="rIdPC"/></pivotCaches></workbook>')
            data_ = data_.replace('tabSelected="1"', '')
        elif name == "xl/_rels/workbook.xml.rels":
            data_ = data_.replace("</Relationships>",
                f'<Relationship Id="rIdPS" Type="{REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                f'<Relationship Id="rIdPC" Type="{REL}/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>')
        elif name.startswith("xl/worksheets/sheet"):
            data_ = data_.replace(' tabSelected="1"', '')
        zout.writestr(name, data_)
    zout.writestr(f"xl/worksheets/sheet{k}.xml", sheet.replace('<sheetView workbookViewId="0"/>', '<sheetView tabSelected="1" workbookViewId="0"/>'))
    zout.writestr(f"xl/worksheets/_rels/sheet{k}.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/pivotTable" Target="../pivotTables/pivotTable1.xml"/></Relationships>')
    zout.writestr("xl/pivotCache/pivotCacheDefinition1.xml", cache)
    recs = []
    for r in data:
        cells = []
        for i, v in enumerate(r):
            if i == row_f: cells.append(f'<x v="{funcs.index(v)}"/>')
            elif i == col_f: cells.append(f'<x v="{levels.index(v)}"/>')
            elif i == val_f: cells.append(f'<n v="{v}"/>')
            else: cells.append('<m/>')
        recs.append("<r>" + "".join(cells) + "</r>")
    zout.writestr("xl/pivotCache/pivotCacheRecords1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheRecords xmlns="{MAIN}" xmlns:r="{REL}" count="{len(data)}">' + "".join(recs) + "</pivotCacheRecords>")
    zout.writestr("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>')
    zout.writestr("xl/pivotTables/pivotTable1.xml", table)
    zout.writestr("xl/pivotTables/_rels/pivotTable1.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>')
print("ok", dst)

if len(sys.argv) > 3:  # draw it: LibreOffice to PDF, the last page (the pivot sheet) to PNG, cropped
    import os
    import shutil
    import subprocess
    import tempfile

    from PIL import Image, ImageOps
    with tempfile.TemporaryDirectory() as tmp:
        exe = shutil.which("soffice") or shutil.which("libreoffice")
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, dst], check=True, capture_output=True, timeout=300)
        pdf = os.path.join(tmp, os.path.splitext(os.path.basename(dst))[0] + ".pdf")
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True,
                                                                   text=True).stdout).group(1))
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(pages), "-l", str(pages), "-singlefile", pdf,
                        os.path.join(tmp, "pivot")], check=True)
        im = Image.open(os.path.join(tmp, "pivot.png")).convert("RGB")
        x0, y0, x1, y1 = ImageOps.invert(im).getbbox()
        im.crop((max(0, x0 - 20), max(0, y0 - 20), x1 + 20, y1 + 20)).quantize(16).save(sys.argv[3], optimize=True)
        print("drew", sys.argv[3])
