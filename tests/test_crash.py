"""A build killed with SIGKILL while it writes: every article it committed is whole, none is
half written, and the union default graph is the union of what is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import build
from kg.store import Store
from kg.store.writer import BATCH_GRAPHS

from .conftest import EXAMPLES

pytestmark = pytest.mark.slow

COPIES = 3 * BATCH_GRAPHS  # articles: enough for several batches

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kg.config import Settings
    from kg.pipeline import build
    from kg.store import Store

    def done(identifier):
        print(identifier, flush=True)

    build([Path(sys.argv[1])], Store(sys.argv[2]), Settings.load(env={}), on_article=done)
    print("finished", flush=True)
    """
)


def _triples(store: Store, name: str) -> set[str]:
    return {str(t) for t in store.graph_triples(name)}


def test_kill_9_mid_build_leaves_every_committed_article_whole(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted(EXAMPLES.glob("*.txt"))
    for i in range(COPIES):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (corpus / f"a{i:03d}.txt").write_text(f"{text}\n\nBericht {i}.")  # one text twice is a duplicate
    path = tmp_path / "store"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    reported = []
    for line in child.stdout:  # each line: an article whose batch is committed
        reported.append(line.strip())
        if len(reported) > BATCH_GRAPHS:  # the first batch is in, others on their way
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    child.stdout.close()
    assert "finished" not in reported, "the build ended before the kill: nothing was tested"

    crashed = Store(path)
    assert not list(path.glob("bulk-*.sst")), "a killed bulk load left its table files behind"
    reference = Store()
    build([corpus], reference, Settings.load(env={}))
    base = Settings.load(env={}).resource_base
    articles = [g for g in crashed.named_graphs() if g.startswith(f"{base}article/")]
    committed = {f"{base}article/{name}" for name in reported}
    assert committed <= set(articles), "an article reported as written is missing"
    assert len(articles) < COPIES, "every article is there: the kill came too late"
    for name in articles:
        assert _triples(crashed, name) == _triples(reference, name), f"{name} is not whole"
    union = {str(t) for t in crashed.graph_triples(None)}
    assert union == {str(t) for name in crashed.named_graphs() for t in crashed.graph_triples(name)}
