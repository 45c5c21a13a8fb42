"""A writer thread: finished article graphs in, batched transactions out.

The build hands each finished graph to :meth:`GraphWriter.put` and goes on with the next
article; the writer thread takes whatever has queued up (at most :data:`BATCH_GRAPHS` graphs)
and writes it as one transaction (:meth:`kg.store.Store.replace_graphs`). pyoxigraph releases
the GIL while it writes, so extraction and writing run at the same time, and a batch costs one
commit instead of one per article. A crash loses at most the batches not yet committed; every
committed article is whole, and no article is ever half written.

A batch that fails is written again one graph at a time, so that one bad graph is reported by
name and the others are stored.

``background=False`` writes in the caller's thread instead, a batch whenever
:data:`BATCH_GRAPHS` graphs are waiting: what a build that extracts in its own process uses
(a single batch of articles), where a thread would only compete with the extraction for the
GIL. A build that extracts in worker processes (one or more) writes from the thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from kg.errors import StoreError
from kg.ntriples import EncodedGraph
from kg.store.oxigraph import Store

log = logging.getLogger(__name__)

#: the most graphs one transaction writes (~600 triples each: well below a megabyte of quads)
BATCH_GRAPHS = 32
#: graphs waiting to be written before :meth:`GraphWriter.put` blocks (bounds the memory)
QUEUE_GRAPHS = 256


class _Item(NamedTuple):
    key: object
    graph: EncodedGraph
    companions: Sequence[EncodedGraph]


@dataclass(frozen=True)
class Written:
    """The outcome of one graph: ``error`` is ``None`` once it is committed."""

    key: object  # what the caller passed along with the graph (e.g. its article)
    graph: EncodedGraph
    error: Exception | None = None


class GraphWriter:
    """Write graphs into ``store`` in batches, from a thread of its own (or, with
    ``background=False``, from the caller's).

    Use as a context manager: leaving the block waits until everything put is committed (or has
    failed). ``on_written`` is called, in the thread that writes, with each graph's outcome, in the
    order the graphs were put. ``removals(graph)`` names graphs to remove in the same
    transaction as ``graph`` is written (the build drops an article's inferred graph with it).
    """

    def __init__(
        self,
        store: Store,
        on_written: Callable[[Written], None],
        *,
        removals: Callable[[EncodedGraph], Sequence[str]] | None = None,
        batch: int = BATCH_GRAPHS,
        background: bool = True,
    ) -> None:
        self.store = store
        self._on_written = on_written
        self._removals = removals or (lambda _: ())
        self._batch = max(1, batch)
        self._queue: queue.Queue[_Item | None] = queue.Queue(QUEUE_GRAPHS)
        # only a writer that runs it has a thread: an unstarted one would keep this writer, and
        # with it the store, alive after the build (it refers to self._run)
        self._thread = (
            threading.Thread(target=self._run, name="kg-writer", daemon=True) if background else None
        )
        self._pending: list[_Item] = []  # without the thread
        self._failure: BaseException | None = None

    def __enter__(self) -> GraphWriter:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, key: object, graph: EncodedGraph, companions: Sequence[EncodedGraph] = ()) -> None:
        """Queue ``graph`` for writing (blocks while :data:`QUEUE_GRAPHS` graphs wait), with
        ``companions`` to write in the same transaction (the build's reasoning: the article's
        inferred graph, made from the graph in hand); without the thread, write the waiting
        graphs once there are a batch of them."""
        item = _Item(key, graph, companions)
        if self._thread is None:
            self._pending.append(item)
            if len(self._pending) >= self._batch:
                self._write_pending()
            return
        self._put(item)

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread is None:
            self._write_pending()
            return
        if self._thread.is_alive():
            self._put(None)
            self._thread.join()
        if self._failure is not None:
            raise self._failure

    def _write_pending(self) -> None:
        items, self._pending = self._pending, []
        if items:
            self._write(items)

    def _put(self, item: _Item | None) -> None:
        thread = self._thread
        assert thread is not None  # only a writer with a thread queues
        # never wait forever on a full queue whose writer has stopped
        while True:
            if self._failure is not None:
                raise self._failure
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                if not thread.is_alive():
                    raise StoreError("the writer thread stopped") from None

    def _run(self) -> None:
        done = False
        while not done:
            item = self._queue.get()
            items: list[_Item] = []
            while item is not None:
                items.append(item)
                if len(items) >= self._batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            else:
                done = True
            if items:
                try:
                    self._write(items)
                except BaseException as e:  # noqa: BLE001 - handed to the caller in put/close
                    self._failure = e
                    return

    def _write(self, items: list[_Item]) -> None:
        graphs = [item.graph for item in items]
        removals = [name for g in graphs for name in self._removals(g)]
        try:
            extra = [c for item in items for c in item.companions]
            self.store.replace_graphs(graphs + extra, remove=removals)
        except Exception as e:  # noqa: BLE001 - retried one by one below
            if len(items) == 1:
                self._on_written(Written(items[0].key, items[0].graph, e))
                return
            log.warning("a batch of %d graphs failed (%s); writing them one by one", len(items), e)
            for item in items:
                self._write([item])
            return
        for item in items:
            self._on_written(Written(item.key, item.graph))
