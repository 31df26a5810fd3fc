"""matrix-synth command line. Each command parses options, makes one library call and
prints. Library modules are imported inside the commands so that --help starts at once."""
from __future__ import annotations

import errno
import json
import os
import sqlite3
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
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            # Ctrl-C: quietly. Whatever was printed as stored is stored (the batch commits on the way out).
            click.echo("\nStopped. Files listed above are stored; run the same command again to finish.",
                       err=True)
            from . import budget
            if budget.pools_started:  # worker processes were stopped: exit now, not after waiting on their threads
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(130)
            sys.exit(130)
        except BrokenPipeError:
            # The reader stopped early ('matrix-synth export | head'): not an error to report. Point
            # stdout at devnull so that Python's flush at exit does not raise again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except sqlite3.DatabaseError as exc:
            raise UsageFailure(_store_trouble(exc)) from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise UsageFailure(_DISK_FULL) from None
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise UsageFailure(f"Cannot write {exc.filename or 'the output'}: {exc.strerror}. If it is open in "
                                   "Word or Excel, close it; otherwise choose a folder you can write to "
                                   "(-o PATH).") from None
            if _debug(ctx):
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc}. Run again as 'matrix-synth --debug ...' "
                                       "to see the details, and report it.") from None
        except Exception as exc:
            if _debug(ctx):
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc}. Run again as 'matrix-synth --debug ...' "
                                       "to see the details, and report it.") from None


_DISK_FULL = ("disk-full: the disk is full (or the store reached its size limit). What was stored before "
              "stays, and no half-written file was left. Free some space and run the same command again.")


def _store_trouble(exc: Exception) -> str:
    text = str(exc).lower()
    if "full" in text:
        return _DISK_FULL
    if "readonly" in text or "read-only" in text:
        return ("The store is read-only (read-only media or no write permission): export, review and report "
                "work, but ingest needs a store you can write to (copy it, or pass --db NEW_FILE).")
    if "locked" in text or "busy" in text:
        return "The store is busy with another command. Wait for it to finish and run this one again."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ("The store is damaged or is not a matrix-synth store; it was not changed. Pass another store "
                "with --db, or ingest the returns into a new one.")
    return f"The store could not be used ({exc}). Run again with --debug for details, and report it."


def _debug(ctx: click.Context) -> bool:
    sub = ctx.invoked_subcommand and ctx.protected_args
    return "--debug" in sys.argv or bool(sub and "--debug" in ctx.args)


db_option = click.option("--db", envvar="MATRIX_SYNTH_DB", default="matrix-synth.sqlite", show_default=True,
                         type=click.Path(dir_okay=False),
                         help="The store (a SQLite file). The MATRIX_SYNTH_DB environment variable sets it too.")
round_option = click.option("--round", "round_", type=click.IntRange(2000, 2100), metavar="YEAR", help="Only this round (year).")
set_round_option = click.option("--round", "round_", type=click.IntRange(2000, 2100), metavar="YEAR",
                                help="Set the round (year) of every file read, instead of taking it from the "
                                     "folder or file name.")
themes_option = click.option("--themes", type=click.Path(exists=True, dir_okay=False),
                             help="A theme taxonomy YAML file (copy the default from 'matrix-synth themes').")
personal_option = click.option("--include-personal", is_flag=True,
                               help="Keep names, e-mail addresses and phone numbers (left out by default).")


def _check_rounds(store, round_: int | None = None, compare_with: int | None = None) -> None:
    """--round and --compare name rounds the store has, and --compare the earlier of the two."""
    for year, what in ((round_, "--round"), (compare_with, "--compare")):
        if year is not None and year not in store.rounds():
            known = ", ".join(str(r) for r in store.rounds()) or "none yet"
            raise UsageFailure(f"{what} {year}: the store has no returns for {year} (rounds stored: {known}).")
    if round_ is not None and compare_with is not None and compare_with >= round_:
        raise UsageFailure(f"--compare {compare_with} must be an earlier round than --round {round_}: the report "
                           f"compares a round with an earlier one (try --round {compare_with} --compare {round_}).")


