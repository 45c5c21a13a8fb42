"""The update splitter, the writer thread, the export and the start-up tables."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.store import EncodedGraph, Store, encode_graph
from kg.store.updates import split_update, writes_any_graph
from kg.store.writer import GraphWriter, Written
from kg.vocab import MS


@pytest.mark.parametrize(
    ("text", "kinds", "fast"),
    [
        ('INSERT DATA { <a:b> <a:c> "x ; } DROP" }', ["INSERT DATA"], True),
        ("PREFIX ms: <http://x#>\nINSERT DATA { GRAPH <g:1> { <a:b> ms:c 1 } } ;", ["INSERT DATA"], True),
        (
            "DROP SILENT GRAPH <http://g> ; CLEAR DEFAULT; CREATE GRAPH <x:y>",
            ["DROP GRAPH", "CLEAR DEFAULT", "CREATE GRAPH"],
            True,
        ),
        ("# DROP ALL\nDELETE DATA { <a:b> <a:c> <a:d> }", ["DELETE DATA"], True),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["?"], False),
        ("DELETE WHERE { ?s ?p ?o }", ["?"], False),
        ("INSERT DATA { <a:b> <a:c> <a:d> } ; LOAD <http://x/y.ttl>", ["INSERT DATA", "?"], False),
        ("BASE <http://x/> DROP GRAPH <g>", ["?"], False),
        ("DROP GRAPH <relative>", ["?"], False),
        ("DROP NAMED", ["?"], False),
        ("", [], True),
    ],
)
def test_split_update_reads_the_operations(text: str, kinds: list[str], fast: bool) -> None:
    split = split_update(text)
    assert [op.kind for op in split.operations] == kinds
    assert split.fast is fast


def test_split_update_keeps_the_graph_and_silent() -> None:
    (op,) = split_update("drop silent graph <http://example.org/g>").operations
    assert (op.kind, op.silent, op.graph) == ("DROP GRAPH", True, "http://example.org/g")


def test_writes_any_graph_spots_variable_graphs() -> None:
    assert writes_any_graph("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert writes_any_graph("DROP NAMED")
    assert not writes_any_graph("INSERT { ?s ?p 1 } WHERE { ?s ?p 2 }")


def _graph(i: int) -> EncodedGraph:
    g = Graph(identifier=URIRef(f"https://example.org/article/{i}"))
    g.add((g.identifier, RDF.type, MS.Article))
    g.add((g.identifier, MS.carNumber, Literal(str(i))))
    return encode_graph(g)


@pytest.mark.parametrize("background", [True, False])
def test_writer_writes_everything_in_order_and_batches(background: bool) -> None:
    store = Store()
    seen: list[Written] = []
    batches: list[int] = []
    real = store.replace_graphs

    def counting(graphs, **kwargs):  # type: ignore[no-untyped-def]
        batches.append(len(graphs))
        return real(graphs, **kwargs)

    store.replace_graphs = counting  # type: ignore[method-assign]
    with GraphWriter(store, seen.append, batch=4, background=background) as writer:
        for i in range(10):
            writer.put(i, _graph(i))
    assert [w.key for w in seen] == list(range(10))
    assert all(w.error is None for w in seen)
    assert sum(batches) == 10 and max(batches) <= 4
    if not background:  # a batch whenever 4 are waiting, the rest on leaving
        assert batches == [4, 4, 2]
    assert len(list(store.named_graphs())) == 10


@pytest.mark.parametrize(("background", "on_disk"), [(True, False), (False, False), (True, True)])
def test_writer_reports_a_bad_graph_and_stores_the_others(
    background: bool, on_disk: bool, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store") if on_disk else Store()  # on disk: the bulk loader
    seen: list[Written] = []
    bad = EncodedGraph(
        "https://example.org/article/bad", "<https://example.org/s> <p> <o>", 1
    )  # relative IRI
    with GraphWriter(store, seen.append, batch=8, background=background) as writer:
        writer.put("a", _graph(1))
        writer.put("bad", bad)
        writer.put("b", _graph(2))
    errors = {w.key: w.error for w in seen}
    assert errors["a"] is None and errors["b"] is None
    assert errors["bad"] is not None
    assert set(store.named_graphs()) == {"https://example.org/article/1", "https://example.org/article/2"}
    assert len(store) == 4  # the union holds the stored graphs' triples, nothing of the bad one


def test_writer_removes_with_each_graph_what_removals_names() -> None:
    store = Store()
    store.replace_graph(_graph(7))
    derived = EncodedGraph(
        "https://example.org/derived/1", '<https://example.org/x> <https://example.org/p> "1"', 1
    )
    store.replace_graph(derived)
    with GraphWriter(
        store, lambda _: None, removals=lambda g: [derived.name] if g.name.endswith("/1") else []
    ) as w:
        w.put(1, _graph(1))
    assert not store.contains_graph(derived.name)
    assert store.contains_graph("https://example.org/article/7")


def test_nquads_export_holds_the_named_graphs_only() -> None:
    store = Store()
    for i in range(3):
        store.replace_graph(_graph(i))
    store.replace_graph(_graph(0))  # replaced, not duplicated
    buf = io.BytesIO()
    store.export(buf, "nquads")
    lines = buf.getvalue().decode().splitlines()
    assert len(lines) == 6 and all(
        line.endswith(f"<https://example.org/article/{line[-4]}> .") or True for line in lines
    )
    assert all(line.count("<https://example.org/article/") >= 2 for line in lines)  # subject and graph


def test_lemma_table_is_cached_and_equal_to_spacys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import json

    from kg.nlp import ner_model

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    ner_model.lemma_table.cache_clear()
    try:
        first = ner_model.lemma_table()
        assert list((tmp_path / "motorsport-kg").glob("de_lemma_lookup-*.marshal"))
        ner_model.lemma_table.cache_clear()
        assert ner_model.lemma_table() == first
        with gzip.open(ner_model._lemma_source()) as f:
            assert first == json.loads(f.read())
        table = ner_model.lemma_lookups().get_table("lemma_lookup")
        word = next(iter(first))
        assert table.get(word) == first[word] and word in table and "Xq-kein-Wort" not in table
    finally:
        ner_model.lemma_table.cache_clear()


@pytest.mark.slow
def test_lexeme_tables_read_by_bucket_hold_spacys_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.nlp import ner_model
    from kg.nlp.embedding import CLUSTER_TABLE, lexeme_tables

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = ner_model._lemma_source().with_name(f"de_{CLUSTER_TABLE}.json.gz")
    first = ner_model.bucket_table(source)  # written from the JSON
    (cached,) = (tmp_path / "motorsport-kg").glob(f"de_{CLUSTER_TABLE}-*.buckets")
    table = ner_model.bucket_table(source)
    assert isinstance(table, ner_model.BucketTable) and isinstance(first, ner_model.BucketTable)
    assert table.get("Stockholm") == table["Stockholm"] and "Stockholm" in table
    assert table.get("Qxzvbrn") is None and "Qxzvbrn" not in table and table.get(3) is None
    assert sum(b is not None for b in table._buckets) <= 2  # only the buckets of the two words
    assert dict(table.load_all()) == ner_model.cached_table(source)
    broken = cached.with_suffix(".tmp")
    broken.write_bytes(b"broken")
    broken.replace(cached)  # a broken cache file is written again (and the open ones still read)
    assert table.get("Boxenstopp") == ner_model.cached_table(source).get("Boxenstopp")
    assert ner_model.bucket_table(source).get("Stockholm") == first.get("Stockholm")
    lexeme_tables.cache_clear()
    try:
        clusters, _ = lexeme_tables()
        assert clusters.get("Stockholm") == first.get("Stockholm")
    finally:
        lexeme_tables.cache_clear()


def test_language_model_is_cached_and_judges_as_py3langids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from kg.ingest import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    fresh = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [
        "Der Fahrer gewann das Rennen auf dem Ring vor seinem Teamkollegen und dem Meister des Vorjahres.",
        "The driver won the race at the ring ahead of his team mate and last year's champion.",
    ]
    try:
        first = language._identifier()  # loaded, and written into the cache
        (cached,) = (tmp_path / "motorsport-kg").glob("py3langid_*.pickle")
        language._identifier.cache_clear()
        with monkeypatch.context() as m:  # the shipped model is not read again
            m.setattr(LanguageIdentifier, "from_model_file", None)
            again = language._identifier()
        assert again is not first
        assert [again.classify(t) for t in texts] == [fresh.classify(t) for t in texts]
        cached.write_bytes(b"not a pickle")  # a broken cache: the model is loaded again
        language._identifier.cache_clear()
        assert language._identifier().classify(texts[0]) == fresh.classify(texts[0])
    finally:
        language._identifier.cache_clear()


def test_the_statistical_ner_is_loaded_on_first_use() -> None:
    from kg.nlp import build_pipeline
    from kg.nlp.ner_model import LazyNER

    nlp = build_pipeline(statistical_ner=True)
    ner = nlp.get_pipe("motorsport_entities").statistical_ner  # type: ignore[attr-defined]
    assert isinstance(ner, LazyNER) and ner._ner is None
    doc = nlp.make_doc("Anna Vogel fuhr schnell.")
    assert list(ner.pipe([doc])) and ner._ner is not None


def test_writer_failure_reaches_the_caller_instead_of_blocking() -> None:
    store = Store()

    def broken(_: Written) -> None:
        raise RuntimeError("progress display failed")

    writer = GraphWriter(store, broken, batch=1)
    writer.__enter__()
    with pytest.raises(RuntimeError, match="progress display failed"):
        for i in range(1000):  # more than the queue holds: put must not block forever
            writer.put(i, _graph(i))
        writer.close()


def test_a_writer_without_a_thread_lets_its_store_go() -> None:
    """Nothing keeps the store alive after the build (an on-disk store stays open, and its
    files may change under a reader, until it is freed)."""
    import weakref

    store = Store()
    ref = weakref.ref(store)
    with GraphWriter(store, lambda _: None, background=False) as writer:
        writer.put(1, _graph(1))
    assert store.contains_graph("https://example.org/article/1")
    del store, writer
    assert ref() is None


def test_opening_a_store_drops_the_table_files_of_a_killed_bulk_load(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.replace_graph(_graph(1))
    del store
    orphan = tmp_path / "store" / "bulk-1234567890.sst"  # as Oxigraph names them
    orphan.write_bytes(b"half a table")
    reopened = Store(tmp_path / "store")
    assert not orphan.exists()
    assert reopened.contains_graph("https://example.org/article/1")
    read_only = tmp_path / "store" / "bulk-42.sst"
    read_only.write_bytes(b"")
    del reopened
    Store(tmp_path / "store", read_only=True)  # a reader never deletes anything
    assert read_only.exists()
