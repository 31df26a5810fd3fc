"""Returns as boards write them when they leave the template behind (issue 21): each cause alone and
combined, written as real files (.docx, .xlsx, .pptx, .eml, .htm, .txt, .pdf), each with the
placements a reader must find and the board it is from, known from the generator. Nothing here
knows how the detector works: the shapes come from what a person filling a Word or Excel form, or
pasting into an e-mail, does.

    for case in cases(seed=7, per_cause=20):
        made = write(case, folder)          # -> list of Made (a case may be several files)

Documented choices the expectations follow (the same as tests/variations.py where they meet):
- a cell or paragraph filled in for a function and level is ONE placement, its text the cell's or
  the paragraph's (a list of activities in one cell stays together);
- a text said twice in one return (a roll-up sheet, an appendix) is one placement;
- a level stated as a wish, a plan or a negative ('we are not yet at collaborate') is no placement;
- a draft superseded by a later version in the same round, and a 'Copy of' an identical file, place
  nothing of their own."""
from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field

FUNCTIONS = ("policy-strategy", "planning-commissioning", "contracting-delivery", "capacity-building",
             "learning-exchange")
LEVEL_NAMES = ("Inform", "Consult", "Involve", "Collaborate", "Empower")

# How people name the functions and levels, in the template, the June 2014 generic version and their own words.
FUNCTION_WORDS = {
    "policy-strategy": ("Policy & Strategy Development", "Developing policy and strategy", "Policy and strategy",
                        "POLICY & STRATEGY", "Strategy & Policy Development", "Policy development"),
    "planning-commissioning": ("Planning & Commissioning", "Planning and commissioning", "Service planning & "
                               "commissioning", "PLANNING AND COMMISSIONING", "Commissioning and planning"),
    "contracting-delivery": ("Contracting & Service Delivery", "Contracting and delivering services",
                             "Service delivery and contracting", "CONTRACTING & DELIVERY", "Delivering services"),
    "capacity-building": ("Capacity Building", "Building capacity", "Community capacity building", "CAPACITY BUILDING",
                          "Capacity-building"),
    "learning-exchange": ("Learning Exchange", "Sharing learning", "Learning and exchange", "LEARNING EXCHANGE",
                          "Shared learning and exchange"),
}
GENERIC_2014_FUNCTIONS = ("Developing policy and strategy", "Planning and commissioning",
                          "Contracting and delivering services", "Building capacity", "Sharing learning")
GENERIC_2014_LEVELS = ("Informing", "Consulting", "Involving", "Collaborating", "Empowering")
LEVEL_WORDS = (
    lambda n, w: f"Level {n} – {w}", lambda n, w: f"{n}. {w}", lambda n, w: w, lambda n, w: f"{w} ({n})",
    lambda n, w: f"LEVEL {n}: {w.upper()}", lambda n, w: GENERIC_2014_LEVELS[n - 1], lambda n, w: f"Level {n}",
    lambda n, w: f"{w}ing" if w in ("Inform", "Consult") else f"{w}",
)

ACTIVITIES = (
    "Joint carers strategy group meets quarterly with the TSI", "Third sector reps sit on the ADP board",
    "Shared training calendar for volunteers and NHS staff", "Community transport pilot co-designed with partners",
    "Befriending service commissioned from the carers centre", "Newsletter on service changes sent to all groups",
    "Consultation events on the primary care strategy", "Small grants fund run by the TSI for local groups",
    "Peer support workers trained alongside NHS staff", "Mental health forum chaired by a service user",
    "Older people's network shapes the change fund plan", "Volunteer drivers scheme delivered by the CVS",
    "Health improvement fund decisions made by the community panel", "Learning visits between third sector and wards",
    "Joint evaluation of the respite service", "Public partnership forum reviews the local delivery plan",
    "Shared outcomes framework agreed with the interface", "Dementia cafes run by volunteers in every locality",
    "Recovery community supported to run its own cafe", "Third sector fair for GP practices",
    "Self-management programme delivered by the alliance", "Equality outcomes co-produced with LGBT groups",
    "Suicide prevention training for ferry and shop staff", "Community hub planned with the local authority",
    "Procurement workshop for small third sector providers", "Locality planning groups include the TSI",
    "Care home liaison project run by a charity", "Welfare reform advice in the hospital foyer",
    "Young carers project commissioned for three years", "Shared induction for new staff in both sectors",
)
BOARDS = {
    "highland": ("NHS Highland", "Bòrd Slàinte na Gàidhealtachd", "Highland TSI"),
    "sas": ("Scottish Ambulance Service", "Seirbheis Carbad-eiridinn na h-Alba", None),
    "western-isles": ("NHS Western Isles", "Bòrd SSN nan Eilean Siar", "Third Sector Hebrides"),
    "fife": ("NHS Fife", None, "Fife Voluntary Action"),
    "tayside": ("NHS Tayside", None, "Voluntary Action Angus"),
    "lothian": ("NHS Lothian", None, "Edinburgh Voluntary Organisations' Council"),
    "grampian": ("NHS Grampian", None, "ACVO"),
    "borders": ("NHS Borders", None, "Borders Voluntary Care Voice"),
}
CAUSES = ("heading-levels-table", "level-heading-function-rows", "pptx-slides", "xlsx-sheet-per-function",
          "generic-2014", "subfunction-rows", "merged-corner-header", "duplicate-rollup", "appendix-repeat",
          "tab-text", "txt-aligned", "email-html-body", "email-text-body", "word-web-page", "people-words",
          "level-in-brackets", "checkbox-choices", "draft-versions", "copy-of", "board-names",
          "score-out-of-5", "bullets-level-suffix", "form-per-function", "pdf-from-word", "pdf-rotated",
          "pdf-narrow-grid", "combined", "roman-levels",
          "document-in-a-sheet", "one-row-tables")


