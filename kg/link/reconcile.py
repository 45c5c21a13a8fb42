"""Reconciliation of names against the graph: what the W3C Reconciliation API (the protocol
OpenRefine speaks) asks of a service, without the HTTP (that is :mod:`kg.web.reconcile`).

A query is a name, optional types (``Driver``, ``Team``, ``Circuit``, ``Series`` ...) and
optional properties (``nationality``, ``team``, ``series``, ``wikidata``). Candidates are the
graph's entities of those types; names are compared normalised (:func:`kg.link.index.normalise`:
case, dashes, umlaut spellings, accents).

Score (0..100) of a candidate:

* name: 100 when the query is its label, 90 when it is one of its other names
  (``skos:altLabel``), else 80 × the best similarity of the query to one of its names (the larger
  of the Dice coefficient of their character trigrams and the share of common words), where
  that is at least 0.6;
* +10 for each property asked that the entity has with the value asked, −20 for each that it has
  with other values only.

The score is capped to 0..100. ``match`` is true for the best candidate when it scores at least
95 and the next one at least 10 less: a label or a unique other name backed by a property, never
a surname that two drivers share.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyoxigraph as ox

from kg.errors import InputError
from kg.link.index import normalise
from kg.link.model import links_graph_name
from kg.vocab import MS

# type id (the ms: class name) -> German and English name
TYPES: dict[str, tuple[str, str]] = {
    "Driver": ("Fahrer", "driver"),
    "Team": ("Team", "team"),
    "Circuit": ("Rennstrecke", "circuit"),
    "Series": ("Rennserie", "series"),
    "Manufacturer": ("Hersteller", "manufacturer"),
    "CarModel": ("Fahrzeugmodell", "car model"),
    "Country": ("Land", "country"),
}
DEFAULT_TYPES = ("Driver", "Team", "Circuit", "Series", "Manufacturer")
# property id -> name: a driver's ms:nationality and ms:drivesFor, the ms:series of the events at
# a circuit, and the Wikidata QID of an entity's owl:sameAs (values: labels or QIDs)
PROPERTIES: dict[str, str] = {
    "nationality": "Nationalität",
    "team": "Team",
    "series": "Rennserie",
    "wikidata": "Wikidata-QID",
}
SCORE_LABEL, SCORE_ALIAS, SCORE_SIMILAR = 100.0, 90.0, 80.0
PROPERTIES_ONLY = 50.0  # the name part of a query without a name (properties only)
MIN_SIMILARITY = 0.6
PROPERTY_FITS, PROPERTY_CLASHES = 10.0, -20.0
MATCH_SCORE, MATCH_MARGIN = 95.0, 10.0
DEFAULT_LIMIT, MAX_LIMIT = 5, 100
_WD = "http://www.wikidata.org/entity/"


@dataclass(frozen=True)
class Query:
    """One reconciliation query of a batch, checked."""

    text: str
    types: tuple[str, ...]
    limit: int = DEFAULT_LIMIT
    properties: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (pid, values)


@dataclass(frozen=True)
class _Name:
    """A query's name, prepared once for scoring against every candidate."""

    keys: frozenset[str]
    parts: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (words, trigrams) of each key

    @classmethod
    def of(cls, query: str) -> _Name:
        found = keys(query)
        return cls(frozenset(found), tuple((frozenset(k.split()), trigrams(k)) for k in sorted(found)))


@dataclass
class Candidate:
    """An entity of the graph, with what the scoring and the description need."""

    iri: str
    type: str
    label: str
    names: set[str] = field(default_factory=set)  # every name (rdfs:label and skos:altLabel)
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # pid -> values
    keys: frozenset[str] = frozenset()  # the matching keys of every name
    label_keys: frozenset[str] = frozenset()
    grams: dict[str, frozenset[str]] = field(default_factory=dict)  # key -> its trigrams

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.label_keys = frozenset(keys(self.label))
        self.keys = frozenset(k for n in self.names | {self.label} for k in keys(n))
        self.grams = {k: trigrams(k) for k in self.keys}


