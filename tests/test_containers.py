"""Returns as they come out of the mailbox: zips (and zips in zips), saved e-mails (.eml), Outlook
messages (.msg), and wrong content under a return's name. Every container is a real file made here."""
import io
import os
import shutil
import zipfile
from email.message import EmailMessage

import pytest

from conftest import run_cli
from matrix_synth import Store, ingest
from matrix_synth.pipeline import check
from matrix_synth.problems import ReadFailure
from matrix_synth.readers import read_document
from sample_data import BOARDS_2013
from samples import write_return

DOCX_MIME = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    """Four real returns (docx and xlsx) to put in containers."""
    folder = tmp_path_factory.mktemp("plain")
    out = {}
    for ret in BOARDS_2013[:4]:
        path = write_return(str(folder), ret, 2013)
        out[ret["board"]] = path
    return out


def _bytes(path):
    with open(path, "rb") as fh:
        return fh.read()


def _zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _eml(path, attachments, subject="Re: Engagement Matrix", body="Dear colleague,\nOur matrix is attached.\n"):
    msg = EmailMessage()
    msg["From"] = "Morag Baird <morag.baird@nhs.example>"
    msg["To"] = "analyst@example.org"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 03 Jun 2013 10:00:00 +0100"
    msg.set_content(body)
    for name, data in attachments:
        msg.add_attachment(data, maintype=DOCX_MIME[0], subtype=DOCX_MIME[1], filename=name)
    with open(path, "wb") as fh:
        fh.write(bytes(msg))
    return path


def _files(store):
    return {r["source_file"]: r["status"] for r in store.query("SELECT source_file, status FROM files")}


def test_zip_with_mixed_members_and_a_nested_zip(returns, tmp_path):
    paths = list(returns.values())
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("Orkney EM.docx", _bytes(paths[2]))
    folder = tmp_path / "2013"
    folder.mkdir()
    _zip(folder / "returns.zip", {"Fife/NHS Fife EM.docx": _bytes(paths[0]), "second.xlsx": _bytes(paths[1]),
                                  "readme.txt": b"the returns", "__MACOSX/._second.xlsx": b"x",
                                  "more.zip": inner.getvalue()})
    store = Store(str(tmp_path / "s.sqlite"))
    report = ingest([str(folder)], store, jobs=1)
    assert report.exit_code == 0, [(f.file, f.problems) for f in report.files]
    files = _files(store)
    assert set(files) == {"2013/returns.zip/Fife/NHS Fife EM.docx", "2013/returns.zip/second.xlsx",
                          "2013/returns.zip/more.zip/Orkney EM.docx"}
    assert "2013/returns.zip/readme.txt" in report.skipped
    placements = store.query("SELECT r.source_file, p.location FROM placements p JOIN returns r ON r.id = p.return_id")
    assert {p["source_file"] for p in placements} == set(files)
    # the same returns unpacked give the same placements
    plain = Store(str(tmp_path / "plain.sqlite"))
    ingest([paths[0], paths[1], paths[2]], plain, round_=2013, jobs=1)
    assert sorted(r["n"] for r in store.query("SELECT count(*) n FROM placements GROUP BY return_id")) == \
        sorted(r["n"] for r in plain.query("SELECT count(*) n FROM placements GROUP BY return_id"))


def test_zip_reingest_skips_unchanged_and_removes_gone_members(returns, tmp_path):
    paths = list(returns.values())
    folder = tmp_path / "2013"
    folder.mkdir()
    archive = folder / "returns.zip"
    _zip(archive, {"a.docx": _bytes(paths[0]), "b.xlsx": _bytes(paths[1])})
    store = Store(str(tmp_path / "s.sqlite"))
    ingest([str(folder)], store, jobs=1)
    again = ingest([str(folder)], store, jobs=1)
    assert [f.action for f in again.files] == ["unchanged", "unchanged"]
    _zip(archive, {"a.docx": _bytes(paths[0]), "c.docx": _bytes(paths[3])})
    os.utime(archive, ns=(1, 1))
    third = ingest([str(folder)], store, jobs=1)
    assert {f.file: f.action for f in third.files} == {"2013/returns.zip/a.docx": "replaced",
                                                     "2013/returns.zip/c.docx": "new",
                                                     "2013/returns.zip/b.xlsx": "removed"}
    assert set(_files(store)) == {"2013/returns.zip/a.docx", "2013/returns.zip/c.docx"}
    assert store.query("SELECT count(*) n FROM returns WHERE source_file LIKE '%b.xlsx'")[0]["n"] == 0


