"""The web app in-process (Flask test client) over an in-memory store with a hand-built graph."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.config import DEFAULT_RESOURCE_BASE, Settings
from kg.errors import StoreError
from kg.formats import GRAPH_FORMATS, RESULTS_FORMATS
from kg.store import Store
from kg.vocab import MS, WD
from kg.web import create_app

RES = Namespace(DEFAULT_RESOURCE_BASE)
PROV = Namespace("http://www.w3.org/ns/prov#")
ARTICLE = RES["article/t1"]
ARTICLE2 = RES["article/t2"]
DRIVER = RES["driver/jeroen-bleekemolen"]
OTHER = RES["driver/sebastian-asch"]
EVIL = RES["driver/evil"]
SESSION = RES["session/t1/qualifying"]
RESULT = RES["result/t1/qualifying/p1"]
SCRIPT = "<script>alert(1)</script>"
SELECT_DRIVERS = f"SELECT ?d WHERE {{ ?d a {MS.Driver.n3()} }} ORDER BY ?d"
TOKEN = "s3cret-token"


def fixture_graphs() -> list[Graph]:
    """Article t1: a driver, a qualifying and its result; article t2: another driver."""
    g = Graph(identifier=ARTICLE)
    g.add((ARTICLE, RDF.type, MS.Article))
    g.add((DRIVER, RDF.type, MS.Driver))
    g.add((DRIVER, RDFS.label, Literal("Jeroen Bleekemolen", lang="de")))
    g.add((DRIVER, MS.evidence, Literal("Jeroen Bleekemolen fuhr im Qualifying die Bestzeit.", lang="de")))
    g.add((DRIVER, PROV.wasDerivedFrom, ARTICLE))
    g.add((DRIVER, OWL.sameAs, WD.Q1687880))
    g.add((SESSION, RDF.type, MS.Qualifying))
    g.add((SESSION, RDFS.label, Literal("Qualifying", lang="de")))
    g.add((RESULT, RDF.type, MS.Result))
    g.add((RESULT, MS.session, SESSION))
    g.add((RESULT, MS.driver, DRIVER))
    g.add((RESULT, MS.position, Literal(1, datatype=XSD.integer)))
    g.add((RESULT, MS.lapTime, Literal("PT1M28.320S", datatype=XSD.dayTimeDuration)))
    g.add((EVIL, RDF.type, MS.Driver))
    g.add((EVIL, RDFS.label, Literal(SCRIPT)))
    g.add((EVIL, RDFS.seeAlso, URIRef("javascript:alert(2)")))
    g2 = Graph(identifier=ARTICLE2)
    g2.add((ARTICLE2, RDF.type, MS.Article))
    g2.add((OTHER, RDF.type, MS.Driver))
    g2.add((OTHER, RDFS.label, Literal("Sebastian Asch", lang="de")))
    return [g, g2]


def fixture_store() -> Store:
    """An in-memory store holding :func:`fixture_graphs`."""
    s = Store()
    for g in fixture_graphs():
        s.replace_graph(g)
    return s


@pytest.fixture
def store() -> Store:
    return fixture_store()


@pytest.fixture
def queries_dir(tmp_path: Path) -> Path:
    (tmp_path / "drivers.rq").write_text(
        "# title: All drivers <b>\n# description: Every driver & their IRI.\n" + SELECT_DRIVERS + "\n",
        encoding="utf-8",
    )
    (tmp_path / "lap-times.rq").write_text(
        "# title: Lap times of a driver\n# description: One driver's lap times.\n"
        "# param: driver the driver's IRI\n"
        f"SELECT ?driver ?time WHERE {{ ?r {MS.driver.n3()} ?driver ; {MS.lapTime.n3()} ?time }}\n",
        encoding="utf-8",
    )
    return tmp_path


def make_app(store: Store, queries_dir: Path, update_token: str | None = None, **overrides: object) -> Flask:
    # a secret comes from the environment only
    settings = Settings.load(env={"KG_UPDATE_TOKEN": update_token} if update_token else {}, **overrides)
    return create_app(settings, store=store, queries_dir=queries_dir)


@pytest.fixture
def client(store: Store, queries_dir: Path) -> FlaskClient:
    return make_app(store, queries_dir).test_client()


def driver_iris(data: bytes) -> list[str]:
    return [b["d"]["value"] for b in json.loads(data)["results"]["bindings"]]


# -- /sparql: query -----------------------------------------------------------------------


def test_sparql_get_select_returns_json_by_default(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS})
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    assert driver_iris(r.data) == sorted([str(DRIVER), str(OTHER), str(EVIL)])
    assert r.headers["X-KG-Result-Limit"] == "10000"
    assert "X-KG-Truncated" not in r.headers
    assert "Accept" in r.headers["Vary"]


def test_sparql_post_form_and_direct_query(client: FlaskClient) -> None:
    form = client.post("/sparql", data={"query": SELECT_DRIVERS})
    direct = client.post("/sparql", data=SELECT_DRIVERS, content_type="application/sparql-query")
    assert form.status_code == direct.status_code == 200
    assert driver_iris(form.data) == driver_iris(direct.data) != []


def test_sparql_post_other_content_type_is_refused(client: FlaskClient) -> None:
    r = client.post("/sparql", data=SELECT_DRIVERS, content_type="text/plain")
    assert r.status_code == 415


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/csv;q=1.0, application/sparql-results+xml;q=0.9", "text/csv"),
        ("text/*", "text/csv"),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+json",
        ),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ],
)
def test_sparql_select_negotiates_accept(client: FlaskClient, accept: str | None, mimetype: str) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS}, headers=headers)
    assert r.status_code == 200
    assert r.mimetype == mimetype


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (None, "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json; charset=utf-8", "application/ld+json"),
        ("application/n-triples;q=0.2, text/turtle;q=0.1", "application/n-triples"),
    ],
)
def test_sparql_construct_negotiates_accept(client: FlaskClient, accept: str | None, mimetype: str) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . ?s a {MS.Qualifying.n3()} }}"
    r = client.get("/sparql", query_string={"query": q}, headers=headers)
    assert r.status_code == 200
    assert r.mimetype == mimetype
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}
    g = Graph().parse(data=r.data, format=fmt.get(mimetype, "json-ld"))
    assert (SESSION, RDF.type, MS.Qualifying) in g


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (SELECT_DRIVERS, "text/turtle"),
        (SELECT_DRIVERS, "application/sparql-results+json;q=0"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("ASK { ?s ?p ?o }", "image/png"),
    ],
)
def test_sparql_nothing_acceptable_is_406(client: FlaskClient, query: str, accept: str) -> None:
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 406


@pytest.mark.parametrize(
    ("fmt", "mimetype"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_sparql_format_parameter_overrides_accept(client: FlaskClient, fmt: str, mimetype: str) -> None:
    r = client.get(
        "/sparql", query_string={"query": SELECT_DRIVERS, "format": fmt}, headers={"Accept": "text/turtle"}
    )
    assert r.status_code == 200
    assert r.mimetype == mimetype
    assert "attachment" in r.headers["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld"])
def test_sparql_format_parameter_for_construct(client: FlaskClient, fmt: str) -> None:
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": fmt})
    assert r.status_code == 200


@pytest.mark.parametrize("fmt", ["turtle", "png"])
def test_sparql_unsuitable_format_parameter_is_400(client: FlaskClient, fmt: str) -> None:
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS, "format": fmt})
    assert r.status_code == 400


def test_sparql_csv_has_header_and_rows(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS, "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0] == ["d"]
    assert len(rows) == 4


def test_sparql_ask_in_json(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": f"ASK {{ ?r {MS.lapTime.n3()} ?t }}"})
    assert r.status_code == 200
    assert json.loads(r.data)["boolean"] is True


def test_sparql_select_keeps_literal_datatype(client: FlaskClient) -> None:
    q = f"SELECT ?t WHERE {{ ?r {MS.lapTime.n3()} ?t }}"
    binding = json.loads(client.get("/sparql", query_string={"query": q}).data)["results"]["bindings"][0]["t"]
    assert binding == {"type": "literal", "value": "PT1M28.32S", "datatype": str(XSD.dayTimeDuration)}


def test_sparql_malformed_query_is_400_with_message(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "SELEKT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert r.mimetype == "text/plain"
    assert "malformed SPARQL query" in r.get_data(as_text=True)


@pytest.mark.parametrize("error", [RuntimeError("boom"), StoreError("disk gone")])
def test_sparql_own_failure_is_500_not_400(
    client: FlaskClient,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(store, "query", fail)
    with caplog.at_level(logging.ERROR, logger="kg.web"):
        r = client.get("/sparql", query_string={"query": SELECT_DRIVERS})
    assert r.status_code == 500
    assert str(error) not in r.get_data(as_text=True)  # no internals leak to the client
    assert any(rec.levelno == logging.ERROR for rec in caplog.records)


def test_sparql_without_query_describes_the_service(client: FlaskClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200
    assert r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = g.value(predicate=RDF.type, object=sd.Service)
    assert g.value(service, sd.endpoint) == URIRef("http://127.0.0.1:8000/sparql")  # host and port
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in g
    assert len(list(g.objects(service, sd.resultFormat))) == len(RESULTS_FORMATS) + len(GRAPH_FORMATS)


def test_sparql_post_without_query_is_400(client: FlaskClient) -> None:
    assert client.post("/sparql", data={"nothing": "here"}).status_code == 400


def test_sparql_two_queries_are_400(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string=[("query", SELECT_DRIVERS), ("query", SELECT_DRIVERS)])
    assert r.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { ?s ?p ?o . service silent <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_sparql_service_is_refused(client: FlaskClient, query: str) -> None:
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400
    assert "SERVICE" in r.get_data(as_text=True)


def test_sparql_row_cap_truncates_and_says_so(store: Store, queries_dir: Path) -> None:
    client = make_app(store, queries_dir, max_results=2).test_client()
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS})
    assert r.headers["X-KG-Result-Limit"] == "2"
    assert r.headers["X-KG-Truncated"] == "true"
    assert len(driver_iris(r.data)) == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"default-graph-uri": str(ARTICLE2)}, [str(OTHER)]),
        ({"default-graph-uri": [str(ARTICLE), str(ARTICLE2)]}, sorted([str(DRIVER), str(EVIL), str(OTHER)])),
        ({"named-graph-uri": str(ARTICLE)}, []),
    ],
)
def test_sparql_default_graph_uri_restricts_dataset(
    client: FlaskClient, params: dict[str, object], expected: list[str]
) -> None:
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS, **params})
    assert r.status_code == 200
    assert driver_iris(r.data) == expected


def test_sparql_named_graph_uri_restricts_graph_clause(client: FlaskClient) -> None:
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    everything = client.get("/sparql", query_string={"query": q})
    only_t2 = client.post("/sparql", data={"query": q, "named-graph-uri": str(ARTICLE2)})
    graphs = [b["g"]["value"] for b in json.loads(everything.data)["results"]["bindings"]]
    assert sorted(graphs) == [str(ARTICLE), str(ARTICLE2)]
    assert [b["g"]["value"] for b in json.loads(only_t2.data)["results"]["bindings"]] == [str(ARTICLE2)]


def test_sparql_bad_graph_uri_is_400(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS, "default-graph-uri": "not an iri"})
    assert r.status_code == 400


# -- /sparql: update ----------------------------------------------------------------------

INSERT = f"INSERT DATA {{ GRAPH {ARTICLE2.n3()} {{ {RES['driver/new'].n3()} a {MS.Driver.n3()} }} }}"


def test_update_refused_without_token_setting(client: FlaskClient) -> None:
    r = client.post("/sparql", data={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer"])
def test_update_refused_without_right_token(
    store: Store, queries_dir: Path, authorization: str | None
) -> None:
    client = make_app(store, queries_dir, update_token=TOKEN).test_client()
    headers = {"Authorization": authorization} if authorization else {}
    r = client.post("/sparql", data={"update": INSERT}, headers=headers)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    drivers = driver_iris(client.get("/sparql", query_string={"query": SELECT_DRIVERS}).data)
    assert str(RES["driver/new"]) not in drivers


@pytest.mark.parametrize("as_form", [True, False])
def test_update_accepted_with_right_token(store: Store, queries_dir: Path, as_form: bool) -> None:
    client = make_app(store, queries_dir, update_token=TOKEN).test_client()
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if as_form:
        r = client.post("/sparql", data={"update": INSERT}, headers=headers)
    else:
        r = client.post("/sparql", data=INSERT, content_type="application/sparql-update", headers=headers)
    assert r.status_code == 204
    assert str(RES["driver/new"]) in driver_iris(
        client.get("/sparql", query_string={"query": SELECT_DRIVERS}).data
    )


def test_update_malformed_is_400(store: Store, queries_dir: Path) -> None:
    client = make_app(store, queries_dir, update_token=TOKEN).test_client()
    r = client.post(
        "/sparql", data={"update": "INSERT NONSENSE"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 400


def test_update_by_get_is_refused(store: Store, queries_dir: Path) -> None:
    client = make_app(store, queries_dir, update_token=TOKEN).test_client()
    r = client.get("/sparql", query_string={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (400, 405)
    assert str(RES["driver/new"]) not in driver_iris(
        client.get("/sparql", query_string={"query": SELECT_DRIVERS}).data
    )


def test_update_with_query_is_refused(store: Store, queries_dir: Path) -> None:
    client = make_app(store, queries_dir, update_token=TOKEN).test_client()
    r = client.post(
        "/sparql",
        data={"update": INSERT, "query": SELECT_DRIVERS},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 400


def test_update_token_announced_in_service_description(store: Store, queries_dir: Path) -> None:
    client = make_app(store, queries_dir, update_token=TOKEN).test_client()
    assert b"SPARQL11Update" in client.get("/sparql").data


# -- CORS ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sparql", "/", "/about", "/.well-known/void", "/resource/driver/nobody"])
def test_cors_header_on_every_response(client: FlaskClient, path: str) -> None:
    assert client.get(path).headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_is_answered(client: FlaskClient) -> None:
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]


# -- the query page -----------------------------------------------------------------------


def test_index_shows_form_and_saved_queries(client: FlaskClient) -> None:
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<form method="get" action="/" id="query-form"' in html
    assert '<textarea id="query" name="query"' in html
    assert "All drivers &lt;b&gt;" in html
    assert "Every driver &amp; their IRI." in html
    assert 'href="/?saved=drivers"' in html


def test_index_without_yasgui_files_is_the_plain_form(
    client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `make install`'s copy of YASGUI the page asks for no script and runs queries."""
    from kg.web import ui

    with_editor = client.get("/").get_data(as_text=True)
    assert ui.editor_available()  # make install put it there
    assert "vendor/yasgui/yasgui.min.js" in with_editor and "kg-query.js" in with_editor
    monkeypatch.setattr(ui, "VENDOR", tmp_path / "no-yasgui")
    ui.editor_available.cache_clear()
    try:
        html = client.get("/").get_data(as_text=True)
        assert "<script" not in html and "vendor/yasgui" not in html and 'id="yasgui"' not in html
        assert '<form method="get" action="/" id="query-form" class="plain-editor">' in html
        ran = client.get("/", query_string={"query": f"SELECT ?d WHERE {{ ?d a <{MS.Driver}> }}"})
        assert ran.status_code == 200 and "jeroen-bleekemolen" in ran.get_data(as_text=True)
    finally:
        monkeypatch.undo()
        ui.editor_available.cache_clear()