@dataclass
class Part:
    """One block of a document: a heading (level 1-3, or 'bold', 'numbered', 'caption', 'textbox'), a
    paragraph, a list item, or a table (rows of cell texts; a cell may be a list of checkbox choices)."""
    kind: str  # 'heading', 'para', 'item', 'table', 'slide', 'sheet'
    text: str = ""
    style: str = ""
    rows: list = field(default_factory=list)
    title: str = ""  # a slide's title or a sheet's name


@dataclass
class Case:
    cause: str
    seed: int
    board: str
    name: str
    fmt: str
    parts: list[Part]
    expected: list[tuple[str, int, str]]
    extra: dict = field(default_factory=dict)  # for draft/copy cases: other files of the same case


@dataclass
class Made:
    case: Case
    paths: list[str]  # the files written (the first is the one that counts)
    expected: list[tuple[str, int, str]]
    board: str


def _picks(rng: random.Random, n: int) -> list[str]:
    return rng.sample(ACTIVITIES, n)


def _function_word(rng, f: str, generic: bool = False) -> str:
    if generic:
        return GENERIC_2014_FUNCTIONS[FUNCTIONS.index(f)]
    return rng.choice(FUNCTION_WORDS[f])


def _level_word(rng, n: int, style=None) -> str:
    style = style or rng.choice(LEVEL_WORDS)
    return style(n, LEVEL_NAMES[n - 1])


def _heading(rng, text: str) -> Part:
    style = rng.choice(("h2", "h3", "bold", "numbered", "caption", "caps"))
    if style == "numbered":
        return Part("heading", f"{rng.randint(1, 5)}. {text}", "bold")
    if style == "caption":
        return Part("heading", f"Table {rng.randint(1, 9)}: {text}", "")
    if style == "caps":
        return Part("heading", text.upper(), "")
    return Part("heading", text, style)


def _intro(rng, board: str) -> list[Part]:
    name = BOARDS[board][0]
    return [Part("heading", f"{name} – engagement with the third sector {rng.choice(('2016', '2016/17'))}", "h1"),
            Part("para", rng.choice(("This return was completed jointly with our third sector partners.",
                                     "We mapped our engagement with partners at a workshop in May.",
                                     "The matrix below sets out where we think we are.")))]


# --------------------------------------------------------------------------- the causes

def _heading_levels_table(rng, board):
    """A heading per function, then a small table of levels (rows, or a header across, or ticks)."""
    parts, expected = _intro(rng, board), []
    style = rng.choice(LEVEL_WORDS)
    shape = rng.choice(("rows", "across", "ticks"))
    for f in rng.sample(FUNCTIONS, rng.randint(3, 5)):
        parts.append(_heading(rng, _function_word(rng, f)))
        levels = sorted(rng.sample(range(1, 6), rng.randint(1, 3)))
        acts = _picks(rng, len(levels))
        if shape == "rows":
            rows = [["Level", "What we do"]] if rng.random() < 0.6 else []
            for n in range(1, 6):
                text = acts[levels.index(n)] if n in levels else rng.choice(("", "", "-"))
                rows.append([_level_word(rng, n, style), text])
        elif shape == "across":
            rows = [[_level_word(rng, n, style) for n in range(1, 6)],
                    [acts[levels.index(n)] if n in levels else "" for n in range(1, 6)]]
        else:
            rows = [["Level", "Tick", "Evidence"]]
            for n in range(1, 6):
                rows.append([_level_word(rng, n, style), "X" if n in levels else "",
                             acts[levels.index(n)] if n in levels else ""])
        parts.append(Part("table", rows=rows))
        expected += [(f, n, a) for n, a in zip(levels, acts)]
    return parts, expected


def _level_heading_function_rows(rng, board):
    """A table per level, under a heading naming the level, with the functions as rows."""
    parts, expected = _intro(rng, board), []
    style = rng.choice(LEVEL_WORDS[:5])
    for n in sorted(rng.sample(range(1, 6), rng.randint(2, 4))):
        parts.append(_heading(rng, style(n, LEVEL_NAMES[n - 1])))
        fs = rng.sample(FUNCTIONS, rng.randint(1, 3))
        acts = _picks(rng, len(fs))
        rows = [["Function", "Example"]] if rng.random() < 0.5 else []
        rows += [[_function_word(rng, f), a] for f, a in zip(fs, acts)]
        parts.append(Part("table", rows=rows))
        expected += [(f, n, a) for f, a in zip(fs, acts)]
    return parts, expected


def _pptx_slides(rng, board):
    parts, expected = [], []
    style = rng.choice(LEVEL_WORDS[:5])
    by_level = rng.random() < 0.3
    if by_level:
        for n in sorted(rng.sample(range(1, 6), 3)):
            fs = rng.sample(FUNCTIONS, 2)
            acts = _picks(rng, 2)
            parts.append(Part("slide", title=style(n, LEVEL_NAMES[n - 1]),
                              rows=[["Function", "Example"]] + [[_function_word(rng, f), a] for f, a in zip(fs, acts)]))
            expected += [(f, n, a) for f, a in zip(fs, acts)]
        return parts, expected
    for f in rng.sample(FUNCTIONS, rng.randint(3, 5)):
        levels = sorted(rng.sample(range(1, 6), rng.randint(1, 3)))
        acts = _picks(rng, len(levels))
        rows = [["Level", "Examples"]] + [[_level_word(rng, n, style), acts[levels.index(n)] if n in levels else ""]
                                          for n in range(1, 6)]
        parts.append(Part("slide", title=_function_word(rng, f), rows=rows))
        expected += [(f, n, a) for n, a in zip(levels, acts)]
    return parts, expected


