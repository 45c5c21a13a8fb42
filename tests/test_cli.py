"""The ``kg`` command line, run in-process on the example articles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.namespace import RDFS

from kg.cli import main
from kg.vocab import MS

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store), "--no-progress"]) == 0
    return store


def _articles(store: Path, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert main(["stats", "--store", str(store), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["articles"]


def test_build_then_stats_counts_every_example(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _articles(store_dir, capsys) == len(list(EXAMPLES.glob("*.txt")))


def test_build_twice_replaces_instead_of_duplicating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    article = EXAMPLES / "gtm-lausitz-qualifying.txt"
    assert main(["build", str(article), "--store", str(store), "--no-progress"]) == 0
    capsys.readouterr()
    main(["stats", "--store", str(store), "--format", "json"])
    first = json.loads(capsys.readouterr().out)
    assert main(["build", str(article), "--store", str(store), "--no-progress"]) == 0
    capsys.readouterr()
    main(["stats", "--store", str(store), "--format", "json"])
    second = json.loads(capsys.readouterr().out)
    assert first == second
    assert first["articles"] == 1


def test_build_reports_unreadable_file_and_builds_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLES / "gtm-lausitz-rennen.txt", src / "good.txt")
    (src / "broken.txt").write_bytes(b"\x00\x01binary")
    (src / "latin.txt").write_bytes("Jörg Müller gewann das Rennen auf dem Nürburgring.".encode("cp1252"))
    store = tmp_path / "store"
    assert main(["build", str(src), "--store", str(store), "--no-progress"]) == 0
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "broken.txt" in line]  # listed once, at the end
    assert line.startswith("  skipped ") and "NUL" in line
    assert _articles(store, capsys) == 2
    capsys.readouterr()
    main(
        [
            "query",
            "--store",
            str(store),
            "--format",
            "csv",
            f"SELECT ?l {{ ?d a {MS.Circuit.n3()} ; {RDFS.label.n3()} ?l }}",
        ]
    )
    assert "Nürburgring" in capsys.readouterr().out


def test_query_prints_table_json_and_csv(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/mskg/ontology#Article> }"
    capsys.readouterr()
    assert main(["query", "--store", str(store_dir), q]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].strip() == "n" and "(1 row)" in table
    assert main(["query", "--store", str(store_dir), "--format", "json", q]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"]["bindings"][0]["n"]["value"] == "3"
    assert main(["query", "--store", str(store_dir), "--format", "csv", q]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "3"]


def test_query_reads_a_saved_query_file(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = Path(__file__).resolve().parents[1] / "queries" / "pole-sitters.rq"
    capsys.readouterr()
    assert main(["query", "--store", str(store_dir), "--format", "csv", str(saved)]) == 0
    assert capsys.readouterr().out.startswith("series,circuit,class,driver,driverName,lapTime,article")


def test_query_error_is_one_line_and_exit_code_1(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["query", "--store", str(store_dir), "SELECT WHERE {"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg query: malformed SPARQL query")


def test_missing_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--store", str(tmp_path / "none")]) == 1
    assert "no store here" in capsys.readouterr().err


def test_export_nquads_keeps_one_graph_per_article(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.nq"
    assert main(["export", "--store", str(store_dir), "--format", "nquads", "--output", str(out)]) == 0
    ds = Dataset()
    ds.parse(data=out.read_text(encoding="utf-8"), format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert len([n for n in names if n.startswith("https://w3id.org/mskg/resource/article/")]) == 3


def test_export_to_stdout(store_dir: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--store", str(store_dir), "--format", "ntriples", "--output", "-"]) == 0
    assert b"<https://w3id.org/mskg/ontology#Article>" in capfdbinary.readouterr().out
