"""What a running app holds: settings, the store, the saved queries; and small response helpers."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app

from kg.config import Settings
from kg.query import SavedQuery
from kg.store import Store
from kg.web.execute import Limits

EXTENSION = "kg"


@dataclass
class WebState:
    settings: Settings
    store: Store
    saved: dict[str, SavedQuery]

    @property
    def limits(self) -> Limits:
        s = self.settings
        return Limits(max_rows=s.max_results, timeout=s.query_timeout, allow_service=s.allow_service)


def state() -> WebState:
    """The state of the app handling the current request."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]


def plain(status: int, message: str, **headers: str) -> Response:
    """A short plain-text response (errors, refusals)."""
    response = Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return response
