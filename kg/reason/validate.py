"""Validate a store: SHACL shapes (pyshacl) and plausibility checks (SPARQL SELECT files).

Validation goes per source graph (an article, the links graph) with its inferred graph, in
batches of :data:`VALIDATE_BATCH` sources: the build validates what it wrote, ``kg validate``
every source, and memory is bounded by a batch, never the store. pyshacl needs an rdflib
graph, so a batch's asserted and inferred triples are pulled into memory for it (validation,
not querying). The checks under ``ontology/checks/`` run in Oxigraph over the same graphs.
Every shape and check looks at one result, session or entity of one article, so a batch sees
all it needs. Both kinds of finding come out as one :class:`Violation`
shape, with the article (named graph) and, where the node has one, the evidence sentence.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from kg.config import DEFAULT_RESOURCE_BASE
from kg.errors import InputError
from kg.reason.infer import inferred_graph_of, source_graphs
from kg.reason.rules import CHECKS_DIR, ONTOLOGY_FILE, SHAPES_FILE, RuleFile, load_rule_files
from kg.store import Store
from kg.vocab import ITSRDF, MS, NIF

log = logging.getLogger(__name__)

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One finding: a SHACL result or a row of a plausibility check."""

    kind: str  # "shacl" or "check"
    shape: str  # the node shape and property ("ResultShape/ms:position") or the check's name
    focus: str
    message: str
    path: str | None = None
    value: str | None = None
    severity: str = "Violation"
    articles: tuple[str, ...] = ()  # identifiers of the articles whose graphs hold the focus node
    sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["articles"] = list(self.articles)
        return d


@dataclass
class ValidationReport:
    violations: list[Violation] = field(default_factory=list)
    seconds: float = 0.0
    shacl_seconds: float = 0.0
    checks_seconds: float = 0.0
    triples: int = 0
    graphs: int = 0  # source graphs validated

    @property
    def conforms(self) -> bool:
        return not self.violations

    def by_shape(self) -> dict[str, int]:
        return dict(sorted(Counter(v.shape for v in self.violations).items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "count": len(self.violations),
            "by_shape": self.by_shape(),
            "seconds": round(self.seconds, 3),
            "violations": [v.to_dict() for v in self.violations],
        }


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | Any) -> Node:
    """Convert a pyoxigraph term to the rdflib term it denotes."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"cannot convert RDF term {term!r}")


# The text annotations (NIF sentences and mentions, about half the triples) and provenance
# links are left out: no shape looks at them, and pulling them into rdflib costs more than
# validating everything else.
_DATA = f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  ?s ?p ?o .
  FILTER (!STRSTARTS(STR(?p), "{NIF}") && !STRSTARTS(STR(?p), "{ITSRDF}") && ?p != {PROV.wasDerivedFrom.n3()})
  FILTER (?p != {RDF.type.n3()} || !STRSTARTS(STR(?o), "{NIF}"))
}}"""


def data_graph(store: Store, ontology: Path = ONTOLOGY_FILE) -> Graph:
    """The store's union graph (asserted + inferred, less the text annotations) in memory.

    The ontology's class hierarchy is added, so that SHACL's ``sh:targetClass`` and ``sh:class``
    reach subclasses without reasoning.
    """
    g = Graph()
    for t in store.construct(_DATA):
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    for triple in _class_hierarchy(ontology):
        g.add(triple)
    return g


@cache
def _shapes_graph(path: Path) -> Graph:
    """The SHACL shapes, parsed once per process (pyshacl reads them; it does not change them)."""
    return Graph().parse(path, format="turtle")


@cache
def _class_hierarchy(ontology: Path) -> tuple[tuple[Node, Node, Node], ...]:
    onto = Graph().parse(ontology, format="turtle")
    return tuple(t for t in onto.triples((None, RDFS.subClassOf, None)) if isinstance(t[2], URIRef))


#: source graphs validated together (memory: about this many articles' graphs)
VALIDATE_BATCH = 64


def validate(
    store: Store,
    *,
    graphs: Iterable[str] | None = None,
    resource_base: str = DEFAULT_RESOURCE_BASE,
    shapes: Path = SHAPES_FILE,
    checks_dir: Path = CHECKS_DIR,
    ontology: Path = ONTOLOGY_FILE,
    shacl: bool = True,
    checks: bool = True,
) -> ValidationReport:
    """Validate the source ``graphs`` (default: every source of ``store``, ``kg validate --all``)
    with their inferred graphs against the SHACL ``shapes``, and run the plausibility checks."""
    report = ValidationReport()
    started = time.perf_counter()
    sources = source_graphs(store, resource_base) if graphs is None else list(graphs)
    present = set(store.named_graphs())
    shapes_graph = _shapes_graph(shapes) if shacl else None
    check_files = load_rule_files(checks_dir) if checks else []
    found: dict[Violation, None] = {}  # in order, each once (an entity of two batches)
    articles: dict[str, set[str]] = {}
    sentences: dict[str, str] = {}
    for i in range(0, len(sources), VALIDATE_BATCH):
        batch = [g for g in sources[i : i + VALIDATE_BATCH] if g in present]
        batch += [
            name
            for g in batch
            if (name := inferred_graph_of(resource_base, g)) is not None and name in present
        ]
        if not batch:
            continue
        scratch = store.scratch_copy(batch)  # one default graph: cheaper to query than many
        in_batch: list[Violation] = []
        if shapes_graph is not None:
            t0 = time.perf_counter()
            data = data_graph(scratch, ontology)
            report.triples += len(data)
            # in a thread of its own: rdflib's SPARQL parser (pyparsing) leaves exceptions in
            # reference cycles whose tracebacks reach, through ``f_back``, every calling frame,
            # and so would keep the caller's store (and its lock) alive until the next gc run
            with ThreadPoolExecutor(max_workers=1) as pool:
                in_batch += pool.submit(shacl_violations, data, shapes_graph).result()
            report.shacl_seconds += time.perf_counter() - t0
        t0 = time.perf_counter()
        for check in check_files:
            in_batch += check_violations(scratch, check)
        report.checks_seconds += time.perf_counter() - t0
        found.update(dict.fromkeys(in_batch))
        if in_batch:
            _context(store, {v.focus for v in in_batch}, batch, articles, sentences)
    report.graphs = len(sources)
    report.violations = _with_context(list(found), articles, sentences)
    report.seconds = time.perf_counter() - started
    return report


