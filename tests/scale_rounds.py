"""Rounds at the size of 2015: about 200 returns, 6-17 per board, several topics per board, and topics
that change (and are reworded) from one round to the next.

    python tests/scale_rounds.py OUT/ [--years 2015 2016 2017] [--n 200] [--seed 7]

Every activity is drawn from hand-written sentences, each labelled by reading it with the theme it is
about (THEMES below: the label is the key it sits under, never the tool's keywords). Some sentences
carry words that would fool a keyword count: a contract in a service-delivery row, training in
passing, befriending in an older people's return, a 'Learning Disability Partnership Board' that
only receives a paper, 'recovery' in an alcohol and drug return, 'suicide prevention' beside
'prevention'. PASSING sentences are added to activities as second sentences and are about nothing
the board works on.

labels(rounds) is the analyst's reading of each board in each round: the themes its returns are
about (the topic of any of its returns, and any strand a return gives two or more activities to).
Used by benchmarks/bench_board_themes.py --scale and by the report tests at this size."""
from __future__ import annotations

import copy
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

P, PC, CD, CB, LE = ("policy-strategy", "planning-commissioning", "contracting-delivery", "capacity-building",
                     "learning-exchange")
FUNCTIONS = (P, PC, CD, CB, LE)

# theme -> (topic wordings, one per round in turn; partners; sentences about the theme)
THEMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "carers": (
        ["Unpaid carers", "Support for unpaid carers", "Carers' support and carer involvement"],
        ["{place} Carers Centre", "Carers Trust Scotland", "{place} Young Carers"],
        ["Two unpaid carers sit on the carers strategy group and review each draft before it goes to the board.",
         "Short breaks for carers are planned jointly with {p}, which holds the budget for respite vouchers.",
         "{p} staff help ward nurses recognise carers at admission and plan discharge with them.",
         "Young carers are identified through school nurses and referred to {p} for a carer's assessment.",
         "The carer support pathway for people leaving hospital was designed with carers and {p}.",
         "Carers' views gathered by {p} shape the local carers strategy each year.",
         "A carers' forum meets the hospital managers every quarter to raise what carers need."]),
    "mental-health": (
        ["Mental health services", "Mental health and wellbeing", "Adult mental health"],
        ["{place} Association for Mental Health", "Penumbra", "SAMH"],
        ["People with lived experience of mental illness sit on the mental health strategy group.",
         "{p} runs peer support workers in the acute psychiatric wards, funded through the mental health plan.",
         "The recovery network hosted by {p} gives people using mental health services a voice in planning.",
         "Community mental health teams and {p} jointly review the crisis pathway with service users.",
         "{p} delivers a wellbeing service for people waiting for psychological therapies.",
         "The mental health planning group is co-chaired by a member of {p}."]),
    "alcohol-drugs": (
        ["Alcohol and Drug Partnership", "ADP recovery-oriented system of care", "Alcohol and drugs"],
        ["{place} Recovery Community", "{place} Alcohol and Drugs Action", "Addaction"],
        ["{p} sits on the Alcohol and Drug Partnership and helped write its delivery plan.",
         "The ADP commissions {p} to run the recovery café on Saturdays.",
         "People in recovery from drug and alcohol use review the ADP's services with {p}.",
         "{p} trains naloxone peer educators with the addiction services team.",
         "Recovery walks and the recovery café are planned by people in recovery with {p}.",
         "The ADP's commissioning panel includes a representative of {p}."]),
    "equalities": (
        ["Equality Outcomes for LGB&T people", "LGB&T Equality Outcomes", "Equality outcomes (LGB&T)"],
        ["LGBT Health and Wellbeing", "Stonewall Scotland", "{place} Equality Network"],
        ["The board's equality outcomes for LGB&T people were drafted with {p}.",
         "{p} reviews the board's equality impact assessments before they are published.",
         "LGBT people's experience of services was surveyed by {p} and the results set the equality outcomes.",
         "{p} and the equality and diversity lead run a forum on the needs of transgender patients.",
         "Equality monitoring forms were redesigned with {p} so that LGB&T patients can answer safely."]),
    "children-young-people": (
        ["Children and young people's services", "Early years and families", "Children's services planning"],
        ["{place} Youth Work", "Aberlour", "Home-Start {place}"],
        ["{p} sits on the children's services planning group and shaped the plan for early years.",
         "Young people from {p}'s youth forum review the school health service each year.",
         "Home visiting for families with a new baby is delivered by {p} alongside health visitors.",
         "Children's services priorities were set at a joint event with {p} and parents.",
         "{p} runs parenting groups that health visitors refer families to."]),
    "change-fund-older-people": (
        ["Reshaping Care for Older People", "Older people's change fund", "Older people and the change fund"],
        ["Age Scotland", "{place} Council of Voluntary Service", "{place} Older People's Network"],
        ["The Reshaping Care for Older People change fund plan was agreed with {p} at the partnership group.",
         "{p} runs lunch clubs and community connectors funded from the change fund.",
         "Older people's views, gathered by {p}, shaped the change fund priorities for this year.",
         "A befriending service run by {p} keeps isolated older people in touch with their community.",
         "{p} holds a place on the change fund board and scores bids alongside the NHS.",
         "Older people's network members test new care at home services before they start."]),
    "suicide-prevention": (
        ["Suicide prevention", "Choose Life suicide prevention", "Suicide prevention action plan"],
        ["Samaritans {place}", "{place} Choose Life", "Breathing Space"],
        ["The suicide prevention action plan was written with {p} and people bereaved by suicide.",
         "{p} delivers ASIST suicide intervention training to NHS and third sector staff.",
         "Choose Life and {p} agree each year which communities to reach first.",
         "safeTALK sessions run by {p} are open to NHS staff and volunteers alike.",
         "{p} reviews every suicide prevention campaign before it is launched."]),
    "sexual-health-hiv": (
        ["Sexual health and BBV", "HIV and sexual health", "Sexual health and blood borne viruses"],
        ["Waverley Care", "HIV Scotland", "{place} Sexual Health Forum"],
        ["The sexual health and BBV strategy was co-written with {p}.",
         "{p} runs HIV testing in community venues with the sexual health clinic.",
         "People living with HIV review the sexual health service with {p} each year.",
         "{p} delivers outreach on blood borne viruses commissioned by the board."]),
    "volunteering": (
        ["Volunteering", "Volunteering in the NHS", "Volunteer strategy"],
        ["Volunteer Centre {place}", "{place} Voluntary Action", "Volunteer Scotland"],
        ["The board's volunteering strategy was written with {p}.",
         "{p} recruits and places hospital volunteers on the wards and in outpatients.",
         "Volunteer managers from the board and {p} meet monthly to share what works.",
         "{p} gives volunteers a common induction before they start in NHS services.",
         "Volunteering opportunities in the NHS are advertised through {p}."]),
    "health-inequalities": (
        ["Health inequalities", "Tackling health inequalities", "Poverty and health inequalities"],
        ["{place} Community Health Project", "{place} Healthy Living Centre", "Citizens Advice {place}"],
        ["{p} leads community-led health work in the most deprived areas with the public health team.",
         "Welfare rights advisers from {p} work in GP practices to tackle poverty.",
         "The health inequalities plan was set with {p} and people living in deprivation.",
         "{p} and the board run money advice sessions for patients hit by welfare reform."]),
    "prevention-self-management": (
        ["Self management of long term conditions", "Supported self management", "Prevention and self management"],
        ["{place} Self Management Network", "Chest Heart & Stroke Scotland", "Health and Social Care Alliance"],
        ["Self management courses for people with long term conditions are run by {p}.",
         "{p} and the diabetes team co-design supported self management for newly diagnosed patients.",
         "Anticipatory care plans are written with patients and {p} in every GP practice.",
         "Cardiac rehabilitation in the community is delivered by {p} after discharge.",
         "{p} helps people with long term conditions manage them at home, with their own goals."]),
    "community-planning": (
        ["Community planning", "Locality planning", "Community planning partnership"],
        ["{place} Third Sector Interface", "{place} TSI", "{place} Voluntary Action"],
        ["{p} sits on the community planning partnership board alongside the NHS.",
         "Locality planning groups in {place} include {p} as a full member.",
         "The community planning partnership's single outcome agreement was drafted with {p}.",
         "{p} chairs the locality planning group for {place}."]),
    "training-skills": (
        ["Shared training", "Joint workforce training", "Learning and development"],
        ["{place} Third Sector Interface", "{place} CVS", "SCVO"],
        ["A shared training calendar lets NHS and third sector staff book the same courses.",
         "{p} and the board run joint training for staff of both sectors.",
         "Third sector staff take the board's e-learning modules, and NHS staff {p}'s workshops.",
         "Trainers from {p} and the NHS co-deliver induction training for new staff.",
         "{p} and the learning and development team agree a joint training plan each year."]),
    "funding-procurement": (
        ["Funding and procurement", "Third sector funding and grants", "Procurement and grants"],
        ["{place} Third Sector Interface", "{place} CVS", "{place} Voluntary Action"],
        ["Grant funding rounds for the third sector are designed with {p} and scored jointly.",
         "{p} helped redesign the board's procurement so that small organisations can bid.",
         "Three-year funding agreements replaced annual grants after a review with {p}.",
         "Community benefit clauses in NHS contracts were written with {p}.",
         "{p} advises small charities on tendering for NHS contracts."]),
}

