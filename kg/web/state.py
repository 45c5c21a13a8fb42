"""What a running app holds: settings, the store, the saved queries; and small response helpers."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from flask import Response, current_app, request

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

    _limits: tuple[Settings, Limits] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def limits(self) -> Limits:
        """The query limits of the settings (built once per settings object, not per request)."""
        cached = self._limits
        if cached is None or cached[0] is not self.settings:
            s = self.settings
            limits = Limits(max_rows=s.max_results, timeout=s.query_timeout, allow_service=s.allow_service)
            self._limits = cached = (s, limits)
        return cached[1]


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
