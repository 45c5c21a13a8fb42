"""Where queries run: a pool of query processes that can be stopped, or threads for a store in memory.

pyoxigraph cannot cancel a query, and a thread cannot be killed: a query that is still busy at
its time limit keeps a CPU (and its memory) until it finishes. So on a store on disk every
query runs in a **query process** (:mod:`kg.query.worker`), one query at a time, and a process
whose query is past its limit is killed (``SIGKILL``): its CPU is free at once, and the pool
starts a fresh process in its place. A query process also has a memory limit (``RLIMIT_DATA``),
so one query cannot take the machine's memory.

Who gets a process (:class:`QueryPool`), so that cheap queries are answered however many
expensive ones arrive:

- **per client** (``client_concurrency``): a client (a remote address) with that many queries
  running or waiting gets ``429`` for the next (:class:`~kg.errors.ClientBusy`).
- **what a client's queries cost**: the mean query seconds of its recent queries (halving
  every :data:`COST_HALF_LIFE` s; a query turned away counts :data:`REFUSED_COST`; a client
  not seen counts as :data:`PRIOR_QUERY_SECONDS`). Waiting queries are served cheapest client
  first and, among equals, newest first (under overload, last in first out keeps the waits
  short for the queries that are served); at most :attr:`QueryPool.max_waiting` wait, and the
  dearest is turned away (``503``, retry later) when a cheaper one comes.
- **spares**: ``processes`` queries of any client run at once; :attr:`QueryPool.spares` more
  processes (half as many) serve only clients whose queries cost less than
  :data:`CHEAP_CLIENT`, that is clients seen sending cheap queries: a crowd of new clients
  cannot take them. One more process stands by, started, for the next one killed.
- **preemption**: while queries wait that no free process may take, at most
  :attr:`QueryPool.long_slots` (half the processes) run queries older than ``preempt_after``
  seconds; the others past that age (and any on a spare) are stopped, the dearest client's
  first (``503``, retry later). On an idle server a long query runs to its time limit.
- **the CPU**: a query older than ``preempt_after`` has its thread's priority lowered (nice
  :data:`LONG_QUERY_NICENESS`), so short queries, and processes starting, run first; as a
  process cannot raise its priority again, it is replaced after that query.

Processes start from a *fork server* that has imported the query code once (Python's
``forkserver`` start method), so a replacement costs a fork and opening the store (tens of
ms), not an interpreter start. A store on disk is read through **snapshots**
(``Store.backup``, hard links on the same file system), never in place: a read-only opener of
a directory that another process writes sees files vanish under it. A read-write store (updates
enabled) is snapshotted after every write (:meth:`QueryPool.store_changed`); a read-only one is
*followed* (``follow``): when the store on disk has changed (``kg build`` into a served store)
and no process holds it for writing any more, the pool takes a new snapshot, and each process
moves to it with its next query (:mod:`kg.store.follow`). Snapshots nobody reads are removed.

:class:`ThreadRunner` serves a store in memory (tests, a store no process can open): the same
jobs, the same per-client limit, on threads with a large stack; a query past its time limit is
answered 503 at once but its thread runs on until its next row.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import multiprocessing
import multiprocessing.connection
import os
import queue
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

from kg.errors import ClientBusy, KGError, QueryStopped, QueryTimeout, StoreError
from kg.query.run import (
    Job,
    Limits,
    QueryStore,
    Reply,
    memory_message,
    release_frames,
    run_job,
    start_thread,
    timeout_message,
)
from kg.store.follow import signature, writer_active

log = logging.getLogger(__name__)

#: seconds in which what a client's queries cost counts half
COST_HALF_LIFE = 60.0
#: how often the supervisor looks at the pool (preemption, replacements)
TICK = 0.05
RETRY_AFTER = 2  # seconds, for queries turned away because the server is busy
#: what a query turned away costs its client (in query seconds): one that sends again at once
#: does not come before those that wait their turn
REFUSED_COST = 0.1
#: what a query of a client not seen lately is taken to cost (seconds)
PRIOR_QUERY_SECONDS = 0.05
#: a client whose queries cost less than this (seconds, on average, lately) may have a spare
#: process when every other one is busy: below the prior, so a client must have been seen
#: sending cheap queries (one is enough), and a crowd of new clients cannot take the spares
CHEAP_CLIENT = 0.04
#: the niceness of a query process whose query runs long (the most a process may lower itself)
LONG_QUERY_NICENESS = 19
#: how often a followed store is looked at for changes (seconds; a look is a few ``stat`` calls)
FOLLOW_INTERVAL = 0.5


class Runner(Protocol):
    """What the web layer runs queries on."""

    def run(self, job: Job, client: str) -> Reply: ...

    def store_changed(self) -> None: ...

    @property
    def generation(self) -> int:
        """How many times the data read has changed (a write, a rebuild that was followed)."""
        ...

    @property
    def read_path(self) -> str | None:
        """The store directory (or snapshot) queries read now; ``None`` for a store in memory."""
        ...

    def read_elsewhere(self, path: str) -> None:
        """``path`` (a snapshot) is read outside the runner too: keep it until another is."""
        ...

    def close(self) -> None: ...


def _busy(reason: str) -> QueryStopped:
    return QueryStopped(f"the server is busy: {reason}; retry later", retry_after=RETRY_AFTER)


class _Clients:
    """Queries in flight per client, and what a query of each client costs, recently.

    The cost is the mean query seconds of the client's recent queries (sums that halve every
    :data:`COST_HALF_LIFE` seconds), counting :data:`PRIOR_QUERY_SECONDS` for a query not seen:
    a client that sends many cheap queries costs little; one whose queries run long, or are
    turned away, costs much; a new one is in between."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.inflight: dict[str, int] = {}
        self._used: dict[str, tuple[float, float, float]] = {}  # client -> (seconds, queries, when)

    def admit(self, client: str) -> None:
        n = self.inflight.get(client, 0)
        if n >= self.concurrency:
            self.charge(client, REFUSED_COST)
            raise ClientBusy(
                f"{n} queries of yours are running or waiting, the most this endpoint allows per "
                "client; send the next when one has finished"
            )
        self.inflight[client] = n + 1

    def leave(self, client: str, seconds: float) -> None:
        n = self.inflight.get(client, 1) - 1
        if n:
            self.inflight[client] = n
        else:
            self.inflight.pop(client, None)
        self.charge(client, seconds)

    def charge(self, client: str, seconds: float) -> None:
        used, queries = self._decayed(client)
        self._used[client] = (used + seconds, queries + 1, time.monotonic())
        if len(self._used) > 10_000:  # forget the half seen least
            for name, _ in sorted(self._used.items(), key=lambda kv: kv[1][1])[:5_000]:
                self._used.pop(name, None)

    def cost(self, client: str) -> float:
        used, queries = self._decayed(client)
        return (used + PRIOR_QUERY_SECONDS) / (queries + 1)

    def _decayed(self, client: str) -> tuple[float, float]:
        used, queries, when = self._used.get(client, (0.0, 0.0, 0.0))
        if not queries:
            return 0.0, 0.0
        factor = math.pow(0.5, (time.monotonic() - when) / COST_HALF_LIFE)
        return used * factor, queries * factor


