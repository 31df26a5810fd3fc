"""Review in order of harm, and the review page that corrects, driven in a real browser (Chromium)."""
from __future__ import annotations

import json
import os
import shutil
import threading

import pytest
import yaml
from docx import Document

from builders import xlsx
from conftest import needs_chromium, run_cli, wait_for_message
from sample_data import BOARDS_2013
from samples import write_return


def run(*args):
    return run_cli(args)


@pytest.fixture
def returns(tmp_path):
    """A good grid, a narrative (low confidence), an unknown board, a covering letter with no matrix, and a
    spreadsheet whose hidden list sheet holds drop-down values."""
    folder = tmp_path / "returns-2013"
    folder.mkdir()
    grid = next(r for r in BOARDS_2013 if r["layout"] == "docx-grid")
    write_return(str(folder), grid, 2013, "grid-return")
    write_return(str(folder), next(r for r in BOARDS_2013 if r["layout"] == "docx-narrative"), 2013, "narrative")
    write_return(str(folder), dict(grid, board="", written="Our Partnership Forum"), 2013, "mystery-return")
    write_return(str(folder), next(r for r in BOARDS_2013 if r["layout"] == "docx-per-partner"), 2013, "glasgow")
    letter = Document()
    for line in ("Dear colleague,", "Please find our return attached, with thanks to all our partners.",
                 "Yours sincerely, the planning team"):
        letter.add_paragraph(line)
    letter.save(str(folder / "covering-letter.docx"))
    rows = [["NHS Fife engagement matrix"], ["Function", "Level", "Activity"],
            ["Policy & Strategy", "4", "The carers strategy group is co-chaired by the third sector"],
            ["Capacity Building", "2", "Small grants for community groups run by the TSI"]]
    xlsx(str(folder / "fife-list.xlsx"), rows, sheet="Return",
         extra_sheets={"Lists": [["1"], ["2"], ["Inform"], ["Consult"], ["Section"]]})
    db = str(tmp_path / "store.sqlite")
    run("ingest", str(folder), "--db", db)
    return folder, db


def test_review_puts_the_worst_first_and_says_each_thing_once(returns):
    _folder, db = returns
    items = json.loads(run("review", "--db", db, "--json", "--limit", "0").output)
    kinds = [it["kind"] for it in items]
    assert items[0]["source_file"].endswith("covering-letter.docx") and kinds[0] == "no-engagement"
    assert kinds.index("board-unknown") < kinds.index("low-confidence")
    # files in the order of their worst item, each file's items together and worst first
    files = [it["source_file"] for it in items]
    order = list(dict.fromkeys(files))
    assert files == sorted(files, key=order.index)
    worst = [min(it["rank"] for it in items if it["source_file"] == f) for f in order]
    assert worst == sorted(worst)
    for f in order:
        ranks = [it["rank"] for it in items if it["source_file"] == f]
        assert ranks == sorted(ranks)
    # a range is one item; no problem repeats an unplaced text or an unknown board
    keys = [(it["source_file"], it["location"], it["detail"]) for it in items]
    assert len(keys) == len(set(keys))
    assert not any(it["kind"] == "problem" and "not tied to a function" in it["detail"] for it in items)
    # short leftovers (list values, numbers, 'Section') are one count per file, never a line each
    assert not any(it["kind"] == "unplaced" and it["text"].strip() in ("1", "2", "Inform", "Consult", "Section")
                   for it in items)
    text = run("review", "--db", db).output
    assert "matrix-synth review'" not in text
    for name in ("covering-letter.docx", "mystery-return.docx", "narrative.docx"):
        assert sum(line.strip().endswith(name) for line in text.splitlines()) == 1  # the file name once
    assert text.index("covering-letter.docx") < text.index("mystery-return.docx") < text.index("narrative.docx")
    limited = run("review", "--db", db, "--limit", "2").output
    assert "Showing the first 2" in limited


def test_review_html_takes_o_and_the_old_form_still_works(returns, tmp_path):
    _folder, db = returns
    new = run("review", "--html", "-o", str(tmp_path / "a.html"), "--db", db)
    assert new.exit_code == 0 and (tmp_path / "a.html").exists()
    old = run("review", "--html", str(tmp_path / "b.html"), "--db", db)
    assert old.exit_code == 0 and (tmp_path / "b.html").exists() and "--html -o FILE" in old.output


