"""The pipeline: find returns, read, detect and normalise each (model.Return), write each to the
store in one transaction. A file that fails writes nothing of itself but its problems; the batch
goes on. Files are processed on all cores; only the main process writes to the store."""
from __future__ import annotations

import hashlib
import os
import re
import traceback
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable

from .containers import CONTAINER_EXTENSIONS, is_container
from .document import Document
from .model import FileFacts, MessageContext, Return
from .problems import ERROR, WARNING, MatrixSynthError, Problem, ReadFailure
from .readers import RETURN_EXTENSIONS, ignored_name, speaks_of_matrix
from .schema import board_name

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

    @classmethod
    def of(cls, ret: Return, action: str) -> "FileReport":
        """What the command line says of a return: its board, layout, counts and problems."""
        fields = ret.fields
        status = ERROR if ret.failed else (WARNING if ret.problems else "ok")
        report = cls(file=ret.file.source_file, path=ret.file.path, action="failed" if ret.failed else action,
                     status=status, round=ret.file.round, problems=list(ret.problems), debug=ret.debug,
                     container=ret.file.container)
        if fields is not None:
            report.board = board_name(fields.board) if fields.board else None
            report.layout, report.coverage, report.confidence = fields.layout, fields.coverage, fields.confidence
            report.matrices, report.placements = len(ret.matrices), len(ret.placements)
        return report

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
    # (return, the return counted instead, why: 'earlier version' or 'copy'): kept and shown, not counted
    superseded: list[tuple[str, str, str]] = field(default_factory=list)

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
                        elif speaks_of_matrix(name, lambda full=full: open(full, "rb")):
                            found.append((os.path.abspath(full), rel))
                        else:
                            skipped.append(display_name(rel))
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

@dataclass(frozen=True)
class MemberRef:
    """A return inside a container: how to reach it, and what the message it came with says."""
    key: str  # its path in the store: 'container path/name inside'
    chain: tuple  # one key per level of nesting (a zip entry's name, an attachment's number)
    context: tuple = ()  # (reason, text, where) of the e-mail it was attached to
    container: str = ""  # the container's name, as the analyst knows it


@dataclass(frozen=True)
class Job:
    """One return to read: a file on disk, or a member of a container (then path is the container's)."""
    path: str
    source: str  # as the analyst knows it
    round: int | None
    themes_path: str | None = None
    corrections: tuple = ()  # the corrections.yaml entries for this file
    debug: bool = False
    member: MemberRef | None = None

    def facts(self) -> FileFacts:
        member = self.member
        return FileFacts(path=member.key if member else self.path, source_file=self.source, round=self.round,
                         container=member.container if member else "")


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_return(job: Job) -> Return:
    """Read, detect and normalise one return, each once and in that order, within its budget of time
    and memory (budget.py). Never raises: what goes wrong becomes the return's problems."""
    from .budget import OverBudget, file_budget
    from .limits import FILE_MEMORY_MB, FILE_SECONDS

    source = job.source
    ret = Return(file=job.facts())
    try:
        with file_budget():
            ret = _read_detect_normalise(job, ret.file)
    except ReadFailure as exc:
        ret.problems.append(_located(exc.problem, source))
    except OverBudget:
        ret.problems.append(Problem("too-large", f"{source} took longer than {FILE_SECONDS} seconds to read "
                                                 "and was stopped", file=source))
    except MemoryError:
        ret.problems.append(Problem("too-large", f"{source} needed more than {FILE_MEMORY_MB} MB of memory "
                                                 "to read and was stopped", file=source))
    except OSError as exc:  # the file went away or cannot be opened (permissions, a device, a long path)
        ret.problems.append(Problem("unreadable-entry", f"{source} could not be opened: "
                                                        f"{exc.strerror or exc}", file=source))
    except Exception as exc:  # a bug or a file no reader foresaw: reported, never a traceback
        ret.problems.append(Problem("read-error", f"{source} could not be read ({type(exc).__name__}: {exc})",
                                    file=source))
        if job.debug:
            ret.debug = traceback.format_exc()
    return ret


