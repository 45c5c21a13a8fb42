"""The build: inputs → articles → NLP → facts → RDF → store, as a stream.

The only module besides :mod:`kg.cli` that chains stages. One article that fails anywhere is
reported by name and skipped; every other article is built.

Articles are read, processed and written as a stream: at most a few batches are in memory
at once, whatever the size of the input. Whole articles (NLP, facts, RDF, and the reasoning of
each article graph in hand) are processed in worker processes, which die with the build:
``n_process`` of them, or with ``n_process=1`` one, when the input holds more than one batch.
The main process reads the inputs, and a writer thread of it writes the finished graphs, many
articles per transaction, while the workers go on (:mod:`kg.store.writer`), so extraction and
writing overlap even on one process. A single batch is processed and written in the build's own
thread (no worker to start). ``engine="dask"`` runs the batches as tasks on a Dask cluster
instead (:mod:`kg.engines`); ``bulk`` gathers new graphs in N-Quads shards that the bulk loader
loads at the end (:mod:`kg.store.bulk`).

A re-build skips articles whose text and extractor version have not changed, and keeps each
article's identity (see :mod:`kg.ingest.identity`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import itertools
import logging
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import BinaryIO

from rdflib.namespace import DCTERMS, OWL

import kg
from kg import engines
from kg.config import Settings
from kg.facts import extract
from kg.ingest import (
    LEGACY,
    Admitted,
    Article,
    Decision,
    Deferred,
    Identities,
    InputFile,
    Notice,
    ReadFailure,
    ReadOptions,
    StoredArticle,
    Unchanged,
    detect_language,
    parse_fields,
    read_file,
    walk,
)
from kg.nlp import AnalysisFailure, analyze, load_pipeline, preload_pipeline
from kg.query.stats import graph_stats
from kg.rdf import IriMinter, article_graph
from kg.reason import ReasonReport, RuleFile, ValidationReport, reason, validate
from kg.reason.infer import (
    all_rules,
    infer_graph,
    inferred_graph_name,
    inferred_graph_of,
    stale_sources,
)
from kg.report import BuildSummary, Note, Skipped, save_build_report
from kg.store import EncodedGraph, Store
from kg.store.bulk import ShardWriter
from kg.store.writer import GraphWriter, Written
from kg.vocab import MS

log = logging.getLogger(__name__)

BATCH_SIZE = 16
#: the store is flushed after this many articles: Oxigraph's write buffers otherwise grow by
#: ~180 KB an article up to ~630 MB (measured on 4,800 generated articles) before it flushes
#: them itself; flushing every 1,000 keeps a long build's memory flat at about +100 MB
FLUSH_EVERY = 1000


@dataclass
class BuildReport:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)  # the named graphs written
    failures: list[ReadFailure] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    unchanged: int = 0
    pruned: list[str] = field(default_factory=list)
    triples_written: int = 0
    words: int = 0
    seconds: float = 0.0
    load_seconds: float = 0.0  # of ``seconds``: loading the NLP pipeline
    reasoning: ReasonReport | None = None
    validation: ValidationReport | None = None

    @property
    def words_per_second(self) -> float:
        """Words built per second, the time spent loading the NLP pipeline left out (it is
        the same for one article as for a million)."""
        working = self.seconds - self.load_seconds
        return self.words / working if working > 0 else 0.0

    @property
    def changed(self) -> bool:
        """Whether the build wrote anything into the store."""
        return bool(self.built or self.pruned)


def extractor_version(settings: Settings) -> str:
    """The program version and a checksum of everything that shapes an article's graph: the
    code and data of the NLP, facts and RDF stages, the vocabulary, the N-Triples writer and the
    settings they read.
    An article built under another version is rebuilt by the next build."""
    return _code_version(settings.resource_base, settings.statistical_ner)


@lru_cache(maxsize=4)
def _code_version(resource_base: str, statistical_ner: bool) -> str:
    package = Path(kg.__file__).parent
    digest = hashlib.sha256(f"{resource_base}\n{statistical_ner}\n".encode())
    files = [package / "vocab.py", package / "ntriples.py"]
    for stage in ("nlp", "facts", "rdf"):
        files += sorted(p for p in (package / stage).rglob("*") if p.is_file() and p.suffix != ".pyc")
    for path in files:
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return f"motorsport-kg {kg.__version__} {digest.hexdigest()[:12]}"


def process_articles(
    articles: list[Article], resource_base: str, version: str | None = None
) -> list[EncodedGraph | ReadFailure]:
    """Text → NLP → facts → RDF for a batch of articles, in input order.

    An article that fails at any stage becomes a :class:`ReadFailure` naming it and the reason.
    """
    minter = IriMinter(resource_base)
    out: list[EncodedGraph | ReadFailure] = []
    for analyzed in analyze(articles):
        article = analyzed.article
        if isinstance(analyzed, AnalysisFailure):
            out.append(ReadFailure(article.source, f"analysis failed: {analyzed.reason}", article.location))
            continue
        try:
            out.append(article_graph(extract(analyzed), minter, extractor_version=version))
        except Exception as e:  # one bad article must not spoil the build
            log.exception("failed to build %s", article.source)
            out.append(
                ReadFailure(article.source, f"extraction failed: {type(e).__name__}: {e}", article.location)
            )
    return out


@dataclass(frozen=True)
class Built:
    """An article graph as a worker made it, with its inferred graph (reasoned there, from the
    graph in hand), what each rule inferred and the seconds the reasoning took."""

    graph: EncodedGraph
    inferred: EncodedGraph | None = None
    per_rule: dict[str, int] = field(default_factory=dict)
    reason_seconds: float = 0.0


@lru_cache(maxsize=1)
def _rules() -> tuple[RuleFile, ...]:
    return tuple(all_rules())


def build_articles(
    articles: list[Article], resource_base: str, version: str | None = None, reasoning: bool = True
) -> list[Built | ReadFailure]:
    """:func:`process_articles`, each graph then reasoned (with ``reasoning``), in input order:
    the work of one batch in a build's worker, so that the process that writes only writes."""
    out: list[Built | ReadFailure] = []
    outcomes = process_articles(articles, resource_base, version)
    for article, outcome in zip(articles, outcomes, strict=True):
        if isinstance(outcome, ReadFailure) or not reasoning:
            out.append(outcome if isinstance(outcome, ReadFailure) else Built(outcome))
            continue
        started = time.perf_counter()
        counts: Counter[str] = Counter()
        try:
            inferred = infer_graph(outcome, resource_base, list(_rules()), counts)
        except Exception as e:  # one bad article must not spoil the build
            log.exception("failed to reason %s", article.source)
            reason = f"reasoning failed: {type(e).__name__}: {e}"
            out.append(ReadFailure(article.source, reason, article.location))
            continue
        out.append(Built(outcome, inferred, dict(counts), time.perf_counter() - started))
    return out