def _open_store(db: str, must_exist: bool = True):
    from .store import Store
    if must_exist and not os.path.exists(db):
        raise MatrixSynthError(f"There is no store at {db}. Run 'matrix-synth ingest RETURNS_FOLDER' first "
                               "(or pass --db).")
    store = Store(db)
    if store.privacy_note:
        click.echo(store.privacy_note, err=True)
    return store


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
@set_round_option
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

    found, _ = find_returns(paths)  # a mistyped folder is refused before any store is made
    store = _open_store(db, must_exist=False)
    bar_wanted = sys.stderr.isatty() and len(found) > 50 and not verbose
    printer = _FilePrinter(quiet_ok=bar_wanted)
    if bar_wanted:
        containers: set[str] = set()  # a zip or e-mail is one step of the bar, however many returns it holds

        def step(f) -> None:
            if not f.container or f.container not in containers:
                bar.update(1)
            containers.add(f.container)
            printer(f)
        with click.progressbar(length=len(found), label="Reading returns", file=sys.stderr) as bar:
            report = run(paths, store, round_, jobs, themes, corrections, debug, on_file=step,
                         on_wait=_waiting)
    else:
        report = run(paths, store, round_, jobs, themes, corrections, debug, on_file=printer, on_wait=_waiting)
    _totals(report, "ingest")
    sys.exit(report.exit_code)


def _waiting() -> None:
    click.echo("Another ingest is writing to this store; waiting for it to finish…", err=True)


def _echo(text: str = "", err: bool = False) -> None:
    """click.echo for text from returns and file names: control characters neutralised."""
    from .safetext import terminal_safe
    click.echo(terminal_safe(text), err=err)


class _FilePrinter:
    def __init__(self, quiet_ok: bool = False) -> None:
        self.quiet_ok = quiet_ok
        self.container = ""  # the container whose members are being listed, indented under it

    def __call__(self, f) -> None:
        if self.quiet_ok and f.status == "ok":
            return
        name = f.file
        if f.container and f.file != f.container:  # a member: indented under its container's name
            if self.container != f.container:
                _echo(f"{'':<10} {f.container}")
            name = "  " + f.file[len(f.container) + 1:]
        self.container = f.container
        word = {"failed": "FAILED", "checked": "checked"}.get(f.action, f.action)
        if f.status == "error":
            word = "FAILED"
        detail = []
        if f.status != "error":
            detail = [f.board or "board unknown", f.layout or "", f"{f.matrices} matri{'x' if f.matrices == 1 else 'ces'}",
                      f"{f.placements} placements"]
            if f.action in ("unchanged", "removed"):
                detail = []
        detail.append(f"{len(f.problems)} problem{'s' if len(f.problems) != 1 else ''}")
        _echo(f"{word:<10} {name}  " + " · ".join(d for d in detail if d))
        for p in f.problems:
            where = f" ({p.location})" if p.location and p.location not in p.message else ""
            _echo(f"           {p.severity}: [{p.code}] {p.message}{where}")
            if p.severity == "error" or f.status == "error":
                _echo(f"           → {p.hint}")
        if f.debug:
            _echo(f.debug, err=True)


