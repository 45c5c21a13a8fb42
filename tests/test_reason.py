"""Reasoning: the ontology's entailments and the motorsport rules, on hand-written graphs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import InputError
from kg.reason import all_rules, load_rule_files, parse_rule, reason
from kg.reason.rules import RULES_DIR
from kg.store import Store
from kg.vocab import MS

from .conftest import BASE

SCHEMA_PERSON = URIRef("https://schema.org/Person")
ART = URIRef(f"{BASE}article/a1")
R = f"{BASE}test/"

PREFIXES = f"""
@prefix ms: <{MS._NS}> .
@prefix r: <{R}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _store(turtle: str, name: URIRef = ART) -> Store:
    store = Store()
    g = Graph(identifier=name)
    g.parse(data=PREFIXES + turtle, format="turtle")
    store.replace_graph(g)
    return store


def _inferred(store: Store) -> set[tuple[str, str, str]]:
    """What reasoning added: the triples of every inferred graph."""
    return {
        (t.subject.value, t.predicate.value, t.object.value)  # type: ignore[union-attr]
        for g in store.named_graphs()
        if g.startswith(f"{BASE}graph/inferred/")
        for t in store.graph_triples(g)
    }


def _has(store: Store, s: URIRef, p: URIRef, o: URIRef) -> bool:
    return (str(s), str(p), str(o)) in _inferred(store)


def test_reason_driver_is_person_and_schema_person() -> None:
    store = _store("r:d a ms:Driver .")
    report = reason(store, BASE)
    assert _has(store, URIRef(R + "d"), RDF.type, MS.Person)
    assert _has(store, URIRef(R + "d"), RDF.type, SCHEMA_PERSON)
    assert report.triples == 2
    # asserted and inferred stay apart: the article graph is untouched
    assert len(list(store.graph_triples(str(ART)))) == 1


def test_reason_shootout_is_qualifying_and_session() -> None:
    store = _store("r:s a ms:Shootout .")
    reason(store, BASE)
    for cls in (MS.Qualifying, MS.Session):
        assert _has(store, URIRef(R + "s"), RDF.type, cls)


def test_reason_does_not_repeat_asserted_triples() -> None:
    store = _store("r:d a ms:Driver , ms:Person .")
    reason(store, BASE)
    assert not _has(store, URIRef(R + "d"), RDF.type, MS.Person)


def test_reason_alignment_close_match_is_not_an_entailment() -> None:
    store = _store("r:d a ms:Driver .")
    reason(store, BASE)
    assert not any("dbpedia" in o or "wikidata" in o for _, _, o in _inferred(store))


def test_reason_teammate_is_symmetric() -> None:
    store = _store("r:a ms:teammate r:b .")
    reason(store, BASE)
    assert _has(store, URIRef(R + "b"), MS.teammate, URIRef(R + "a"))


SESSION = """
r:s a ms:{kind} {session_extra} .
r:p1 a ms:Result ; ms:session r:s ; ms:position 1 ; ms:driver r:first {result_extra} .
r:p2 a ms:Result ; ms:session r:s ; ms:position 2 ; ms:driver r:second .
"""


@pytest.mark.parametrize(
    ("kind", "session_extra", "result_extra", "pole", "winner"),
    [
        ("Qualifying", "", "", True, False),
        ("Shootout", "", "", True, False),
        ("Race", "", "", False, True),
        ("QualifyingRace", "", "", False, True),
        ("Practice", "", "", False, False),
        ("Warmup", "", "", False, False),
        # a session that is one class's classification: its P1 tops it
        ("Qualifying", "; ms:raceClass r:gt2", "; ms:raceClass r:gt2", True, False),
        ("Race", "; ms:raceClass r:gt2", "", False, True),
        # a class P1 within a mixed classification is not the session's pole or win
        ("Qualifying", "", "; ms:raceClass r:gt2", False, False),
        ("Race", "", "; ms:raceClass r:gt2", False, False),
        ("Race", "; ms:raceClass r:lmp2", "; ms:raceClass r:gt2", False, False),
    ],
)
def test_reason_pole_sitter_and_winner(
    kind: str, session_extra: str, result_extra: str, pole: bool, winner: bool
) -> None:
    store = _store(SESSION.format(kind=kind, session_extra=session_extra, result_extra=result_extra))
    reason(store, BASE)
    s, first, second = URIRef(R + "s"), URIRef(R + "first"), URIRef(R + "second")
    assert _has(store, s, MS.polePosition, first) is pole
    assert _has(store, s, MS.winner, first) is winner
    assert not _has(store, s, MS.polePosition, second)
    assert not _has(store, s, MS.winner, second)


