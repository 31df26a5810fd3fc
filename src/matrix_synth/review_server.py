"""The review page that corrects: `matrix-synth review --serve`.

A small Flask application on 127.0.0.1 only, on a port the system picks, behind a secret token
that is part of every address (a page on another site cannot guess it, so it cannot post to it).
It shows the returns worst first and, return by return, the grid beside the text read from the
file and every flagged item. Each click writes the same entry to corrections.yaml that
`matrix-synth correct` would (corrections.build_entry / append_correction), then reads that one
file again with its corrections (as ingest would) so the page shows the result at once; undo takes
the entry back out and reads the file again. Every text is escaped by Jinja's autoescape."""
from __future__ import annotations

import secrets
import threading
from collections import defaultdict
from typing import Any

from .review import DEFAULT_THRESHOLD, review_items

_STYLE = """
body{font-family:Calibri,"Segoe UI",Arial,sans-serif;margin:0;color:#1f2d3d;font-size:14px}
header{background:#1f5a96;color:#fff;padding:.6rem 1.2rem}header a{color:#fff}
main{padding:0 1.2rem 2rem}h1{font-size:1.3rem;margin:0}h2{color:#1f5a96;font-size:1.15rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;overflow-wrap:anywhere;font-size:.85rem}th,td{border:1px solid #b8c4d2;padding:.25rem;vertical-align:top;
text-align:left}th{background:#dce6f2}td.fn{font-weight:bold}#grid th:first-child{width:7.5rem}
#grid select{max-width:100%}details form{display:block;margin:.15rem 0}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
.pl{margin:.15rem 0;padding:.2rem;background:#eef4fb;border-radius:3px}.low{background:#fde7c8}
.ref{color:#667;font-size:.75rem}.flag{background:#fff4e0;border-left:4px solid #e08a00;padding:.3rem .5rem;
margin:.3rem 0}.r0,.r1{border-left-color:#c0392b;background:#fdecea}.msg{background:#e6f4ea;border-left:4px solid
#2e7d32;padding:.4rem .6rem;margin:.6rem 0}.err{background:#fdecea;border-left-color:#c0392b}
form{display:inline}select,input,button{font-size:.75rem}button{cursor:pointer}
.src li{margin:.2rem 0}.theme{background:#e3e9f3;border-radius:8px;padding:0 .3rem;font-size:.75rem}
details{margin-top:.2rem}summary{cursor:pointer;color:#1f5a96;font-size:.75rem}
"""