def _totals(report, verb: str) -> None:
    n = len([f for f in report.files if f.path])
    failed = len(report.failed)
    parts = [f"{report.count(a)} {a}" for a in ("new", "replaced", "unchanged", "duplicate", "checked", "removed")
             if report.count(a)]
    placements = sum(f.placements for f in report.files)
    matrices = sum(f.matrices for f in report.files)
    _echo(f"\n{n} file{'s' if n != 1 else ''}: " + ", ".join(parts + ([f"{failed} failed"] if failed else []))
               + f". {matrices} matrices, {placements} placements read.")
    no_matrix = sum(1 for f in report.files if f.status != "error"
                    and any(p.code == "no-matrix-found" for p in f.problems))
    if no_matrix:
        click.echo(f"{no_matrix} file{'s' if no_matrix != 1 else ''} with no matrix: "
                   f"{'kept' if verb == 'ingest' else 'would be kept'} with {'their' if no_matrix != 1 else 'its'} "
                   "text for review, not counted.")
    for name, by, why in getattr(report, "superseded", ()):
        what = "a copy of" if why == "copy" else "an earlier version of"
        _echo(f"Not counted: {name} is {what} {by} (kept, shown in review).")
    if report.skipped:
        shown = ", ".join(report.skipped[:5]) + (" …" if len(report.skipped) > 5 else "")
        _echo(f"Skipped {len(report.skipped)} file(s) that are not returns: {shown}")
    if report.store:
        _echo(f"Store: {report.store}")
    if failed:
        _echo(f"{failed} file(s) could not be read: see the reasons above.", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@set_round_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per file.")
@click.option("--jobs", type=int, help="Files read at once (default: all cores).")
@themes_option
@click.option("--debug", is_flag=True, help="Show the traceback of unexpected errors.")
def check(paths, round_, as_json, jobs, themes, debug) -> None:
    """Read returns without writing the store: layout, matrices, placements, coverage,
    confidence and problems, per file."""
    from .pipeline import check as run

    if as_json:
        report = run(paths, round_, jobs, themes, debug=debug)
        from .safetext import json_text
        click.echo(json_text(json.dumps([f.to_dict() for f in report.files], indent=2, ensure_ascii=False)))
    else:
        def line(f) -> None:
            _FilePrinter()(f)
            if f.status != "error":
                click.echo(f"           layout {f.layout}, text coverage {f.coverage:.0%}, "
                           f"confidence {f.confidence:.2f}")
        report = run(paths, round_, jobs, themes, debug=debug, on_file=line)
        _totals(report, "check")
    sys.exit(report.exit_code)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS_EXPORT), default="csv", show_default=True,
              help="csv or json (one table), or xlsx (a workbook made for pivot tables).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The file to write (default: the screen for csv/json, export.xlsx for xlsx).")
@round_option
@db_option
@personal_option
@themes_option
def export(fmt, output, round_, db, include_personal, themes) -> None:
    """Export the placement table (and, in xlsx, returns, free text, unplaced text and problems)."""
    from .export import export as run

    store = _open_store(db)
    _check_rounds(store, round_)
    if fmt == "xlsx" and not output:
        output = "export.xlsx"
    written = run(store, fmt, output, round_, include_personal, themes)
    if output:
        click.echo(f"Wrote {written} placements to {output}", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS_REPORT), default="docx", show_default=True,
              help="Word (docx), a web page (html) or Markdown (md).")
@click.option("-o", "--output", type=click.Path(),
              help="The file to write (default: overview-report-ROUND.FMT); with --board all, the folder.")
@click.option("--round", "--to", "round_", type=click.IntRange(2000, 2100), metavar="YEAR",
              help="The round (year) the report is about (default: the latest; --to is the same).")
@click.option("--compare", "--from", "compare_with", type=click.IntRange(2000, 2100), metavar="YEAR",
              help="Add a year-on-year section against this earlier round (--from is the same).")
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
@click.option("--board", metavar="NAME",
              help="Write one board's profile instead (e.g. --board Fife), or 'all' for every board's, "
                   "into a folder (-o, default profiles-ROUND).")
