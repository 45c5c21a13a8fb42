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
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from rdflib.namespace import OWL

from kg.config import Settings
from kg.facts import extract
from kg.ingest import Article, ReadFailure, read_articles
from kg.nlp import AnalysisFailure, analyze, load_pipeline
from kg.query.stats import graph_stats
from kg.rdf import IriMinter, article_graph
from kg.reason import ReasonReport, ValidationReport, reason, save_build_report, validate
from kg.store import EncodedGraph, Store, encode_graph
from kg.vocab import MS

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
    reasoning: ReasonReport | None = None
    validation: ValidationReport | None = None

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


def reason_step(store: Store, settings: Settings) -> ReasonReport:
    """Recompute the inferred graph of ``store`` (``kg reason``, and after ``kg build``)."""
    result = reason(store, settings.resource_base)
    log.info("reasoning: %d triples inferred in %.3f s", result.triples, result.seconds)
    return result


def validate_step(store: Store) -> ValidationReport:
    """Validate ``store`` with the SHACL shapes and the plausibility checks (``kg validate``)."""
    result = validate(store)
    log.info("validation: %d violation(s) in %.3f s", len(result.violations), result.seconds)
    return result


def finish_build(
    store: Store,
    settings: Settings,
    report: BuildReport,
    *,
    run_reasoning: bool = True,
    run_validation: bool = True,
) -> dict:
    """After :func:`build` (and linking): reason, validate, and write the build report.

    Violations never stop a build; they are counted in the report. The report (a JSON-ready
    dict, see :func:`build_summary`) is saved in the store directory for ``kg stats`` and
    ``/about``, unless the store lives in memory.
    """
    if run_reasoning:
        report.reasoning = reason_step(store, settings)
    if run_validation:
        report.validation = validate_step(store)
    summary = build_summary(store, report)
    if store.path is not None:
        save_build_report(store.path, summary)
    return summary


def build_summary(store: Store, report: BuildReport) -> dict:
    """The figures of a build: articles, entities per class, results, facts, links, inferred
    triples, violations (by shape), times and words/s."""
    stats = graph_stats(store)

    n_built = len(report.built)
    reasoning, validation = report.reasoning, report.validation

    def per_article(seconds: float) -> float | None:
        return round(1000 * seconds / n_built, 2) if n_built else None

    return {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": str(store.path) if store.path is not None else None,
        "articles_read": n_built + len(report.failures),
        "articles_built": n_built,
        "skipped": [{"source": f.source, "reason": f.reason} for f in report.failures],
        "articles_in_store": stats.articles,
        "entities": stats.entities,
        "results": stats.results,
        "facts": store.count(f"?s a {MS.FactStatement.n3()}"),
        "links": store.count(f"?s {OWL.sameAs.n3()} ?o"),
        "triples": stats.triples,
        "triples_written": report.triples_written,
        "inferred_triples": reasoning.triples if reasoning else None,
        "inferred_by_rule": reasoning.per_rule if reasoning else None,
        "violations": len(validation.violations) if validation else None,
        "violations_by_shape": validation.by_shape() if validation else None,
        "words": report.words,
        "seconds": round(report.seconds, 3),
        "words_per_second": round(report.words_per_second, 1),
        "reason_seconds": round(reasoning.seconds, 3) if reasoning else None,
        "validate_seconds": round(validation.seconds, 3) if validation else None,
        "reason_ms_per_article": per_article(reasoning.seconds) if reasoning else None,
        "validate_ms_per_article": per_article(validation.seconds) if validation else None,
    }
