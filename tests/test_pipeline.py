from pathlib import Path

import pytest

import kg.pipeline
from kg.config import Settings
from kg.pipeline import build
from kg.store import Store

from .conftest import EXAMPLES


def test_build_survives_an_article_whose_extraction_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    real_extract = kg.pipeline.extract

    def flaky(analyzed):  # type: ignore[no-untyped-def]
        if analyzed.article.identifier == "gtm-lausitz-rennen":
            raise ValueError("boom")
        return real_extract(analyzed)

    monkeypatch.setattr(kg.pipeline, "extract", flaky)
    store = Store()
    report = build([EXAMPLES], store, Settings.load(env={}))
    assert sorted(report.built) == ["gtm-lausitz-qualifying", "supercup-vorschau"]
    assert [Path(f.source).name for f in report.failures] == ["gtm-lausitz-rennen.txt"]
    assert "boom" in report.failures[0].reason
    assert len([g for g in store.named_graphs() if "/graph/inferred/" not in g]) == 2


def test_build_reports_words_and_time() -> None:
    report = build([EXAMPLES / "supercup-vorschau.txt"], Store(), Settings.load(env={}))
    assert report.built == ["supercup-vorschau"]
    assert report.words == len((EXAMPLES / "supercup-vorschau.txt").read_text(encoding="utf-8").split())
    assert report.seconds > 0


@pytest.mark.slow
def test_every_way_of_building_writes_the_same_graphs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In this process (one batch), on one process (a worker extracts and reasons, this
    process writes, on disk through the bulk loader) and on two: the same named graphs, the
    same union default graph and the same reasoning figures."""
    from kg.pipeline import BATCH_SIZE

    corpus = tmp_path / "in"
    corpus.mkdir()
    sources = sorted(EXAMPLES.glob("*.txt"))
    count = BATCH_SIZE + 4  # two batches
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (corpus / f"a{i:02d}.txt").write_text(f"{text}\n\nBericht {i}.")  # one text twice is a duplicate
    settings = Settings.load(env={})
    results = {}

    def run(label: str, store: Store, n: int) -> None:
        report = build([corpus], store, settings, n_process=n)
        assert len(report.built) == count and not report.failures, label
        assert report.reasoning is not None
        quads = {str(q) for q in store._store}  # every named graph and the default graph
        union = {str(t) for t in store.graph_triples(None)}
        named = {str(t) for g in store.named_graphs() for t in store.graph_triples(g)}
        assert union == named, f"{label}: the default graph is not the union of the named graphs"
        reasoning = (report.reasoning.sources, report.reasoning.triples, report.reasoning.per_rule)
        results[label] = (quads, reasoning)

    run("one process, disk", Store(tmp_path / "store"), 1)
    run("two processes", Store(), 2)
    monkeypatch.setattr(kg.pipeline, "BATCH_SIZE", 10 * count)
    run("this process", Store(), 1)
    (quads, reasoning), *others = results.values()
    assert reasoning[0] == count and reasoning[1] > 0
    for label, other in results.items():
        assert other == (quads, reasoning), label


def test_build_survives_an_article_a_pipeline_component_fails_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.nlp

    nlp = kg.nlp.build_pipeline(statistical_ner=False)
    sentencizer = nlp.get_pipe("motorsport_sentencizer")
    real_call = type(sentencizer).__call__

    class Flaky(type(sentencizer)):  # type: ignore[misc]
        def __call__(self, doc):  # type: ignore[no-untyped-def]
            if "Supercup" in doc.text:
                raise RuntimeError("sentencizer exploded")
            return real_call(self, doc)

    sentencizer.__class__ = Flaky
    monkeypatch.setattr(kg.nlp, "load_pipeline", lambda: nlp)
    store = Store()
    report = build([EXAMPLES], store, Settings.load(env={}))
    assert sorted(report.built) == ["gtm-lausitz-qualifying", "gtm-lausitz-rennen"]
    assert [Path(f.source).name for f in report.failures] == ["supercup-vorschau.txt"]
    assert "motorsport_sentencizer: RuntimeError: sentencizer exploded" in report.failures[0].reason
    assert len([g for g in store.named_graphs() if "/graph/inferred/" not in g]) == 2
