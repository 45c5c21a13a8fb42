"""``/reconcile``: the W3C Reconciliation API 0.2 with requests shaped like OpenRefine's (form-encoded
``queries`` batches with ``type``/``type_strict``/``properties``, type guessing without a type,
previews, suggest), in-process and over a real HTTP server on loopback."""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from werkzeug.serving import make_server

from kg.config import DEFAULT_RESOURCE_BASE, Settings
from kg.link.reconcile import Candidate, Reconciler
from kg.query.run import Job, Reply
from kg.store import Store
from kg.vocab import MS, WD
from kg.web import create_app

RES = Namespace(DEFAULT_RESOURCE_BASE)
MAX, JOS, LUKAS = RES["driver/max-verstappen"], RES["driver/jos-verstappen"], RES["driver/lukas-brenner"]
EVIL = RES["driver/evil"]
SCRIPT = "<script>alert(1)</script>"
# OpenRefine posts its batches like this (StandardReconConfig): form-encoded, UTF-8
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


def _graph() -> tuple[Graph, Graph]:
    g = Graph(identifier=RES["article/r1"])
    nl, be = RES["country/niederlande"], RES["country/belgien"]
    rbr, kessler = RES["team/red-bull-racing"], RES["team/kessler-motorsport"]
    ring, dtm, event = RES["circuit/hockenheimring"], RES["series/dtm"], RES["event/r1/e1"]
    for node, cls, label, alts in [
        (MAX, MS.Driver, "Max Verstappen", ("Verstappen",)),
        (JOS, MS.Driver, "Jos Verstappen", ("Verstappen",)),
        (LUKAS, MS.Driver, "Lukas Brenner", ("Brenner",)),
        (EVIL, MS.Driver, SCRIPT, ()),
        (nl, MS.Country, "Niederlande", ()),
        (be, MS.Country, "Belgien", ()),
        (rbr, MS.Team, "Red Bull Racing", ()),
        (kessler, MS.Team, "Kessler Motorsport", ()),
        (ring, MS.Circuit, "Hockenheimring", ("Hockenheim",)),
        (dtm, MS.Series, "DTM", ("Deutsche Tourenwagen Masters",)),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
        for alt in alts:
            g.add((node, SKOS.altLabel, Literal(alt)))
    g.add((MAX, MS.nationality, nl))
    g.add((JOS, MS.nationality, nl))
    g.add((MAX, MS.drivesFor, rbr))
    g.add((LUKAS, MS.drivesFor, kessler))
    g.add((event, RDF.type, MS.Event))
    g.add((event, MS.circuit, ring))
    g.add((event, MS.series, dtm))
    links = Graph(identifier=RES["graph/links/wikidata"])
    links.add((MAX, OWL.sameAs, WD.Q900001))  # fictitious QIDs
    links.add((ring, OWL.sameAs, WD.Q900080))
    return g, links


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    for g in _graph():
        s.replace_graph(g)
    return s


@pytest.fixture(scope="module")
def client(store: Store) -> FlaskClient:
    return create_app(Settings.load(env={}), store=store).test_client()


def _reconcile(client: FlaskClient, batch: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/reconcile", data={"queries": json.dumps(batch)}, headers=FORM)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def _top(result: dict[str, Any], qid: str) -> dict[str, Any]:
    return result[qid]["result"][0]


def test_reconcile_manifest_is_a_0_2_manifest_whose_templates_work(client: FlaskClient) -> None:
    response = client.get("/reconcile")
    m = response.get_json()
    assert response.status_code == 200 and "0.2" in m["versions"]
    assert m["identifierSpace"] == DEFAULT_RESOURCE_BASE and m["schemaSpace"] == str(MS)
    assert {"Driver", "Team", "Circuit", "Series"} <= {t["id"] for t in m["defaultTypes"]}
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # OpenRefine's web UI is elsewhere
    for template in (m["view"]["url"], m["preview"]["url"]):
        assert "{{id}}" in template
        path = urllib.parse.urlsplit(template.replace("{{id}}", "driver/max-verstappen"))
        assert client.get(f"{path.path}?{path.query}").status_code == 200, template
    for kind in ("entity", "type", "property"):
        service = m["suggest"][kind]
        assert client.get(service["service_path"] + "?prefix=a").status_code == 200, kind
    assert isinstance(m["preview"]["width"], int) and isinstance(m["preview"]["height"], int)


def test_reconcile_openrefine_batch_scores_and_match_flags(client: FlaskClient) -> None:
    result = _reconcile(
        client,
        {
            "q0": {"query": "Max Verstappen", "type": "Driver", "type_strict": "should", "limit": 3},
            "q1": {"query": "Verstappen", "type": "Driver", "type_strict": "should"},
            "q2": {"query": "Kesler Motorsport", "type": "Team", "type_strict": "should"},
            "q3": {"query": "Hockenheim", "type": "Circuit", "type_strict": "should"},
            "q4": {"query": "Atlantis-Ring", "type": "Circuit", "type_strict": "should"},
        },
    )
    top = _top(result, "q0")
    assert (top["id"], top["name"], top["score"], top["match"]) == (
        "driver/max-verstappen",
        "Max Verstappen",
        100.0,
        True,
    )
    assert top["type"] == [{"id": "Driver", "name": "Fahrer"}]
    assert top["description"] == "Fahrer · Niederlande · Red Bull Racing · Wikidata Q900001"
    assert top["features"] == [{"id": "name", "value": 1.0}]
    surname = result["q1"]["result"]
    assert [c["score"] for c in surname] == [90.0, 90.0] and not any(c["match"] for c in surname)
    assert {c["id"] for c in surname} == {"driver/max-verstappen", "driver/jos-verstappen"}
    typo = _top(result, "q2")
    assert typo["id"] == "team/kessler-motorsport" and 60 < typo["score"] < 95 and not typo["match"]
    assert _top(result, "q3")["id"] == "circuit/hockenheimring"
    assert result["q4"]["result"] == []
    for candidates in result.values():
        scores = [c["score"] for c in candidates["result"]]
        assert scores == sorted(scores, reverse=True)


def test_reconcile_properties_confirm_or_contradict(client: FlaskClient) -> None:
    def query(name: str, type_: str, pid: str, value: Any) -> dict[str, Any]:
        return {"query": name, "type": type_, "properties": [{"pid": pid, "v": value}]}

    result = _reconcile(
        client,
        {
            "q0": query("Verstappen", "Driver", "team", "Red Bull Racing"),
            "q1": query("Max Verstappen", "Driver", "nationality", "Belgien"),
            "q2": query("", "Driver", "wikidata", "Q900001"),
            "q3": query("Hockenheimring", "Circuit", "series", {"id": "x", "name": "DTM"}),
        },
    )
    assert (_top(result, "q0")["id"], _top(result, "q0")["score"], _top(result, "q0")["match"]) == (
        "driver/max-verstappen", 100.0, True,
    )  # fmt: skip
    assert {"id": "team", "value": True} in _top(result, "q0")["features"]
    clash = _top(result, "q1")
    assert (
        clash["score"] == 80.0
        and not clash["match"]
        and {"id": "nationality", "value": False} in clash["features"]
    )
    assert _top(result, "q2")["id"] == "driver/max-verstappen"
    assert (
        _top(result, "q3")["score"] == 100.0
        and {"id": "series", "value": True} in _top(result, "q3")["features"]
    )


def test_reconcile_without_a_type_guesses_from_every_default_type(client: FlaskClient) -> None:
    # OpenRefine's "guess types": a few queries without a type, then the types of the results
    result = _reconcile(
        client, {"q0": {"query": "Hockenheimring", "limit": 3}, "q1": {"query": "DTM", "limit": 3}}
    )
    assert _top(result, "q0")["type"][0]["id"] == "Circuit"
    assert _top(result, "q1")["type"][0]["id"] == "Series"


def test_reconcile_accepts_type_ids_in_several_spellings(client: FlaskClient) -> None:
    for t in ("driver", ["Driver"], str(MS.Driver)):
        result = _reconcile(client, {"q0": {"query": "Lukas Brenner", "type": t}})
        assert _top(result, "q0")["id"] == "driver/lukas-brenner", t


def test_reconcile_get_queries_and_jsonp(client: FlaskClient) -> None:
    batch = json.dumps({"q0": {"query": "Lukas Brenner", "type": "Driver"}})
    response = client.get("/reconcile", query_string={"queries": batch})
    assert response.get_json()["q0"]["result"][0]["match"] is True
    jsonp = client.get("/reconcile", query_string={"callback": "jQuery123_4"})
    text = jsonp.get_data(as_text=True)
    assert (
        jsonp.mimetype == "application/javascript"
        and text.startswith("jQuery123_4({")
        and text.endswith(");")
    )
    assert client.get("/reconcile", query_string={"callback": "alert(1)//"}).status_code == 400


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "needs the form field 'queries'"),
        ({"queries": "{not json"}, "queries: not JSON"),
        ({"queries": "[1]"}, "a query batch is a JSON object"),
        ({"queries": json.dumps({"q0": {"query": "x", "type": "Pilot"}})}, "unknown type 'Pilot'"),
        ({"queries": json.dumps({"q7": {"type": "Driver"}})}, "query 'q7': needs a 'query' or 'properties'"),
        ({"queries": json.dumps({"q0": {"query": "x", "limit": "3"}})}, "'limit' must be a positive integer"),
        ({"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "P27", "v": "x"}]}})},
         "unknown property 'P27'"),
        ({"extend": "{}"}, "data extension (extend) is not supported"),
    ],
)  # fmt: skip
def test_reconcile_bad_batch_is_a_400_naming_the_problem(
    client: FlaskClient, data: dict[str, str], message: str
) -> None:
    response = client.post("/reconcile", data=data, headers=FORM)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert client.get("/reconcile").status_code == 200  # and the service goes on


