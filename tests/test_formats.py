"""The format registry (:mod:`kg.formats`): every row works everywhere a row is read.

Each test is parametrised over the registry's rows, so a new row is tested by these tests
as it is added: export (read back by pyoxigraph and by rdflib), ``kg export`` by the file
suffix, CONSTRUCT results and the Graph Store Protocol by media type, the service
description. A row whose facts contradict pyoxigraph's own (media type, datasets) fails here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg import formats
from kg.config import Settings
from kg.formats import RdfFormat, ResultsFormat
from kg.store import Store
from kg.vocab import MS
from kg.web import create_app
from tests.test_web_app import ARTICLE, SESSION, fixture_graphs, fixture_store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
TOKEN = "formats-token"
EVERY_RDF = pytest.mark.parametrize("fmt", formats.RDF_FORMATS, ids=lambda f: f.name)
GRAPH_RDF = pytest.mark.parametrize("fmt", formats.GRAPH_FORMATS, ids=lambda f: f.name)
DATASET_RDF = pytest.mark.parametrize("fmt", formats.DATASET_FORMATS, ids=lambda f: f.name)


@pytest.fixture
def store() -> Store:
    return fixture_store()


@pytest.fixture
def client(store: Store, tmp_path: Path) -> FlaskClient:
    settings = Settings.load(env={"KG_UPDATE_TOKEN": TOKEN})
    return create_app(settings, store=store, queries_dir=tmp_path).test_client()


def test_registry_rows_are_unambiguous() -> None:
    for table in (formats.RDF_FORMATS, formats.RESULTS_FORMATS):
        names = [f.name for f in table]
        suffixes = [s for f in table for s in f.suffixes]
        media = [m for f in table for m in f.media_types]
        assert len(set(names)) == len(names) and len(set(suffixes)) == len(suffixes)
        assert len(set(media)) == len(media)
        assert not set(names) & set(suffixes) - {f.name for f in table if f.name in f.suffixes}


@EVERY_RDF
def test_rdf_row_agrees_with_pyoxigraph(fmt: RdfFormat) -> None:
    assert fmt.ox.media_type in fmt.media_types
    assert fmt.dataset == fmt.ox.supports_datasets
    assert fmt.dataset or fmt.graph  # a format nothing reads or writes is no row
    assert fmt.iri.startswith("http://www.w3.org/ns/formats/")


@pytest.mark.parametrize("fmt", formats.RESULTS_FORMATS, ids=lambda f: f.name)
def test_results_row_agrees_with_pyoxigraph(fmt: ResultsFormat) -> None:
    assert fmt.ox.media_type.split(";")[0] in fmt.media_types
    assert fmt.iri == fmt.ox.iri


@EVERY_RDF
def test_export_reads_back_with_pyoxigraph_and_rdflib(store: Store, fmt: RdfFormat) -> None:
    buf = io.BytesIO()
    store.export(buf, fmt.name)
    data = buf.getvalue()
    by_ox = list(ox.parse(data, format=fmt.ox))
    by_rdflib = Dataset()
    by_rdflib.parse(data=data, format=fmt.rdflib)
    for g in fixture_graphs():
        if fmt.dataset:  # one named graph per article, as stored
            assert isomorphic(by_rdflib.graph(g.identifier), g)
            assert {q.graph_name.value for q in by_ox if isinstance(q.graph_name, ox.NamedNode)} >= {
                str(g.identifier)
            }
        else:  # the union: every triple of every graph
            union = Graph()
            for s, p, o, _ in by_rdflib.quads((None, None, None, None)):
                union.add((s, p, o))
            assert all(t in union for t in g)
    assert len(by_ox) >= sum(len(g) for g in fixture_graphs()) - 1  # a triple two graphs share


@GRAPH_RDF
def test_construct_is_served_in_every_graph_format(client: FlaskClient, fmt: RdfFormat) -> None:
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . ?s a {MS.Qualifying.n3()} }}"
    for media_type in fmt.media_types:
        r = client.get("/sparql", query_string={"query": q}, headers={"Accept": media_type})
        assert r.status_code == 200 and r.mimetype == fmt.media_type
        assert (SESSION, RDF.type, MS.Qualifying) in Graph().parse(data=r.data, format=fmt.rdflib)
    r = client.get("/sparql", query_string={"query": q, "format": fmt.name})
    assert r.status_code == 200 and f'filename="result.{fmt.suffix}"' in r.headers["Content-Disposition"]


@GRAPH_RDF
def test_graph_store_takes_and_gives_every_graph_format(client: FlaskClient, fmt: RdfFormat) -> None:
    graph = "https://example.org/graph/" + fmt.name
    body = Graph().add((URIRef("https://example.org/a"), RDF.type, MS.Driver))
    data = body.serialize(format=fmt.rdflib, encoding="utf-8")
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": fmt.media_type}
    assert client.put("/store", query_string={"graph": graph}, data=data, headers=auth).status_code == 201
    r = client.get("/store", query_string={"graph": graph}, headers={"Accept": fmt.media_type})
    assert r.status_code == 200 and r.mimetype == fmt.media_type
    assert isomorphic(Graph().parse(data=r.data, format=fmt.rdflib), body)


@DATASET_RDF
def test_graph_store_gives_the_dataset_in_every_dataset_format(client: FlaskClient, fmt: RdfFormat) -> None:
    r = client.get("/store", headers={"Accept": fmt.media_type})
    assert r.status_code == 200 and r.mimetype == fmt.media_type
    ds = Dataset()
    ds.parse(data=r.data, format=fmt.rdflib)
    assert (ARTICLE, RDF.type, MS.Article) in ds.graph(ARTICLE)


def test_service_description_lists_every_format(client: FlaskClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    sd = Graph().parse(data=r.data, format="turtle")
    results = {str(o) for o in sd.objects(None, SD.resultFormat)}
    inputs = {str(o) for o in sd.objects(None, SD.inputFormat)}
    assert results == {f.iri for f in (*formats.RESULTS_FORMATS, *formats.GRAPH_FORMATS)}
    assert inputs == {f.iri for f in formats.GRAPH_FORMATS}


@pytest.mark.parametrize("fmt", formats.RESULTS_FORMATS, ids=lambda f: f.name)
def test_select_is_served_in_every_results_format(client: FlaskClient, fmt: ResultsFormat) -> None:
    q = f"SELECT ?s WHERE {{ ?s a {MS.Qualifying.n3()} }}"
    for media_type in fmt.media_types:
        r = client.get("/sparql", query_string={"query": q}, headers={"Accept": media_type})
        assert r.status_code == 200 and r.mimetype == fmt.media_type
        assert str(SESSION) in r.get_data(as_text=True)


def test_json_ld_compacts_iris_and_keeps_literals() -> None:
    label = ox.Literal("https://w3id.org/mskg/ontology#notAnIri")  # a literal that looks like one
    driver = ox.NamedNode("https://w3id.org/mskg/resource/d")
    triples = [
        ox.Triple(driver, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(MS.Driver))),
        ox.Triple(driver, ox.NamedNode(str(MS.evidence)), label),
    ]
    buf = io.BytesIO()
    formats.serialize(triples, buf, formats.rdf_format("jsonld"))
    text = buf.getvalue().decode()
    assert '"ms:Driver"' in text and '"ms:evidence"' in text
    assert '"https://w3id.org/mskg/ontology#notAnIri"' in text
    assert {q.triple for q in ox.parse(buf.getvalue(), format=ox.RdfFormat.JSON_LD)} == set(triples)