def _xlsx_sheet_per_function(rng, board):
    parts, expected = [], []
    style = rng.choice(LEVEL_WORDS[:5])
    for f in rng.sample(FUNCTIONS, rng.randint(3, 5)):
        levels = sorted(rng.sample(range(1, 6), rng.randint(1, 3)))
        acts = _picks(rng, len(levels))
        rows = [[f"{BOARDS[board][0]} engagement matrix"], ["Level", "Activity"]]
        rows += [[_level_word(rng, n, style), acts[levels.index(n)]] for n in levels]
        name = _function_word(rng, f).replace("&", "and")[:31]
        parts.append(Part("sheet", title=name, rows=rows))
        expected += [(f, n, a) for n, a in zip(levels, acts)]
    return parts, expected


def _grid_rows(rng, fnames, lnames, fill):
    rows = [[""] + list(lnames)]
    for i, fname in enumerate(fnames):
        rows.append([fname] + [fill.get((i, j), "") for j in range(5)])
    return rows


def _fill(rng):
    fill, expected = {}, []
    acts = iter(_picks(rng, 12))
    for i, f in enumerate(FUNCTIONS):
        for j in rng.sample(range(5), rng.randint(1, 2)):
            fill[(i, j)] = next(acts)
            expected.append((f, j + 1, fill[(i, j)]))
    return fill, expected


def _generic_2014(rng, board):
    """The June 2014 generic template: its own words for functions and levels, 'for use with partners and
    the community', sometimes transposed."""
    fill, expected = _fill(rng)
    parts = [Part("heading", "The Engagement Matrix – for use with partners and the community", "h1"),
             Part("para", f"Completed by {BOARDS[board][0]} and its partners.")]
    rows = _grid_rows(rng, GENERIC_2014_FUNCTIONS, [f"{n}. {w}" if rng.random() < 0.5 else w
                                                     for n, w in enumerate(GENERIC_2014_LEVELS, start=1)], fill)
    if rng.random() < 0.4:
        rows = [list(col) for col in zip(*rows)]
    parts.append(Part("table", rows=rows))
    return parts, expected


def _subfunction_rows(rng, board):
    """The function axis split into the template's descriptor bullets (several rows per function), with an
    'Overall level' summary row that is not an activity."""
    from matrix_synth.schema import TEMPLATE_FUNCTION_BULLETS  # the template's own text, as issued

    expected = []
    rows = [["Function", "Area", *[f"Level {n} {w}" for n, w in enumerate(LEVEL_NAMES, start=1)]]]
    acts = iter(_picks(rng, 14))
    for f in rng.sample(FUNCTIONS, 3):
        bullets = TEMPLATE_FUNCTION_BULLETS[FUNCTIONS.index(f)]
        for k, bullet in enumerate(rng.sample(bullets, min(len(bullets), rng.randint(2, 3)))):
            row = [_function_word(rng, f) if k == 0 else "", bullet[:1].upper() + bullet[1:], "", "", "", "", ""]
            lv = rng.randint(1, 5)
            row[1 + lv] = next(acts)
            expected.append((f, lv, row[1 + lv]))
            rows.append(row)
        if rng.random() < 0.7:
            rows.append([f"Overall level for {_function_word(rng, f)}", "", "", "", str(rng.randint(2, 4)), "", ""])
    return _intro(rng, board) + [Part("table", rows=rows)], expected


def _merged_corner_header(rng, board):
    """A grid whose header starts after blank leading cells (w:gridBefore in Word) or a merged corner."""
    fill, expected = _fill(rng)
    rows = _grid_rows(rng, [_function_word(rng, f) for f in FUNCTIONS],
                      [_level_word(rng, n, LEVEL_WORDS[0]) for n in range(1, 6)], fill)
    return _intro(rng, board) + [Part("table", rows=rows, style="gridbefore")], expected


def _duplicate_rollup(rng, board):
    """A sheet per locality and an 'All localities' sheet repeating every activity."""
    parts, expected, roll = [], [], []
    for loc in rng.sample(("North", "South", "East", "West", "Central"), 2):
        rows = [["Function", "Level", "Activity"]]
        for f in rng.sample(FUNCTIONS, 2):
            n, a = rng.randint(1, 5), rng.choice([x for x in ACTIVITIES if x not in {e[2] for e in expected}])
            rows.append([_function_word(rng, f), str(n), a])
            expected.append((f, n, a))
            roll.append([_function_word(rng, f), str(n), a])
        parts.append(Part("sheet", title=f"{loc} locality", rows=rows))
    parts.append(Part("sheet", title="All localities", rows=[["Function", "Level", "Activity"]] + roll))
    return parts, expected


def _appendix_repeat(rng, board):
    fill, expected = _fill(rng)
    rows = _grid_rows(rng, [_function_word(rng, f) for f in FUNCTIONS],
                      [_level_word(rng, n, LEVEL_WORDS[0]) for n in range(1, 6)], fill)
    return _intro(rng, board) + [Part("table", rows=rows), Part("heading", "Appendix: the matrix as agreed", "h2"),
                                 Part("table", rows=[list(r) for r in rows])], expected