def shacl_violations(data: Graph, shapes: Graph) -> list[Violation]:
    """Run pyshacl over ``data`` and turn its results into :class:`Violation`s."""
    from pyshacl import validate as shacl_validate

    _, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, abort_on_first=False
    )
    assert isinstance(results, Graph)
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        source = results.value(r, SH.sourceShape)
        severity = results.value(r, SH.resultSeverity)
        message = results.value(r, SH.resultMessage)
        out.append(
            Violation(
                kind="shacl",
                shape=_shape_name(shapes, source, path, results.value(r, SH.sourceConstraintComponent)),
                focus=str(focus),
                message=str(message) if message is not None else "",
                path=_qname(shapes, path) if path is not None else None,
                value=str(value) if value is not None else None,
                severity=severity.fragment if isinstance(severity, URIRef) else "Violation",
            )
        )
    return sorted(out, key=lambda v: (v.shape, v.focus, v.value or ""))


def check_violations(store: Store, check: RuleFile) -> list[Violation]:
    """The rows of one plausibility check (``?focus ?message``, optionally ``?path ?value``)."""
    result = store.query(check.sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise InputError(f"check {check.name}: a check must be a SELECT query")
    out = []
    for row in result:
        focus, message, path, value = (row[v] for v in ("focus", "message", "path", "value"))
        if focus is None:
            continue
        out.append(
            Violation(
                kind="check",
                shape=check.name,
                focus=focus.value,
                message=message.value if message is not None else check.title,
                path=_qname(None, URIRef(path.value)) if path is not None else None,
                value=value.value if value is not None else None,
            )
        )
    return out


_CONTEXT = f"""
SELECT DISTINCT ?focus ?id ?evidence ?anchor WHERE {{
  GRAPH ?g {{ ?focus ?p ?o . ?g {DCTERMS.identifier.n3()} ?id }}
  OPTIONAL {{ ?focus {MS.evidence.n3()} ?evidence }}
  OPTIONAL {{ ?focus {MS.evidenceSentence.n3()} ?s . ?s {NIF.anchorOf.n3()} ?anchor }}
}}"""


def _context(
    store: Store,
    foci: set[str],
    graphs: list[str],
    articles: dict[str, set[str]],
    sentences: dict[str, str],
) -> None:
    """Add to ``articles`` the identifiers of the articles among ``graphs`` whose graphs hold
    each focus node, and to ``sentences`` its evidence sentence. Only ``graphs`` (one batch) is
    searched: a driver is in a great many articles, and the whole store would cost time linear
    in its size."""
    iris = sorted(f for f in foci if f.startswith(("http://", "https://", "urn:")))
    for i in range(0, len(iris), 500):
        values = " ".join(f"<{iri}>" for iri in iris[i : i + 500])
        query = _CONTEXT.replace("WHERE {", f"WHERE {{ VALUES ?focus {{ {values} }}", 1)
        for row in store.select(query, default_graph_uris=graphs, named_graph_uris=graphs):
            focus = row["focus"].value
            articles.setdefault(focus, set()).add(row["id"].value)
            sentence = row["evidence"] or row["anchor"]
            if sentence is not None:
                sentences.setdefault(focus, sentence.value)


def _with_context(
    found: list[Violation], articles: dict[str, set[str]], sentences: dict[str, str]
) -> list[Violation]:
    return [
        Violation(
            **{
                **asdict(v),
                "articles": tuple(sorted(articles.get(v.focus, ()))),
                "sentence": sentences.get(v.focus),
            }
        )
        for v in found
    ]


def _qname(graph: Graph | None, iri: Node) -> str:
    if str(iri).startswith(str(MS._NS)):
        return "ms:" + str(iri)[len(str(MS._NS)) :]
    if graph is not None and isinstance(iri, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(iri)
        except ValueError:  # pragma: no cover - an IRI that cannot be abbreviated
            pass
    return str(iri)


def _shape_name(shapes: Graph, source: Node | None, path: Node | None, component: Node | None) -> str:
    """``NodeShape/path`` for a property shape, ``NodeShape/component`` for a node constraint."""
    node = source
    if isinstance(source, BNode):
        node = shapes.value(None, SH.property, source)
    name = str(node).rsplit("#", 1)[-1] if node is not None else "?"
    if path is not None:
        return f"{name}/{_qname(shapes, path)}"
    if component is not None:
        return f"{name}/{str(component).rsplit('#', 1)[-1]}"
    return name
