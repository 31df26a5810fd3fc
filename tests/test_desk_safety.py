"""A review desk that is safe to leave open beside the command line (issue 23).

The page runs as `matrix-synth review --serve` in a process of its own, as an analyst runs it; the CLI
runs beside it (export, ingest, correct, Ctrl-C, kill -9) and the store's integrity is checked after
each step. The page is driven over HTTP and, for what a person sees and clicks, in headless Chromium."""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import yaml
from docx import Document

from builders import grid_docx, xlsx
from conftest import needs_chromium, run_cli, wait_for_message

PY = [sys.executable, "-m", "matrix_synth"]
PERSONAL = "Call Ewan Fraser on 01463 704000 or ewan.fraser@nhs.scot about the carers forum."


def integrity(db: str) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def rows(db: str, sql: str, params=()) -> list:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def narrative_docx(path, paragraphs):
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(path)


@pytest.fixture
def desk(tmp_path):
    """Three returns ingested: a grid with a range and a sentence not placed, a return quoting a person's
    contact details, and a return whose board is unknown."""
    folder = tmp_path / "returns-2013"
    folder.mkdir()
    grid_docx(folder / "fife-grid.docx", fill={(0, 1): "Consulted on the draft carers strategy",
                                               (2, 3): "Joint delivery of the befriending service"},
              before=["NHS Fife engagement matrix", "Topic area: Carers"],
              after=["We run a shared training calendar with the TSI for all partners."])
    grid_docx(folder / "highland-grid.docx", fill={(3, 4): "Shared training budget with Highland TSI",
                                                   (1, 2): PERSONAL}, before=["NHS Highland"])
    grid_docx(folder / "mystery.docx", fill={(4, 0): "Quarterly newsletter to partners"},
              before=["Our Partnership Forum"])
    db = str(tmp_path / "store.sqlite")
    assert run_cli(["ingest", str(folder), "--db", db, "--jobs", "1"]).exit_code in (0, 1)
    return folder, db, tmp_path


