"""Run the web app under gunicorn (gthread workers), one store opener per worker process."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from kg.config import Settings
from kg.errors import StoreError
from kg.store import Store

log = logging.getLogger(__name__)


class _Server(BaseApplication):  # type: ignore[misc]
    """A gunicorn application whose app (and store) is created in each worker, after the fork.

    pyoxigraph's on-disk store allows one read-write opener per directory, so a read-write
    store must not be shared between processes: each worker opens its own, read-only unless
    an update token is set (and then there is a single worker).
    """

    def __init__(self, settings: Settings, store_path: Path, read_only: bool) -> None:
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
            "worker_class": "gthread",
            # replaces a worker whose main loop stops heartbeating; a slow query in a request
            # thread does not stop it (see README, Limits): that limit is enforced in execute.py
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
        return create_app(self.settings, store=store)


def serve(settings: Settings, store_path: Path | None = None) -> None:
    """Serve the store over HTTP until interrupted.

    Args:
        settings: host, port, workers, threads and the rest.
        store_path: the store directory (default: ``settings.store``).

    Raises:
        StoreError: there is no store at the path.
    """
    path = Path(store_path if store_path is not None else settings.store)
    if not path.is_dir():
        raise StoreError(f"{path}: no store here (build one with `kg build`)")
    read_only = settings.update_token is None
    if not read_only and settings.workers > 1:
        log.warning(
            "an update token is set: serving with 1 worker, not %d (a read-write store has one opener)",
            settings.workers,
        )
        settings = dataclasses.replace(settings, workers=1)
    log.info(
        "serving http://%s:%s/sparql (%s, %d worker(s) x %d thread(s))",
        settings.host,
        settings.port,
        "read-only" if read_only else "updates with a bearer token",
        settings.workers,
        settings.threads,
    )
    _Server(settings, path, read_only).run()
