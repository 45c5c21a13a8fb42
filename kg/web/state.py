"""What a running app holds: settings, the store, where queries run, the saved queries; and small
response helpers."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from flask import Response, current_app, request

from kg.config import Settings
from kg.query import SavedQuery
from kg.query.pool import Runner
from kg.query.run import Limits
from kg.store import Store

EXTENSION = "kg"


T = TypeVar("T")


@dataclass
class WebState:
    settings: Settings
    store: Store
    saved: dict[str, SavedQuery]
    runner: Runner

    _limits: tuple[Settings, Limits] | None = field(default=None, init=False, repr=False, compare=False)
    _stats_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    # what was counted or opened for the data as it was at a generation of the runner
    _cached: dict[str, tuple[int, Any]] = field(default_factory=dict, init=False, repr=False)

    @property
    def limits(self) -> Limits:
        """The query limits of the settings (built once per settings object, not per request)."""
        cached = self._limits
        if cached is None or cached[0] is not self.settings:
            self._limits = cached = (self.settings, Limits.from_settings(self.settings))
        return cached[1]

    @property
    def reader(self) -> Store:
        """The store to read in this process: the snapshot the queries read (a store on disk
        that is not written here), or the store itself. Reading the directory in place would
        fail once another process (a build) compacts files away under it."""
        path = self.runner.read_path
        if path is None or not self.store.read_only or path == str(self.store.path):
            return self.store

        def open_snapshot() -> Store:
            self.runner.read_elsewhere(path)
            return Store(path, read_only=True)

        return self.cached("reader", open_snapshot)

    def cached(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, made once per generation of the data (a write, a followed rebuild)."""
        generation = self.runner.generation
        with self._stats_lock:
            hit = self._cached.get(name)
            if hit is not None and hit[0] == generation:
                return cast(T, hit[1])
        value = make()
        with self._stats_lock:
            self._cached[name] = (generation, value)
        return value

    def stats(self) -> Any:
        """The store's figures (``kg.query.stats.graph_stats``), counted once per generation of
        the data: they count every class over the whole store."""
        from kg.query.stats import graph_stats

        return self.cached("stats", lambda: graph_stats(self.reader))

    def store_changed(self) -> None:
        """The store was written: queries read the new state, figures are counted again."""
        self.runner.store_changed()


def state() -> WebState:
    """The state of the app handling the current request."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def plain(status: int, message: str, **headers: str) -> Response:
    """A short plain-text response (errors, refusals)."""
    response = Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return response


def refuse_write() -> Response | None:
    """Why the current request may not write (403 read-only, 401 bad token), or ``None``."""
    token = state().settings.update_token
    if not token:
        return plain(403, "updates are disabled on this endpoint (read-only)")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return plain(
            401, "an update needs 'Authorization: Bearer <token>'", WWW_Authenticate='Bearer realm="kg"'
        )
    return None