class Page:
    """`matrix-synth review --serve` in its own process, driven over HTTP."""

    def __init__(self, db: str, *extra: str) -> None:
        self.proc = subprocess.Popen(PY + ["review", "--serve", "--no-browser", "--db", db, *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/([^/\s]+)/)", line)
        assert m, line + self.proc.stdout.read(2000)
        self.url, self.token = m.group(1), m.group(2)

    def get(self, path: str = "", headers: dict | None = None) -> str:
        req = urllib.request.Request(self.url + path, headers=headers or {})
        return urllib.request.urlopen(req, timeout=60).read().decode("utf-8")

    def post(self, path: str, headers: dict | None = None, **form) -> str:
        data = urllib.parse.urlencode({"token": self.token, **form}).encode()
        req = urllib.request.Request(self.url + path, data, headers=headers or {})
        return urllib.request.urlopen(req, timeout=60).read().decode("utf-8")

    def page_of(self, source_file: str) -> str:
        return self.get("return?" + urllib.parse.urlencode({"file": source_file}))

    def stop(self, sig=signal.SIGINT) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.stdout.read() or ""  # (what is left after the first line, buffered or not)


def cell_of(db: str, source_end: str, text_part: str) -> str:
    return next(r[0] for r in rows(db, "SELECT p.cell_ref FROM placements p JOIN returns r ON r.id = p.return_id "
                                       "WHERE r.source_file LIKE ? AND p.text LIKE ?",
                                   (f"%{source_end}", f"%{text_part}%")))


# ---------------------------------------------------------------- the page and the CLI together

def test_the_page_and_the_cli_never_corrupt_each_other(desk):
    folder, db, tmp = desk
    page = Page(db)
    try:
        source = "returns-2013/fife-grid.docx"
        # an export beside the open page used to take the page's WAL files away: the next click was lost
        assert subprocess.run(PY + ["export", "--db", db, "-o", str(tmp / "e.csv")], capture_output=True).returncode == 0
        assert os.path.exists(db + "-wal") and os.path.exists(db + "-shm")
        integrity(db)
        cell = cell_of(db, "fife-grid.docx", "befriending")
        page.post("correct", file=source, action="move", cell=cell, function="capacity-building", level="5")
        assert rows(db, "SELECT count(*) FROM corrections_applied")[0][0] == 1  # it reached the store
        out = subprocess.run(PY + ["export", "--db", db], capture_output=True, text=True).stdout
        assert "capacity-building,5,Joint delivery of the befriending service" in out
        integrity(db)
        # an ingest of a changed file beside the page, then a click, then another export
        grid_docx(folder / "fife-grid.docx", fill={(0, 1): "Consulted on the draft carers strategy",
                                                   (2, 3): "Joint delivery of the befriending service",
                                                   (4, 4): "Peer learning visits led by the TSI"},
                  before=["NHS Fife engagement matrix", "Topic area: Carers"],
                  after=["We run a shared training calendar with the TSI for all partners."])
        done = subprocess.run(PY + ["ingest", str(folder), "--db", db], capture_output=True, text=True)
        assert done.returncode in (0, 1) and "replaced" in done.stdout
        integrity(db)
        assert "Peer learning visits" in page.page_of(source)  # the page shows the store as it is now
        drop = cell_of(db, "fife-grid.docx", "Peer learning")
        page.post("correct", file=source, action="drop", cell=drop)
        assert not rows(db, "SELECT 1 FROM placements WHERE text LIKE '%Peer learning%'")
        integrity(db)
        # an ingest killed with -9 in the middle of writing, beside the page
        for n in range(40):
            grid_docx(folder / f"extra-{n:02d}.docx", fill={(1, 1): f"Joint planning session {n}"},
                      before=["NHS Tayside"])
        killed = subprocess.Popen(PY + ["ingest", str(folder), "--db", db, "--jobs", "1"], stdout=subprocess.PIPE)
        killed.stdout.readline()
        killed.stdout.readline()
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        integrity(db)
        assert "Consulted on the draft carers strategy" in page.page_of(source)
        page.post("correct", file=source, action="set", topic="Carers and young carers")
        integrity(db)
        assert subprocess.run(PY + ["ingest", str(folder), "--db", db], capture_output=True).returncode in (0, 1)
        integrity(db)
    finally:
        out = page.stop(signal.SIGINT)  # Ctrl-C
    assert "Stopped" in out
    integrity(db)
    assert rows(db, "SELECT topic FROM returns WHERE source_file LIKE '%fife-grid.docx'")[0][0] == \
        "Carers and young carers"
    # every correction the page saved is in the file and, after all that, in the store
    entries = yaml.safe_load(open(os.path.join(os.path.dirname(db), "corrections.yaml"), encoding="utf-8"))
    assert [e["id"] for e in entries["corrections"]] == ["C1", "C2", "C3"]
    assert rows(db, "SELECT count(*) FROM corrections_applied")[0][0] == 3


def test_the_store_is_asked_of_sqlite_never_opened_in_python(tmp_path, monkeypatch):
    """Opening and closing the store file in Python drops SQLite's locks for the whole process."""
    import builtins

    from matrix_synth.store import Store
    db = str(tmp_path / "s.sqlite")
    Store(db).close()
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: (opened.append(str(f)), real_open(f, *a, **k))[1])
    first = Store(db)
    second = Store(db)  # a second connection in the same process must not disturb the first
    assert not [f for f in opened if f.startswith(db)]
    first.db.execute("SELECT count(*) FROM files").fetchone()
    second.close()
    first.close()
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("hello")
    with pytest.raises(Exception, match="not a matrix-synth store"):
        Store(str(not_a_store))
    assert not_a_store.read_text() == "hello"


# ---------------------------------------------------------------- corrections anchored on their text

