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
    assert len(list(store.named_graphs())) == 2


def test_build_reports_words_and_time() -> None:
    report = build([EXAMPLES / "supercup-vorschau.txt"], Store(), Settings.load(env={}))
    assert report.built == ["supercup-vorschau"]
    assert report.words == len((EXAMPLES / "supercup-vorschau.txt").read_text(encoding="utf-8").split())
    assert report.seconds > 0
