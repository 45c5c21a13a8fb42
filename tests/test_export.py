from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import export
from kg.facts.model import ArticleFacts
from kg.rdf import IriMinter, article_graph
from kg.store import Store


@pytest.fixture
def built(sample_facts: ArticleFacts, minter: IriMinter) -> tuple[Store, Graph]:
    store = Store()
    graph = article_graph(sample_facts, minter).graph()
    store.replace_graph(graph)
    return store, graph


def test_export_nquads_round_trips_to_an_isomorphic_dataset(
    built: tuple[Store, Graph], tmp_path: Path
) -> None:
    store, graph = built
    out = tmp_path / "out.nq"
    export(store, "nquads", out)
    ds = Dataset()
    ds.parse(data=out.read_text(encoding="utf-8"), format="nquads")
    named = [g for g in ds.graphs() if g.identifier == graph.identifier]
    assert len(named) == 1
    assert isomorphic(named[0], graph)


@pytest.mark.parametrize(
    ("fmt", "parse_as"), [("turtle", "turtle"), ("ntriples", "nt"), ("rdfxml", "xml"), ("jsonld", "json-ld")]
)
def test_export_triple_formats_round_trip_the_union(
    built: tuple[Store, Graph], tmp_path: Path, fmt: str, parse_as: str
) -> None:
    store, graph = built
    out = tmp_path / f"out.{fmt}"
    export(store, fmt, out)
    parsed = Graph()
    if fmt == "jsonld":
        ds = Dataset()
        ds.parse(data=out.read_text(encoding="utf-8"), format=parse_as)
        for g in ds.graphs():
            parsed += g
    else:
        parsed.parse(data=out.read_text(encoding="utf-8"), format=parse_as)
    assert isomorphic(parsed, graph)


def test_export_trig_keeps_named_graphs(built: tuple[Store, Graph], tmp_path: Path) -> None:
    store, graph = built
    out = tmp_path / "out.trig"
    export(store, "trig", out)
    ds = Dataset()
    ds.parse(data=out.read_text(encoding="utf-8"), format="trig")
    assert isomorphic(ds.graph(graph.identifier), graph)


def test_export_refuses_unknown_format(built: tuple[Store, Graph], tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown RDF format 'csv'; choose one of turtle, "):
        export(built[0], "csv", tmp_path / "x")


def test_export_to_missing_folder_names_it(built: tuple[Store, Graph], tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(built[0], "turtle", tmp_path / "no" / "x.ttl")
