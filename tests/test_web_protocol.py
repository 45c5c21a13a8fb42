"""The protocol fixes that the W3C-derived check (../shared/tools/sparql_protocol_check.py) asks
for, one test each: the base IRI of queries and updates, POST to the graph store, direct graph
identification, the stored default graph, and the service description saying so."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS

from kg.config import Settings
from kg.store import Store
from kg.web import create_app
from tests.test_web_app import DRIVER, fixture_store

TOKEN = "protocol-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TTL = "text/turtle"
BASE = "http://kg.example:8123"  # public_url: what IRIs are made of, never the Host header
DATA = '<https://example.org/a> <https://example.org/p> "eins" .\n'
EX = Namespace("https://example.org/")


@pytest.fixture
def store() -> Store:
    return fixture_store()


@pytest.fixture
def client(store: Store, tmp_path: Path) -> FlaskClient:
    settings = Settings.load(env={"KG_UPDATE_TOKEN": TOKEN}, public_url=BASE)
    return create_app(settings, store=store, queries_dir=tmp_path).test_client()


def _graph(data: bytes) -> Graph:
    return Graph().parse(data=data, format="turtle")


# -- base IRI -------------------------------------------------------------------------------


def test_relative_iris_in_a_query_resolve_against_the_endpoint_url(client: FlaskClient) -> None:
    r = client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": TTL, "Host": "evil.example"},
    )
    assert r.status_code == 200
    triples = list(_graph(r.data))
    assert [(str(s), str(p)) for s, p, _ in triples] == [(f"{BASE}/s", f"{BASE}/p")]


def test_a_query_base_declaration_still_wins(client: FlaskClient) -> None:
    query = "BASE <http://other.example/x/> SELECT (<s> AS ?s) {}"
    r = client.get("/sparql", query_string={"query": query})
    assert r.json["results"]["bindings"][0]["s"]["value"] == "http://other.example/x/s"


def test_relative_iris_in_an_update_resolve_against_the_endpoint_url(
    client: FlaskClient, store: Store
) -> None:
    update = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <p> <o> } }"
    r = client.post("/sparql", data={"update": update}, headers=AUTH)
    assert r.status_code == 204
    assert store.query(f"ASK {{ GRAPH <https://example.org/g> {{ ?s <{BASE}/p> <{BASE}/o> }} }}")


def test_relative_iris_in_a_general_update_resolve_too(client: FlaskClient, store: Store) -> None:
    update = f"INSERT {{ GRAPH <https://example.org/g> {{ <{DRIVER}> <mark> 1 }} }} WHERE {{}}"
    assert client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert store.query(f"ASK {{ GRAPH <https://example.org/g> {{ <{DRIVER}> <{BASE}/mark> 1 }} }}")


def test_a_relative_service_endpoint_is_checked_resolved(store: Store, tmp_path: Path) -> None:
    """The policy sees the endpoint the engine would call: resolved against the base IRI."""
    settings = Settings.load(
        env={}, public_url=BASE, allow_service=True, service_endpoints="https://allowed.example/sparql"
    )
    client = create_app(settings, store=store, queries_dir=tmp_path).test_client()
    r = client.get("/sparql", query_string={"query": "SELECT * { SERVICE <other> { ?s ?p ?o } }"})
    assert r.status_code == 400
    assert f"<{BASE}/other>" in r.get_data(as_text=True)


# -- POST to the graph store; direct identification ------------------------------------------


def test_post_to_the_graph_store_creates_a_graph_named_by_the_server(
    client: FlaskClient, store: Store
) -> None:
    r = client.post("/store", data=DATA, content_type=TTL, headers=AUTH)
    assert r.status_code == 201
    location = r.headers["Location"]
    assert location.startswith(f"{BASE}/store/")
    assert store.contains_graph(location)
    got = client.get("/store", query_string={"graph": location})
    assert (EX.a, EX.p, Literal("eins")) in _graph(got.data)
    # the new graph's IRI is its URL: direct identification finds it too
    direct = client.get(location[len(BASE) :])
    assert direct.status_code == 200
    assert len(_graph(direct.data)) == 1
    # a second POST makes another graph
    assert client.post("/store", data=DATA, content_type=TTL, headers=AUTH).headers["Location"] != location


def test_post_to_the_graph_store_needs_the_token(client: FlaskClient) -> None:
    assert client.post("/store", data=DATA, content_type=TTL).status_code == 401


def test_direct_identification_names_the_graph_by_its_url(client: FlaskClient, store: Store) -> None:
    url = "/store/person/1.ttl"
    iri = BASE + url
    assert client.get(url).status_code == 404
    assert (
        client.put(url, data="<#me> <https://example.org/p> 1 .", content_type=TTL, headers=AUTH).status_code
        == 201
    )
    assert store.contains_graph(iri)
    got = _graph(client.get(url, headers={"Accept": TTL, "Host": "evil.example"}).data)
    assert (URIRef(iri + "#me"), EX.p, Literal(1)) in got  # relative IRIs: against the graph
    assert client.put(url, data=DATA, content_type=TTL, headers=AUTH).status_code == 204
    assert (
        client.post(
            url, data="<https://example.org/b> <https://example.org/p> 2 .", content_type=TTL, headers=AUTH
        ).status_code
        == 204
    )
    assert len(_graph(client.get(url).data)) == 2
    head = client.head(url)
    assert head.status_code == 200
    assert head.data == b""
    assert client.delete(url, headers=AUTH).status_code == 204
    assert not store.contains_graph(iri)
    assert client.get(url).status_code == 404
    assert client.delete(url, headers=AUTH).status_code == 404


def test_direct_identification_takes_no_graph_parameter(client: FlaskClient) -> None:
    assert (
        client.get("/store/person/1.ttl", query_string={"graph": "https://example.org/g"}).status_code == 400
    )


def test_direct_writes_need_the_token(client: FlaskClient) -> None:
    assert client.put("/store/x", data=DATA, content_type=TTL).status_code == 401


# -- the stored default graph -----------------------------------------------------------------


def test_put_default_then_get_default_gives_back_what_was_put(client: FlaskClient, store: Store) -> None:
    assert len(_graph(client.get("/store?default").data)) == 0  # nothing was written there
    assert client.put("/store?default", data=DATA, content_type=TTL, headers=AUTH).status_code == 204
    got = _graph(client.get("/store?default").data)
    assert set(got) == {(EX.a, EX.p, Literal("eins"))}
    # queries still see the union: the articles and what was written to the default graph
    assert store.query(f"ASK {{ <{DRIVER}> ?p ?o . <https://example.org/a> ?q ?v }}")
    assert client.delete("/store?default", headers=AUTH).status_code == 204
    assert len(_graph(client.get("/store?default").data)) == 0


# -- the service description ------------------------------------------------------------------


def test_service_description_documents_the_graph_store(client: FlaskClient) -> None:
    g = _graph(client.get("/sparql", headers={"Accept": TTL}).data)
    assert (None, RDFS.seeAlso, URIRef(f"{BASE}/store")) in g
    notes = [str(o) for o in g.objects(None, RDFS.comment)]
    assert any("direct graph identification" in n and f"{BASE}/store/<path>" in n for n in notes)


# -- the store, embedded and a SPARQL server ----------------------------------------------------


def test_store_resolves_relative_iris_against_a_base(any_store: Store) -> None:
    base = "http://kg.example/sparql"
    any_store.update("INSERT DATA { GRAPH <https://example.org/g> { <s> <p> <o> } }", base_iri=base)
    row = next(iter(any_store.select("SELECT ?o { <s> <p> ?o }", base_iri=base)))
    assert row["o"].value == "http://kg.example/o"  # type: ignore[union-attr]
    any_store.update("DELETE { GRAPH ?g { <s> <p> ?o } } WHERE { GRAPH ?g { <s> <p> ?o } }", base_iri=base)
    assert not any_store.query("ASK { <http://kg.example/s> ?p ?o }")