def test_a_correction_follows_its_text_and_never_moves_to_other_text(tmp_path):
    folder = tmp_path / "returns-2013"
    folder.mkdir()
    sentence = "At collaborate level we co-design the respite service with the carers forum."
    path = folder / "fife-narrative.docx"
    narrative_docx(path, ["NHS Fife", "Topic area: Carers", "A note on how we worked together this year.", sentence])
    db = str(tmp_path / "s.sqlite")
    run_cli(["ingest", str(folder), "--db", db])
    cell = next(r[0] for r in rows(db, "SELECT cell_ref FROM unplaced WHERE text = ?", (sentence,)))
    done = run_cli(["correct", "fife-narrative.docx", "--unplaced", cell, "--place", "planning-commissioning", "4",
                    "--db", db])
    assert done.exit_code == 0, done.output
    entry = yaml.safe_load(open(tmp_path / "corrections.yaml", encoding="utf-8"))["corrections"][0]
    assert entry["text"] == sentence and entry["unplaced"] == cell
    run_cli(["ingest", str(folder), "--db", db])
    assert rows(db, "SELECT function, level FROM placements WHERE text = ?", (sentence,)) == \
        [("planning-commissioning", 4)]
    # the board adds a paragraph at the top: the sentence moves down one paragraph, and so does the correction
    narrative_docx(path, ["NHS Fife engagement matrix 2013", "NHS Fife", "Topic area: Carers",
                          "A note on how we worked together this year.", sentence])
    out = run_cli(["ingest", str(folder), "--db", db]).output
    assert rows(db, "SELECT function, level FROM placements WHERE text = ?", (sentence,)) == \
        [("planning-commissioning", 4)]
    assert not rows(db, "SELECT 1 FROM placements WHERE text LIKE 'Topic area%' OR text LIKE 'A note%'")
    assert "correction-unmatched" not in out
    # the sentence is gone: the correction says so and is never applied to what now stands at its cell
    narrative_docx(path, ["NHS Fife", "Topic area: Carers", "A note on how we worked together this year.",
                          "We meet the carers forum every quarter."])
    out = run_cli(["ingest", str(folder), "--db", db]).output
    assert "correction-unmatched" in out and "no longer in the file" in out
    assert not rows(db, "SELECT 1 FROM placements WHERE function = 'planning-commissioning'")
    page = Page(db)
    try:
        html = page.page_of("returns-2013/fife-narrative.docx")
        assert "not applied" in html and "no longer in the file" in html and "Remove C1" in html
        page.post("remove", file="returns-2013/fife-narrative.docx", id="C1")  # a stale correction goes
        assert yaml.safe_load(open(tmp_path / "corrections.yaml", encoding="utf-8"))["corrections"] == []
        assert "Remove C1" not in page.page_of("returns-2013/fife-narrative.docx")
    finally:
        page.stop()
    integrity(db)


# ---------------------------------------------------------------- what is typed or posted is checked

BAD = [
    (["--cell", "T1 R2C3", "--move-to", "policy-strategy", "9"], "is not a level"),
    (["--cell", "T1 R2C3", "--move-to", "bogus", "2"], "is not a function"),
    (["--cell", "T1 R2C3", "--move-to", "planing-commissioning", "4"], "is not a function"),
    (["--cell", "T7 R9C9", "--drop"], "no placement at"),
    (["--set", "board=NHS Atlantis"], "is not one of the 22 boards"),
    (["--set", "round=1999"], "is not a round"),
    (["--cell", "T1 R2C3", "--add-theme", "astrology"], "is not a theme"),
    (["--unplaced", "P99", "--place", "learning-exchange", "2"], "no unplaced text"),
]


@pytest.mark.parametrize("args, says", BAD)
def test_a_bad_value_typed_is_refused_at_once(desk, args, says):
    folder, db, tmp = desk
    result = run_cli(["correct", "fife-grid.docx", *args, "--db", db])
    assert result.exit_code == 2 and says in result.output, result.output
    assert not os.path.exists(tmp / "corrections.yaml")


