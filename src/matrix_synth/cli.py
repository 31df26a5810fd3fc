"""matrix-synth command line. Each command parses options, makes one library call and
prints. Library modules are imported inside the commands so that --help starts at once."""
from __future__ import annotations

import json
import os
import sys

import click

from .problems import MatrixSynthError

FORMATS_EXPORT = ("csv", "xlsx", "json")
FORMATS_REPORT = ("docx", "html", "md")
FORMATS_TABLE = ("csv", "xlsx", "md")


class UsageFailure(click.ClickException):
    exit_code = 2


class _Group(click.Group):
    """Turns library errors into one clear line (exit 2), and anything unexpected into a short
    message rather than a traceback (unless --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MatrixSynthError as exc:
            raise UsageFailure(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader stopped early ('matrix-synth export | head'): not an error to report. Point
            # stdout at devnull so that Python's flush at exit does not raise again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            if _debug(ctx):
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc}. Run again as 'matrix-synth --debug ...' "
                                       "to see the details, and report it.") from None


def _debug(ctx: click.Context) -> bool:
    sub = ctx.invoked_subcommand and ctx.protected_args
    return "--debug" in sys.argv or bool(sub and "--debug" in ctx.args)


db_option = click.option("--db", envvar="MATRIX_SYNTH_DB", default="matrix-synth.sqlite", show_default=True,
                         type=click.Path(dir_okay=False),
                         help="The store (a SQLite file). The MATRIX_SYNTH_DB environment variable sets it too.")
round_option = click.option("--round", "round_", type=int, metavar="YEAR", help="Only this round (year).")
themes_option = click.option("--themes", type=click.Path(exists=True, dir_okay=False),
                             help="A theme taxonomy YAML file (copy the default from 'matrix-synth themes').")
personal_option = click.option("--include-personal", is_flag=True,
                               help="Keep names, e-mail addresses and phone numbers (left out by default).")


def _open_store(db: str, must_exist: bool = True):
    from .store import Store
    if must_exist and not os.path.exists(db):
        raise MatrixSynthError(f"There is no store at {db}. Run 'matrix-synth ingest RETURNS_FOLDER' first "
                               "(or pass --db).")
    return Store(db)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="matrix-synth")
@click.option("--debug", is_flag=True, help="Show the full traceback of an unexpected error (for bug reports).")
def cli(debug: bool) -> None:
    """Turn a folder of returned Engagement Matrices into a dataset and an overview report.

    \b
    Start with:
      matrix-synth ingest returns/          read every return into the store
      matrix-synth report --format docx     write the overview report
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@round_option
@db_option
@click.option("--jobs", type=int, help="Files read at once (default: all cores).")
@themes_option
@click.option("--corrections", type=click.Path(dir_okay=False),
              help="Corrections file (default: corrections.yaml next to the store).")
@click.option("--verbose", "-v", is_flag=True, help="A line for every file, even with the progress bar.")
@click.option("--debug", is_flag=True, help="Show the traceback of unexpected errors.")
def ingest(paths, round_, db, jobs, themes, corrections, verbose, debug) -> None:
    """Read returns (files or folders, searched recursively) into the store.

    Unchanged files are skipped; a changed file replaces what was stored for it. The round
    is --round, else a year in the folder name. Exit 0 when every file was read, 1 when
    some could not be (each with its reason), 2 on a usage error."""
    from .pipeline import find_returns
    from .pipeline import ingest as run

    store = _open_store(db, must_exist=False)
    found, _ = find_returns(paths)
    bar_wanted = sys.stderr.isatty() and len(found) > 50 and not verbose
    printer = _FilePrinter(quiet_ok=bar_wanted)
    if bar_wanted:
        with click.progressbar(length=len(found), label="Reading returns", file=sys.stderr) as bar:
            report = run(paths, store, round_, jobs, themes, corrections, debug,
                         on_file=lambda f: (bar.update(1), printer(f)))
    else:
        report = run(paths, store, round_, jobs, themes, corrections, debug, on_file=printer)
    _totals(report, "ingest")
    sys.exit(report.exit_code)


class _FilePrinter:
    def __init__(self, quiet_ok: bool = False) -> None:
        self.quiet_ok = quiet_ok

    def __call__(self, f) -> None:
        if self.quiet_ok and f.status == "ok":
            return
        word = {"failed": "FAILED", "checked": "checked"}.get(f.action, f.action)
        if f.status == "error":
            word = "FAILED"
        detail = []
        if f.status != "error":
            detail = [f.board or "board unknown", f.layout or "", f"{f.matrices} matri{'x' if f.matrices == 1 else 'ces'}",
                      f"{f.placements} placements"]
            if f.action in ("unchanged",):
                detail = []
        detail.append(f"{len(f.problems)} problem{'s' if len(f.problems) != 1 else ''}")
        click.echo(f"{word:<10} {f.file}  " + " · ".join(d for d in detail if d))
        for p in f.problems:
            where = f" ({p.location})" if p.location and p.location not in p.message else ""
            click.echo(f"           {p.severity}: [{p.code}] {p.message}{where}")
            if p.severity == "error" or f.status == "error":
                click.echo(f"           → {p.hint}")
        if f.debug:
            click.echo(f.debug, err=True)


