"""The build: articles → NLP → facts → RDF → store, one article at a time.

The only module besides :mod:`kg.cli` that chains stages. One article that fails anywhere is
reported by name and skipped; every other article is built.

With ``n_process > 1`` whole articles (NLP, facts and RDF) are processed in worker processes,
in batches; the main process only writes the finished graphs, one transaction per article.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.config import Settings
from kg.facts import extract
from kg.ingest import Article, ReadFailure, read_articles
from kg.nlp import AnalysisFailure, analyze, load_pipeline
from kg.rdf import IriMinter, article_graph
from kg.store import EncodedGraph, Store, encode_graph

log = logging.getLogger(__name__)

BATCH_SIZE = 16


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


def process_articles(articles: list[Article], resource_base: str) -> list[EncodedGraph | ReadFailure]:
    """Text → NLP → facts → RDF for a batch of articles, in input order.

    An article that fails at any stage becomes a :class:`ReadFailure` naming it and the reason.
    """
    minter = IriMinter(resource_base)
    out: list[EncodedGraph | ReadFailure] = []
    for analyzed in analyze(articles):
        article = analyzed.article
        if isinstance(analyzed, AnalysisFailure):
            out.append(ReadFailure(article.source, f"analysis failed: {analyzed.reason}"))
            continue
        try:
            out.append(encode_graph(article_graph(extract(analyzed), minter)))
        except Exception as e:  # one bad article must not spoil the build
            log.exception("failed to build %s", article.source)
            out.append(ReadFailure(article.source, f"extraction failed: {type(e).__name__}: {e}"))
    return out


def _batches(articles: list[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(articles), size):
        yield articles[i : i + size]


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
        n_process: worker processes for NLP, facts and RDF (the store is written by this one).
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
    work = partial(process_articles, resource_base=settings.resource_base)
    batches = list(_batches(articles, BATCH_SIZE))
    if n_process > 1 and len(batches) > 1:
        load_pipeline()  # loaded once here, inherited by forked workers
        with ProcessPoolExecutor(max_workers=n_process) as pool:
            _write_all(pool.map(work, batches), batches, store, report, on_article)
    else:
        _write_all(map(work, batches), batches, store, report, on_article)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _write_all(
    outcomes: Iterable[list[EncodedGraph | ReadFailure]],
    batches: list[list[Article]],
    store: Store,
    report: BuildReport,
    on_article: Callable[[str], None] | None,
) -> None:
    for batch, results in zip(batches, outcomes, strict=True):
        for article, outcome in zip(batch, results, strict=True):
            if isinstance(outcome, ReadFailure):
                report.failures.append(outcome)
            else:
                try:
                    report.triples_written += store.replace_graph(outcome)
                except Exception as e:  # noqa: BLE001 - reported by name; the build goes on
                    log.exception("failed to store %s", article.source)
                    report.failures.append(ReadFailure(article.source, f"store failed: {e}"))
                else:
                    report.built.append(article.identifier)
                    report.words += len(article.text.split())
            if on_article is not None:
                on_article(article.identifier)
