"""tools/link_dev_figures.py on invented gold files and a hand-built store (not the dev set)."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.config import Settings
from kg.link import link_store
from kg.store import Store
from kg.vocab import MS

from .conftest import BASE, REPO

sys.path.insert(0, str(REPO / "tools"))
import link_dev_figures  # noqa: E402

sys.path.remove(str(REPO / "tools"))


def test_link_dev_figures_counts_and_judges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    entities = {"circuit": ["Spielberg", "Grüne Hölle"], "manufacturer": ["Audi"]}
    (gold / "x1.json").write_text(
        json.dumps({"id": "x1", "entities": entities, "aliases": {}}), encoding="utf-8"
    )
    checks = tmp_path / "checks.tsv"
    checks.write_text(
        "kind\tname\tqid\tnote\ncircuit\tSpielberg\tQ171566\tRed Bull Ring\n"
        "circuit\tGrüne Hölle\t-\tno row\nmanufacturer\tAudi\tQ40993\ta wrong judgement, on purpose\n",
        encoding="utf-8",
    )
    article = URIRef(BASE + "article/x1")
    g = Graph(identifier=article)
    g.add((article, DCTERMS.identifier, Literal("x1")))
    for path, cls, label in [
        ("circuit/red-bull-ring", MS.Circuit, "Spielberg"),
        ("manufacturer/audi", MS.Manufacturer, "Audi"),
    ]:
        g.add((URIRef(BASE + path), RDF.type, cls))
        g.add((URIRef(BASE + path), RDFS.label, Literal(label)))
    store = Store(tmp_path / "store")
    store.replace_graph(g)
    link_store(store, Settings.load(env={}))
    store.flush()
    del store
    gc.collect()
    argv = ["--gold", str(gold), "--checks", str(checks), "--store", str(tmp_path / "store"), "--list"]
    assert link_dev_figures.main(argv) == 0
    out = capsys.readouterr().out
    build = out[out.index("B. build") :].splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in build[2:4]}
    # gold, with a row, found, linked, right, wrong, unchecked, right/with a row
    assert rows["circuit"] == ["2", "1", "1", "1", "1", "0", "0", "100.0", "%"]
    assert rows["manufacturer"] == ["1", "1", "1", "1", "0", "1", "0", "0.0", "%"]
    assert "WRONG: x1 manufacturer 'Audi' -> Q23317 Audi" in out  # the index says Q23317; the table Q40993
    assert "'Grüne Hölle': - no row | A {'unlinked': 1} | B {'unlinked': 1}" in out
