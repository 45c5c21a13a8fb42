"""What a query parameter's value means: an IRI, a short IRI, an entity's name, or a literal.

People do not type ``https://w3id.org/mskg/resource/driver/lukas-brenner``; they type
``driver/lukas-brenner``, ``lukas-brenner`` or ``Lukas Brenner``. :func:`resolve` turns each into
the entity's IRI, and says how it did; a name that several entities have is an error listing
them, and only a value that names nothing becomes a literal (which the caller can point out
when the query then finds nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError, QueryError
from kg.formats import PREFIXES
from kg.rdf.iri import slug
from kg.store import Store

#: IRI schemes taken as they are
_SCHEMES = ("http://", "https://", "urn:")
_PREFIXED = re.compile(r"^([A-Za-z][\w-]*):([^\s/][^\s]*)$")
_PATH = re.compile(r"^[a-z0-9-]+/\S+$")
#: entity paths of the resource base a bare name may be the slug of
_ENTITY_PATHS = (
    "driver",
    "person",
    "team",
    "manufacturer",
    "car-model",
    "series",
    "circuit",
    "country",
    "place",
    "race-class",
)
MAX_LISTED = 8


@dataclass(frozen=True)
class Binding:
    """A variable and the RDF term it is bound to.

    ``note`` says how a name or short IRI was resolved (for the person who gave it);
    ``unresolved`` is set when the value named nothing and was bound as a plain literal.
    """

    name: str
    term: Node
    note: str | None = None
    unresolved: bool = False


def parse_binding(item: str) -> tuple[str, str]:
    """``NAME=VALUE`` → ``(NAME, VALUE)``; ``?NAME`` and ``$NAME`` are accepted too.

    Raises:
        InputError: there is no ``=`` or no name.
    """
    name, sep, value = item.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise InputError(f"--bind {item!r}: expected NAME=VALUE")
    return name, value


def resolve(store: Store, name: str, value: str, resource_base: str) -> Binding:
    """The term ``value`` stands for, in this order:

    - ``<IRI>`` or an ``http(s)://`` or ``urn:`` IRI: that IRI;
    - ``"text"`` (quoted): the literal ``text``;
    - ``ms:Driver``, ``wd:Q1``, ``res:driver/x``: a short IRI of a known prefix (``res:`` is
      the resource base);
    - ``driver/lukas-brenner``: the resource of that path, if the store has it;
    - a name (``Lukas Brenner``, ``lukas-brenner``, any case): the one entity with that
      label or alternative label, or whose IRI is the name's slug;
    - anything else: a plain literal, marked ``unresolved``.

    Raises:
        QueryError: a name that several entities have (the message lists them).
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return Binding(name, URIRef(text[1:-1]))
    if text.startswith(_SCHEMES):
        return Binding(name, URIRef(text))
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return Binding(name, Literal(text[1:-1]))
    prefixed = _PREFIXED.match(text)
    namespaces = {**PREFIXES, "res": resource_base}
    if prefixed and prefixed.group(1) in namespaces:
        return Binding(name, URIRef(namespaces[prefixed.group(1)] + prefixed.group(2)))
    if _PATH.match(text) and _exists(store, resource_base + text):
        iri = resource_base + text
        return Binding(name, URIRef(iri), f"?{name} = <{iri}>")
    found = _named(store, text, resource_base)
    if len(found) == 1:
        (iri, label), *_ = found.items()
        return Binding(name, URIRef(iri), f"?{name} = <{iri}>" + (f" ({label})" if label else ""))
    if found:
        listed = "; ".join(f"<{iri}>" + (f" ({label})" if label else "") for iri, label in found.items())
        if len(found) > MAX_LISTED:
            listed = "; ".join(listed.split("; ")[:MAX_LISTED]) + f"; … {len(found) - MAX_LISTED} more"
        raise QueryError(
            f"--bind {name}={value}: {len(found)} entities have that name: {listed}; bind one IRI"
        )
    return Binding(name, Literal(value), unresolved=True)


def _exists(store: Store, iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all: no resource of ours
        return False
    return bool(store.query(f"ASK {{ {node} ?p ?o }}"))


def _named(store: Store, text: str, resource_base: str) -> dict[str, str]:
    """Entities (IRI → label) with ``text`` as a label or alternative label (any case), or
    whose IRI is ``text``'s slug under an entity path."""
    if not text:
        return {}
    candidates = " ".join(str(ox.NamedNode(f"{resource_base}{path}/{slug(text)}")) for path in _ENTITY_PATHS)
    wanted = ox.Literal(text.lower())  # written as SPARQL escapes it
    rows = store.select(
        "SELECT DISTINCT ?e ?label WHERE { "
        f"{{ VALUES ?e {{ {candidates} }} ?e a ?type }} UNION "
        f"{{ ?e {RDFS.label.n3()}|{SKOS.altLabel.n3()} ?l FILTER(LCASE(STR(?l)) = {wanted}) }} "
        f"OPTIONAL {{ ?e {RDFS.label.n3()} ?label }} }} ORDER BY ?e"
    )
    found: dict[str, str] = {}
    for row in rows:
        entity, label = row["e"], row["label"]
        if entity is not None and entity.value not in found:
            found[entity.value] = label.value if label is not None else ""
    return found