_LAYOUT = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>""" + _STYLE + """</style></head><body>
<header><h1>{{ title }}</h1><a href="{{ base }}/">All returns, worst first</a></header><main>
{% if message %}<div class="msg{% if error %} err{% endif %}" id="message">{{ message }}
{% if can_undo %}<form method="post" action="{{ base }}/undo"><input type="hidden" name="token" value="{{ token }}">
<input type="hidden" name="next" value="{{ next_file }}"><button id="undo">Undo</button></form>{% endif %}</div>
{% endif %}{{ body }}</main></body></html>"""

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
<form method="post" action="{{ base }}/correct" id="set-form">{{ hidden(r.source_file) }}
<input type="hidden" name="action" value="set">
Board <select name="board" id="set-board"><option value="">{{ board }}</option>
{% for b in boards %}<option value="{{ b }}">{{ b }}</option>{% endfor %}</select>
Partner <input name="partner" id="set-partner" placeholder="{{ r.partners or 'not stated' }}" size="22">
Topic <input name="topic" id="set-topic" placeholder="{{ r.topic or 'not stated' }}" size="18">
<button id="set-save">Save</button></form>
<p class="ref">Round {{ r.round or '?' }} · layout {{ r.layout or '?' }} · text placed {{ coverage }}
{% if next_file %}· <a href="{{ base }}/return?file={{ next_file|urlencode }}" id="next">next return</a>{% endif %}</p>
{% for it in flags %}<div class="flag r{{ it.rank }}"><b>{{ it.label }}</b>{% if it.location %}
({{ it.location }}){% endif %}: {{ it.detail }}</div>{% endfor %}
<div class="cols"><div><table id="grid"><tr><th>Function</th>{% for lv, name in levels %}<th>{{ lv }} {{ name }}</th>
{% endfor %}</tr>{% for fid, flabel in functions %}<tr><td class="fn">{{ flabel }}</td>
{% for lv, name in levels %}<td>{% for p in cells.get((fid, lv), []) %}
<div class="pl{% if p.low %} low{% endif %}" data-cell="{{ p.cell_ref }}">{{ p.short or '✓ (ticked)' }}
<span class="ref">{{ p.cell_ref }}</span>
{% for t in p.theme_list %}<span class="theme">{{ theme_label(t) }}{% if p.cell_ref %}<form method="post"
action="{{ base }}/correct">{{ hidden(r.source_file) }}<input type="hidden" name="action" value="remove_theme">
<input type="hidden" name="cell" value="{{ p.cell_ref }}"><input type="hidden" name="theme" value="{{ t }}">
<button title="Remove this theme" class="remove-theme">×</button></form>{% endif %}</span>{% endfor %}
{% if p.cell_ref %}<details><summary>change</summary>
<form method="post" action="{{ base }}/correct" class="move">{{ hidden(r.source_file) }}
<input type="hidden" name="action" value="move"><input type="hidden" name="cell" value="{{ p.cell_ref }}">
<select name="function">{% for f2, l2 in functions %}<option value="{{ f2 }}"{% if f2 == fid %} selected{% endif %}>
{{ l2 }}</option>{% endfor %}</select><select name="level">{% for l3, n3 in levels %}<option value="{{ l3 }}"
{% if l3 == lv %} selected{% endif %}>{{ l3 }} {{ n3 }}</option>{% endfor %}</select><button>Move</button></form>
<form method="post" action="{{ base }}/correct" class="drop">{{ hidden(r.source_file) }}
<input type="hidden" name="action" value="drop"><input type="hidden" name="cell" value="{{ p.cell_ref }}">
<button>Not engagement: drop</button></form>
<form method="post" action="{{ base }}/correct" class="add-theme">{{ hidden(r.source_file) }}
<input type="hidden" name="action" value="add_theme"><input type="hidden" name="cell" value="{{ p.cell_ref }}">
<select name="theme">{% for tid, tl in themes %}<option value="{{ tid }}">{{ tl }}</option>{% endfor %}</select>
<button>Add theme</button></form></details>{% endif %}</div>{% endfor %}</td>{% endfor %}</tr>{% endfor %}
</table></div><div><h3>Text read from the file</h3><ul class="src" id="source">
{% for s in texts if not s.template %}<li><span class="ref">{{ s.location }}</span> → {% if s.placed %}{{ s.where }}: {{ s.text }}
{% else %}<b>not placed ({{ s.reason }})</b>: {{ s.text }}{% if s.cell_ref %}
<form method="post" action="{{ base }}/correct" class="place">{{ hidden(r.source_file) }}
<input type="hidden" name="action" value="place"><input type="hidden" name="unplaced" value="{{ s.cell_ref }}">
<select name="function">{% for f2, l2 in functions %}<option value="{{ f2 }}">{{ l2 }}</option>{% endfor %}</select>
<select name="level">{% for l3, n3 in levels %}<option value="{{ l3 }}">{{ l3 }} {{ n3 }}</option>{% endfor %}
</select><button>Place</button></form>{% endif %}{% endif %}</li>{% else %}<li>(no text)</li>{% endfor %}
</ul>{% set template = texts|selectattr('template')|list %}{% if template %}<details><summary>{{ template|length }}
piece(s) of template text and headings, kept but not counted</summary><ul class="src">{% for s in template %}
<li><span class="ref">{{ s.location }}</span> {{ s.text }}</li>{% endfor %}</ul></details>{% endif %}</div></div>"""


class ReviewApp:
    """The state behind the page: the store, the corrections file, and this session's undo list."""

    def __init__(self, db: str, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD,
                 themes: str | None = None, corrections: str | None = None) -> None:
        from .corrections import default_path
        from .store import Store

        self.store = Store(db)
        self.db = db
        self.round = round_
        self.threshold = threshold
        self.themes_path = themes
        self.corrections_path = corrections or default_path(db)
        self.token = secrets.token_urlsafe(24)
        self.undo: list[tuple[int, dict[str, Any]]] = []  # (index in the file, entry) written by this page
        self.lock = threading.Lock()

    # ---------------------------------------------------------------- corrections
    def record(self, entry: dict[str, Any]) -> dict[str, Any]:
        from .corrections import append_correction
        saved = append_correction(self.corrections_path, dict(entry))
        index = int(saved["id"][1:]) - 1
        self.undo.append((index, {k: v for k, v in saved.items() if k != "id"}))
        self.reapply(entry["file"])
        return saved

    def take_back(self) -> dict[str, Any] | None:
        from .corrections import remove_correction
        if not self.undo:
            return None
        index, entry = self.undo.pop()
        if not remove_correction(self.corrections_path, index, entry):
            return None
        self.reapply(entry["file"])
        return entry

    def reapply(self, source_file: str) -> None:
        """Read the file again with its corrections, as ingest would, and store the result."""
        from .corrections import load_corrections
        from .pipeline import reread

        corrections = load_corrections(self.corrections_path, self.db)
        reread(self.store, source_file, corrections, self.themes_path)