def test_a_file_not_in_the_store_is_refused(desk):
    _folder, db, tmp = desk
    for name in ("../../etc/passwd", "/etc/passwd", "nothing-like-it.docx"):
        result = run_cli(["correct", name, "--set", "board=NHS Fife", "--db", db])
        assert result.exit_code == 2 and "is not a return in the store" in result.output
    assert not os.path.exists(tmp / "corrections.yaml")


def test_a_bad_value_posted_is_refused_with_a_message(desk):
    _folder, db, tmp = desk
    page = Page(db)
    cell = cell_of(db, "fife-grid.docx", "befriending")
    try:
        source = "returns-2013/fife-grid.docx"
        for form, says in ((dict(action="move", cell=cell, function="policy-strategy", level="9"), "is not a level"),
                           (dict(action="move", cell=cell, function="bogus", level="2"), "is not a function"),
                           (dict(action="drop", cell="T9 R9C9"), "no placement at"),
                           (dict(action="set", board="NHS Atlantis"), "is not one of the 22 boards"),
                           (dict(action="add_theme", cell=cell, theme="astrology"), "is not a theme")):
            html = page.post("correct", file=source, **form)
            assert "Not saved" in html and says in html, says
        html = page.post("correct", file="../../etc/passwd", action="set", board="NHS Fife")
        assert "is not a return in the store" in html
    finally:
        page.stop()
    assert not os.path.exists(tmp / "corrections.yaml")


# ---------------------------------------------------------------- personal data, smaller points

def test_the_live_page_scrubs_personal_data_as_the_exports_do(desk):
    _folder, db, _tmp = desk
    page = Page(db)
    try:
        html = page.page_of("returns-2013/highland-grid.docx")
        assert "01463 704000" not in html and "ewan.fraser@nhs.scot" not in html and "Ewan Fraser" not in html
        assert "[phone removed]" in html and "[e-mail removed]" in html and "carers forum" in html
    finally:
        page.stop()
    page = Page(db, "--include-personal")
    try:
        assert "01463 704000" in page.page_of("returns-2013/highland-grid.docx")
    finally:
        page.stop()


def test_the_page_refuses_other_hosts_cross_site_posts_and_old_links_in_words(desk):
    _folder, db, tmp = desk
    page = Page(db)
    try:
        with pytest.raises(urllib.error.HTTPError) as info:
            page.get("", headers={"Host": "evil.example"})
        assert info.value.code == 400 and "this computer" in info.value.read().decode()
        with pytest.raises(urllib.error.HTTPError) as info:
            page.post("correct", headers={"Sec-Fetch-Site": "cross-site"}, file="returns-2013/fife-grid.docx",
                      action="set", board="NHS Fife")
        assert info.value.code == 403 and "another site" in info.value.read().decode()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(page.url.replace(page.token, "old-token-from-yesterday"), timeout=30)
        body = info.value.read().decode()
        assert info.value.code == 403 and "matrix-synth review --serve" in body and "printed" in body
        port = page.url.split(":")[2].split("/")[0]
        assert "Review the returns" in page.get("", headers={"Host": f"localhost:{port}"})  # this computer too
    finally:
        page.stop()
    assert not os.path.exists(tmp / "corrections.yaml")


def test_corrections_file_is_private_and_hashes_survive_the_scrubber(desk):
    folder, db, tmp = desk
    cell = cell_of(db, "fife-grid.docx", "befriending")
    assert run_cli(["correct", "fife-grid.docx", "--cell", cell, "--drop", "--db", db]).exit_code == 0
    if os.name != "nt":
        assert stat.S_IMODE(os.stat(tmp / "corrections.yaml").st_mode) == 0o600
    # a hash whose digits look like a phone number is kept whole in the workbook
    from matrix_synth.privacy import Scrubber
    row = {"content_hash": "2b01463704000aa1", "text": "ring 01463 704000"}
    assert Scrubber(False).row(row) == {"content_hash": "2b01463704000aa1", "text": "ring [phone removed]"}
    out = tmp / "e.xlsx"
    assert run_cli(["export", "--format", "xlsx", "-o", str(out), "--db", db]).exit_code == 0
    import openpyxl
    sheet = openpyxl.load_workbook(out, read_only=True)["returns"]
    header = next(sheet.iter_rows(values_only=True))
    hashes = {r[header.index("content_hash")] for r in list(sheet.iter_rows(values_only=True))[1:]}
    stored = {r[0] for r in rows(db, "SELECT content_hash FROM returns")}
    assert hashes == stored


