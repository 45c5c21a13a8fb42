"""The build on a Dask cluster (a LocalCluster of 2 worker processes started by the test) writes
the graph the 1-process build writes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.config import Settings
from kg.engines import check
from kg.errors import ConfigError
from kg.pipeline import BATCH_SIZE, build
from kg.store import Store

from .conftest import EXAMPLES


def _dataset(store: Store) -> Dataset:
    buf = io.BytesIO()
    store.export(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return ds


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown engine"):
        check("spark")
    with pytest.raises(ConfigError, match="unknown engine"):
        build([EXAMPLES], Store(), Settings.load(env={}), engine="spark")


@pytest.mark.slow
def test_dask_build_on_a_local_cluster_is_the_one_process_build(tmp_path: Path) -> None:
    sources = sorted(EXAMPLES.glob("*.txt"))
    for i in range(BATCH_SIZE + 4):  # two batches: both workers get one
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (tmp_path / f"a{i:02d}.txt").write_text(f"{text}\n\nBericht {i}.")  # one text twice is a duplicate
    settings = Settings.load(env={})
    one, cluster = Store(), Store()
    build([tmp_path], one, settings)
    report = build([tmp_path], cluster, settings, engine="dask", n_process=2)
    assert len(report.built) == BATCH_SIZE + 4 and not report.failures
    a, b = _dataset(one), _dataset(cluster)
    names = {g.identifier for g in a.graphs() if len(g)}
    assert names == {g.identifier for g in b.graphs() if len(g)}
    assert len([n for n in names if "/graph/inferred/" not in str(n)]) == BATCH_SIZE + 4
    for name in names:
        assert isomorphic(a.graph(name), b.graph(name)), name