# -- the process pool -------------------------------------------------------------------


@dataclass(eq=False)
class _Process:
    proc: BaseProcess
    jobs: multiprocessing.connection.Connection  # we send
    replies: multiprocessing.connection.Connection  # we receive
    path: str  # the store (snapshot) it has open, as far as we know
    thread: int  # the native id of the thread that evaluates its queries
    busy_since: float | None = None
    client: str = ""
    stop_reason: str | None = None  # why we killed it: "timeout", "preempted"
    reniced: bool = False  # its query ran long and yields the CPU (for good: retire it after)
    spare: bool = False  # it runs a cheap client's query on a spare


@dataclass(order=True)
class _Waiter:
    """A query waiting for a process; the least is served first: the cheapest client's, and of
    equally cheap ones the newest (under overload, last in first out keeps waits short for the
    queries that are served; the oldest is the first turned away)."""

    cost: float
    newest_first: int  # minus the arrival number
    client: str = field(compare=False)
    granted: _Process | None = field(default=None, compare=False)
    refused: KGError | None = field(default=None, compare=False)
    done: bool = field(default=False, compare=False)


class QueryPool:
    """Query processes over the store at ``store_path``; see the module docstring.

    Args:
        store_path: the store directory.
        processes: how many queries run at once.
        client_concurrency: queries in flight per client.
        preempt_after: seconds after which a query counts as long (see the module docstring).
        memory_mb: memory one query process may take beyond what it has after start.
        prestart: processes to start at once (the rest start when queries need them).
        writable: the store this process writes, for a read-write store: queries then read
            snapshots of it (see :meth:`store_changed`).
        follow: for a store read-only here: read snapshots of it, and a new one whenever it was
            written by another process (see the module docstring).
    """

    def __init__(
        self,
        store_path: Path | str,
        *,
        processes: int = 4,
        client_concurrency: int = 4,
        preempt_after: float = 0.5,
        memory_mb: int = 1024,
        prestart: int = 0,
        writable: Any | None = None,
        follow: bool = False,
    ) -> None:
        self.processes = max(1, processes)
        self.spares = max(1, self.processes // 2)
        self.long_slots = max(1, self.processes // 2)
        self.max_waiting = 4 * (self.processes + self.spares)
        self.preempt_after = preempt_after
        self.memory_bytes = memory_mb * 1024 * 1024
        self._clients = _Clients(client_concurrency)
        self._lock = threading.Condition()
        self._idle: list[_Process] = []
        self._all: list[_Process] = []
        self._starting = 0
        self._opening: list[str] = []  # the store paths that starting processes open
        self._warm = False  # as many processes started as the general ones and the spares
        self._refreshing = False  # a process is opening the newest snapshot (see _take_stale)
        self._waiters: list[_Waiter] = []
        self._seq = itertools.count()
        self._closed = False
        self._writable = writable
        self._store_path = str(store_path)
        self._snapshots: Path | None = None
        self._generation = 0
        self._path = str(store_path)
        self._follow = follow and writable is None
        self._seen: Any = None  # the signature of the store the newest snapshot was taken of
        self._next_look = 0.0
        self._taking = False  # a snapshot of a followed store is being taken
        self._outside: str | None = None  # a snapshot the web process reads itself
        if writable is not None or self._follow:
            self._snapshots = _snapshot_folder(Path(store_path))
            if self._snapshots is None:  # cannot write beside the store: read it in place
                self._follow = False
            elif writable is not None:
                self._path = self._snapshot()
            elif not writer_active(store_path):
                self._path = self._follow_snapshot() or self._path
        self._wanted = min(self.processes + self.spares + 1, max(0, prestart))
        self._supervisor = threading.Thread(target=self._supervise, name="kg-query-pool", daemon=True)
        self._supervisor.start()

    # -- the request side -----------------------------------------------------------

    def run(self, job: Job, client: str) -> Reply:
        """Run ``job`` for ``client`` in a query process.

        Raises:
            ClientBusy: the client has ``client_concurrency`` queries in flight.
            QueryStopped: turned away or stopped because the server is busy (retry later).
            QueryTimeout: the query ran past its time limit (its process was killed).
            KGError: what the query raised in its process (see :func:`kg.query.run.run_job`).
        """
        deadline = time.monotonic() + job.limits.timeout
        with self._lock:
            if self._closed:
                raise StoreError("the query pool is closed")
            self._clients.admit(client)
        seconds = REFUSED_COST  # what the client is charged if its query never runs
        try:
            process = self._acquire(client, deadline, job.limits.timeout)
            started = time.monotonic()
            try:
                return self._exchange(process, job, deadline)
            finally:
                seconds = time.monotonic() - started
                self._release(process)
        finally:
            with self._lock:
                self._clients.leave(client, seconds)

    def _acquire(self, client: str, deadline: float, timeout: float) -> _Process:
        with self._lock:
            waiter = _Waiter(self._clients.cost(client), -next(self._seq), client)
            lane = self._lane(waiter.cost) if not self._waiters else None
            if lane is not None:
                return self._take(self._idle.pop(), client, spare=lane)
            if len(self._waiters) >= self.max_waiting:
                dearest = max(self._waiters)
                if dearest < waiter:  # the newcomer is the dearest: it goes
                    raise _busy(f"{len(self._waiters)} queries are waiting")
                self._waiters.remove(dearest)
                heapq.heapify(self._waiters)
                dearest.refused, dearest.done = _busy(f"{len(self._waiters) + 1} queries are waiting"), True
            heapq.heappush(self._waiters, waiter)
            self._hand_over()
            self._grow()
            self._lock.notify_all()
            while not waiter.done:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._waiters.remove(waiter)
                    heapq.heapify(self._waiters)
                    raise QueryTimeout(
                        f"{timeout_message(timeout)} (no query process became free in time)", RETRY_AFTER
                    )
                self._lock.wait(min(left, 1.0))
            if waiter.refused is not None:
                raise waiter.refused
            assert waiter.granted is not None
            return waiter.granted

    def _busy_count(self) -> int:
        return sum(1 for p in self._all if p.busy_since is not None)

    def _lane(self, cost: float) -> bool | None:
        """Whether a query of a client with this cost may have a free process now: ``False``
        one of the ``processes``, ``True`` a spare, ``None`` not now. (Lock held.)

        ``processes`` queries of any client run at once, and as many processes as there are
        spares not in use stay free for clients whose queries cost less than
        :data:`CHEAP_CLIENT` seconds (lately, on average): a spare is theirs when every other
        process is busy."""
        if not self._idle:
            return None
        on_spares = sum(1 for p in self._all if p.busy_since is not None and p.spare)
        general = self._busy_count() - on_spares
        # free processes stay for the spares, once so many have started (before: a first query
        # takes the first process there is)
        reserve = self.spares - on_spares if self._warm else 0
        if general < self.processes and len(self._idle) > reserve:
            return False
        if cost < CHEAP_CLIENT and on_spares < self.spares:
            return True
        return None

    def _grow(self) -> None:
        """Keep as many processes started as run or wait, the spares, and one more that stands
        by for a process that is killed (a start takes a while). (Lock held.)"""
        demand = self._busy_count() + len(self._waiters) + self.spares + 1
        self._wanted = min(self.processes + self.spares + 1, max(self._wanted, demand))

    def _take(self, process: _Process, client: str, spare: bool) -> _Process:
        process.busy_since, process.client, process.stop_reason = time.monotonic(), client, None
        process.spare = spare
        return process

    def _exchange(self, process: _Process, job: Job, deadline: float) -> Reply:
        if self._snapshots is not None:
            job = _with_path(job, self._path)
            process.path = self._path
        try:
            process.jobs.send((job, deadline))
            answered = process.replies.poll(max(0.0, deadline - time.monotonic()))
            if not answered:
                self._kill(process, "timeout")
                raise QueryTimeout(timeout_message(job.limits.timeout))
            status, value = process.replies.recv()
        except (EOFError, OSError):
            raise self._death(process, job) from None
        if status == "ok":
            assert isinstance(value, Reply)
            return value
        raise value

    def _death(self, process: _Process, job: Job) -> KGError:
        """What to answer for a query whose process died."""
        process.proc.join(1.0)
        code = process.proc.exitcode
        with self._lock:
            reason = process.stop_reason
        if reason == "preempted":
            return _busy(
                f"the query ran longer than {self.preempt_after:g} s while others waited for every "
                "query process"
            )
        if reason == "timeout":
            return QueryTimeout(timeout_message(job.limits.timeout))
        if code in (-6, -9):  # abort on a failed allocation (the memory limit), or the OOM killer
            return QueryStopped(memory_message(self.memory_bytes))
        log.error("a query process died (exit code %s) on: %.200r", code, job.sparql)
        return StoreError(f"the query process died (exit code {code})")

    def _release(self, process: _Process) -> None:
        with self._lock:
            process.busy_since, process.client = None, ""
            if not process.proc.is_alive() or process.stop_reason is not None:
                self._drop(process)
            elif process.reniced:  # slowed for good: a fresh one takes its place
                self._drop(process)
                self._kill_quietly(process)
            else:
                self._idle.append(process)
            self._hand_over()
            self._lock.notify_all()

    def _hand_over(self) -> None:
        """Give free processes to the cheapest waiters that may have one. (Lock held.)"""
        while self._waiters and self._idle:
            waiter = self._waiters[0]
            if waiter.done:
                heapq.heappop(self._waiters)
                continue
            lane = self._lane(waiter.cost)
            if lane is None:
                return
            heapq.heappop(self._waiters)
            waiter.granted, waiter.done = self._take(self._idle.pop(), waiter.client, lane), True

    def _drop(self, process: _Process) -> None:
        if process in self._all:
            self._all.remove(process)
        if process in self._idle:
            self._idle.remove(process)

    def _kill(self, process: _Process, reason: str) -> None:
        with self._lock:
            process.stop_reason = reason
        self._kill_quietly(process)

    @staticmethod
    def _kill_quietly(process: _Process) -> None:
        try:
            process.proc.kill()
        except (OSError, ValueError):  # gone already
            pass

    # -- the supervisor -------------------------------------------------------------

    def _supervise(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    return
                self._preempt()
                self._yield_cpu()
                start = max(0, self._wanted - len(self._all) - self._starting)
                self._starting += start
                stale = self._take_stale()
            for _ in range(start):  # in parallel: a start takes a fork and opening the store
                threading.Thread(target=self._start_one, name="kg-query-start", daemon=True).start()
            if stale:
                threading.Thread(target=self._refresh, args=(stale,), name="kg-refresh", daemon=True).start()
            self._look_at_the_store()
            self._forget_snapshots()
            with self._lock:
                if not self._closed:
                    self._lock.wait(TICK)

    def _preempt(self) -> None:
        """Stop long queries while others wait: beyond the long slots, and any on a spare.
        (Lock held.)"""
        waiting = [w for w in self._waiters if not w.done]
        if not waiting or self._lane(min(waiting).cost) is not None:
            return
        now = time.monotonic()
        long = [
            p
            for p in self._all
            if p.busy_since is not None and p.stop_reason is None and now - p.busy_since > self.preempt_after
        ]
        # keep the oldest on the general processes; of the rest, stop the dearest client's
        # first, then the newest
        general = sorted((p for p in long if not p.spare), key=lambda p: p.busy_since or 0.0)
        excess = general[self.long_slots :] + [p for p in long if p.spare]
        excess.sort(key=lambda p: (-self._clients.cost(p.client), -(p.busy_since or 0.0)))
        for process in excess[: len(waiting)]:
            process.stop_reason = "preempted"
            self._kill_quietly(process)

    def _yield_cpu(self) -> None:
        """Lower the CPU priority of queries that run long, so that short ones (and starting
        processes) get the CPU first. (Lock held.)"""
        now = time.monotonic()
        for p in self._all:
            if p.busy_since is not None and not p.reniced and now - p.busy_since > self.preempt_after:
                p.reniced = True
                try:
                    os.setpriority(os.PRIO_PROCESS, p.thread, LONG_QUERY_NICENESS)
                except OSError:  # gone, or not allowed: it just keeps its priority
                    pass

    def _start_one(self) -> None:
        with self._lock:
            path = self._path
            self._opening.append(path)  # a snapshot being opened is in use
        try:
            process = _spawn(path, self.memory_bytes)
        except Exception as e:
            if self._closed:  # shutting down: the fork server is gone
                return
            log.error("cannot start a query process: %s", e)
            time.sleep(1.0)  # do not spin on a store that cannot be opened
            with self._lock:
                self._opening.remove(path)
                self._starting -= 1
                self._wanted = len(self._all) + self._starting
            return
        with self._lock:
            self._opening.remove(path)
            self._starting -= 1
            if self._closed:
                self._kill_quietly(process)
                return
            self._all.append(process)
            self._idle.append(process)
            self._warm = self._warm or len(self._all) >= self.processes + self.spares
            self._hand_over()
            self._lock.notify_all()

    # -- snapshots (a read-write store) ----------------------------------------------

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def read_path(self) -> str:
        return self._path

    def read_elsewhere(self, path: str) -> None:
        with self._lock:
            self._outside = path

    def store_changed(self) -> None:
        """The store was written: later queries read a new snapshot of it."""
        if self._writable is None:
            return
        path = self._snapshot()
        with self._lock:
            self._path = path  # each process opens it with its next query (tens of ms)

    def _look_at_the_store(self) -> None:
        """Follow a store that another process writes: a new snapshot once it has changed and
        nobody writes it any more (on a thread of its own: opening a large store takes a while)."""
        now = time.monotonic()
        if not self._follow or self._taking or now < self._next_look:
            return
        self._next_look = now + FOLLOW_INTERVAL
        if signature(self._store_path) == self._seen or writer_active(self._store_path):
            return
        self._taking = True

        def take() -> None:
            try:
                path = self._follow_snapshot()
                if path is not None:
                    with self._lock:
                        self._path = path
                    log.info("the store at %s changed: queries read it as it is now", self._store_path)
            finally:
                self._taking = False

        threading.Thread(target=take, name="kg-follow", daemon=True).start()

    def _follow_snapshot(self) -> str | None:
        """A snapshot of the followed store as it is now, or ``None`` (it changed meanwhile, or
        could not be read: the next look tries again)."""
        from kg.store import Store

        assert self._snapshots is not None
        before = signature(self._store_path)
        target = self._snapshots / f"{self._generation + 1:06d}"
        try:
            source = Store(self._store_path, read_only=True)
            try:
                source.backup(target)
            finally:
                del source
        except (KGError, OSError) as e:
            log.warning("cannot snapshot %s (tried again later): %s", self._store_path, e)
            shutil.rmtree(target, ignore_errors=True)
            return None
        if signature(self._store_path) != before or writer_active(self._store_path):
            shutil.rmtree(target, ignore_errors=True)  # written meanwhile: maybe half of it
            return None
        self._seen = before
        self._generation += 1
        return str(target)

    def _take_stale(self) -> list[_Process]:
        """An idle process on an old snapshot, taken (as busy) to open the new one, while no
        query waits and another process is free: then the old snapshot can go. (Lock held.)"""
        if self._snapshots is None or self._waiters or self._refreshing or len(self._idle) < 2:
            return []
        stale = [p for p in self._idle if p.path != self._path][:1]
        for process in stale:
            self._idle.remove(process)
            self._take(process, "", spare=False)
            self._refreshing = True
        return stale

    def _refresh(self, processes: list[_Process]) -> None:
        refresh = Job("ASK {}", Limits(max_rows=1, timeout=60.0))
        for process in processes:
            try:
                self._exchange(process, refresh, time.monotonic() + 60.0)
            except KGError as e:
                log.warning("a query process could not open the new snapshot: %s", e)
            finally:
                with self._lock:
                    self._refreshing = False
                self._release(process)

    def _snapshot(self) -> str:
        assert self._snapshots is not None and self._writable is not None
        self._generation += 1
        target = self._snapshots / f"{self._generation:06d}"
        self._writable.backup(target)
        return str(target)

    def _forget_snapshots(self) -> None:
        if self._snapshots is None:
            return
        with self._lock:
            used = {p.path for p in self._all} | {self._path, *self._opening, self._outside or ""}
            generation = self._generation
        for entry in self._snapshots.iterdir():
            # finished snapshots only (not one being written: "…/000007.tmp")
            if entry.name.isdigit() and int(entry.name) < generation and str(entry) not in used:
                shutil.rmtree(entry, ignore_errors=True)

    # -- shutting down ----------------------------------------------------------------

    def close(self) -> None:
        """Kill every query process (a running query is stopped) and remove the snapshots."""
        with self._lock:
            self._closed = True
            processes = list(self._all)
            self._all.clear()
            self._idle.clear()
            for waiter in self._waiters:
                waiter.refused, waiter.done = StoreError("the query pool is closed"), True
            self._waiters.clear()
            self._lock.notify_all()
        for process in processes:
            self._kill_quietly(process)
            process.proc.join(5.0)
            process.jobs.close()
            process.replies.close()
        if self._snapshots is not None:
            shutil.rmtree(self._snapshots, ignore_errors=True)

    def wait_ready(self, processes: int = 1, timeout: float = 60.0) -> bool:
        """Wait until at least ``processes`` query processes have started (or ``timeout``)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._wanted = max(self._wanted, min(processes, self.processes + self.spares + 1))
            while len(self._all) < processes:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    return False
                self._lock.wait(min(left, TICK))
            return True

    def pids(self, *, busy: bool = False) -> list[int]:
        """The process ids of the query processes (``busy``: of those running a query)."""
        with self._lock:
            return [
                p.proc.pid
                for p in self._all
                if p.proc.pid is not None and (not busy or p.busy_since is not None)
            ]


def _snapshot_folder(store: Path) -> Path | None:
    """A new folder for snapshots beside ``store`` (hard links need the same file system),
    named with this process's id, with the folders that servers which are gone left there
    removed; ``None`` if none can be made."""
    prefix = f".{store.name}-snapshots-"
    try:
        for old in store.parent.glob(prefix + "*"):
            pid = old.name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=store.parent))
    except OSError as e:
        log.warning("cannot make snapshots beside %s (%s): reading the store in place", store, e)
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _with_path(job: Job, path: str) -> Job:
    from dataclasses import replace

    return replace(job, store_path=path)


_context_lock = threading.Lock()
_context: Any = None


def _mp_context() -> Any:
    """The ``forkserver`` context; its server imports the query code once, for every process."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            # "__main__" too: each process would otherwise import the main module again
            ctx.set_forkserver_preload(["__main__", "kg.query.worker"])
            _context = ctx
        return _context


def _spawn(path: str, memory_bytes: int) -> _Process:
    ctx = _mp_context()
    jobs_r, jobs_w = ctx.Pipe(duplex=False)
    replies_r, replies_w = ctx.Pipe(duplex=False)
    from kg.query import worker

    proc = ctx.Process(
        target=worker.main, args=(jobs_r, replies_w, path, memory_bytes), name="kg-query", daemon=True
    )
    proc.start()
    jobs_r.close()
    replies_w.close()
    # the process says it is ready (the store is open) or why it is not
    if not replies_r.poll(60.0):
        proc.kill()
        raise StoreError("a query process did not start within 60 s")
    try:
        message = replies_r.recv()
    except EOFError:
        proc.join(1.0)
        raise StoreError(f"a query process exited at start (exit code {proc.exitcode})") from None
    if message[0] != "ready":
        proc.join(1.0)
        raise message[1]
    return _Process(proc, jobs_w, replies_r, path, thread=message[2])


# -- threads (a store in memory) -------------------------------------------------------


class ThreadRunner:
    """Jobs on ``threads`` threads with a large stack, over a store in this process.

    A query past its time limit is answered at once (:class:`~kg.errors.QueryTimeout`); its
    thread stops at the next row it reads (or before it starts, if still queued), but a query
    busy before its first row runs on: threads cannot be stopped. Use :class:`QueryPool`
    where a store on disk allows it.
    """

    def __init__(self, store: QueryStore, *, threads: int = 4, client_concurrency: int = 4) -> None:
        self.store = store
        self._clients = _Clients(client_concurrency)
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[Job, float, Future[Reply]] | None] = queue.SimpleQueue()
        self._max_threads = max(1, threads)
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._generation = 0

    def run(self, job: Job, client: str) -> Reply:
        deadline = time.monotonic() + job.limits.timeout
        with self._lock:
            self._clients.admit(client)
            if not self._idle and len(self._threads) < self._max_threads:  # threads start when needed
                self._idle += 1
                self._threads.append(start_thread(self._serve, f"kg-query-{len(self._threads)}"))
        started = time.monotonic()
        try:
            future: Future[Reply] = Future()
            self._queue.put((job, deadline, future))
            try:
                return future.result(timeout=max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                future.cancel()
                raise QueryTimeout(timeout_message(job.limits.timeout)) from None
        finally:
            with self._lock:
                self._clients.leave(client, time.monotonic() - started)

    def _serve(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            with self._lock:
                self._idle -= 1
            try:
                self._serve_one(*item)
            finally:
                with self._lock:
                    self._idle += 1

    def _serve_one(self, job: Job, deadline: float, future: Future[Reply]) -> None:
        if not future.set_running_or_notify_cancel():
            return
        if time.monotonic() > deadline:  # queued past its deadline: do not start
            future.set_exception(QueryTimeout(timeout_message(job.limits.timeout)))
            return
        try:
            future.set_result(run_job(self.store, job, deadline))
        except BaseException as e:  # noqa: BLE001 - handed to the request
            release_frames(e)
            future.set_exception(e)

    def store_changed(self) -> None:
        """The threads read the store itself: nothing to reopen, only the generation moves."""
        self._generation += 1

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def read_path(self) -> str | None:
        return None

    def read_elsewhere(self, path: str) -> None:
        """Nothing to keep: there are no snapshots."""

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)


def runner_for(
    store: Any,
    *,
    processes: int,
    client_concurrency: int,
    preempt_after: float,
    memory_mb: int,
    prestart: int = 0,
    read_only: bool = True,
) -> Runner:
    """A :class:`QueryPool` for a store on disk, a :class:`ThreadRunner` for one in memory."""
    if store.path is None:
        return ThreadRunner(store, client_concurrency=client_concurrency)
    return QueryPool(
        store.path,
        processes=processes,
        client_concurrency=client_concurrency,
        preempt_after=preempt_after,
        memory_mb=memory_mb,
        prestart=prestart,
        writable=None if read_only else store,
        follow=read_only,
    )
