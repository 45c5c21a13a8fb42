"""Web: the SPARQL 1.1 Protocol endpoint, a query page, entity pages and a dataset description.

Boundary: HTTP requests in, HTTP responses out, over a :class:`kg.store.Store`. Imports only
from ``kg.store``, ``kg.query``, ``kg.rdf.iri``, ``kg.config``, ``kg.errors`` and ``kg.vocab``.
Errors are translated here: :class:`~kg.errors.QueryError` is the client's (400), anything
else is ours (500, logged). See ``kg/web/README.md``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from kg.config import Settings
from kg.errors import KGError, QueryError, QueryTimeout
from kg.query import load_saved_queries
from kg.store import Store
from kg.web import graphstore, pages, reconcile, sparql
from kg.web.state import EXTENSION, WebState, plain

log = logging.getLogger(__name__)

DEFAULT_QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"

_EXPOSED_HEADERS = "X-KG-Result-Limit, X-KG-Truncated, Content-Disposition"
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": _EXPOSED_HEADERS}
_PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type",
    "Access-Control-Max-Age": "86400",
}


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    queries_dir: Path | None = None,
) -> Flask:
    """Build the web app.

    Args:
        settings: resolved settings (default: ``Settings.load()``).
        store: the store to serve; when ``None``, ``settings.store`` is opened, read-only
            unless an update token is set.
        queries_dir: folder of saved ``*.rq`` queries (default: ``queries/`` of the repository).
    """
    settings = settings if settings is not None else Settings.load()
    if store is None:
        store = Store(settings.store, read_only=settings.update_token is None)
    folder = queries_dir if queries_dir is not None else DEFAULT_QUERIES_DIR
    saved = {q.name: q for q in load_saved_queries(folder)} if folder.is_dir() else {}

    app = Flask(__name__)
    app.extensions[EXTENSION] = WebState(settings=settings, store=store, saved=saved)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(reconcile.bp)
    app.after_request(_cors)
    app.register_error_handler(Exception, _error)
    return app


def _cors(response: Response) -> Response:
    """Anyone may query from a browser: no cookies are used, updates need a bearer token."""
    headers = response.headers
    if "Access-Control-Allow-Origin" in headers:  # the rare case: replace, never duplicate
        headers.update(_CORS)
    else:
        headers.extend(_CORS)
    if request.method == "OPTIONS":
        headers.update(_PREFLIGHT)
    return response


def _error(e: Exception) -> Response | HTTPException:
    """Translate errors at the edge: the client's mistakes are 4xx, ours are 500 and logged."""
    if isinstance(e, HTTPException):
        return e
    if isinstance(e, QueryTimeout):
        return plain(503, str(e))
    if isinstance(e, QueryError):
        return plain(400, str(e))
    if isinstance(e, KGError):
        log.error("%s %s failed: %s", request.method, request.path, e, exc_info=e)
    else:
        log.exception("%s %s failed", request.method, request.path, exc_info=e)
    return plain(500, "internal server error (logged)")
