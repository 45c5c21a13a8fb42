"""The build: articles → NLP → facts → RDF → store, one article at a time.

The only module besides :mod:`kg.cli` that chains stages. One article that fails anywhere is
reported by name and skipped; every other article is built.

With ``n_process > 1`` whole articles (NLP, facts and RDF) are processed in worker processes,
in batches (or as tasks on a Dask cluster, :mod:`kg.engines`); a writer thread of the main
process writes the finished graphs, many articles per transaction, while the workers go on
(:mod:`kg.store.writer`), each article with its inferred graph, reasoned from the graph in hand. ``bulk`` writes new graphs as N-Quads shards that Oxigraph's bulk
loader loads at the end.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from rdflib.namespace import OWL

from kg import engines
from kg.config import Settings
from kg.facts import extract
from kg.ingest import Article, ReadFailure, read_articles
from kg.nlp import AnalysisFailure, analyze, preload_pipeline
from kg.query.stats import graph_stats
from kg.rdf import IriMinter, article_graph
from kg.reason import ReasonReport, ValidationReport, reason, save_build_report, validate
from kg.reason.infer import all_rules, infer_graph, inferred_graph_name, inferred_graph_of
from kg.store import EncodedGraph, Store, encode_graph
from kg.store.bulk import ShardWriter
from kg.store.writer import GraphWriter, Written
from kg.vocab import MS

log = logging.getLogger(__name__)

BATCH_SIZE = 16


@dataclass
class BuildReport:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)  # the named graphs written
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
    engine: str = "local",
    address: str | None = None,
    bulk: bool = False,
    reasoning: bool = True,
) -> BuildReport:
    """Build every article under ``paths`` into ``store``, replacing earlier versions of them.

    Args:
        paths: ``.txt`` files and folders of them.
        store: where each article's named graph is written (batched transactions; each article
            all or nothing).
        settings: the resource base for minted IRIs.
        n_process: worker processes for NLP, facts and RDF (the store is written by this one).
        on_article: called with each article's identifier once it is done (progress display).
        engine: ``local`` or ``dask`` (:func:`kg.engines.run`); ``address`` a Dask scheduler.
        bulk: load the graphs the store does not hold yet with the bulk loader, at the end.
        reasoning: reason each article as it is written (its inferred graph goes into the same
            transaction); without, the article's old inferred graph is dropped with it.
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
    outcomes = engines.run(
        work, batches, engine=engine, processes=n_process, address=address, warm_up=preload_pipeline
    )
    _write_all(outcomes, batches, store, report, on_article, settings, bulk, reasoning)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _write_all(
    outcomes: Iterable[list[EncodedGraph | ReadFailure]],
    batches: list[list[Article]],
    store: Store,
    report: BuildReport,
    on_article: Callable[[str], None] | None,
    settings: Settings,
    bulk: bool,
    reasoning: bool,
) -> None:
    """Hand each finished graph to the writer thread (or the bulk shards), record the rest."""

    def written(outcome: Written) -> None:
        article = outcome.key
        assert isinstance(article, Article)
        if outcome.error is not None:
            log.error("failed to store %s: %s", article.source, outcome.error)
            report.failures.append(ReadFailure(article.source, f"store failed: {outcome.error}"))
        else:
            report.triples_written += outcome.graph.triples
            report.built.append(article.identifier)
            report.graphs.append(outcome.graph.name)
            report.words += len(article.text.split())
        if on_article is not None:
            on_article(article.identifier)

    def removals(graph: EncodedGraph) -> list[str]:  # an article's inferred graph goes with it
        inferred = inferred_graph_of(settings.resource_base, graph.name)
        return [inferred] if inferred else []

    rules = all_rules() if reasoning else []
    report.reasoning = (
        ReasonReport(graph=inferred_graph_name(settings.resource_base) + "/") if reasoning else None
    )
    counts: Counter[str] = Counter()

    def inferred(graph: EncodedGraph) -> list[EncodedGraph]:  # written with its article
        assert report.reasoning is not None
        started = time.perf_counter()
        made = infer_graph(graph, settings.resource_base, rules, counts)
        report.reasoning.seconds += time.perf_counter() - started
        if made is None:
            return []
        report.reasoning.sources += 1
        report.reasoning.triples += made.triples
        report.reasoning.per_rule = {r.name: counts[r.name] for r in rules}
        return [made]

    shards = ShardWriter(store) if bulk else None
    with GraphWriter(
        store,
        written,
        removals=None if reasoning else removals,
        companions=inferred if reasoning else None,
    ) as writer:
        for batch, results in zip(batches, outcomes, strict=True):
            for article, outcome in zip(batch, results, strict=True):
                if isinstance(outcome, ReadFailure):
                    report.failures.append(outcome)
                    if on_article is not None:
                        on_article(article.identifier)
                elif shards is not None and shards.takes(outcome):
                    shards.add(article, outcome)
                else:
                    writer.put(article, outcome)
    if shards is not None:
        for key, graph in shards.load():
            written(Written(key, graph))


