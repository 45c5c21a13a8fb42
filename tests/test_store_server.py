"""The build, queries, export and the web app against a real Oxigraph server (``--store URL``),
compared with the embedded store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.cli import main
from kg.store import Store

from .conftest import EXAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.server]


def _dataset(store: Store) -> Dataset:
    buf = io.BytesIO()
    store.export(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return ds


@pytest.fixture(scope="module")
def built(oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The example articles built into the server and into a folder, by the CLI."""
    Store(oxigraph_server).update("DROP ALL")
    folder = tmp_path_factory.mktemp("embedded") / "store"
    for target in (oxigraph_server, str(folder)):
        assert main(["build", str(EXAMPLES), "--store", target, "--no-progress"]) == 0
    return oxigraph_server, folder


def test_server_build_is_the_embedded_build(built: tuple[str, Path]) -> None:
    url, folder = built
    remote, local = _dataset(Store(url)), _dataset(Store(folder, read_only=True))
    names = {g.identifier for g in local.graphs() if len(g)}
    assert names == {g.identifier for g in remote.graphs() if len(g)}
    assert any("/graph/inferred/article/" in str(n) for n in names)
    for name in names:
        assert isomorphic(local.graph(name), remote.graph(name)), name
    assert len(Store(url)) == len(Store(folder, read_only=True))


def test_server_query_and_export_by_cli(
    built: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, folder = built
    query = str(Path(__file__).resolve().parents[1] / "queries" / "pole-sitters.rq")
    outputs = []
    for target in (url, str(folder)):
        capsys.readouterr()
        assert main(["query", "--store", target, query, "--format", "csv"]) == 0
        outputs.append(sorted(capsys.readouterr().out.splitlines()))
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1
    out = tmp_path / "server.nt"
    assert main(["export", "--store", url, "--format", "ntriples", "--output", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(Store(url))
    assert main(["validate", "--store", url, "--format", "json"]) in (0, 2)
    assert main(["reason", "--store", url, "--all"]) == 0


def test_web_app_reads_from_the_server(built: tuple[str, Path]) -> None:
    from kg.config import Settings
    from kg.web import create_app

    url, _ = built
    app = create_app(Settings.load(env={}, store=url), store=Store(url, read_only=True))
    client = app.test_client()
    r = client.get(
        "/sparql",
        query_string={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/mskg/ontology#Driver> }"[:200]
        },
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert int(r.get_json()["results"]["bindings"][0]["n"]["value"]) > 0
    assert client.get("/store", query_string={"default": ""}).status_code == 200
