"""SPARQL 1.1 Update at ``/sparql`` with ``using-graph-uri`` / ``using-named-graph-uri``
(SPARQL 1.1 Protocol §2.2.3): the parameters set the dataset of every DELETE/INSERT … WHERE,
written into the update as USING clauses by a lexer that skips strings, IRIs and comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef

from kg.config import Settings
from kg.errors import QueryError
from kg.query.lexer import keywords
from kg.store import Store
from kg.web import create_app
from kg.web.execute import with_using

TOKEN = "update-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EX = Namespace("http://ex/")
A = "https://example.org/graph/a"
B = "https://example.org/graph/b"
OUT = "https://example.org/graph/out"
# copies every ?s <http://ex/p> ?o the WHERE sees into OUT as ?s <http://ex/found> ?o
COPY = f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> ?o }} }} WHERE {{ ?s <http://ex/p> ?o }}"


@pytest.fixture
def store() -> Store:
    s = Store()
    a = Graph(identifier=URIRef(A))
    a.add((EX.s1, EX.p, Literal("only-in-a")))
    b = Graph(identifier=URIRef(B))
    b.add((EX.s2, EX.p, Literal("only-in-b")))
    s.replace_graph(a)
    s.replace_graph(b)
    return s


@pytest.fixture
def client(store: Store, tmp_path: Path) -> FlaskClient:
    app = create_app(Settings.load(env={"KG_UPDATE_TOKEN": TOKEN}), store=store, queries_dir=tmp_path)
    return app.test_client()


def _update(client: FlaskClient, update: str, *, as_form: bool = True, **params: str | list[str]):  # type: ignore[no-untyped-def]
    if as_form:
        return client.post("/sparql", data={"update": update, **params}, headers=AUTH)
    return client.post(
        "/sparql",
        data=update,
        query_string=params,
        content_type="application/sparql-update",
        headers=AUTH,
    )


def _found(store: Store, graph: str = OUT, predicate: str = "found") -> set[str]:
    """The subjects' local names of ``?s ex:<predicate> ?o`` in ``graph``."""
    rows = store.query(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s <{EX[predicate]}> ?o }} }}")
    return {row["s"].value.removeprefix(str(EX)) for row in rows}  # type: ignore[index]


def _quads(store: Store) -> set[str]:
    return {str(q) for q in store._store}


# -- the dataset the parameters describe ------------------------------------------------------


def test_without_parameters_the_where_sees_the_union(client: FlaskClient, store: Store) -> None:
    assert _update(client, COPY).status_code == 204
    assert _found(store) == {"s1", "s2"}


@pytest.mark.parametrize("as_form", [True, False])
@pytest.mark.parametrize(("graphs", "expected"), [([A], {"s1"}), ([B], {"s2"}), ([A, B], {"s1", "s2"})])
def test_using_graph_uri_is_the_default_graph_of_the_where(
    client: FlaskClient, store: Store, as_form: bool, graphs: list[str], expected: set[str]
) -> None:
    r = _update(client, COPY, as_form=as_form, **{"using-graph-uri": graphs})
    assert r.status_code == 204, r.get_data(as_text=True)
    assert _found(store) == expected


def test_using_graph_uri_of_a_graph_without_matches_changes_nothing(
    client: FlaskClient, store: Store
) -> None:
    delete = f"DELETE {{ GRAPH <{A}> {{ ?s <http://ex/p> ?o }} }} WHERE {{ ?s <http://ex/p> ?o }}"
    assert _update(client, delete, **{"using-graph-uri": B}).status_code == 204
    assert _found(store, A, "p") == {"s1"}  # the WHERE only looked at B
    assert _update(client, delete, **{"using-graph-uri": A}).status_code == 204
    assert _found(store, A, "p") == set()


def test_using_named_graph_uri_is_what_graph_sees(client: FlaskClient, store: Store) -> None:
    update = (
        f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> ?g }} }} "
        "WHERE { GRAPH ?g { ?s <http://ex/p> ?o } }"
    )
    assert _update(client, update, **{"using-named-graph-uri": A}).status_code == 204
    rows = store.query(f"SELECT ?s ?g WHERE {{ GRAPH <{OUT}> {{ ?s <{EX.found}> ?g }} }}")
    assert {(r["s"].value, r["g"].value) for r in rows} == {(str(EX.s1), A)}  # type: ignore[index]


