"""What the pages and the editor know of the vocabulary: the ontology's classes and properties
with their labels, the prefixes of the store, and labels chosen by language.

The ontology (``ontology/motorsport.ttl``) is read once per process. The pages are in English,
so terms are named by their ``@en`` label; the data's own labels (names as the articles write
them) are chosen by the reader's ``Accept-Language``, then German (the articles' language), then
untagged, then any.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.formats import PREFIXES
from kg.resources import ontology_dir
from kg.vocab import ITSRDF, NIF

#: the prefixes the editor declares and completes, and the pages shorten IRIs with (``res:``,
#: the resource base, is added per app: it is a setting)
EDITOR_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "schema": "https://schema.org/",
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
}

_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
# the terms every query uses that the ontology does not declare
_CORE_PROPERTIES = (RDF.type, RDFS.label, RDFS.comment, OWL.sameAs)


@dataclass(frozen=True)
class Vocabulary:
    classes: tuple[str, ...]
    properties: tuple[str, ...]
    labels: dict[str, dict[str, str]]  # IRI -> language -> label

    def label(self, iri: str, languages: Sequence[str] = ("en",)) -> str | None:
        """The term's label in the first of ``languages`` it has one in (else English, German)."""
        found = self.labels.get(iri)
        if not found:
            return None
        for lang in (*languages, "en", "de", ""):
            if lang in found:
                return found[lang]
        return next(iter(found.values()))


@cache
def vocabulary() -> Vocabulary:
    """The ontology's classes and properties (and the core RDF ones), with labels."""
    g = Graph()
    ontology = ontology_dir() / "motorsport.ttl"
    if ontology.is_file():
        g.parse(ontology, format="turtle")
    classes = sorted({str(s) for t in _CLASS_TYPES for s in g.subjects(RDF.type, t) if isinstance(s, URIRef)})
    properties = {str(s) for t in _PROPERTY_TYPES for s in g.subjects(RDF.type, t) if isinstance(s, URIRef)}
    properties |= {str(p) for p in _CORE_PROPERTIES}
    labels: dict[str, dict[str, str]] = {}
    for s, label in g.subject_objects(RDFS.label):
        labels.setdefault(str(s), {})[getattr(label, "language", None) or ""] = str(label)
    return Vocabulary(tuple(classes), tuple(sorted(properties)), labels)


def accepted_languages(header: str | None) -> list[str]:
    """The primary language tags of an ``Accept-Language`` header, best first (``de-AT`` →
    ``de``); ``*`` and malformed entries are skipped."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-", 1)[0].lower()
        if primary and primary != "*" and primary.isalpha() and q > 0:
            ranked.append((-q, i, primary))
    out: list[str] = []
    for _, _, lang in sorted(ranked):
        if lang not in out:
            out.append(lang)
    return out


def pick_label(labels: Iterable[tuple[str, str | None]], languages: Sequence[str]) -> str | None:
    """Of ``(text, language)`` pairs, the label for a reader of ``languages``: the first
    language they accept, then German (the articles'), then untagged, then English, then any;
    among equals the shortest-sorted, so that the choice is the same every time."""
    found = sorted(labels, key=lambda x: x[0])
    if not found:
        return None
    order = [*languages, "de", "", "en"]
    for lang in order:
        for text, tag in found:
            if (tag or "").split("-", 1)[0].lower() == lang:
                return text
    return found[0][0]