def stored_articles(store: Store) -> list[StoredArticle]:
    """The articles ``store`` holds: graph, identifier, location, checksum, extractor version.

    An article built before locations were recorded gets a location of its own
    (``legacy:<graph>``), so a new input with its identifier replaces it as builds used to.
    """
    rows = store.select(
        "SELECT ?g ?id ?loc ?sum ?ver WHERE { GRAPH ?g { "
        f"?g a {MS.Article.n3()} ; {DCTERMS.identifier.n3()} ?id . "
        f"OPTIONAL {{ ?g {MS.inputPath.n3()} ?loc }} OPTIONAL {{ ?g {MS.checksum.n3()} ?sum }} "
        f"OPTIONAL {{ ?g {MS.extractorVersion.n3()} ?ver }} }} }}"
    )
    found = []
    for row in rows:
        graph = row["g"].value
        loc, checksum, version = (row[v].value if row[v] is not None else None for v in ("loc", "sum", "ver"))
        found.append(
            StoredArticle(graph, row["id"].value, loc or f"{LEGACY}{graph}", checksum or "", version)
        )
    return found


def _refusal(article: Article, settings: Settings) -> tuple[str | None, Article]:
    """Why an article is not built (too long, not German), or ``None`` and the article with
    the language the detector found."""
    if len(article.text) > settings.max_article_chars:
        return (
            f"too long: {len(article.text):,} characters (the limit is {settings.max_article_chars:,}, "
            "setting max_article_chars)",
            article,
        )
    if not settings.check_language:
        return None, article
    verdict = detect_language(article.text)
    if not verdict.german:
        return f"not German (detected {verdict.language}, probability {verdict.probability:.2f})", article
    return None, replace(article, language="de") if verdict.detected_german else article