def test_index_saved_query_loads_into_editor(client: FlaskClient) -> None:
    html = client.get("/", query_string={"saved": "drivers"}).get_data(as_text=True)
    assert "SELECT ?d WHERE" in html
    assert client.get("/", query_string={"saved": "missing"}).status_code == 404


def test_index_runs_query_and_links_resources(client: FlaskClient) -> None:
    r = client.get("/", query_string={"query": SELECT_DRIVERS})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'href="/resource/driver/jeroen-bleekemolen"' in html
    assert "/sparql?query=" in html
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in html


def test_index_links_external_iris_but_not_javascript(client: FlaskClient) -> None:
    q = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    html = client.get("/", query_string={"query": q}).get_data(as_text=True)
    assert 'href="http://www.wikidata.org/entity/Q1687880"' in html
    assert 'href="javascript:' not in html


def test_index_escapes_data(client: FlaskClient) -> None:
    q = f"SELECT ?l WHERE {{ {EVIL.n3()} ?p ?l }}"
    html = client.get("/", query_string={"query": q}).get_data(as_text=True)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_index_escapes_query_text(client: FlaskClient) -> None:
    q = "SELECT * WHERE { ?s ?p ?o } # </textarea><script>alert(1)</script>"
    html = client.get("/", query_string={"query": q}).get_data(as_text=True)
    assert "</textarea><script>" not in html