def test_the_page_refuses_a_wrong_token_and_a_cross_site_post(returns):
    import urllib.error
    import urllib.parse
    import urllib.request

    from matrix_synth.review_server import make_server
    _folder, db = returns
    server, url = make_server(db)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert urllib.request.urlopen(url).status == 200
        token = url.rstrip("/").rsplit("/", 1)[1]
        for bad in (url.replace(token, "x" * len(token)), url.rsplit("/", 2)[0] + "/"):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(bad)
            assert info.value.code == 403
        form = urllib.parse.urlencode({"file": "grid-return.docx", "action": "drop", "cell": "T1 R2C2"}).encode()
        with pytest.raises(urllib.error.HTTPError) as info:  # no token in the form
            urllib.request.urlopen(url + "correct", form)
        assert info.value.code == 403
        req = urllib.request.Request(url + "correct", urllib.parse.urlencode(
            {"token": token, "file": "grid-return.docx", "action": "drop", "cell": "T1 R2C2"}).encode(),
            headers={"Origin": "https://evil.example"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(req)
        assert info.value.code == 403
        assert not os.path.exists(os.path.join(os.path.dirname(db), "corrections.yaml"))
        assert "Access-Control-Allow-Origin" not in urllib.request.urlopen(url).headers
    finally:
        server.shutdown()


def _placements(db, source_end):
    from matrix_synth import Store
    store = Store(db)
    try:
        return [p for p in store.placements() if p["source_file"].endswith(source_end)]
    finally:
        store.close()


@needs_chromium
def test_review_page_corrects_in_a_real_browser(returns, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from matrix_synth.review_server import make_server
    _folder, db = returns
    corrections = os.path.join(os.path.dirname(db), "corrections.yaml")
    server, url = make_server(db, threshold=0.75)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = webdriver.ChromeOptions()
    options.page_load_strategy = "normal"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'chrome'}"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))  # never downloads one
    browser = webdriver.Chrome(options=options, service=service)
    try:
        browser.get(url)
        rows = browser.find_elements(By.CSS_SELECTOR, "#returns tr")
        assert "covering-letter.docx" in rows[1].text  # worst first
        browser.find_element(By.LINK_TEXT, next(a.text for a in browser.find_elements(By.TAG_NAME, "a")
                                                if a.text.endswith("grid-return.docx"))).click()
        before = _placements(db, "grid-return.docx")
        target = before[0]
        # move a placement to another function and level
        block = browser.find_element(By.CSS_SELECTOR, f"div.pl[data-cell='{target['cell_ref']}']")
        block.find_element(By.TAG_NAME, "summary").click()
        form = block.find_element(By.CSS_SELECTOR, "form.move")
        Select(form.find_element(By.NAME, "function")).select_by_value("learning-exchange")
        Select(form.find_element(By.NAME, "level")).select_by_value("5")
        form.find_element(By.TAG_NAME, "button").click()
        assert "Saved as C1" in wait_for_message(browser, "Saved as C1")
        entry = yaml.safe_load(open(corrections, encoding="utf-8"))["corrections"][0]
        assert entry["id"] == "C1" and entry["cell"] == target["cell_ref"] and entry["text"] == target["text"]
        assert entry["move"] == {"function": "learning-exchange", "level": "5"}
        moved = [p for p in _placements(db, "grid-return.docx") if p["cell_ref"] == target["cell_ref"]]
        assert {(p["function"], p["level"]) for p in moved} == {("learning-exchange", 5)}
        # set the board of the unknown return
        browser.get(url)
        browser.find_element(By.PARTIAL_LINK_TEXT, "mystery-return.docx").click()
        Select(browser.find_element(By.ID, "set-board")).select_by_visible_text("NHS Fife")
        partner = browser.find_element(By.ID, "set-partner")
        assert partner.get_attribute("value")  # the partner read from the file is shown as its value
        partner.clear()
        partner.send_keys("Fife Voluntary Action <b>&</b>")
        browser.find_element(By.ID, "set-save").click()
        assert "Saved as C2" in wait_for_message(browser, "Saved as C2")
        assert {p["board"] for p in _placements(db, "mystery-return.docx")} == {"fife"}
        assert browser.find_element(By.ID, "set-partner").get_attribute("value") == \
            "Fife Voluntary Action <b>&</b>"  # escaped: shown as text, not markup
        # undo takes back the last correction of this return, in the file and in the store
        browser.find_element(By.ID, "undo").click()
        assert "Undone" in wait_for_message(browser, "Undone")
        assert len(yaml.safe_load(open(corrections, encoding="utf-8"))["corrections"]) == 1
        assert {p["board"] for p in _placements(db, "mystery-return.docx")} == {None}
        # reload: the move is kept, and a fresh ingest agrees with the page
        browser.get(url)
        browser.find_element(By.PARTIAL_LINK_TEXT, "grid-return.docx").click()
        cell = browser.find_element(By.CSS_SELECTOR, f"div.pl[data-cell='{target['cell_ref']}']")
        assert cell.find_element(By.XPATH, "./ancestor::td").get_attribute("cellIndex") == "5"
        assert run("ingest", str(_folder), "--db", db).exit_code in (0, 1)
        assert {(p["function"], p["level"]) for p in _placements(db, "grid-return.docx")
                if p["cell_ref"] == target["cell_ref"]} == {("learning-exchange", 5)}
        # drop one placement, add a theme to another, place a sentence that was not placed
        browser.get(url)
        browser.find_element(By.PARTIAL_LINK_TEXT, "glasgow.docx").click()
        first, second = _placements(db, "glasgow.docx")[:2]
        block = browser.find_element(By.CSS_SELECTOR, f"div.pl[data-cell='{first['cell_ref']}']")
        block.find_element(By.TAG_NAME, "summary").click()
        block.find_element(By.CSS_SELECTOR, "form.drop button").click()
        wait_for_message(browser, "Saved as C2")
        assert first["cell_ref"] not in {p["cell_ref"] for p in _placements(db, "glasgow.docx")}
        block = browser.find_element(By.CSS_SELECTOR, f"div.pl[data-cell='{second['cell_ref']}']")
        block.find_element(By.TAG_NAME, "summary").click()
        form = block.find_element(By.CSS_SELECTOR, "form.add-theme")
        Select(form.find_element(By.NAME, "theme")).select_by_value("volunteering")
        form.find_element(By.TAG_NAME, "button").click()
        wait_for_message(browser, "Saved as C3")
        assert "volunteering" in next(p for p in _placements(db, "glasgow.docx")
                                      if p["cell_ref"] == second["cell_ref"])["themes"]
        form = browser.find_element(By.CSS_SELECTOR, "form.place")
        Select(form.find_element(By.NAME, "function")).select_by_value("learning-exchange")
        Select(form.find_element(By.NAME, "level")).select_by_value("2")
        form.find_element(By.TAG_NAME, "button").click()
        wait_for_message(browser, "Saved as C4")
        assert any(p["function"] == "learning-exchange" and "one matrix with each" in (p["text"] or "")
                   for p in _placements(db, "glasgow.docx"))
        entries = yaml.safe_load(open(corrections, encoding="utf-8"))["corrections"]
        assert [sorted(k for k in e if k not in ("id", "file", "cell", "unplaced", "text")) for e in entries] == \
            [["move"], ["drop"], ["add_theme"], ["place"]]
        assert [e["id"] for e in entries] == ["C1", "C2", "C3", "C4"]  # the ids are written in the file
        if os.environ.get("MATRIX_SYNTH_SCREENSHOT"):
            browser.save_screenshot(os.environ["MATRIX_SYNTH_SCREENSHOT"])
    finally:
        browser.quit()
        server.shutdown()


def test_a_return_that_lost_most_of_its_engagement_comes_before_an_unknown_board():
    from matrix_synth.review import _items
    returns = [{"id": 1, "source_file": "a.docx", "board": "", "board_written": "", "partners": "x", "round": 2013,
                "placements": 3, "coverage": 0.9},
               {"id": 2, "source_file": "b.docx", "board": "fife", "board_written": "", "partners": "x",
                "round": 2013, "placements": 1, "coverage": 0.2}]
    unplaced = [{"return_id": 2, "source_file": "b.docx", "reason": "unrecognised", "location": f"paragraph {n}",
                 "cell_ref": f"P{n}", "text": "The carers forum co-designs the respite service with the board."}
                for n in range(4)]
    unplaced += [{"return_id": 2, "source_file": "b.docx", "reason": "unrecognised", "location": "Lists!A1",
                  "cell_ref": "Lists!A1", "text": t} for t in ("1", "Inform", "Section 2")]
    items = _items([], returns, [], unplaced, 0.6)
    assert [(it["source_file"], it["kind"]) for it in items][:2] == [("b.docx", "lost-engagement"),
                                                                      ("b.docx", "unplaced")]
    assert [it["kind"] for it in items].count("short-text") == 1
    assert next(it for it in items if it["kind"] == "short-text")["count"] == 3
    assert items[-1]["kind"] == "board-unknown" and items[-1]["source_file"] == "a.docx"
