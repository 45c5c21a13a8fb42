"""A store that is rebuilt while it is served: never a 500, and the new data is served.

The server (``serve.py``, read-only) follows the store through snapshots (``kg.query.pool``,
``kg.store.follow``). The writers here are other processes, as in real life: one that writes
and compacts (files the server's first snapshot holds are deleted from the store directory),
and ``kg build`` of an invented article into the served store.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_web_server import REPO, _start

pytestmark = [pytest.mark.server, pytest.mark.slow]

WRITER = """
import sys
from rdflib import Graph, Literal, URIRef
from kg.store import Store

store = Store(sys.argv[1])
for i in range(40):
    g = Graph(identifier=URIRef(f"https://example.org/rebuild/{i}"))
    for j in range(40):
        g.add((URIRef(f"https://example.org/rebuild/s{i}-{j}"), URIRef("https://example.org/p"), Literal(j)))
    store.replace_graph(g)
    store.flush()
store.optimize()  # compaction: the files of the old version leave the directory
"""

ARTICLE = (
    "Beim Rennen auf dem Sachsenring siegte Ödön Kovács vor Lukas Brenner. "
    "Der Ungar fuhr für das Team Falkenberg.\n"
)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.read()


def _count(base: str, where: str) -> int:
    query = urllib.parse.quote(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    status, body = _get(f"{base}/sparql?query={query}&format=csv")
    assert status == 200, body
    return int(body.decode().split()[1])


def _wait_for(predicate, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    yield from _start(tmp_path, "--workers", "1", "--threads", "8")


def test_a_served_store_that_is_rebuilt_serves_the_new_data_without_errors(
    served: str, tmp_path: Path
) -> None:
    base = served
    store = tmp_path / "store"
    statuses: Counter[int] = Counter()
    stop = threading.Event()
    pages = [
        "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 50"),
        "/about",
        "/resource/driver/jeroen-bleekemolen",
        "/store?graph=" + urllib.parse.quote("https://w3id.org/mskg/resource/article/t1", safe=""),
        "/sparql",
    ]

    def hammer() -> None:
        while not stop.is_set():
            for page in pages:
                statuses[_get(base + page)[0]] += 1

    readers = [threading.Thread(target=hammer) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        before = _count(base, "?s ?p ?o")
        subprocess.run([sys.executable, "-c", WRITER, str(store)], cwd=REPO, check=True, timeout=120)
        assert _wait_for(lambda: _count(base, "?s ?p ?o") == before + 40 * 40)
        built = subprocess.run(
            [
                str(Path(sys.executable).with_name("kg")),
                "build",
                str(_article(tmp_path)),
                "--store",
                str(store),
            ]
            + ["--root", str(tmp_path), "--no-progress", "--no-validate"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert built.returncode == 0, built.stderr
        new_driver = '?d <http://www.w3.org/2000/01/rdf-schema#label> "Ödön Kovács"'
        assert _wait_for(lambda: _count(base, new_driver) > 0)
        # the pages read the new data too: the figures are counted again
        assert _wait_for(lambda: b"rebuild" in _get(base + "/sparql")[1])
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert statuses[200] > 0
    assert set(statuses) == {200}, statuses


def _article(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "sachsenring.txt").write_text(ARTICLE, encoding="utf-8")
    return folder