def test_reconcile_preview_shows_the_entity_escaped(client: FlaskClient) -> None:
    page = client.get("/reconcile/preview", query_string={"id": "driver/max-verstappen"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "Max Verstappen" in html and "Niederlande" in html and "Wikidata Q900001" in html
    assert 'href="/resource/driver/max-verstappen"' in html and "auch: Verstappen" in html
    evil = client.get("/reconcile/preview", query_string={"id": "driver/evil"}).get_data(as_text=True)
    assert SCRIPT not in evil and "&lt;script&gt;" in evil
    assert client.get("/reconcile/preview", query_string={"id": "driver/nobody"}).status_code == 404


def test_reconcile_suggest_entity_type_and_property(client: FlaskClient) -> None:
    found = client.get(
        "/reconcile/suggest/entity", query_string={"prefix": "Vers", "type": "Driver"}
    ).get_json()
    assert [c["name"] for c in found["result"]] == ["Jos Verstappen", "Max Verstappen"]
    assert found["result"][0]["notable"] == [{"id": "Driver", "name": "Fahrer"}]
    hock = client.get("/reconcile/suggest/entity", query_string={"prefix": "hock"}).get_json()["result"]
    assert [c["id"] for c in hock] == ["circuit/hockenheimring"]
    types = client.get("/reconcile/suggest/type", query_string={"prefix": "Renn"}).get_json()["result"]
    assert {t["id"] for t in types} == {"Circuit", "Series"}
    props = client.get("/reconcile/suggest/property", query_string={"prefix": "nat"}).get_json()["result"]
    assert props == [{"id": "nationality", "name": "Nationalität"}]
    assert (
        client.get("/reconcile/suggest/entity", query_string={"prefix": "x", "cursor": "a"}).status_code
        == 400
    )


def test_reconcile_reads_through_the_query_pool_and_its_client_share(store: Store) -> None:
    """The reconciler's queries are the app's queries: run by its runner, for the client."""
    app = create_app(Settings.load(env={}), store=store)
    state = app.extensions["kg"]
    real, seen = state.runner, []

    class Recording:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def run(self, job: Job, client: str) -> Reply:
            seen.append((job.sparql, client))
            return real.run(job, client)

    state.runner = Recording()
    client = app.test_client()
    response = client.post(
        "/reconcile",
        data={"queries": json.dumps({"q0": {"query": "Max Verstappen", "type": "Driver"}})},
        headers=FORM,
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 200
    assert response.get_json()["q0"]["result"][0]["name"] == "Max Verstappen"
    assert len(seen) == 2 and all(who == "192.0.2.7" for _, who in seen)  # candidates, values
    assert "skos:altLabel" in seen[0][0]
    seen.clear()
    assert client.get("/reconcile/suggest/entity", query_string={"prefix": "Bren"}).status_code == 200
    assert seen


def test_reconcile_within_the_result_limit_or_a_503_naming_it(store: Store) -> None:
    client = create_app(Settings.load(env={}, max_results=3), store=store).test_client()
    response = client.post(
        "/reconcile",
        data={"queries": json.dumps({"q0": {"query": "Verstappen", "type": "Driver"}})},
        headers=FORM,
    )
    assert response.status_code == 503  # four drivers: their candidates would be cut, and wrong
    assert "max_results" in response.get_data(as_text=True)
    assert client.get("/reconcile").status_code == 200  # the manifest needs no query


def test_reconcile_name_score_folds_umlauts_and_case() -> None:
    c = Candidate("x", "Driver", "Nico Hülkenberg", {"Hülkenberg"})
    assert Reconciler.name_score("nico hulkenberg", c) == 100.0
    assert Reconciler.name_score("HUELKENBERG", c) == 90.0
    assert 40 <= Reconciler.name_score("Nico Hulkenburg", c) < 90
    assert Reconciler.name_score("Sebastian Vettel", c) == 0.0


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, create_app(Settings.load(env={}), store=store), threaded=True)
    # the manifest names the URL the service is configured with (never the request's Host)
    url = f"http://127.0.0.1:{httpd.server_port}"
    httpd.app = create_app(Settings.load(env={}, public_url=url), store=store)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.mark.server
def test_reconcile_over_http_as_openrefine_does(server: str) -> None:
    with urllib.request.urlopen(f"{server}/reconcile", timeout=5) as r:
        manifest = json.load(r)
    assert manifest["view"]["url"].startswith(server)
    body = urllib.parse.urlencode(
        {
            "queries": json.dumps(
                {"q0": {"query": "Max Verstappen", "type": "Driver", "type_strict": "should"}}
            )
        }
    ).encode()
    request = urllib.request.Request(f"{server}/reconcile", data=body, headers=FORM, method="POST")
    with urllib.request.urlopen(request, timeout=5) as r:
        result = json.load(r)
    assert result["q0"]["result"][0]["id"] == "driver/max-verstappen" and result["q0"]["result"][0]["match"]
