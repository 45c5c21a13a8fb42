"""The ontology: contract terms are declared and documented, and HermiT finds it consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

TTL_PATH = Path(__file__).resolve().parent.parent / "ontology" / "motorsport.ttl"
MS = Namespace("https://w3id.org/mskg/ontology#")

# The fixed core, as listed in the extraction contract (shared/eval/CONTRACT.md).
CONTRACT_CLASSES = [
    "Article", "Person", "Driver", "Team", "Manufacturer", "CarModel", "Series", "Event", "Circuit",
    "Session", "Practice", "Qualifying", "Shootout", "Race", "QualifyingRace", "Warmup", "Result",
    "RaceClass", "Country", "Place",
]  # fmt: skip
CONTRACT_PROPERTIES = [
    "session", "position", "driver", "team", "carModel", "carNumber", "lapTime", "gap", "raceClass",
    "event", "series", "circuit", "nationality", "hometown", "age", "drivesFor", "drivesCar", "teammate",
]  # fmt: skip
EXTRA_PROPERTIES = ["manufacturer", "round", "year", "laps", "status", "polePosition", "winner"]

requires_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="no `java` on PATH: HermiT (owlready2's reasoner) needs Java"
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(TTL_PATH, format="turtle")


def _languages(graph: Graph, term: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}


@pytest.mark.parametrize("name", CONTRACT_CLASSES + CONTRACT_PROPERTIES + EXTRA_PROPERTIES + ["evidence"])
def test_ontology_term_is_labelled_and_commented(graph: Graph, name: str) -> None:
    term = MS[name]
    assert {"de", "en"} <= _languages(graph, term, RDFS.label)
    assert "en" in _languages(graph, term, RDFS.comment)


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_ontology_class_is_declared(graph: Graph, name: str) -> None:
    assert (MS[name], RDF.type, OWL.Class) in graph


@pytest.mark.parametrize("name", CONTRACT_PROPERTIES + EXTRA_PROPERTIES)
def test_ontology_property_has_type_domain_and_range(graph: Graph, name: str) -> None:
    types = set(graph.objects(MS[name], RDF.type))
    assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert graph.value(MS[name], RDFS.domain) is not None
    assert graph.value(MS[name], RDFS.range) is not None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("position", XSD.integer),
        ("age", XSD.integer),
        ("carNumber", XSD.string),
        ("lapTime", XSD.dayTimeDuration),
        ("gap", XSD.dayTimeDuration),
        ("session", MS.Session),
        ("nationality", MS.Country),
        ("hometown", MS.Place),
    ],
)
def test_ontology_property_range_matches_contract(graph: Graph, name: str, expected: URIRef) -> None:
    assert graph.value(MS[name], RDFS.range) == expected


@pytest.mark.parametrize(
    ("name", "members"),
    [("carNumber", {MS.Person, MS.Result}), ("raceClass", {MS.Result, MS.Session})],
)
def test_ontology_union_domain(graph: Graph, name: str, members: set[URIRef]) -> None:
    domain = graph.value(MS[name], RDFS.domain)
    assert isinstance(domain, BNode)
    union = graph.value(domain, OWL.unionOf)
    assert set(graph.items(union)) == members


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        ("Driver", "Person"),
        ("Practice", "Session"),
        ("Qualifying", "Session"),
        ("Shootout", "Qualifying"),
        ("Race", "Session"),
        ("QualifyingRace", "Race"),
        ("Warmup", "Session"),
    ],
)
def test_ontology_subclass(graph: Graph, sub: str, sup: str) -> None:
    assert (MS[sub], RDFS.subClassOf, MS[sup]) in graph


def test_ontology_country_is_not_a_place(graph: Graph) -> None:
    assert (MS.Country, RDFS.subClassOf, MS.Place) not in graph


def test_ontology_teammate_is_symmetric_and_position_functional(graph: Graph) -> None:
    assert (MS.teammate, RDF.type, OWL.SymmetricProperty) in graph
    assert (MS.position, RDF.type, OWL.FunctionalProperty) in graph


def _reason(graph: Graph, tmp_path: Path):
    """Load ``graph`` into a fresh owlready2 World and run HermiT on it; return the World."""
    import owlready2

    path = tmp_path / "motorsport.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    # HermiT knows only the OWL 2 datatype map, which lacks xsd:dayTimeDuration (the range of
    # ms:lapTime and ms:gap); it then ignores the axioms that use it (see ontology/README.md).
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    return world


@pytest.mark.slow
@requires_java
def test_ontology_is_consistent_for_hermit(graph: Graph, tmp_path: Path) -> None:
    world = _reason(graph, tmp_path)
    assert list(world.inconsistent_classes()) == []


@pytest.mark.slow
@requires_java
def test_ontology_hermit_detects_inconsistency(graph: Graph, tmp_path: Path) -> None:
    import owlready2

    bad = Graph()
    for triple in graph:
        bad.add(triple)
    thing = URIRef("https://w3id.org/mskg/resource/test/both")
    bad.add((thing, RDF.type, OWL.NamedIndividual))
    bad.add((thing, RDF.type, MS.Team))
    bad.add((thing, RDF.type, MS.Driver))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(bad, tmp_path)