def test_zip_bounds_and_encrypted_and_escaping_members(returns, tmp_path, monkeypatch):
    from matrix_synth import containers
    paths = list(returns.values())
    archive = _zip(tmp_path / "returns 2013.zip", {"../../evil.docx": _bytes(paths[0]), "ok.docx": _bytes(paths[0]),
                                                  "big.docx": b"\0" * 3_000_000})
    # mark one member encrypted (the flag bit a password-protected zip sets)
    data = bytearray(_bytes(archive))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("ok.docx")
    monkeypatch.setattr(containers, "MAX_MEMBER_BYTES", 2_000_000)
    report = check([str(archive)], jobs=1)
    by_file = {f.file: f for f in report.files}
    container = by_file["returns 2013.zip"]
    codes = {p.code for p in container.problems}
    assert codes == {"unsafe-file", "too-large"}
    assert by_file["returns 2013.zip/ok.docx"].status != "error"
    assert not any("evil" in f for f in by_file if f != "returns 2013.zip")
    # an encrypted member
    enc = bytearray(data)
    enc[info.header_offset + 6] |= 1
    pos = -1
    while True:
        pos = bytes(enc).find(b"PK\x01\x02", pos + 1)
        if pos < 0:
            break
        name_len = int.from_bytes(enc[pos + 28:pos + 30], "little")
        if bytes(enc[pos + 46:pos + 46 + name_len]) == b"ok.docx":
            enc[pos + 8] |= 1
    (tmp_path / "enc").mkdir()
    locked = tmp_path / "enc" / "locked 2013.zip"
    locked.write_bytes(bytes(enc))
    report = check([str(locked)], jobs=1)
    member = {f.file: f for f in report.files}["locked 2013.zip/ok.docx"]
    assert [p.code for p in member.problems] == ["encrypted-file"]


def test_eml_with_one_and_with_two_attachments(returns, tmp_path):
    paths = list(returns.values())
    folder = tmp_path / "2013"
    folder.mkdir()
    _eml(folder / "Re Engagement Matrix.eml", [("NHS Fife EM.docx", _bytes(paths[0]))])
    _eml(folder / "two.eml", [("first.docx", _bytes(paths[2])), ("first.docx", _bytes(paths[3])),
                              ("logo.png", b"\x89PNG\r\n\x1a\n0000")], subject="Two returns")
    _eml(folder / "forgot.eml", [], body="Sorry, I forgot the attachment.")
    store = Store(str(tmp_path / "s.sqlite"))
    report = ingest([str(folder)], store, jobs=1)
    by_file = {f.file: f for f in report.files}
    assert by_file["2013/forgot.eml"].status == "error"
    assert [p.code for p in by_file["2013/forgot.eml"].problems] == ["no-attachment"]
    assert "2013/two.eml/logo.png" in report.skipped  # a logo beside a document is not a return
    assert {"2013/Re Engagement Matrix.eml/NHS Fife EM.docx", "2013/two.eml/first.docx",
            "2013/two.eml/first (2).docx"} <= set(_files(store))
    ctx = store.query("SELECT u.reason, u.text FROM unplaced u JOIN returns r ON r.id = u.return_id "
                      "WHERE r.source_file = '2013/Re Engagement Matrix.eml/NHS Fife EM.docx' "
                      "AND u.reason IN ('message sender', 'message date', 'message subject', 'covering text')")
    got = {c["reason"]: c["text"] for c in ctx}
    assert got["message subject"] == "Re: Engagement Matrix"
    assert "morag.baird@nhs.example" in got["message sender"]
    assert "Our matrix is attached." in got["covering text"]
    # never placed, and the sender is left out of exports by default
    assert not store.query("SELECT 1 FROM placements WHERE text LIKE '%matrix is attached%'")
    out = tmp_path / "export.csv"
    run_cli(["export", "--db", tmp_path / "s.sqlite", "-o", out])
    assert "morag" not in out.read_text().lower()
    xlsx = tmp_path / "export.xlsx"
    run_cli(["export", "--format", "xlsx", "--db", tmp_path / "s.sqlite", "-o", xlsx])
    from openpyxl import load_workbook
    wb = load_workbook(xlsx, read_only=True)
    assert not any("morag" in str(v).lower() for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                   for v in row if v)


def test_cli_lists_members_indented_under_their_container(returns, tmp_path):
    paths = list(returns.values())
    folder = tmp_path / "2013"
    folder.mkdir()
    _zip(folder / "returns.zip", {"a.docx": _bytes(paths[0]), "b.xlsx": _bytes(paths[1])})
    result = run_cli(["check", folder])
    lines = result.output.splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip() == "2013/returns.zip")
    members = [line for line in lines[i + 1:] if line.startswith("checked")]
    assert members[0].split()[1] == "a.docx" and members[0].startswith("checked      a.docx")
    result = run_cli(["ingest", folder, "--db", tmp_path / "s.sqlite"])
    assert "new          a.docx" in result.output and "new          b.xlsx" in result.output


def test_corrections_keyed_by_member_name(returns, tmp_path):
    paths = list(returns.values())
    folder = tmp_path / "2013"
    folder.mkdir()
    _zip(folder / "returns.zip", {"NHS Fife EM.docx": _bytes(paths[0])})
    db = tmp_path / "s.sqlite"
    run_cli(["ingest", folder, "--db", db])
    run_cli(["correct", "NHS Fife EM.docx", "--set", "board=NHS Orkney", "--db", db])
    result = run_cli(["ingest", folder, "--db", db])
    assert "replaced" in result.output
    store = Store(str(db))
    assert "orkney" in store.query("SELECT board FROM returns")[0]["board"].lower()
    assert store.query("SELECT count(*) n FROM corrections_applied")[0]["n"] == 1


