"""Bulk loading for first builds: new graphs gathered as N-Quads shards, loaded at the end.

The shards hold each new graph and its union copy (:func:`kg.store.union.nquads`), so the
loaded store is the one the transactional writer would have written. The bulk loader (the
embedded store's pyoxigraph ``bulk_load``, a server's own loader) is faster and leaves the
files compacted, but it is not one transaction: a crash while it loads can leave part of a
shard in the store. It is meant for first builds of large corpora into a store nobody reads
yet; a graph the store already holds is always replaced by the transactional writer.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.ntriples import EncodedGraph
from kg.store import union
from kg.store.oxigraph import Store

log = logging.getLogger(__name__)

#: bytes of N-Quads per shard file
SHARD_BYTES = 64 << 20


class ShardWriter:
    """Collect new graphs into N-Quads shard files; :meth:`load` bulk-loads them."""

    def __init__(self, store: Store, folder: Path | None = None, shard_bytes: int = SHARD_BYTES) -> None:
        self.store = store
        self._folder = Path(tempfile.mkdtemp(prefix="kg-bulk-", dir=folder))
        self._shard_bytes = shard_bytes
        self._shards: list[Path] = []
        self._out: IO[str] | None = None
        self._size = 0
        self._entries: list[tuple[object, EncodedGraph]] = []
        self._names: set[str] = set()

    def takes(self, graph: EncodedGraph) -> bool:
        """Whether ``graph`` is new (neither in the store nor in a shard yet)."""
        return graph.name not in self._names and not self.store.contains_graph(graph.name)

    def add(self, key: object, graph: EncodedGraph) -> None:
        if self._out is None or self._size >= self._shard_bytes:
            self._next_shard()
        assert self._out is not None
        text = union.nquads(ox.NamedNode(graph.name), graph.body)
        self._out.write(text)
        self._size += len(text)
        self._entries.append((key, graph))
        self._names.add(graph.name)

    def _next_shard(self) -> None:
        if self._out is not None:
            self._out.close()
        path = self._folder / f"shard-{len(self._shards):05d}.nq"
        self._shards.append(path)
        self._out = path.open("w", encoding="utf-8")
        self._size = 0

    def load(self) -> Iterator[tuple[object, EncodedGraph]]:
        """Bulk-load every shard, then yield the graphs loaded (with their keys)."""
        try:
            if self._out is not None:
                self._out.close()
            if self._shards:
                log.info("bulk-loading %d graphs from %d shard(s)", len(self._entries), len(self._shards))
                self.store.bulk_load(self._shards)
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
        yield from self._entries