@db_option
@themes_option
@personal_option
def report(fmt, output, round_, compare_with, intro, template, detail, hallmarks, top_themes, board, db, themes,
           include_personal) -> None:
    """Write the overview report (Word, HTML or Markdown), or a board's profile (--board)."""
    from .render import build_profiles_files, build_report

    store = _open_store(db)
    _check_rounds(store, round_ if round_ is not None else (store.rounds() or [None])[-1], compare_with)
    if board is not None:
        ignored = [name for name, given in (("--compare", compare_with), ("--intro", intro),
                                            ("--detail full", detail == "full")) if given]
        if ignored:
            raise click.UsageError(f"{' and '.join(ignored)} {'is' if len(ignored) == 1 else 'are'} for the "
                                   f"overview report; a board's profile compares the board with its own last "
                                   f"return. Leave {'it' if len(ignored) == 1 else 'them'} out with --board.")
        paths = build_profiles_files(store, board, fmt, output, round_, template, themes, include_personal,
                                     hallmarks)
        if len(paths) == 1 and board.strip().lower() != "all":
            click.echo(f"Wrote {paths[0]}")
        else:
            click.echo(f"Wrote {len(paths)} board profiles to {os.path.dirname(paths[0]) or '.'}")
        return
    if output and os.path.isdir(output):
        raise click.UsageError(f"{output} is a folder: -o names the report file to write.")
    path = build_report(store, fmt, output, round_, compare_with, intro, template, themes, include_personal,
                        detail=detail, hallmarks=hallmarks, top_themes=top_themes)
    click.echo(f"Wrote {path}")


@cli.command()
@click.option("--by", type=click.Choice(("board", "theme", "function", "partner", "round")), default="board",
              show_default=True, help="One row per board, theme, function, partner or round.")
@click.option("--format", "fmt", type=click.Choice(FORMATS_TABLE), default="md", show_default=True,
              help="csv, xlsx or Markdown (md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The file to write (default: the screen; summary.xlsx for xlsx).")
@round_option
@db_option
@themes_option
def summary(by, fmt, output, round_, db, themes) -> None:
    """Function x level counts by board, theme, function, partner or round."""
    from .aggregate import summary_table
    from .tables import write_table

    store = _open_store(db)
    _check_rounds(store, round_)
    rows = summary_table(store, by, round_)
    if by == "theme":  # each theme's name in the taxonomy beside its id
        from .themes import load
        taxonomy = load(themes)
        rows = [{"theme": r["theme"], "theme_name": taxonomy.label(r["theme"]) if r["theme"] != "(no theme)"
                 else "", **r} for r in rows]
    write_table(rows, fmt, output, title=f"Summary by {by}")


@cli.command()
@click.option("--round", "--to", "to", type=click.IntRange(2000, 2100), metavar="YEAR",
              help="The later round (year) (--to is the same).")
@click.option("--compare", "--from", "from_", type=click.IntRange(2000, 2100), metavar="YEAR",
              help="The earlier round to compare with (--from is the same).")
@click.option("--journey", is_flag=True,
              help="Every round since the first: each function nationally, and each board round to round.")
@click.option("--format", "fmt", type=click.Choice(FORMATS_TABLE), default="md", show_default=True,
              help="csv, xlsx or Markdown (md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The file to write (default: the screen; summary.xlsx for xlsx).")
@db_option
def compare(from_, to, journey, fmt, output, db) -> None:
    """Year on year, like for like: each board's highest level per function in two rounds on the same
    topic, the change and its basis; or, with --journey, every round since the first."""
    from .tables import write_table

    store = _open_store(db)
    if journey:
        from .journey import journey as whole

        j = whole(store)
        if len(j.rounds) < 2:
            raise click.UsageError(f"The journey needs two rounds or more; the store holds "
                                   f"{', '.join(map(str, j.rounds)) or 'none'}.")
        write_table(j.national_rows(), fmt, output, title=f"Each function nationally, {j.rounds[0]} to "
                    f"{j.rounds[-1]}", extra={"Each board, round to round (like for like)": j.board_rows()})
        return
    if to is None or from_ is None:
        raise click.UsageError("Give the two rounds (--from 2013 --to 2014), or --journey for every round.")
    from .aggregate import compare_rounds

    _check_rounds(store, to, from_)
    result = compare_rounds(store, from_, to)
    write_table(result.rows, fmt, output, title=f"Highest level per board and function, {from_} to {to}",
                extra=result.extra_tables())


_HTML_FLAG = "\0flag"


@cli.command()
@round_option
@db_option
@click.option("--threshold", type=float, default=0.75, show_default=True,
              help="Placements read with less confidence than this are listed.")
