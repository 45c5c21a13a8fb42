"""The Graph Store HTTP Protocol at ``/store``, in-process (Flask test client)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, URIRef

from kg.config import Settings
from kg.formats import GRAPH_FORMATS, RESULTS_FORMATS
from kg.store import Store
from kg.web import create_app
from tests.test_web_app import ARTICLE, ARTICLE2, DRIVER, OTHER, fixture_store

TOKEN = "gsp-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW = "https://example.org/graph/new"
TTL = "text/turtle"
DATA = '<https://example.org/a> <https://example.org/p> "eins"@de .\n'
MORE = "<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n"


@pytest.fixture
def store() -> Store:
    return fixture_store()


@pytest.fixture
def client(store: Store, tmp_path: Path) -> FlaskClient:
    app = create_app(Settings.load(env={"KG_UPDATE_TOKEN": TOKEN}), store=store, queries_dir=tmp_path)
    return app.test_client()


@pytest.fixture
def read_only(store: Store, tmp_path: Path) -> FlaskClient:
    return create_app(Settings.load(env={}), store=store, queries_dir=tmp_path).test_client()


def _graph(data: bytes, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=data, format=fmt)


def _ask(store: Store, pattern: str) -> bool:
    return bool(store.query(f"ASK {{ {pattern} }}"))


# -- GET / HEAD -----------------------------------------------------------------------------


def test_graphstore_get_named_graph_as_turtle_by_default(read_only: FlaskClient) -> None:
    r = read_only.get("/store", query_string={"graph": str(ARTICLE2)})
    assert r.status_code == 200
    assert r.mimetype == TTL
    assert len(_graph(r.data)) == 3
    assert (OTHER, None, None) in _graph(r.data)


@pytest.mark.parametrize(
    ("accept", "mimetype", "rdflib_format"),
    [
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json; charset=utf-8", "application/ld+json", "json-ld"),
        ("text/turtle;q=0.1, application/n-triples;q=0.9", "application/n-triples", "nt"),
    ],
)
def test_graphstore_get_negotiates_graph_formats(
    read_only: FlaskClient, accept: str, mimetype: str, rdflib_format: str
) -> None:
    r = read_only.get("/store", query_string={"graph": str(ARTICLE2)}, headers={"Accept": accept})
    assert r.mimetype == mimetype
    assert len(_graph(r.data, rdflib_format)) == 3


def test_graphstore_get_default_is_the_stored_default_graph(read_only: FlaskClient, store: Store) -> None:
    """What was written to the default graph (nothing here), not the union queries see."""
    r = read_only.get("/store?default")
    assert r.status_code == 200
    assert len(store) > 0
    assert len(_graph(r.data)) == 0


@pytest.mark.parametrize(("accept", "fmt"), [(None, "nquads"), ("application/trig", "trig")])
def test_graphstore_get_without_graph_is_the_dataset(
    read_only: FlaskClient, accept: str | None, fmt: str
) -> None:
    r = read_only.get("/store", headers={"Accept": accept} if accept else {})
    ds = Dataset()
    ds.parse(data=r.data, format=fmt)
    names = {g.identifier for g in ds.graphs()}
    assert {ARTICLE, ARTICLE2} <= names


def test_graphstore_get_unacceptable_is_406(read_only: FlaskClient) -> None:
    assert read_only.get("/store?default", headers={"Accept": "image/png"}).status_code == 406
    assert read_only.get("/store", headers={"Accept": "text/turtle"}).status_code == 406


def test_graphstore_head_has_headers_without_body(read_only: FlaskClient) -> None:
    r = read_only.head("/store", query_string={"graph": str(ARTICLE)})
    assert r.status_code == 200
    assert r.mimetype == TTL
    assert r.data == b""
    assert read_only.head("/store", query_string={"graph": NEW}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [{"graph": "relative/graph"}, {"graph": "not an iri"}, {"graph": str(ARTICLE), "default": ""}],
)
def test_graphstore_bad_graph_parameter_is_400(read_only: FlaskClient, query: dict[str, str]) -> None:
    assert read_only.get("/store", query_string=query).status_code == 400


def test_graphstore_get_missing_graph_is_404(read_only: FlaskClient) -> None:
    assert read_only.get("/store", query_string={"graph": NEW}).status_code == 404


# -- writes need the token --------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_graphstore_writes_refused_when_read_only(read_only: FlaskClient, method: str) -> None:
    r = read_only.open("/store", method=method, query_string={"graph": NEW}, data=DATA, content_type=TTL)
    assert r.status_code == 403


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}"])
def test_graphstore_writes_need_the_bearer_token(client: FlaskClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    r = client.put("/store", query_string={"graph": NEW}, data=DATA, content_type=TTL, headers=headers)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


# -- PUT / POST / DELETE on a named graph -------------------------------------------------


def test_graphstore_put_creates_then_replaces(client: FlaskClient, store: Store) -> None:
    r = client.put("/store", query_string={"graph": NEW}, data=DATA, content_type=TTL, headers=AUTH)
    assert r.status_code == 201
    assert r.data == b""
    r = client.put("/store", query_string={"graph": NEW}, data=MORE, content_type=TTL, headers=AUTH)
    assert r.status_code == 204
    got = _graph(client.get("/store", query_string={"graph": NEW}).data)
    assert len(got) == 1
    assert (
        URIRef("https://example.org/a"),
        URIRef("https://example.org/p"),
        URIRef("https://example.org/b"),
    ) in got
    # the union default graph follows
    assert _ask(store, "<https://example.org/a> <https://example.org/p> <https://example.org/b>")
    assert not _ask(store, '<https://example.org/a> <https://example.org/p> "eins"@de')


def test_graphstore_post_merges(client: FlaskClient) -> None:
    assert (
        client.post(
            "/store", query_string={"graph": NEW}, data=DATA, content_type=TTL, headers=AUTH
        ).status_code
        == 201
    )
    r = client.post(
        "/store", query_string={"graph": NEW}, data=MORE, content_type="application/n-triples", headers=AUTH
    )
    assert r.status_code == 204
    assert len(_graph(client.get("/store", query_string={"graph": NEW}).data)) == 2


def test_graphstore_post_multipart_merges_every_file(client: FlaskClient) -> None:
    data = {
        "a": (io.BytesIO(DATA.encode()), "a.ttl", TTL),
        "b": (io.BytesIO(MORE.encode()), "b.nt", "application/octet-stream"),
    }
    r = client.post(
        "/store", query_string={"graph": NEW}, data=data, content_type="multipart/form-data", headers=AUTH
    )
    assert r.status_code == 201
    assert len(_graph(client.get("/store", query_string={"graph": NEW}).data)) == 2


def test_graphstore_relative_iris_resolve_against_the_graph(client: FlaskClient) -> None:
    body = '<#me> <https://example.org/p> "x" .'
    client.put("/store", query_string={"graph": NEW}, data=body, content_type=TTL, headers=AUTH)
    got = _graph(client.get("/store", query_string={"graph": NEW}).data)
    assert (URIRef(NEW + "#me"), None, None) in got


def test_graphstore_delete_drops_graph_and_its_union_triples(client: FlaskClient, store: Store) -> None:
    assert _ask(store, f"<{OTHER}> ?p ?o")
    assert client.delete("/store", query_string={"graph": str(ARTICLE2)}, headers=AUTH).status_code == 204
    assert not store.contains_graph(str(ARTICLE2))
    assert not _ask(store, f"<{OTHER}> ?p ?o")
    assert _ask(store, f"<{DRIVER}> ?p ?o")
    assert client.delete("/store", query_string={"graph": str(ARTICLE2)}, headers=AUTH).status_code == 404


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("<a> <b> .", TTL, 400),
        ("not turtle at all {", TTL, 400),
        ('{"@id": ', "application/ld+json", 400),
        (DATA, "application/x-unknown", 415),
        (DATA, "", 415),
        ("<urn:g> { <urn:a> <urn:b> <urn:c> }", "application/trig", 415),
    ],
)
def test_graphstore_bad_payload_is_refused(
    client: FlaskClient, store: Store, body: str, content_type: str, status: int
) -> None:
    before = len(store)
    r = client.put("/store", query_string={"graph": NEW}, data=body, content_type=content_type, headers=AUTH)
    assert r.status_code == status
    assert r.mimetype == "text/plain"
    assert not store.contains_graph(NEW)
    assert len(store) == before


def test_graphstore_write_without_target_is_400(client: FlaskClient) -> None:
    assert client.put("/store", data=DATA, content_type=TTL, headers=AUTH).status_code == 400


# -- the derived default graph --------------------------------------------------------------


def test_graphstore_default_writes_keep_the_union(client: FlaskClient, store: Store) -> None:
    named = set(store.named_graphs())
    r = client.post("/store?default", data=DATA, content_type=TTL, headers=AUTH)
    assert r.status_code == 204
    assert _ask(store, '<https://example.org/a> <https://example.org/p> "eins"@de')
    assert set(store.named_graphs()) == named | {Store.default_writes.value}
    # PUT replaces what was written to the default graph; article graphs keep theirs
    assert client.put("/store?default", data=MORE, content_type=TTL, headers=AUTH).status_code == 204
    assert not _ask(store, '<https://example.org/a> <https://example.org/p> "eins"@de')
    assert _ask(store, "<https://example.org/a> <https://example.org/p> <https://example.org/b>")
    assert _ask(store, f"<{DRIVER}> ?p ?o")
    # DELETE empties the default writes; the union is the article graphs again
    assert client.delete("/store?default", headers=AUTH).status_code == 204
    assert not _ask(store, "<https://example.org/a> ?p ?o")
    assert _ask(store, f"<{DRIVER}> ?p ?o")
    assert _ask(store, f"<{OTHER}> ?p ?o")


# -- the service description ------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


def _description(client: FlaskClient) -> Graph:
    return _graph(client.get("/sparql", headers={"Accept": TTL}).data)


def test_service_description_lists_endpoint_languages_formats_graphs(read_only: FlaskClient) -> None:
    g = _description(read_only)
    rows = {
        str(row[0]): row
        for row in g.query(
            f"PREFIX sd: <{SD}> SELECT ?endpoint (COUNT(DISTINCT ?fmt) AS ?formats) WHERE "
            "{ ?s a sd:Service ; sd:endpoint ?endpoint ; sd:resultFormat ?fmt } GROUP BY ?endpoint"
        )
    }
    assert list(rows) == ["http://127.0.0.1:8000/sparql"]
    assert int(rows["http://127.0.0.1:8000/sparql"][1]) == len(RESULTS_FORMATS) + len(GRAPH_FORMATS)
    languages = {str(o) for o in g.objects(None, URIRef(SD + "supportedLanguage"))}
    assert languages == {SD + "SPARQL11Query"}
    names = {
        str(row[0])
        for row in g.query(
            f"PREFIX sd: <{SD}> SELECT ?name WHERE {{ ?s sd:availableGraphs ?c . ?c sd:namedGraph ?n . "
            "?n a sd:NamedGraph ; sd:name ?name . "
            "?s sd:defaultDataset ?d . ?d sd:namedGraph ?n ; sd:defaultGraph ?dg }"
        )
    }
    assert names == {str(ARTICLE), str(ARTICLE2)}


def test_service_description_adds_update_with_a_token(client: FlaskClient) -> None:
    languages = {str(o) for o in _description(client).objects(None, URIRef(SD + "supportedLanguage"))}
    assert languages == {SD + "SPARQL11Query", SD + "SPARQL11Update"}


def test_graphstore_multipart_needs_post_and_a_file(client: FlaskClient) -> None:
    files = {"a": (io.BytesIO(DATA.encode()), "a.ttl", TTL)}
    r = client.put(
        "/store", query_string={"graph": NEW}, data=files, content_type="multipart/form-data", headers=AUTH
    )
    assert r.status_code == 415
    r = client.post(
        "/store",
        query_string={"graph": NEW},
        data={"x": "y"},
        content_type="multipart/form-data",
        headers=AUTH,
    )
    assert r.status_code == 400


def test_graphstore_accepts_json_ld(client: FlaskClient) -> None:
    doc = '{"@id": "https://example.org/a", "https://example.org/p": {"@id": "https://example.org/b"}}'
    r = client.put(
        "/store", query_string={"graph": NEW}, data=doc, content_type="application/ld+json", headers=AUTH
    )
    assert r.status_code == 201
    assert len(_graph(client.get("/store", query_string={"graph": NEW}).data)) == 1
