"""Where the build's NLP, facts and RDF run: in this process, in a pool of local processes, or
as tasks on a Dask cluster.

Every engine maps one function over batches of articles and yields the results in input
order, so the build writes the same graphs whichever engine produced them. Each worker is a
long-lived process that loads the NLP pipeline once, on its first batch (spaCy's advice for
multiprocessing), and keeps it for every batch after.

Dask was chosen over Ray (README, "A distributed build"): a build is a plain map of a pure
function over independent shards, which ``distributed`` does with a scheduler and workers that
are ordinary Python processes (``pip install``, no daemons, a ``LocalCluster`` starts in
seconds), while Ray brings its own object store, raylet and dashboard processes for features
(actors, GPUs, autoscaling) a build does not use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from kg.errors import ConfigError

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")

T = TypeVar("T")
R = TypeVar("R")


def run(
    work: Callable[[T], R],
    batches: Sequence[T],
    *,
    engine: str = "local",
    processes: int = 1,
    address: str | None = None,
    warm_up: Callable[[], object] | None = None,
) -> Iterator[R]:
    """Yield ``work(batch)`` for every batch, in order.

    Args:
        engine: ``local`` (this process, or a process pool when ``processes > 1``) or ``dask``.
        processes: local worker processes; for ``dask`` without ``address``, the workers of the
            local cluster started for the build.
        address: a Dask scheduler (``tcp://host:8786``) to run on instead of a local cluster.
        warm_up: run once in this process before forking a local pool (loads the model, which
            the forked workers then share).
    """
    if engine == "local":
        if processes > 1 and len(batches) > 1:
            if warm_up is not None:
                warm_up()
            with ProcessPoolExecutor(max_workers=processes) as pool:
                yield from pool.map(work, batches)
        else:
            yield from map(work, batches)
    elif engine == "dask":
        yield from _dask(work, batches, processes, address)
    else:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _dask(work: Callable[[T], R], batches: Sequence[T], processes: int, address: str | None) -> Iterator[R]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise ConfigError("the dask engine needs the 'distributed' package") from e
    cluster: Any = None
    if address is None:
        # one thread per worker process: the NLP holds the GIL, threads would only take turns
        cluster = LocalCluster(
            n_workers=max(1, processes), threads_per_worker=1, processes=True, dashboard_address=None
        )
        address = cluster.scheduler_address
    log.info("dask: running %d batches on %s", len(batches), address)
    try:
        with Client(address) as client:
            # submitted in order and collected in order; the scheduler keeps every worker busy
            futures = client.map(work, batches, pure=False)
            for future in futures:
                yield future.result()
                future.release()
    finally:
        if cluster is not None:
            cluster.close()
