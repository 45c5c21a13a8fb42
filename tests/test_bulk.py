"""``kg build --bulk``: new graphs through the bulk loader, the same store as the writer's."""

from __future__ import annotations

from pathlib import Path

from kg.cli import main
from kg.store import Store

from .conftest import EXAMPLES


def _quads(store: Store) -> set[str]:
    return {f"{t} <{g}>" for g in store.named_graphs() for t in store.graph_triples(g)} | {
        str(t) for t in store.graph_triples(None)
    }


def test_bulk_build_is_the_transactional_build(tmp_path: Path) -> None:
    plain, bulk = tmp_path / "plain", tmp_path / "bulk"
    assert main(["build", str(EXAMPLES), "--store", str(plain), "--no-progress"]) == 0
    assert main(["build", str(EXAMPLES), "--store", str(bulk), "--no-progress", "--bulk"]) == 0
    assert _quads(Store(plain, read_only=True)) == _quads(Store(bulk, read_only=True))
    # a second bulk build replaces the graphs it finds (transactionally), never duplicates them
    assert main(["build", str(EXAMPLES), "--store", str(bulk), "--no-progress", "--bulk"]) == 0
    assert _quads(Store(plain, read_only=True)) == _quads(Store(bulk, read_only=True))
    assert not list(tmp_path.glob("**/kg-bulk-*"))
