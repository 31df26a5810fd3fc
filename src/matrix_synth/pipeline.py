"""The pipeline: find returns, read, detect and normalise each, write each to the store in
one transaction. A file that fails writes nothing of itself but its problems; the batch
goes on. Files are processed on all cores; only the main process writes to the store."""
from __future__ import annotations

import hashlib
import os
import re
import traceback
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable

from .containers import CONTAINER_EXTENSIONS, is_container
from .problems import ERROR, WARNING, MatrixSynthError, Problem, ReadFailure
from .readers import RETURN_EXTENSIONS, ignored_name

_YEAR_RE = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")


@dataclass
class FileReport:
    file: str  # as the analyst knows it: relative to the folder given
    path: str
    action: str  # new, replaced, unchanged, duplicate, failed, checked
    status: str = "ok"  # ok, warning, error
    round: int | None = None
    board: str | None = None
    layout: str = ""
    matrices: int = 0
    placements: int = 0
    coverage: float = 0.0
    confidence: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    debug: str = ""
    container: str = ""  # for a member of a .zip/.eml/.msg: the container's name (file is 'container/member')

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["problems"] = [p.to_dict() for p in self.problems]
        out.pop("debug")
        return out


@dataclass
class RunReport:
    files: list[FileReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    store: str = ""

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == ERROR]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def count(self, action: str) -> int:
        return sum(1 for f in self.files if f.action == action)


# --------------------------------------------------------------------------- finding files