@click.option("--limit", type=int, default=40, show_default=True, metavar="N",
              help="Show the N worst items (0: all).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the items as one JSON array, worst first (--limit applies).")
@click.option("--html", "html_out", is_flag=False, flag_value=_HTML_FLAG, default=None, metavar="",
              help="Write a self-contained review page to send round, to -o FILE (default review.html).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The file --html writes (default review.html).")
@click.option("--serve", is_flag=True,
              help="Open a page in your browser to review and correct with clicks (this computer only).")
@click.option("--no-browser", is_flag=True, help="With --serve: print the page's address instead of opening it.")
@themes_option
@personal_option
@click.option("--corrections", type=click.Path(dir_okay=False),
              help="Corrections file (default: corrections.yaml next to the store).")
def review(round_, db, threshold, limit, as_json, html_out, output, serve, no_browser, themes, corrections,
           include_personal) -> None:
    """What needs a human eye, worst first: returns that gave no engagement, unknown boards, low-confidence
    placements, sentences not placed; short leftovers counted once per file."""
    from .review import review_items, review_text, write_review_html

    store = _open_store(db)
    _check_rounds(store, round_)
    if serve:  # the page uses this process's one connection to the store
        from .review_server import serve as run_server
        run_server(store, round_, threshold, themes, corrections, open_browser=not no_browser,
                   include_personal=include_personal)
        return
    if html_out:
        if html_out != _HTML_FLAG:
            click.echo("Note: 'review --html FILE' is now 'review --html -o FILE'.", err=True)
            output = output or html_out
        written = write_review_html(store, output or 'review.html', round_, threshold, include_personal)
        click.echo(f"Wrote {written}")
        return
    items = review_items(store, round_, threshold, include_personal)
    if as_json:
        from .safetext import json_text
        click.echo(json_text(json.dumps(items[:limit] if limit else items, indent=2, ensure_ascii=False)))
        return
    _echo(review_text(items, limit))
    if items:
        click.echo("Fix them with 'matrix-synth review --serve' (a page that corrects with clicks), "
                   "'matrix-synth correct' or corrections.yaml.")


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
@click.option("--level", "level", type=click.IntRange(1, 5), metavar="N",
              help="With --cell: only the placement at this level (one half of a range such as 2-3).")
@db_option
@click.option("--corrections", type=click.Path(dir_okay=False),
              help="Corrections file (default: corrections.yaml next to the store).")
@themes_option
def correct(file, cell, move_to, drop, unplaced, place, set_, add_theme, remove_theme, level, db, corrections,
            themes) -> None:
    """Record a correction for FILE (its name) in the corrections file. It applies from the next ingest.
    What you give is checked against the store first: a file, cell, function, level, board or theme
    that does not exist is refused (exit 2) and nothing is written."""
    from .corrections import append_correction, build_entry, check_entry, default_path
    from .themes import load

    pairs = [s.split("=", 1) for s in set_]
    if any(len(p) != 2 for p in pairs):
        raise UsageFailure("--set takes FIELD=VALUE, e.g. --set board='NHS Fife'")
    store = _open_store(db)
    try:
        entry = build_entry(file, cell, move_to, drop, unplaced, place, {k.strip(): v.strip() for k, v in pairs},
                            add_theme, remove_theme, level)
        entry = check_entry(entry, store, load(themes))
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None
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


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checks as one JSON array.")
def doctor(as_json) -> None:
    """What this machine can read (LibreOffice for old formats, Tesseract for scans) and what to
    install for the rest. Exit 0 when everything is there, 1 when something is missing."""
    from .doctor import as_dicts, check_setup

    caps = check_setup()
    if as_json:
        click.echo(json.dumps(as_dicts(caps), indent=2, ensure_ascii=False))
    else:
        for c in caps:
            _echo(f"{'ok     ' if c.ok else 'MISSING'}  {c.name}: {c.detail}")
            if not c.ok and c.install:
                _echo(f"         → {c.install}")
    sys.exit(0 if all(c.ok for c in caps) else 1)


def main() -> None:
    cli()