def _list_rows(rng, n_rows=4):
    rows, expected = [], []
    for f, a in zip(rng.sample(FUNCTIONS, n_rows), _picks(rng, n_rows)):
        n = rng.randint(1, 5)
        rows.append([_function_word(rng, f), rng.choice((str(n), f"Level {n}", LEVEL_NAMES[n - 1])), a])
        expected.append((f, n, a))
    return rows, expected


def _tab_text(rng, board):
    """A list typed with tabs in Word paragraphs."""
    rows, expected = _list_rows(rng)
    parts = _intro(rng, board) + [Part("para", "Function\tLevel\tWhat we do", "tabs")]
    parts += [Part("para", "\t".join(r), "tabs") for r in rows]
    return parts, expected


def _txt_aligned(rng, board):
    rows, expected = _list_rows(rng)
    return _intro(rng, board) + [Part("table", rows=[["Function", "Level", "Activity"]] + rows, style="aligned")], \
        expected


def _email_html_body(rng, board):
    fill, expected = _fill(rng)
    rows = _grid_rows(rng, [_function_word(rng, f) for f in FUNCTIONS],
                      [_level_word(rng, n, LEVEL_WORDS[0]) for n in range(1, 6)], fill)
    return [Part("para", "Hi Claire,"), Part("para", f"Please see our matrix for {BOARDS[board][0]} below."),
            Part("table", rows=rows), Part("para", "Best wishes, the planning team")], expected


def _email_text_body(rng, board):
    rows, expected = _list_rows(rng)
    return [Part("para", "Hello,"), Part("para", f"Our return for {BOARDS[board][0]} is pasted below:"),
            Part("table", rows=[["Function", "Level", "Activity"]] + rows, style="aligned"),
            Part("para", "Kind regards")], expected


def _word_web_page(rng, board):
    fill, expected = _fill(rng)
    rows = _grid_rows(rng, [_function_word(rng, f) for f in FUNCTIONS],
                      [_level_word(rng, n, LEVEL_WORDS[0]) for n in range(1, 6)], fill)
    return _intro(rng, board) + [Part("table", rows=rows)], expected


PEOPLE = (  # (sentence template with {a} the activity, levels it places); () places nothing
    ("We are mostly at consult, involving partners in places: {a}.", (2, 3)),
    ("Somewhere between consult and involve – {a}.", (2, 3)),
    ("On a scale of 1 to 5 we would give ourselves 3 out of 5 here: {a}.", (3,)),
    ("We would say we are firmly at collaborate: {a}.", (4,)),
    ("Partners are fully involved (involve): {a}.", (3,)),
    ("This is a level 4 for us – {a}.", (4,)),
    ("We are not yet at collaborate, though {a} is a start.", ()),
    ("We hope to reach empower next year through {a}.", ()),
)


def _people_words(rng, board):
    parts, expected = _intro(rng, board), []
    for f in rng.sample(FUNCTIONS, rng.randint(2, 4)):
        parts.append(_heading(rng, _function_word(rng, f)))
        template, levels = rng.choice(PEOPLE)
        a = rng.choice(ACTIVITIES)
        parts.append(Part("para", template.format(a=a[0].lower() + a[1:])))
        expected += [(f, n, a) for n in levels]
    return parts, expected


def _level_in_brackets(rng, board):
    """The 2013 overview's own pattern: items each followed by '(level 4)' or '(level 2-3)'."""
    parts, expected = _intro(rng, board), []
    for f in rng.sample(FUNCTIONS, rng.randint(1, 3)):
        parts.append(_heading(rng, _function_word(rng, f)))
        items, bits = _picks(rng, rng.randint(2, 4)), []
        for a in items:
            lo = rng.randint(1, 5)
            hi = lo if rng.random() < 0.7 or lo == 5 else lo + 1
            bits.append(f"{a[0].lower() + a[1:]} (level {lo}{f'-{hi}' if hi != lo else ''})")
            expected += [(f, n, a) for n in range(lo, hi + 1)]
        parts.append(Part("para", "Specific examples included " + ", ".join(bits[:-1]) + " and " + bits[-1] + "."))
    return parts, expected


def _checkbox_choices(rng, board):
    """A table per function row with the five levels as tick boxes (content controls or legacy form fields),
    the ticked one the level, and the example beside it."""
    rows, expected = [["Function", "Level (tick one)", "Example"]], []
    for f, a in zip(rng.sample(FUNCTIONS, rng.randint(3, 5)), _picks(rng, 5)):
        n = rng.randint(1, 5)
        rows.append([_function_word(rng, f), [(LEVEL_NAMES[k], k + 1 == n) for k in range(5)], a])
        expected.append((f, n, a))
    return _intro(rng, board) + [Part("table", rows=rows, style=rng.choice(("sdt", "legacy")))], expected


def _score_out_of_5(rng, board):
    rows, expected = [["Function", "Score", "Activity"]], []
    for f, a in zip(rng.sample(FUNCTIONS, 4), _picks(rng, 4)):
        n = rng.randint(1, 5)
        rows.append([_function_word(rng, f), rng.choice((f"{n}/5", f"{n} out of 5", f"{n} of 5")), a])
        expected.append((f, n, a))
    return _intro(rng, board) + [Part("table", rows=rows)], expected


def _bullets_level_suffix(rng, board):
    parts, expected = _intro(rng, board), []
    for f in rng.sample(FUNCTIONS, rng.randint(2, 4)):
        parts.append(_heading(rng, _function_word(rng, f)))
        for a in _picks(rng, rng.randint(1, 3)):
            n = rng.randint(1, 5)
            parts.append(Part("item", f"{a} – {rng.choice((LEVEL_NAMES[n - 1], f'level {n}', f'({LEVEL_NAMES[n - 1]})'))}"))
            expected.append((f, n, a))
    return parts, expected