def find_returns(paths: Iterable[str], entry_problems: list | None = None
                 ) -> tuple[list[tuple[str, str]], list[str]]:
    """(absolute path, name relative to the argument) for every return under paths, and what was skipped.
    An entry that cannot be read as a file (a broken link, a device or pipe, a folder without permission,
    a name that is not text, a path too long) is not returned but, if entry_problems is given, added to it
    as a failed FileReport: one problem on that entry, and the rest of the folder is read."""
    found: list[tuple[str, str]] = []
    skipped: list[str] = []

    def trouble(rel: str, why: str) -> None:
        if entry_problems is not None:
            name = display_name(rel)
            entry_problems.append(FileReport(file=name, path=name, action="failed", status=ERROR, problems=[
                Problem("unreadable-entry", f"{name} {why}", file=name)]))

    for arg in paths:
        if os.path.isdir(arg):
            base = os.path.dirname(os.path.abspath(arg).rstrip(os.sep))

            def on_error(exc: OSError, base=base) -> None:
                where = os.path.relpath(os.path.abspath(exc.filename), base) if exc.filename else arg
                trouble(where, f"could not be read ({_why(exc)})")

            for folder, dirs, names in os.walk(arg, onerror=on_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    rel = os.path.relpath(os.path.abspath(full), base)
                    if ignored_name(name):
                        continue  # hidden files and Office lock files
                    if os.path.splitext(name)[1].lower() in RETURN_EXTENSIONS | CONTAINER_EXTENSIONS:
                        why = _entry_trouble(full, rel)
                        if why:
                            trouble(rel, why)
                        else:
                            found.append((os.path.abspath(full), rel))
                    else:
                        skipped.append(display_name(rel))
        elif os.path.exists(arg) or os.path.islink(arg):
            why = _entry_trouble(arg, arg)
            if why:
                trouble(os.path.basename(arg), why)
            else:
                found.append((os.path.abspath(arg), os.path.basename(arg)))
        else:
            raise MatrixSynthError(f"No such file or folder: {display_name(arg)}")
    return found, skipped


def display_name(name: str) -> str:
    """A file name as text that can be printed and stored: bytes that are not UTF-8 become '\ufffd'."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _why(exc: OSError) -> str:
    import errno
    return {errno.ENOENT: "it is a link to a file or folder that does not exist",
            errno.ELOOP: "it is a link that leads back to itself",
            errno.ENAMETOOLONG: "its path is longer than the system allows",
            errno.EACCES: "permission denied",
            errno.EPERM: "permission denied"}.get(exc.errno, exc.strerror or str(exc))


def _entry_trouble(full: str, rel: str) -> str:
    """Why this entry cannot be read as a return, or '' if it is an ordinary file."""
    import stat
    if display_name(rel) != rel:
        return "has a name that is not valid text: rename it and ingest again"
    try:
        st = os.stat(full)
    except OSError as exc:
        return f"could not be opened ({_why(exc)})"
    if not stat.S_ISREG(st.st_mode):
        return "is not an ordinary file (a device, pipe or socket)"
    return ""


def round_of(path: str, explicit: int | None) -> int | None:
    """The round (year): --round, else a year in the nearest folder name, else in the file name."""
    if explicit is not None:
        return explicit
    folder = os.path.dirname(path)
    while folder and os.path.dirname(folder) != folder:
        m = _YEAR_RE.search(os.path.basename(folder))
        if m:
            return int(m.group(1))
        folder = os.path.dirname(folder)
    m = _YEAR_RE.search(os.path.basename(path))
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- one file

def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def process_file(path: str, source: str, round_: int | None, themes_path: str | None = None,
                 corrections: list | None = None, debug: bool = False,
                 member: tuple | None = None) -> tuple[dict[str, Any], FileReport]:
    """Read, detect and normalise one file, within its budget of time and memory (budget.py).
    Never raises: failures become problems.

    member: (key, chain, context, container) for a return inside the container at path: it is
    stored under key (path/name inside), read from the container's bytes, and the message's
    context (sender, date, subject, covering text) is kept with it, never placed."""
    from .budget import OverBudget, file_budget
    from .limits import FILE_MEMORY_MB, FILE_SECONDS

    key = member[0] if member else path
    rec: dict[str, Any] = {"path": key, "source_file": source, "size": 0, "mtime_ns": 0,
                           "round": round_, "sha256": "", "status": "failed", "problems": []}
    report = FileReport(file=source, path=key, action="failed", status=ERROR, round=round_,
                        container=member[3] if member else "")
    try:
        with file_budget():
            st = os.stat(path)
            rec["size"], rec["mtime_ns"] = st.st_size, st.st_mtime_ns
            from .normalise import normalise
            from .readers import read_document
            if member:
                from .containers import read_member
                data = read_member(path, member[1], source)
                rec["sha256"] = hashlib.sha256(data).hexdigest()
                doc = read_document(source, source, data=data)
            else:
                rec["sha256"] = sha256_of(path)
                doc = read_document(path, source)
            rec["format"] = doc.format
            normalise(doc, source, rec, report, themes_path, corrections)
            if rec["format"].endswith("ocr"):
                from .readers.ocr import mark_ocr
                mark_ocr(rec, report)
            if member and member[2]:
                rec["unplaced"].extend({"text": text, "reason": reason, "location": where, "cell_ref": ""}
                                       for reason, text, where in member[2])
    except ReadFailure as exc:
        report.problems.append(_located(exc.problem, source))
    except OverBudget:
        report.problems.append(Problem("too-large", f"{source} took longer than {FILE_SECONDS} seconds to read "
                                                    "and was stopped", file=source))
    except MemoryError:
        report.problems.append(Problem("too-large", f"{source} needed more than {FILE_MEMORY_MB} MB of memory "
                                                    "to read and was stopped", file=source))
    except OSError as exc:  # the file went away or cannot be opened (permissions, a device, a long path)
        report.problems.append(Problem("unreadable-entry", f"{source} could not be opened: "
                                                           f"{exc.strerror or exc}", file=source))
    except Exception as exc:  # a bug or a file no reader foresaw: reported, never a traceback
        report.problems.append(Problem("read-error", f"{source} could not be read ({type(exc).__name__}: {exc})",
                                       file=source))
        if debug:
            report.debug = traceback.format_exc()
    if any(p.severity == ERROR for p in report.problems):
        report.status, report.action = ERROR, "failed"
        rec["status"] = "failed"
        rec.pop("return", None)
    else:
        report.status = WARNING if report.problems else "ok"
        rec["status"] = report.status
    rec["problems"] = [p.to_dict() for p in report.problems]
    return rec, report


def _located(problem: Problem, source: str) -> Problem:
    problem.file = source
    return problem


def _worker(args: tuple) -> tuple[dict[str, Any], FileReport]:
    return process_file(*args)


def _died(args: tuple, why: str) -> tuple[dict[str, Any], FileReport]:
    """The result for a file whose reading process died or hung, even when read alone."""
    path, source, round_ = args[0], args[1], args[2]
    problem = Problem("too-large", f"{source} could not be read: {why}", file=source)
    try:
        st = os.stat(path)
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:
        size, mtime = 0, 0
    rec = {"path": path, "source_file": source, "size": size, "mtime_ns": mtime, "round": round_, "sha256": "",
           "status": "failed", "problems": [problem.to_dict()]}
    return rec, FileReport(file=source, path=path, action="failed", status=ERROR, round=round_,
                           problems=[problem])


# --------------------------------------------------------------------------- the batch

def ingest(paths: Iterable[str], store, round_: int | None = None, jobs: int | None = None,
           themes_path: str | None = None, corrections_path: str | None = None, debug: bool = False,
           on_file: Callable[[FileReport], None] | None = None,
           on_wait: Callable[[], None] | None = None) -> RunReport:
    """Ingest every return under paths into store. Unchanged files are skipped; changed ones replaced.
    on_wait() is called if another process is writing to the store, before waiting for it."""
    from .corrections import load_corrections, report_unmatched

    entry_problems: list[FileReport] = []
    found, skipped = find_returns(paths, entry_problems)
    report = RunReport(skipped=skipped, store=store.path)
    missing = [rel for full, rel in found if round_of(full, round_) is None]
    if missing:
        raise MatrixSynthError(f"Cannot tell the round (year) of {missing[0]}"
                               f"{f' and {len(missing) - 1} other file(s)' if len(missing) > 1 else ''}: no year in "
                               "its folder or file name. Pass --round YEAR (e.g. --round 2015).")
    corrections = load_corrections(corrections_path, store.path)
    _check_themes(themes_path)
    for entry in entry_problems:
        _emit(report, entry, on_file)
    # Printed means kept: a file's line is printed once the transaction holding it is committed.
    pending: list[FileReport] = []
    commits = store.commits
    groups = _Groups(pending.append)  # a container's members are printed together, under it
    try:
        with store.batch(on_wait):  # a second ingest into the same store waits here for the first
            states = store.file_states()
            stored_problems = store.problems_by_path() if states else {}
            todo = []
            stored_paths = sorted(states) if any(is_container(full) for full, _ in found) else []
            for full, rel in found:
                rnd = round_of(full, round_)
                try:
                    st = os.stat(full)
                except OSError:
                    st = None  # gone since the folder was listed: process_file reports it
                if st is not None and is_container(full):
                    before = _stored_members(stored_paths, full)
                    if before and all(states[p]["size"] == st.st_size and states[p]["mtime_ns"] == st.st_mtime_ns
                                      and states[p]["round"] == rnd and not corrections.changed_since(states[p])
                                      for p in before):
                        for p in before:  # an unchanged container is skipped whole
                            unchanged = _unchanged(stored_problems.get(p, []), states[p], p,
                                                   states[p]["source_file"])
                            unchanged.container = rel
                            _emit(report, unchanged, on_file)
                        continue
                    items, container_rec = _plan_container(full, rel, rnd, themes_path, debug, report, corrections)
                    now = {item[-1][0] for item in items} | ({full} if container_rec else set())
                    gone = [p for p in before if p not in now and p != full]
                    store.delete_files([p for p in before if p not in now])  # members no longer in the container
                    groups.expect(rel, len(items) + (1 if container_rec else 0) + len(gone))
                    for p in gone:
                        groups.add(FileReport(file=states[p]["source_file"], path=p, action="removed",
                                              round=states[p]["round"], container=rel))
                    if container_rec:
                        rec, file_report = container_rec
                        store.write_file(rec)
                        groups.add(file_report)
                    todo.extend(items)
                    continue
                prev = states.get(full)
                if prev is not None and st is not None and prev["size"] == st.st_size \
                        and prev["mtime_ns"] == st.st_mtime_ns \
                        and prev["round"] == rnd and not corrections.changed_since(prev):
                    _emit(report, _unchanged(stored_problems.get(full, []), prev, full, rel), on_file)
                    continue
                todo.append((full, rel, rnd, themes_path, corrections.for_file(rel), debug))
            for rec, file_report in _run(todo, jobs):
                prev = states.get(rec["path"])
                file_report.action = _store(store, rec, file_report, prev)
                if file_report.container:
                    groups.add(file_report)
                else:
                    pending.append(file_report)
                if store.commits != commits:
                    commits = store.commits
                    _flush(report, pending, on_file)
            groups.flush()
    finally:
        if store.commits != commits:  # the batch's last commit, also on Ctrl-C
            _flush(report, pending, on_file)
    for problem in report_unmatched(corrections, store):
        _emit(report, FileReport(file=problem.file or "corrections", path="", action="checked", status=WARNING,
                                 problems=[problem]), on_file)
    return report


def _check_themes(themes_path: str | None) -> None:
    """A --themes file is checked once, before any file is read: a mistake in it is one message naming
    its line, not a failure of every return."""
    if themes_path:
        from .themes import load
        load(themes_path)


def _flush(report: RunReport, pending: list[FileReport], on_file) -> None:
    for file_report in pending:
        _emit(report, file_report, on_file)
    pending.clear()


def _stored_members(stored_paths: list[str], full: str) -> list[str]:
    """The stored paths of a container (its own row, if it has one) and of its members."""
    import bisect

    out = [full] if full in stored_paths else []
    prefix = full + "/"
    i = bisect.bisect_left(stored_paths, prefix)
    while i < len(stored_paths) and stored_paths[i].startswith(prefix):
        out.append(stored_paths[i])
        i += 1
    return out


def _plan_container(full: str, rel: str, rnd: int | None, themes_path: str | None, debug: bool,
                    report: RunReport, corrections=None) -> tuple[list[tuple], tuple | None]:
    """One work item per return inside the container, and, when the container itself has a
    problem (damaged, no return attached, a member too large…), a record and report of its own."""
    from .containers import list_members

    st = os.stat(full)
    problems: list[Problem] = []
    items: list[tuple] = []
    try:
        listing = list_members(full, rel)
        problems = [_located(exc.problem, rel) for exc in listing.problems]
        report.skipped.extend(f"{rel}/{name}" for name in listing.skipped)
        for m in listing.members:
            source = f"{rel}/{m.name}"
            member = (f"{full}/{m.name}", m.chain, m.context, rel)
            items.append((full, source, rnd, themes_path,
                          corrections.for_file(source) if corrections is not None else None, debug, member))
    except ReadFailure as exc:
        problems = [_located(exc.problem, rel)]
    except Exception as exc:  # a container no reader foresaw: reported, never a traceback
        problems = [Problem("read-error", f"{rel} could not be opened ({type(exc).__name__}: {exc})", file=rel)]
    if not problems:
        return items, None
    status = ERROR if any(p.severity == ERROR for p in problems) else WARNING
    rec = {"path": full, "source_file": rel, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "round": rnd,
           "sha256": sha256_of(full), "status": "failed" if status == ERROR else status,
           "format": os.path.splitext(full)[1].lower().lstrip("."), "problems": [p.to_dict() for p in problems]}
    file_report = FileReport(file=rel, path=full, action="failed" if status == ERROR else "checked", status=status,
                             round=rnd, problems=problems, container=rel)
    return items, (rec, file_report)


class _Groups:
    """Members of a container arrive in any order from the workers; they are reported together,
    in name order, once the container's last member is in."""

    def __init__(self, emit: Callable[[FileReport], None]) -> None:
        self.emit = emit
        self.expected: dict[str, int] = {}
        self.pending: dict[str, list[FileReport]] = {}

    def expect(self, container: str, n: int) -> None:
        self.expected[container] = self.expected.get(container, 0) + n
        self.pending.setdefault(container, [])

    def add(self, file_report: FileReport) -> None:
        group = self.pending.setdefault(file_report.container, [])
        group.append(file_report)
        if len(group) >= self.expected.get(file_report.container, 0):
            self._emit(file_report.container)

    def _emit(self, container: str) -> None:
        group = self.pending.pop(container, [])
        self.expected.pop(container, None)
        for f in sorted(group, key=lambda f: (f.file != container, f.file)):
            self.emit(f)

    def flush(self) -> None:
        for container in list(self.pending):
            self._emit(container)


def _emit(report: RunReport, file_report: FileReport, on_file) -> None:
    report.files.append(file_report)
    if on_file is not None:
        on_file(file_report)


def _run(todo: list[tuple], jobs: int | None):
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < 8:
        for args in todo:
            yield _worker(args)
        return
    import multiprocessing

    from .budget import run_pool

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    yield from run_pool(_worker, todo, min(jobs, len(todo)), max(1, min(32, len(todo) // (jobs * 8))), ctx, _died)


def _unchanged(stored_problems: list, prev, full: str, rel: str) -> FileReport:
    report = FileReport(file=rel, path=full, action="unchanged", round=prev["round"])
    report.problems = [Problem(p["code"], p["message"], file=rel, location=p["location"] or "",
                               severity=p["severity"], hint=p["hint"]) for p in stored_problems]
    report.status = ERROR if prev["status"] == "failed" else (WARNING if report.problems else "ok")
    return report


def _store(store, rec: dict[str, Any], report: FileReport, prev) -> str:
    if rec["status"] != "failed":
        twin = store.same_content(rec["sha256"], rec["path"])
        if twin is not None:
            report.problems.append(Problem("duplicate-file", f"{report.file} has the same content as "
                                           f"{twin['source_file']}, already stored; it was not counted twice",
                                           file=report.file, severity=WARNING,
                                           hint="Remove one of the copies from the returns folder."))
            report.status = WARNING
            return "duplicate"
    store.write_file(rec)
    if rec["status"] == "failed":
        return "failed"
    return "replaced" if prev is not None else "new"


def check(paths: Iterable[str], round_: int | None = None, jobs: int | None = None, themes_path: str | None = None,
          debug: bool = False, on_file: Callable[[FileReport], None] | None = None) -> RunReport:
    """Read and detect without writing anything."""
    _check_themes(themes_path)
    entry_problems: list[FileReport] = []
    found, skipped = find_returns(paths, entry_problems)
    report = RunReport(skipped=skipped)
    for entry in entry_problems:
        _emit(report, entry, on_file)
    groups = _Groups(lambda f: _emit(report, f, on_file))
    todo = []
    for full, rel in found:
        if is_container(full):
            items, container_rec = _plan_container(full, rel, round_of(full, round_), themes_path, debug, report)
            groups.expect(rel, len(items) + (1 if container_rec else 0))
            if container_rec:
                groups.add(container_rec[1])
            todo.extend(items)
        else:
            todo.append((full, rel, round_of(full, round_), themes_path, None, debug))
    for _rec, file_report in _run(todo, jobs):
        file_report.action = "checked"
        if file_report.container:
            groups.add(file_report)
        else:
            _emit(report, file_report, on_file)
    groups.flush()
    report.files.sort(key=lambda f: f.file)
    return report