# Second sentences that mention a theme in passing: no board works on these (label: nothing).
PASSING = [
    "Delivered under a contract with the board.",
    "The contract was renewed in April.",
    "Funding is confirmed until March.",
    "Staff attended a half-day training session on the new system.",
    "An update goes to the Learning Disability Partnership Board each quarter.",
    "Minutes are shared with the Children and Families Committee.",
    "NHS Education for Scotland materials were used.",
    "It links to the suicide prevention action plan.",
    "Volunteers help at the annual event.",
    "Progress is reported to the community planning partnership.",
    "Partners' wellbeing at work was discussed too.",
    "A family member of one of the staff took part.",
]
PLACES = ["Angus", "Dundee", "Perth", "Kirkcaldy", "Dunfermline", "Inverness", "Ayr", "Kilmarnock", "Paisley",
          "Falkirk", "Stirling", "Dumfries", "Elgin", "Aberdeen", "Oban", "Hamilton", "Livingston", "Galashiels"]
BOARDS = ["ayrshire-arran", "borders", "dumfries-galloway", "fife", "forth-valley", "grampian",
          "greater-glasgow-clyde", "highland", "lanarkshire", "lothian", "orkney", "shetland", "tayside",
          "western-isles"]
LAYOUTS = ["docx-grid", "docx-transposed", "xlsx-grid", "xlsx-list", "docx-narrative", "docx-template-row"]
WELL = {"carers": "Carers are heard at every stage and trust has grown.",
        "mental-health": "Service users shape mental health services through the recovery network.",
        "alcohol-drugs": "People in recovery are part of every ADP decision.",
        "equalities": "LGB&T people now review the equality outcomes before they are agreed.",
        "children-young-people": "Young people's own forum shapes the children's services plan.",
        "change-fund-older-people": "The change fund brought older people's groups to the planning table.",
        "suicide-prevention": "Suicide prevention is owned by the whole community, not only the NHS.",
        "sexual-health-hiv": "People living with HIV co-design the sexual health service.",
        "volunteering": "Volunteers are valued and well supported across the hospitals.",
        "health-inequalities": "Advice in GP practices reaches people in poverty who never came before.",
        "prevention-self-management": "People with long term conditions set their own goals with our partners.",
        "community-planning": "The third sector is a full partner in community planning.",
        "training-skills": "Shared training has built trust between the two workforces.",
        "funding-procurement": "Small charities can now bid for NHS funding on fair terms."}