def _form_per_function(rng, board):
    """A form filled once per function: 'Function:', 'Level:', 'Example:' lines."""
    parts, expected = _intro(rng, board), []
    for f, a in zip(rng.sample(FUNCTIONS, rng.randint(2, 4)), _picks(rng, 4)):
        n = rng.randint(1, 5)
        parts += [Part("para", f"Function: {_function_word(rng, f)}"),
                  Part("para", f"Level of engagement: {rng.choice((str(n), LEVEL_NAMES[n - 1], f'{n} – {LEVEL_NAMES[n - 1]}'))}"),
                  Part("para", f"Example: {a}")]
        expected.append((f, n, a))
    return parts, expected


def _board_names(rng, board):
    """The board named as boards write it: in Gaelic, only in the text (a TSI wrote the return), beside
    other boards named in passing."""
    fill, expected = _fill(rng)
    name, gaelic, tsi = BOARDS[board]
    way = rng.choice([w for w in ("gaelic", "tsi", "passing", "joint") if (w != "gaelic" or gaelic)
                      and (w != "tsi" or tsi)])
    if way == "joint":  # two boards' joint return: counted once, under the board named first
        other = rng.choice([BOARDS[b][0] for b in BOARDS if b != board])
        intro = [Part("heading", f"{name} and {other}: joint engagement matrix", "h1")]
    elif way == "gaelic":
        intro = [Part("heading", f"{gaelic} – Engagement Matrix", "h1")]
    elif way == "tsi":
        intro = [Part("heading", f"{tsi}: engagement matrix return", "h1"),
                 Part("para", "Prepared by the interface on behalf of the partnership."),
                 Part("para", f"This return describes our work with {name} over the year.")]
    else:
        other = rng.choice([BOARDS[b][0] for b in BOARDS if b != board])
        intro = [Part("heading", f"{name} Engagement Matrix", "h1"),
                 Part("para", f"Like {other}, we used the matrix at a partnership workshop; we also learned "
                              f"from {other}'s approach.")]
    rows = _grid_rows(rng, [_function_word(rng, f) for f in FUNCTIONS],
                      [_level_word(rng, n, LEVEL_WORDS[0]) for n in range(1, 6)], fill)
    return intro + [Part("table", rows=rows)], expected


# Causes that write a Word document, combined two or three to a return (a board that mixes a grid, a
# heading per function and a paragraph of prose in one file).
COMBINABLE = ("heading-levels-table", "level-heading-function-rows", "generic-2014", "subfunction-rows",
              "merged-corner-header", "tab-text", "people-words", "level-in-brackets", "checkbox-choices",
              "score-out-of-5", "bullets-level-suffix", "form-per-function")


def _combined(rng, board):
    """Two or three of the Word causes in one return, one after the other under the one introduction."""
    parts, expected = _intro(rng, board), []
    for cause in rng.sample(COMBINABLE, rng.randint(2, 3)):
        more, exp = BUILDERS[cause][0](random.Random(rng.randrange(10 ** 6)), board)
        if len(more) >= 2 and more[0].style == "h1":
            more = more[2:]  # its own introduction: the return has one
        parts += more
        expected += exp
    return parts, expected


ROMAN = ("I", "II", "III", "IV", "V")


def _roman_levels(rng, board):
    """Levels as Roman numerals, the way some forms number a scale: a list whose level column says
    'Stage reached (I-V)' (bare numerals, I and V among them), a grid headed I..V or 'Level III',
    headings 'Level IV - Collaborate', or prose 'at level III'."""
    parts, expected = _intro(rng, board), []
    acts = iter(_picks(rng, 12))  # an activity once in a return (twice is one activity shown twice)
    shape = rng.choice(("list", "grid", "headings", "prose"))
    if shape == "list":
        rows = [["Function", rng.choice(("Stage reached (I-V)", "Level (I-V)", "Level")), "Example"]]
        fs = rng.sample(FUNCTIONS, 5)
        levels = rng.sample(range(1, 6), 5)  # every numeral once, so I and V are always there
        for f, n, a in zip(fs, levels, acts):
            rows.append([_function_word(rng, f), rng.choice((ROMAN[n - 1], ROMAN[n - 1], f"Level {ROMAN[n - 1]}")), a])
            expected.append((f, n, a))
        parts.append(Part("table", rows=rows))
    elif shape == "grid":
        style = rng.choice((lambda n: ROMAN[n - 1], lambda n: f"Level {ROMAN[n - 1]}",
                            lambda n: f"{ROMAN[n - 1]}. {LEVEL_NAMES[n - 1]}"))
        rows = [["Function"] + [style(n) for n in range(1, 6)]]
        for f in rng.sample(FUNCTIONS, rng.randint(3, 5)):
            n = rng.randint(1, 5)
            a = next(acts)
            rows.append([_function_word(rng, f)] + [a if k == n else "" for k in range(1, 6)])
            expected.append((f, n, a))
        parts.append(Part("table", rows=rows))
    elif shape == "headings":
        for f in rng.sample(FUNCTIONS, rng.randint(2, 4)):
            parts.append(_heading(rng, _function_word(rng, f)))
            rows = []
            for n in sorted(rng.sample(range(1, 6), rng.randint(1, 2))):
                a = next(acts)
                rows.append([rng.choice((f"Level {ROMAN[n - 1]}", f"{ROMAN[n - 1]} {LEVEL_NAMES[n - 1]}",
                                         f"Level {ROMAN[n - 1]} – {LEVEL_NAMES[n - 1]}")), a])
                expected.append((f, n, a))
            parts.append(Part("table", rows=rows))
    else:
        for f in rng.sample(FUNCTIONS, rng.randint(2, 4)):
            parts.append(_heading(rng, _function_word(rng, f)))
            a = next(acts)
            n = rng.randint(2, 5)  # 'level I' in prose is too near the pronoun to be read
            parts.append(Part("para", f"{a}. We would put this at level {ROMAN[n - 1]}."))
            expected.append((f, n, a))
    return parts, expected



