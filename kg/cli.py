"""The ``kg`` command line: a thin shell over the library. Only this module prints."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__, formats
from kg.config import SETTINGS, Settings, setting_row
from kg.errors import InputError, KGError

if TYPE_CHECKING:
    from kg.report import BuildSummary

log = logging.getLogger("kg")


#: the shared data folder beside the repository
_DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        default=None,
        help="store directory, or the URL of a SPARQL 1.1 server (default: $KG_STORE or ./store)",
    )


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="kg",
        description="Turn German motorsport news into a knowledge graph and query it.",
        epilog="Settings (environment variables): "
        + "; ".join(f"{s.env} ({s.help}{' Environment only.' if s.secret else ''})" for s in SETTINGS),
    )
    ap.add_argument("--version", action="version", version=f"motorsport-kg {__version__}")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build",
        help="extract articles (text, HTML, JSON Lines, feeds, WARC; files or folders) into the store",
    )
    b.add_argument(
        "paths",
        nargs="+",
        type=Path,
        help=".txt/.md, .html, .jsonl/.json, RSS/Atom and .warc(.gz) files, folders of them; "
        "- for JSON Lines on stdin",
    )
    _store_arg(b)
    b.add_argument("--processes", type=int, default=1, help="NLP worker processes (default 1)")
    b.add_argument("--resource-base", default=None, help="base IRI of minted resources")
    b.add_argument(
        "--root", type=Path, default=None, help="folder dcterms:source paths are relative to (default .)"
    )
    b.add_argument("--force", action="store_true", help="rebuild articles that have not changed too")
    b.add_argument("--prune", action="store_true", help="remove stored articles no longer in the input")
    b.add_argument("--field", action="append", default=[], metavar="FIELD=KEY",
                   help="JSON record field, e.g. text=content or url=meta.link (repeatable)")  # fmt: skip
    b.add_argument(
        "--max-article-chars", type=int, default=None, help="longest article built (default 100000 chars)"
    )
    b.add_argument("--no-language-check", action="store_true", help="build articles in any language")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.add_argument("--link", action="store_true", help="link entities to Wikidata (offline) after the build")
    b.add_argument("--no-reason", action="store_true", help="skip reasoning (the inferred graph)")
    b.add_argument("--no-validate", action="store_true", help="skip validation (SHACL shapes and checks)")
    b.add_argument(
        "--engine",
        default="local",
        choices=["local", "dask"],
        help="where NLP, facts and RDF run: local processes or a Dask cluster (default local)",
    )
    b.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler to run on (tcp://host:8786); default: a local cluster of --processes workers",
    )
    b.add_argument(
        "--bulk",
        action="store_true",
        help="load new article graphs with the bulk loader at the end (first builds; not transactional)",
    )

    e = sub.add_parser("export", help="write the store as RDF (to a file, or to standard output)")
    _store_arg(e)
    e.add_argument(
        "output", nargs="?", default=None, help="output file, or - for standard output (the default)"
    )
    e.add_argument("-o", "--output", dest="output_option", metavar="OUTPUT", default=None,
                   help="the same as the positional OUTPUT")  # fmt: skip
    e.add_argument(
        "--format",
        default=None,
        metavar="FORMAT",
        help=f"{_format_choices(formats.RDF_FORMATS)} (default: the output file's suffix; "
        "turtle for standard output)",
    )

    q = sub.add_parser("query", help="run a SPARQL query (text, a .rq file, or a saved query's name)")
    _store_arg(q)
    q.add_argument("query", help="SPARQL text, the path of a .rq file, or the name of a saved query")
    q.add_argument(
        "--format",
        default="table",
        metavar="FORMAT",
        help=f"table (the default); SELECT and ASK: {_format_choices(formats.RESULTS_FORMATS)}; "
        f"CONSTRUCT and DESCRIBE: {_format_choices(formats.GRAPH_FORMATS)}",
    )
    q.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a query variable to an IRI, a short IRI (driver/lukas-brenner, ms:Driver), an "
        'entity\'s name (Lukas Brenner) or a "quoted" literal; what names nothing is a literal',
    )

    s = sub.add_parser("stats", help="what the store holds")
    _store_arg(s)
    s.add_argument("--format", default="table", choices=["table", "json"])

    r = sub.add_parser("reason", help="bring the inferred graphs up to date (ontology and ontology/rules)")
    _store_arg(r)
    r.add_argument("--all", action="store_true", help="reason every graph anew, not only the stale ones")
    r.add_argument("--resource-base", default=None, help="base IRI of minted resources")

    va = sub.add_parser("validate", help="check the store against ontology/shapes.ttl and ontology/checks")
    _store_arg(va)
    va.add_argument("--format", default="text", choices=["text", "json"])
    scope = va.add_mutually_exclusive_group()
    scope.add_argument(
        "--all", action="store_true", help="every source graph, one batch at a time (the default)"
    )
    scope.add_argument(
        "--graph", action="append", default=None, metavar="IRI", help="validate this graph only (repeatable)"
    )

    k = sub.add_parser("link", help="link entities to Wikidata items (owl:sameAs, in their own graph)")
    _store_arg(k)
    mode = k.add_mutually_exclusive_group()
    mode.add_argument("--offline", action="store_true", help="the shipped index only (the default)")
    mode.add_argument("--online", action="store_true", help="also search the Wikidata API for what is left")
    k.add_argument("--min-score", type=float, default=None, help="lowest score linked (default 0.7)")
    k.add_argument("--report", action="store_true", help="list the entities left unlinked, and why")
    k.add_argument(
        "--dry-run", action="store_true",
        help="print the API requests (and the statements of --quickstatements); write nothing",
    )  # fmt: skip
    k.add_argument(
        "--index", type=Path, default=None,
        help="local index read on top of the shipped one, grown by --save-index (default: $KG_LINK_INDEX)",
    )  # fmt: skip
    k.add_argument(
        "--save-index", action="store_true",
        help="with --online: add what was linked online to the local index (source and time per row)",
    )  # fmt: skip
    k.add_argument("--cache", type=Path, default=None, help="API answer cache folder")
    k.add_argument("--api-url", default=None, help="Wikidata api.php URL")
    k.add_argument("--user-agent", default=None, help="User-Agent with your contact (Wikimedia policy)")
    k.add_argument("--timeout", type=float, default=None, help="seconds to wait for an API answer")
    k.add_argument("--reference-year", type=int, default=None, help="the year stated ages refer to")
    k.add_argument("--quickstatements", type=Path, default=None, metavar="FILE",
                   help="write QuickStatements lines for linked facts (for Wikidata editors)")  # fmt: skip

    n = sub.add_parser("nlp", help="train or evaluate the statistical German NER")
    nsub = n.add_subparsers(dest="nlp_command", required=True)
    nt = nsub.add_parser("train", help="train the NER (reproduces the shipped model with the defaults)")
    nt.add_argument(
        "--data", type=Path, default=_DEFAULT_DATA, help="shared data folder (default ../shared/data)"
    )
    nt.add_argument(
        "--output", type=Path, default=None, help="model directory (default: the shipped model's)"
    )
    nt.add_argument("--max-minutes", type=float, default=None, help="stop training after this long")
    _dev_args(nt, "train also on the dev set's training split, its texts rebuilt in DIR/texts")
    nt.add_argument(
        "--dev-factor",
        type=int,
        default=None,
        metavar="N",
        help="repeat each dev training sentence N times (default: the shipped model's)",
    )
    ne = nsub.add_parser(
        "evaluate",
        help="NER P/R/F1 on GermEval 2014 dev (and the dev set: --dev) and the seed drivers; lemma accuracy",
    )
    ne.add_argument(
        "--data", type=Path, default=_DEFAULT_DATA, help="shared data folder (default ../shared/data)"
    )
    ne.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped model)")
    _dev_args(ne, "also score against the dev set's projected gold, its texts rebuilt in DIR/texts")

    ev = sub.add_parser(
        "eval", help="build texts in memory and score them against gold facts (entities, results, facts)"
    )
    ev.add_argument("texts", type=Path, help="folder of the texts (<id>.txt)")
    ev.add_argument("--gold", type=Path, required=True, help="folder of the gold files (<id>.json)")
    ev.add_argument("--ids", default=None, help="comma-separated article ids (default: every gold file)")
    ev.add_argument(
        "--split",
        choices=("train", "validation"),
        default=None,
        help="a split of the development set, as its README beside the gold folder names it",
    )
    ev.add_argument(
        "--scorer", type=Path, default=None, help="score.py (default: found beside the gold folder)"
    )
    ev.add_argument("--details", action="store_true", help="list every miss and false hit")

    v = sub.add_parser(
        "serve",
        help="serve the SPARQL endpoint (same as serve.py)",
        epilog="The update token is a secret: set KG_UPDATE_TOKEN in the environment to enable updates.",
    )
    _store_arg(v)
    for name in SERVE_FLAGS:
        _setting_flag(v, name)
    return ap


#: the settings `kg serve` (and serve.py) take as flags; every other one from the environment
SERVE_FLAGS = ("host", "port", "workers", "threads", "resource_base", "public_url")


def _setting_flag(p: argparse.ArgumentParser, name: str) -> None:
    """A flag for a setting, with the type and help of its row in the settings table."""
    row = setting_row(name)
    assert not row.secret, f"{name} is a secret: never a command-line flag"
    p.add_argument(row.flag, dest=name, default=None,
                   help=f"{row.help} (default {row.default!r}; {row.env})")  # fmt: skip


def _format_choices(table: Sequence[formats.Format]) -> str:
    return ", ".join(f.name + "".join(f"/{s}" for s in f.suffixes if s != f.name) for f in table)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a name of any bytes must never end a command
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    _logging(args.command, args.verbose)
    try:
        return _COMMANDS[args.command](args)
    except KGError as e:
        print(f"kg {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`kg query … | head`): stop quietly, as a program killed by
        # SIGPIPE would; what Python still flushes at exit goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13


def _logging(command: str, verbose: int) -> None:
    """Warnings by default (the server: its log, from INFO); ``-v`` INFO, ``-vv`` DEBUG."""
    if command == "serve":
        level = logging.DEBUG if verbose else logging.INFO
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return
    logging.basicConfig(
        level=[logging.ERROR, logging.INFO, logging.DEBUG][min(verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not verbose:  # our warnings; a library's (an HTML page with no text, a broken WARC
        # record) repeat what the build reports of the input it read them in
        logging.getLogger("kg").setLevel(logging.WARNING)


def _settings(args: argparse.Namespace, **extra: Any) -> Settings:
    """The settings: defaults, the environment, then every flag of a setting's name that was
    given (``--store``, ``--port``, …) and ``extra``."""
    flags = {s.name: getattr(args, s.name) for s in SETTINGS if getattr(args, s.name, None) is not None}
    flags.update({name: value for name, value in extra.items() if value is not None})
    if "store" in flags:
        flags["store"] = str(flags["store"])
    return Settings.load(**flags)


def _build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kg.ingest.walk import SUPPORTED
    from kg.pipeline import build, finish_build
    from kg.store import Store

    # a path that is not there is a typo on the command line: nothing is built, no store made
    missing = [str(p) for p in args.paths if str(p) != "-" and not os.path.lexists(p)]
    if missing:
        raise InputError(f"{', '.join(missing)}: no such file or folder; nothing built")
    settings = _settings(
        args,
        check_language=False if args.no_language_check else None,
        record_fields=",".join(args.field) or None,
    )
    store = Store(settings.store)
    with tqdm(unit="article", disable=args.no_progress or None, file=sys.stderr) as bar:
        report = build(
            args.paths, store, settings, n_process=args.processes, root=args.root, force=args.force,
            prune=args.prune, stdin=sys.stdin.buffer, on_article=lambda _: bar.update(),
            on_status=lambda message: bar.write(f"{message} …", file=sys.stderr),
            engine=args.engine, address=args.scheduler, bulk=args.bulk, reasoning=not args.no_reason,
        )  # fmt: skip
    if args.link and report.built:
        from kg.link import link_store

        _print_link_summary(link_store(store, settings))
    summary = finish_build(
        store, settings, report, run_reasoning=not args.no_reason, run_validation=not args.no_validate
    )
    _print_build_summary(summary)
    if not summary.articles_read and not summary.articles_pruned:
        where = ", ".join(str(p) for p in args.paths)
        print(f"kg build: no input files in {where} (readable: {SUPPORTED})", file=sys.stderr)
        return 1
    return 0 if report.built or report.unchanged or not report.failures else 1


def _print_build_summary(summary: BuildSummary) -> None:
    """The figures of a build (``kg build``, and ``kg stats`` for the last one)."""
    print(f"build      {summary.finished or '?'}" + (f" into {summary.store}" if summary.store else ""))
    extra = "".join(
        f", {n} {word}"
        for n, word in (
            (summary.articles_unchanged, "unchanged"),
            (len(summary.skipped), "skipped"),
            (summary.articles_pruned, "pruned"),
        )
        if n
    )
    nothing = "; nothing written" if not summary.articles_built and not summary.articles_pruned else ""
    print(f"articles   {summary.articles_built} built of {summary.articles_read} read{extra}{nothing}")
    for item in summary.skipped:
        print(f"  skipped  {item.source}: {item.reason}")
    for note in summary.notices:
        print(f"  note     {note.source}: {note.message}")
    print("entities   " + ", ".join(f"{name} {n}" for name, n in sorted(summary.entities.items())))
    print(f"results    {summary.results}")
    print(f"facts      {summary.facts}")
    print(f"links      {summary.links}")
    print(f"triples    {summary.triples} in the store")
    if summary.inferred_triples is not None:
        print(
            f"inferred   {summary.inferred_triples} triples in {summary.reason_seconds or 0:.2f} s "
            f"({summary.reason_ms_per_article or 0:.1f} ms/article)"
        )
    if summary.violations is not None:
        shapes = ", ".join(f"{k} {n}" for k, n in (summary.violations_by_shape or {}).items())
        print(
            f"violations {summary.violations}" + (f" ({shapes})" if shapes else "")
            + f" in {summary.validate_seconds or 0:.2f} s"
            + f" ({summary.validate_ms_per_article or 0:.1f} ms/article)"
        )  # fmt: skip
    timing = f"time       {summary.seconds:.2f} s"
    if summary.words:
        loading = f"NLP pipeline loaded in {summary.load_seconds:.2f} s, " if summary.load_seconds else ""
        timing += f" ({loading}{summary.words:,} words at {summary.words_per_second:,.0f} words/s)"
    print(timing)


def _reason(args: argparse.Namespace) -> int:
    from kg.pipeline import reason_step
    from kg.store import Store

    settings = _settings(args, resource_base=args.resource_base)
    result = reason_step(Store(settings.store), settings, everything=args.all)
    rules = ", ".join(f"{name} {n}" for name, n in result.per_rule.items())
    print(
        f"inferred {result.triples} triples from {result.sources} graph(s) into <{result.graph}…> "
        f"in {result.seconds:.2f} s ({result.rounds} rounds; {rules})"
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kg.pipeline import validate_step
    from kg.store import Store

    settings = _settings(args)
    result = validate_step(Store(settings.store, read_only=True), settings, args.graph)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return 0 if result.conforms else 2
    for v in result.violations:
        where = ", ".join(v.articles) or "-"
        detail = "".join(f" {x}" for x in (v.path, v.value) if x)
        print(f"{where}: {v.shape}: {v.message} <{v.focus}>{detail}")
        if v.sentence:
            print(f"    \u00bb{v.sentence}\u00ab")
    shapes = ", ".join(f"{k} {n}" for k, n in result.by_shape().items())
    print(
        f"{len(result.violations)} violation(s)"
        + (f": {shapes}" if shapes else "")
        + f" in {result.seconds:.2f} s"
    )
    return 0 if result.conforms else 2


def _print_link_summary(report: object) -> None:
    from kg.link import LinkReport

    assert isinstance(report, LinkReport)
    counts = ", ".join(f"{kind} {n}/{total}" for kind, (n, total) in report.counts().items())
    print(f"linked {len(report.links)} entities to Wikidata" + (f" ({counts})" if counts else ""))


def _link(args: argparse.Namespace) -> int:
    from kg.errors import InputError
    from kg.link import WikidataClient, link_store, load_index, local_index_path, statements
    from kg.store import Store

    settings = _settings(
        args,
        link_min_score=args.min_score,
        link_index=str(args.index) if args.index else None,
        wikidata_api_url=args.api_url,
        wikidata_user_agent=args.user_agent,
        wikidata_cache=str(args.cache) if args.cache else None,
        wikidata_timeout=args.timeout,
    )
    if args.save_index and not args.online:
        raise InputError("--save-index needs --online (the local index grows from what is linked online)")
    local = local_index_path(settings)
    index = load_index(local=local)
    client = WikidataClient.from_settings(settings, dry_run=args.dry_run) if args.online else None
    store = Store(settings.store)
    report = link_store(
        store, settings, index=index, client=client, min_score=settings.link_min_score,
        reference_year=args.reference_year, write=not args.dry_run,
        save_index=local if args.save_index else None,
    )  # fmt: skip
    for url in report.requests if args.dry_run else ():
        print(f"GET {url}")
    _print_link_summary(report)
    if args.save_index and not args.dry_run:
        print(f"saved {report.index_rows_saved} row(s) to the local index {local}")
    if args.report:
        for u in report.unlinked:
            name = u.entity.labels[0] if u.entity.labels else "?"
            cands = "; ".join(f"{q} {s:.2f}" for q, s in u.candidates)
            tail = f" [{cands}]" if cands else ""
            print(f"unlinked {u.entity.kind} {name!r} <{u.entity.iri}>: {u.reason}{tail}")
    if args.quickstatements is not None:
        found = statements(store)
        if args.dry_run:
            for st in found:
                print(f"would write: {st.describe()}")
            print(f"would write {len(found)} QuickStatements line(s) to {args.quickstatements}")
            return 0
        lines = list(dict.fromkeys(st.line() for st in found))
        try:
            args.quickstatements.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        except OSError as e:
            raise InputError(f"{args.quickstatements}: cannot write: {e}") from e
        print(f"wrote {len(lines)} QuickStatements line(s) to {args.quickstatements}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from kg.export import choose_format, export
    from kg.store import Store

    if args.output is not None and args.output_option is not None:
        raise InputError("name the output once: as OUTPUT or as --output")
    output = args.output or args.output_option or "-"
    fmt = choose_format(args.format, output)
    settings = _settings(args)
    export(Store(settings.store, read_only=True), fmt.name, output)
    if output != "-":
        print(f"wrote {output} ({fmt.name})", file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.query import format_result
    from kg.query.bind import parse_binding, resolve
    from kg.query.guard import check_limits
    from kg.query.run import Limits, call_with_stack
    from kg.store import Store

    text = _query_text(args.query)
    pairs = [parse_binding(item) for item in args.bind]
    settings = _settings(args)
    # refused before Oxigraph parses it, as the endpoint does: a deep query would crash us
    check_limits(text, Limits.from_settings(settings).text)
    store = Store(settings.store, read_only=True)
    bindings = [resolve(store, name, value, settings.resource_base) for name, value in pairs]
    for b in bindings:
        if b.unresolved:
            print(
                f"kg query: ?{b.name} is the literal {b.term.n3()}: no entity has that name or IRI "
                "(quote it, --bind NAME='\"text\"', to mean the literal)",
                file=sys.stderr,
            )
        elif b.note:
            print(f"kg query: {b.note}", file=sys.stderr)
    terms = {b.name: b.term for b in bindings}

    def run() -> str:  # on a thread with a large stack; the result is read where it was made
        return format_result(store.query(text, substitutions=terms or None), args.format)

    out = call_with_stack(run)
    print(out, end="" if out.endswith("\n") else "\n")
    return 0


def _query_text(query: str) -> str:
    """The SPARQL of ``kg query``'s argument: a ``.rq`` file, a saved query's name, or SPARQL."""
    from kg.query import load_saved_queries
    from kg.resources import queries_dir

    if query.endswith(".rq") and "{" not in query:
        path = Path(query)
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    if re.fullmatch(r"[\w-]+", query):  # one word: no SPARQL, a saved query's name
        folder = queries_dir()
        saved = {q.name: q for q in load_saved_queries(folder)} if folder.is_dir() else {}
        if query in saved:
            return saved[query].text
        raise InputError(f"{query!r}: no saved query of that name; saved: {', '.join(saved) or 'none'}")
    return query


def _stats(args: argparse.Namespace) -> int:
    from kg.query.stats import graph_stats
    from kg.store import Store

    settings = _settings(args)
    stats = graph_stats(Store(settings.store, read_only=True))
    if args.format == "json":
        print(json.dumps(stats.__dict__, indent=2, sort_keys=True))
        return 0
    print(f"store      {settings.store}")
    print(f"articles   {stats.articles}")
    print(f"results    {stats.results}")
    print(f"triples    {stats.triples}")
    print("entities")
    for name, n in sorted(stats.entities.items()):
        print(f"  {name:<13}{n}")
    from kg.report import load_build_report

    last = load_build_report(settings.store)
    if last is not None:
        print("\nlast build")
        _print_build_summary(last)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kg.web.server import serve

    serve(_settings(args))
    return 0


def _dev_args(p: argparse.ArgumentParser, dev_help: str) -> None:
    p.add_argument("--dev", type=Path, default=None, metavar="DIR", help=dev_help)
    p.add_argument(
        "--dev-gold",
        type=Path,
        default=None,
        metavar="DIR",
        help="the dev set's gold folder (default: ../shared/eval/dev/gold beside --data)",
    )


def _nlp(args: argparse.Namespace) -> int:
    if args.nlp_command == "train":
        from kg.errors import InputError
        from kg.nlp.ner_model import MODEL_PATH
        from kg.nlp.training.train import DEV_FACTOR, train

        if args.dev is None and (args.dev_factor is not None or args.dev_gold is not None):
            raise InputError("--dev-factor and --dev-gold need --dev (the folder of the dev texts)")
        start = time.monotonic()
        output = train(
            args.data, args.output or MODEL_PATH, max_minutes=args.max_minutes, dev_dir=args.dev,
            dev_gold=args.dev_gold, dev_factor=DEV_FACTOR if args.dev_factor is None else args.dev_factor,
        )  # fmt: skip
        print(f"wrote {output} in {time.monotonic() - start:.0f} s")
        return 0
    from kg.nlp.training.evaluate import evaluate_germeval, evaluate_lemmas, evaluate_seeds

    if args.dev is not None:
        _print_devset(args)

    for gold_tokens, setting in ((True, "GermEval's tokens"), (False, "text through the model's tokenizer")):
        scores = evaluate_germeval(args.model, args.data, gold_tokens=gold_tokens)
        print(f"GermEval 2014 dev ({args.data}), persons (DRIVER or PERSON), exact match, {setting}:")
        print(f"{'label':<13}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}")
        for label, s in scores.per_label.items():
            print(f"{label:<13}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp + s.fn:>7}")
        print(f"{scores.words} words in {scores.seconds:.2f} s ({scores.words_per_second:,.0f} words/s)")
    shared = args.data.parent
    seeds = evaluate_seeds(args.model, shared / "seeds", shared / "eval" / "gold")
    print(
        f"seed articles: {seeds.found} of {seeds.drivers} gold drivers found as DRIVER or PERSON; "
        f"{seeds.per_known} of {seeds.per_spans} such spans are gold persons"
    )
    if args.verbose:
        print("missed: " + "; ".join(seeds.missed))
        print("person spans not in gold: " + "; ".join(seeds.wrong))
    lemmas = evaluate_lemmas(args.data)
    print(
        f"lemmatizer on UD German GSD test (gold tokens): {lemmas.correct:,} of {lemmas.tokens:,} "
        f"tokens correct ({lemmas.accuracy:.3f})"
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    """``kg eval``: the development loop in one command (texts -> in-memory store -> N-Quads ->
    the evaluation's own scorer, which prints P/R/F1 per category and entity type)."""
    import importlib.util
    import tempfile

    from kg.errors import InputError
    from kg.export import export
    from kg.pipeline import build
    from kg.store import Store

    ids = _eval_ids(args)
    paths = [args.texts / f"{i}.txt" for i in ids if (args.texts / f"{i}.txt").is_file()]
    if not paths:
        raise InputError(f"{args.texts}: none of the {len(ids)} articles is there as <id>.txt")
    scorer = args.scorer or next(
        (d / "score.py" for d in (args.gold.parent, args.gold.parent.parent) if (d / "score.py").is_file()),
        None,
    )
    if scorer is None or not scorer.is_file():
        raise InputError(f"{args.gold}: no score.py beside it; name one with --scorer")
    store = Store()
    report = build(paths, store, Settings.load(check_language=False), root=args.texts)
    print(f"built {len(report.built)} of {len(paths)} article(s) ({report.words_per_second:,.0f} words/s)")
    spec = importlib.util.spec_from_file_location("kg_eval_scorer", scorer)
    if spec is None or spec.loader is None:
        raise InputError(f"{scorer}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        graph = Path(tmp) / "eval.nq"
        export(store, "nquads", graph)
        argv = ["--graph", str(graph), "--gold", str(args.gold), "--ids", ",".join(p.stem for p in paths)]
        return int(module.main(argv + (["-v"] if args.details else [])) or 0)


def _eval_ids(args: argparse.Namespace) -> list[str]:
    """The ids to score: ``--ids``, a ``--split`` (the dev README's validation list, or the rest),
    or every gold file."""
    from kg.errors import InputError

    every = sorted(p.stem for p in args.gold.glob("*.json"))
    if args.ids:
        return [i.strip() for i in args.ids.split(",") if i.strip()]
    if args.split is None:
        return every
    readme = args.gold.parent / "README.md"
    match = (
        re.search(r"\*\*validation\*\*:\s*([^\n]+)", readme.read_text(encoding="utf-8"))
        if readme.is_file()
        else None
    )
    if match is None:
        raise InputError(f"{readme}: no '**validation**:' line naming the validation split")
    validation = re.findall(r"[\w-]+", match.group(1).split(".")[0])
    return [i for i in every if (i in validation) == (args.split == "validation")]


def _print_devset(args: argparse.Namespace) -> None:
    from kg.nlp.training.evaluate import evaluate_devset
    from kg.nlp.training.train import dev_gold_dir

    gold = args.dev_gold or dev_gold_dir(args.data)
    for split in ("validation", "train"):
        dev = evaluate_devset(args.model, args.dev, gold, split)
        st = dev.stats
        print(
            f"dev set {split} split ({st.articles} articles, {st.sentences} sentences; gold projected: "
            f"{st.spans} spans, {st.unaligned} dropped off token boundaries, {st.cross_sentence} "
            f"across sentences), exact match; 'outside' = false positives overlapping no gold span:"
        )
        print(f"{'label':<13}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'outside':>9}")
        rows = [*dev.scores.per_label.items(), ("overall", dev.scores.overall)]
        for label, s in rows:
            out = dev.outside.get(label, 0) if label != "overall" else sum(dev.outside.values())
            print(f"{label:<13}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp + s.fn:>7}{out:>9}")
        print("gold drivers found as exactly that DRIVER span: " + "; ".join(
            f"{group} {found}/{total} ({found / total if total else 0:.3f})"
            for group, (found, total) in dev.drivers.items()
        ))  # fmt: skip
        if args.verbose:
            print(f"aliases used {st.aliases_used}, skipped as descriptions {st.aliases_skipped}; "
                  f"gold entities not in the text {st.names_not_found}")  # fmt: skip
            print("dropped off token boundaries: " + "; ".join(st.unaligned_examples))


_COMMANDS = {
    "eval": _eval,
    "build": _build,
    "export": _export,
    "query": _query,
    "stats": _stats,
    "serve": _serve,
    "link": _link,
    "reason": _reason,
    "validate": _validate,
    "nlp": _nlp,
}

if __name__ == "__main__":
    sys.exit(main())
