"""Bad input: each gets one clear problem naming the file; the batch goes on; nothing is half-written."""
import os
import shutil
import zipfile

import pytest

from matrix_synth import Store, check, ingest
from sample_data import BOARDS_2013
from samples import write_return


def _good(folder):
    return write_return(str(folder), BOARDS_2013[0], 2013, "good-return")


def _zip(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def _docx_with_body(path, document_xml):
    return _zip(path, {"[Content_Types].xml": CT, "_rels/.rels": RELS, "word/document.xml": document_xml})


def make_bad_files(folder):
    folder = str(folder)
    out = {}
    out["empty"] = os.path.join(folder, "empty.docx")
    open(out["empty"], "wb").close()
    out["renamed-text"] = os.path.join(folder, "notes.docx")
    with open(out["renamed-text"], "w") as fh:
        fh.write("These are just my notes, saved with the wrong name.\n")
    good = _good(folder)
    data = open(good, "rb").read()
    out["truncated"] = os.path.join(folder, "truncated.docx")
    with open(out["truncated"], "wb") as fh:
        fh.write(data[: len(data) // 2])
    out["corrupt"] = os.path.join(folder, "corrupt.xlsx")
    with open(out["corrupt"], "wb") as fh:
        fh.write(b"PK\x03\x04" + os.urandom(3000))
    # an Office file saved with a password is an OLE container holding EncryptionInfo/EncryptedPackage
    out["password"] = os.path.join(folder, "locked.xlsx")
    with open(out["password"], "wb") as fh:
        fh.write(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                 + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2000)
    out["password-odt"] = _zip(os.path.join(folder, "locked.odt"), {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                                 'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
                                 '<manifest:encryption-data/></manifest:file-entry></manifest:manifest>',
        "content.xml": os.urandom(500)})
    out["zip-bomb"] = _docx_with_body(os.path.join(folder, "bomb.docx"),
                                      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                                      'wordprocessingml/2006/main"><w:body>' + "<w:p/>" * 30_000_000
                                      + "</w:body></w:document>")
    out["xxe"] = _docx_with_body(
        os.path.join(folder, "xxe.docx"),
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        '<w:t>&xxe;&b;</w:t></w:r></w:p></w:body></w:document>')
    from docx import Document
    letter = Document()
    letter.add_paragraph("Dear colleague,")
    letter.add_paragraph("Please find attached our return for this year. We will send the matrix next week.")
    letter.add_paragraph("Yours sincerely,")
    out["covering-letter"] = os.path.join(folder, "covering-letter.docx")
    letter.save(out["covering-letter"])
    out["bad-csv"] = os.path.join(folder, "broken.csv")
    with open(out["bad-csv"], "wb") as fh:
        fh.write(b"Function,Level,Activity\nPolicy,4,Caf\x81 \x8d\x8f\x90\x9d group\n")
    return out, good


EXPECTED = {"empty": "empty-file", "renamed-text": "wrong-format", "truncated": "corrupt-file",
            "corrupt": "corrupt-file", "password": "encrypted-file", "password-odt": "encrypted-file",
            "zip-bomb": "too-large", "xxe": "unsafe-file", "covering-letter": "no-matrix-found",
            "bad-csv": "encoding"}


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    files, good = make_bad_files(folder)
    return folder, files, good


def test_each_bad_file_gets_one_clear_problem(bad):
    folder, files, good = bad
    report = check([str(folder)], round_=2013, jobs=1)
    by_file = {f.path: f for f in report.files}
    for kind, path in files.items():
        fr = by_file[path]
        codes = [p.code for p in fr.problems]
        assert any(c.startswith(EXPECTED[kind]) for c in codes), (kind, codes)
        for p in fr.problems:
            assert os.path.basename(path) in p.message, (kind, p.message)
            assert p.hint, (kind, p.code)
        # a covering letter is readable: stored (for review) with a warning, not a failure
        assert fr.status == ("warning" if kind == "covering-letter" else "error"), kind
    assert by_file[good].status in ("ok", "warning") and by_file[good].placements > 0


def test_password_problem_tells_the_analyst_what_to_do(bad):
    _folder, files, _good = bad
    report = check([files["password"]], round_=2013)
    hint = report.files[0].problems[0].hint.lower()
    assert "password" in hint or "unprotected" in hint


def test_xxe_is_never_resolved(bad):
    _folder, files, _good = bad
    report = check([files["xxe"]], round_=2013)
    text = repr(report.files[0].to_dict())
    assert "root:" not in text


def test_ingest_bad_batch_goes_on_and_writes_nothing_for_failed_files(bad, tmp_path):
    folder, files, good = bad
    store = Store(str(tmp_path / "s.sqlite"))
    report = ingest([str(folder)], store, round_=2013, jobs=2)
    assert report.exit_code == 1
    returns = store.returns()
    assert [os.path.basename(r["source_file"]) for r in returns if r["placements"]] == [os.path.basename(good)]
    failed = {os.path.basename(r["source_file"])
              for r in store.query("SELECT source_file FROM files WHERE status = 'failed'")}
    assert {"truncated.docx", "locked.xlsx", "empty.docx", "bomb.docx", "xxe.docx"} <= failed
    # failed files have no returns, placements or text in the store
    assert not store.query("SELECT * FROM returns r JOIN files f ON f.id = r.file_id WHERE f.status = 'failed'")
    problems = store.problems()
    assert {os.path.basename(p["source_file"]) for p in problems} >= {"truncated.docx", "locked.xlsx", "empty.docx"}


def test_office_lock_files_and_hidden_files_are_skipped(tmp_path):
    good = _good(tmp_path)
    shutil.copy(good, tmp_path / "~$good-return.docx")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    report = check([str(tmp_path)], round_=2013)
    assert [f.file for f in report.files] == ["good-return.xlsx"] or len(report.files) == 1


def test_batched_writes_keep_each_file_all_or_nothing(tmp_path):
    """Inside Store.batch() a failing write leaves nothing of itself, and what was written
    before it is committed even if the batch ends with an error (Ctrl-C mid-ingest)."""
    db = str(tmp_path / "s.sqlite")
    store = Store(db)

    from matrix_synth.document import Location
    from matrix_synth.model import FileFacts, Placement, Return, ReturnFields

    def rec(name, level):
        return Return(FileFacts(f"/r/{name}", name, 2013, 1, 1, name), ReturnFields(board="fife"),
                      placements=[Placement(1, "capacity-building", level, "shared training", "text", Location(), 1.0)])

    with pytest.raises(KeyboardInterrupt):
        with store.batch():
            store.write_return(rec("a.docx", 3))
            with pytest.raises(Exception):
                store.write_return(rec("b.docx", 9))  # the store refuses a level 9: nothing of b is kept
            store.write_return(rec("c.docx", 3))
            raise KeyboardInterrupt
    store.close()
    again = Store(db)  # a fresh connection sees only committed data
    assert sorted(r["source_file"] for r in again.query("SELECT source_file FROM files")) == ["a.docx", "c.docx"]
    assert again.query("SELECT count(*) AS n FROM placements")[0]["n"] == 2
    again.close()
