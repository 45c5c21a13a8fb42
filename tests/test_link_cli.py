"""``kg link``, run in-process on a small hand-built store on disk (no NLP, no network)."""

from __future__ import annotations

import gc
import socket
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.cli import main
from kg.store import Store
from kg.vocab import MS

from .conftest import BASE


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    g = Graph(identifier=URIRef(BASE + "article/a1"))
    for p, cls, label in [
        ("country/schweiz", MS.Country, "Schweiz"),
        ("manufacturer/audi", MS.Manufacturer, "Audi"),
        ("driver/anna-vogel", MS.Driver, "Anna Vogel"),
    ]:
        g.add((URIRef(BASE + p), RDF.type, cls))
        g.add((URIRef(BASE + p), RDFS.label, Literal(label)))
    store = Store(path)
    store.replace_graph(g)
    store.flush()
    del store
    gc.collect()  # release the on-disk store before the CLI opens it
    return path


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/w/api.php"


def test_cli_link_offline_reports_and_writes_quickstatements(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qs = tmp_path / "qs.txt"
    assert main(["link", "--store", str(store_dir), "--report", "--quickstatements", str(qs)]) == 0
    out = capsys.readouterr().out
    assert "linked 2 entities to Wikidata (country 1/1, driver 0/1, manufacturer 1/1)" in out
    assert "unlinked driver 'Anna Vogel'" in out
    assert qs.read_text(encoding="utf-8") == ""


def test_cli_link_online_dry_run_prints_requests_and_makes_none(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["link", "--store", str(store_dir), "--online", "--dry-run", "--cache", str(tmp_path / "c")]
    assert main([*args, "--api-url", _closed_port_url()]) == 0  # a request would fail: none is made
    out = capsys.readouterr().out
    assert "GET http://127.0.0.1:" in out and "search=Anna+Vogel" in out


def test_cli_link_online_unreachable_is_one_line(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["link", "--store", str(store_dir), "--online", "--cache", str(tmp_path / "c"), "--timeout", "1"]
    assert main([*args, "--api-url", _closed_port_url()]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg link: cannot reach") and err.count("\n") == 1


def test_cli_link_save_index_needs_online(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--store", str(store_dir), "--save-index"]) == 1
    assert "--save-index needs --online" in capsys.readouterr().err


def test_cli_link_quickstatements_dry_run_lists_and_writes_nothing(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qs = tmp_path / "qs.txt"
    assert main(["link", "--store", str(store_dir), "--quickstatements", str(qs), "--dry-run"]) == 0
    assert f"would write 0 QuickStatements line(s) to {qs}" in capsys.readouterr().out
    assert not qs.exists()


def test_cli_build_with_link_links_after_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import EXAMPLES

    assert main(["build", str(EXAMPLES), "--store", str(tmp_path / "s"), "--no-progress", "--link"]) == 0
    assert "linked " in capsys.readouterr().out
