"""The review page that corrects: `matrix-synth review --serve`.

A small Flask application on 127.0.0.1 only, on a port the system picks, behind a secret token
that is part of every address (a page on another site cannot guess it, so it cannot post to it),
answering only requests addressed to 127.0.0.1 or localhost and refusing cross-site posts. It shows
the returns worst first and, return by return, the grid beside the text read from the file, its free
text, its corrections (applied or not) and every flagged item, with personal data scrubbed as in the
exports unless --include-personal. Each click is checked against the store (check_entry), written to
corrections.yaml as `matrix-synth correct` would, and the file is read again with its corrections
(pipeline.reread), so the page shows the result at once. Every request reads the store and
corrections.yaml afresh: a re-ingest or a hand edit beside the page is shown, never overwritten.

The page uses the store it is given: one connection per process (see store._refuse_non_store for
why a second open of the same file in one process is dangerous)."""
from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from typing import Any

from .review import DEFAULT_THRESHOLD, review_items

_STYLE = """
body{font-family:Calibri,"Segoe UI",Arial,sans-serif;margin:0;color:#1f2d3d;font-size:14px}
header{background:#1f5a96;color:#fff;padding:.6rem 1.2rem}header a{color:#fff}
main{padding:0 1.2rem 2rem}h1{font-size:1.3rem;margin:0;overflow-wrap:anywhere}h2{color:#1f5a96;font-size:1.15rem;
overflow-wrap:anywhere}h3{font-size:1rem;color:#1f5a96}
table{border-collapse:collapse;width:100%;table-layout:fixed;overflow-wrap:anywhere;font-size:.85rem}
th,td{border:1px solid #b8c4d2;padding:.25rem;vertical-align:top;text-align:left}th{background:#dce6f2}
td.fn{font-weight:bold}#grid th:first-child{width:7.5rem}
select,input{max-width:100%}details form{display:block;margin:.15rem 0}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
@media (max-width:1100px){.cols{grid-template-columns:minmax(0,1fr)}#grid th:first-child{width:5.5rem}}
.pl{margin:.15rem 0;padding:.2rem;background:#eef4fb;border-radius:3px}.low{background:#fde7c8}
.ref{color:#667;font-size:.75rem}.flag{background:#fff4e0;border-left:4px solid #e08a00;padding:.3rem .5rem;
margin:.3rem 0}.r0,.r1{border-left-color:#c0392b;background:#fdecea}.msg{background:#e6f4ea;border-left:4px solid
#2e7d32;padding:.4rem .6rem;margin:.6rem 0}.err{background:#fdecea;border-left-color:#c0392b}
.stale{background:#fdecea;border-left:4px solid #c0392b;padding:.3rem .5rem;margin:.3rem 0}
form{display:inline}select,input,button{font-size:.75rem}button{cursor:pointer}
#set-form{display:flex;flex-wrap:wrap;gap:.3rem .6rem;align-items:center}#set-form input{width:14rem}
.src li{margin:.2rem 0;overflow-wrap:anywhere}.theme{background:#e3e9f3;border-radius:8px;padding:0 .3rem;
font-size:.75rem}.dropped{text-decoration:line-through;color:#667}
details{margin-top:.2rem}summary{cursor:pointer;color:#1f5a96;font-size:.75rem}
"""

_LAYOUT = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>""" + _STYLE + """</style></head><body>
<header><h1>{{ title }}</h1><a href="{{ base }}/">All returns, worst first</a></header><main>
{% if message %}<div class="msg{% if error %} err{% endif %}" id="message">{{ message }}
{% if undo_file %}<form method="post" action="{{ base }}/undo"><input type="hidden" name="token" value="{{ token }}">
<input type="hidden" name="file" value="{{ undo_file }}"><button id="undo">Undo</button></form>{% endif %}</div>
{% endif %}{{ body }}</main></body></html>"""

_FORBIDDEN = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Review page: address not
recognised</title></head><body style="font-family:Calibri,Arial,sans-serif;margin:2rem"><h1>This address is not
the review page's</h1><p>{{ why }}</p><p>The review page's address holds a secret key that changes each time it
starts. Open the address that <code>matrix-synth review --serve</code> printed in its window (or run it again:
it opens the page for you).</p></body></html>"""

