"""Where the build's NLP, facts and RDF run when not in local processes (:mod:`kg.pipeline`
has those): as tasks on a Dask cluster.

The engine maps one function over batches of articles and yields the results in input
order, so the build writes the same graphs whichever engine produced them. Each Dask worker
is a long-lived process that loads the NLP pipeline once, on its first batch (spaCy's advice
for multiprocessing), and keeps it for every batch after.

Dask was chosen over Ray (README, "A distributed build"): a build is a plain map of a pure
function over independent shards, which ``distributed`` does with a scheduler and workers that
are ordinary Python processes (``pip install``, no daemons, a ``LocalCluster`` starts in
seconds), while Ray brings its own object store, raylet and dashboard processes for features
(actors, GPUs, autoscaling) a build does not use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from kg.errors import ConfigError

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")

T = TypeVar("T")
R = TypeVar("R")


def check(engine: str) -> None:
    """Raise :class:`ConfigError` unless ``engine`` is one of :data:`ENGINES`."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def dask_map(
    work: Callable[[T], R], batches: Iterable[T], *, workers: int = 1, address: str | None = None
) -> Iterator[tuple[T, R]]:
    """``(batch, work(batch))`` for every batch, in input order, computed on a Dask cluster:
    the one at ``address`` (``tcp://host:8786``), or a local cluster of ``workers`` processes
    started for the call. At most two batches per worker are in flight, so a stream of any
    length runs in bounded memory."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise ConfigError("the dask engine needs the 'distributed' package") from e
    cluster: Any = None
    if address is None:
        # one thread per worker process: the NLP holds the GIL, threads would only take turns
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        address = cluster.scheduler_address
    log.info("dask: running the batches on %s", address)
    try:
        with Client(address) as client:  # type: ignore[no-untyped-call]
            slots = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
            pending: list[tuple[T, Any]] = []
            for batch in batches:
                pending.append((batch, client.submit(work, batch, pure=False)))
                if len(pending) >= slots:
                    yield _collect(*pending.pop(0))
            while pending:
                yield _collect(*pending.pop(0))
    finally:
        if cluster is not None:
            cluster.close()


def _collect(batch: T, future: Any) -> tuple[T, R]:
    result: R = future.result()
    future.release()
    return batch, result