def _read_detect_normalise(job: Job, facts: FileFacts) -> Return:
    from .detect import detect
    from .normalise import build_return, normalise

    doc = _read(job, facts)
    ret = build_return(facts, doc, detect(doc, job.source))
    if job.member:
        ret.context = [MessageContext(reason, text, where) for reason, text, where in job.member.context]
    normalise(ret, list(job.corrections), job.themes_path)
    return ret


def _read(job: Job, facts: FileFacts) -> Document:
    """The first stage: the file's facts (size, date, hash, format) and its Document. A container's
    member is read from the container's bytes, like any file."""
    from .readers import read_document

    st = os.stat(job.path)
    facts.size, facts.mtime_ns = st.st_size, st.st_mtime_ns
    if job.member:
        from .containers import read_member
        data = read_member(job.path, job.member.chain, job.source)
        facts.sha256 = hashlib.sha256(data).hexdigest()
        doc = read_document(job.source, job.source, data=data)
    elif (content := _small_file(job.path, st.st_size)) is not None:
        # nearly every return: read from disk once, for its hash and for its reader
        facts.sha256 = hashlib.sha256(content).hexdigest()
        doc = read_document(job.path, job.source, content=content)
    else:
        facts.sha256 = sha256_of(job.path)
        doc = read_document(job.path, job.source)
    facts.format = doc.format
    return doc


IN_MEMORY_BYTES = 32 * 1024 * 1024  # a file up to this size is read into memory once (hash, format, zip)


def _small_file(path: str, size: int) -> bytes | None:
    """The whole file, if it is (still) no larger than IN_MEMORY_BYTES; None for a larger one, which is
    hashed and read from disk in pieces (a file that grew since it was listed is never hashed in part)."""
    if size > IN_MEMORY_BYTES:
        return None
    with open(path, "rb") as fh:
        content = fh.read(IN_MEMORY_BYTES + 1)
    return content if len(content) <= IN_MEMORY_BYTES else None


def process_file(path: str, source: str, round_: int | None, themes_path: str | None = None,
                 corrections: list | None = None, debug: bool = False) -> Return:
    """read_return for one file on disk (the library's and the tests' way in)."""
    return read_return(Job(path, source, round_, themes_path, tuple(corrections or ()), debug))


def reread(store, source_file: str, corrections, themes_path: str | None = None) -> Return:
    """Read one stored return again from where it was ingested (a file, or a member of its container)
    with its corrections, and store the result: what the review page does after each click."""
    row = next((f for f in store.files() if f["source_file"] == source_file), None)
    job = _job_for(row, corrections, themes_path) if row is not None else None
    if job is None:
        where = row["path"] if row else "?"
        raise ValueError(f"{source_file} is no longer where it was ingested from ({where}). Run 'matrix-synth "
                         "ingest' on its folder again; the correction is saved.")
    ret = read_return(job)
    store.write_return(ret)
    return ret


def _job_for(row, corrections, themes_path: str | None) -> Job | None:
    """The job that reads a stored file again: the file itself, or its container's member."""
    path, source, entries = row["path"], row["source_file"], tuple(corrections.for_file(row["source_file"]))
    if os.path.exists(path):
        return Job(path, source, row["round"], themes_path, entries)
    container = path
    while container and not os.path.isfile(container):
        container = os.path.dirname(container)
    if not container or not is_container(container):
        return None
    from .containers import list_members

    name = path[len(container) + 1:]
    rel = source[:-len(name) - 1] if source.endswith("/" + name) else source  # the container, as the analyst knows it
    for m in list_members(container, rel).members:
        if m.name == name:
            return Job(container, source, row["round"], themes_path, entries,
                       member=MemberRef(path, m.chain, tuple(m.context), rel))
    return None


def _located(problem: Problem, source: str) -> Problem:
    problem.file = source
    return problem


