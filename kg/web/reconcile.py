"""``/reconcile``: the W3C Reconciliation Service API 0.2 over the graph, the protocol OpenRefine
speaks, so that a spreadsheet of names can be matched against the graph's drivers, teams,
circuits and series.

* ``GET /reconcile``: the service manifest (JSON; JSONP with ``callback``);
* ``GET``/``POST /reconcile`` with ``queries=<batch>`` (query string or form field): a
  reconciliation result batch;
* ``GET /reconcile/preview?id=``: an HTML preview of an entity (OpenRefine's pop-up);
* ``GET /reconcile/suggest/{entity,type,property}?prefix=``: auto-completion.

Matching and scores are :mod:`kg.link.reconcile`'s; this module is the HTTP. Its reads run as
``/sparql``'s queries do, in the query pool within the app's limits and the client's share. A
malformed batch is a 400 naming the query and the problem.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, render_template_string, request, url_for

from kg import __version__
from kg.errors import InputError, QueryStopped
from kg.link.reconcile import DEFAULT_TYPES, PROPERTIES, TYPES, Reconciler, parse_batch, type_id
from kg.vocab import MS
from kg.web.execute import reply_rows, run_query
from kg.web.headers import frameable
from kg.web.state import plain, state

bp = Blueprint("reconcile", __name__)

_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$")
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 140

# no inline style (the Content-Security-Policy allows none): the stylesheet is a static file
_PREVIEW = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ c.label }}</title>
<link rel="stylesheet" href="{{ url_for('static', filename='reconcile-preview.css') }}"></head>
<body><h1><a href="{{ page }}" target="_blank">{{ c.label }}</a></h1>
<p class="t">{{ description }}</p>
{% if others %}<p>auch: {{ others | join(", ") }}</p>{% endif %}
{% for q in qids %}
<p><a href="https://www.wikidata.org/wiki/{{ q }}" target="_blank">Wikidata {{ q }}</a></p>
{% endfor %}
</body></html>
"""


class _Pooled:
    """The reconciler's reads run as ``/sparql`` queries do: in the query pool, within the
    app's limits and the client's share (:func:`kg.web.execute.run_query`)."""

    def select(self, sparql: str) -> list[dict[str, Any]]:
        reply = run_query(sparql)
        if reply.truncated:  # fewer candidates would be wrong answers, not fewer answers
            raise QueryStopped(
                f"reconciliation needs more than the {state().limits.max_rows:,} rows a query may "
                "return (setting max_results); ask for fewer types"
            )
        names, rows = reply_rows(reply)
        return [dict(zip(names, row, strict=True)) for row in rows]


def _reconciler() -> Reconciler:
    return Reconciler(_Pooled(), state().settings.resource_base)


def _json(data: Any, status: int = 200) -> Response:
    """JSON, or JSONP where a GET names a ``callback``."""
    body = json.dumps(data, ensure_ascii=False)
    callback = request.args.get("callback") if request.method == "GET" else None
    if callback:
        if not _CALLBACK.match(callback):
            return plain(400, f"callback {callback!r} is not a JavaScript function name")
        return Response(f"{callback}({body});", status=status, mimetype="application/javascript")
    return Response(body, status=status, mimetype="application/json")


def _external(endpoint: str, **values: Any) -> str:
    """The URL of ``endpoint`` under the configured ``public_url``, never the request's Host."""
    return state().settings.base_url + url_for(endpoint, **values)


def manifest() -> dict[str, Any]:
    """The service manifest: versions, identifier and schema spaces, types, view, preview, suggest."""
    root = state().settings.base_url
    resource = _external("pages.resource", rest="ID")
    return {
        "versions": ["0.2"],
        "name": f"motorsport-kg ({urlsplit(root).netloc})",
        "identifierSpace": state().settings.resource_base,
        "schemaSpace": str(MS),
        "serviceVersion": __version__,
        "documentation": _external("pages.about"),
        "defaultTypes": [{"id": t, "name": TYPES[t][0]} for t in DEFAULT_TYPES],
        "view": {"url": resource[: resource.rindex("ID")] + "{{id}}"},
        "preview": {
            "url": _external("reconcile.preview") + "?id={{id}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            kind: {"service_url": root, "service_path": url_for(f"reconcile.suggest_{kind}")}
            for kind in ("entity", "type", "property")
        },
    }


@bp.route("/reconcile", methods=["GET", "POST"])
def service() -> Response:
    """The manifest, or the results of a ``queries`` batch."""
    values = request.form if request.method == "POST" else request.args
    if "extend" in values:
        return plain(400, "data extension (extend) is not supported by this service")
    if "queries" not in values:
        if request.method == "POST":
            return plain(400, "a POST to /reconcile needs the form field 'queries' (a JSON query batch)")
        return _json(manifest())
    try:
        batch = json.loads(values["queries"])
    except ValueError as e:
        return plain(400, f"queries: not JSON ({e})")
    try:
        return _json(_reconciler().reconcile(parse_batch(batch)))
    except InputError as e:
        return plain(400, f"queries: {e}")


@bp.get("/reconcile/preview")
def preview() -> Response:
    """A small HTML page about one entity (``id`` as in the results)."""
    ident = request.args.get("id", "")
    c = _reconciler().entity(ident) if ident else None
    if c is None:
        return plain(404, f"no entity {ident!r} in this graph")
    r = _reconciler()
    page = url_for("pages.resource", rest=r.id_of(c.iri))
    html = render_template_string(
        _PREVIEW,
        c=c,
        page=page,
        description=r.describe(c),
        others=sorted(c.names - {c.label}),
        qids=sorted(c.values.get("wikidata", ())),
    )
    response = Response(html, mimetype="text/html")
    frameable(response)  # OpenRefine shows the preview in a frame of its own page
    return response


def _cursor() -> int:
    try:
        return max(0, int(request.args.get("cursor", "0")))
    except ValueError:
        raise InputError(f"cursor {request.args.get('cursor')!r} is not a number") from None


@bp.get("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    """Entities whose name or a word of it starts with ``prefix`` (optionally of ``type``)."""
    try:
        types = [type_id(t) for t in request.args.getlist("type") if t]
        cursor = _cursor()
    except InputError as e:
        return plain(400, str(e))
    r = _reconciler()
    found = r.suggest(request.args.get("prefix", ""), types, cursor=cursor)
    return _json(
        {
            "result": [
                {
                    "id": r.id_of(c.iri),
                    "name": c.label,
                    "description": r.describe(c),
                    "notable": [{"id": c.type, "name": TYPES[c.type][0]}],
                }
                for c in found
            ]
        }
    )


@bp.get("/reconcile/suggest/type")
def suggest_type() -> Response:
    prefix = request.args.get("prefix", "").casefold()
    hits = [t for t, names in TYPES.items() if any(n.casefold().startswith(prefix) for n in (t, *names))]
    return _json({"result": [{"id": t, "name": TYPES[t][0], "description": TYPES[t][1]} for t in hits]})


@bp.get("/reconcile/suggest/property")
def suggest_property() -> Response:
    prefix = request.args.get("prefix", "").casefold()
    hits = [p for p, name in PROPERTIES.items() if p.startswith(prefix) or name.casefold().startswith(prefix)]
    return _json({"result": [{"id": p, "name": PROPERTIES[p]} for p in hits]})