def test_using_named_graph_uri_alone_leaves_the_default_graph_empty(
    client: FlaskClient, store: Store
) -> None:
    assert _update(client, COPY, **{"using-named-graph-uri": A}).status_code == 204
    assert _found(store) == set()


def test_using_graph_uri_and_named_graph_uri_together(client: FlaskClient, store: Store) -> None:
    update = (
        f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> ?o . ?t <http://ex/named> ?g }} }} "
        "WHERE { ?s <http://ex/p> ?o . GRAPH ?g { ?t <http://ex/p> ?x } }"
    )
    r = _update(client, update, **{"using-graph-uri": A, "using-named-graph-uri": B})
    assert r.status_code == 204
    assert _found(store) == {"s1"}
    assert _found(store, OUT, "named") == {"s2"}


def test_every_operation_gets_the_dataset(client: FlaskClient, store: Store) -> None:
    update = (
        f'INSERT DATA {{ GRAPH <{OUT}> {{ <http://ex/marker> <http://ex/note> "WHERE" }} }} ;\n'
        f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> ?o }} }} WHERE {{ ?s <http://ex/p> ?o }} ;\n"
        f"DELETE {{ }} INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/seen> true }} }} "
        "WHERE { ?s <http://ex/p> ?o }"
    )
    assert _update(client, update, **{"using-graph-uri": B}).status_code == 204
    assert _found(store) == {"s2"}
    assert _found(store, OUT, "seen") == {"s2"}
    assert _found(store, OUT, "note") == {"marker"}


def test_where_in_strings_comments_and_names_is_not_touched(client: FlaskClient, store: Store) -> None:
    update = (
        f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> ?o ; <http://ex/note> 'WHERE {{ USING }}', "
        '"""WITH\nWHERE { }""", "x"@with, <http://ex/WHERE> } } '
        "# WHERE { USING <http://ex/x> } WITH\n"
        "WHERE { ?s <http://ex/p> ?o BIND(?o AS ?where) }"
    )
    r = _update(client, update, **{"using-graph-uri": A})
    assert r.status_code == 204, r.get_data(as_text=True)
    assert _found(store) == {"s1"}
    notes = store.query(f"SELECT ?n WHERE {{ GRAPH <{OUT}> {{ ?s <{EX.note}> ?n }} }}")
    values = {row["n"].value for row in notes}  # type: ignore[index]
    assert values == {
        "WHERE { USING }",
        "WITH\nWHERE { }",
        "x",
        "http://ex/WHERE",
    }


def test_subquery_where_gets_no_using(client: FlaskClient, store: Store) -> None:
    update = (
        f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> true }} }} "
        "WHERE { { SELECT ?s WHERE { ?s <http://ex/p> ?o } } }"
    )
    assert _update(client, update, **{"using-graph-uri": B}).status_code == 204
    assert _found(store) == {"s2"}


# -- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("update", "word"),
    [
        (f"INSERT {{ GRAPH <{OUT}> {{ ?s ?p ?o }} }} USING <{A}> WHERE {{ ?s ?p ?o }}", "USING"),
        (
            f"INSERT {{ GRAPH <{OUT}> {{ ?s ?p ?o }} }} using named <{A}> "
            "WHERE { GRAPH ?g { ?s ?p ?o } }",
            "USING",
        ),
        (f"WITH <{A}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", "WITH"),
        (
            f"INSERT DATA {{ <{EX.a}> <{EX.b}> 1 }} ;\nwith <{A}> INSERT {{ ?s ?p 2 }} WHERE {{ ?s ?p 1 }}",
            "WITH",
        ),
    ],
)
@pytest.mark.parametrize("param", ["using-graph-uri", "using-named-graph-uri"])
def test_own_using_or_with_is_400(
    client: FlaskClient, store: Store, update: str, word: str, param: str
) -> None:
    before = _quads(store)
    r = _update(client, update, **{param: B})
    assert r.status_code == 400
    assert word in r.get_data(as_text=True)
    assert _quads(store) == before


def test_own_using_without_parameters_is_fine(client: FlaskClient, store: Store) -> None:
    update = (
        f"INSERT {{ GRAPH <{OUT}> {{ ?s <http://ex/found> ?o }} }} USING <{B}> "
        "WHERE { ?s <http://ex/p> ?o }"
    )
    assert _update(client, update).status_code == 204
    assert _found(store) == {"s2"}