def _died(job: Job, why: str) -> Return:
    """The return of a file whose reading process died or hung, even when read alone."""
    ret = Return(file=job.facts(), problems=[Problem("too-large", f"{job.source} could not be read: {why}",
                                                     file=job.source)])
    try:
        st = os.stat(job.path)
        ret.file.size, ret.file.mtime_ns = st.st_size, st.st_mtime_ns
    except OSError:
        pass
    return ret


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
    _require_rounds(found, round_)
    corrections = load_corrections(corrections_path, store.path)
    _check_themes(themes_path)
    run = _Ingest(store, RunReport(skipped=skipped, store=store.path), round_, themes_path, corrections, debug,
                  on_file)
    for entry in entry_problems:
        run.emit(entry)
    run.write_all(found, jobs, on_wait)
    for problem in report_unmatched(corrections, store):
        run.emit(FileReport(file=problem.file or "corrections", path="", action="checked", status=WARNING,
                            problems=[problem]))
    return run.report


def _require_rounds(found: list[tuple[str, str]], round_: int | None) -> None:
    missing = [rel for full, rel in found if round_of(full, round_) is None]
    if missing:
        raise MatrixSynthError(f"Cannot tell the round (year) of {missing[0]}"
                               f"{f' and {len(missing) - 1} other file(s)' if len(missing) > 1 else ''}: no year in "
                               "its folder or file name. Pass --round YEAR (e.g. --round 2015).")


class _Ingest:
    """One ingest run: plans the work (unchanged files and containers are skipped whole), reads in
    worker processes, writes each return in the main process and prints it once committed."""

    def __init__(self, store, report: RunReport, round_, themes_path, corrections, debug, on_file) -> None:
        self.store, self.report, self.round = store, report, round_
        self.themes_path, self.corrections, self.debug, self.on_file = themes_path, corrections, debug, on_file
        self.pending: list[FileReport] = []  # written, waiting for the commit that makes them kept
        self.groups = _Groups(self.pending.append)  # a container's members are printed together, under it
        self.states: dict = {}
        self.stored_problems: dict = {}

    def emit(self, file_report: FileReport) -> None:
        _emit(self.report, file_report, self.on_file)

    def write_all(self, found: list[tuple[str, str]], jobs: int | None, on_wait) -> None:
        """Printed means kept: a file's line is printed once the transaction holding it is committed."""
        commits = self.store.commits
        try:
            with self.store.batch(on_wait):  # a second ingest into the same store waits here for the first
                self.states = self.store.file_states()
                self.stored_problems = self.store.problems_by_path() if self.states else {}
                todo = self._plan(found)
                for file_report, rows in _run(todo, jobs, _read_for_store, _died_for_store):
                    self._write(file_report, rows)
                    if self.store.commits != commits:
                        commits = self.store.commits
                        self._flush()
                self.groups.flush()
                self._resolve_versions(found)
        finally:
            if self.store.commits != commits:  # the batch's last commit, also on Ctrl-C
                self._flush()

    def _resolve_versions(self, found: list[tuple[str, str]]) -> None:
        """A draft whose later version is in the round, a copy whose original is: kept, not counted."""
        from . import versions

        rows = self.store.version_rows()
        superseded = versions.resolve(rows)
        # written only when it changed: an ingest that finds nothing new writes nothing
        if superseded != {r["id"]: (r["superseded_by"], r["superseded_why"]) for r in rows if r["superseded_by"]}:
            self.store.set_superseded(superseded)
        mine = {display_name(rel) for _, rel in found}
        for r in rows:
            if r["id"] in superseded and (r["source_file"] in mine or r["source_file"].rsplit("/", 1)[0] in mine):
                by, why = superseded[r["id"]]
                self.report.superseded.append((r["source_file"], by, why))

    def _flush(self) -> None:
        for file_report in self.pending:
            self.emit(file_report)
        self.pending.clear()

    def _plan(self, found: list[tuple[str, str]]) -> list[Job]:
        todo: list[Job] = []
        stored_paths = sorted(self.states) if any(is_container(full) for full, _ in found) else []
        for full, rel in found:
            rnd = round_of(full, self.round)
            try:
                st = os.stat(full)
            except OSError:
                st = None  # gone since the folder was listed: read_return reports it
            if st is not None and is_container(full):
                todo += self._plan_container(full, rel, rnd, st, _stored_members(stored_paths, full))
            elif st is not None and self._unchanged(self.states.get(full), st, rnd):
                self.emit(_unchanged(self.stored_problems.get(full, []), self.states[full], full, rel))
            else:
                todo.append(Job(full, rel, rnd, self.themes_path, tuple(self.corrections.for_file(rel)), self.debug))
        return todo

    def _unchanged(self, prev, st: os.stat_result, rnd: int | None) -> bool:
        return prev is not None and prev["size"] == st.st_size and prev["mtime_ns"] == st.st_mtime_ns \
            and prev["round"] == rnd and not self.corrections.changed_since(prev)

    def _plan_container(self, full: str, rel: str, rnd: int | None, st, before: list[str]) -> list[Job]:
        if before and all(self._unchanged(self.states[p], st, rnd) for p in before):
            for p in before:  # an unchanged container is skipped whole
                unchanged = _unchanged(self.stored_problems.get(p, []), self.states[p], p,
                                       self.states[p]["source_file"])
                unchanged.container = rel
                self.emit(unchanged)
            return []
        items, container_ret = _plan_container(full, rel, rnd, self.themes_path, self.debug, self.report,
                                               self.corrections)
        now = {item.member.key for item in items} | ({full} if container_ret else set())
        gone = [p for p in before if p not in now and p != full]
        self.store.delete_files([p for p in before if p not in now])  # members no longer in the container
        self.groups.expect(rel, len(items) + (1 if container_ret else 0) + len(gone))
        for p in gone:
            self.groups.add(FileReport(file=self.states[p]["source_file"], path=p, action="removed",
                                       round=self.states[p]["round"], container=rel))
        if container_ret:
            self.store.write_return(container_ret)
            self.groups.add(FileReport.of(container_ret, "failed" if container_ret.failed else "checked"))
        return items

    def _write(self, file_report: FileReport, rows) -> None:
        file_report.action = _store(self.store, rows, file_report, self.states.get(rows.path))
        if file_report.container:
            self.groups.add(file_report)
        else:
            self.pending.append(file_report)


