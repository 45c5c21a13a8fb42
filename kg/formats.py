"""Every format motorsport-kg writes or reads, one row each: the one table that the store
(export), the command line (``--format``, file suffixes), content negotiation, the SPARQL
protocol and the Graph Store Protocol read.

A row names the format (``--format`` and ``format=`` value), its media type (what a response's
Content-Type says) and the further media types a client may send or ask for, its file suffixes
(the first is the one written), the W3C format IRI (service description), pyoxigraph's format
and rdflib's name for it. RDF formats also say whether they keep named graphs (``dataset``:
an export writes one graph per article in them, the whole dataset is served in them) and
whether a single graph is served and accepted in them (``graph``: CONSTRUCT and DESCRIBE
results, entity pages, Graph Store Protocol bodies). The order of each table is the server's
order of preference; its first row is the default.

Adding an RDF format is one row of :data:`RDF_FORMATS` (``tests/test_formats.py`` checks every
row everywhere it is used).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any, TypeVar

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.vocab import MS, WD

_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """A format as content negotiation sees it: a name and media types."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def suffix(self) -> str:
        """The file suffix written (without the dot)."""
        return self.suffixes[0] if self.suffixes else self.name


@dataclass(frozen=True)
class RdfFormat(Format):
    """An RDF serialisation."""

    iri: str = ""
    ox: ox.RdfFormat = ox.RdfFormat.N_TRIPLES
    rdflib: str = ""
    dataset: bool = False  # keeps named graphs
    graph: bool = True  # a single graph is served and accepted in it


@dataclass(frozen=True)
class ResultsFormat(Format):
    """A SPARQL results serialisation (SELECT and ASK)."""

    iri: str = ""
    ox: ox.QueryResultsFormat = ox.QueryResultsFormat.JSON


F = TypeVar("F", bound=Format)

# fmt: off
RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", ("application/x-turtle",), ("ttl",),
              _W3C + "Turtle", ox.RdfFormat.TURTLE, "turtle"),
    RdfFormat("ntriples", "application/n-triples", (), ("nt",),
              _W3C + "N-Triples", ox.RdfFormat.N_TRIPLES, "nt"),
    RdfFormat("nquads", "application/n-quads", (), ("nq",),
              _W3C + "N-Quads", ox.RdfFormat.N_QUADS, "nquads", dataset=True, graph=False),
    RdfFormat("trig", "application/trig", (), ("trig",),
              _W3C + "TriG", ox.RdfFormat.TRIG, "trig", dataset=True, graph=False),
    RdfFormat("rdfxml", "application/rdf+xml", (), ("rdf", "owl"),
              _W3C + "RDF_XML", ox.RdfFormat.RDF_XML, "xml"),
    RdfFormat("jsonld", "application/ld+json", (), ("jsonld",),
              _W3C + "JSON-LD", ox.RdfFormat.JSON_LD, "json-ld", dataset=True),
)

RESULTS_FORMATS: tuple[ResultsFormat, ...] = (
    ResultsFormat("json", "application/sparql-results+json", ("application/json",), ("json", "srj"),
                  _W3C + "SPARQL_Results_JSON", ox.QueryResultsFormat.JSON),
    ResultsFormat("xml", "application/sparql-results+xml", (), ("xml", "srx"),
                  _W3C + "SPARQL_Results_XML", ox.QueryResultsFormat.XML),
    ResultsFormat("csv", "text/csv", (), ("csv",),
                  _W3C + "SPARQL_Results_CSV", ox.QueryResultsFormat.CSV),
    ResultsFormat("tsv", "text/tab-separated-values", (), ("tsv",),
                  _W3C + "SPARQL_Results_TSV", ox.QueryResultsFormat.TSV),
)
# fmt: on

#: formats a single graph is served and accepted in, and those that keep named graphs
GRAPH_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if f.graph)
DATASET_FORMATS: tuple[RdfFormat, ...] = tuple(f for f in RDF_FORMATS if f.dataset)