@dataclass
class _Build:
    """One build's state: the report, the identities, and what the progress display hears."""

    store: Store
    settings: Settings
    identities: Identities
    report: BuildReport
    on_article: Callable[[str], None] | None

    def done(self, name: str) -> None:
        if self.on_article is not None:
            self.on_article(name)

    def admit(self, items: Iterable[Article | ReadFailure | Notice]) -> Iterator[Article]:
        """The articles to process, from everything read; the rest goes into the report."""
        deferred: list[Article] = []
        for item in items:
            if isinstance(item, Notice):
                self.report.notices.append(item)
            elif isinstance(item, ReadFailure):
                self.identities.failed(item)
                self.fail(item)
            else:
                yield from self._decide(self.identities.decide(item), deferred)
        for decision in self.identities.finish(deferred):
            yield from self._decide(decision, [])

    def _decide(self, decision: Decision, deferred: list[Article]) -> Iterator[Article]:
        if isinstance(decision, Deferred):
            deferred.append(decision.article)
        elif isinstance(decision, ReadFailure):
            self.fail(decision)
        elif isinstance(decision, Unchanged):
            self.report.unchanged += 1
            self.done(decision.article.identifier)
        elif isinstance(decision, Admitted):
            reason, article = _refusal(decision.article, self.settings)
            if reason is not None:
                self.identities.withdraw(decision.article)
                self.fail(ReadFailure(article.source, reason, article.location))
                return
            if decision.notice is not None:
                self.report.notices.append(decision.notice)
            yield article

    def fail(self, failure: ReadFailure) -> None:
        log.debug("skipped %s: %s", failure.source, failure.reason)  # the summary lists it
        self.report.failures.append(failure)
        self.done(failure.source)

    def write(
        self,
        article: Article,
        outcome: Built | ReadFailure,
        writer: GraphWriter,
        shards: ShardWriter | None,
    ) -> None:
        """Hand a finished graph to the writer (or the bulk shards: their graphs are reasoned
        after the load), with its inferred graph to write in the same transaction."""
        if isinstance(outcome, ReadFailure):
            self.fail(outcome)
        elif shards is not None and shards.takes(outcome.graph):
            shards.add(article, outcome.graph)
        else:
            self._reasoned(outcome)
            writer.put(article, outcome.graph, () if outcome.inferred is None else (outcome.inferred,))

    def _reasoned(self, built: Built) -> None:
        report = self.report.reasoning
        if report is None or not built.per_rule:
            return
        report.seconds += built.reason_seconds
        if built.inferred is not None:
            report.sources += 1
            report.triples += built.inferred.triples
        for name, n in built.per_rule.items():
            report.per_rule[name] = report.per_rule.get(name, 0) + n

    def written(self, outcome: Written) -> None:
        """What the writer thread reports once a graph is committed (or has failed)."""
        article = outcome.key
        assert isinstance(article, Article)
        if outcome.error is not None:
            log.error("failed to store %s: %s", article.source, outcome.error)
            self.fail(ReadFailure(article.source, f"store failed: {outcome.error}", article.location))
            return
        self.report.triples_written += outcome.graph.triples
        self.report.built.append(article.identifier)
        self.report.graphs.append(outcome.graph.name)
        self.report.words += len(article.text.split())
        if len(self.report.built) % FLUSH_EVERY == 0:
            self.store.flush()
        self.done(article.identifier)

    def writer(self, reasoning: bool, background: bool) -> GraphWriter:
        """The writer (a thread of its own if ``background``): with ``reasoning``, each
        article's inferred graph (made by the worker, :func:`build_articles`) is written in the
        same transaction; without, the old one is dropped."""
        base = self.settings.resource_base
        if not reasoning:
            return GraphWriter(
                self.store,
                self.written,
                removals=lambda g: [n] if (n := inferred_graph_of(base, g.name)) else [],
                background=background,
            )
        self.report.reasoning = ReasonReport(
            graph=inferred_graph_name(base) + "/", per_rule={r.name: 0 for r in _rules()}
        )
        return GraphWriter(self.store, self.written, background=background)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(
    paths: Iterable[Path | str],
    store: Store,
    settings: Settings,
    *,
    n_process: int = 1,
    on_article: Callable[[str], None] | None = None,
    on_status: Callable[[str], None] | None = None,
    root: Path | None = None,
    force: bool = False,
    prune: bool = False,
    stdin: BinaryIO | None = None,
    engine: str = "local",
    address: str | None = None,
    bulk: bool = False,
    reasoning: bool = True,
) -> BuildReport:
    """Build every article under ``paths`` into ``store``, replacing earlier versions of them.

    Args:
        paths: files of any readable type (:mod:`kg.ingest`), folders of them, ``-`` for
            JSON Lines on ``stdin``.
        store: where each article's named graph is written (batched transactions, each
            article all or nothing).
        settings: resource base, article length limit, language check, record field names.
        n_process: worker processes for NLP, facts and RDF (the store is written by this one).
        on_article: called once per article read (built, unchanged or skipped), for progress.
        on_status: called with a message before a long step (loading the NLP pipeline).
        root: the build root that locations (``dcterms:source``) are relative to (default:
            the current folder).
        force: rebuild articles that have not changed too.
        prune: remove the graphs of stored articles that are no longer in the input.
        engine: ``local`` (this process and ``n_process`` workers) or ``dask``; ``address`` a
            Dask scheduler (default: a local cluster of ``n_process`` workers).
        bulk: load the graphs the store does not hold yet with the bulk loader, at the end.
        reasoning: reason each article as it is written (its inferred graph in the same
            transaction); without, the article's old inferred graph is dropped with it.
    """
    engines.check(engine)
    report = BuildReport()
    started = time.perf_counter()
    version = extractor_version(settings)
    minter = IriMinter(settings.resource_base)
    options = ReadOptions(fields=parse_fields(settings.record_fields), max_chars=settings.max_article_chars)
    files: list[InputFile] = []
    problems: list[ReadFailure | Notice] = []
    for item in walk(paths, root):
        if isinstance(item, InputFile):
            files.append(item)
        else:
            problems.append(item)
    identities = Identities(
        stored_articles(store),
        key=lambda identifier: str(minter.article(identifier)),
        extractor_version=version,
        force=force,
        files=[f.location for f in files],
        prune=prune,
    )
    state = _Build(store, settings, identities, report, on_article)
    read = itertools.chain(problems, (item for f in files for item in read_file(f, options, stdin)))
    work = partial(build_articles, resource_base=settings.resource_base, version=version, reasoning=reasoning)
    batches = _batches(state.admit(read), BATCH_SIZE)
    head = list(itertools.islice(batches, 2))  # one batch only: no worker to start
    workers = _workers(n_process, engine, several=len(head) > 1)
    shards = ShardWriter(store) if bulk else None
    # the writer thread writes while workers extract; without them it would only compete with
    # the extraction for the GIL
    with state.writer(reasoning, background=workers > 0) as writer:
        processed = _process(iter(head), batches, work, workers, on_status, engine, address, report)
        for batch, outcomes in processed:
            for article, outcome in zip(batch, outcomes, strict=True):
                state.write(article, outcome, writer, shards)
    if shards is not None:
        for key, graph in shards.load():
            state.written(Written(key, graph))
    if prune:
        for stale in identities.prunable():
            if store.remove_graph(stale.graph):
                report.pruned.append(stale.identifier)
                inferred = inferred_graph_of(settings.resource_base, stale.graph)
                if inferred is not None:
                    store.remove_graph(inferred)
    if report.changed:
        store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _workers(n_process: int, engine: str, *, several: bool) -> int:
    """How many worker processes extract: ``n_process`` (Dask: its workers), or on one process
    one worker while this process writes, unless there is a single batch (``several``: more
    than one), which a worker would only delay."""
    if engine != "local" or n_process > 1:
        return max(1, n_process)
    return 1 if several else 0


