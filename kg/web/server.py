"""Run the web app under gunicorn (gthread workers), one store opener per worker process."""

from __future__ import annotations

import dataclasses
import logging
import select
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from kg.config import Settings
from kg.errors import StoreError
from kg.store import Store, is_endpoint

log = logging.getLogger(__name__)

# a kept-alive connection whose next request arrives within this time stays on its thread
NEXT_REQUEST_WAIT = 0.002  # seconds
# at most this many requests in a row before the connection goes back to the poller
NEXT_REQUEST_BURST = 32


class KeepAliveThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's ``gthread`` worker, but a keep-alive client's next request, when it follows
    at once, is served by the same thread.

    ``gthread`` hands every kept-alive connection back to the worker's main loop after each
    response and, when the next request arrives, submits it to the thread pool again: two
    thread switches, a pipe write and several ``epoll`` calls per request, a sizeable share
    of a cheap query's cost. Here the thread waits up to :data:`NEXT_REQUEST_WAIT` for the
    next request on the same connection. It stops as soon as another connection waits for a
    thread, after :data:`NEXT_REQUEST_BURST` requests, or when the worker is stopping; then
    the connection goes back to the poller exactly as in ``gthread``. Where gunicorn's
    internals differ (``handle`` returning anything but ``True`` for keep-alive, as gunicorn
    23 does), nothing changes: the loop does not run.
    """

    def handle(self, conn: Any) -> Any:
        result = super().handle(conn)
        served = 1
        while result is True and self.alive and served < NEXT_REQUEST_BURST and self._next_request(conn):
            result = super().handle(conn)
            served += 1
        return result

    def _next_request(self, conn: Any) -> bool:
        """Whether the connection's next request is here (or arrives within the wait), and
        no other connection is waiting for a thread."""
        waiting = getattr(self.tpool, "_work_queue", None)
        if waiting is None or not waiting.empty():
            return False
        unreader = getattr(conn.parser, "unreader", None)
        buffered = getattr(unreader, "buf", None)
        if buffered is not None and buffered.getvalue():  # read ahead already
            return True
        poller = select.poll()
        poller.register(conn.sock, select.POLLIN)
        return bool(poller.poll(NEXT_REQUEST_WAIT * 1000))


class _Server(BaseApplication):  # type: ignore[misc]
    """A gunicorn application whose app (and store) is created in each worker, after the fork.

    pyoxigraph's on-disk store allows one read-write opener per directory, so a read-write
    store must not be shared between processes: each worker opens its own, read-only unless
    an update token is set (and then there is a single worker).
    """

    def __init__(self, settings: Settings, store_path: Path | str, read_only: bool) -> None:
        self.settings = settings
        self.store_path = store_path
        self.read_only = read_only
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        options: dict[str, Any] = {
            "bind": f"{s.host}:{s.port}",
            "workers": s.workers,
            "threads": s.threads,
            "worker_class": f"{__name__}.KeepAliveThreadWorker",  # gthread, see above
            # replaces a worker whose main loop stops heartbeating; queries do not run in it
            # (they run in query processes, killed at their time limit: kg.query.pool)
            "timeout": max(30, int(s.query_timeout) + 30),
            "preload_app": False,
        }
        # gunicorn >= 24 opens a control socket in $HOME by default; two servers would share it
        if "control_socket_disable" in self.cfg.settings:
            options["control_socket_disable"] = True
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from kg.web import create_app  # per worker, after the fork

        store = Store(self.store_path, read_only=self.read_only)
        return create_app(self.settings, store=store, start_processes=True)


def serve(settings: Settings, store_path: Path | None = None) -> None:
    """Serve the store over HTTP until interrupted.

    Args:
        settings: host, port, workers, threads and the rest.
        store_path: the store directory (default: ``settings.store``).

    Raises:
        StoreError: there is no store at the path.
    """
    location = str(store_path if store_path is not None else settings.store)
    path: Path | str = location if is_endpoint(location) else Path(location)  # a SPARQL server's URL
    if isinstance(path, Path) and not path.is_dir():
        raise StoreError(f"{path}: no store here (build one with `kg build`)")
    read_only = settings.update_token is None
    if not read_only and settings.workers > 1:
        log.warning(
            "an update token is set: serving with 1 worker, not %d (a read-write store has one opener)",
            settings.workers,
        )
        settings = dataclasses.replace(settings, workers=1)
    log.info(
        "the query page is %s/ (SPARQL endpoint %s/sparql; listening on %s:%s; %s, "
        "%d worker(s) x %d thread(s), %d query processes each)",
        settings.base_url,
        settings.base_url,
        settings.host,
        settings.port,
        "read-only" if read_only else "updates with a bearer token",
        settings.workers,
        settings.threads,
        settings.query_processes,
    )
    _Server(settings, path, read_only).run()
