"""A budget of time and memory for each file, and worker processes that may die without
stopping the batch.

Within file_budget(): a timer raises OverBudget after FILE_SECONDS (POSIX: SIGALRM, main thread
only); the address space may grow by FILE_MEMORY_MB at most (RLIMIT_AS: an allocation past it is a
MemoryError); and in a worker process, a CPU-time limit kills the worker if it is stuck in C code
for twice as long as the timer allows. run_pool() reads files in worker processes: a worker that dies
(killed for memory, a crash in a C library) or stops answering breaks its pool; the files it may have
been reading are then read again one at a time, each alone in a fresh process, so that only the file
that kills its reader is reported, and the rest of the batch goes on."""
from __future__ import annotations

import os
import signal
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from . import limits

try:
    import resource
except ImportError:  # Windows: the parent's watchdog is the only guard
    resource = None  # type: ignore[assignment]

_IN_WORKER = False
pools_started = False  # whether this process started worker processes (the CLI exits hard on Ctrl-C then)


class OverBudget(BaseException):
    """Raised inside a file's budget when its time is up. A BaseException, so that a reader's broad
    'except Exception' cannot swallow it."""


def _on_alarm(_signum, _frame) -> None:
    raise OverBudget("time")


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@contextmanager
def file_budget(seconds: float | None = None, memory_mb: int | None = None) -> Iterator[None]:
    seconds = limits.FILE_SECONDS if seconds is None else seconds
    memory_mb = limits.FILE_MEMORY_MB if memory_mb is None else memory_mb
    timer = False
    old_handler = None
    restore: list[tuple[int, tuple[int, int]]] = []
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():  # POSIX only
        timer = True
        old_handler = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    if resource is not None:
        used = _address_space()
        if used is not None and memory_mb:
            _lower(resource.RLIMIT_AS, used + memory_mb * 1024 * 1024, restore)
        if _IN_WORKER:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            _lower(resource.RLIMIT_CPU, int(usage.ru_utime + usage.ru_stime + 2 * seconds + 5), restore)
    try:
        yield
    finally:
        if timer and hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        for which, old in restore:
            try:
                resource.setrlimit(which, old)
            except (ValueError, OSError):
                pass


def _lower(which: int, soft: int, restore: list) -> None:
    old = resource.getrlimit(which)
    hard = old[1]
    if hard != resource.RLIM_INFINITY and soft > hard:
        return
    if old[0] != resource.RLIM_INFINITY and old[0] <= soft:
        return
    try:
        resource.setrlimit(which, (soft, hard))
        restore.append((which, old))
    except (ValueError, OSError):
        pass


# --------------------------------------------------------------------------- worker processes

def _init_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no worker tracebacks


def _run_chunk(func: Callable, chunk: list) -> list:
    return [func(args) for args in chunk]


def _kill(pool: ProcessPoolExecutor) -> None:
    for proc in list(getattr(pool, "_processes", {}).values() or ()):
        try:
            proc.kill()
        except (OSError, AttributeError, ValueError):
            pass


def _close(pool: ProcessPoolExecutor, kill: bool) -> None:
    if kill:
        _kill(pool)
    try:
        pool.shutdown(wait=not kill, cancel_futures=True)
    except Exception:  # noqa: BLE001 - a broken pool may complain while shutting down
        pass


def run_pool(func: Callable[[Any], Any], items: list, jobs: int, chunksize: int, ctx,
             died: Callable[[Any, str], Any]) -> Iterator[Any]:
    """func(item) for every item, in worker processes, yielded as they finish (in any order).
    An item whose worker dies or hangs, even when read alone, yields died(item, why) instead."""
    global pools_started
    pools_started = True
    queue = deque(items[i:i + chunksize] for i in range(0, len(items), chunksize))
    watchdog = limits.FILE_SECONDS * 2 * chunksize + 5  # worker timers act first; this is the backstop
    suspects: list = []
    while queue:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)
        inflight: dict = {}
        clean: bool | None = False
        try:
            while queue or inflight:
                while queue and len(inflight) < jobs * 2:
                    chunk = queue.popleft()
                    inflight[pool.submit(_run_chunk, func, chunk)] = chunk
                done, _ = wait(inflight, timeout=watchdog, return_when=FIRST_COMPLETED)
                if not done:  # nothing finished for too long: a worker is stuck where no timer reaches
                    _kill(pool)
                    done, _ = wait(inflight, timeout=30)
                broken = False
                for fut in done:
                    chunk = inflight.pop(fut)
                    try:
                        results = fut.result()
                    except BrokenProcessPool:
                        suspects.extend(chunk)
                        broken = True
                        continue
                    yield from results
                if broken:
                    for fut, chunk in inflight.items():
                        if fut.done() and not fut.cancelled() and fut.exception() is None:
                            yield from fut.result()
                        else:
                            suspects.extend(chunk)
                    inflight = {}
                    break
            clean = True
        except KeyboardInterrupt:
            _kill(pool)  # Ctrl-C: stop the workers at once; the caller exits (no shutdown to wait for)
            clean = None
            raise
        finally:
            if clean is not None:
                _close(pool, kill=not clean)
    for item in suspects:  # each alone: only the file that kills its reader is reported
        yield _alone(func, item, ctx, died)


def _alone(func: Callable, item: Any, ctx, died: Callable[[Any, str], Any]) -> Any:
    pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_init_worker)
    clean = False
    try:
        result = pool.submit(func, item).result(timeout=limits.FILE_SECONDS * 2 + 5)
        clean = True
        return result
    except BrokenProcessPool:
        return died(item, "the process reading it ran out of memory or was stopped")
    except FutureTimeout:
        return died(item, f"reading it took longer than {limits.FILE_SECONDS * 2 + 5} seconds")
    finally:
        _close(pool, kill=not clean)

