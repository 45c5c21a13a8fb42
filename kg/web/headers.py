"""Security headers on every response, and CORS limited to what a read-only endpoint needs.

The Content-Security-Policy is the table :data:`CSP`, one directive per row: what a page may
load and from where. It allows nothing inline (no ``<script>`` in a page, no ``onclick=``, no
``style=``): an injected tag can run nothing. A script of our own (an editor, say) goes in
``kg/web/static/`` and is loaded with ``<script src=…>``, which ``script-src 'self'`` allows;
its requests to ``/sparql`` are ``connect-src 'self'``. Add a row (or a source to a row) here
for anything else a page must load; setting ``content_security_policy`` replaces the whole
policy for one deployment.

No page may be shown in another site's frame (``frame-ancestors 'none'``, ``X-Frame-Options``),
except one that a view marks with :func:`frameable`: the reconciliation preview, which OpenRefine
shows in a frame of its own page (``frame-ancestors *``, no ``X-Frame-Options``).
"""

from __future__ import annotations

from flask import Response, request

from kg.config import Settings

#: directive -> allowed sources; everything a row does not name is refused ("default-src")
CSP: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),  # whatever no row below allows: nothing
    ("script-src", "'self'"),  # script files from this server only; never inline, never eval
    ("style-src", "'self'"),  # /static/style.css; no <style> blocks, no style= attributes
    ("img-src", "'self'"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),  # fetch()/XHR of a page's scripts: this endpoint
    ("form-action", "'self'"),  # the query form submits to this server only
    ("base-uri", "'none'"),  # no <base> that would re-point relative links
    ("frame-ancestors", "'none'"),  # no page of ours inside another site's frame (clickjacking)
)

#: on every response, whatever its type
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),  # a result is never run as a script or styled as CSS
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate it
    ("Referrer-Policy", "same-origin"),  # a query in a page's URL is not sent to linked sites
)

# read-only CORS: what a browser page elsewhere needs to query (a POST of
# application/sparql-query is not a "simple" request, so it is preflighted)
EXPOSED_HEADERS = "X-KG-Result-Limit, X-KG-Truncated, Content-Disposition"
READ_METHODS = "GET, HEAD, POST, OPTIONS"
READ_HEADERS = "Accept, Content-Type"
# with cors_updates: a browser page of cors_origin may also write (with the bearer token)
WRITE_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
WRITE_HEADERS = "Accept, Authorization, Content-Type"


_FRAMEABLE = "kg_frameable"


def frameable(response: Response) -> Response:
    """Let other sites show ``response`` in a frame (a read-only snippet made for that)."""
    setattr(response, _FRAMEABLE, True)
    return response


def csp_header(settings: Settings) -> str:
    """The Content-Security-Policy value: the setting if given, else the :data:`CSP` table."""
    return settings.content_security_policy or "; ".join(f"{name} {sources}" for name, sources in CSP)


class HeaderPolicy:
    """Adds the security headers and, where configured, CORS to every response."""

    def __init__(self, settings: Settings) -> None:
        policy = csp_header(settings)
        self.security = [*SECURITY_HEADERS, ("Content-Security-Policy", policy)]
        framed = policy.replace("frame-ancestors 'none'", "frame-ancestors *")
        self.frameable = [
            *((n, v) for n, v in SECURITY_HEADERS if n != "X-Frame-Options"),
            ("Content-Security-Policy", framed),
        ]
        origin = settings.cors_origin.strip()
        self.cors = (
            [("Access-Control-Allow-Origin", origin), ("Access-Control-Expose-Headers", EXPOSED_HEADERS)]
            if origin
            else []
        )
        if origin and origin != "*":
            self.cors.append(("Vary", "Origin"))
        self.preflight = [
            ("Access-Control-Allow-Methods", WRITE_METHODS if settings.cors_updates else READ_METHODS),
            ("Access-Control-Allow-Headers", WRITE_HEADERS if settings.cors_updates else READ_HEADERS),
            ("Access-Control-Max-Age", "86400"),
        ]

    def __call__(self, response: Response) -> Response:
        headers = response.headers
        for name, value in self.frameable if getattr(response, _FRAMEABLE, False) else self.security:
            headers[name] = value
        if self.cors:
            for name, value in self.cors:
                if name == "Vary":
                    response.vary.add(value)
                else:
                    headers[name] = value  # replace, never duplicate
            if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
                headers.update(self.preflight)
        return response
