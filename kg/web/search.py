"""``/search``: find an entity by name without writing SPARQL.

``GET /search?q=brenner`` (``&type=Driver``, repeatable) answers an HTML page, or JSON for
scripts (``Accept: application/json`` or ``format=json``). Names are every ``rdfs:label``,
``skos:altLabel`` and article title, compared case- and accent-insensitively (``kovacs`` finds
``Kovács``, ``muller`` and ``mueller`` find ``Müller``); hits are ranked:

====  =====================================================================
100   the query is the label            90  it is another name (alt label)
 85   the label starts with the query   80  a word of the label does
 75   a word of another name does       80 × similarity (character trigrams, words; at least 0.6)
====  =====================================================================

then by type (drivers first), then by label. The index (one row per entity) is made once per
generation of the data (a write, a followed rebuild) from one query.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.formats import Format
from kg.link.index import normalise
from kg.link.reconcile import trigrams
from kg.vocab import MS
from kg.web.conneg import HTML, by_name, negotiate
from kg.web.state import plain, state
from kg.web.terms import vocabulary

bp = Blueprint("search", __name__)

#: the classes searched, most specific first: an entity is shown as the first it has
TYPES: tuple[str, ...] = (
    "Driver",
    "Team",
    "Circuit",
    "Series",
    "Event",
    "Manufacturer",
    "CarModel",
    "RaceClass",
    "Country",
    "Place",
    "Person",
    "Article",
)
LIMIT = 20
MAX_LIMIT = 200
#: search results: the page (conneg's ``HTML``) or plain JSON for scripts (not a SPARQL results format)
JSON = Format("json", "application/json", (), ("json",))
SEARCH_TABLE: tuple[Format, ...] = (HTML, JSON)


def fold(text: str) -> set[str]:
    """The keys a name is matched by: :func:`kg.link.index.normalise` (``ü`` → ``ue``) and
    the same with accents simply dropped (``ü`` → ``u``)."""
    plain_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return {k for k in (normalise(text), normalise(plain_text)) if k}


@dataclass
class Entry:
    iri: str
    type: str
    label: str = ""
    names: set[str] = field(default_factory=set)  # other names
    label_keys: set[str] = field(default_factory=set)
    name_keys: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


class SearchIndex:
    """Every named entity of :data:`TYPES`, with its keys."""

    def __init__(self, rows: Iterable[tuple[str, str, str, bool]]) -> None:
        """``rows``: (IRI, class name, name, is a label)."""
        rank = {t: i for i, t in enumerate(TYPES)}
        self.entries: dict[str, Entry] = {}
        for iri, type_name, name, is_label in rows:
            entry = self.entries.get(iri)
            if entry is None:
                entry = self.entries[iri] = Entry(iri, type_name)
            elif rank[type_name] < rank[entry.type]:
                entry.type = type_name
            if is_label and (not entry.label or name < entry.label):
                entry.label = name
            entry.names.add(name)
        for entry in self.entries.values():
            if not entry.label:
                entry.label = min(entry.names)
            entry.label_keys = fold(entry.label)
            entry.name_keys = {k for n in entry.names for k in fold(n)}

    def search(self, text: str, types: Iterable[str] = (), limit: int = LIMIT) -> list[Hit]:
        """The best ``limit`` entities for ``text`` (of ``types``, if any), ranked as the
        module doc says."""
        keys = fold(text)
        if not keys:
            return []
        wanted = set(types)
        rank = {t: i for i, t in enumerate(TYPES)}
        hits = []
        for entry in self.entries.values():
            if wanted and entry.type not in wanted:
                continue
            score = _score(keys, entry)
            if score > 0:
                hits.append(Hit(entry, score))
        hits.sort(key=lambda h: (-h.score, rank[h.entry.type], h.entry.label.lower(), h.entry.iri))
        return hits[:limit]


def _score(keys: set[str], entry: Entry) -> float:
    if keys & entry.label_keys:
        return 100.0
    if keys & entry.name_keys:
        return 90.0
    if any(label.startswith(k) for k in keys for label in entry.label_keys):
        return 85.0
    if any(f" {k}" in f" {label}" for k in keys for label in entry.label_keys):
        return 80.0
    if any(f" {k}" in f" {name}" for k in keys for name in entry.name_keys):
        return 75.0
    best = 0.0
    for k in keys:
        words, grams = set(k.split()), trigrams(k)
        for name in entry.name_keys:
            other = set(name.split())
            other_grams = trigrams(name)
            best = max(
                best,
                len(words & other) / len(words | other),
                2 * len(grams & other_grams) / ((len(grams) + len(other_grams)) or 1),
            )
    return round(80.0 * best, 1) if best >= 0.6 else 0.0


_INDEX_QUERY = f"""
SELECT ?e ?type ?name ?isLabel WHERE {{
  VALUES ?type {{ {" ".join(MS[t].n3() for t in TYPES)} }}
  ?e a ?type .
  {{ ?e {RDFS.label.n3()} ?name BIND (true AS ?isLabel) }}
  UNION {{ ?e {SKOS.altLabel.n3()} ?name BIND (false AS ?isLabel) }}
  UNION {{ ?e {DCTERMS.title.n3()} ?name BIND (true AS ?isLabel) }}
}}
"""


def index() -> SearchIndex:
    """The search index of the data as it is now (made once per generation)."""
    st = state()

    def make() -> SearchIndex:
        rows = []
        for row in st.reader.select(_INDEX_QUERY):
            e, t, name, is_label = row["e"], row["type"], row["name"], row["isLabel"]
            if isinstance(e, ox.NamedNode) and isinstance(name, ox.Literal):
                rows.append((e.value, t.value.rsplit("#", 1)[-1], name.value, is_label.value == "true"))
        return SearchIndex(rows)

    return st.cached("search", make)


def type_label(name: str) -> str:
    return vocabulary().label(str(MS[name])) or name


def as_json(hit: Hit) -> dict[str, Any]:
    base = state().settings.resource_base
    e = hit.entry
    page = (
        url_for("pages.resource", rest=e.iri[len(base) :], _external=False)
        if e.iri.startswith(base)
        else None
    )
    return {
        "iri": e.iri,
        "label": e.label,
        "type": e.type,
        "typeLabel": type_label(e.type),
        "otherNames": sorted(e.names - {e.label}),
        "score": hit.score,
        "page": page,
    }


@bp.get("/search")
def search() -> Response | tuple[str, int]:
    """Search the names of the graph's entities (see the module doc)."""
    text = request.args.get("q", "").strip()
    types = [t for t in request.args.getlist("type") if t]
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        return plain(400, f"unknown type {unknown[0]!r}; choose from {', '.join(TYPES)}")
    try:
        limit = min(MAX_LIMIT, max(1, int(request.args.get("limit", LIMIT))))
    except ValueError:
        return plain(400, f"limit must be a number, not {request.args.get('limit')!r}")
    wanted = request.args.get("format")
    fmt = by_name(wanted, SEARCH_TABLE) if wanted else None
    if fmt is None:
        if wanted:
            return plain(400, f"unknown format {wanted!r}; choose html or json")
        fmt = negotiate(request.headers.get("Accept"), SEARCH_TABLE)
        if fmt is None:
            return plain(
                406, f"no acceptable format; search results are {HTML.media_type} or {JSON.media_type}"
            )
    hits = index().search(text, types, limit) if text else []
    if fmt.name == "json":
        body = {"query": text, "types": types, "results": [as_json(h) for h in hits]}
        response = Response(json.dumps(body, ensure_ascii=False), mimetype=JSON.media_type)
        response.vary.add("Accept")
        return response
    page = render_template(
        "search.html",
        q=text,
        types=types,
        choices=[(t, type_label(t)) for t in TYPES],
        hits=[as_json(h) for h in hits],
    )
    return page, 200


def resolve(name: str, type_name: str | None) -> tuple[str | None, list[dict[str, Any]]]:
    """The IRI a name given for a saved query's parameter stands for: the entity whose label
    or other name it is, if exactly one (of ``type_name``) is; else ``None`` and the
    candidates (best first) for the message."""
    hits = index().search(name, [type_name] if type_name else (), limit=5)
    exact = [h for h in hits if h.score >= 90]
    if len(exact) == 1 or (exact and exact[0].score > exact[1].score):
        return exact[0].entry.iri, []
    return None, [as_json(h) for h in (exact or hits)]
