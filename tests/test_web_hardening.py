"""The web app's side of issue 13 on the Flask test client: headers and their settings, CORS,
self-descriptions from the configured URL, capped bodies and pages, 4xx for client errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef

from kg.config import Settings
from kg.store import Store
from kg.web import create_app
from kg.web.headers import CSP
from kg.web.pages import CELL_CHARS, shown_sources


@pytest.fixture
def store() -> Store:
    g = Graph(identifier=URIRef("urn:x:g"))
    g.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("kurz")))
    g.add((URIRef("urn:x:b"), URIRef("urn:x:p"), Literal("lang " * 1000)))
    s = Store()
    s.replace_graph(g)
    return s


def client(store: Store, tmp_path: Path, update_token: str | None = None, **settings: object) -> FlaskClient:
    env = {"KG_UPDATE_TOKEN": update_token} if update_token else {}  # a secret: from the environment only
    return create_app(Settings.load(env=env, **settings), store=store, queries_dir=tmp_path).test_client()


def test_the_csp_is_the_table_or_the_setting(store: Store, tmp_path: Path) -> None:
    header = client(store, tmp_path).get("/").headers["Content-Security-Policy"]
    assert header == "; ".join(f"{name} {sources}" for name, sources in CSP)
    assert "script-src 'self'" in header and "unsafe-inline" not in header
    custom = client(store, tmp_path, content_security_policy="default-src 'self'")
    assert custom.get("/about").headers["Content-Security-Policy"] == "default-src 'self'"


def test_cors_is_read_only_unless_updates_are_configured(store: Store, tmp_path: Path) -> None:
    preflight = {"Origin": "https://x.example", "Access-Control-Request-Method": "PUT"}
    read_only = client(store, tmp_path).options("/store", headers=preflight)
    assert "PUT" not in read_only.headers["Access-Control-Allow-Methods"]
    assert "Authorization" not in read_only.headers["Access-Control-Allow-Headers"]
    writes = client(store, tmp_path, cors_updates=True).options("/store", headers=preflight)
    assert {"PUT", "DELETE"} <= {m.strip() for m in writes.headers["Access-Control-Allow-Methods"].split(",")}
    assert "Authorization" in writes.headers["Access-Control-Allow-Headers"]
    for response in (read_only, writes):
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_can_name_one_origin_or_be_off(store: Store, tmp_path: Path) -> None:
    one = client(store, tmp_path, cors_origin="https://x.example").get("/sparql")
    assert one.headers["Access-Control-Allow-Origin"] == "https://x.example"
    assert "Origin" in one.headers["Vary"]
    off = client(store, tmp_path, cors_origin="").get("/sparql")
    assert "Access-Control-Allow-Origin" not in off.headers


def test_self_descriptions_use_the_public_url_not_the_host_header(store: Store, tmp_path: Path) -> None:
    app = client(store, tmp_path, public_url="https://kg.example.org/")
    for path in ("/sparql", "/.well-known/void", "/about"):
        text = app.get(path, headers={"Host": "evil.example"}).get_data(as_text=True)
        assert "https://kg.example.org/sparql" in text and "evil.example" not in text, path


def test_request_bodies_over_the_setting_are_413(store: Store, tmp_path: Path) -> None:
    app = client(store, tmp_path, max_request_mb=1)
    body = b"ASK {} #" + b"x" * (1024 * 1024)
    assert app.post("/sparql", data=body, content_type="application/sparql-query").status_code == 413
    assert app.post("/sparql", data=b"ASK {}", content_type="application/sparql-query").status_code == 200


def test_a_query_over_the_length_limit_is_400(store: Store, tmp_path: Path) -> None:
    app = client(store, tmp_path, query_max_length=50)
    r = app.get("/sparql", query_string={"query": "ASK { ?s ?p ?o } # " + "x" * 50})
    assert r.status_code == 400 and "at most 50" in r.get_data(as_text=True)


def test_the_query_page_shortens_long_values(store: Store, tmp_path: Path) -> None:
    page = client(store, tmp_path).get("/", query_string={"query": "SELECT ?o { ?s ?p ?o }"})
    text = page.get_data(as_text=True)
    assert "lang " * (CELL_CHARS // 5) in text and "lang " * 1000 not in text
    assert "(5,000 characters)" in text


def test_evaluation_errors_of_updates_are_400_not_500(store: Store, tmp_path: Path) -> None:
    app = client(store, tmp_path, update_token="t0ken")
    for update in ("CREATE GRAPH <urn:x:g>", "DROP GRAPH <urn:x:none>"):
        r = app.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer t0ken"})
        assert r.status_code == 400, (update, r.get_data(as_text=True))


def test_a_client_over_its_concurrency_gets_429(store: Store, tmp_path: Path) -> None:
    app = client(store, tmp_path, client_concurrency=0)
    r = app.get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    page = app.get("/", query_string={"query": "ASK {}"})
    assert page.status_code == 429


@pytest.mark.parametrize(
    ("sources", "shown"),
    [
        (["/home/a/news/x.txt", "/home/a/news/2024/y.txt"], ["x.txt", "2024/y.txt"]),
        (["/srv/build/only.txt"], ["only.txt"]),
        (["relative/z.txt", "/abs/w.txt"], ["relative/z.txt", "w.txt"]),
    ],
)
def test_about_shows_sources_without_the_machines_directories(sources: list[str], shown: list[str]) -> None:
    assert shown_sources(sources) == shown