def test_reason_co_drivers_are_teammates_both_ways() -> None:
    store = _store("r:res a ms:Result ; ms:driver r:a , r:b .")
    reason(store, BASE)
    assert _has(store, URIRef(R + "a"), MS.teammate, URIRef(R + "b"))
    assert _has(store, URIRef(R + "b"), MS.teammate, URIRef(R + "a"))
    assert not _has(store, URIRef(R + "a"), MS.teammate, URIRef(R + "a"))


def test_reason_single_driver_has_no_teammate() -> None:
    store = _store("r:res a ms:Result ; ms:driver r:a .")
    reason(store, BASE)
    assert not any(p == str(MS.teammate) for _, p, _ in _inferred(store))


def test_reason_driver_of_result_drives_for_its_team() -> None:
    store = _store("r:res a ms:Result ; ms:driver r:a , r:b ; ms:team r:t .")
    reason(store, BASE)
    assert _has(store, URIRef(R + "a"), MS.drivesFor, URIRef(R + "t"))
    assert _has(store, URIRef(R + "b"), MS.drivesFor, URIRef(R + "t"))


def test_reason_result_without_team_gives_no_drives_for() -> None:
    store = _store("r:res a ms:Result ; ms:driver r:a .")
    reason(store, BASE)
    assert not any(p == str(MS.drivesFor) for _, p, _ in _inferred(store))


def test_reason_replaces_the_inferred_graph_whole() -> None:
    store = _store("r:res a ms:Result ; ms:driver r:a , r:b .")
    reason(store, BASE)
    assert _has(store, URIRef(R + "a"), MS.teammate, URIRef(R + "b"))
    g = Graph(identifier=ART)
    g.add((URIRef(R + "res"), RDF.type, MS.Result))
    store.replace_graph(g)  # not through the build, which would drop the inferred graph with it
    reason(store, BASE, graphs=[str(ART)])
    # the premise is gone, and so is the inference (it does not keep itself alive by symmetry)
    assert not any(p == str(MS.teammate) for _, p, _ in _inferred(store))


def test_reason_twice_gives_the_same_graph() -> None:
    store = _store(SESSION.format(kind="Qualifying", session_extra="", result_extra="; ms:team r:t"))
    first = reason(store, BASE)
    before = _inferred(store)
    second = reason(store, BASE)
    assert before == _inferred(store)
    assert first.triples > 0 and second.triples == 0  # the second run: nothing stale
    assert reason(store, BASE, everything=True).triples == first.triples
    assert before == _inferred(store)
    assert store.contains_graph(f"{BASE}graph/inferred/article/a1")


def test_reason_empty_store_infers_nothing() -> None:
    store = Store()
    report = reason(store, BASE)
    assert report.triples == 0
    assert _inferred(store) == set()


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_reason_rule_file_has_header_and_is_a_construct(path: Path) -> None:
    rule = parse_rule(path.stem, path.read_text(encoding="utf-8"))
    assert rule.title and rule.description
    assert "CONSTRUCT" in rule.sparql
    # a rule must not re-derive what is there: it runs to a fixpoint
    assert "FILTER NOT EXISTS" in rule.sparql


