"""Materialise what the ontology and the motorsport rules entail, one inferred graph per source.

The standard part (the ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` closures,
``owl:SymmetricProperty``, ``owl:inverseOf``) is read from the ontology and turned into SPARQL
CONSTRUCT queries; the motorsport rules are the CONSTRUCT files under ``ontology/rules/``. All of
them run in Oxigraph over the store (never in rdflib's in-memory SPARQL), round after round,
until a round adds nothing. Each query only constructs triples the source does not hold yet, so
the inferred graph holds only what is new.

Inference is per named graph (an article, the links graph): the rules run over one source graph
at a time, copied into a scratch in-memory store, and what they entail goes into the source's
own inferred graph (``graph/inferred/article/x`` for ``article/x``). So reasoning after a build
costs what the build changed, memory is bounded by one graph, and the build drops a source's
inferred graph in the same transaction that replaces the source: an inferred graph that exists
is up to date. Every rule's premises lie within one article (a result, its session, its
drivers), so nothing is lost by drawing them per graph.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.errors import InputError
from kg.rdf import IriMinter
from kg.reason.rules import ONTOLOGY_FILE, RULES_DIR, RuleFile, load_rule_files
from kg.store import EncodedGraph, Store

log = logging.getLogger(__name__)

#: rules chain (co-drivers → team-mates → symmetry); a handful of rounds reach the fixpoint
MAX_ROUNDS = 10


@dataclass
class ReasonReport:
    """What a reasoning run added."""

    graph: str
    triples: int = 0
    rounds: int = 0
    seconds: float = 0.0
    per_rule: dict[str, int] = field(default_factory=dict)
    sources: int = 0  # source graphs reasoned


@cache
def _ontology(path: Path) -> Graph:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except (OSError, SyntaxError) as e:
        raise InputError(f"{path}: cannot read the ontology: {e}") from e
    return g


def _closure(g: Graph, prop: URIRef) -> list[tuple[URIRef, URIRef]]:
    """The (sub, super) pairs of the transitive closure of ``prop`` between named terms."""
    direct: dict[URIRef, set[URIRef]] = {}
    for s, o in g.subject_objects(prop):
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s != o:
            direct.setdefault(s, set()).add(o)
    pairs: list[tuple[URIRef, URIRef]] = []
    for sub in sorted(direct):
        seen: set[URIRef] = set()
        todo = list(direct[sub])
        while todo:
            sup = todo.pop()
            if sup in seen or sup == sub:
                continue
            seen.add(sup)
            todo.extend(direct.get(sup, ()))
        pairs.extend((sub, sup) for sup in sorted(seen))
    return pairs


def _values(pairs: list[tuple[URIRef, URIRef]]) -> str:
    return " ".join(f"({a.n3()} {b.n3()})" for a, b in pairs)


def ontology_rules(ontology: Path = ONTOLOGY_FILE) -> list[RuleFile]:
    """The entailments of the ontology that the build materialises, as CONSTRUCT queries."""
    g = _ontology(ontology)
    rules = []
    classes = _closure(g, RDFS.subClassOf)
    if classes:
        rules.append(
            RuleFile(
                "subclass",
                "Class hierarchy",
                "rdfs:subClassOf closure: every instance is an instance of all super-classes.",
                f"CONSTRUCT {{ ?x a ?super }} WHERE {{ VALUES (?sub ?super) {{ {_values(classes)} }} "
                "?x a ?sub . FILTER NOT EXISTS { ?x a ?super } }",
            )
        )
    props = _closure(g, RDFS.subPropertyOf)
    if props:
        rules.append(
            RuleFile(
                "subproperty",
                "Property hierarchy",
                "rdfs:subPropertyOf closure.",
                f"CONSTRUCT {{ ?s ?super ?o }} WHERE {{ VALUES (?sub ?super) {{ {_values(props)} }} "
                "?s ?sub ?o . FILTER NOT EXISTS { ?s ?super ?o } }",
            )
        )
    symmetric = sorted(p for p in g.subjects(RDF.type, OWL.SymmetricProperty) if isinstance(p, URIRef))
    if symmetric:
        rules.append(
            RuleFile(
                "symmetric",
                "Symmetric properties",
                "owl:SymmetricProperty: p(x, y) gives p(y, x).",
                f"CONSTRUCT {{ ?o ?p ?s }} WHERE {{ VALUES ?p {{ {' '.join(p.n3() for p in symmetric)} }} "
                "?s ?p ?o . FILTER (!isLiteral(?o)) FILTER NOT EXISTS { ?o ?p ?s } }",
            )
        )
    inverse = sorted(
        (a, b) for a, b in g.subject_objects(OWL.inverseOf) if isinstance(a, URIRef) and isinstance(b, URIRef)
    )
    if inverse:
        both = inverse + [(b, a) for a, b in inverse]
        rules.append(
            RuleFile(
                "inverse",
                "Inverse properties",
                "owl:inverseOf: p(x, y) gives q(y, x).",
                f"CONSTRUCT {{ ?o ?q ?s }} WHERE {{ VALUES (?p ?q) {{ {_values(both)} }} "
                "?s ?p ?o . FILTER (!isLiteral(?o)) FILTER NOT EXISTS { ?o ?q ?s } }",
            )
        )
    return rules


def all_rules(rules_dir: Path = RULES_DIR, ontology: Path = ONTOLOGY_FILE) -> list[RuleFile]:
    """The ontology's entailments, then the motorsport rules of ``rules_dir``."""
    return ontology_rules(ontology) + load_rule_files(rules_dir)


