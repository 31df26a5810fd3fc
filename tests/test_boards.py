"""Boards from everywhere a board writes its name, in the ways boards write it (tests/board_variants.py):
page headers and footers (Word, ODF, Excel print headers), text boxes, document properties, file and
folder names. benchmarks/bench_boards.py runs every variant; here a spread sample of them."""
from __future__ import annotations

import os

from board_variants import DECOY_PARTNER, PLACES, WRITINGS, make_variant, variants
from conftest import detect_file

from matrix_synth.detect import detect
from matrix_synth.readers import read_document
from matrix_synth.schema import find_board


def _detect(path, root):
    label = os.path.relpath(path, root)
    return detect(read_document(path, label), label)


def test_board_found_wherever_and_however_it_is_written(tmp_path):
    todo = variants()[::7]
    assert {p for p, _w, _b in todo} == set(PLACES)  # every place is tried
    misses = []
    for n, (place, writing, board) in enumerate(todo):
        det = _detect(make_variant(tmp_path, n, place, writing), tmp_path)
        if det.board != board:
            misses.append((place, writing, board, det.board))
    assert len(misses) <= 0.02 * len(todo), misses


def test_every_writing_names_its_board():
    for board, writings in WRITINGS.items():
        for writing in writings:
            assert find_board(writing) == board, writing


def test_text_box_paragraphs_are_kept_apart_and_the_partner_is_never_the_board(tmp_path):
    for n, place in enumerate(("docx-textbox", "docx-vml-textbox")):
        path = make_variant(tmp_path, n, place, "NHS Lothian")
        det = detect_file(path)
        assert det.board == "lothian" and det.board_source == "a text box", (place, det.board_source)
        assert det.fields.get("partner") == DECOY_PARTNER
        texts = [b.text for b in read_document(path).blocks if hasattr(b, "text")]
        assert "NHS Lothian" in texts and f"Third sector partner(s): {DECOY_PARTNER}" in texts
        assert not any("Lothian" in t and "partner" in t for t in texts)  # never run together
        boxes = [b for b in read_document(path).blocks if hasattr(b, "text") and b.loc.part == "text box"]
        assert len(boxes) == 2  # the DrawingML text box once: its VML fallback is not read again


def test_board_only_in_the_file_name_is_not_taken_from_the_partner(tmp_path):
    from board_variants import _docx
    path = _docx(str(tmp_path / "NHS Borders matrix 2013.docx"), partner=DECOY_PARTNER)
    det = detect_file(path)
    assert det.board == "borders" and det.fields["partner"] == DECOY_PARTNER


def test_print_headers_and_odf_headers_are_text_of_the_return(tmp_path):
    xl = make_variant(tmp_path, 1, "xlsx-print-header", "NHS Tayside")
    paras = [b for b in read_document(xl).blocks if hasattr(b, "text")]
    assert [(p.loc.part, p.text) for p in paras] == [("header", "NHS Tayside"),
                                                      ("header", "Engagement Matrix 2013")]
    odt = make_variant(tmp_path, 2, "odt-footer", "NHS Orkney")
    doc = read_document(odt)
    assert [b.text for b in doc.blocks if hasattr(b, "text") and b.loc.part == "footer"] == ["NHS Orkney"]
    odt = make_variant(tmp_path, 3, "odt-subject", "NHS Shetland")
    assert read_document(odt).properties["subject"] == "NHS Shetland"
