"""The SQLite store: the only module that speaks SQL.

One file per store. Each ingested file is written in one transaction (its return,
matrices, placements, free text, unplaced text, problems and theme tags), so a
killed run leaves every file stored whole or not at all."""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from .problems import MatrixSynthError

if TYPE_CHECKING:
    from .model import Return

SCHEMA_VERSION = 2
# What each version added to the one before, applied in place when a store is opened for writing:
# version 2: a return superseded by another (a draft by its later version, a copy by its original), kept
# and shown but not counted; the other places a placement repeated in the same return was found.
_MIGRATIONS = {2: ("ALTER TABLE returns ADD COLUMN superseded_by TEXT",
                   "ALTER TABLE returns ADD COLUMN superseded_why TEXT",
                   "ALTER TABLE placements ADD COLUMN also_at TEXT")}
BATCH_UNITS = 500  # inside Store.batch(): commit after this many files…
BATCH_SECONDS = 2.0  # …or this many seconds, whichever comes first
DEFAULT_DB = "matrix-synth.sqlite"
ENV_DB = "MATRIX_SYNTH_DB"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, source_file TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER, mtime_ns INTEGER, round INTEGER, format TEXT, status TEXT NOT NULL, ingested_at TEXT,
    corrections TEXT DEFAULT '');
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE TABLE IF NOT EXISTS returns (
    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    source_file TEXT NOT NULL, content_hash TEXT NOT NULL, round INTEGER, board TEXT, board_written TEXT,
    board_source TEXT, partners TEXT, topic TEXT, locality TEXT, completed_by TEXT, role TEXT, date TEXT,
    title TEXT, signoff TEXT, contacts TEXT, layout TEXT, coverage REAL, confidence REAL, matrices INTEGER,
    superseded_by TEXT, superseded_why TEXT);
CREATE INDEX IF NOT EXISTS returns_round ON returns(round, board);
CREATE TABLE IF NOT EXISTS matrices (
    id INTEGER PRIMARY KEY, return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    idx INTEGER, layout TEXT, location TEXT, label TEXT, partner TEXT, topic TEXT, locality TEXT);
CREATE TABLE IF NOT EXISTS placements (
    id INTEGER PRIMARY KEY, return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    matrix INTEGER, partner TEXT, topic TEXT, locality TEXT, function TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), text TEXT, marker TEXT, location TEXT, cell_ref TEXT,
    part TEXT, table_no INTEGER, row INTEGER, col INTEGER, paragraph INTEGER, confidence REAL,
    corrected INTEGER DEFAULT 0, also_at TEXT);
CREATE INDEX IF NOT EXISTS placements_return ON placements(return_id);
CREATE TABLE IF NOT EXISTS free_text (
    id INTEGER PRIMARY KEY, return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    section TEXT NOT NULL, text TEXT NOT NULL, location TEXT, cell_ref TEXT);
CREATE TABLE IF NOT EXISTS unplaced (
    id INTEGER PRIMARY KEY, return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    text TEXT NOT NULL, reason TEXT, location TEXT, cell_ref TEXT);
CREATE TABLE IF NOT EXISTS problems (
    id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    code TEXT, severity TEXT, message TEXT, hint TEXT, location TEXT);
CREATE TABLE IF NOT EXISTS themes (
    id INTEGER PRIMARY KEY, return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    item_kind TEXT NOT NULL, item_id INTEGER NOT NULL, theme TEXT NOT NULL, evidence TEXT);
CREATE INDEX IF NOT EXISTS themes_item ON themes(item_kind, item_id);
CREATE INDEX IF NOT EXISTS unplaced_return ON unplaced(return_id);
CREATE INDEX IF NOT EXISTS free_text_return ON free_text(return_id);
CREATE INDEX IF NOT EXISTS matrices_return ON matrices(return_id);
CREATE INDEX IF NOT EXISTS returns_file ON returns(file_id);
CREATE INDEX IF NOT EXISTS problems_file ON problems(file_id);
CREATE TABLE IF NOT EXISTS corrections_applied (
    id INTEGER PRIMARY KEY, return_id INTEGER REFERENCES returns(id) ON DELETE CASCADE,
    correction TEXT, action TEXT, target TEXT, detail TEXT, applied_at TEXT);