_INDEX = """<p>{{ items|length }} item(s) in {{ files|length }} return(s), the worst first. Open a return to
correct it; each correction is saved to <code>{{ corrections }}</code> and shown at once.</p>
<table id="returns"><tr><th>Return</th><th>Board</th><th>What needs a look</th></tr>
{% for f in files %}<tr><td>{% if f.has_return %}<a href="{{ base }}/return?file={{ f.source_file|urlencode }}">
{{ f.source_file }}</a>{% else %}{{ f.source_file }}{% endif %}</td><td>{{ f.board }}</td>
<td>{% for it in f['items'][:4] %}<div>{{ it.label }}{% if it.location %} ({{ it.location }}){% endif %}:
{{ it.detail }}</div>{% endfor %}{% if f['items']|length > 4 %}<div class="ref">and {{ f['items']|length - 4 }}
more</div>{% endif %}</td></tr>{% endfor %}</table>
{% if clean %}<h2>Returns with nothing flagged</h2><ul>{% for r in clean %}<li><a
href="{{ base }}/return?file={{ r.source_file|urlencode }}">{{ r.source_file }}</a></li>{% endfor %}</ul>{% endif %}"""

_RETURN = """<h2 id="file">{{ r.source_file }}</h2>
{% if reread %}<div class="msg" id="reread">corrections.yaml had changed since this return was read: it was read
again with it.</div>{% endif %}
<form method="post" action="{{ base }}/correct" id="set-form">{{ hidden(r.source_file, 'file') }}
<input type="hidden" name="action" value="set">
<label>Board <select name="board" id="set-board"><option value="">{{ board }}</option>
{% for b in boards %}<option value="{{ b }}">{{ b }}</option>{% endfor %}</select></label>
<label>Partner <input name="partner" id="set-partner" value="{{ r.partners or '' }}" placeholder="not stated"></label>
<label>Topic <input name="topic" id="set-topic" value="{{ r.topic or '' }}" placeholder="not stated"></label>
<button id="set-save">Save</button></form>
<p class="ref">Round {{ r.round or '?' }} · layout {{ r.layout or '?' }} · text placed
<span id="coverage">{{ coverage }}</span>
{% if next_file %}· <a href="{{ base }}/return?file={{ next_file|urlencode }}" id="next">next return</a>{% endif %}</p>
{% for it in flags %}<div class="flag r{{ it.rank }}"><b>{{ it.label }}</b>{% if it.location %}
({{ it.location }}){% endif %}: {{ it.detail }}</div>{% endfor %}
{% if corrections %}<h3 id="corrections">Corrections of this return</h3><ul class="src" id="correction-list">
{% for c in corrections %}<li id="c-{{ c.id }}" class="{{ 'stale' if not c.applied else '' }}"><b>{{ c.id }}</b>
{{ c.what }}{% if not c.applied %} — <b>not applied</b>: {{ c.why }}{% endif %}
<form method="post" action="{{ base }}/remove">{{ hidden(r.source_file, 'file') }}
<input type="hidden" name="id" value="{{ c.id }}"><button class="remove-correction">Remove {{ c.id }}</button></form>
</li>{% endfor %}</ul>{% endif %}
<div class="cols"><div><table id="grid"><tr><th>Function</th>{% for lv, name in levels %}<th>{{ lv }} {{ name }}</th>
{% endfor %}</tr>{% for fid, flabel in functions %}<tr><td class="fn">{{ flabel }}</td>
{% for lv, name in levels %}<td>{% for p in cells.get((fid, lv), []) %}
<div class="pl{% if p.low %} low{% endif %}" id="p-{{ p.placement_id }}" data-cell="{{ p.cell_ref }}"
data-level="{{ p.level }}">{{ p.short or '✓ (ticked)' }} <span class="ref">{{ p.cell_ref }}</span>
{% for t in p.theme_list %}<span class="theme">{{ theme_label(t) }}{% if p.cell_ref %}<form method="post"
action="{{ base }}/correct">{{ hidden(r.source_file, 'p-' ~ p.placement_id) }}
<input type="hidden" name="action" value="remove_theme">
<input type="hidden" name="cell" value="{{ p.cell_ref }}"><input type="hidden" name="theme" value="{{ t }}">
<button title="Remove this theme" class="remove-theme">×</button></form>{% endif %}</span>{% endfor %}
{% if p.cell_ref %}<details><summary>change</summary>
<form method="post" action="{{ base }}/correct" class="move">{{ hidden(r.source_file, 'p-' ~ p.placement_id) }}
<input type="hidden" name="action" value="move"><input type="hidden" name="cell" value="{{ p.cell_ref }}">
{% if p.range %}<input type="hidden" name="only_level" value="{{ p.level }}">{% endif %}
<select name="function" aria-label="function">{% for f2, l2 in functions %}<option value="{{ f2 }}"
{% if f2 == fid %} selected{% endif %}>{{ l2 }}</option>{% endfor %}</select><select name="level"
aria-label="level">{% for l3, n3 in levels %}<option value="{{ l3 }}"{% if l3 == lv %} selected{% endif %}>{{ l3 }}
{{ n3 }}</option>{% endfor %}</select><button>Move{% if p.range %} this level{% endif %}</button></form>
<form method="post" action="{{ base }}/correct" class="drop">{{ hidden(r.source_file, 'file') }}
<input type="hidden" name="action" value="drop"><input type="hidden" name="cell" value="{{ p.cell_ref }}">
{% if p.range %}<input type="hidden" name="only_level" value="{{ p.level }}">{% endif %}
<button>Not engagement: drop</button></form>
<form method="post" action="{{ base }}/correct" class="add-theme">{{ hidden(r.source_file, 'p-' ~ p.placement_id) }}
<input type="hidden" name="action" value="add_theme"><input type="hidden" name="cell" value="{{ p.cell_ref }}">
<select name="theme" aria-label="theme">{% for tid, tl in themes %}<option value="{{ tid }}">{{ tl }}</option>
{% endfor %}</select><button>Add theme</button></form></details>{% endif %}</div>{% endfor %}</td>{% endfor %}</tr>
{% endfor %}</table>
{% if free %}<h3 id="free-text">Free text of the return</h3><ul class="src" id="free">{% for f in free %}<li>
<span class="ref">{{ f.location }}</span> <b>{{ f.section }}</b>: {{ f.text }}</li>{% endfor %}</ul>{% endif %}
</div><div><h3>Text read from the file</h3><ul class="src" id="source">
{% for s in texts if not s.template %}<li id="{{ s.anchor }}"><span class="ref">{{ s.location }}</span> →
{% if s.placed %}{{ s.where }}: {{ s.text }}{% elif s.dropped %}<span class="dropped">{{ s.text }}</span>
<b>dropped: not engagement</b>{% else %}<b>not placed ({{ s.reason }})</b>: {{ s.text }}{% if s.cell_ref %}
<form method="post" action="{{ base }}/correct" class="place">{{ hidden(r.source_file, 'source') }}
<input type="hidden" name="action" value="place"><input type="hidden" name="unplaced" value="{{ s.cell_ref }}">
<select name="function" aria-label="function">{% for f2, l2 in functions %}<option value="{{ f2 }}">{{ l2 }}
</option>{% endfor %}</select><select name="level" aria-label="level">{% for l3, n3 in levels %}<option
value="{{ l3 }}">{{ l3 }} {{ n3 }}</option>{% endfor %}</select><button>Place</button></form>{% endif %}{% endif %}
</li>{% else %}<li>(no text)</li>{% endfor %}
</ul>{% set template = texts|selectattr('template')|list %}{% if template %}<details><summary>{{ template|length }}
piece(s) of template text and headings, kept but not counted</summary><ul class="src">{% for s in template %}
<li><span class="ref">{{ s.location }}</span> {{ s.text }}</li>{% endfor %}</ul></details>{% endif %}</div></div>"""


