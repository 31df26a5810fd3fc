"""A generator of narrative returns: engagement written as prose, in many wordings and structures, each with
the placements a careful reader would make known in advance.

    from narrative_variations import generate, write_docx
    for v in generate(200, seed=7): write_docx(v, path); ... compare detect() with v.expected

Variation axes (chosen per return with a seeded RNG, so every run is the same):
- how a function's section is opened: heading style, bold paragraph, bold lead-in with the text after it,
  numbered paragraph, all-caps line, plain short line, 'Function:' prefix, a row of a two-column table, or
  no section at all (the function named in the sentence itself);
- how the function is worded (template label, synonyms, reordered, lower case);
- how the level is stated: a level line ('Level: Collaborate (4)', 'Level 4/5', 'Engagement level - involve')
  before or after the activity, the level in the heading, a statement in the sentence ("we would place
  ourselves at 'involve'", 'this is level 3 engagement', 'between consult and involve', 'at collaborate
  level, for planning…'), ranges, two activities at two levels in one section;
- what is mixed in: aspirations ('we would like to move towards Collaborate'), general statements about the
  levels, board introductions, next steps, prose that uses level words as verbs ('partners are consulted');
- sections with no level at all (nothing may be placed from them).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

LEVEL_NAMES = {1: "Inform", 2: "Consult", 3: "Involve", 4: "Collaborate", 5: "Empower"}
FUNCTION_WORDINGS = {
    "policy-strategy": ["Policy & Strategy Development", "Policy and strategy", "Strategy and policy development",
                        "Developing policy and strategy", "POLICY AND STRATEGY DEVELOPMENT", "Policy development"],
    "planning-commissioning": ["Planning & Commissioning", "Planning and commissioning", "Commissioning and planning",
                               "Planning and commissioning of services", "Service planning and commissioning"],
    "contracting-delivery": ["Contracting & Service Delivery", "Contracting and service delivery",
                             "Service delivery and contracting", "Contracting and delivery of services",
                             "Procurement and contracting"],
    "capacity-building": ["Capacity Building", "Capacity building", "Building capacity", "Capacity-building",
                          "Community capacity building"],
    "learning-exchange": ["Learning Exchange", "Learning and exchange", "Learning exchange and development",
                          "Shared learning and exchange"],
}
IN_SENTENCE = {"policy-strategy": "policy and strategy development", "planning-commissioning":
               "planning and commissioning", "contracting-delivery": "contracting and service delivery",
               "capacity-building": "capacity building", "learning-exchange": "learning exchange"}
ACTIVITIES = [
    "The third sector interface sits on the steering group and comments on each draft before it goes to the board.",
    "Partners are consulted on the draft plan through an open event and an online survey.",
    "A joint working group meets every six weeks to shape the service specification.",
    "Voluntary organisations co-produced the new carers support pathway with clinical staff.",
    "We fund a small grants scheme run by the interface for community groups.",
    "Joint training sessions bring together NHS staff and volunteers twice a year.",
    "The forum receives the quarterly performance report and raises questions with managers.",
    "Community groups decide how the local health fund is spent in their area.",
    "Staff and third sector workers shadow each other for a week to understand each other's roles.",
    "Partners were involved in redesigning the discharge service from the first workshop.",
    "Newsletters and briefings keep organisations up to date with changes to services.",
    "The mental health network helped write the outcomes framework and reviews progress against it.",
    "Befriending services are delivered under a three-year agreement with shared monitoring.",
    "Volunteers were supported to set up peer support groups in four localities.",
    "An annual conference shares what has worked across the partnership.",
]
DISTRACTORS = [  # prose with numbers and level words that states no level
    "We held 4 events with 120 people taking part.",
    "Two of the 5 localities are involved so far.",
    "The collaborative was set up in 2012 and now has 3 working groups.",
    "We looked at collaboration with housing colleagues as well.",
    "Information is shared at the monthly meeting of the 4 networks.",
    "Partners said they felt informed and consulted, and want to be more involved.",
    "Level access to the venue was arranged for wheelchair users.",
]
INTROS = [
    "This return was completed jointly by {board} and the local third sector interface.",
    "We met with partners in three workshops to agree where our engagement sits.",
    "The matrix helped us to have an honest conversation about how we work together.",
    "The levels are: inform, consult, involve, collaborate and empower.",
    "Partners mapped examples at levels 4 and 5 during the workshop, which gave a useful discussion.",
    "Our engagement ranges from inform to empower depending on the topic.",
]
ASPIRATIONS = [
    "We would like to move towards {up} over the next year.",
    "Our aim is to reach level {n1} next year.",
    "We hope to be at level {n1} by 2015.",
    "The group wants to progress to {up} once the new strategy is agreed.",
    "In future we intend to work at the {up} level.",
    "Partners mapped examples at levels {n1} and 5.",
]
SUMMARIES = ["Overall most of our engagement sits at levels 2 and 3.",
             "Across all functions we are between consult and involve, and we aim to reach level 4 by 2016.",
             "Taken together, the five functions show engagement ranging from level 1 to level 4."]
NEXT_STEPS = ["Next steps", "NEXT STEPS", "Next steps and actions", "Going forward"]
BOARDS = ["NHS Fife", "NHS Tayside", "NHS Highland", "NHS Lothian", "NHS Borders", "NHS Grampian"]
HEADINGS = ["heading", "bold", "lead", "numbered", "caps", "plain", "prefix", "table", "loose"]
LEVEL_FORMS = ["line-after", "line-before", "heading", "sentence-start", "sentence-end", "two-levels",
               "level-first"]


@dataclass
class Block:
    kind: str  # 'heading', 'para', 'table'
    text: str = ""
    style: str = ""  # for headings: 'heading', 'bold', 'caps', 'plain'; for paragraphs: lead text if bold lead-in
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Variation:
    name: str
    blocks: list[Block]
    expected: set[tuple[str, int]]
    board: str


def _levels(rng: random.Random) -> tuple[int, ...]:
    lo = rng.randint(1, 5)
    if rng.random() < 0.25 and lo < 5:
        return (lo, lo + 1)
    return (lo,)


NOVEL_LINES = ["Self-assessed level: {lo}", "Matrix level = {lo}", "Where we are: {Name}", "Rating - {lo} ({Name})",
               "Engagement: Level {lo} {Name}", "Our level: {name}", "Level of engagement: {lo}", "({Name})",
               "{Name} (level {lo})", "LEVEL {lo}"]
NOVEL_RANGES = ["Level {lo} to {hi}", "Levels {lo} & {hi}", "{Name} / {Hi}", "Between levels {lo} and {hi}"]
NOVEL_STATEMENTS = ["We feel this is at {Name}.", "Partners rated this {lo} ({name}).", "We assessed ourselves as "
                    "'{name}'.", "This would be level {lo}.", "We place this at {name} level.",
                    "The group agreed this is firmly in the {name} column.", "Level {lo} applies here.",
                    "On the matrix this is a {lo}.", "Our self-assessment puts this at {Name}."]
NOVEL_RANGE_STATEMENTS = ["We are somewhere between level {lo} and level {hi}.", "This is {name} moving into "
                          "{hi_name} (levels {lo}-{hi}).", "Partners rated this {lo} to {hi}."]
WILD_LINES = ["Assessment: {lo}", "Engagement level achieved – {Name}", "Matrix rating: {Name} ({lo})",
              "We are at: {name}", "Current position = Level {lo}", "Level reached: {lo} - {Name}"]
WILD_RANGES = ["Level: {lo}–{hi}", "Engagement level: {Name}/{Hi}", "Levels {lo}, {hi}"]
WILD_STATEMENTS = ["Our engagement here is at the level of {name}.", "We think we are at level {lo} in this area.",
                   "Partners and staff agreed a score of {lo}.", "This is very much '{Name}'.",
                   "In matrix terms this is level {lo}.", "It was agreed that this work sits at {Name}."]
WILD_RANGE_STATEMENTS = ["We scored this {lo}-{hi}.", "Opinions differed, so we recorded levels {lo} and {hi}.",
                         "This sits across {name} and {hi_name} (levels {lo} to {hi})."]
NOVEL = False  # set by generate(novel=True): wordings the detector was not written against


def _fmt(template: str, levels) -> str:
    lo, hi = levels[0], levels[-1]
    return template.format(lo=lo, hi=hi, Name=LEVEL_NAMES[lo], name=LEVEL_NAMES[lo].lower(), Hi=LEVEL_NAMES[hi],
                           hi_name=LEVEL_NAMES[hi].lower())


def _level_line(rng, levels) -> str:
    lo, hi = levels[0], levels[-1]
    if NOVEL == "wild":
        return _fmt(rng.choice(WILD_LINES if len(levels) == 1 else WILD_RANGES), levels)
    if NOVEL:
        return _fmt(rng.choice(NOVEL_LINES if len(levels) == 1 else NOVEL_RANGES), levels)
    if len(levels) == 1:
        return rng.choice([f"Level: {LEVEL_NAMES[lo]} ({lo})", f"Level {lo}", f"Engagement level - {LEVEL_NAMES[lo]}",
                           f"Level {lo} – {LEVEL_NAMES[lo]}", f"Current level: {lo}", f"Level: {LEVEL_NAMES[lo]}"])
    return rng.choice([f"Level {lo}/{hi}", f"Levels {lo}-{hi}", f"Level: {LEVEL_NAMES[lo]} to {LEVEL_NAMES[hi]}",
                       f"Level {lo} - {hi}"])


def _statement(rng, levels) -> str:
    lo, hi = levels[0], levels[-1]
    if NOVEL == "wild":
        return _fmt(rng.choice(WILD_STATEMENTS if len(levels) == 1 else WILD_RANGE_STATEMENTS), levels)
    if NOVEL:
        return _fmt(rng.choice(NOVEL_STATEMENTS if len(levels) == 1 else NOVEL_RANGE_STATEMENTS), levels)
    if len(levels) == 1:
        name = LEVEL_NAMES[lo].lower()
        return rng.choice([f"We would place ourselves at '{name}'.", f"This is level {lo} engagement.",
                           f"We are at level {lo}.", f"Overall we judge this to be at the {name} stage.",
                           f"We are at level {lo} ({name}).", f"This sits at level {lo}."])
    return rng.choice([f"We are at level {lo}-{hi}.", f"Overall this sits between {LEVEL_NAMES[lo].lower()} and "
                       f"{LEVEL_NAMES[hi].lower()}.", f"We would rate this at levels {lo} and {hi}.",
                       f"We see this as level {lo}/{hi}."])


def _aspiration(rng, levels) -> str:
    n1 = min(5, levels[-1] + 1)
    return rng.choice(ASPIRATIONS).format(up=LEVEL_NAMES[n1], n1=n1)


def generate(n: int, seed: int = 1, novel: bool | str = False) -> list[Variation]:
    """n returns; novel=True states the levels in a second set of wordings, novel='wild' in a third, written
    after the detector and never tuned to (a held-out check)."""
    global NOVEL
    rng = random.Random(seed)
    out = []
    NOVEL = novel
    try:
        for i in range(n):
            out.append(_one(rng, i))
    finally:
        NOVEL = False
    return out


def _one(rng: random.Random, i: int) -> Variation:
    heading = HEADINGS[i % len(HEADINGS)]
    form = rng.choice(LEVEL_FORMS)
    board = rng.choice(BOARDS)
    blocks = [Block("heading", f"{board} – Engagement Matrix return", "heading")]
    if rng.random() < 0.3:
        blocks.append(Block("heading", rng.choice(["Introduction", "Background", "About this return:"]), "plain"))
    for _ in range(rng.randint(0, 2)):
        blocks.append(Block("para", rng.choice(INTROS).format(board=board)))
    expected: set[tuple[str, int]] = set()
    functions = rng.sample(list(FUNCTION_WORDINGS), rng.randint(2, 5))
    numbering = 0
    table_rows: list[list[str]] = []
    asides = rng.random() < 0.5
    for function in functions:
        wording = rng.choice(FUNCTION_WORDINGS[function])
        levels = _levels(rng)
        acts = rng.sample(ACTIVITIES, rng.randint(1, 2))
        if rng.random() < 0.3:
            acts[-1] = acts[-1] + " " + rng.choice(DISTRACTORS)
        no_level = rng.random() < 0.08
        this_form = form if heading not in ("loose", "table") else "sentence-start"
        if heading == "loose" and rng.random() < 0.5:
            this_form = "level-first"
        if this_form == "level-first" and heading != "loose":
            this_form = "sentence-end"
        if this_form == "heading" and heading in ("prefix", "lead"):
            this_form = "line-after"
        paras: list[str] = []
        head_text = wording
        if no_level:
            paras = list(acts)
        elif this_form == "two-levels" and len(levels) == 1:
            other = (levels[0] % 5) + 1
            paras = [f"{acts[0]} {_statement(rng, levels)}",
                     f"{rng.choice([a for a in ACTIVITIES if a not in acts])} {_statement(rng, (other,))}"]
            expected.add((function, other))
        elif this_form in ("line-after", "line-before", "two-levels"):
            line = _level_line(rng, levels)
            paras = (list(acts) + [line]) if this_form != "line-before" else [line] + list(acts)
        elif this_form == "heading":
            lo = levels[0]
            head_text = rng.choice([f"{wording} (Level {lo})", f"{wording} – {LEVEL_NAMES[lo]}",
                                    f"{wording}: level {lo}"])
            levels = (lo,)
            paras = list(acts)
        elif this_form == "sentence-start":
            paras = [f"{_statement(rng, levels)} {acts[0]}"] + acts[1:]
        elif this_form == "sentence-end":
            paras = list(acts[:-1]) + [f"{acts[-1]} {_statement(rng, levels)}"]
        elif this_form == "level-first":
            name = LEVEL_NAMES[levels[0]].lower()
            levels = levels[:1]
            act = acts[0][0].lower() + acts[0][1:]
            paras = [rng.choice([f"At {name} level, for {IN_SENTENCE[function]}, {act}",
                                 f"For {IN_SENTENCE[function]} we are at level {levels[0]}: {act}"])]
        if not no_level:
            expected.update((function, lv) for lv in levels)
        if asides and not no_level and rng.random() < 0.5:
            paras.insert(rng.randint(1 if heading == "loose" else 0, len(paras)), _aspiration(rng, levels))
        if heading == "loose":
            if this_form != "level-first":
                paras = [f"In {IN_SENTENCE[function]}, " + p[0].lower() + p[1:] if k == 0 else p
                         for k, p in enumerate(paras)]
            blocks.extend(Block("para", p) for p in paras)
            continue
        if heading == "table":
            table_rows.append([wording, "\n".join(paras)])
            continue
        if heading in ("prefix", "lead"):
            first = paras[0] if paras else ""
            style = wording.rstrip(".") + ("." if heading == "lead" else "")
            sep = ": " if heading == "prefix" else " "
            blocks.append(Block("para", f"{style}{sep}{first}", style if heading == "lead" else ""))
            blocks.extend(Block("para", p) for p in paras[1:])
            continue
        numbering += 1
        numbered = rng.choice([f"{numbering}. {head_text}", f"Function {numbering}: {head_text}",
                               f"{numbering}) {head_text}"])
        text = {"numbered": numbered, "caps": head_text.upper()}.get(heading, head_text)
        blocks.append(Block("heading", text, {"numbered": "plain", "caps": "plain"}.get(heading, heading)))
        blocks.extend(Block("para", p) for p in paras)
    if table_rows:
        blocks.append(Block("table", rows=[["Function", "What we do and where we are"]] + table_rows))
    if rng.random() < 0.3:  # a summary after the last section: about all functions, places nothing
        blocks.append(Block("heading", rng.choice(["Conclusion", "Summary", "Overall"]),
                            rng.choice(["plain", "heading", "bold"])))
        blocks.append(Block("para", rng.choice(SUMMARIES)))
    if rng.random() < 0.6:
        blocks.append(Block("heading", rng.choice(NEXT_STEPS), "heading" if heading != "caps" else "plain"))
        blocks.append(Block("para", rng.choice(ASPIRATIONS).format(up="Collaborate", n1=4) + " " +
                            "We will repeat the matrix with partners next spring."))
    return Variation(f"{heading}/{form}", blocks, expected, board)


def write_docx(v: Variation, path: str) -> str:
    from docx import Document
    doc = Document()
    for b in v.blocks:
        if b.kind == "heading":
            if b.style == "heading":
                doc.add_heading(b.text, level=2)
            elif b.style == "bold":
                doc.add_paragraph().add_run(b.text).bold = True
            else:
                doc.add_paragraph(b.text)
        elif b.kind == "para":
            if b.style and b.text.startswith(b.style):
                p = doc.add_paragraph()
                p.add_run(b.style).bold = True
                p.add_run(b.text[len(b.style):])
            else:
                doc.add_paragraph(b.text)
        else:
            table = doc.add_table(rows=len(b.rows), cols=2)
            table.style = "Table Grid"
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    doc.save(path)
    return path


def score(expected: set, got: set) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of (function, level) pairs."""
    return len(expected & got), len(got - expected), len(expected - got)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