def test_rounds_that_do_not_exist_or_run_backwards_are_refused(desk, tmp_path):
    folder, db, _tmp = desk
    for args in (["export", "--round", "2012"], ["summary", "--round", "2012"], ["review", "--round", "2012"]):
        result = run_cli([*args, "--db", db])
        assert result.exit_code == 2 and "no returns for 2012" in result.output, args
    (tmp_path / "returns-2014").mkdir()
    grid_docx(tmp_path / "returns-2014" / "fife-2014.docx", fill={(1, 3): "Joint planning group"}, before=["NHS Fife"])
    run_cli(["ingest", str(tmp_path / "returns-2014"), "--db", db])
    for args in (["report", "--round", "2013", "--compare", "2014"], ["compare", "--round", "2013", "--compare", "2014"]):
        result = run_cli([*args, "--db", db])
        assert result.exit_code == 2 and "must be an earlier round" in result.output, args


def test_ingest_of_a_mistyped_folder_leaves_no_store(tmp_path):
    db = tmp_path / "s.sqlite"
    result = run_cli(["ingest", str(tmp_path / "retruns-2015"), "--db", str(db)])
    assert result.exit_code == 2 and "No such file or folder" in result.output
    assert not db.exists()


# ---------------------------------------------------------------- in a real browser

def _browser(tmp_path, width=1400):
    from selenium import webdriver
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},1000", f"--user-data-dir={tmp_path / f'chrome-{width}'}",
                "--disable-background-networking", "--no-first-run"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=options, service=service)


