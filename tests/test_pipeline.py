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
def test_build_on_two_processes_writes_the_same_graphs(tmp_path: Path) -> None:
    import io

    from rdflib import Dataset
    from rdflib.compare import isomorphic

    from kg.pipeline import BATCH_SIZE

    sources = sorted(EXAMPLES.glob("*.txt"))
    for i in range(BATCH_SIZE + 4):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        (tmp_path / f"a{i:02d}.txt").write_text(f"{text}\n\nBericht {i}.")  # one text twice is a duplicate
    dumps = []
    for n in (1, 2):
        store = Store()
        report = build([tmp_path], store, Settings.load(env={}), n_process=n)
        assert len(report.built) == BATCH_SIZE + 4 and not report.failures
        buf = io.BytesIO()
        store.export(buf, "nquads")
        ds = Dataset()
        ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
        dumps.append(ds)
    one, two = dumps
    assert {g.identifier for g in one.graphs()} == {g.identifier for g in two.graphs()}
    for g in one.graphs():
        assert isomorphic(g, two.graph(g.identifier))


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
