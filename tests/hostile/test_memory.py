"""Issue 13, item 4: no request takes the server's memory.

A query that grows without bound is stopped by its process's memory limit; CONSTRUCT and
DESCRIBE are capped like SELECT (and the query page shows at most its page of them); request
bodies are capped; RDF/XML entity declarations, which expand a kilobyte into gigabytes, are
refused.
"""

from __future__ import annotations

import pytest

from kg.web.pages import PAGE_ROWS
from tests.hostile.conftest import CHEAP, SORTED_CROSS_JOIN, Server

pytestmark = pytest.mark.server

PAIRS = "CONSTRUCT { ?a <urn:q> ?b } WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y }"  # 40,000 triples


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_a_query_that_grows_without_bound_is_stopped(server: Server) -> None:
    answer = server.query(SORTED_CROSS_JOIN)
    assert answer.status == 503, answer.text
    # the memory limit (300 MiB) or, on a slow machine, the time limit (2 s) came first
    assert "memory limit of 300 MiB" in answer.text or "time limit" in answer.text, answer.text
    assert server.query(CHEAP).status == 200
    # the server's own processes stayed small: the memory was the killed query process's
    assert _rss_kb(server.proc.pid) < 300_000


@pytest.mark.parametrize(
    "query", [PAIRS, "DESCRIBE ?a WHERE { ?a <urn:p> ?x }", "CONSTRUCT WHERE { ?a ?b ?c }"]
)
def test_construct_and_describe_are_capped_like_select(server: Server, query: str) -> None:
    answer = server.query(query, Accept="application/n-triples")
    assert answer.status == 200, answer.text
    lines = answer.body.decode().strip().splitlines()
    assert len(lines) <= 1000  # max_results of the test server
    assert answer.headers["X-KG-Result-Limit"] == "1000"
    if query == PAIRS:
        assert len(lines) == 1000
        assert answer.headers["X-KG-Truncated"] == "true"


def test_the_query_page_renders_one_page_of_a_big_result(server: Server) -> None:
    answer = server.request("GET", "/", {"query": PAIRS})
    assert answer.status == 200
    assert answer.text.count("<tr>") <= PAGE_ROWS + 1  # the header row
    assert len(answer.body) < 2_000_000


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/sparql", "application/sparql-query"), ("/sparql", "application/x-www-form-urlencoded")],
)
def test_a_body_over_the_limit_is_413(server: Server, path: str, content_type: str) -> None:
    body = b"query=" + b"A" * (2 * 1024 * 1024)  # max_request_mb is 1
    answer = server.request("POST", path, body=body, headers={"Content-Type": content_type})
    assert answer.status == 413
    assert server.query(CHEAP).status == 200


def test_a_graph_store_body_over_the_limit_is_413(writable: Server) -> None:
    triple = b"<urn:s> <urn:p> " + b'"' + b"x" * 100 + b'" .\n'
    answer = writable.request(
        "PUT",
        "/store",
        {"graph": "urn:x:big"},
        triple * 20_000,  # 2.4 MB
        {"Content-Type": "application/n-triples", "Authorization": "Bearer t0ken"},
    )
    assert answer.status == 413
    assert writable.request("GET", "/store", {"graph": "urn:x:big"}).status == 404


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="urn:x:laughs"><value xmlns="urn:x:">&f;</value></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_rdf_xml_entity_expansion_is_refused(writable: Server, method: str) -> None:
    answer = writable.request(
        method,
        "/store",
        {"graph": "urn:x:laughs"},
        LAUGHS,
        {"Content-Type": "application/rdf+xml", "Authorization": "Bearer t0ken"},
    )
    assert answer.status == 400, answer.text
    assert "entity" in answer.text
    assert writable.request("GET", "/store", {"graph": "urn:x:laughs"}).status == 404