def test_reason_rules_include_ontology_and_files() -> None:
    names = [r.name for r in all_rules()]
    assert names[:2] == ["subclass", "symmetric"]
    assert {r.name for r in load_rule_files(RULES_DIR)} <= set(names)


def test_reason_rule_without_title_is_refused() -> None:
    with pytest.raises(InputError, match="title"):
        parse_rule("bad", "# description: nothing\nCONSTRUCT {} WHERE {}")


def test_reason_select_rule_is_refused() -> None:
    rule = parse_rule("bad", "# title: bad\nSELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(InputError, match="CONSTRUCT"):
        reason(_store("r:d a ms:Driver ."), BASE, rules=[rule])


# -- consistency with the ontology (HermiT) -------------------------------------------------

requires_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="no `java` on PATH: HermiT (owlready2's reasoner) needs Java"
)
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "motorsport.ttl"


def _hermit(data: Graph, tmp_path: Path) -> None:
    """Run HermiT over the ontology plus ``data``; raises if it is inconsistent."""
    import owlready2

    g = Graph().parse(ONTOLOGY, format="turtle")
    for triple in data:
        g.add(triple)
    path = tmp_path / "data.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """Asserted + inferred triples of the example articles, built and reasoned."""
    from kg.cli import main
    from kg.reason.validate import to_rdflib

    from .conftest import EXAMPLES

    path = tmp_path_factory.mktemp("hermit") / "store"
    assert main(["build", str(EXAMPLES), "--store", str(path), "--no-progress", "--no-validate"]) == 0
    g = Graph()
    for t in Store(path, read_only=True).graph_triples(None):
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
    return g


@pytest.mark.slow
@requires_java
def test_reason_examples_are_consistent_with_the_ontology(example_graph: Graph, tmp_path: Path) -> None:
    assert (None, MS.polePosition, None) in example_graph
    _hermit(example_graph, tmp_path)


@pytest.mark.slow
@requires_java
def test_reason_consistency_check_catches_a_team_that_is_a_driver(
    example_graph: Graph, tmp_path: Path
) -> None:
    import owlready2

    bad = Graph()
    for triple in example_graph:
        bad.add(triple)
    driver = next(iter(example_graph.subjects(RDF.type, MS.Driver)))
    bad.add((driver, RDF.type, MS.Team))
    bad.add((driver, RDF.type, OWL.NamedIndividual))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(bad, tmp_path)


@pytest.mark.slow
def test_build_reasons_only_what_it_wrote() -> None:
    from kg.config import Settings
    from kg.pipeline import build, finish_build

    from .conftest import EXAMPLES

    settings = Settings.load(env={})
    store = Store()
    first = build([EXAMPLES], store, settings)
    summary = finish_build(store, settings, first, run_validation=False)
    assert first.reasoning is not None and first.reasoning.sources == 3
    inferred = {g for g in store.named_graphs() if "/graph/inferred/" in g}
    assert len(inferred) == 3 and (summary.inferred_triples or 0) > 0
    again = build([EXAMPLES / "supercup-vorschau.txt"], store, settings, force=True)
    # reasoned as it was written: its inferred graph replaced in the same transaction
    assert again.reasoning is not None and again.reasoning.sources == 1
    assert {g for g in store.named_graphs() if "/graph/inferred/" in g} == inferred
    finish_build(store, settings, again, run_validation=False)
    assert again.reasoning is not None and again.reasoning.sources == 1  # nothing else was stale
    unreasoned = build([EXAMPLES / "supercup-vorschau.txt"], store, settings, force=True, reasoning=False)
    assert unreasoned.reasoning is None
    # without reasoning the writer drops the article's inferred graph with it: stale, not wrong
    assert {g for g in store.named_graphs() if "/graph/inferred/" in g} == inferred - {
        f"{BASE}graph/inferred/article/supercup-vorschau"
    }
    assert reason(store, BASE).sources == 1
    assert reason(store, BASE, everything=True).sources == 3