"""


# Unplaced text kept for completeness but not shown to the analyst as something to fix: template text,
# headings, labels, context beside a matrix row, a narrative's asides, what came with an e-mail, and a
# placement the analyst dropped as not engagement (its text kept, never counted).
UNFLAGGED_REASONS = ("boilerplate", "heading", "context", "aspiration", "general", "label", "covering text",
                     "message sender", "message date", "message subject", "dropped", "negative",
                     "reviewer comment")
_UNFLAGGED_SQL = "(" + ", ".join(f"'{r}'" for r in UNFLAGGED_REASONS) + ")"


def _themes_join(kind: str, alias: str) -> str:
    """Each item's theme ids as 'a;b' (sorted, distinct), aggregated once rather than per row."""
    return ("LEFT JOIN (SELECT item_id, group_concat(theme, ';') AS themes FROM "
            f"(SELECT DISTINCT item_id, theme FROM themes WHERE item_kind = '{kind}' ORDER BY item_id, theme) "
            f"GROUP BY item_id) th ON th.item_id = {alias}.id")


@dataclass
class ReturnRows:
    """A Return as the rows the store keeps (rows_of): plain tuples, cheap to hand from a worker process
    to the writer."""
    path: str
    file: tuple  # path, source_file, sha256, size, mtime_ns, round, format, status
    digest: str
    problems: list[tuple]
    ret: tuple | None  # None for a file that could not be read
    matrices: list[tuple] = field(default_factory=list)
    placements: list[tuple] = field(default_factory=list)
    free_text: list[tuple] = field(default_factory=list)
    unplaced: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)  # (item kind, index of the placement or free text, theme, evidence)
    corrections: list[tuple] = field(default_factory=list)


def rows_of(ret: "Return") -> ReturnRows:
    """The one place a Return becomes rows."""
    f = ret.file
    rows = ReturnRows(f.path, (f.path, f.source_file, f.sha256, f.size, f.mtime_ns, f.round, f.format or None,
                               ret.status), ret.corrections_digest,
                      [(p.code, p.severity, p.message, p.hint, p.location) for p in ret.problems], None)
    r = ret.fields
    if r is None or ret.failed:
        return rows
    rows.ret = (f.source_file, f.sha256, f.round, r.board, r.board_written, r.board_source, r.partners, r.topic,
                r.locality, r.completed_by, r.role, r.date, r.title, r.signoff, r.contacts, r.layout, r.coverage,
                r.confidence, len(ret.matrices))
    rows.matrices = [(m.index, m.layout, m.location, m.label, m.partner, m.topic, m.locality) for m in ret.matrices]
    for i, p in enumerate(ret.placements):
        loc = p.loc
        rows.placements.append((p.matrix, p.partner, p.topic, p.locality, p.function, p.level, p.text, p.marker,
                                loc.describe(), loc.cell_ref(), loc.part, loc.table, loc.row, loc.col, loc.paragraph,
                                p.confidence, int(p.corrected), "; ".join(p.also_at) or None))
        rows.tags += [("placement", i, t.theme, t.evidence) for t in p.themes]
    for i, s in enumerate(ret.sections):
        rows.free_text.append((s.section, s.text, s.loc.describe(), s.loc.cell_ref()))
        rows.tags += [("free_text", i, t.theme, t.evidence) for t in s.themes]
    rows.unplaced = [(u.text, u.reason, u.loc.describe(), u.loc.cell_ref()) for u in ret.unplaced] + \
        [(c.text, c.reason, c.where, "") for c in ret.context]
    rows.corrections = [(c.correction, c.action, c.target, c.detail) for c in ret.corrections]
    return rows


def default_path() -> str:
    return os.environ.get(ENV_DB) or DEFAULT_DB


def _writable(path: str) -> bool:
    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def _not_a_store(path: str) -> Exception:
    return MatrixSynthError(f"{path} is not a matrix-synth store (it is another kind of file). Pass the store "
                            "with --db, or a new file name to start a new store; this file was not changed.")


def _refuse_non_store(path: str) -> None:
    """A folder is never a store. Whether a file is a SQLite database is asked of SQLite itself (see
    Store._check_version), never by opening the file in Python: closing any descriptor on a database
    file drops the locks SQLite holds on it for the whole process, and another process (an export
    beside the review page) would then take the page's store for its own and remove its WAL files."""
    if os.path.isdir(path):
        raise _not_a_store(path)