def _check_themes(themes_path: str | None) -> None:
    """A --themes file is checked once, before any file is read: a mistake in it is one message naming
    its line, not a failure of every return."""
    if themes_path:
        from .themes import load
        load(themes_path)


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
                    report: RunReport, corrections=None) -> tuple[list[Job], Return | None]:
    """One job per return inside the container, and, when the container itself has a problem
    (damaged, no return attached, a member too large…), a Return of its own that says so."""
    from .containers import list_members

    problems: list[Problem] = []
    items: list[Job] = []
    try:
        listing = list_members(full, rel)
        problems = [_located(exc.problem, rel) for exc in listing.problems]
        report.skipped.extend(f"{rel}/{name}" for name in listing.skipped)
        for m in listing.members:
            source = f"{rel}/{m.name}"
            member = MemberRef(f"{full}/{m.name}", m.chain, tuple(m.context), rel)
            entries = tuple(corrections.for_file(source)) if corrections is not None else ()
            items.append(Job(full, source, rnd, themes_path, entries, debug, member))
    except ReadFailure as exc:
        problems = [_located(exc.problem, rel)]
    except Exception as exc:  # a container no reader foresaw: reported, never a traceback
        problems = [Problem("read-error", f"{rel} could not be opened ({type(exc).__name__}: {exc})", file=rel)]
    if not problems:
        return items, None
    st = os.stat(full)
    facts = FileFacts(path=full, source_file=rel, round=rnd, size=st.st_size, mtime_ns=st.st_mtime_ns,
                      sha256=sha256_of(full), format=os.path.splitext(full)[1].lower().lstrip("."), container=rel)
    return items, Return(file=facts, problems=problems)


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


