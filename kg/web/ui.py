"""What the query editor (YASGUI, ``static/kg-query.js``) asks the server for: the store's
prefixes and the ontology's classes and properties, for completion. JSON, read-only, cached by
the browser for an hour.

YASGUI itself is an npm package (``@zazuko/yasgui``) that ``make install`` copies into
``static/vendor/yasgui/``; without it the query page is the plain form (no JavaScript needed).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Response

from kg.web.state import state
from kg.web.terms import EDITOR_PREFIXES, vocabulary

bp = Blueprint("ui", __name__)

VENDOR = Path(__file__).resolve().parent / "static" / "vendor" / "yasgui"


@cache
def editor_available() -> bool:
    """Whether YASGUI's built files are here (``make install`` puts them there)."""
    return (VENDOR / "yasgui.min.js").is_file() and (VENDOR / "yasgui.min.css").is_file()


def prefixes() -> dict[str, str]:
    """The prefixes the editor declares: the vocabulary's and ``res:`` for the resource base."""
    return {**EDITOR_PREFIXES, "res": state().settings.resource_base}


def _json(data: Any) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/ui/prefixes.json")
def prefixes_json() -> Response:
    """``{"ms": "https://w3id.org/mskg/ontology#", …}``: YASQE's prefix completion source."""
    return _json(prefixes())


@bp.get("/ui/terms.json")
def terms_json() -> Response:
    """The ontology's classes and properties as full IRIs, with their English labels."""
    vocab = vocabulary()
    return _json(
        {
            "classes": list(vocab.classes),
            "properties": list(vocab.properties),
            "labels": {
                iri: vocab.label(iri) for iri in (*vocab.classes, *vocab.properties) if vocab.label(iri)
            },
        }
    )