def _totals(report, verb: str) -> None:
    n = len([f for f in report.files if f.path])
    failed = len(report.failed)
    parts = [f"{report.count(a)} {a}" for a in ("new", "replaced", "unchanged", "duplicate", "checked")
             if report.count(a)]
    placements = sum(f.placements for f in report.files)
    matrices = sum(f.matrices for f in report.files)
    click.echo(f"\n{n} file{'s' if n != 1 else ''}: " + ", ".join(parts + ([f"{failed} failed"] if failed else []))
               + f". {matrices} matrices, {placements} placements read.")
    if report.skipped:
        shown = ", ".join(report.skipped[:5]) + (" …" if len(report.skipped) > 5 else "")
        click.echo(f"Skipped {len(report.skipped)} file(s) that are not returns: {shown}")
    if report.store:
        click.echo(f"Store: {report.store}")
    if failed:
        click.echo(f"{failed} file(s) could not be read: see the reasons above.", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@round_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per file.")
@click.option("--jobs", type=int, help="Files read at once (default: all cores).")
@click.option("--debug", is_flag=True, help="Show the traceback of unexpected errors.")
def check(paths, round_, as_json, jobs, debug) -> None:
    """Read returns without writing the store: layout, matrices, placements, coverage,
    confidence and problems, per file."""
    from .pipeline import check as run

    if as_json:
        report = run(paths, round_, jobs, debug=debug)
        click.echo(json.dumps([f.to_dict() for f in report.files], indent=2, ensure_ascii=False))
    else:
        def line(f) -> None:
            _FilePrinter()(f)
            if f.status != "error":
                click.echo(f"           layout {f.layout}, text coverage {f.coverage:.0%}, "
                           f"confidence {f.confidence:.2f}")
        report = run(paths, round_, jobs, debug=debug, on_file=line)
        _totals(report, "check")
    sys.exit(report.exit_code)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS_EXPORT), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout for csv/json).")
@round_option
@db_option
@personal_option
def export(fmt, output, round_, db, include_personal) -> None:
    """Export the placement table (and, in xlsx, returns, free text, unplaced text and problems)."""
    from .export import export as run

    store = _open_store(db)
    if fmt == "xlsx" and not output:
        output = "export.xlsx"
    written = run(store, fmt, output, round_, include_personal)
    if output:
        click.echo(f"Wrote {written} placements to {output}", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS_REPORT), default="docx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: overview-report-ROUND.FMT).")
@round_option
@click.option("--compare", "compare_with", type=int, metavar="YEAR", help="Add a year-on-year section against YEAR.")
@click.option("--intro", type=click.Path(exists=True, dir_okay=False),
              help="Markdown or YAML with the analyst's purpose, background and summary.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False),
              help="Your own Word (.docx) or Jinja (.html/.md) template.")
@click.option("--detail", type=click.Choice(("summary", "full")), default="summary", show_default=True,
              help="summary: the overview to send; full: every placement, as an evidence pack.")
@click.option("--hallmarks", type=click.Path(exists=True, dir_okay=False),
              help="Your own hallmarks and concerns file (copy of the default hallmarks.yaml).")
@click.option("--top-themes", type=click.IntRange(1, 20), default=5, show_default=True,
              help="How many leading themes of what is working well get their own section.")
@db_option
@themes_option
@personal_option
def report(fmt, output, round_, compare_with, intro, template, detail, hallmarks, top_themes, db, themes,
           include_personal) -> None:
    """Write the overview report (Word, HTML or Markdown)."""
    from .render import build_report

    store = _open_store(db)
    path = build_report(store, fmt, output, round_, compare_with, intro, template, themes, include_personal,
                        detail=detail, hallmarks=hallmarks, top_themes=top_themes)
    click.echo(f"Wrote {path}")


@cli.command()
@click.option("--by", type=click.Choice(("board", "theme", "function", "partner", "round")), default="board",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS_TABLE), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@round_option
@db_option
def summary(by, fmt, output, round_, db) -> None:
    """Function x level counts by board, theme, function, partner or round."""
    from .aggregate import summary_table
    from .tables import write_table

    store = _open_store(db)
    write_table(summary_table(store, by, round_), fmt, output, title=f"Summary by {by}")