Outcomes = list[Built | ReadFailure]
Work = Callable[[list[Article]], Outcomes]


def _process(
    head: Iterator[list[Article]],
    batches: Iterator[list[Article]],
    work: Work,
    workers: int,
    on_status: Callable[[str], None] | None,
    engine: str = "local",
    address: str | None = None,
    report: BuildReport | None = None,
) -> Iterator[tuple[list[Article], Outcomes]]:
    """``(batch, outcomes)`` in input order (the batches of ``head``, then of ``batches``): in
    ``workers`` worker processes, in this one without, or with ``engine="dask"`` as tasks on a
    Dask cluster of ``workers``. The time spent loading the NLP pipeline here goes into
    ``report.load_seconds`` (Dask workers load it on their own)."""
    first = next(head, None)
    if first is None:
        return  # nothing to process: the NLP pipeline is not even loaded
    rest = itertools.chain([first], head, batches)
    if engine == "dask":  # each worker loads the pipeline once, on its first batch
        yield from engines.dask_map(work, rest, workers=workers, address=address)
        return
    if on_status is not None:
        on_status("loading the NLP pipeline")
    started = time.perf_counter()
    if workers > 1:
        preload_pipeline()  # before forking, so that the workers inherit it (the NER too)
    else:
        load_pipeline()  # the NER is loaded if and when a sentence needs it
    if report is not None:
        report.load_seconds = time.perf_counter() - started
    if workers == 0:
        for batch in rest:
            yield batch, work(batch)
    else:
        yield from _in_workers(rest, work, workers)