def keys(name: str) -> set[str]:
    """Matching keys of a name: normalised with German umlaut spellings (ü = ue) and, as a
    spreadsheet may have it, with the accents dropped (ü = u): "Hülkenberg" matches both
    "Huelkenberg" and "Hulkenberg"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))
    return {k for k in (normalise(name), normalise(plain)) if k}


def trigrams(key: str) -> frozenset[str]:
    """The character trigrams of a key, padded (``" ab", "abc", "bc "``)."""
    padded = f" {key} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def type_id(value: str) -> str:
    """The type id of a type given by id (``Driver``, ``driver``) or ontology IRI (``ms:Driver``).

    Raises:
        InputError: no such type.
    """
    name = value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    for known in TYPES:
        if name.lower() in (known.lower(), TYPES[known][1].replace(" ", "")):
            return known
    raise InputError(f"unknown type {value!r}; known types: {', '.join(TYPES)}")


def _values(v: Any) -> tuple[str, ...]:
    """A property value as strings: a string, number, bool, ``{"id", "name"}`` or a list of those."""
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        if isinstance(item, dict):
            out += [str(item[k]) for k in ("id", "name") if item.get(k) not in (None, "")]
        elif isinstance(item, str | int | float | bool):
            out.append(str(item))
        else:
            raise InputError(f"property value {item!r} is not a string, number, boolean or {{id, name}}")
    return tuple(out)


def parse_batch(batch: Any) -> dict[str, Query]:
    """Check a reconciliation query batch (a JSON object of query id -> query).

    Raises:
        InputError: the batch or one of its queries is malformed; the message names it.
    """
    if not isinstance(batch, dict):
        raise InputError("a query batch is a JSON object of query ids to queries")
    out = {}
    for qid, q in batch.items():
        if not isinstance(q, dict):
            raise InputError(f"query {qid!r}: not a JSON object")
        text = q.get("query", "")
        if not isinstance(text, str):
            raise InputError(f"query {qid!r}: 'query' is not a string")
        types = q.get("type") or []
        types = [types] if isinstance(types, str) else types
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise InputError(f"query {qid!r}: 'type' is not a type id or a list of them")
        limit = q.get("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise InputError(f"query {qid!r}: 'limit' must be a positive integer")
        props = q.get("properties") or []
        if not isinstance(props, list):
            raise InputError(f"query {qid!r}: 'properties' is not a list")
        checked = []
        for p in props:
            if not isinstance(p, dict) or "pid" not in p or "v" not in p:
                raise InputError(f"query {qid!r}: a property needs 'pid' and 'v'")
            if p["pid"] not in PROPERTIES:
                raise InputError(
                    f"query {qid!r}: unknown property {p['pid']!r}; known: {', '.join(PROPERTIES)}"
                )
            checked.append((p["pid"], _values(p["v"])))
        if not text.strip() and not checked:
            raise InputError(f"query {qid!r}: needs a 'query' or 'properties'")
        out[str(qid)] = Query(
            text, tuple(type_id(t) for t in types) or DEFAULT_TYPES, min(limit, MAX_LIMIT), tuple(checked)
        )
    return out


class Selects(Protocol):
    """What the reconciler reads through: a SELECT's rows, each variable's term or ``None``
    (a :class:`kg.store.Store`, or the web's query pool with its limits)."""

    def select(self, sparql: str) -> Iterable[Mapping[str, Any]]: ...


class Reconciler:
    """Candidates and scores for reconciliation queries over one store."""

    def __init__(self, store: Selects, resource_base: str) -> None:
        self.store = store
        self.base = resource_base

    # -- reading the graph ---------------------------------------------------------------------

    def _candidates(self, types: Iterable[str], iris: Iterable[str] = ()) -> dict[str, Candidate]:
        """Every entity of ``types`` (or just ``iris``) with its names and property values."""
        classes = " ".join(f"<{MS[t]}>" for t in sorted(set(types)))
        only = " ".join(f"<{i}>" for i in iris)
        rows = self.store.select(
            f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?e ?type ?label ?alt WHERE {{
              VALUES ?type {{ {classes} }} {f"VALUES ?e {{ {only} }}" if only else ""}
              GRAPH ?g {{ ?e a ?type }} FILTER (?g != <{links_graph_name(self.base)}>)
              OPTIONAL {{ ?e rdfs:label ?label }} OPTIONAL {{ ?e skos:altLabel ?alt }}
            }}"""
        )
        found: dict[str, Candidate] = {}
        for row in rows:
            e = row["e"]
            if not isinstance(e, ox.NamedNode):
                continue
            c = found.setdefault(e.value, Candidate(e.value, row["type"].value.rsplit("#", 1)[1], ""))
            if row["label"] is not None and (not c.label or row["label"].value < c.label):
                c.label = row["label"].value
            for term in (row["label"], row["alt"]):
                if term is not None:
                    c.names.add(term.value)
        for c in found.values():
            c.refresh()
        return found

    def _add_values(self, candidates: Mapping[str, Candidate]) -> None:
        """Property values (labels of linked entities, their Wikidata QIDs) of ``candidates``."""
        if not candidates:
            return
        nodes = " ".join(f"<{i}>" for i in candidates)
        rows = self.store.select(
            f"""PREFIX ms: <{MS}> PREFIX owl: <http://www.w3.org/2002/07/owl#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?e ?pid ?label ?qid WHERE {{
              VALUES ?e {{ {nodes} }}
              {{ VALUES (?p ?pid) {{ (ms:nationality "nationality") (ms:drivesFor "team") }}
                 ?e ?p ?o . OPTIONAL {{ ?o rdfs:label ?label }} OPTIONAL {{ ?o owl:sameAs ?qid }} }}
              UNION {{ BIND ("series" AS ?pid) ?ev ms:circuit ?e ; ms:series ?o .
                       OPTIONAL {{ ?o rdfs:label ?label }} OPTIONAL {{ ?o owl:sameAs ?qid }} }}
              UNION {{ BIND ("wikidata" AS ?pid) ?e owl:sameAs ?qid }}
            }}"""
        )
        for row in rows:
            c = candidates[row["e"].value]
            for term in (row["label"], row["qid"]):
                if term is not None:
                    value = term.value
                    c.values[row["pid"].value].add(value[len(_WD) :] if value.startswith(_WD) else value)

    # -- scoring -------------------------------------------------------------------------------

    @staticmethod
    def name_score(query: str | _Name, candidate: Candidate) -> float:
        """The name part of the score (see the module doc)."""
        name = query if isinstance(query, _Name) else _Name.of(query)
        if not name.keys:
            return 0.0
        if name.keys & candidate.label_keys:
            return SCORE_LABEL
        if name.keys & candidate.keys:
            return SCORE_ALIAS
        best = 0.0
        for words, grams in name.parts:
            for k, k_grams in candidate.grams.items():
                other = set(k.split())
                best = max(
                    best,
                    len(words & other) / len(words | other),
                    2 * len(grams & k_grams) / (len(grams) + len(k_grams)),
                )
        return round(SCORE_SIMILAR * best, 1) if best >= MIN_SIMILARITY else 0.0

    @staticmethod
    def property_features(query: Query, candidate: Candidate) -> list[tuple[str, bool | None]]:
        """For each property asked: True (the entity has the value), False (it has other values
        only), None (it has none)."""
        out: list[tuple[str, bool | None]] = []
        for pid, wanted in query.properties:
            have = {normalise(v) for v in candidate.values.get(pid, ())}
            if not have:
                out.append((pid, None))
            else:
                out.append((pid, bool(have & {normalise(w) for w in wanted})))
        return out

    # -- the service ---------------------------------------------------------------------------

    def reconcile(self, batch: Mapping[str, Query]) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """A reconciliation result batch for a checked query batch."""
        pool = self._candidates({t for q in batch.values() for t in q.types})
        named: dict[str, list[tuple[float, Candidate]]] = {}
        for qid, q in batch.items():
            name = _Name.of(q.text)
            scored = [
                (self.name_score(name, c) if q.text.strip() else PROPERTIES_ONLY, c)
                for c in pool.values()
                if c.type in q.types
            ]
            named[qid] = [(score, c) for score, c in scored if score > 0]
        self._add_values({c.iri: c for found in named.values() for _, c in found})
        return {qid: {"result": self._result(batch[qid], found)} for qid, found in named.items()}

    def _result(self, query: Query, found: list[tuple[float, Candidate]]) -> list[dict[str, Any]]:
        scored = []
        for name, c in found:
            features = self.property_features(query, c)
            score = name + sum(
                PROPERTY_FITS if fit else PROPERTY_CLASHES for _, fit in features if fit is not None
            )
            scored.append((max(0.0, min(100.0, score)), name, features, c))
        scored.sort(key=lambda x: (-x[0], x[3].label, x[3].iri))
        out = []
        for i, (score, name, features, c) in enumerate(scored[: query.limit]):
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            match = i == 0 and score >= MATCH_SCORE and runner_up <= score - MATCH_MARGIN
            out.append(
                {
                    "id": self.id_of(c.iri),
                    "name": c.label,
                    "description": self.describe(c),
                    "type": [{"id": c.type, "name": TYPES[c.type][0]}],
                    "score": round(score, 1),
                    "match": match,
                    "features": [{"id": "name", "value": round(name / 100, 3)}]
                    + [{"id": pid, "value": fit} for pid, fit in features if fit is not None],
                }
            )
        return out

    def describe(self, c: Candidate) -> str:
        """One line for people: the type, nationality, team, series, Wikidata QID."""
        parts = [TYPES[c.type][0]]
        for pid in ("nationality", "team", "series"):
            labels = sorted(v for v in c.values.get(pid, ()) if not (v.startswith("Q") and v[1:].isdigit()))
            if labels:
                parts.append(", ".join(labels))
        parts += [f"Wikidata {q}" for q in sorted(c.values.get("wikidata", ()))]
        return " · ".join(parts)

    def id_of(self, iri: str) -> str:
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    def entity(self, id_or_iri: str) -> Candidate | None:
        """The entity of a reconciliation id (``driver/max-verstappen``) or IRI, with its values."""
        iri = id_or_iri if "://" in id_or_iri else self.base + id_or_iri
        found = self._candidates(TYPES, [iri])
        self._add_values(found)
        return found.get(iri)

    def suggest(
        self, prefix: str, types: Iterable[str] = (), *, cursor: int = 0, limit: int = 10
    ) -> list[Candidate]:
        """Entities whose name, or a word of it, starts with ``prefix`` (auto-completion)."""
        key = normalise(prefix)
        if not key:
            return []
        pool = self._candidates(tuple(types) or DEFAULT_TYPES)
        hits = []
        for c in pool.values():
            names = [normalise(n) for n in c.names]
            if any(n.startswith(key) or f" {key}" in f" {n}" for n in names):
                hits.append((0 if normalise(c.label).startswith(key) else 1, c.label, c.iri, c))
        hits.sort(key=lambda x: x[:3])
        page = {h[3].iri: h[3] for h in hits[cursor : cursor + limit]}
        self._add_values(page)
        return list(page.values())