@cli.command()
@click.option("--from", "from_", type=int, required=True, metavar="YEAR")
@click.option("--to", "to", type=int, required=True, metavar="YEAR")
@click.option("--format", "fmt", type=click.Choice(FORMATS_TABLE), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@db_option
def compare(from_, to, fmt, output, db) -> None:
    """Year on year: each board's highest level per function in two rounds, and the change."""
    from .aggregate import compare_rounds
    from .tables import write_table

    store = _open_store(db)
    result = compare_rounds(store, from_, to)
    write_table(result.rows, fmt, output, title=f"Highest level per board and function, {from_} to {to}",
                extra=result.extra_tables())


@cli.command()
@round_option
@db_option
@click.option("--threshold", type=float, default=0.75, show_default=True,
              help="Placements below this confidence are listed.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), is_flag=False, flag_value="review.html",
              default=None, help="Write a self-contained review page (default name review.html).")
def review(round_, db, threshold, html_out) -> None:
    """List what needs a human eye: low-confidence placements, unknown boards, unplaced text, problems."""
    from .review import review_items, write_review_html

    store = _open_store(db)
    if html_out:
        click.echo(f"Wrote {write_review_html(store, html_out, round_, threshold)}")
        return
    items = review_items(store, round_, threshold)
    for item in items:
        click.echo(f"{item['kind']:<16} {item['source_file']}  {item['location']}\n    {item['detail']}")
    click.echo(f"\n{len(items)} item(s) to review. Fix them with 'matrix-synth correct' or by editing "
               "corrections.yaml, then ingest again.")


@cli.command()
@click.argument("file")
@click.option("--cell", help="The placement's cell (cell_ref in the export, e.g. 'T3 R2C4' or 'Sheet1!B7').")
@click.option("--move-to", nargs=2, metavar="FUNCTION LEVEL", help="Move the placement to another function/level.")
@click.option("--drop", is_flag=True, help="Remove the placement.")
@click.option("--unplaced", metavar="CELL", help="Attach this unplaced text (its cell_ref) to a cell; use with --place.")
@click.option("--place", nargs=2, metavar="FUNCTION LEVEL", help="Function and level for --unplaced text.")
@click.option("--set", "set_", multiple=True, metavar="FIELD=VALUE",
              help="Set a return's board, partner, topic, locality or round.")
@click.option("--add-theme", help="Add a theme to the placement.")
@click.option("--remove-theme", help="Remove a theme from the placement.")
@db_option
@click.option("--corrections", type=click.Path(dir_okay=False),
              help="Corrections file (default: corrections.yaml next to the store).")
def correct(file, cell, move_to, drop, unplaced, place, set_, add_theme, remove_theme, db, corrections) -> None:
    """Record a correction for FILE (its name) in the corrections file. It applies from the next ingest."""
    from .corrections import append_correction, default_path

    entry: dict = {"file": file}
    if cell:
        entry["cell"] = cell
    if set_:
        pairs = [s.split("=", 1) for s in set_]
        if any(len(p) != 2 for p in pairs):
            raise UsageFailure("--set takes FIELD=VALUE, e.g. --set board='NHS Fife'")
        entry["set"] = {k.strip(): v.strip() for k, v in pairs}
    elif move_to:
        entry["move"] = {"function": move_to[0], "level": move_to[1]}
    elif drop:
        entry["drop"] = True
    elif unplaced and place:
        entry.update(unplaced=unplaced, place={"function": place[0], "level": place[1]})
    elif add_theme:
        entry["add_theme"] = add_theme
    elif remove_theme:
        entry["remove_theme"] = remove_theme
    else:
        raise UsageFailure("Say what to correct: --set, --move-to, --drop, --unplaced with --place, "
                           "--add-theme or --remove-theme.")
    if any(k in entry for k in ("move", "drop", "add_theme", "remove_theme")) and not cell:
        raise UsageFailure("--move-to, --drop and the theme options need --cell (see cell_ref in the export).")
    path = corrections or default_path(db)
    saved = append_correction(path, entry)
    click.echo(f"Recorded correction {saved['id']} in {path}. Run 'matrix-synth ingest' again to apply it.")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Copy the default taxonomy to this file.")
@themes_option
def themes(output, themes) -> None:
    """List the themes (or copy the default taxonomy file to edit it)."""
    from .themes import DEFAULT_THEMES, load

    if output:
        import shutil
        shutil.copyfile(DEFAULT_THEMES, output)
        click.echo(f"Copied the default themes to {output}. Edit it and pass it with --themes {output}.")
        return
    for theme in load(themes).themes:
        click.echo(f"{theme.id:<28} {theme.label}: {', '.join(theme.keywords[:8])}")


def main() -> None:
    cli()
