from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import QueryError, StoreError
from kg.store import Store
from kg.vocab import MS

G1 = URIRef("https://w3id.org/mskg/resource/article/a1")
G2 = URIRef("https://w3id.org/mskg/resource/article/a2")
D = URIRef("https://w3id.org/mskg/resource/driver/anna-vogel")


def _graph(name: URIRef, *labels: str) -> Graph:
    g = Graph(identifier=name)
    g.add((name, RDF.type, MS.Article))
    for label in labels:
        g.add((D, MS.carNumber, Literal(label)))
    return g


def _count(store: Store, sparql: str) -> int:
    return int(next(iter(store.query(sparql)))["n"].value)


def test_replace_graph_replaces_instead_of_duplicating(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "1", "2"))
    store.replace_graph(_graph(G1, "3"))
    numbers = {row["n"].value for row in store.query(f"SELECT ?n {{ <{D}> {MS.carNumber.n3()} ?n }}")}
    assert numbers == {"3"}
    assert len(store) == 2


def test_default_graph_is_the_union_of_article_graphs(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "1"))
    store.replace_graph(_graph(G2, "2"))
    assert _count(store, f"SELECT (COUNT(*) AS ?n) {{ ?a a {MS.Article.n3()} }}") == 2
    assert set(store.named_graphs()) == {str(G1), str(G2)}


def test_query_dataset_can_be_restricted_to_given_graphs(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "1"))
    store.replace_graph(_graph(G2, "2"))
    q = f"SELECT (COUNT(*) AS ?n) {{ ?a a {MS.Article.n3()} }}"
    assert int(next(iter(store.query(q, default_graph_uris=[str(G1)])))["n"].value) == 1
    named = f"SELECT (COUNT(*) AS ?n) {{ GRAPH ?g {{ ?a a {MS.Article.n3()} }} }}"
    assert int(next(iter(store.query(named, named_graph_uris=[str(G2)])))["n"].value) == 1


def test_query_binds_substitutions(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "7"))
    rows = list(store.query(f"SELECT ?d ?n {{ ?d {MS.carNumber.n3()} ?n }}", substitutions={"d": D}))
    assert [r["n"].value for r in rows] == ["7"]
    other = URIRef("https://w3id.org/mskg/resource/driver/other")
    assert (
        list(store.query(f"SELECT ?d ?n {{ ?d {MS.carNumber.n3()} ?n }}", substitutions={"d": other})) == []
    )


def test_malformed_query_raises_query_error(any_store: Store) -> None:
    with pytest.raises(QueryError, match="malformed"):
        any_store.query("SELECT WHERE {")


def test_store_persists_on_disk(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.replace_graph(_graph(G1, "1"))
    store.flush()
    del store
    reopened = Store(tmp_path / "s", read_only=True)
    assert len(reopened) == 2


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "nothing", read_only=True)


def test_union_default_graph_counts_a_shared_triple_once(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    store.replace_graph(_graph(G2, "5"))
    assert _count(store, f"SELECT (COUNT(*) AS ?n) {{ <{D}> {MS.carNumber.n3()} ?x }}") == 1
    assert len(store) == 3


def test_replacing_a_graph_keeps_triples_another_graph_still_holds(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5", "6"))
    store.replace_graph(_graph(G2, "5"))
    store.replace_graph(_graph(G1))
    numbers = {row["n"].value for row in store.query(f"SELECT ?n {{ <{D}> {MS.carNumber.n3()} ?n }}")}
    assert numbers == {"5"}
    assert store.remove_graph(str(G2)) is True
    assert store.remove_graph(str(G2)) is False
    assert _count(store, f"SELECT (COUNT(*) AS ?n) {{ <{D}> ?p ?x }}") == 0


def test_update_keeps_the_union_and_default_graph_writes(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <{D}> {MS.carNumber.n3()} '9' }} }}")
    store.update(f"INSERT DATA {{ <{D}> {MS.carNumber.n3()} '11' }}")
    numbers = {row["n"].value for row in store.query(f"SELECT ?n {{ <{D}> {MS.carNumber.n3()} ?n }}")}
    assert numbers == {"5", "9", "11"}
    store.update(f"DELETE DATA {{ GRAPH <{G2}> {{ <{D}> {MS.carNumber.n3()} '9' }} }}")
    numbers = {row["n"].value for row in store.query(f"SELECT ?n {{ <{D}> {MS.carNumber.n3()} ?n }}")}
    assert numbers == {"5", "11"}