def _entry_from_form(form) -> dict[str, Any]:
    from .corrections import build_entry

    action = form.get("action", "")
    file = form.get("file", "")
    cell = form.get("cell") or None
    if action == "move":
        return build_entry(file, cell, move_to=(form.get("function", ""), form.get("level", "")))
    if action == "drop":
        return build_entry(file, cell, drop=True)
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

    if "move" in entry:
        f = entry["move"]["function"]
        return f"moved {entry['cell']} to {FUNCTION_LABELS.get(f, f)}, level {entry['move']['level']}"
    if "drop" in entry:
        return f"dropped {entry['cell']}"
    if "place" in entry:
        f = entry["place"]["function"]
        return f"placed {entry['unplaced']} at {FUNCTION_LABELS.get(f, f)}, level {entry['place']['level']}"
    if "add_theme" in entry:
        return f"added the theme {entry['add_theme']} to {entry['cell']}"
    if "remove_theme" in entry:
        return f"removed the theme {entry['remove_theme']} from {entry['cell']}"
    return "set " + ", ".join(f"{k} to {v}" for k, v in entry.get("set", {}).items())


def create_app(state: ReviewApp):
    from flask import Flask, abort, redirect, render_template_string, request
    from markupsafe import Markup

    from .schema import BOARDS, FUNCTION_IDS, FUNCTION_LABELS, LEVELS, board_name
    from .store import UNFLAGGED_REASONS
    from .themes import load as load_themes

    app = Flask("matrix_synth.review_server")
    app.jinja_env.autoescape = True  # every text from a return is escaped, whatever the template's name
    base = f"/{state.token}"
    taxonomy = load_themes(state.themes_path)
    themes = [(t.id, t.label) for t in taxonomy.themes]
    functions = [(f, FUNCTION_LABELS[f]) for f in FUNCTION_IDS]
    levels = list(LEVELS.items())

    @app.before_request
    def _guard():
        parts = request.path.split("/")
        if len(parts) < 2 or not secrets.compare_digest(parts[1], state.token):
            abort(403)
        if request.method == "POST":
            if not secrets.compare_digest(request.form.get("token", ""), state.token):
                abort(403)
            origin = request.headers.get("Origin")
            if origin and origin != request.host_url.rstrip("/"):
                abort(403)

    @app.after_request
    def _headers(resp):
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
        resp.headers["Referrer-Policy"] = "same-origin"  # the token never leaves; the Origin is sent
        resp.headers["Cache-Control"] = "no-store"
        return resp

    def hidden(source_file: str) -> Markup:
        return Markup(render_template_string(
            '<input type="hidden" name="token" value="{{ t }}"><input type="hidden" name="file" value="{{ f }}">',
            t=state.token, f=source_file))

    def page(title: str, body: str, **kw) -> str:
        return render_template_string(_LAYOUT, title=title, base=base, token=state.token, body=Markup(body),
                                      message=request.args.get("msg", ""), error=request.args.get("error"),
                                      can_undo=bool(state.undo) and not request.args.get("error"), **kw)

    def ordered():
        items = review_items(state.store, state.round, state.threshold)
        files: dict[str, dict] = {}
        for it in items:
            files.setdefault(it["source_file"], {"source_file": it["source_file"], "items": [],
                                                 "has_return": it["return_id"] is not None})["items"].append(it)
        return items, files

    @app.get(f"{base}/")
    def index():
        with state.lock:
            items, files = ordered()
            returns = state.store.returns(state.round)
        boards = {r["source_file"]: board_name(r["board"]) if r["board"] else "not identified" for r in returns}
        for f in files.values():
            f["board"] = boards.get(f["source_file"], "")
        clean = [r for r in returns if r["source_file"] not in files]
        body = render_template_string(_INDEX, items=items, files=list(files.values()), clean=clean, base=base,
                                      corrections=state.corrections_path)
        return page("Review the returns", body, next_file="")

    @app.get(f"{base}/return")
    def one_return():
        source_file = request.args.get("file", "")
        with state.lock:
            returns = state.store.returns(state.round)
            r = next((x for x in returns if x["source_file"] == source_file), None)
            if r is None:
                abort(404)
            items, files = ordered()
            placements = [p for p in state.store.placements(state.round) if p["return_id"] == r["id"]]
            unplaced = [u for u in state.store.unplaced(state.round, include_boilerplate=True)
                        if u["return_id"] == r["id"]]
        order = list(files) + [x["source_file"] for x in returns if x["source_file"] not in files]
        pos = order.index(source_file) if source_file in order else -1
        next_file = order[pos + 1] if 0 <= pos < len(order) - 1 else ""
        cells: dict[tuple, list] = defaultdict(list)
        source: list[dict] = []
        seen: dict[tuple, dict] = {}
        for p in placements:
            view = dict(p, low=(p["confidence"] or 0) < state.threshold, short=_short(p["text"], 140),
                        theme_list=[t for t in (p["themes"] or "").split(";") if t])
            cells[(p["function"], p["level"])].append(view)
            key = (p["location"], p["text"], p["function"])
            if key in seen:  # a range: one line, its levels joined ("Learning Exchange 4-5")
                seen[key]["where"] += f"-{p['level']}"
                continue
            seen[key] = {"location": p["location"], "placed": True, "template": False,
                         "text": _short(p["text"], 300) or "✓",
                         "where": f"{FUNCTION_LABELS[p['function']]} {p['level']}"}
            source.append(seen[key])
        for u in unplaced:
            if u["reason"] in UNFLAGGED_REASONS and not (u["text"] or "").strip():
                continue
            source.append({"location": u["location"], "placed": False, "reason": u["reason"],
                           "text": _short(u["text"], 300), "cell_ref": u["cell_ref"],
                           "template": u["reason"] in UNFLAGGED_REASONS})
        body = render_template_string(
            _RETURN, r=r, base=base, boards=[b.name for b in BOARDS], hidden=hidden, functions=functions,
            levels=levels, cells=cells, texts=source, themes=themes, theme_label=taxonomy.label,
            flags=files.get(source_file, {}).get("items", []), next_file=next_file,
            board=board_name(r["board"]) if r["board"] else "Board not identified",
            coverage=f"{float(r['coverage'] or 0):.0%}")
        return page(f"Review: {source_file}", body, next_file=source_file)

    @app.post(f"{base}/correct")
    def correct():
        from urllib.parse import urlencode
        source_file = request.form.get("file", "")
        try:
            entry = _entry_from_form(request.form)
            with state.lock:
                saved = state.record(entry)
            msg, err = f"Saved as {saved['id']} in corrections.yaml: {_describe(entry)}.", ""
        except ValueError as exc:
            msg, err = str(exc), "1"
        query = {"file": source_file, "msg": msg} | ({"error": err} if err else {})
        return redirect(f"{base}/return?{urlencode(query)}", code=303)

    @app.post(f"{base}/undo")
    def undo():
        from urllib.parse import urlencode
        with state.lock:
            entry = state.take_back()
        msg = f"Undone: {_describe(entry)}." if entry else "Nothing to undo (or corrections.yaml changed meanwhile)."
        target = request.form.get("next") or (entry or {}).get("file", "")
        where = f"{base}/return?{urlencode({'file': target, 'msg': msg})}" if target else f"{base}/?msg={msg}"
        return redirect(where, code=303)

    return app


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def make_server(db: str, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD, themes: str | None = None,
                corrections: str | None = None):
    """(server, url): a server bound to 127.0.0.1 on a free port, not yet serving."""
    from werkzeug.serving import make_server as werkzeug_server

    state = ReviewApp(db, round_, threshold, themes, corrections)
    server = werkzeug_server("127.0.0.1", 0, create_app(state), threaded=False)
    return server, f"http://127.0.0.1:{server.server_port}/{state.token}/"


def serve(db: str, round_: int | None = None, threshold: float = DEFAULT_THRESHOLD, themes: str | None = None,
          corrections: str | None = None, open_browser: bool = True) -> None:
    """Serve the review page until Ctrl-C."""
    import click

    import logging
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per click in the terminal
    server, url = make_server(db, round_, threshold, themes, corrections)
    click.echo(f"The review page is at {url}\n(only this computer can open it). Press Ctrl-C to stop.")
    if open_browser:
        import webbrowser
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped. Your corrections are in corrections.yaml and in the store.")
    finally:
        server.server_close()