def _document_in_a_sheet(rng, board):
    """A Word-like return typed into a spreadsheet, a line a cell down column A: headings, prose with its
    levels, small level tables beside them."""
    cause = rng.choice(("heading-levels-table", "level-in-brackets", "bullets-level-suffix", "people-words",
                        "form-per-function", "level-heading-function-rows"))
    return BUILDERS[cause][0](rng, board)


def _one_row_tables(rng, board):
    """A heading per function over a table of one row (or two of the same level): the level it reached
    and what it does there."""
    parts, expected = _intro(rng, board), []
    style = rng.choice(LEVEL_WORDS)
    acts = iter(_picks(rng, 12))
    for f in rng.sample(FUNCTIONS, rng.randint(2, 5)):
        parts.append(_heading(rng, _function_word(rng, f)))
        n = rng.randint(1, 5)
        rows = [[_level_word(rng, n, style), next(acts)] for _ in range(rng.choice((1, 1, 2)))]
        parts.append(Part("table", rows=rows))
        expected += [(f, n, r[1]) for r in rows]
    return parts, expected


BUILDERS = {
    "heading-levels-table": (_heading_levels_table, ("docx",)),
    "level-heading-function-rows": (_level_heading_function_rows, ("docx",)),
    "pptx-slides": (_pptx_slides, ("pptx",)),
    "xlsx-sheet-per-function": (_xlsx_sheet_per_function, ("xlsx",)),
    "generic-2014": (_generic_2014, ("docx", "xlsx")),
    "subfunction-rows": (_subfunction_rows, ("docx", "xlsx")),
    "merged-corner-header": (_merged_corner_header, ("docx",)),
    "duplicate-rollup": (_duplicate_rollup, ("xlsx",)),
    "appendix-repeat": (_appendix_repeat, ("docx",)),
    "tab-text": (_tab_text, ("docx",)),
    "txt-aligned": (_txt_aligned, ("txt",)),
    "email-html-body": (_email_html_body, ("eml-html",)),
    "email-text-body": (_email_text_body, ("eml-text",)),
    "word-web-page": (_word_web_page, ("htm",)),
    "people-words": (_people_words, ("docx",)),
    "level-in-brackets": (_level_in_brackets, ("docx",)),
    "checkbox-choices": (_checkbox_choices, ("docx",)),
    "score-out-of-5": (_score_out_of_5, ("docx", "xlsx")),
    "bullets-level-suffix": (_bullets_level_suffix, ("docx",)),
    "form-per-function": (_form_per_function, ("docx",)),
    "board-names": (_board_names, ("docx",)),
    "draft-versions": (_heading_levels_table, ("docx",)),
    "copy-of": (_appendix_repeat, ("docx",)),
    "pdf-from-word": (_heading_levels_table, ("pdf",)),
    "pdf-rotated": (_heading_levels_table, ("pdf-rotated",)),
    "pdf-narrow-grid": (_merged_corner_header, ("pdf",)),  # words broken inside narrow columns
    "combined": (_combined, ("docx",)),
    "roman-levels": (_roman_levels, ("docx", "xlsx")),
    "document-in-a-sheet": (_document_in_a_sheet, ("xlsx",)),
    "one-row-tables": (_one_row_tables, ("docx", "xlsx")),
}
NEEDS_SOFFICE = {"pdf", "pdf-rotated"}


def cases(seed: int = 2016, per_cause: int = 10, causes: tuple[str, ...] = CAUSES, pdf: bool = True) -> list[Case]:
    rng = random.Random(seed)
    out = []
    for cause in causes:
        builder, fmts = BUILDERS[cause]
        for k in range(per_cause):
            fmt = fmts[k % len(fmts)]
            if fmt in NEEDS_SOFFICE and not pdf:
                continue
            board = rng.choice(sorted(BOARDS))
            s = rng.randrange(10 ** 6)
            parts, expected = builder(random.Random(s), board)
            out.append(Case(cause, s, board, f"{cause}-{k:03d}", fmt, parts, _dedupe(expected)))
    return out


def _dedupe(expected):
    out = []
    for item in expected:
        if item not in out:
            out.append(item)
    return out


# --------------------------------------------------------------------------- writing

