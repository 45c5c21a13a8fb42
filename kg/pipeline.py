"""The build: articles → NLP → facts → RDF → store, one article at a time.

The only module besides :mod:`kg.cli` that chains stages. One article that fails anywhere is
reported by name and skipped; every other article is built.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.facts import extract
from kg.ingest import Article, ReadFailure, read_articles
from kg.nlp import AnalysisFailure, analyze
from kg.rdf import IriMinter, article_graph
from kg.store import Store

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    triples_written: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def build(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    *,
    n_process: int = 1,
    on_article: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build every article under ``paths`` into ``store``, replacing earlier versions of them.

    Args:
        paths: ``.txt`` files and folders of them.
        store: where each article's named graph is written (one transaction per article).
        settings: the resource base for minted IRIs.
        n_process: spaCy worker processes for the NLP stage.
        on_article: called with each article's identifier once it is done (progress display).
    """
    report = BuildReport()
    started = time.perf_counter()
    articles: list[Article] = []
    for item in read_articles(paths):
        if isinstance(item, ReadFailure):
            log.warning("skipped %s: %s", item.source, item.reason)
            report.failures.append(item)
        else:
            articles.append(item)
    minter = IriMinter(settings.resource_base)
    pending = {a.identifier: a for a in articles}
    for analyzed in analyze(articles, n_process=n_process):
        article = analyzed.article
        pending.pop(article.identifier, None)
        if isinstance(analyzed, AnalysisFailure):
            report.failures.append(ReadFailure(article.source, f"analysis failed: {analyzed.reason}"))
            if on_article is not None:
                on_article(article.identifier)
            continue
        try:
            graph = article_graph(extract(analyzed), minter)
            report.triples_written += store.replace_graph(graph)
        except Exception as e:  # one bad article must not spoil the build
            log.exception("failed to build %s", article.source)
            report.failures.append(ReadFailure(article.source, f"extraction failed: {e}"))
        else:
            report.built.append(article.identifier)
            report.words += len(article.text.split())
        if on_article is not None:
            on_article(article.identifier)
    for article in pending.values():
        report.failures.append(ReadFailure(article.source, "the NLP stage could not process it"))
        if on_article is not None:
            on_article(article.identifier)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report
