"""The online linker's protocol, against a local HTTP server (never the internet).

The server answers with hand-written fixtures in the documented JSON shapes of
``wbsearchentities`` and ``wbgetentities`` (tests/data/wikidata/README.md): fictitious items,
real class and property ids.
"""

from __future__ import annotations

import gc
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.cli import main
from kg.config import Settings
from kg.link import link_store, quickstatements
from kg.link.index import Index, IndexRow, load_index, read_index_rows, write_index
from kg.link.model import Entity
from kg.link.online import (
    DRIVER_OCCUPATIONS,
    TYPE_CLASSES,
    Evidence,
    WikidataClient,
    WikidataError,
    WikidataUnreachable,
    score_candidate,
)
from kg.store import Store
from kg.vocab import MS

from .conftest import BASE, EXAMPLES

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


def _graph() -> Graph:
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
    return g


def _store() -> Store:
    s = Store()
    s.replace_graph(_graph())
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


NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_online_save_index_then_the_next_run_links_offline(api: _Api, tmp_path: Path) -> None:
    local = tmp_path / "grown.tsv"
    settings = Settings.load(env={}, link_index=str(local))
    first = link_store(
        _store(), settings, client=_client(api, tmp_path), reference_year=2024, now=NOW, save_index=local
    )
    assert first.index_rows_saved == 2
    rows = {(r.kind, r.qid): r for r in read_index_rows(local)}
    assert set(rows) == {("driver", "Q900001"), ("team", "Q900010")}
    driver = rows[("driver", "Q900001")]
    assert driver.label == "Max Verstappen" and driver.aliases == ()  # "Verstappen" alone names several
    assert driver.source == f"Wikidata API (CC0) {api.url}; online-search score 1.00 for 'Max Verstappen'"
    assert driver.retrieved == "2026-03-04T05:06:07Z"
    made = len(api.log)
    second = link_store(_store(), settings, now=NOW)  # offline: the shipped index and the grown one
    links = {x.entity.iri[len(BASE) :]: (x.qid, x.method) for x in second.links}
    assert links["driver/max-verstappen"] == ("Q900001", "offline-index")
    assert links["team/manthey-racing"] == ("Q900010", "offline-index")
    assert len(api.log) == made


def test_online_save_index_keeps_rows_of_earlier_runs(api: _Api, tmp_path: Path) -> None:
    local = tmp_path / "grown.tsv"
    earlier = IndexRow(
        "Q900099", "Früherer Fund", (), "team", "Wikidata API (CC0) x", retrieved="2025-01-01T00:00:00Z"
    )
    write_index([earlier], local)
    link_store(_store(), Settings.load(env={}), client=_client(api, tmp_path), now=NOW, save_index=local)
    assert {r.qid for r in read_index_rows(local)} == {"Q900099", "Q900001", "Q900010"}


def test_online_dry_run_saves_nothing(api: _Api, tmp_path: Path) -> None:
    local = tmp_path / "grown.tsv"
    link_store(
        _store(),
        Settings.load(env={}),
        client=_client(api, tmp_path, dry_run=True),
        write=False,
        save_index=local,
    )
    assert not local.exists()


def _circuit_store(label: str) -> Store:
    g = Graph(identifier=URIRef(BASE + "article/a2"))
    node = URIRef(BASE + "circuit/neustadt")
    g.add((node, RDF.type, MS.Circuit))
    g.add((node, RDFS.label, Literal(label)))
    s = Store()
    s.replace_graph(g)
    return s


def test_online_circuit_named_by_a_german_town_is_not_linked_abroad(api: _Api, tmp_path: Path) -> None:
    # two German circuits known by the town "Neustadt": ambiguous offline; online, the candidate
    # in the United States (P17 Q30) contradicts the town's country, the German one (Q183) fits
    rows = [
        IndexRow("Q900043", "Neustadt-Nord", (), "circuit", "t", places=("Neustadt",), country="DE"),
        IndexRow("Q900044", "Neustadt-Süd", (), "circuit", "t", places=("Neustadt",), country="DE"),
        *(r for r in load_index().rows if r.kind in ("country", "class")),
    ]
    report = link_store(
        _circuit_store("Neustadt"), Settings.load(env={}), index=Index(rows), client=_client(api, tmp_path)
    )
    assert [(x.qid, x.method) for x in report.links] == [("Q900042", "online-search")]
    unknown = link_store(  # a name that is no known town gives no country: both candidates score alike
        _circuit_store("Neustadt"),
        Settings.load(env={}),
        index=Index([r for r in rows if r.kind != "circuit"]),
        client=_client(api, tmp_path),
    )
    assert not unknown.links and unknown.unlinked[0].reason.startswith("ambiguous")


@pytest.mark.slow
def test_online_examples_give_quickstatements_with_references(api: _Api, tmp_path: Path) -> None:
    from kg.pipeline import build

    store, settings = Store(), Settings.load(env={})
    assert build([EXAMPLES], store, settings).built
    link_store(store, settings, client=_client(api, tmp_path), now=NOW)
    lines = quickstatements(store, retrieved=NOW.date())
    reference = (
        '\tS854\t"https://w3id.org/mskg/resource/article/gtm-lausitz-rennen"\tS813\t+2026-03-04T00:00:00Z/11'
    )
    assert f"Q900071\tP27\tQ40{reference}" in lines  # Jonas Albrecht, Austria
    assert f"Q900070\tP276\tQ699372{reference}" in lines  # ADAC GT Masters at the Lausitzring
    assert all("\tS854\t" in line and "\tS813\t" in line for line in lines)


def test_online_type_classes_come_from_the_shared_class_list() -> None:
    classes = {r.qid for r in load_index().rows if r.kind == "class"}
    assert set().union(*TYPE_CLASSES.values(), DRIVER_OCCUPATIONS) <= classes


def test_cli_online_save_index_then_offline(
    api: _Api, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_dir, local = tmp_path / "store", tmp_path / "grown.tsv"
    store = Store(store_dir)
    store.replace_graph(_graph())
    store.flush()
    del store
    gc.collect()  # release the on-disk store before the CLI opens it
    online = ["link", "--store", str(store_dir), "--index", str(local), "--cache", str(tmp_path / "c")]
    agent = ["--api-url", api.url, "--user-agent", "kg-test/0 (test@example.org)"]
    assert main([*online, "--online", "--save-index", *agent, "--reference-year", "2024"]) == 0
    assert f"saved 2 row(s) to the local index {local}" in capsys.readouterr().out
    made = len(api.log)
    assert main(["link", "--store", str(store_dir), "--index", str(local)]) == 0
    assert "driver 1/1" in capsys.readouterr().out and len(api.log) == made