def write(case: Case, folder: str) -> Made:
    os.makedirs(folder, exist_ok=True)
    stem = f"{BOARDS[case.board][0].replace(' ', '-').replace('&', 'and')}-{case.name}"
    fmt = case.fmt
    if case.cause == "board-names":  # the file name must not give the board away
        stem = f"engagement-matrix-2016-{case.name}"
    if fmt == "docx":
        path = _write_docx(case, os.path.join(folder, stem + ".docx"))
    elif fmt == "xlsx":
        path = _write_xlsx(case, os.path.join(folder, stem + ".xlsx"))
    elif fmt == "pptx":
        path = _write_pptx(case, os.path.join(folder, stem + ".pptx"))
    elif fmt == "txt":
        path = _write_txt(case, os.path.join(folder, stem + ".txt"))
    elif fmt == "htm":
        path = _write_htm(case, os.path.join(folder, stem + ".htm"))
    elif fmt.startswith("eml"):
        path = _write_eml(case, os.path.join(folder, stem + ".eml"), html=fmt == "eml-html")
    elif fmt.startswith("pdf"):
        path = _write_pdf(case, os.path.join(folder, stem + ".pdf"), rotated=fmt == "pdf-rotated")
    else:
        raise ValueError(fmt)
    paths = [path]
    if case.cause == "draft-versions":  # a DRAFT v1 beside its v2: the v2 is the return
        rng = random.Random(case.seed + 1)
        draft_parts, _ = _heading_levels_table(rng, case.board)
        draft = Case(case.cause, case.seed, case.board, case.name, "docx", draft_parts, [])
        final = os.path.join(folder, f"{stem} v2.docx")
        os.replace(path, final)
        paths = [final, _write_docx(draft, os.path.join(folder, f"{stem} DRAFT v1.docx"))]
    if case.cause == "copy-of":  # an identical copy named as Windows names it: the original is the return
        import shutil
        copy = os.path.join(folder, f"Copy of {os.path.basename(path)}")
        shutil.copyfile(path, copy)
        paths.append(copy)
    return Made(case, paths, case.expected, case.board)


def _docx_table(doc, rows, style: str = ""):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            tc = table.cell(r, c)
            if isinstance(value, list):  # checkbox choices
                p = tc.paragraphs[0]._p
                for label, on in value:
                    for frag in (_sdt_box(on) if style == "sdt" else _legacy_box(on)):
                        p.append(parse_xml(frag))
                    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> {label}  </w:t></w:r>'))
            elif value:
                tc.text = value
    if style == "gridbefore":  # the header row begins after one blank grid column
        tr = table.rows[0]._tr
        first = tr.tc_lst[0]
        tr.remove(first)
        trpr = tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    return table


def _sdt_box(on: bool) -> list[str]:
    from docx.oxml.ns import nsdecls
    w14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    return [f'<w:sdt {nsdecls("w")} {w14}><w:sdtPr><w14:checkbox><w14:checked w14:val="{1 if on else 0}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
            f'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{"☒" if on else "☐"}</w:t>'
            '</w:r></w:sdtContent></w:sdt>']


def _legacy_box(on: bool) -> list[str]:
    from docx.oxml.ns import nsdecls
    state = '<w:default w:val="1"/>' if on else '<w:default w:val="0"/>'
    return [f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/>'
            f'<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData>'
            '</w:fldChar></w:r>',
            f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>']


def _write_docx(case: Case, path: str) -> str:
    from docx import Document

    doc = Document()
    for part in case.parts:
        if part.kind == "heading":
            if part.style in ("h1", "h2", "h3"):
                doc.add_heading(part.text, int(part.style[1]))
            else:
                run = doc.add_paragraph().add_run(part.text)
                run.bold = part.style in ("bold",)
        elif part.kind == "para":
            doc.add_paragraph(part.text)
        elif part.kind == "item":
            doc.add_paragraph(part.text, style="List Bullet")
        elif part.kind == "table":
            _docx_table(doc, part.rows, part.style)
            doc.add_paragraph("")
    doc.save(path)
    return path


def _write_xlsx(case: Case, path: str) -> str:
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    sheets = [p for p in case.parts if p.kind == "sheet"]
    if not sheets:  # a document written as one sheet: its headings as rows, its tables below them
        rows: list[list[str]] = []
        for part in case.parts:
            if part.kind == "table":
                rows += [[v if isinstance(v, str) else "" for v in r] for r in part.rows] + [[]]
            else:
                rows.append([part.text])
        sheets = [Part("sheet", title="Matrix", rows=rows)]
    for part in sheets:
        ws = wb.active if first else wb.create_sheet()
        ws.title = part.title[:31]
        first = False
        for row in part.rows:
            ws.append(row)
    wb.save(path)
    return path


def _write_pptx(case: Case, path: str) -> str:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    for part in case.parts:
        if part.kind != "slide":
            continue
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
        slide.shapes.title.text = part.title
        rows, cols = len(part.rows), max(len(r) for r in part.rows)
        table = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(1.5), Inches(9), Inches(0.4 * rows)).table
        for r, row in enumerate(part.rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    prs.save(path)
    return path


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[c]) if c < len(r) else 0 for r in rows) + 3 for c in range(max(len(r) for r in rows))]
    return ["".join(v.ljust(widths[c]) for c, v in enumerate(r)).rstrip() for r in rows]


def _plain_lines(case: Case) -> list[str]:
    lines = []
    for part in case.parts:
        if part.kind == "table":
            lines += _aligned(part.rows) if part.style == "aligned" else ["\t".join(r) for r in part.rows]
            lines.append("")
        else:
            lines.append(part.text)
    return lines


def _write_txt(case: Case, path: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(_plain_lines(case)) + "\n")
    return path


