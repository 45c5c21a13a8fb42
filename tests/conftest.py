"""Shared fixtures: hand-built facts, graphs and stores (no NLP needed)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.facts.model import ArticleFacts, Entity, Event, Fact, Result, Session, Span
from kg.ingest import Article
from kg.rdf import IriMinter
from kg.store import Store

BASE = "https://w3id.org/mskg/resource/"
REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"

TEXT = (
    "Anna Vogel (Schweiz) fuhr im Qualifying auf dem Sachsenring mit 1:28,320 Minuten die Bestzeit. "
    "Zweiter wurde Ben Roth."
)


@pytest.fixture(autouse=True)
def _no_user_link_index(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or grows the user's own local link index (~/.local/share/motorsport-kg)."""
    monkeypatch.delenv("KG_LINK_INDEX", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "xdg-data"))


@pytest.fixture
def minter() -> IriMinter:
    return IriMinter(BASE)


@pytest.fixture
def sample_facts() -> ArticleFacts:
    """Facts as the facts stage would give them for :data:`TEXT`."""
    first = Span(0, TEXT.index("Zweiter") - 1)
    second = Span(TEXT.index("Zweiter"), len(TEXT))
    return ArticleFacts(
        article=Article(identifier="t1", text=TEXT, source="t1.txt"),
        entities=(
            Entity("d1", "driver", "Anna Vogel", ("Vogel",), (Span(0, 10),)),
            Entity("d2", "driver", "Ben Roth", (), (Span(TEXT.index("Ben"), len(TEXT) - 1),)),
            Entity("c1", "circuit", "Sachsenring"),
            Entity("n1", "country", "Schweiz"),
        ),
        events=(Event("e1", circuit="c1", year=2024),),
        sessions=(Session("s1", "qualifying", "e1", evidence=first),),
        results=(
            Result("s1", 1, ("d1",), first, lap_time=Decimal("88.320")),
            Result("s1", 2, ("d2",), second),
        ),
        facts=(Fact("d1", "nationality", "n1", first),),
        sentences=(first, second),
    )


@pytest.fixture
def memory_store() -> Store:
    return Store()


# -- a real Oxigraph server (the `oxigraph` package's binary) on a free loopback port ------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The URL of an Oxigraph server started for the test session (data in a temporary folder)."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(binary).exists():
        pytest.fail("the oxigraph server binary is missing (pip install oxigraph; it is a dev dependency)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.communicate()[1].decode()
                pytest.fail(f"oxigraph server did not start: {err}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    if proc.stderr is not None:
        proc.stderr.close()


@pytest.fixture(params=["embedded", "server"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """An empty store: the embedded one (in memory), or the Oxigraph server, emptied first."""
    if request.param == "embedded":
        return Store()
    url = request.getfixturevalue("oxigraph_server")
    store = Store(url)
    store.update("DROP ALL")
    return store