def _board_plan(rng: random.Random, n: int) -> dict[str, int]:
    counts = {b: 6 for b in BOARDS}
    spare = n - 6 * len(BOARDS)
    while spare > 0:
        b = rng.choice(BOARDS)
        if counts[b] < 17:
            counts[b] += 1
            spare -= 1
    return counts


def _activities(rng, theme: str, place: str, partner: str, levels: dict[str, int], passing: bool):
    sentences = THEMES[theme][2][:]
    rng.shuffle(sentences)
    asides = rng.sample(PASSING, len(PASSING))  # a board writes each aside once in a return, not in every cell
    out = []
    for i, function in enumerate(f for f in FUNCTIONS if f in levels):
        text = sentences[i % len(sentences)].format(p=partner, place=place)
        if passing and rng.random() < 0.45:
            text += " " + asides.pop()
        out.append((function, str(levels[function]), text))
    return out


def rounds(years=(2015, 2016, 2017), n: int = 200, seed: int = 7) -> dict[int, list[dict]]:
    """{year: [return dicts as tests/samples.write_return takes them, each with 'truth': its themes]}."""
    rng = random.Random(seed)
    theme_ids = list(THEMES)
    # each board starts with 2-4 topics; later rounds keep most, drop one now and then, take up a new one
    topics = {b: rng.sample(theme_ids, rng.randint(2, 4)) for b in BOARDS}
    base_levels = {}
    out: dict[int, list[dict]] = {}
    for r, year in enumerate(years):
        counts = _board_plan(rng, n)
        rets = []
        for board in BOARDS:
            if r:
                if rng.random() < 0.35 and len(topics[board]) > 1:
                    topics[board].remove(rng.choice(topics[board]))
                if rng.random() < 0.5:
                    topics[board].append(rng.choice([t for t in theme_ids if t not in topics[board]]))
            for k in range(counts[board]):
                theme = topics[board][k % len(topics[board])]
                wordings, partners, _ = THEMES[theme]
                place = PLACES[(k + len(board)) % len(PLACES)]
                partner = partners[k % len(partners)].format(place=place)
                key = (board, theme, k // len(topics[board]))
                if key not in base_levels:
                    fs = rng.sample(FUNCTIONS, rng.randint(3, 5))
                    base_levels[key] = {f: rng.randint(1, 4) for f in fs}
                elif rng.random() < 0.7:  # the journey: most activities move up a level on the same topic
                    base_levels[key] = {f: min(5, lv + (rng.random() < 0.4)) for f, lv in base_levels[key].items()}
                levels = base_levels[key]
                acts = _activities(rng, theme, place, partner, levels, passing=True)
                truth = {theme}
                if rng.random() < 0.25:  # a second strand: two activities of another theme in the same return
                    other = rng.choice([t for t in theme_ids if t != theme])
                    fs = rng.sample(FUNCTIONS, 2)
                    other_partner = THEMES[other][1][0].format(place=place)
                    sentences = rng.sample(THEMES[other][2], 2)
                    acts += [(f, str(rng.randint(2, 5)), s.format(p=other_partner, place=place))
                             for f, s in zip(fs, sentences)]
                    truth.add(other)
                written = _written(rng, board)
                rets.append(dict(
                    board=board, written=written, layout=rng.choice(LAYOUTS),
                    topic=wordings[(r + k) % len(wordings)] if rng.random() < 0.9 else f"{wordings[0]} ({place})",
                    partners=[partner], completed_by=("A. Analyst", "Partnership Officer"),
                    activities=acts, working_well=WELL[theme] + " " + rng.choice(
                        ["Regular meetings keep it going.", "Partners trust each other more than a year ago.",
                         "The joint group meets every month."]),
                    improvements=rng.choice(["Short-term funding makes it hard to plan.",
                                             "Staff turnover in small organisations slows the work.",
                                             "Time to meet is the main barrier."]),
                    next_steps="Repeat the matrix next year with the same partners.",
                    feedback=rng.choice(["The matrix started a useful conversation.",
                                         "The levels could be worded more simply.",
                                         "It took two meetings to agree the levels, which was worth it."]),
                    truth=truth, stem=f"{board}-{k + 1:02d}-{theme}-{year}"))
        out[year] = rets
    return out


def _written(rng, board: str) -> str:
    from matrix_synth.schema import board_name
    name = board_name(board)
    return rng.choice([name, name.replace("NHS ", "") + " Health Board", name.upper(), name])


def labels(rets: dict[int, list[dict]]) -> dict[int, dict[str, set[str]]]:
    out: dict[int, dict[str, set[str]]] = {}
    for year, items in rets.items():
        for ret in items:
            out.setdefault(year, {}).setdefault(ret["board"], set()).update(ret["truth"])
    return out


def write_rounds(folder: str, years=(2015, 2016, 2017), n: int = 200, seed: int = 7) -> dict[int, list[dict]]:
    """Write each round into folder/YEAR/; returns what rounds() made."""
    from samples import write_return

    made = rounds(years, n, seed)
    for year, items in made.items():
        sub = os.path.join(folder, str(year))
        os.makedirs(sub, exist_ok=True)
        for ret in items:
            ret = copy.deepcopy(ret)
            write_return(sub, ret, year, stem=ret.pop("stem"))
    return made


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    years = (2015, 2016, 2017)
    if "--years" in args:
        rest = args[args.index("--years") + 1:]
        years = tuple(int(y) for y in rest[:next((i for i, a in enumerate(rest) if a.startswith("--")), len(rest))])
    n = int(args[args.index("--n") + 1]) if "--n" in args else 200
    made = write_rounds(args[0], years, n)
    print(f"wrote {sum(len(v) for v in made.values())} returns to {args[0]}")
