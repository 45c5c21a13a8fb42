"""What a running app holds: settings, the store, where queries run, the saved queries; and small
response helpers."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, request

from kg.config import Settings
from kg.query import SavedQuery
from kg.query.pool import Runner
from kg.query.run import Limits
from kg.store import Store

EXTENSION = "kg"


@dataclass
class WebState:
    settings: Settings
    store: Store
    saved: dict[str, SavedQuery]
    runner: Runner

    _limits: tuple[Settings, Limits] | None = field(default=None, init=False, repr=False, compare=False)
    _stats: Any = field(default=None, init=False, repr=False, compare=False)
    _stats_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def limits(self) -> Limits:
        """The query limits of the settings (built once per settings object, not per request)."""
        cached = self._limits
        if cached is None or cached[0] is not self.settings:
            self._limits = cached = (self.settings, Limits.from_settings(self.settings))
        return cached[1]

    def stats(self) -> Any:
        """The store's figures (``kg.query.stats.graph_stats``), counted once and again only
        after a write: they count every class over the whole store."""
        from kg.query.stats import graph_stats

        with self._stats_lock:
            if self._stats is None:
                self._stats = graph_stats(self.store)
            return self._stats

    def store_changed(self) -> None:
        """The store was written: queries read the new state, figures are counted again."""
        self.runner.store_changed()
        with self._stats_lock:
            self._stats = None


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