#: the prefixes written into every format that has prefixes (and the JSON-LD ``@context``)
PREFIXES: dict[str, str] = {
    "ms": str(MS._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "wd": str(WD),
}


def find(name: str, table: Iterable[F]) -> F | None:
    """The format of ``table`` called ``name`` or written with the suffix ``name`` (any case,
    ``ttl`` or ``.ttl``); ``None`` if there is none."""
    key = name.lower().removeprefix(".")
    rows = list(table)
    return next((f for f in rows if f.name == key), None) or next(
        (f for f in rows if key in f.suffixes), None
    )


def for_file(path: str, table: Iterable[F]) -> F | None:
    """The format of ``table`` a file name's suffix says (``out.ttl`` → Turtle), or ``None``."""
    name = path.rsplit("/", 1)[-1]
    return find(name.rsplit(".", 1)[1], table) if "." in name.strip(".") else None


def for_media_type(media_type: str, table: Iterable[F]) -> F | None:
    """The format of ``table`` that has ``media_type`` (no parameters, any case)."""
    key = media_type.lower()
    return next((f for f in table if key in f.media_types), None)


def names(table: Iterable[Format]) -> str:
    return ", ".join(f.name for f in table)


def rdf_format(name: str) -> RdfFormat:
    """The RDF format called (or suffixed) ``name``.

    Raises:
        KeyError: no such format; the message lists the names.
    """
    fmt = find(name, RDF_FORMATS)
    if fmt is None:
        raise KeyError(f"unknown RDF format {name!r}; choose one of {names(RDF_FORMATS)}")
    return fmt


def results_format(name: str) -> ResultsFormat:
    """The SPARQL results format called (or suffixed) ``name``.

    Raises:
        KeyError: no such format; the message lists the names.
    """
    fmt = find(name, RESULTS_FORMATS)
    if fmt is None:
        raise KeyError(f"unknown results format {name!r}; choose one of {names(RESULTS_FORMATS)}")
    return fmt


Statements = Iterable[ox.Triple] | Iterable[ox.Quad]


def serialize(
    statements: Statements, output: IO[bytes], fmt: RdfFormat, prefixes: Mapping[str, str] | None = None
) -> None:
    """Write triples (or quads, for a dataset format) to ``output`` as ``fmt``, with
    :data:`PREFIXES` (and ``prefixes``) where the format has prefixes, and as JSON-LD's
    ``@context``."""
    known = {**PREFIXES, **(prefixes or {})}
    if fmt.ox == ox.RdfFormat.JSON_LD:
        document = {"@context": known, "@graph": _compact(_json_ld(statements), known)}
        output.write(json.dumps(document, ensure_ascii=False).encode())
        return
    ox.serialize(statements, output, fmt.ox, prefixes=known)


def serialize_graphs(graphs: Iterable[Iterable[ox.Quad]], output: IO[bytes], fmt: RdfFormat) -> None:
    """Write a dataset, graph by graph, as ``fmt`` (a dataset format): what one graph takes
    is all that is held at once. JSON-LD gets one ``@context`` for the whole document."""
    if fmt.ox != ox.RdfFormat.JSON_LD:
        ox.serialize((q for graph in graphs for q in graph), output, fmt.ox, prefixes=PREFIXES)
        return
    context = json.dumps({"@context": PREFIXES}, ensure_ascii=False)
    output.write(context[:-1].encode() + b', "@graph": [')
    first = True
    for graph in graphs:
        for node in _json_ld(graph):
            data = json.dumps(_compact(node, PREFIXES), ensure_ascii=False).encode()
            output.write(data if first else b",\n" + data)
            first = False
    output.write(b"]}")


def _json_ld(statements: Statements) -> list[Any]:
    """pyoxigraph's (expanded) JSON-LD of ``statements``: a list of node (or graph) objects."""
    buf = io.BytesIO()
    ox.serialize(statements, buf, ox.RdfFormat.JSON_LD)
    data = json.loads(buf.getvalue() or b"[]")
    return data if isinstance(data, list) else [data]


def _compact(value: Any, prefixes: Mapping[str, str], key: str | None = None) -> Any:
    """Expanded JSON-LD with every IRI of a namespace in ``prefixes`` written as a compact IRI
    (``ms:Driver``): property keys, ``@id`` and ``@type`` values. Literal values (``@value``)
    are never touched."""
    if isinstance(value, list):
        return [_compact(v, prefixes, key) for v in value]
    if isinstance(value, dict):
        return {
            (k if k.startswith("@") else compact_iri(k, prefixes)): (
                v if k == "@value" else _compact(v, prefixes, k)
            )
            for k, v in value.items()
        }
    if isinstance(value, str) and key in ("@id", "@type"):
        return compact_iri(value, prefixes)
    return value


def compact_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``ms:Driver`` for an IRI in a namespace of ``prefixes``, else the IRI itself."""
    for prefix, namespace in prefixes.items():
        # JSON-LD takes a term as a prefix only where its IRI ends in a gen-delim
        if iri.startswith(namespace) and len(iri) > len(namespace) and namespace[-1] in ":/?#[]@":
            local = iri[len(namespace) :]
            if not local.startswith("//"):  # JSON-LD reads prefix://… as an absolute IRI
                return f"{prefix}:{local}"
    return iri
