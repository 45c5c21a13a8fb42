"""The online linker's protocol, against a local HTTP server (never the internet).

The server answers with hand-written fixtures in the documented JSON shapes of
``wbsearchentities`` and ``wbgetentities`` (tests/data/wikidata/README.md): fictitious items,
real class and property ids.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.config import Settings
from kg.link import link_store
from kg.link.index import load_index
from kg.link.model import Entity
from kg.link.online import (
    DRIVER_OCCUPATIONS,
    TYPE_CLASSES,
    Evidence,
    WikidataClient,
    WikidataError,
    WikidataUnreachable,
    index_rows_from_cache,
    score_candidate,
)
from kg.store import Store
from kg.vocab import MS

from .conftest import BASE

DATA = Path(__file__).resolve().parent / "data" / "wikidata"
SEARCH = json.loads((DATA / "search.json").read_text(encoding="utf-8"))
ENTITIES = json.loads((DATA / "entities.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.server


class _Api(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log: list[dict[str, str]] = []  # query parameters of every request
        self.agents: list[str] = []
        self.script: list[tuple[int, dict[str, str], bytes, float]] = []  # answers before the fixtures

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/w/api.php"


class _Handler(BaseHTTPRequestHandler):
    server: _Api

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        self.server.log.append(params)
        self.server.agents.append(self.headers.get("User-Agent", ""))
        if self.server.script:
            status, headers, body, delay = self.server.script.pop(0)
            time.sleep(delay)
        else:
            status, headers, body = 200, {}, json.dumps(self._answer(params)).encode()
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    @staticmethod
    def _answer(params: dict[str, str]) -> dict[str, Any]:
        if params.get("action") == "wbsearchentities":
            key = f"{params['language']}:{params['search']}"
            return SEARCH.get(key, {"searchinfo": {"search": params["search"]}, "search": [], "success": 1})
        if params.get("action") == "wbgetentities":
            ids = params["ids"].split("|")
            return {"entities": {q: ENTITIES.get(q, {"id": q, "missing": ""}) for q in ids}, "success": 1}
        return {"error": {"code": "badvalue", "info": "unknown action"}}


@pytest.fixture
def api() -> Iterator[_Api]:
    server = _Api()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _client(api: _Api, tmp_path: Path, **kw: Any) -> WikidataClient:
    kw.setdefault("timeout", 2.0)
    return WikidataClient(
        api.url, cache_dir=tmp_path / "cache", user_agent="kg-test/0 (test@example.org)", **kw
    )


def _store() -> Store:
    g = Graph(identifier=URIRef(BASE + "article/a1"))
    driver, country, team, city = (
        URIRef(BASE + p)
        for p in ("driver/max-verstappen", "country/niederlande", "team/manthey-racing", "team/phoenix")
    )
    for node, cls, label in [
        (driver, MS.Driver, "Max Verstappen"),
        (country, MS.Country, "Niederlande"),
        (team, MS.Team, "Manthey Racing"),
        (city, MS.Team, "Phoenix"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    g.add((driver, MS.nationality, country))
    g.add((driver, MS.age, Literal(26, datatype=XSD.integer)))
    s = Store()
    s.replace_graph(g)
    return s


def _link(api: _Api, tmp_path: Path, **kw: Any):  # type: ignore[no-untyped-def]
    return link_store(
        _store(), Settings.load(env={}), client=_client(api, tmp_path, **kw), reference_year=2024
    )


def test_online_links_by_type_and_evidence(api: _Api, tmp_path: Path) -> None:
    report = _link(api, tmp_path)
    links = {x.entity.iri[len(BASE) :]: (x.qid, x.method) for x in report.links}
    assert links == {
        "country/niederlande": ("Q55", "offline-index"),
        "driver/max-verstappen": ("Q900001", "online-search"),  # the racing driver, not the footballer
        "team/manthey-racing": ("Q900010", "online-search"),  # found by the English search
    }
    unlinked = {u.entity.iri[len(BASE) :]: u for u in report.unlinked}
    assert unlinked["team/phoenix"].reason.startswith("best score 0.30")  # a city, not a team


def test_online_searches_german_then_english_and_sends_the_user_agent(api: _Api, tmp_path: Path) -> None:
    _link(api, tmp_path)
    searches = [(p["language"], p["search"]) for p in api.log if p["action"] == "wbsearchentities"]
    assert searches.index(("de", "Manthey Racing")) + 1 == searches.index(("en", "Manthey Racing"))
    assert ("en", "Max Verstappen") not in searches  # German found it
    assert set(api.agents) == {"kg-test/0 (test@example.org)"}


def test_online_cache_makes_the_second_run_request_free(api: _Api, tmp_path: Path) -> None:
    first = _link(api, tmp_path)
    made = len(api.log)
    second = _link(api, tmp_path)
    assert len(api.log) == made and second.requests == []
    assert [x.qid for x in second.links] == [x.qid for x in first.links]


def test_online_dry_run_makes_no_requests(api: _Api, tmp_path: Path) -> None:
    report = _link(api, tmp_path, dry_run=True)
    assert api.log == []
    assert any("action=wbsearchentities" in url and "Max+Verstappen" in url for url in report.requests)
    assert [x.method for x in report.links] == ["offline-index"]


def test_online_wrong_type_halves_the_score() -> None:
    entity = Entity(BASE + "team/phoenix", "team", ("Phoenix",))
    item = ENTITIES["Q900020"]
    typed = {**item, "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q20074337"}}}}]}}
    kw: dict[str, Any] = {"evidence": Evidence(), "superclasses": {}, "reference_year": 2024}
    assert score_candidate(entity, item, **kw) <= score_candidate(entity, typed, **kw) / 2


def test_online_birth_year_against_age_decides(tmp_path: Path) -> None:
    entity = Entity(BASE + "driver/x", "driver", ("Max Verstappen",))
    kw: dict[str, Any] = {"superclasses": {}, "reference_year": 2024}
    fits = score_candidate(entity, ENTITIES["Q900001"], evidence=Evidence(ages={26}), **kw)
    clash = score_candidate(entity, ENTITIES["Q900001"], evidence=Evidence(ages={60}), **kw)
    assert fits > clash and fits >= 0.7 > clash


@pytest.mark.parametrize("status", [429, 503])
def test_online_honours_retry_after(api: _Api, tmp_path: Path, status: int) -> None:
    waits: list[float] = []
    api.script = [(status, {"Retry-After": "1"}, b"{}", 0.0)]
    client = _client(api, tmp_path, sleep=waits.append)
    assert client.search("Phoenix", "de")[0]["id"] == "Q900020"
    assert waits == [1.0] and len(api.log) == 2


def test_online_retry_after_really_waits(api: _Api, tmp_path: Path) -> None:
    api.script = [(429, {"Retry-After": "0"}, b"{}", 0.0)]
    assert _client(api, tmp_path).search("Phoenix", "de")


def test_online_gives_up_after_bounded_retries(api: _Api, tmp_path: Path) -> None:
    waits: list[float] = []
    api.script = [(503, {"Retry-After": "0"}, b"{}", 0.0)] * 3
    with pytest.raises(WikidataError, match="HTTP 503"):
        _client(api, tmp_path, sleep=waits.append, max_retries=2).search("Phoenix", "de")
    assert len(waits) == 2


def test_online_timeout_is_a_clear_error(api: _Api, tmp_path: Path) -> None:
    api.script = [(200, {}, b"{}", 1.0)]
    started = time.perf_counter()
    with pytest.raises(WikidataError, match="did not answer within 0.2 s"):
        _client(api, tmp_path, timeout=0.2).search("Phoenix", "de")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("body", [b"<html>busy</html>", b"[1, 2]", b'{"search": "nope"}'])
def test_online_malformed_answer_is_a_clear_error(api: _Api, tmp_path: Path, body: bytes) -> None:
    api.script = [(200, {}, body, 0.0)]
    with pytest.raises(WikidataError, match="malformed"):
        _client(api, tmp_path).search("Phoenix", "de")


def test_online_api_error_is_reported(api: _Api, tmp_path: Path) -> None:
    api.script = [(200, {}, b'{"error": {"code": "maxlag", "info": "Waiting for a database"}}', 0.0)]
    with pytest.raises(WikidataError, match="maxlag"):
        _client(api, tmp_path).search("Phoenix", "de")


def test_online_unreachable_network_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = WikidataClient(f"http://127.0.0.1:{port}/w/api.php", cache_dir=tmp_path, timeout=1.0)
    with pytest.raises(WikidataUnreachable, match="cannot reach .*--offline"):
        client.search("Phoenix", "de")


def test_online_get_entities_asks_for_at_most_50_ids(api: _Api, tmp_path: Path) -> None:
    ids = [f"Q{900100 + i}" for i in range(120)]
    _client(api, tmp_path).get_entities(ids)
    sizes = [len(p["ids"].split("|")) for p in api.log]
    assert sizes == [50, 50, 20]


def test_online_cache_grows_the_offline_index(api: _Api, tmp_path: Path) -> None:
    _link(api, tmp_path)
    rows = {(r.kind, r.qid): r for r in index_rows_from_cache(tmp_path / "cache")}
    assert set(rows) == {("driver", "Q900001"), ("team", "Q900010")}
    assert rows[("driver", "Q900001")].aliases == ("Verstappen",)
    assert rows[("driver", "Q900001")].source.startswith("Wikidata API (CC0), fetched ")


def test_online_type_classes_come_from_the_shared_class_list() -> None:
    classes = {r.qid for r in load_index().rows if r.kind == "class"}
    assert set().union(*TYPE_CLASSES.values(), DRIVER_OCCUPATIONS) <= classes
