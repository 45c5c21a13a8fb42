"""Materialise what the ontology and the motorsport rules entail into one named graph.

The standard part (the ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` closures,
``owl:SymmetricProperty``, ``owl:inverseOf``) is read from the ontology and turned into SPARQL
CONSTRUCT queries; the motorsport rules are the CONSTRUCT files under ``ontology/rules/``. All of
them run in Oxigraph over the store (never in rdflib's in-memory SPARQL), round after round,
until a round adds nothing. Each query only constructs triples the store does not hold yet, so
the inferred graph holds only what is new.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
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
    pairs = []
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


def inferred_graph_name(resource_base: str) -> str:
    return str(IriMinter(resource_base).inferred_graph())


def reason(store: Store, resource_base: str, *, rules: list[RuleFile] | None = None) -> ReasonReport:
    """Recompute the inferred graph of ``store`` (``{base}graph/inferred``) from scratch.

    The old inferred graph is dropped first, so an inference whose premises are gone goes too;
    then every rule runs over the store's union graph (asserted and inferred so far), and what
    a round adds is written before the next round. Returns the counts and the time taken.
    """
    rules = all_rules() if rules is None else rules
    name = inferred_graph_name(resource_base)
    report = ReasonReport(graph=name)
    started = time.perf_counter()
    store.remove_graph(name)
    inferred: set[ox.Triple] = set()
    counts: Counter[str] = Counter()
    for _ in range(MAX_ROUNDS):
        report.rounds += 1
        new: set[ox.Triple] = set()
        for rule in rules:
            result = store.query(rule.sparql)
            if not isinstance(result, ox.QueryTriples):
                raise InputError(f"rule {rule.name}: a rule must be a CONSTRUCT query")
            for triple in result:
                if triple not in inferred and triple not in new:
                    new.add(triple)
                    counts[rule.name] += 1
        if not new:
            break
        inferred |= new
        _write(store, name, inferred)
    else:
        log.warning("reasoning stopped after %d rounds without reaching a fixpoint", MAX_ROUNDS)
    store.flush()
    report.triples = len(inferred)
    report.per_rule = {r.name: counts[r.name] for r in rules}
    report.seconds = time.perf_counter() - started
    return report


def _write(store: Store, name: str, triples: set[ox.Triple]) -> None:
    body = " .\n".join(f"{t.subject} {t.predicate} {t.object}" for t in sorted(triples, key=str))
    store.replace_graph(EncodedGraph(name, body, len(triples)))