def test_malformed_update_raises_query_error(any_store: Store) -> None:
    with pytest.raises(QueryError, match="malformed SPARQL update|refused"):
        any_store.update("INSERT NOTHING")


def test_contains_graph_tells_existing_named_graphs(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "1"))
    assert store.contains_graph(str(G1))
    assert not store.contains_graph(str(G2))


@pytest.mark.parametrize(("name", "expected"), [(str(G1), 2), (str(G2), 2), (None, 3), ("urn:x:none", 0)])
def test_graph_triples_reads_one_graph_or_the_union(
    name: str | None, expected: int, any_store: Store
) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "1"))
    store.replace_graph(_graph(G2, "1"))  # the shared triple is once in the union
    triples = list(store.graph_triples(name))
    assert len(triples) == expected
    assert len(set(triples)) == expected


def test_update_accepts_a_prefix_prologue_and_a_trailing_semicolon(any_store: Store) -> None:
    store = any_store
    store.update(f"PREFIX ms: <{MS._NS}>\nINSERT DATA {{ GRAPH <{G1}> {{ <{D}> ms:carNumber '4' }} }} ;")
    assert _count(store, f"SELECT (COUNT(*) AS ?n) {{ <{D}> {MS.carNumber.n3()} '4' }}") == 1
    assert not store.contains_graph("urn:x-kg:graph:before-update")


def test_failed_update_leaves_no_snapshot_behind(any_store: Store) -> None:
    store = any_store
    with pytest.raises(QueryError):
        store.update("PREFIX ms: <x:> INSERT NOTHING")
    assert not store.contains_graph("urn:x-kg:graph:before-update")


def test_encode_graph_writes_every_term_as_converted_alone() -> None:
    from rdflib import BNode
    from rdflib.namespace import XSD

    from kg.store.oxigraph import encode_graph, to_oxigraph

    g = Graph(identifier=URIRef("https://example.org/graph/a"))
    s, blank = URIRef("https://example.org/s"), BNode("b1")
    g.add((s, MS.carNumber, Literal("7", datatype=XSD.integer)))
    g.add((s, MS.position, Literal("7")))  # same text, other term
    g.add((s, RDF.type, MS.Driver))
    g.add((s, RDFS.label, Literal("Østergaard", lang="de")))
    g.add((blank, RDFS.label, Literal("https://example.org/s")))  # a literal that reads like the IRI
    encoded = encode_graph(g)
    expected = {f"{to_oxigraph(a)} {to_oxigraph(b)} {to_oxigraph(c)}" for a, b, c in g}
    assert set(encoded.body.split(" .\n")) == expected
    assert encoded.triples == 5


def test_the_union_default_graph_holds_the_graphs_own_blank_nodes(any_store: Store) -> None:
    from rdflib import BNode

    g = Graph(identifier=URIRef("https://example.org/graph/b"))
    g.add((BNode("x"), RDFS.label, Literal("Startnummer")))
    store = any_store
    store.replace_graph(g)
    rows = store.select(
        "SELECT (COUNT(DISTINCT ?b) AS ?n) "
        "WHERE { { ?b ?p ?o } UNION { GRAPH ?g { ?b ?p ?o } } FILTER isBlank(?b) }"
    )
    assert [int(row["n"].value) for row in rows] == [1]


# -- the union's upkeep costs what an update touches --------------------------------------


def _numbers(store: Store) -> set[str]:
    return {row["n"].value for row in store.query(f"SELECT ?n {{ <{D}> {MS.carNumber.n3()} ?n }}")}