def test_index_error_renders_on_page_with_400(client: FlaskClient) -> None:
    r = client.get("/", query_string={"query": "SELECT <script> WHERE"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "malformed SPARQL query" in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ASK { ?s ?p ?o }", '<p class="ask">true</p>'),
        (f"CONSTRUCT WHERE {{ ?s a {MS.Qualifying.n3()} }}", "format=turtle"),
        (f"SELECT ?t WHERE {{ ?r {MS.lapTime.n3()} ?t }}", "1:28.320"),
    ],
)
def test_index_renders_every_result_form(client: FlaskClient, query: str, expected: str) -> None:
    r = client.get("/", query_string={"query": query})
    assert r.status_code == 200
    assert expected in r.get_data(as_text=True)


def test_index_stylesheet_is_local(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "http" not in html.split("<body>")[0].replace("http-equiv", "")
    with client.get("/static/style.css") as css:
        assert css.status_code == 200


# -- entity pages -------------------------------------------------------------------------


def test_resource_html_shows_driver(client: FlaskClient) -> None:
    r = client.get("/resource/driver/jeroen-bleekemolen", headers={"Accept": "text/html"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    assert "Accept" in r.headers["Vary"]
    assert "<h1>Jeroen Bleekemolen</h1>" in html
    assert f'<a href="/class/Driver" title="{MS.Driver}">driver</a>' in html  # its type, readable
    assert "1:28.320" in html  # the results table, with the lap time
    assert 'href="/resource/session/t1/qualifying"' in html
    assert "Bestzeit" in html  # evidence
    assert 'href="/resource/article/t1"' in html  # provenance
    assert 'href="http://www.wikidata.org/entity/Q1687880"' in html  # sameAs


def test_resource_html_shows_session_classification(client: FlaskClient) -> None:
    html = client.get("/resource/session/t1/qualifying").get_data(as_text=True)
    assert "Classification" in html
    assert 'href="/resource/driver/jeroen-bleekemolen"' in html


def test_resource_html_escapes_label(client: FlaskClient) -> None:
    html = client.get("/resource/driver/evil").get_data(as_text=True)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("accept", "mimetype", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples;q=0.9, text/html;q=0.1", "application/n-triples", "nt"),
    ],
)
def test_resource_rdf_by_conneg(client: FlaskClient, accept: str, mimetype: str, rdflib_format: str) -> None:
    r = client.get("/resource/driver/jeroen-bleekemolen", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.mimetype == mimetype
    assert "Accept" in r.headers["Vary"]
    g = Graph().parse(data=r.data, format=rdflib_format)
    assert (DRIVER, RDF.type, MS.Driver) in g
    assert (RESULT, MS.driver, DRIVER) in g  # incoming links too


@pytest.mark.parametrize("path", ["/resource/driver/nobody", "/resource/driver/a%20b"])
def test_resource_unknown_is_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_resource_unacceptable_is_406(client: FlaskClient) -> None:
    r = client.get("/resource/driver/jeroen-bleekemolen", headers={"Accept": "image/png"})
    assert r.status_code == 406


# -- about and VoID -----------------------------------------------------------------------


def test_about_shows_figures(client: FlaskClient) -> None:
    r = client.get("/about")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Triples" in html and "Driver" in html
    assert '<tr><th><a href="/class/Article">Articles</a></th><td class="num">2</td></tr>' in html
    assert '<a href="/class/Driver">Driver</a>' in html  # the classes link to their pages


def test_void_describes_dataset(client: FlaskClient, store: Store) -> None:
    r = client.get("/.well-known/void")
    assert r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    void = Namespace("http://rdfs.org/ns/void#")
    dataset = g.value(predicate=RDF.type, object=void.Dataset)
    assert g.value(dataset, void.triples).toPython() == len(store)
    assert g.value(dataset, void.sparqlEndpoint) == URIRef("http://127.0.0.1:8000/sparql")
    partitions = {
        g.value(p, void["class"]): g.value(p, void.entities).toPython()
        for p in g.objects(dataset, void.classPartition)
    }
    assert partitions[MS.Driver] == 3
    assert partitions[MS.Article] == 2


# -- limits and docs ----------------------------------------------------------------------


def test_sparql_time_limit_is_503(store: Store, queries_dir: Path) -> None:
    client = make_app(store, queries_dir, query_timeout=0.0).test_client()
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS})
    assert r.status_code == 503
    assert "time limit" in r.get_data(as_text=True)


def test_sparql_limit_headers_are_exposed_to_browsers(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": SELECT_DRIVERS})
    assert "X-KG-Truncated" in r.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize(
    ("accept", "mimetype"), [("application/ld+json", "application/ld+json"), ("*/*", "text/turtle")]
)
def test_sparql_service_description_negotiates(client: FlaskClient, accept: str, mimetype: str) -> None:
    assert client.get("/sparql", headers={"Accept": accept}).mimetype == mimetype


README = Path(__file__).resolve().parents[1] / "kg" / "web" / "README.md"


def test_readme_lists_every_route(client: FlaskClient) -> None:
    text = README.read_text(encoding="utf-8")
    app = client.application
    for rule in app.url_map.iter_rules():
        documented = rule.rule.split("<")[0].rstrip("/") or "/"
        assert f"`{documented}" in text, rule.rule


def test_readme_lists_every_format() -> None:
    from kg.web.conneg import RESOURCE_TABLE, RESULTS_TABLE

    text = README.read_text(encoding="utf-8")
    for fmt in (*RESULTS_TABLE, *RESOURCE_TABLE):
        for media_type in fmt.media_types:
            assert f"`{media_type}`" in text, media_type


# -- saved queries with parameters --------------------------------------------------------


def test_index_saved_query_shows_parameter_inputs(client: FlaskClient) -> None:
    html = client.get("/", query_string={"saved": "lap-times"}).get_data(as_text=True)
    assert '<input type="hidden" name="saved" value="lap-times">' in html
    assert 'name="param.driver"' in html


@pytest.mark.parametrize(
    ("value", "rows"),
    [
        (str(DRIVER), 1),
        ("res:driver/jeroen-bleekemolen", 1),
        (f"<{OTHER}>", 0),
        ("", 1),
    ],
)
def test_index_saved_query_binds_parameter(client: FlaskClient, value: str, rows: int) -> None:
    r = client.get("/", query_string={"saved": "lap-times", "run": "1", "param.driver": value})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert f"{rows} row{'' if rows == 1 else 's'}" in html
    assert ("format=json" in html) is (value == "")  # no downloads for a bound run


def test_index_saved_query_bad_iri_is_400(client: FlaskClient) -> None:
    r = client.get("/", query_string={"saved": "lap-times", "run": "1", "param.driver": "http://a b"})
    assert r.status_code == 400


def test_resource_links_saved_queries_for_its_kind(client: FlaskClient) -> None:
    html = client.get("/resource/driver/jeroen-bleekemolen").get_data(as_text=True)
    assert "Lap times of a driver" in html
    assert "saved=lap-times" in html and "run=1" in html
    assert "Lap times of a driver" not in client.get("/resource/session/t1/qualifying").get_data(as_text=True)


def test_index_lists_the_repository_saved_queries(store: Store) -> None:
    client = create_app(Settings.load(env={}), store=store).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "saved=driver-results" in html
