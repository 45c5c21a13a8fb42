"""Web: the SPARQL 1.1 Protocol endpoint, a query page, entity pages and a dataset description.

Boundary: HTTP requests in, HTTP responses out, over a :class:`kg.store.Store` (what it
imports: ``kg/web/README.md``). Errors are translated here: :class:`~kg.errors.QueryError` is
the client's (400; 429 for a client over its concurrency, 503 for a query stopped by a limit),
a failed remote endpoint is 502, anything else is ours (500, logged). See ``kg/web/README.md``.
"""

from __future__ import annotations

import atexit
import logging
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from kg.config import Settings
from kg.errors import ClientBusy, KGError, QueryError, QueryStopped, ServiceFailed
from kg.query import load_saved_queries
from kg.query.pool import runner_for
from kg.resources import queries_dir as default_queries_dir
from kg.store import Store
from kg.web import browse, graphstore, pages, reconcile, search, sparql, ui
from kg.web.headers import HeaderPolicy
from kg.web.state import EXTENSION, WebState, plain

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    queries_dir: Path | None = None,
    *,
    start_processes: bool = False,
) -> Flask:
    """Build the web app.

    Args:
        settings: resolved settings (default: ``Settings.load()``).
        store: the store to serve; when ``None``, ``settings.store`` is opened, read-only
            unless an update token is set.
        queries_dir: folder of saved ``*.rq`` queries (default: the package's, ``queries/`` of
            the source tree in a checkout).
        start_processes: start the query processes now (the server), not at the first query.

    Queries on a store on disk run in query processes (:class:`kg.query.pool.QueryPool`);
    :func:`close_app` (or the end of the process) stops them.
    """
    settings = settings if settings is not None else Settings.load()
    if store is None:
        store = Store(settings.store, read_only=settings.update_token is None)
    folder = queries_dir if queries_dir is not None else default_queries_dir()
    if not folder.is_dir():  # a broken install: say so, and serve what there is
        log.warning("%s: no such folder; serving no saved queries", folder)
    saved = {q.name: q for q in load_saved_queries(folder)} if folder.is_dir() else {}
    runner = runner_for(
        store,
        processes=settings.query_processes,
        client_concurrency=settings.client_concurrency,
        preempt_after=settings.preempt_after,
        memory_mb=settings.query_memory_mb,
        prestart=2 * settings.query_processes if start_processes else 0,
        read_only=store.read_only,
    )
    atexit.register(runner.close)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_mb * 1024 * 1024
    if settings.proxy_hops > 0:
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.extensions[EXTENSION] = WebState(settings=settings, store=store, saved=saved, runner=runner)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(ui.bp)
    app.jinja_env.globals["editor_available"] = ui.editor_available
    app.after_request(HeaderPolicy(settings))
    app.register_error_handler(Exception, _error)
    return app


def close_app(app: Flask) -> None:
    """Stop the app's query processes (a query still running is killed)."""
    app.extensions[EXTENSION].runner.close()


def _error(e: Exception) -> Response | HTTPException:
    """Translate errors at the edge: the client's mistakes are 4xx, ours are 500 and logged."""
    if isinstance(e, HTTPException):
        return e
    if isinstance(e, ClientBusy):
        return plain(429, str(e), Retry_After="1")
    if isinstance(e, QueryStopped):
        if e.retry_after is not None:
            return plain(503, str(e), Retry_After=str(e.retry_after))
        return plain(503, str(e))
    if isinstance(e, QueryError):
        return plain(400, str(e))
    if isinstance(e, ServiceFailed):
        return plain(502, str(e))
    if isinstance(e, KGError):
        log.error("%s %s failed: %s", request.method, request.path, e, exc_info=e)
    else:
        log.exception("%s %s failed", request.method, request.path, exc_info=e)
    return plain(500, "internal server error (logged)")