def _in_workers(
    batches: Iterator[list[Article]], work: Work, n_process: int
) -> Iterator[tuple[list[Article], Outcomes]]:
    """Batches processed in a pool of workers that die with this process, at most two per
    worker in flight. A worker that dies (killed, out of memory) breaks the pool: the batches
    it had are processed again one article at a time, so only the article that kills its
    worker fails, and a new pool takes the rest."""
    pending: deque[tuple[list[Article], Future[Outcomes]]] = deque()
    pool = _pool(n_process)
    try:
        for batch in batches:
            try:
                future = pool.submit(work, batch)
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(n_process)
                future = pool.submit(work, batch)
            pending.append((batch, future))
            while len(pending) >= 2 * n_process:
                yield _result(*pending.popleft(), work)
        while pending:
            yield _result(*pending.popleft(), work)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(batch: list[Article], future: Future[Outcomes], work: Work) -> tuple[list[Article], Outcomes]:
    try:
        return batch, future.result()
    except BrokenProcessPool:
        return batch, [_alone(article, work) for article in batch]


def _alone(article: Article, work: Work) -> Built | ReadFailure:
    """One article in a worker of its own: its outcome, or a failure if it kills the worker."""
    with _pool(1) as pool:
        try:
            (outcome,) = pool.submit(work, [article]).result()
        except BrokenProcessPool:
            reason = "its worker process died while processing it (killed, or out of memory)"
            return ReadFailure(article.source, reason, article.location)
    return outcome


def _pool(n_process: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=n_process, initializer=_die_with_parent, initargs=(os.getpid(),))


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker initializer: the kernel kills this worker when the build process dies (Linux
    ``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread watches for the parent to go."""
    libc_name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(libc_name or "libc.so.6", use_errno=True)
        ok = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        ok = False
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if not ok:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


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
) -> BuildSummary:
    """After :func:`build` (and linking): reason and validate what changed, and write the report.

    Reasoning and validation cost what the build wrote, not what the store holds: the graphs
    written (and the links graph) are reasoned and validated, nothing else. Violations never
    stop a build; they are counted in the report. The report (:func:`build_summary`) is saved
    in the store directory for ``kg stats`` and ``/about``, unless the store lives in memory or
    on a server.
    """
    changed = list(report.graphs)
    if run_reasoning:  # what the build did not reason as it wrote: bulk-loaded graphs, links
        built = report.reasoning if report.reasoning is not None and report.reasoning.sources else None
        if report.changed or stale_sources(store, settings.resource_base):
            rest = reason_step(store, settings)
            report.reasoning = _merged(built, rest) if built else rest
        else:  # nothing written and nothing stale: nothing to reason
            report.reasoning = built
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


def build_summary(store: Store, report: BuildReport) -> BuildSummary:
    """The figures of a build: articles, entities per class, results, facts, links, inferred
    triples, violations (by shape), times and words/s."""
    stats = graph_stats(store)

    n_built = len(report.built)
    reasoning, validation = report.reasoning, report.validation

    def per_article(seconds: float) -> float | None:
        return round(1000 * seconds / n_built, 2) if n_built else None

    return BuildSummary(
        finished=datetime.now(UTC).isoformat(timespec="seconds"),
        store=str(store.path) if store.path is not None else None,
        articles_read=n_built + report.unchanged + len(report.failures),
        articles_built=n_built,
        articles_unchanged=report.unchanged,
        articles_pruned=len(report.pruned),
        skipped=tuple(Skipped(f.name, f.reason) for f in report.failures),
        notices=tuple(Note(n.name, n.message) for n in report.notices),
        articles_in_store=stats.articles,
        entities=stats.entities,
        results=stats.results,
        facts=store.count(f"?s a {MS.FactStatement.n3()}"),
        links=store.count(f"?s {OWL.sameAs.n3()} ?o"),
        triples=stats.triples,
        triples_written=report.triples_written,
        inferred_triples=reasoning.triples if reasoning else None,
        inferred_by_rule=reasoning.per_rule if reasoning else None,
        violations=len(validation.violations) if validation else None,
        violations_by_shape=validation.by_shape() if validation else None,
        words=report.words,
        seconds=round(report.seconds, 3),
        load_seconds=round(report.load_seconds, 3),
        words_per_second=round(report.words_per_second, 1),
        reason_seconds=round(reasoning.seconds, 3) if reasoning else None,
        validate_seconds=round(validation.seconds, 3) if validation else None,
        reason_ms_per_article=per_article(reasoning.seconds) if reasoning else None,
        validate_ms_per_article=per_article(validation.seconds) if validation else None,
    )
