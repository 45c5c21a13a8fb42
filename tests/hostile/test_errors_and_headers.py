"""Issue 13, items 8 (second half) and 9: client errors are 4xx, not 500; every page carries
security headers; CORS allows what a read-only endpoint needs; nothing the client sends (its
Host header) is echoed into self-descriptions; no absolute build path is shown.
"""

from __future__ import annotations

import pytest

from kg.report import BuildSummary, Skipped, save_build_report
from tests.hostile.conftest import CHEAP, Server

pytestmark = pytest.mark.server


@pytest.mark.parametrize(
    "update",
    [
        "CREATE GRAPH <urn:x:chain>",  # exists
        "DROP GRAPH <urn:x:nothing>",  # does not exist
        "MOVE <urn:x:nothing> TO <urn:x:elsewhere>",
    ],
)
def test_evaluation_errors_of_updates_are_400(writable: Server, update: str) -> None:
    answer = writable.update(update)
    assert answer.status == 400, answer.text
    assert "cannot apply the update" in answer.text
    assert writable.query(CHEAP).status == 200


def test_evaluation_errors_of_queries_are_400(server: Server) -> None:
    answer = server.query("SELECT * WHERE { ?s ?p ?o FILTER(<urn:x:no-such-function>(?o)) }")
    assert answer.status == 400, answer.text


HTML_PAGES = ["/", "/about", "/resource/driver/jeroen-bleekemolen", "/?query=SELEC"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_html_page_has_security_headers(server: Server, path: str) -> None:
    answer = server.request("GET", path, headers={"Accept": "text/html"})
    assert answer.headers["Content-Type"].startswith("text/html")
    csp = answer.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in answer.text and " style=" not in answer.text  # nothing inline to allow


def test_the_reconciliation_preview_may_be_framed_but_runs_nothing_inline(server: Server) -> None:
    answer = server.request("GET", "/reconcile/preview", {"id": "driver/jeroen-bleekemolen"})
    assert answer.status == 200, answer.text
    csp = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "unsafe-inline" not in csp  # OpenRefine frames it
    assert "X-Frame-Options" not in answer.headers
    assert "<style" not in answer.text and "<script" not in answer.text


def test_results_are_never_sniffed(server: Server) -> None:
    answer = server.query("SELECT ('<script>alert(1)</script>' AS ?x) WHERE {}")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_cors_preflight_allows_reading_only(server: Server) -> None:
    for method in ("POST", "PUT", "DELETE"):
        answer = server.request(
            "OPTIONS",
            "/sparql",
            headers={
                "Origin": "https://elsewhere.example",
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        allowed = {m.strip() for m in answer.headers["Access-Control-Allow-Methods"].split(",")}
        assert allowed == {"GET", "HEAD", "POST", "OPTIONS"}
        headers = answer.headers["Access-Control-Allow-Headers"].lower()
        assert "authorization" not in headers and "content-type" in headers
        assert "Access-Control-Allow-Credentials" not in answer.headers
    answer = server.query(CHEAP, Origin="https://elsewhere.example")
    assert answer.headers["Access-Control-Allow-Origin"] == "*"  # a public, read-only endpoint


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/sparql", "text/turtle"),
        ("/.well-known/void", "text/turtle"),
        ("/about", "text/html"),
        ("/reconcile", "application/json"),  # the reconciliation service manifest
    ],
)
def test_host_header_is_not_echoed(server: Server, path: str, accept: str) -> None:
    answer = server.request("GET", path, headers={"Host": "evil.example", "Accept": accept})
    assert answer.status == 200
    assert "evil.example" not in answer.text
    assert server.url in answer.text  # what the server was configured with


def test_about_shows_no_absolute_build_paths(server: Server) -> None:
    save_build_report(
        server.store,
        BuildSummary(
            articles_read=2,
            articles_built=1,
            skipped=(
                Skipped("/home/builder/secret/articles/bad.txt", "not a text file"),
                Skipped("/home/builder/secret/articles/2024/worse.txt", "empty"),
            ),
        ),
    )
    page = server.request("GET", "/about").text
    assert "/home/builder" not in page
    assert "bad.txt" in page and "2024/worse.txt" in page