def reason_step(store: Store, settings: Settings, *, everything: bool = False) -> ReasonReport:
    """Bring the inferred graphs of ``store`` up to date: the stale ones (``kg reason``, and
    after ``kg build``: what the build wrote), or all of them (``kg reason --all``)."""
    result = reason(store, settings.resource_base, everything=everything)
    log.info(
        "reasoning: %d triples inferred from %d graph(s) in %.3f s",
        result.triples,
        result.sources,
        result.seconds,
    )
    return result


def validate_step(
    store: Store, settings: Settings | None = None, graphs: Iterable[str] | None = None
) -> ValidationReport:
    """Validate ``graphs`` of ``store`` (default: every source graph, ``kg validate --all``) with
    the SHACL shapes and the plausibility checks."""
    base = settings.resource_base if settings is not None else Settings.load().resource_base
    result = validate(store, graphs=graphs, resource_base=base)
    log.info(
        "validation: %d violation(s) in %d graph(s) in %.3f s",
        len(result.violations),
        result.graphs,
        result.seconds,
    )
    return result


def finish_build(
    store: Store,
    settings: Settings,
    report: BuildReport,
    *,
    run_reasoning: bool = True,
    run_validation: bool = True,
) -> dict:
    """After :func:`build` (and linking): reason and validate what changed, and write the report.

    Reasoning and validation cost what the build wrote, not what the store holds: the graphs
    written (and the links graph) are reasoned and validated, nothing else. Violations never
    stop a build; they are counted in the report. The report (a JSON-ready dict, see
    :func:`build_summary`) is saved in the store directory for ``kg stats`` and ``/about``,
    unless the store lives in memory or on a server.
    """
    changed = list(report.graphs)
    if run_reasoning:  # what the build did not reason as it wrote: bulk-loaded graphs, links
        rest = reason_step(store, settings)
        report.reasoning = _merged(report.reasoning, rest) if report.reasoning else rest
    if run_validation:
        links = str(IriMinter(settings.resource_base).links_graph())
        sources = changed + ([links] if store.contains_graph(links) and links not in changed else [])
        report.validation = validate_step(store, settings, sources)
    summary = build_summary(store, report)
    if store.path is not None:
        save_build_report(store.path, summary)
    return summary


def _merged(first: ReasonReport, then: ReasonReport) -> ReasonReport:
    per_rule = {name: first.per_rule.get(name, 0) + then.per_rule.get(name, 0) for name in then.per_rule}
    return ReasonReport(
        graph=then.graph,
        triples=first.triples + then.triples,
        rounds=max(first.rounds, then.rounds),
        seconds=first.seconds + then.seconds,
        per_rule=per_rule,
        sources=first.sources + then.sources,
    )


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