class ReviewApp:
    """The state behind the page: the store, the corrections file, and this session's corrections, so
    that Undo on a return takes back the last correction made on that return."""

    def __init__(self, store, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD,
                 themes: str | None = None, corrections: str | None = None, include_personal: bool = False) -> None:
        from .corrections import default_path
        from .store import Store
        from .themes import load

        self.store = store if isinstance(store, Store) else Store(str(store))
        self.db = self.store.path
        self.round = round_
        self.threshold = threshold
        self.themes_path = themes
        self.taxonomy = load(themes)
        self.include_personal = include_personal
        self.corrections_path = corrections or default_path(self.db)
        self.token = secrets.token_urlsafe(24)
        self.made: dict[str, list[str]] = defaultdict(list)  # file -> ids of the corrections this page made
        self.lock = threading.Lock()
        self._scrub: tuple[int, Any] | None = None

    # ---------------------------------------------------------------- corrections
    def corrections(self):
        from .corrections import load_corrections
        return load_corrections(self.corrections_path, self.db)

    def record(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Check the entry against the store, write it, read its file again. ValueError: refused."""
        from .corrections import append_correction, check_entry
        entry = check_entry(entry, self.store, self.taxonomy)
        saved = append_correction(self.corrections_path, entry)
        self.made[saved["file"]].append(saved["id"])
        self.reapply(saved["file"])
        return saved

    def take_back(self, source_file: str) -> dict[str, Any] | None:
        """Undo: the last correction this page made on this return, if it is still in the file."""
        from .corrections import remove_correction
        while self.made.get(source_file):
            entry = remove_correction(self.corrections_path, self.made[source_file].pop())
            if entry is not None:
                self.reapply(source_file)
                return entry
        return None

    def remove(self, source_file: str, correction_id: str) -> dict[str, Any] | None:
        from .corrections import remove_correction
        entry = remove_correction(self.corrections_path, correction_id)
        if entry is not None:
            self.reapply(source_file)
        return entry

    def reapply(self, source_file: str) -> None:
        """Read the file again with its corrections, as ingest would, and store the result."""
        from .pipeline import reread
        reread(self.store, source_file, self.corrections(), self.themes_path)

    def fresh(self, source_file: str) -> bool:
        """Read the return again when corrections.yaml changed since it was stored (a hand edit, or the
        command line). True when it was."""
        row = next((f for f in self.store.files() if f["source_file"] == source_file), None)
        if row is None or not self.corrections().changed_since(row):
            return False
        try:
            self.reapply(source_file)
        except ValueError:
            return False  # the file is not where it was ingested from: the page shows what is stored
        return True

    def scrubber(self):
        """Personal data out of the page, as out of the exports; rebuilt only when the store changed."""
        from .privacy import scrubber_for
        version = self.store.data_version()
        if self._scrub is None or self._scrub[0] != version:
            self._scrub = (version, scrubber_for(self.store, self.include_personal))
        return self._scrub[1]


def _entry_from_form(form) -> dict[str, Any]:
    from .corrections import build_entry

    action = form.get("action", "")
    file = form.get("file", "")
    cell = form.get("cell") or None
    level = int(form["only_level"]) if str(form.get("only_level", "")).isdigit() else None
    if action == "move":
        return build_entry(file, cell, move_to=(form.get("function", ""), form.get("level", "")), level=level)
    if action == "drop":
        return build_entry(file, cell, drop=True, level=level)
    if action == "place":
        return build_entry(file, unplaced=form.get("unplaced", ""),
                           place=(form.get("function", ""), form.get("level", "")))
    if action == "add_theme":
        return build_entry(file, cell, add_theme=form.get("theme", ""))
    if action == "remove_theme":
        return build_entry(file, cell, remove_theme=form.get("theme", ""))
    if action == "set":
        values = {k: form.get(k, "").strip() for k in ("board", "partner", "topic")}
        return build_entry(file, set_={k: v for k, v in values.items() if v})
    raise ValueError("Unknown action.")


def _describe(entry: dict[str, Any]) -> str:
    from .schema import FUNCTION_LABELS

    half = f" (level {entry['level']} only)" if "level" in entry else ""
    if "move" in entry:
        f = entry["move"]["function"]
        return f"moved {entry['cell']}{half} to {FUNCTION_LABELS.get(f, f)}, level {entry['move']['level']}"
    if "drop" in entry:
        return f"dropped {entry['cell']}{half}"
    if "place" in entry:
        f = entry["place"]["function"]
        return f"placed {entry['unplaced']} at {FUNCTION_LABELS.get(f, f)}, level {entry['place']['level']}"
    if "add_theme" in entry:
        return f"added the theme {entry['add_theme']} to {entry['cell']}"
    if "remove_theme" in entry:
        return f"removed the theme {entry['remove_theme']} from {entry['cell']}"
    return "set " + ", ".join(f"{k} to {v}" for k, v in entry.get("set", {}).items())


def _correction_views(state: ReviewApp, source_file: str, return_id: int) -> list[dict[str, Any]]:
    """This return's corrections as the page lists them: applied, or not and why."""
    applied = {c["correction"] for c in state.store.corrections() if c["source_file"] == source_file}
    problems = [p for p in state.store.problems() if p["source_file"] == source_file
                and p["code"] == "correction-unmatched"]
    out = []
    for entry in state.corrections().for_file(source_file):
        why = next((p["message"].split(": ", 1)[-1] for p in problems
                    if f"correction {entry['id']} " in p["message"]), "it matches nothing in the file as it is now")
        out.append({"id": entry["id"], "what": _describe(entry), "applied": entry["id"] in applied, "why": why})
    return out


def _grid_and_texts(state: ReviewApp, r: dict[str, Any], scrub) -> tuple[dict, list, list]:
    from .schema import FUNCTION_LABELS
    from .store import UNFLAGGED_REASONS

    placements = [scrub.row(p) for p in state.store.placements(r["round"], include_superseded=True)
                  if p["return_id"] == r["id"]]
    unplaced = [scrub.row(u) for u in state.store.unplaced(r["round"], include_boilerplate=True, include_superseded=True)
                if u["return_id"] == r["id"]]
    levels_at: dict[tuple, int] = defaultdict(int)
    for p in placements:
        levels_at[(p["location"], p["text"], p["function"])] += 1
    cells: dict[tuple, list] = defaultdict(list)
    source: list[dict] = []
    seen: dict[tuple, dict] = {}
    for p in placements:
        key = (p["location"], p["text"], p["function"])
        view = dict(p, low=(p["confidence"] or 0) < state.threshold, short=_short(p["text"], 140),
                    theme_list=[t for t in (p["themes"] or "").split(";") if t], range=levels_at[key] > 1)
        cells[(p["function"], p["level"])].append(view)
        if key in seen:  # a range: one line, its levels joined ("Learning Exchange 4-5")
            seen[key]["where"] += f"-{p['level']}"
            continue
        seen[key] = {"location": p["location"], "placed": True, "template": False, "anchor": f"s-p{p['placement_id']}",
                     "text": _short(p["text"], 300) or "✓", "where": f"{FUNCTION_LABELS[p['function']]} {p['level']}"}
        source.append(seen[key])
    for u in unplaced:
        if u["reason"] in UNFLAGGED_REASONS and not (u["text"] or "").strip():
            continue
        dropped = u["reason"] == "dropped"
        source.append({"location": u["location"], "placed": False, "reason": u["reason"], "dropped": dropped,
                       "text": _short(u["text"], 300), "cell_ref": u["cell_ref"], "anchor": f"s-u{u['item_id']}",
                       "template": u["reason"] in UNFLAGGED_REASONS and not dropped})
    return cells, source, placements


def create_app(state: ReviewApp):
    from urllib.parse import urlencode

    from flask import Flask, redirect, render_template_string, request
    from markupsafe import Markup

    from .problems import MatrixSynthError

    from .detect.labels import SECTION_TITLES
    from .schema import BOARDS, FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name

    app = Flask("matrix_synth.review_server")
    app.jinja_env.autoescape = True  # every text from a return is escaped, whatever the template's name
    base = f"/{state.token}"
    themes = [(t.id, t.label) for t in state.taxonomy.themes]
    functions = [(f, FUNCTION_LABELS[f]) for f in FUNCTION_IDS]
    levels = list(LEVELS.items())

    def refuse(why: str, code: int = 403):
        return render_template_string(_FORBIDDEN, why=why), code, {"Content-Type": "text/html; charset=utf-8"}

    @app.before_request
    def _guard():
        host = (request.host or "").rsplit(":", 1)[0].strip("[]").lower()
        if host not in ("127.0.0.1", "localhost"):
            return refuse("The review page answers only addresses on this computer (127.0.0.1 or localhost).", 400)
        parts = request.path.split("/")
        if len(parts) < 2 or not secrets.compare_digest(parts[1], state.token):
            return refuse("The secret key in this address is missing or old.")
        if request.method == "POST":
            if not secrets.compare_digest(request.form.get("token", ""), state.token):
                return refuse("This form was not sent by the review page.")
            origin = request.headers.get("Origin")
            if origin and origin != request.host_url.rstrip("/"):
                return refuse("This form was sent from another site, and was refused.")
            site = request.headers.get("Sec-Fetch-Site")
            if site and site not in ("same-origin", "none"):
                return refuse("This form was sent from another site, and was refused.")
        return None

    @app.after_request
    def _headers(resp):
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
        resp.headers["Referrer-Policy"] = "same-origin"  # the token never leaves; the Origin is sent
        resp.headers["Cache-Control"] = "no-store"
        return resp

    def hidden(source_file: str, back: str = "") -> Markup:
        return Markup(render_template_string(
            '<input type="hidden" name="token" value="{{ t }}"><input type="hidden" name="file" value="{{ f }}">'
            '{% if b %}<input type="hidden" name="back" value="{{ b }}">{% endif %}',
            t=state.token, f=source_file, b=back))

    def page(title: str, body: str, undo_file: str = "", **kw) -> str:
        error = request.args.get("error")
        return render_template_string(_LAYOUT, title=title, base=base, token=state.token, body=Markup(body),
                                      message=request.args.get("msg", ""), error=error,
                                      undo_file=undo_file if state.made.get(undo_file) and not error else "", **kw)

    def ordered(scrub):
        items = review_items(state.store, state.round, state.threshold, state.include_personal, scrub=scrub)
        files: dict[str, dict] = {}
        for it in items:
            files.setdefault(it["source_file"], {"source_file": it["source_file"], "items": [],
                                                 "has_return": it["return_id"] is not None})["items"].append(it)
        return items, files

    @app.get(f"{base}/")
    def index():
        with state.lock:
            scrub = state.scrubber()
            items, files = ordered(scrub)
            returns = state.store.returns(state.round, include_superseded=True)
        boards = {r["source_file"]: board_name(r["board"]) if r["board"] else "not identified" for r in returns}
        for f in files.values():
            f["board"] = boards.get(f["source_file"], "")
        clean = [r for r in returns if r["source_file"] not in files]
        body = render_template_string(_INDEX, items=items, files=list(files.values()), clean=clean, base=base,
                                      corrections=state.corrections_path)
        return page("Review the returns", body)

    @app.get(f"{base}/return")
    def one_return():
        source_file = request.args.get("file", "")
        with state.lock:
            try:
                reread = state.fresh(source_file)
            except MatrixSynthError as exc:  # a hand edit broke corrections.yaml: say so, show what is stored
                return redirect(f"{base}/?{urlencode({'msg': str(exc), 'error': '1'})}", code=303)
            scrub = state.scrubber()
            returns = state.store.returns(state.round, include_superseded=True)
            r = next((x for x in returns if x["source_file"] == source_file), None)
            if r is None:
                return refuse("There is no return of that name in the store (it may have been removed by an "
                              "ingest since).", 404)
            items, files = ordered(scrub)
            cells, texts, _placements = _grid_and_texts(state, r, scrub)
            free = [dict(scrub.row(f), section=SECTION_TITLES.get(f["section"], f["section"]))
                    for f in state.store.free_text(r["round"]) if f["return_id"] == r["id"]]
            corrections = _correction_views(state, source_file, r["id"])
        r = scrub.row(r)
        order = list(files) + [x["source_file"] for x in returns if x["source_file"] not in files]
        pos = order.index(source_file) if source_file in order else -1
        next_file = order[pos + 1] if 0 <= pos < len(order) - 1 else ""
        body = render_template_string(
            _RETURN, r=r, base=base, boards=[b.name for b in BOARDS], hidden=hidden, functions=functions,
            levels=levels, cells=cells, texts=texts, themes=themes, theme_label=state.taxonomy.label,
            flags=files.get(source_file, {}).get("items", []), next_file=next_file, free=free,
            corrections=corrections, reread=reread,
            board=board_name(r["board"]) if r["board"] else "Board not identified",
            coverage=f"{float(r['coverage'] or 0):.0%}")
        return page(f"Review: {source_file}", body, undo_file=source_file)

    def back_to(source_file: str, msg: str, error: bool = False):
        if not any(r["source_file"] == source_file  # not a return: the index
                   for r in state.store.returns(include_superseded=True)):
            return redirect(f"{base}/?{urlencode({'msg': msg} | ({'error': '1'} if error else {}))}", code=303)
        query = {"file": source_file, "msg": msg} | ({"error": "1"} if error else {})
        anchor = request.form.get("back", "")
        anchor = anchor if anchor.replace("-", "").isalnum() else ""
        return redirect(f"{base}/return?{urlencode(query)}" + (f"#{anchor}" if anchor else ""), code=303)

    @app.post(f"{base}/correct")
    def correct():
        source_file = request.form.get("file", "")
        try:
            with state.lock:
                saved = state.record(_entry_from_form(request.form))
            return back_to(saved["file"], f"Saved as {saved['id']} in corrections.yaml: {_describe(saved)}.")
        except (ValueError, MatrixSynthError) as exc:  # refused, or corrections.yaml cannot be read: nothing written
            return back_to(source_file, f"Not saved: {exc}", error=True)

    @app.post(f"{base}/undo")
    def undo():
        source_file = request.form.get("file", "")
        try:
            with state.lock:
                entry = state.take_back(source_file)
        except MatrixSynthError as exc:
            return back_to(source_file, str(exc), error=True)
        msg = f"Undone: {_describe(entry)} ({entry['id']})." if entry else \
            "Nothing to undo on this return (or corrections.yaml changed meanwhile)."
        return back_to(source_file, msg, error=entry is None)

    @app.post(f"{base}/remove")
    def remove():
        source_file, correction_id = request.form.get("file", ""), request.form.get("id", "")
        try:
            with state.lock:
                entry = state.remove(source_file, correction_id)
        except MatrixSynthError as exc:
            return back_to(source_file, str(exc), error=True)
        msg = f"Removed {correction_id} from corrections.yaml: {_describe(entry)}." if entry else \
            f"{correction_id} is no longer in corrections.yaml."
        return back_to(source_file, msg, error=entry is None)

    return app


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def make_server(store, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD, themes: str | None = None,
                corrections: str | None = None, include_personal: bool = False):
    """(server, url): a server bound to 127.0.0.1 on a free port, not yet serving. store: a Store (the
    process's one connection to it) or a path."""
    from werkzeug.serving import make_server as werkzeug_server

    state = ReviewApp(store, round_, threshold, themes, corrections, include_personal)
    server = werkzeug_server("127.0.0.1", 0, create_app(state), threaded=False)
    return server, f"http://127.0.0.1:{server.server_port}/{state.token}/"


def serve(store, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD, themes: str | None = None,
          corrections: str | None = None, open_browser: bool = True, include_personal: bool = False) -> None:
    """Serve the review page until Ctrl-C."""
    import logging

    import click

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per click in the terminal
    server, url = make_server(store, round_, threshold, themes, corrections, include_personal)
    click.echo(f"The review page is at {url}\n(only this computer can open it). Press Ctrl-C to stop.")
    if open_browser:
        import webbrowser
        webbrowser.open(url)
    try:
        server.serve_forever()  # werkzeug's returns on Ctrl-C (it takes the KeyboardInterrupt itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    click.echo("Stopped. Your corrections are in corrections.yaml and in the store.")
