"""A query process: opens the store read-only and runs one :class:`~kg.query.run.Job` at a time.

Started by :class:`kg.query.pool.QueryPool` from a fork server that has imported this module
(and with it pyoxigraph, rdflib and the query code) once. The main thread reads jobs; a thread
with a large stack runs them, so that the main thread notices at once when the pool's end of
the pipe closes (its process died) and exits, even while a query runs. After the store is open
the process limits its own memory (``RLIMIT_DATA``): a query that allocates beyond it fails, and
the process dies (Rust aborts on a failed allocation) or answers the memory error.
"""

from __future__ import annotations

import os
import queue
import resource
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KGError, QueryStopped, StoreError
from kg.query.run import Job, memory_message, release_frames, run_job, start_thread
from kg.store import Store


def main(jobs: Connection, replies: Connection, store_path: str, memory_bytes: int) -> None:
    """Serve jobs from ``jobs`` until it closes; answers go to ``replies``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us, not a terminal's Ctrl-C
    # a failed allocation (the memory limit) aborts the process: one line, not a backtrace,
    # and no core dump (writing one takes seconds of disk and CPU, for nothing)
    os.environ["RUST_BACKTRACE"] = "0"
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        store = Store(store_path, read_only=True)
    except Exception as e:  # noqa: BLE001 - the pool reports it (RocksDB raises RuntimeError)
        error = e if isinstance(e, KGError) else StoreError(f"{store_path}: cannot open the store: {e}")
        try:
            replies.send(("error", error))
        except OSError:  # the pool gave up waiting, or is gone
            pass
        return
    work: queue.SimpleQueue[tuple[Job, float]] = queue.SimpleQueue()
    state: dict[str, Any] = {"store": store, "path": store_path}
    out_of_memory = QueryStopped(memory_message(memory_bytes))  # made now: no memory later

    def evaluate() -> None:
        while True:
            job, deadline = work.get()
            try:
                if job.store_path is not None and job.store_path != state["path"]:
                    state["store"] = None  # close the old snapshot first
                    state["store"] = Store(job.store_path, read_only=True)
                    state["path"] = job.store_path
                message: tuple[str, Any] = ("ok", run_job(state["store"], job, deadline))
            except MemoryError:
                message = ("error", out_of_memory)
            except KGError as e:
                release_frames(e)
                message = ("error", e)
            except Exception as e:  # noqa: BLE001 - answered, and the process lives on
                release_frames(e)
                message = ("error", StoreError(f"the query failed: {type(e).__name__}: {e}"))
            replies.send(message)

    started: queue.SimpleQueue[int] = queue.SimpleQueue()

    def evaluate_here() -> None:
        started.put(threading.get_native_id())  # the pool lowers this thread's priority
        evaluate()

    start_thread(evaluate_here, "kg-query-eval")
    thread = started.get()
    _limit_memory(memory_bytes)
    replies.send(("ready", os.getpid(), thread))
    while True:
        try:
            work.put(jobs.recv())
        except (EOFError, OSError):
            os._exit(0)  # the pool is gone: stop, even in the middle of a query


def _limit_memory(extra: int) -> None:
    """Allow the process ``extra`` bytes of data beyond what it has now."""
    if extra <= 0:
        return
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    now = int(fields["VmData"].split()[0]) * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = now + extra if hard == resource.RLIM_INFINITY else min(hard, now + extra)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
