"""The ``kg`` command line, run in-process on the example articles."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg import formats
from kg.cli import main
from kg.store import Store
from kg.vocab import MS

from .conftest import BASE, EXAMPLES, REPO


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


# -- a command line without surprises (each of these failed before issue 17) ---------------


def _kg(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """``kg`` in a process of its own, with the logging and streams a user gets."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )


def test_export_without_output_writes_turtle_to_stdout(
    store_dir: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export", "--store", str(store_dir)]) == 0
    graph = Graph().parse(data=capfdbinary.readouterr().out, format="turtle")
    assert (None, RDF.type, MS.Article) in graph


@pytest.mark.parametrize("fmt", formats.RDF_FORMATS, ids=lambda f: f.name)
def test_export_takes_the_format_from_the_file_name_or_a_suffix(
    store_dir: Path, tmp_path: Path, fmt: formats.RdfFormat
) -> None:
    by_name = tmp_path / f"out.{fmt.suffix}"
    assert main(["export", "--store", str(store_dir), str(by_name)]) == 0
    by_suffix = tmp_path / "out.data"
    assert main(["export", "--store", str(store_dir), "--format", fmt.suffix, "-o", str(by_suffix)]) == 0
    for path in (by_name, by_suffix):
        parsed = Dataset()
        parsed.parse(data=path.read_bytes(), format=fmt.rdflib)
        assert any(parsed.quads((None, RDF.type, MS.Article, None)))


def test_export_unknown_suffix_names_the_choices(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--store", str(store_dir), str(tmp_path / "out.rdfz")]) == 1
    err = capsys.readouterr().err
    assert "cannot tell the format from the file name" in err and ".ttl" in err and "--format" in err
    assert not list(tmp_path.iterdir())


def test_export_file_gets_the_umask_mode_and_a_replaced_file_keeps_its_own(
    store_dir: Path, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.nt"
        assert main(["export", "--store", str(store_dir), str(new)]) == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # as any new file, not 0o600
        kept = tmp_path / "kept.nt"
        kept.write_text("")
        kept.chmod(0o640)
        assert main(["export", "--store", str(store_dir), str(kept)]) == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.stat().st_size > 0
    finally:
        os.umask(old)


def test_export_json_ld_has_a_context_and_the_same_quads(store_dir: Path, tmp_path: Path) -> None:
    assert main(["export", "--store", str(store_dir), str(tmp_path / "out.jsonld")]) == 0
    assert main(["export", "--store", str(store_dir), str(tmp_path / "out.nq")]) == 0
    doc = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["ms"] == str(MS._NS)
    assert '"ms:Driver"' in json.dumps(doc)  # compact IRIs, not only full ones
    as_jsonld, as_nquads = Dataset(), Dataset()
    as_jsonld.parse(tmp_path / "out.jsonld", format="json-ld")
    as_nquads.parse(tmp_path / "out.nq", format="nquads")
    for graph in as_nquads.graphs():
        if len(graph):
            assert isomorphic(as_jsonld.graph(graph.identifier), graph), graph.identifier


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/mskg/resource/driver/lukas-brenner",
        "lukas-brenner",
        "Lukas Brenner",
        "LUKAS BRENNER",
        "driver/lukas-brenner",
        "res:driver/lukas-brenner",
    ],
)
def test_query_bind_resolves_names_and_short_iris(
    store_dir: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    capsys.readouterr()
    args = ["query", "--store", str(store_dir), "driver-results", "--format", "csv"]
    assert main([*args, "--bind", f"driver={value}"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) > 1 and all("/driver/lukas-brenner," in row for row in out[1:])


def test_query_bind_of_a_name_nothing_has_says_so(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["query", "--store", str(store_dir), "driver-results", "--bind", "driver=Lukas Bremer"]) == 0
    captured = capsys.readouterr()
    assert "(0 rows)" in captured.out
    assert 'is the literal "Lukas Bremer": no entity has that name' in captured.err


def test_query_bind_of_a_name_two_entities_have_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(tmp_path / "store")
    for article in ("a1", "a2"):
        g = Graph(identifier=URIRef(f"{BASE}article/{article}"))
        g.add((URIRef(f"{BASE}driver/vogel/in/{article}"), RDF.type, MS.Driver))
        g.add((URIRef(f"{BASE}driver/vogel/in/{article}"), RDFS.label, Literal("Vogel")))
        store.replace_graph(g)
    store.flush()
    del store
    assert (
        main(["query", "--store", str(tmp_path / "store"), "driver-results", "--bind", "driver=Vogel"]) == 1
    )
    err = capsys.readouterr().err
    assert "2 entities have that name" in err and "vogel/in/a1" in err and "vogel/in/a2" in err


def test_query_construct_is_written_in_the_format_asked(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = f"CONSTRUCT {{ ?d a {MS.Driver.n3()} }} WHERE {{ ?d a {MS.Driver.n3()} }}"
    capsys.readouterr()
    assert main(["query", "--store", str(store_dir), "--format", "ttl", q]) == 0
    turtle = capsys.readouterr().out
    assert "@prefix ms:" in turtle and len(Graph().parse(data=turtle, format="turtle")) > 1
    assert main(["query", "--store", str(store_dir), "--format", "jsonld", q]) == 0
    assert "@context" in json.loads(capsys.readouterr().out)
    assert main(["query", "--store", str(store_dir), "--format", "csv", q]) == 1
    assert "a CONSTRUCT or DESCRIBE result is written as table, turtle" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [["export", "--format", "ntriples"], ["query", "SELECT * WHERE { ?s ?p ?o }"]],
    ids=["export", "query"],
)
def test_output_into_a_closed_pipe_ends_quietly(store_dir: Path, command: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", command[0], "--store", str(store_dir), *command[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)  # `| head -c 100`: the reader takes a little and goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141, err
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_build_of_a_path_that_is_not_there_makes_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["build", str(tmp_path / "typo"), "--store", str(store), "--no-progress"]) == 1
    assert f"{tmp_path / 'typo'}: no such file or folder; nothing built" in capsys.readouterr().err
    assert not store.exists()


def test_build_of_an_empty_folder_says_so_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["build", str(tmp_path / "empty"), "--store", str(tmp_path / "s"), "--no-progress"]) == 1
    assert "no input files in" in capsys.readouterr().err


def test_build_prints_one_triple_count(
    store_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = EXAMPLES / "gtm-lausitz-qualifying.txt"
    capsys.readouterr()
    assert main(["build", str(article), "--store", str(tmp_path / "s"), "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    counts = [line for line in out if "triples" in line and not line.startswith("inferred")]
    assert len(counts) == 1 and counts[0].startswith("triples ")
    assert main(["stats", "--store", str(tmp_path / "s"), "--format", "json"]) == 0
    stored = json.loads(capsys.readouterr().out)["triples"]
    assert counts[0].split()[1] == str(stored)


def test_build_words_per_second_leaves_out_loading_the_pipeline() -> None:
    from kg.pipeline import BuildReport

    report = BuildReport(words=900, seconds=10.0, load_seconds=7.0)
    assert report.words_per_second == 300.0


def test_build_reports_each_skipped_file_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "broken.warc.gz").write_bytes(b"\x1f\x8b not a gzip stream at all")
    (src / "empty.html").write_text("<html><body><div></div></body></html>")
    (src / "picture.png").write_bytes(b"\x89PNG")
    for verbose in ([], ["-v"]):
        done = _kg(
            *verbose, "build", str(src), "--store", str(tmp_path / f"s{len(verbose)}"), "--no-progress"
        )
        said = done.stdout + done.stderr
        for name in ("broken.warc.gz", "empty.html", "picture.png"):
            assert said.count(name) == 1, said
        if not verbose:
            assert "WARNING" not in done.stderr, done.stderr
