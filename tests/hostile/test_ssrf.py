"""Issue 13, item 1: no query or update makes the server fetch a URL it was not told it may.

Every bypass found by probing is sent to a real server; a listener on loopback stands for the
internal service an attacker would reach, and must see no request.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.conftest import READ_ONLY_ENV, Listener, Server, start_server

pytestmark = pytest.mark.server


def bypasses(url: str) -> list[str]:
    """SERVICE calls of ``url`` written to slip past a check of the text."""
    return [
        f"SELECT ?x WHERE {{ SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}",
        # the lexer of the old check read "1.SERVICE" as one number
        f"SELECT ?x WHERE {{ ?s ?p 1.SERVICE <{url}/dot> {{ ?x ?y ?z }} }}",
        f"select ?x where {{ sErViCe SiLeNt <{url}/case> {{ ?x ?y ?z }} }}",
        # rdflib's parser reads a comment to the line feed; SPARQL (and Oxigraph) end it at CR
        f"SELECT * WHERE {{ ?s ?p ?o # a comment\rSERVICE <{url}/cr> {{ ?x ?y ?z }}\n }}",
        # "<?o)SERVICE?e#>" looks like an IRI to a lexer that does not know "<" compares here
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}/fake-iri> }} ?s ?p ?o # \r FILTER(?o<?o)SERVICE?e#>\n"
        "{ ?x ?y ?z } }",
        f"BASE <{url}/> SELECT ?x WHERE {{ SERVICE <relative> {{ ?x ?y ?z }} }}",
        f"PREFIX e: <{url}/> SELECT ?x WHERE {{ SERVICE e:prefixed {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{url}/exists> {{ ?x ?y ?z }} }} }}",
        f"SELECT ?x WHERE {{ {{ SELECT ?x WHERE {{ SERVICE <{url}/sub> {{ ?x ?y ?z }} }} }} }}",
        f"SELECT ?x WHERE {{ VALUES ?e {{ <{url}/variable> }} SERVICE ?e {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/optional> {{ ?x ?y ?z }} }} }}",
    ]


def test_service_bypasses_are_refused_and_nothing_is_fetched(server: Server, listener: Listener) -> None:
    before = len(listener.requests)
    for query in bypasses(listener.url):
        answer = server.query(query)
        assert answer.status == 400, (query, answer.status, answer.text)
        assert "SERVICE" in answer.text or "refused" in answer.text, answer.text
        page = server.request("GET", "/", {"query": query}, headers={"Accept": "text/html"})
        assert page.status == 400, (query, page.status)
    assert listener.requests[before:] == []


def test_service_in_an_update_is_refused(writable: Server, listener: Listener) -> None:
    before = len(listener.requests)
    for query in bypasses(listener.url)[:4]:
        update = query.replace("SELECT ?x WHERE", "INSERT { <urn:a> <urn:b> ?x } WHERE", 1)
        update = update.replace("select ?x where", "INSERT { <urn:a> <urn:b> ?x } WHERE", 1)
        update = update.replace("SELECT * WHERE", "INSERT { <urn:a> <urn:b> ?x } WHERE", 1)
        answer = writable.update(update)
        assert answer.status == 400, (update, answer.status, answer.text)
    assert listener.requests[before:] == []


@pytest.mark.parametrize(
    "load",
    [
        "LOAD <{url}/data.ttl>",
        "LOAD SILENT <{url}/silent.ttl> INTO GRAPH <urn:g>",
        "BASE <{url}/> LOAD <relative.ttl>",
        "LOAD <file:///etc/passwd>",
        "BASE <file:///etc/> LOAD <passwd>",
        "LoAd <file:///etc/hostname> ;\nINSERT DATA {{ <urn:a> <urn:b> 1 }}",
    ],
)
def test_load_is_refused_without_sources_and_never_reads_files(
    writable: Server, listener: Listener, load: str
) -> None:
    before = len(listener.requests)
    answer = writable.update(load.format(url=listener.url))
    assert answer.status == 400, answer.text  # not 500, and nothing loaded
    assert "LOAD" in answer.text
    assert listener.requests[before:] == []
    ask = writable.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?s), 'root')) }")
    assert b"false" in ask.body


def test_json_ld_remote_context_is_not_fetched(writable: Server, listener: Listener) -> None:
    before = len(listener.requests)
    body = f'{{"@context": "{listener.url}/context.jsonld", "@id": "urn:a", "urn:p": "x"}}'.encode()
    answer = writable.request(
        "PUT",
        "/store",
        {"graph": "urn:x:jsonld"},
        body,
        {"Content-Type": "application/ld+json", "Authorization": "Bearer t0ken"},
    )
    assert answer.status == 400, answer.text
    assert listener.requests[before:] == []


# -- with an allow-list -----------------------------------------------------------------


@pytest.fixture(scope="module")
def federating(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> Iterator[Server]:
    env = {
        **READ_ONLY_ENV,
        "KG_ALLOW_SERVICE": "true",
        "KG_SERVICE_ENDPOINTS": f"{listener.url}/allowed",
        "KG_UPDATE_TOKEN": "t0ken",
        "KG_LOAD_SOURCES": f"{listener.url}/dumps/",
    }
    yield from start_server(Path(tmp_path_factory.mktemp("federating")), env)


def test_allowed_endpoint_is_called_and_no_other(federating: Server, listener: Listener) -> None:
    before = len(listener.requests)
    allowed = federating.query(f"SELECT ?x WHERE {{ SERVICE <{listener.url}/allowed> {{ ?x ?y ?z }} }}")
    assert allowed.status == 200, allowed.text
    assert b"LEAK" in allowed.body  # the listener's answer, through the endpoint
    for query in bypasses(listener.url):
        assert federating.query(query).status == 400, query
    assert [path for _, path in listener.requests[before:]] == ["/allowed"]


def test_load_reads_only_the_configured_sources(federating: Server, listener: Listener) -> None:
    before = len(listener.requests)
    assert federating.update(f"LOAD <{listener.url}/elsewhere.ttl>").status == 400
    assert federating.update("LOAD <file:///etc/passwd>").status == 400
    # an allowed source is fetched; the listener's answer is no RDF: the remote side failed
    answer = federating.update(f"LOAD <{listener.url}/dumps/data.ttl>")
    assert answer.status == 502, answer.text
    assert [path for _, path in listener.requests[before:]] == ["/dumps/data.ttl"]