def test_msg_attachment_is_a_return(returns, tmp_path):
    msg = _outlook_msg(tmp_path, "NHS Fife EM.docx", _bytes(list(returns.values())[0]))
    folder = tmp_path / "2013"
    folder.mkdir()
    shutil.move(msg, folder / "Engagement matrix.msg")
    report = check([str(folder)], jobs=1)
    by_file = {f.file: f for f in report.files}
    member = by_file["2013/Engagement matrix.msg/NHS Fife EM.docx"]
    assert member.status != "error" and member.placements > 0


def _outlook_msg(tmp_path, name, data):
    from msg_writer import write_msg
    return write_msg(str(tmp_path / "m.msg"), "Engagement matrix", "morag.baird@nhs.example",
                     "Please find our matrix attached.", [(name, data)])


@pytest.mark.parametrize("content, named, says", [
    ("msg", "return.docx", "Outlook message"),
    ("eml", "return.docx", "saved e-mail"),
    ("html", "return.xlsx", "web page"),
    ("zip", "return.docx", "zip archive of other files"),
])
def test_wrong_content_is_named_for_what_it_is(returns, tmp_path, content, named, says):
    path = tmp_path / named
    if content == "msg":
        shutil.move(_outlook_msg(tmp_path, "a.docx", b"x"), path)
    elif content == "eml":
        _eml(path, [("a.docx", b"x")])
    elif content == "html":
        path.write_text("<!DOCTYPE html><html><body><p>Our matrix</p></body></html>")
    else:
        _zip(path, {"a.txt": b"x"})
    with pytest.raises(ReadFailure) as exc:
        read_document(str(path))
    assert exc.value.problem.code == "wrong-format"
    assert says in exc.value.problem.message


def test_bundled_samples_hold_a_zip_an_eml_and_a_pptx(sample_store):
    rows = {r["source_file"].split("/", 1)[1]: r for r in sample_store.query("SELECT r.source_file, r.board, f.format FROM returns r "
                                                            "JOIN files f ON f.id = r.file_id")}
    assert rows["2014/returns-received-2014.zip/lothian-engagement-matrix-2014.docx"]["board"] == "lothian"
    assert rows["2014/returns-received-2014.zip/highland-engagement-matrix-2014.xlsx"]["board"] == "highland"
    assert rows["2014/Re Engagement Matrix 2014 - NHS Tayside.eml/tayside-engagement-matrix-2014.docx"][
        "board"] == "tayside"
    assert rows["2014/fife-engagement-matrix-2014.pptx"]["format"] == "pptx"
    assert sample_store.query("SELECT count(*) n FROM placements p JOIN returns r ON r.id = p.return_id "
                              "WHERE r.source_file LIKE '%.pptx' AND p.part = 'slide 2'")[0]["n"] >= 3


def test_covering_text_is_shown_in_review(returns, tmp_path):
    from matrix_synth.review import write_review_html
    folder = tmp_path / "2013"
    folder.mkdir()
    _eml(folder / "Re EM.eml", [("NHS Fife EM.docx", _bytes(list(returns.values())[0]))],
         body="Dear colleague,\nWe discussed this with our partners in May.\n")
    store = Store(str(tmp_path / "s.sqlite"))
    ingest([str(folder)], store, jobs=1)
    html = open(write_review_html(store, str(tmp_path / "review.html"), None, 0.75), encoding="utf-8").read()
    assert "We discussed this with our partners in May." in html


def test_eml_inside_a_zip_and_a_zip_attached_to_an_eml(returns, tmp_path):
    paths = list(returns.values())
    folder = tmp_path / "2013"
    folder.mkdir()
    mail = _eml(tmp_path / "m.eml", [("NHS Fife EM.docx", _bytes(paths[0]))])
    _zip(folder / "mailbox.zip", {"Re EM.eml": _bytes(mail)})
    inner = _zip(tmp_path / "inner.zip", {"b.docx": _bytes(paths[1])})
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Date"] = "x@example.org", "Returns", "Mon, 03 Jun 2013 10:00:00 +0100"
    msg.set_content("All returns zipped.")
    msg.add_attachment(_bytes(inner), maintype="application", subtype="zip", filename="returns.zip")
    (folder / "zipped.eml").write_bytes(bytes(msg))
    report = check([str(folder)], jobs=1)
    files = {f.file: f for f in report.files}
    assert files["2013/mailbox.zip/Re EM.eml/NHS Fife EM.docx"].placements > 0
    assert files["2013/zipped.eml/returns.zip/b.docx"].placements > 0


def test_a_return_renamed_zip_is_read_as_the_return(returns, tmp_path):
    path = tmp_path / "fife 2013.zip"
    shutil.copy(list(returns.values())[0], path)
    report = check([str(path)], jobs=1)
    assert [(f.file, f.status != "error") for f in report.files] == [("fife 2013.zip", True)]
    assert report.files[0].placements > 0
