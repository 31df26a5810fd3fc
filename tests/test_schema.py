import pytest

from matrix_synth.schema import BOARDS, find_board, match_function, parse_levels


@pytest.mark.parametrize("label, expected", [
    ("Policy & Strategy Development", "policy-strategy"), ("Policy and Strategy", "policy-strategy"),
    ("Plan & Comm", "planning-commissioning"), ("Planning and commissioning", "planning-commissioning"),
    ("Contracting/Service delivery", "contracting-delivery"), ("Service Delivery", "contracting-delivery"),
    ("Cap. Building", "capacity-building"), ("capacity bulding", "capacity-building"),
    ("Learning exchange", "learning-exchange"),
])
def test_function_labels_abbreviated_reworded_misspelled(label, expected):
    assert match_function(label) == expected


@pytest.mark.parametrize("text", ["Total", "Comments", "Evidence", "Date completed", ""])
def test_other_labels_are_not_functions(text):
    assert match_function(text) is None


@pytest.mark.parametrize("text, levels", [
    ("4", (4,)), ("Level 4", (4,)), ("Collaborate", (4,)), ("L4 - Collaborate", (4,)), ("2-3", (2, 3)),
    ("Consult/Involve", (2, 3)), ("Colaborate", (4,)), ("Level 4 – Collaboration", (4,)), ("L2", (2,)),
    ("1 Inform", (1,)), ("Empower", (5,)),
])
def test_level_spellings(text, levels):
    assert parse_levels(text) == levels


@pytest.mark.parametrize("text, levels", [
    ("III", (3,)), ("IV", (4,)), ("Level I", (1,)), ("Level V", (5,)), ("II-III", (2, 3)), ("Level II/III", (2, 3)),
    ("IV Collaborate", (4,)), ("V Empower", (5,)), ("I. Inform", (1,)), ("Stage III", (3,)), ("Stage 3", (3,)),
    # a lone I or V is a pronoun or a tick as often as a level; a heading's number is not its level
    ("I", ()), ("V", ()), ("II. Background", ()), ("IV. Empower", (5,)),
])
def test_levels_as_roman_numerals(text, levels):
    assert parse_levels(text) == levels


def test_roman_numerals_in_running_text():
    from matrix_synth.schema import find_level_mentions
    assert find_level_mentions("We would put this at level III.") == (3,)
    assert find_level_mentions("Moving from levels II to IV") == (2, 3, 4)
    assert find_level_mentions("At a strategic level I think we do well") == ()


@pytest.mark.parametrize("written, board", [
    ("NHS GG&C", "greater-glasgow-clyde"), ("Greater Glasgow and Clyde Health Board", "greater-glasgow-clyde"),
    ("SAS", "sas"), ("Scottish Ambulance Service", "sas"), ("NHS24", "nhs24"), ("NHS 24", "nhs24"),
    ("HIS", "his"), ("A&A", "ayrshire-arran"), ("NHS Ayrshire and Arran", "ayrshire-arran"),
    ("D&G", "dumfries-galloway"), ("Western Isles", "western-isles"), ("Eilean Siar", "western-isles"),
    ("Golden Jubilee", "golden-jubilee"),
])
def test_board_aliases(written, board):
    assert find_board(written) == board


def test_unknown_board_is_not_guessed():
    assert find_board("NHS Narnia") is None
    assert find_board("Our partnership forum") is None


def test_registry_has_the_22_boards():
    kinds = [b.kind for b in BOARDS]
    assert len(BOARDS) == 22
    assert kinds.count("territorial") == 14 and kinds.count("national") == 8


def test_text_cache_memoises_short_texts_only():
    from matrix_synth.schema import fold, text_cache

    calls = []

    @text_cache(maxsize=4, max_len=10)
    def shout(text):
        calls.append(text)
        return text.upper()

    assert [shout("inform"), shout("inform"), shout("a long sentence"), shout("a long sentence")] == \
        ["INFORM", "INFORM", "A LONG SENTENCE", "A LONG SENTENCE"]
    assert calls == ["inform", "a long sentence", "a long sentence"]  # the long text is never kept
    long = "Policy &  Strategy " * 40
    assert fold(long) == " ".join(long.replace("&", " and ").lower().split()) and fold("Plan & Comm") == "plan and comm"