def _run(todo: list[Job], jobs: int | None, func: Callable = None, died: Callable = None) -> Iterable:
    """func(job) for every job (read_return by default), on every core; died(job, why) for a job whose
    reading process died or hung."""
    func, died = func or read_return, died or _died
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < 8:
        for job in todo:
            yield func(job)
        return
    import multiprocessing

    from .budget import run_pool

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    if ctx.get_start_method() == "fork":
        _prepare_workers(todo)
    yield from run_pool(func, todo, min(jobs, len(todo)), max(1, min(32, len(todo) // (jobs * 8))), ctx, died)


_WORKER_MODULES = (".detect", ".detect.outline", ".detect.boards", ".detect.texttables", ".normalise", ".corrections",
                   ".store", ".readers.docx", ".readers.xlsx", "rapidfuzz.distance")


def _prepare_workers(todo: list[Job]) -> None:
    """Before forking: the detector, the common readers and the theme taxonomy loaded once in this
    process, so that each worker starts with them rather than importing and parsing them again."""
    import importlib

    from . import themes

    for module in _WORKER_MODULES:
        importlib.import_module(module, __package__)
    for themes_path in {job.themes_path for job in todo}:
        themes.load(themes_path)


def _read_for_store(job: Job):
    """In a worker: the return read, what the command line says of it, and the rows the writer writes
    (turning a Return into rows is the store's, done here so that the one writer only writes)."""
    from .store import rows_of

    ret = read_return(job)
    return FileReport.of(ret, "new"), rows_of(ret)


def _died_for_store(job: Job, why: str):
    from .store import rows_of

    ret = _died(job, why)
    return FileReport.of(ret, "failed"), rows_of(ret)


def _for_report(job: Job) -> FileReport:
    return FileReport.of(read_return(job), "checked")


def _died_for_report(job: Job, why: str) -> FileReport:
    return FileReport.of(_died(job, why), "checked")


def _unchanged(stored_problems: list, prev, full: str, rel: str) -> FileReport:
    report = FileReport(file=rel, path=full, action="unchanged", round=prev["round"])
    report.problems = [Problem(p["code"], p["message"], file=rel, location=p["location"] or "",
                               severity=p["severity"], hint=p["hint"]) for p in stored_problems]
    report.status = ERROR if prev["status"] == "failed" else (WARNING if report.problems else "ok")
    return report


def _is_copy_of(stored: str, name: str) -> bool:
    from .versions import is_copy_name

    return is_copy_name(stored) and not is_copy_name(name)


def _store(store, rows, report: FileReport, prev) -> str:
    """Write the return's rows (unless it is a copy of one already stored); what was done with it."""
    failed = report.status == ERROR
    if not failed:
        twin = store.same_content(rows.file[2], rows.path)
        if twin is not None and _is_copy_of(twin["source_file"], report.file):
            twin = None  # the original of a copy already stored: it is kept, and counts instead of the copy
        if twin is not None:
            report.problems.append(Problem("duplicate-file", f"{report.file} has the same content as "
                                           f"{twin['source_file']}, already stored; it was not counted twice",
                                           file=report.file, severity=WARNING,
                                           hint="Remove one of the copies from the returns folder."))
            report.status = WARNING
            return "duplicate"
    store.write_rows(rows)
    if failed:
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
    todo: list[Job] = []
    for full, rel in found:
        if is_container(full):
            items, container_ret = _plan_container(full, rel, round_of(full, round_), themes_path, debug, report)
            groups.expect(rel, len(items) + (1 if container_ret else 0))
            if container_ret:
                groups.add(FileReport.of(container_ret, "failed" if container_ret.failed else "checked"))
            todo.extend(items)
        else:
            todo.append(Job(full, rel, round_of(full, round_), themes_path, (), debug))
    for file_report in _run(todo, jobs, _for_report, _died_for_report):
        if file_report.container:
            groups.add(file_report)
        else:
            _emit(report, file_report, on_file)
    groups.flush()
    report.files.sort(key=lambda f: f.file)
    return report
