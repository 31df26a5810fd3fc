"""Every word a person sees in a file is in the store: word coverage over the real office files in
tests/realworld/ (written by other projects), measured by benchmarks/bench_coverage.py against an
extraction independent of matrix-synth's readers."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "benchmarks"))

from bench_coverage import measure  # noqa: E402

OFFICE = (".docx", ".xlsx", ".odt", ".ods")


def test_every_word_of_the_realworld_office_files_is_in_the_store():
    folder = os.path.join(HERE, "realworld")
    results = [measure(os.path.join(folder, n), n) for n in sorted(os.listdir(folder)) if n.endswith(OFFICE)]
    measured = [r for r in results if r["status"] == "measured" and r["seen"]]
    assert len(measured) >= 20
    seen, kept = sum(r["seen"] for r in measured), sum(r["kept"] for r in measured)
    assert kept / seen >= 0.99, (kept, seen)
    full = [r for r in measured if r["coverage"] >= 0.99]
    assert len(full) >= 0.95 * len(measured), [(r["file"], r["missing"]) for r in measured if r["coverage"] < 0.99]
    by_name = {r["file"]: r for r in measured}
    for name in ("docx2python__strict.docx", "poi__SampleSS.strict.xlsx", "mammoth__tests_test-data_text-box.docx"):
        assert by_name[name]["coverage"] == 1.0, by_name[name]  # Strict OOXML and text boxes are read