@needs_chromium
def test_the_desk_in_a_real_browser(desk):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    folder, db, tmp = desk
    # a range ('2-3'), so that one half can be moved alone, and a return with free text
    xlsx(str(folder / "borders-range.xlsx"), [["NHS Borders engagement matrix"], ["Function", "Level", "Activity"],
                                              ["Capacity Building", "2-3", "Joint volunteer training programme"],
                                              ["Policy & Strategy", "4", "Carers strategy co-written with the TSI"]],
         sheet="Return")
    narrative_docx(folder / "orkney-narrative.docx", [
        "NHS Orkney", "Planning and commissioning", "We are at level 3: partners sit on the planning group.",
        "What is working well", "The carers forum meets every month and shapes the respite service."])
    run_cli(["ingest", str(folder), "--db", db, "--jobs", "1"])
    page = Page(db)
    browser = _browser(tmp)
    try:
        fife = "returns-2013/fife-grid.docx"
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": fife}))
        assert browser.find_element(By.ID, "set-topic").get_attribute("value") == "Carers"  # a value, not grey
        coverage = browser.find_element(By.ID, "coverage").text
        # place the sentence that was not placed: the share of text placed goes up, the page stays there
        form = browser.find_element(By.CSS_SELECTOR, "form.place")
        Select(form.find_element(By.NAME, "function")).select_by_value("learning-exchange")
        Select(form.find_element(By.NAME, "level")).select_by_value("3")
        form.find_element(By.TAG_NAME, "button").click()
        wait_for_message(browser, "Saved as C1")
        assert browser.find_element(By.ID, "coverage").text != coverage
        assert browser.current_url.endswith("#source")
        # drop a placement: its text stays on the page, marked dropped
        befriending = cell_of(db, "fife-grid.docx", "befriending")
        block = browser.find_element(By.CSS_SELECTOR, f"div.pl[data-cell='{befriending}']")
        block.find_element(By.TAG_NAME, "summary").click()
        block.find_element(By.CSS_SELECTOR, "form.drop button").click()
        wait_for_message(browser, "Saved as C2")
        source = browser.find_element(By.ID, "source").text
        assert "Joint delivery of the befriending service" in source and "dropped: not engagement" in source
        # every correction of the return is listed with the id the file holds
        listed = browser.find_element(By.ID, "correction-list").text
        ids = [e["id"] for e in yaml.safe_load(open(tmp / "corrections.yaml", encoding="utf-8"))["corrections"]]
        assert ids == ["C1", "C2"] and "C1" in listed and "C2" in listed
        # Undo on another return does not touch this one's corrections
        mystery = "returns-2013/mystery.docx"
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": mystery}))
        Select(browser.find_element(By.ID, "set-board")).select_by_visible_text("NHS Orkney")
        browser.find_element(By.ID, "set-save").click()
        wait_for_message(browser, "Saved as C3")
        browser.find_element(By.ID, "undo").click()
        assert "Undone" in wait_for_message(browser, "Undone") and "C3" in browser.find_element(By.ID, "message").text
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": fife}))
        assert "C2" in browser.find_element(By.ID, "correction-list").text
        # a hand edit of corrections.yaml beside the page: the page reads the return again and says so
        entries = yaml.safe_load(open(tmp / "corrections.yaml", encoding="utf-8"))
        entries["corrections"] = [e for e in entries["corrections"] if e["id"] != "C2"]
        with open(tmp / "corrections.yaml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(entries, fh)
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": fife}))
        assert browser.find_element(By.ID, "reread").is_displayed()
        assert "dropped" not in browser.find_element(By.ID, "source").text
        # one half of a range is moved alone
        borders = "returns-2013/borders-range.xlsx"
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": borders}))
        halves = [h for h in browser.find_elements(By.CSS_SELECTOR, "div.pl") if "volunteer" in h.text]
        assert len(halves) == 2 and {h.get_attribute("data-level") for h in halves} == {"2", "3"}
        half = next(h for h in halves if h.get_attribute("data-level") == "3")
        half.find_element(By.TAG_NAME, "summary").click()
        form = half.find_element(By.CSS_SELECTOR, "form.move")
        Select(form.find_element(By.NAME, "level")).select_by_value("4")
        form.find_element(By.TAG_NAME, "button").click()
        wait_for_message(browser, "level 3 only")
        assert sorted(r[0] for r in rows(db, "SELECT p.level FROM placements p JOIN returns r ON r.id = p.return_id "
                                             "WHERE r.source_file = ? AND p.text LIKE '%volunteer%'",
                                         (borders,))) == [2, 4]
        assert browser.current_url.split("#")[1].startswith("p-")  # back to the placement, not the top
        # the return's free text is shown
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": "returns-2013/orkney-narrative.docx"}))
        assert "carers forum meets every month" in browser.find_element(By.ID, "free").text
        # a re-ingest beside the page shows at once
        grid_docx(folder / "mystery.docx", fill={(4, 0): "Monthly newsletter to partners"},
                  before=["Our Partnership Forum"])
        run_cli(["ingest", str(folder), "--db", db])
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": mystery}))
        assert "Monthly newsletter" in browser.find_element(By.ID, "grid").text
    finally:
        browser.quit()
        page.stop()
    integrity(db)


@needs_chromium
def test_at_800_pixels_wide_nothing_is_cut(desk):
    from selenium.webdriver.common.by import By

    _folder, db, tmp = desk
    page = Page(db)
    browser = _browser(tmp, width=800)
    try:
        browser.get(page.url + "return?" + urllib.parse.urlencode({"file": "returns-2013/fife-grid.docx"}))
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
        for el in browser.find_elements(By.CSS_SELECTOR, "select, input, button, h2, #grid"):
            if el.is_displayed():
                rect = el.rect
                assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width + 1, el.get_attribute("outerHTML")[:120]
    finally:
        browser.quit()
        page.stop()