def inferred_graph_name(resource_base: str, source: str | None = None) -> str:
    """The inferred graph of ``source`` (without one: the single inferred graph of old stores)."""
    return str(IriMinter(resource_base).inferred_graph(source))


def inferred_graph_of(resource_base: str, graph: str) -> str | None:
    """The inferred graph of the named graph ``graph``; ``None`` if it is not a source (not
    under the resource base, or an inferred graph itself)."""
    if not graph.startswith(resource_base) or graph.startswith(inferred_graph_name(resource_base)):
        return None
    return inferred_graph_name(resource_base, graph)


def source_graphs(store: Store, resource_base: str) -> list[str]:
    """The named graphs that reasoning draws from (articles, links), sorted."""
    return sorted(g for g in store.named_graphs() if inferred_graph_of(resource_base, g) is not None)


def stale_sources(store: Store, resource_base: str) -> list[str]:
    """The sources whose inferred graph is missing (new, or replaced by a build since the last
    reasoning), and the links graph (small, and replaced by ``kg link`` without dropping its
    inferred graph)."""
    graphs = set(store.named_graphs())
    links = str(IriMinter(resource_base).links_graph())
    return [
        g
        for g in source_graphs(store, resource_base)
        if g == links or inferred_graph_name(resource_base, g) not in graphs
    ]


#: sources reasoned (and inferred graphs written) per transaction
REASON_BATCH = 32


def reason(
    store: Store,
    resource_base: str,
    *,
    rules: list[RuleFile] | None = None,
    graphs: Iterable[str] | None = None,
    everything: bool = False,
) -> ReasonReport:
    """Bring the inferred graphs of ``store`` up to date.

    Args:
        graphs: the source graphs to reason (the build passes what it wrote); default: the
            stale ones (:func:`stale_sources`).
        everything: reason every source anew (``kg reason --all``).

    An inferred graph is replaced whole, so an inference whose premises are gone goes too.
    Returns the counts (of this run's sources) and the time taken.
    """
    rules = all_rules() if rules is None else rules
    report = ReasonReport(graph=inferred_graph_name(resource_base) + "/")
    started = time.perf_counter()
    store.remove_graph(inferred_graph_name(resource_base))  # the single graph of old stores
    if everything:
        sources = source_graphs(store, resource_base)
    elif graphs is not None:
        sources = [g for g in graphs if inferred_graph_of(resource_base, g) is not None]
    else:
        sources = stale_sources(store, resource_base)
    counts: Counter[str] = Counter()
    for i in range(0, len(sources), REASON_BATCH):
        written = []
        for source in sources[i : i + REASON_BATCH]:
            triples, rounds = infer(store, source, rules, counts)
            report.rounds = max(report.rounds, rounds)
            report.triples += len(triples)
            written.append(_encoded(inferred_graph_name(resource_base, source), triples))
        store.replace_graphs(written)
    store.flush()
    report.sources = len(sources)
    report.per_rule = {r.name: counts[r.name] for r in rules}
    report.seconds = time.perf_counter() - started
    return report


def infer(
    store: Store, source: str, rules: list[RuleFile], counts: Counter[str] | None = None
) -> tuple[set[ox.Triple], int]:
    """What ``rules`` entail from the named graph ``source``, beyond what it states; and the
    rounds taken. The graph is copied into a scratch in-memory store (memory: one graph)."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.graph_triples(source))
    return _fixpoint(scratch, source, rules, counts)


def infer_graph(
    graph: EncodedGraph, resource_base: str, rules: list[RuleFile], counts: Counter[str] | None = None
) -> EncodedGraph | None:
    """The inferred graph of ``graph``, from its N-Triples as the build made them (no read back
    from the store, which costs more than the reasoning); ``None`` if it is not a source."""
    name = inferred_graph_of(resource_base, graph.name)
    if name is None:
        return None
    scratch = ox.Store()
    if graph.body:
        scratch.load((graph.body + " .\n").encode(), ox.RdfFormat.N_TRIPLES, lenient=graph.checked)
    triples, _ = _fixpoint(scratch, graph.name, rules, counts)
    return _encoded(name, triples)


def _fixpoint(
    scratch: ox.Store, source: str, rules: list[RuleFile], counts: Counter[str] | None
) -> tuple[set[ox.Triple], int]:
    inferred: set[ox.Triple] = set()
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        new: set[ox.Triple] = set()
        for rule in rules:
            try:
                result = scratch.query(rule.sparql)
            except SyntaxError as e:
                raise InputError(f"rule {rule.name}: malformed SPARQL: {e}") from e
            if not isinstance(result, ox.QueryTriples):
                raise InputError(f"rule {rule.name}: a rule must be a CONSTRUCT query")
            for triple in result:
                if triple not in inferred and triple not in new:
                    new.add(triple)
                    if counts is not None:
                        counts[rule.name] += 1
        if not new:
            return inferred, rounds
        inferred |= new
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in new)
    log.warning("reasoning %s stopped after %d rounds without a fixpoint", source, MAX_ROUNDS)
    return inferred, rounds


def _encoded(name: str, triples: set[ox.Triple]) -> EncodedGraph:
    body = " .\n".join(f"{t.subject} {t.predicate} {t.object}" for t in sorted(triples, key=str))
    # terms written by Oxigraph and a minted name: valid, so stored without checking them again
    return EncodedGraph(name, body, len(triples), checked=True)