def _html(case: Case, word: bool) -> str:
    from html import escape
    out = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
           if word else "<html>", '<head><meta charset="utf-8"><title>Engagement matrix</title></head><body>']
    for part in case.parts:
        cls = ' class="MsoNormal"' if word else ""
        if part.kind == "heading":
            tag = part.style if part.style in ("h1", "h2", "h3") else "p"
            text = f"<b>{escape(part.text)}</b>" if part.style == "bold" else escape(part.text)
            out.append(f"<{tag}{cls}>{text}</{tag}>")
        elif part.kind in ("para", "item"):
            out.append(f"<p{cls}>{escape(part.text)}</p>")
        elif part.kind == "table":
            out.append('<table class="MsoTableGrid" border="1" cellspacing="0">' if word else '<table border="1">')
            for row in part.rows:
                out.append("<tr>" + "".join(f'<td valign="top"><p{cls}>{escape(v)}</p></td>' for v in row) + "</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def _write_htm(case: Case, path: str) -> str:
    with open(path, "w", encoding="windows-1252", errors="xmlcharrefreplace") as fh:
        fh.write(_html(case, word=True))
    return path


def _write_eml(case: Case, path: str, html: bool) -> str:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Planning Team <planning@example.nhs.scot>"
    msg["To"] = "claire@example.gov.scot"
    msg["Subject"] = f"Engagement matrix return 2016 – {BOARDS[case.board][0]}"
    msg["Date"] = "Mon, 05 Sep 2016 10:00:00 +0100"
    msg.set_content("\n".join(_plain_lines(case)))
    if html:
        msg.add_alternative(_html(case, word=False), subtype="html")
    with open(path, "wb") as fh:
        fh.write(bytes(msg))
    return path


def _write_pdf(case: Case, path: str, rotated: bool) -> str:
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        src = _write_docx(case, os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".docx"))
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, src], capture_output=True, timeout=180)
        out = os.path.splitext(src)[0] + ".pdf"
        if rotated:  # a page turned a quarter round, as a scanner or a landscape printout leaves it
            import pypdfium2 as pdfium
            pdf = pdfium.PdfDocument(out)
            for page in pdf:
                page.set_rotation(90)
            pdf.save(path)
            pdf.close()
        else:
            shutil.copyfile(out, path)
    return path


def write_pdfs(cases_: list[Case], folder: str) -> list[Made]:
    """The PDF cases, converted with one soffice run for all (fast), rotated where asked."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    os.makedirs(folder, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        srcs = []
        for case in cases_:
            stem = f"{BOARDS[case.board][0].replace(' ', '-').replace('&', 'and')}-{case.name}"
            srcs.append(_write_docx(case, os.path.join(tmp, stem + ".docx")))
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, *srcs], capture_output=True, timeout=600)
        for case, src in zip(cases_, srcs):
            out = os.path.splitext(src)[0] + ".pdf"
            path = os.path.join(folder, os.path.basename(out))
            if case.fmt == "pdf-rotated":  # turned as a scanner or a landscape printout leaves it
                import pypdfium2 as pdfium
                pdf = pdfium.PdfDocument(out)
                for page in pdf:
                    page.set_rotation((90, 180, 270)[case.seed % 3])
                pdf.save(path)
                pdf.close()
            else:
                shutil.copyfile(out, path)
            made.append(Made(case, [path], case.expected, case.board))
    return made


# --------------------------------------------------------------------------- scoring

_BULLET_RE = re.compile(r"^[\s•·\-–*]+|[\s.;,]+$")


def norm(text: str) -> str:
    return " ".join(_BULLET_RE.sub("", text or "").lower().replace("’", "'").split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    boards_right: int = 0
    returns: int = 0
    empty: int = 0  # returns that should place something and place nothing

    def add(self, other: "Score") -> None:
        for k in ("tp", "fp", "fn", "boards_right", "returns", "empty"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(made: Made, placements, board: str | None) -> Score:
    """A placement matches an expected one with the same function and level whose text holds the
    activity (a narrative placement carries its sentence, a cell its whole text). Each expected
    placement matches at most one found, and each found at most one expected."""
    got = [(p.function, p.level, norm(p.text)) for p in placements]
    s = Score(returns=1, boards_right=int(board == made.board))
    free = list(got)
    for f, lv, text in made.expected:
        t = norm(text)
        hit = next((g for g in free if g[0] == f and g[1] == lv and (t in g[2] or (g[2] and g[2] in t))), None)
        if hit is None:
            s.fn += 1
        else:
            free.remove(hit)
            s.tp += 1
    s.fp = len(free)
    s.empty = int(bool(made.expected) and not got)
    return s


def measure(made: list[Made], folder: str, jobs: int = 2) -> dict[str, Score]:
    """Ingest every file made (as one round, as an analyst would) and score each case on what the
    store counts: a draft superseded by its later version, or a duplicate copy, places nothing."""
    from collections import defaultdict

    from matrix_synth import Store, ingest
    from matrix_synth.document import Location
    from matrix_synth.model import Placement

    db = os.path.join(folder, "wild.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    store = Store(db)
    ingest([folder], store, round_=2016, jobs=jobs)
    counted = {r["source_file"]: r for r in store.returns(2016)}
    by_file: dict[str, list] = defaultdict(list)
    for p in store.placements(2016):
        by_file[p["source_file"]].append(Placement(p["matrix"] or 0, p["function"], p["level"], p["text"] or "",
                                                   p["marker"] or "", Location(), p["confidence"] or 0))
    out: dict[str, Score] = defaultdict(Score)
    for m in made:
        names = [os.path.relpath(p, os.path.dirname(folder.rstrip(os.sep))).replace(os.sep, "/") for p in m.paths]

        def mine(source: str, name: str) -> bool:  # the file, or a return inside it (an e-mail's body)
            return source == name or source.startswith(name + "/")
        placements = [p for name in names for source, ps in by_file.items() if mine(source, name) for p in ps]
        primary = next((r for source, r in counted.items() if mine(source, names[0])), None)
        board = primary["board"] if primary else None
        out[m.case.cause].add(score(m, placements, board))
    store.close()
    return dict(out)