def test_tiny_updates_take_the_fast_path(any_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    with caplog.at_level("INFO", logger="kg.store"):
        store.update(f"INSERT DATA {{ <{D}> {MS.carNumber.n3()} '12' }}")
        store.update(f"DROP SILENT GRAPH <{G2}> ; CREATE GRAPH <{G2}> ; CLEAR DEFAULT")
    assert "general path" not in caplog.text
    with caplog.at_level("INFO", logger="kg.store"):
        store.update("DELETE { ?s ?p '5' } WHERE { ?s ?p '5' }")
    assert "general path" in caplog.text


def test_deleting_a_shared_triple_from_one_graph_keeps_it_in_the_union(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    store.replace_graph(_graph(G2, "5"))
    store.update(f"DELETE DATA {{ GRAPH <{G1}> {{ <{D}> {MS.carNumber.n3()} '5' }} }}")
    assert _numbers(store) == {"5"}
    assert _count(store, f"SELECT (COUNT(*) AS ?n) {{ <{D}> {MS.carNumber.n3()} ?x }}") == 1
    store.update(f"DELETE DATA {{ GRAPH <{G2}> {{ <{D}> {MS.carNumber.n3()} '5' }} }}")
    assert _numbers(store) == set()


def test_dropping_a_graph_by_update_keeps_what_another_graph_states(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5", "6"))
    store.replace_graph(_graph(G2, "5"))
    store.update(f"DROP GRAPH <{G1}>")
    assert _numbers(store) == {"5"}
    assert not store.contains_graph(str(G1))
    with pytest.raises((QueryError, StoreError)):
        store.update(f"DROP GRAPH <{G1}>")  # not SILENT: the graph is gone, an error


def test_a_default_graph_write_survives_replacing_an_article_that_states_it(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    store.update(f"INSERT DATA {{ <{D}> {MS.carNumber.n3()} '5' }}")  # also stated by the client
    store.replace_graph(_graph(G1))
    assert _numbers(store) == {"5"}
    store.update(f"DELETE DATA {{ <{D}> {MS.carNumber.n3()} '5' }}")
    assert _numbers(store) == set()
    store.replace_graph(_graph(G1, "7"))
    store.update(f"DELETE DATA {{ <{D}> {MS.carNumber.n3()} '7' }}")  # an article's triple stays
    assert _numbers(store) == {"7"}


def test_clear_default_leaves_the_union_of_the_named_graphs(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    store.update(f"INSERT DATA {{ <{D}> {MS.carNumber.n3()} '8' . <{D}> {MS.carNumber.n3()} '5' }}")
    store.update("CLEAR DEFAULT")
    assert _numbers(store) == {"5"}


def test_insert_data_blank_nodes_are_one_node_in_graph_and_union(any_store: Store) -> None:
    store = any_store
    store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ _:b <{RDFS.label}> 'x' . _:b <{RDFS.comment}> 'y' }} }}")
    rows = store.select(
        f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b <{RDFS.label}> 'x' ; <{RDFS.comment}> 'y' }}"
    )
    assert [int(r["n"].value) for r in rows] == [1]
    assert store.count("?s ?p ?o") == 2


def test_replace_graphs_writes_a_batch_and_its_removals_in_one_transaction(any_store: Store) -> None:
    from kg.store import encode_graph

    store = any_store
    store.replace_graph(_graph(G2, "9"))
    written = store.replace_graphs([encode_graph(_graph(G1, "5")), _graph(G2, "6")], remove=["urn:x:none"])
    assert written == 4
    assert _numbers(store) == {"5", "6"}
    store.replace_graphs([_graph(G1, "7")], remove=[str(G2)])
    assert _numbers(store) == {"7"} and not store.contains_graph(str(G2))


def test_a_general_update_keeps_the_union_too(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5"))
    store.replace_graph(_graph(G2, "5", "6"))
    store.update("DELETE { GRAPH ?g { ?s ?p '6' } } WHERE { GRAPH ?g { ?s ?p '6' } }")
    store.update(f"INSERT {{ ?s {MS.carNumber.n3()} '10' }} WHERE {{ ?s {MS.carNumber.n3()} '5' }}")
    assert _numbers(store) == {"5", "10"}
    assert not store.contains_graph("urn:x-kg:graph:before-update")


def test_replacing_a_graph_by_itself_or_a_changed_version_keeps_the_union(any_store: Store) -> None:
    store = any_store
    store.replace_graph(_graph(G1, "5", "6"))
    store.replace_graph(_graph(G2, "6"))
    store.replace_graph(_graph(G1, "5", "6"))  # the same again
    assert _numbers(store) == {"5", "6"} and len(list(store.graph_triples(str(G1)))) == 3
    store.replace_graph(_graph(G1, "6", "7"))
    assert _numbers(store) == {"6", "7"}
    assert {
        t.object.value for t in store.graph_triples(str(G1)) if t.predicate.value == str(MS.carNumber)
    } == {
        "6",
        "7",
    }
    store.replace_graph(Graph(identifier=G1))  # emptied, still there
    assert store.contains_graph(str(G1)) and _numbers(store) == {"6"}