def _create_private(path: str) -> str:
    """Create the store readable by its owner only: it holds names and contact details. Returns ""
    or, when the file could not be made private, a sentence saying so (for the CLI to print)."""
    if path == ":memory:" or os.path.exists(path):
        return ""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)  # on Windows the mode only sets read-only or not…
    os.close(fd)
    if _on_windows():  # …so the file's access list is set to its owner alone
        return _private_on_windows(path)
    return ""


def _on_windows() -> bool:
    return os.name == "nt"


def _private_on_windows(path: str) -> str:
    """Windows: remove inherited permissions and grant the current user alone full control (icacls)."""
    import subprocess

    user = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    who = f"{domain}\\{user}" if domain and user else user
    if not who:
        return f"Could not make {path} readable by you only (no user name). Keep it in a private folder."
    try:
        done = subprocess.run(["icacls", path, "/inheritance:r", "/grant:r", f"{who}:F"], capture_output=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is None or done.returncode != 0:
        return (f"Could not make {path} readable by you only (icacls failed). It holds names and contact "
                "details: keep it in a folder only you can open.")
    return ""


class Store:
    def __init__(self, path: str | None = None, readonly: bool | None = None) -> None:
        self.path = path or default_path()
        memory = self.path == ":memory:"
        if readonly is None:  # a store on read-only media (or without write permission) is read as it is
            readonly = not memory and os.path.exists(self.path) and not _writable(self.path)
        self.readonly = readonly
        if not memory:
            _refuse_non_store(self.path)
        self.privacy_note = "" if readonly else _create_private(self.path)
        if readonly:
            folder_ro = not os.access(os.path.dirname(os.path.abspath(self.path)), os.W_OK)
            uri = pathlib.Path(os.path.abspath(self.path)).as_uri() + "?mode=ro" + \
                ("&immutable=1" if folder_ro else "")
            self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
        else:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.row_factory = sqlite3.Row
        self._batch: tuple[float, int] | None = None  # (when the open batch transaction began, units in it)
        self.commits = 0  # transactions committed: what was written before one is on disk
        try:
            self._check_version()
        except sqlite3.DatabaseError:
            self.db.close()
            raise _not_a_store(self.path) from None
        self.db.execute("PRAGMA foreign_keys = ON")
        if readonly:
            if self._has_tables():
                self._read_older()
            return
        if not memory:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        if not self._has_schema():  # a new store (or an older one): writing the schema takes the write lock
            self._migrate()
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}

    def _missing_columns(self) -> list[tuple[str, str, str]]:
        """(table, column, statement adding it) for each column of a later version this store lacks."""
        out = []
        for version in sorted(_MIGRATIONS):
            for statement in _MIGRATIONS[version]:
                table, column = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement).groups()
                if column not in self._columns(table):
                    out.append((table, column, statement))
        return out

    def _migrate(self) -> None:
        """Bring a store made by an earlier version up to this one, in place (its data kept)."""
        if self._has_tables():
            with self.atomic() as db:
                for _table, _column, statement in self._missing_columns():
                    db.execute(statement)

    def _read_older(self) -> None:
        """A store of an earlier version opened read-only: its missing columns read as empty, through
        temporary views over its tables (a read-only store is never changed)."""
        missing: dict[str, list[str]] = {}
        for table, column, _statement in self._missing_columns():
            missing.setdefault(table, []).append(column)
        for table, columns in missing.items():
            extra = ", ".join(f"NULL AS {c}" for c in columns)
            self.db.execute(f"CREATE TEMP VIEW {table} AS SELECT *, {extra} FROM main.{table}")

    def _check_version(self) -> None:
        """Refuse a store made by a newer matrix-synth, or a SQLite file that is not a store."""
        names = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if "meta" in names:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            try:
                version = max(version, int(row[0])) if row else version
            except (TypeError, ValueError):
                pass
        elif names:
            raise _not_a_store(self.path)
        if version > SCHEMA_VERSION:
            raise MatrixSynthError(f"The store {self.path} was made by a newer version of matrix-synth (store "
                                   f"version {version}, this version reads {SCHEMA_VERSION}). Upgrade matrix-synth "
                                   "(pip install -U matrix-synth) to use it; it was not changed.")

    def _has_tables(self) -> bool:
        return "returns" in {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _has_schema(self) -> bool:
        if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            return False
        names = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master")}
        wanted = set(re.findall(r"CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)", _SCHEMA))
        return wanted <= names

    @classmethod
    def memory(cls) -> "Store":
        return cls(":memory:")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing unit of writing: a transaction, or inside batch() a savepoint."""
        if self._batch is None:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:  # SQLite may already have rolled back (a full disk)
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            self.commits += 1
            return
        self.db.execute("SAVEPOINT unit")
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:  # a full disk can end the whole transaction: nothing to undo then
                self.db.execute("ROLLBACK TO unit")
                self.db.execute("RELEASE unit")
            raise
        self.db.execute("RELEASE unit")
        started, units = self._batch
        if units + 1 >= BATCH_UNITS or time.monotonic() - started >= BATCH_SECONDS:
            self.db.execute("COMMIT")
            self.commits += 1
            self.db.execute("BEGIN IMMEDIATE")
            self._batch = (time.monotonic(), 0)
        else:
            self._batch = (started, units + 1)

    def _begin(self, on_wait=None) -> None:
        """BEGIN IMMEDIATE (take the write lock). If another process is writing (another ingest), call
        on_wait() once and wait for it to finish, however long it takes."""
        try:
            self.db.execute("PRAGMA busy_timeout = 300")
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if on_wait is not None:
                on_wait()
            self.db.execute("PRAGMA busy_timeout = 2147483647")
            self.db.execute("BEGIN IMMEDIATE")
        finally:
            self.db.execute("PRAGMA busy_timeout = 30000")

    @contextmanager
    def batch(self, on_wait=None) -> Iterator["Store"]:
        """Group many writes into few transactions: each write stays all-or-nothing (a savepoint)
        and is committed within BATCH_SECONDS, but SQLite is not asked to commit once per file.
        On an error or Ctrl-C, whatever was written completely is kept."""
        if self._batch is not None:
            yield self
            return
        self._begin(on_wait)
        self._batch = (time.monotonic(), 0)
        try:
            yield self
        finally:
            self._batch = None
            if self.db.in_transaction:
                self.db.execute("COMMIT")
                self.commits += 1

    # ------------------------------------------------------------------ files
    def file_state(self, path: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM files WHERE path = ?", (path,)).fetchone()

    def file_states(self) -> dict[str, sqlite3.Row]:
        return {r["path"]: r for r in self.db.execute("SELECT id, path, source_file, sha256, size, mtime_ns, "
                                                      "status, round, corrections FROM files")}

    def same_content(self, sha256: str, path: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM files WHERE sha256 = ? AND path != ? AND status != 'failed'",
                               (sha256, path)).fetchone()

    def delete_files(self, paths: list[str]) -> None:
        """Forget these files and all that was read from them (members gone from a container)."""
        if paths:
            with self.atomic() as db:
                db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))

    def problems_by_path(self) -> dict[str, list[sqlite3.Row]]:
        """Every stored problem, grouped by the file's path (one query, for re-ingest)."""
        out: dict[str, list[sqlite3.Row]] = {}
        for row in self.db.execute("SELECT f.path, p.* FROM problems p JOIN files f ON f.id = p.file_id "
                                   "ORDER BY p.id"):
            out.setdefault(row["path"], []).append(row)
        return out

    def write_return(self, ret: "Return") -> int:
        """Replace everything stored for the return's file with it, in one transaction (a savepoint
        inside batch()). A return that failed keeps only its file row and its problems. Returns the
        file id."""
        return self.write_rows(rows_of(ret))

    def write_rows(self, rows: "ReturnRows") -> int:
        """write_return for a Return already turned into rows (rows_of, which a worker process runs,
        so that the one writer only writes)."""
        now = dt.datetime.now().isoformat(timespec="seconds")
        with self.atomic() as db:
            db.execute("DELETE FROM files WHERE path = ?", (rows.path,))
            file_id = db.execute(
                "INSERT INTO files (path, source_file, sha256, size, mtime_ns, round, format, status, ingested_at, "
                "corrections) VALUES (?,?,?,?,?,?,?,?,?,?)", (*rows.file, now, rows.digest)).lastrowid
            if rows.problems:  # most returns have none: no statement for nothing
                db.executemany("INSERT INTO problems (file_id, code, severity, message, hint, location) "
                               "VALUES (?,?,?,?,?,?)", [(file_id, *p) for p in rows.problems])
            if rows.ret is not None:
                self._write_return(db, file_id, rows, now)
        return file_id

    @staticmethod
    def _write_return(db: sqlite3.Connection, file_id: int, rows: "ReturnRows", now: str) -> None:
        rid = db.execute(
            "INSERT INTO returns (file_id, source_file, content_hash, round, board, board_written, board_source, "
            "partners, topic, locality, completed_by, role, date, title, signoff, contacts, layout, coverage, "
            "confidence, matrices) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (file_id, *rows.ret)).lastrowid
        db.executemany("INSERT INTO matrices (return_id, idx, layout, location, label, partner, topic, locality) "
                       "VALUES (?,?,?,?,?,?,?,?)", [(rid, *m) for m in rows.matrices])
        # Ids are given here rather than read back row by row: the writer holds the write lock, so the
        # next ids are the table's largest plus one (one executemany a table, not one execute a row).
        last = db.execute("SELECT (SELECT coalesce(max(id), 0) FROM placements), "
                          "(SELECT coalesce(max(id), 0) FROM free_text)").fetchone()
        first = {"placement": last[0] + 1, "free_text": last[1] + 1}
        db.executemany("INSERT INTO placements (id, return_id, matrix, partner, topic, locality, function, level, text, "
                       "marker, location, cell_ref, part, table_no, row, col, paragraph, confidence, corrected, "
                       "also_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       [(first["placement"] + i, rid, *p) for i, p in enumerate(rows.placements)])
        db.executemany("INSERT INTO free_text (id, return_id, section, text, location, cell_ref) VALUES (?,?,?,?,?,?)",
                       [(first["free_text"] + i, rid, *f) for i, f in enumerate(rows.free_text)])
        db.executemany("INSERT INTO unplaced (return_id, text, reason, location, cell_ref) VALUES (?,?,?,?,?)",
                       [(rid, *u) for u in rows.unplaced])
        db.executemany("INSERT INTO themes (return_id, item_kind, item_id, theme, evidence) VALUES (?,?,?,?,?)",
                       [(rid, kind, first[kind] + i, theme, evidence) for kind, i, theme, evidence in rows.tags])
        if rows.corrections:
            db.executemany("INSERT INTO corrections_applied (return_id, correction, action, target, detail, "
                           "applied_at) VALUES (?,?,?,?,?,?)", [(rid, *c, now) for c in rows.corrections])

    # ------------------------------------------------------------------ queries
    def query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(sql, params)]

    def iter_query(self, sql: str, params: tuple | list = ()) -> Iterator[dict[str, Any]]:
        """Like query(), one row at a time: for exports, whose size grows with the corpus."""
        for row in self.db.execute(sql, params):
            yield dict(row)

    def data_version(self) -> tuple[int, int]:
        """Changes whenever what is stored changes, by this connection or another process."""
        return self.db.execute("PRAGMA data_version").fetchone()[0], self.commits

    def signoff_fields(self) -> Iterator[tuple[str, str, str]]:
        """(completed by, sign-off, contacts) of every return: where people's names are written."""
        for row in self.db.execute("SELECT completed_by, signoff, contacts FROM returns"):
            yield tuple(row)

    def all_texts(self) -> Iterator[str]:
        """Every text read from the returns (placements, free text, unplaced text, topics, partners)."""
        for row in self.db.execute("SELECT text FROM placements UNION ALL SELECT text FROM unplaced UNION ALL "
                                   "SELECT text FROM free_text UNION ALL SELECT topic FROM returns UNION ALL "
                                   "SELECT partners FROM returns UNION ALL SELECT topic FROM matrices UNION ALL "
                                   "SELECT partner FROM matrices"):
            yield row[0]

    def version_rows(self) -> list[dict[str, Any]]:
        """Each return with what tells versions and copies apart (its file's name, content and time)."""
        return self.query("SELECT r.id, r.source_file, r.round, r.board, f.sha256, f.mtime_ns, r.superseded_by, "
                          "r.superseded_why FROM returns r JOIN files f ON f.id = r.file_id ORDER BY r.source_file")

    def set_superseded(self, superseded: dict[int, tuple[str, str]]) -> None:
        """Mark these returns (id: (the return that replaces it, why)) as not counted, and every other
        return as counted: the whole set is given each time."""
        with self.atomic() as db:
            db.execute("UPDATE returns SET superseded_by = NULL, superseded_why = NULL "
                       "WHERE superseded_by IS NOT NULL")
            db.executemany("UPDATE returns SET superseded_by = ?, superseded_why = ? WHERE id = ?",
                           [(by, why, rid) for rid, (by, why) in superseded.items()])

    def rounds(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT round FROM returns WHERE round IS NOT NULL "
                                              "ORDER BY round")]

    def placements(self, round_: int | None = None, stream: bool = False,
                   include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT r.source_file, r.round, r.board, p.partner, p.topic, p.function, p.level, p.text, "
               "p.locality, p.marker, p.location, p.cell_ref, p.confidence, p.matrix, p.id AS placement_id, "
               "r.id AS return_id, p.corrected, p.also_at, r.superseded_by, th.themes "
               "FROM placements p JOIN returns r ON r.id = p.return_id " + _themes_join("placement", "p"))
        return self._by_round(sql, round_, "r", "ORDER BY r.round, r.board, r.source_file, p.id", stream=stream,
                              counted=not include_superseded)

    def returns(self, round_: int | None = None, stream: bool = False,
                include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT r.*, (SELECT count(*) FROM placements p WHERE p.return_id = r.id) AS placements, "
               "(SELECT count(*) FROM unplaced u WHERE u.return_id = r.id AND u.reason NOT IN "
               f"{_UNFLAGGED_SQL}) AS unplaced FROM returns r")
        return self._by_round(sql, round_, "r", "ORDER BY r.round, r.board, r.source_file", stream=stream,
                              counted=not include_superseded)

    def matrices(self, round_: int | None = None, include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT m.*, r.board, r.round, r.source_file FROM matrices m JOIN returns r ON r.id = m.return_id"
        return self._by_round(sql, round_, "r", "ORDER BY r.round, r.board, r.source_file, m.return_id, m.idx",
                              counted=not include_superseded)

    def free_text(self, round_: int | None = None, stream: bool = False,
                  include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT r.source_file, r.round, r.board, f.section, f.text, f.location, f.cell_ref, f.id AS item_id, "
               "r.id AS return_id, th.themes "
               "FROM free_text f JOIN returns r ON r.id = f.return_id " + _themes_join("free_text", "f"))
        return self._by_round(sql, round_, "r", "ORDER BY r.round, r.board, r.source_file, f.id", stream=stream,
                              counted=not include_superseded)

    def unplaced(self, round_: int | None = None, include_boilerplate: bool = False,
                 stream: bool = False, include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT r.source_file, r.round, r.board, u.text, u.reason, u.location, u.cell_ref, u.id AS item_id, "
               "r.id AS return_id FROM unplaced u JOIN returns r ON r.id = u.return_id")
        where = () if include_boilerplate else (f"u.reason NOT IN {_UNFLAGGED_SQL}",)
        return self._by_round(sql, round_, "r", "ORDER BY r.round, r.board, r.source_file, u.id", where, stream=stream,
                              counted=not include_superseded)

    def problems(self, round_: int | None = None, stream: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT f.source_file, f.round, f.status, p.code, p.severity, p.message, p.hint, p.location "
               "FROM problems p JOIN files f ON f.id = p.file_id")
        return self._by_round(sql, round_, "f", "ORDER BY f.round, f.source_file, p.id", stream=stream)

    def themes(self, round_: int | None = None, include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT t.*, r.board, r.round, r.source_file FROM themes t JOIN returns r ON r.id = t.return_id")
        return self._by_round(sql, round_, "r", "ORDER BY t.id",
                              counted=not include_superseded)

    def corrections(self, round_: int | None = None, stream: bool = False,
                    include_superseded: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT r.source_file, r.round, r.board, c.correction, c.action, c.target, c.detail, c.applied_at "
               "FROM corrections_applied c JOIN returns r ON r.id = c.return_id")
        return self._by_round(sql, round_, "r", "ORDER BY c.id", stream=stream,
                              counted=not include_superseded)

    def files(self) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM files ORDER BY source_file")

    def _by_round(self, sql: str, round_: int | None, alias: str, order: str,
                  where: tuple[str, ...] = (), stream: bool = False, counted: bool = False) -> list[dict[str, Any]]:
        """Run a base query (which has no outer WHERE of its own) filtered by round and `where`.
        With stream=True, rows are yielded as SQLite produces them instead of collected in a list.
        counted: only the returns that count (not one superseded by a later version or its original)."""
        conditions = list(where) + ([f"{alias}.superseded_by IS NULL"] if counted else [])
        params: tuple = ()
        if round_ is not None:
            conditions.append(f"{alias}.round = ?")
            params = (round_,)
        clause = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        if stream:
            return self.iter_query(f"{sql}{clause} {order}", params)  # type: ignore[return-value]
        return self.query(f"{sql}{clause} {order}", params)