@pytest.mark.parametrize(
    "update",
    [
        "DELETE WHERE { ?s <http://ex/p> ?o }",
        "delete # the short form\n  where { ?s <http://ex/p> ?o }",
        f"INSERT DATA {{ <{EX.a}> <{EX.b}> 1 }} ; DELETE WHERE {{ ?s <{EX.b}> 1 }}",
    ],
)
def test_delete_where_short_form_is_400(client: FlaskClient, store: Store, update: str) -> None:
    before = _quads(store)
    r = _update(client, update, **{"using-graph-uri": A})
    assert r.status_code == 400
    assert "DELETE WHERE" in r.get_data(as_text=True)
    assert _quads(store) == before


@pytest.mark.parametrize(
    "iri",
    [
        "graph/a",
        "",
        f"{A}> WHERE {{ }} ; DROP ALL ; INSERT {{ <urn:x> <urn:y> <urn:z> }} ",
        "https://example.org/a b",
        'https://example.org/"a"',
        "https://example.org/a\n",
    ],
)
@pytest.mark.parametrize("param", ["using-graph-uri", "using-named-graph-uri"])
def test_bad_iri_is_400_and_writes_nothing(client: FlaskClient, store: Store, iri: str, param: str) -> None:
    before = _quads(store)
    r = _update(client, COPY, **{param: iri})
    assert r.status_code == 400
    assert "not an IRI" in r.get_data(as_text=True)
    assert _quads(store) == before


def test_using_parameters_still_need_the_token(store: Store, tmp_path: Path) -> None:
    client = create_app(Settings.load(env={}), store=store, queries_dir=tmp_path).test_client()
    r = client.post("/sparql", data={"update": COPY, "using-graph-uri": A}, headers=AUTH)
    assert r.status_code == 403


# -- the rewrite itself -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> 'WHERE' }",
        "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
        "CLEAR GRAPH <urn:a> ; DROP SILENT GRAPH <urn:b> ; CREATE GRAPH <urn:c>",
        "LOAD <http://ex/data.ttl> INTO GRAPH <urn:a>",
        "ADD <urn:a> TO <urn:b> ; MOVE DEFAULT TO <urn:c> ; COPY <urn:c> TO DEFAULT",
    ],
)
def test_operations_without_where_are_unchanged(update: str) -> None:
    assert with_using(update, [A], [B]) == update


USING = f"USING <{A}> USING NAMED <{B}> "


def test_using_goes_before_each_top_level_where() -> None:
    update = (
        "PREFIX ex: <http://ex/>\n"
        "INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o { SELECT ?s WHERE { ?s ?p ?x } } } ;\n"
        "INSERT DATA { ex:a ex:b ex:c } ;\n"
        "DELETE { ?s ex:q ?o }WHERE{ ?s ex:q ?o }"
    )
    expected = (
        "PREFIX ex: <http://ex/>\n"
        f"INSERT {{ ?s ex:q ?o }} {USING}WHERE {{ ?s ex:p ?o {{ SELECT ?s WHERE {{ ?s ?p ?x }} }} }} ;\n"
        "INSERT DATA { ex:a ex:b ex:c } ;\n"
        f"DELETE {{ ?s ex:q ?o }}{USING}WHERE{{ ?s ex:q ?o }}"
    )
    assert with_using(update, [A], [B]) == expected


def test_rewrite_refuses_own_dataset_clauses() -> None:
    with pytest.raises(QueryError, match="USING"):
        with_using("INSERT { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }", [A], [])
    with pytest.raises(QueryError, match="WITH"):
        with_using("WITH <urn:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", [], [B])
    with pytest.raises(QueryError, match="DELETE WHERE"):
        with_using("DELETE WHERE { ?s ?p ?o }", [A], [])


def test_lexer_skips_everything_that_is_not_a_keyword() -> None:
    sparql = (
        "PREFIX where: <urn:where:>\n"
        "SELECT ?where $with WHERE { ?s where:p 'WHERE }', \"\"\"USING\n}\"\"\", '''with ''' , "
        '"a\\"WHERE"@using, _:where, where:, :with, ex:WHERE, where:a\\\'b, 1e10 } # WITH {\n'
    )
    words = [word for word, _, _ in keywords(sparql)]
    assert words == ["PREFIX", "SELECT", "WHERE", "{", "}"]
    depths = [(word, depth) for word, _, depth in keywords("INSERT { GRAPH <g> { } } WHERE { }")]
    assert depths == [
        ("INSERT", 0),
        ("{", 0),
        ("GRAPH", 1),
        ("{", 1),
        ("}", 1),
        ("}", 0),
        ("WHERE", 0),
        ("{", 0),
        ("}", 0),
    ]
