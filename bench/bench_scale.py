"""Scale benchmark: what writes, queries and exports cost as the store grows to millions of
triples, each next to raw pyoxigraph doing the same on the same data in the same run.

    python bench/bench_scale.py [--sizes 200000 1000000 2000000] [--folder DIR] [--full-passes]

The store is filled with generated article graphs: the example articles (and
``../shared/seeds`` when there) are built once, and each graph is copied under new article
identifiers (its article-scoped IRIs renamed; drivers, teams and circuits stay shared, as in
a real corpus). The copies go in through ``Store.replace_graphs``, the build's writer path,
in batches of 32, and the store is reasoned (one inferred graph per article) as a build does.
Beside it, **raw** is a plain pyoxigraph store on disk holding the same article quads, written
one transaction per batch, with no union upkeep.

At each size (article triples; ``--sizes``), medians of 5:

- **tiny update**: ``INSERT DATA`` of one triple (``Store.update``; raw: ``Store.update``);
- **replace graph**: one article graph replaced (raw: ``DROP GRAPH`` + ``INSERT DATA``);
- **incremental build**: 10 new articles through NLP, facts, RDF, the store, reasoning and
  validation, and the build summary (``kg build`` as a whole; raw: writing the same 10 graphs);
- **pole sitters**, **results per driver**: the saved queries, every row read (raw: pyoxigraph's
  own ``query`` on the same store object, without ``kg.store``; pyoxigraph's union default
  graph, ``use_default_graph_as_union``, repeats a triple once per graph that states it, so its
  answers are wrong, not comparable: 147,484 pole-sitter rows instead of 73 at 40k triples);
- **export**: ``kg export --format nquads`` to a file (raw: pyoxigraph's own N-Quads dump of
  the same store, which also writes the union default graph);

and once at the end: the build's write rate, and disk bytes per triple of the store (after a
flush, as left by a build) and of a bulk load of the same quads (``Store.bulk_load`` of the
store's own dump into a new folder). ``--full-passes`` also times ``kg reason --all`` and
``kg validate --all`` at the largest size.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_build import DEFAULT_SOURCES, make_corpus  # noqa: E402

RUNS = 5


def median_ms(fn: Callable[[int], object], runs: int = RUNS) -> float:
    times = []
    for i in range(runs):
        started = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def du(path: Path, tables_only: bool = False) -> int:
    """Bytes under ``path``; ``tables_only``: the RocksDB tables (``*.sst``), without the
    write-ahead log that a store deletes once its memtables are flushed and it is closed."""
    return sum(f.stat().st_size for f in path.rglob("*.sst" if tables_only else "*") if f.is_file())


class Corpus:
    """Article graphs to copy: the source articles built once; and texts for incremental builds."""

    def __init__(self, folder: Path) -> None:
        from kg.config import Settings
        from kg.ingest import read_article
        from kg.pipeline import process_articles
        from kg.store import EncodedGraph

        self.settings = Settings.load(env={})
        self.texts = [
            p.read_text(encoding="utf-8")
            for s in DEFAULT_SOURCES
            if s.is_dir()
            for p in sorted(s.glob("*.txt"))
        ]
        paths = make_corpus(DEFAULT_SOURCES, sum(len(t.split()) for t in self.texts), folder)
        built = process_articles([read_article(p) for p in paths], self.settings.resource_base)
        self.graphs = [g for g in built if isinstance(g, EncodedGraph)]
        self.words = sum(len(t.split()) for t in self.texts) / len(self.texts)
        self.triples = sum(g.triples for g in self.graphs) / len(self.graphs)
        self._next = 0

    def copies(self, n: int) -> list:  # type: ignore[type-arg]
        """``n`` new article graphs (EncodedGraph), each under an identifier of its own."""
        from kg.store import EncodedGraph

        out = []
        for _ in range(n):
            source = self.graphs[self._next % len(self.graphs)]
            ident = source.name.rsplit("/", 1)[1]
            new = f"{ident}-copy{self._next}"
            out.append(
                EncodedGraph(source.name.replace(ident, new), source.body.replace(ident, new), source.triples)
            )
            self._next += 1
        return out


def nquads(graphs) -> str:  # type: ignore[no-untyped-def]
    return "".join(g.body.replace(" .\n", f" <{g.name}> .\n") + f" <{g.name}> .\n" for g in graphs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[200_000, 1_000_000, 2_000_000])
    ap.add_argument(
        "--folder", type=Path, default=None, help="where the stores go (default: a temporary folder)"
    )
    ap.add_argument("--full-passes", action="store_true", help="also time reason --all and validate --all")
    ap.add_argument("--bulk", action="store_true", help="write the copies as kg build --bulk does")
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    from kg.export import export
    from kg.pipeline import build, finish_build
    from kg.reason import reason
    from kg.reason.infer import all_rules, infer_graph
    from kg.store import EncodedGraph, Store
    from kg.store.bulk import ShardWriter

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-scale-", dir=args.folder))
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        corpus = Corpus(folder)
        base = corpus.settings.resource_base
        rules = all_rules()
        say(f"article graphs: {len(corpus.graphs)} sources, {corpus.triples:.0f} triples each on average")
        store, raw = Store(folder / "kg"), ox.Store(str(folder / "raw"))
        pole = (REPO / "queries" / "pole-sitters.rq").read_text(encoding="utf-8")
        per_driver = (REPO / "queries" / "driver-results.rq").read_text(encoding="utf-8")
        written = 0
        write_seconds = raw_write_seconds = 0.0
        reason_seconds = 0.0
        articles = 0
        say(f"{'triples':>9} {'figure':<22} {'kg':>10} {'raw':>10} {'ratio':>7}")
        for size in sorted(args.sizes):
            shards = ShardWriter(store, folder) if args.bulk else None
            pending: list[str] = []
            while written < size:
                batch = corpus.copies(32)
                t0 = time.perf_counter()
                reasoned = 0.0
                if shards is not None:  # as kg build --bulk: gathered, loaded at the end
                    for g in batch:
                        shards.add(g.name, g)
                    pending += [g.name for g in batch]
                else:  # as the build's writer: each article with its inferred graph
                    t1 = time.perf_counter()
                    inferred = [i for g in batch if (i := infer_graph(g, base, rules)) is not None]
                    reasoned = time.perf_counter() - t1
                    store.replace_graphs(batch + inferred)
                write_seconds += time.perf_counter() - t0 - reasoned
                reason_seconds += reasoned
                t0 = time.perf_counter()
                raw.load(nquads(batch).encode(), ox.RdfFormat.N_QUADS)
                raw_write_seconds += time.perf_counter() - t0
                written += sum(g.triples for g in batch)
                articles += len(batch)
            if shards is not None:
                t0 = time.perf_counter()
                list(shards.load())
                write_seconds += time.perf_counter() - t0
                t0 = time.perf_counter()
                reason(store, base, graphs=pending)  # read back, as finish_build does after --bulk
                reason_seconds += time.perf_counter() - t0
            store.flush()
            raw.flush()

            def row(name: str, kg_ms: float, raw_ms: float | None, unit: str = "ms") -> None:
                ratio = f"{kg_ms / raw_ms:7.2f}" if raw_ms else "      -"
                raw_text = f"{raw_ms:8.1f}{unit}" if raw_ms is not None else "         -"
                say(f"{written:>9,} {name:<22} {kg_ms:8.1f}{unit} {raw_text} {ratio}")

            tiny = 'INSERT DATA {{ <urn:x:s> <urn:x:p> "{}" }}'
            row(
                "tiny update",
                median_ms(lambda i: store.update(tiny.format(f"kg{size}-{i}"))),
                median_ms(lambda i: raw.update(tiny.format(f"raw{size}-{i}"))),
            )
            victims = corpus.graphs[:RUNS]
            targets = corpus.copies(RUNS)  # replaced by the content of another article
            for g in targets:
                store.replace_graph(g)
                raw.load(nquads([g]).encode(), ox.RdfFormat.N_QUADS)

            def replace_kg(i: int) -> None:
                store.replace_graph(EncodedGraph(targets[i].name, victims[i].body, victims[i].triples))

            def replace_raw(i: int) -> None:
                g = ox.NamedNode(targets[i].name)
                raw.update(f"DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{ {victims[i].body} }} }}")

            row("replace graph", median_ms(replace_kg), median_ms(replace_raw))

            def pole_kg(_: int) -> None:
                list(store.query(pole))

            def pole_raw(_: int) -> None:
                list(store._store.query(pole))

            row("pole sitters", median_ms(pole_kg, 3), median_ms(pole_raw, 3))
            driver = next(
                iter(
                    store.select("SELECT ?d WHERE { ?r <https://w3id.org/mskg/ontology#driver> ?d } LIMIT 1")
                )
            )["d"]
            bound = per_driver.replace("WHERE {", f"WHERE {{ VALUES ?driver {{ {driver} }}", 1)
            row(
                "results per driver",
                median_ms(lambda _: list(store.query(bound)), 3),
                median_ms(lambda _: list(store._store.query(bound)), 3),
            )
            out = folder / "export.nq"
            kg_export = median_ms(lambda _: export(store, "nquads", out), 1)
            exported = out.stat().st_size
            raw_export = median_ms(
                lambda _: store._store.dump(str(folder / "raw.nq"), ox.RdfFormat.N_QUADS), 1
            )
            row("export nquads", kg_export, raw_export)
            texts = folder / f"incremental-{size}"
            texts.mkdir()
            for k in range(10):
                text = corpus.texts[k % len(corpus.texts)]
                (texts / f"incr{size}-{k}.txt").write_text(f"{text}\n\nBericht {size}-{k}.", encoding="utf-8")
            t0 = time.perf_counter()
            report = build([texts], store, corpus.settings)
            summary = finish_build(store, corpus.settings, report)
            incremental = 1000 * (time.perf_counter() - t0)
            new = [g for g in corpus.copies(10)]
            t0 = time.perf_counter()
            raw.load(nquads(new).encode(), ox.RdfFormat.N_QUADS)
            raw_incremental = 1000 * (time.perf_counter() - t0)
            row("incremental build x10", incremental, raw_incremental)
            say(
                f"{'':>9}   (of which reasoning {summary.reason_seconds or 0:.2f} s, validation "
                f"{summary.validate_seconds or 0:.2f} s; export {exported / 1e6:.0f} MB)"
            )
        say(
            f"writes: {articles} articles, {written:,} triples in {write_seconds:.1f} s "
            f"({1000 * write_seconds / articles:.1f} ms/article; "
            f"raw {1000 * raw_write_seconds / articles:.1f}); "
            f"reasoning {1000 * reason_seconds / articles:.1f} ms/article; "
            f"~{corpus.words * articles / (write_seconds + reason_seconds):,.0f} "
            "words/s of source text for writing + reasoning"
        )
        if args.full_passes:
            t0 = time.perf_counter()
            r = reason(store, base, everything=True)
            say(
                f"kg reason --all at {written:,} triples: {time.perf_counter() - t0:.1f} s ({r.sources} graphs)"
            )
            from kg.reason import validate

            t0 = time.perf_counter()
            v = validate(store, resource_base=base)
            say(
                f"kg validate --all at {written:,} triples: {time.perf_counter() - t0:.1f} s ({v.graphs} graphs)"
            )
        quads = store.count("GRAPH ?g { ?s ?p ?o }") + len(store)
        live = du(folder / "kg")
        dump = folder / "kg.nq"
        store._store.dump(str(dump), ox.RdfFormat.N_QUADS)  # every quad, the union too
        store = None  # type: ignore[assignment]  # closes the store
        gc.collect()
        reopened = du(folder / "kg", tables_only=True)  # the write-ahead log goes once it is closed
        bulk = ox.Store(str(folder / "bulk"))
        bulk.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        bulk.flush()
        del bulk
        bulk_size = du(folder / "bulk", tables_only=True)
        say(
            f"disk: {quads:,} quads (article graphs, inferred graphs, union); store {live / quads:.0f} B/quad "
            f"after the writes (write-ahead log included), {reopened / quads:.0f} B/quad in its tables; "
            "bulk load of the same quads "
            f"{bulk_size / quads:.0f} B/quad in its tables; store / bulk load = {reopened / bulk_size:.2f}"
        )
        raw = None  # type: ignore[assignment]
        gc.collect()
        raw_size = du(folder / "raw")
        say(
            f"raw store (article quads only, no union, no inferred graphs): {raw_size / 1e6:.0f} MB once closed"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
