"""HTML pages: the query page ``/``, entity pages ``/resource/…``, ``/about`` and VoID.

Every page works without JavaScript; Jinja2 autoescapes everything rendered.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, url_for
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD
from rdflib.term import Node

from kg.errors import ClientBusy, QueryError, QueryStopped
from kg.query import SavedQuery
from kg.rdf.iri import IriMinter
from kg.report import load_build_report
from kg.vocab import MS
from kg.web.conneg import HTML, RDF_TABLE, RESOURCE_TABLE, RESULTS_TABLE, by_name, negotiate
from kg.web.execute import PREFIXES, Reply, reply_boolean, reply_rows, reply_triples, run_query
from kg.web.sparql import rdf_response
from kg.web.state import plain, state

bp = Blueprint("pages", __name__)


# the query page shows at most this many rows (or triples); the download links give up to
# max_results
PAGE_ROWS = 1000
# and of each value at most this many characters (the rest as "…", the whole in a download)
CELL_CHARS = 500

_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]")
_LAP_TIME = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


@dataclass(frozen=True)
class Cell:
    """One RDF term as the pages show it."""

    text: str
    href: str | None = None
    title: str | None = None
    note: str | None = None  # language tag or datatype


def compact(iri: str, resource_base: str) -> str:
    """``ms:Driver`` for a known namespace, ``res:driver/x`` for our resources, else the IRI."""
    if iri.startswith(resource_base):
        return "res:" + iri[len(resource_base) :]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def resource_href(iri: str, resource_base: str) -> str | None:
    """Where a page links an IRI: our entity page for our resources, the IRI itself for the web."""
    if iri.startswith(resource_base) and len(iri) > len(resource_base):
        return url_for("pages.resource", rest=iri[len(resource_base) :])
    if iri.startswith(("http://", "https://")):  # never javascript: or data: links
        return iri
    return None


def cell(term: Any, resource_base: str, label: str | None = None) -> Cell:
    shown = _cell(term, resource_base, label)
    if len(shown.text) > CELL_CHARS:
        cut = f"{shown.text[:CELL_CHARS]}… ({len(shown.text):,} characters)"
        return Cell(
            cut, shown.href, shown.title if shown.title is None else shown.title[:CELL_CHARS], shown.note
        )
    return shown


def _cell(term: Any, resource_base: str, label: str | None = None) -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, ox.NamedNode):
        iri = term.value
        return Cell(label or compact(iri, resource_base), resource_href(iri, resource_base), iri)
    if isinstance(term, ox.BlankNode):
        return Cell(f"_:{term.value}")
    if isinstance(term, ox.Literal):
        if term.language:
            return Cell(term.value, note=f"@{term.language}")
        datatype = term.datatype.value
        if datatype == str(XSD.dayTimeDuration) and (lap := lap_time(term.value)):
            return Cell(lap, title=term.value, note="xsd:dayTimeDuration")
        if datatype in (str(XSD.string), str(XSD.integer)):
            return Cell(term.value)
        return Cell(term.value, note=compact(datatype, resource_base))
    if isinstance(term, ox.Triple):
        parts = [cell(t, resource_base).text for t in (term.subject, term.predicate, term.object)]
        return Cell("<< " + " ".join(parts) + " >>")
    return Cell(str(term))


def lap_time(duration: str) -> str | None:
    """``PT1M28.32S`` → ``1:28.320``; ``None`` for what is not a plain duration.

    Stores write durations canonically (``PT1M28.32S``); timing screens show thousandths.
    """
    m = _LAP_TIME.match(duration)
    if not m or not any(m.groups()):
        return None
    hours, minutes = int(m.group(1) or 0), int(m.group(2) or 0)
    seconds = m.group(3) or "0"
    whole, _, frac = seconds.partition(".")
    frac = frac.ljust(3, "0") if frac else ""
    sec = f"{int(whole):02d}" + (f".{frac}" if frac else "")
    if hours:
        return f"{hours}:{minutes:02d}:{sec}"
    return f"{minutes}:{sec}" if minutes else f"{int(whole)}" + (f".{frac}" if frac else "") + " s"


# -- the query page ---------------------------------------------------------------------


def _example_query() -> str:
    return (
        f"PREFIX ms: <{MS._NS}>\n"
        f"PREFIX rdfs: <{RDFS._NS}>\n\n"
        "SELECT ?driver ?name WHERE {\n"
        "  ?driver a ms:Driver ;\n"
        "          rdfs:label ?name .\n"
        "}\nORDER BY ?name\nLIMIT 100\n"
    )


@bp.get("/")
def index() -> tuple[str, int]:
    """The query page: ``?query=`` runs a query; ``?saved=<name>`` loads a saved one into the
    editor (and runs it with ``run``); ``param.<name>=`` binds a saved query's parameter."""
    st = state()
    base = st.settings.resource_base
    query = request.args.get("query")
    saved: SavedQuery | None = None
    if (saved_name := request.args.get("saved")) is not None:
        saved = st.saved.get(saved_name)
        if saved is None:
            abort(404)
        if query is None and "run" in request.args:
            query = saved.text
    text = query if query is not None else saved.text if saved is not None else _example_query()
    status, error = 200, None
    params: list[tuple[str, str, str]] = []  # name, help, value
    bindings: dict[str, Node] = {}
    reply: Reply | None = None
    try:
        for name, help_text in saved.parameters if saved is not None else ():
            value = request.args.get(f"param.{name}", "").strip()
            params.append((name, help_text, value))
            if value:
                bindings[name] = parameter_value(value, base)
        if query and query.strip():
            reply = run_query(query, max_rows=PAGE_ROWS, substitutions=bindings or None)
    except ClientBusy as e:
        status, error = 429, str(e)
    except QueryStopped as e:
        status, error = 503, str(e)
    except QueryError as e:
        status, error = 400, str(e)
    columns: list[str] = []
    rows: list[list[Cell]] = []
    downloads: list[tuple[str, str]] = []
    if reply is not None:
        columns, rows = _table(reply, base)
        table = RDF_TABLE if reply.form == "graph" else RESULTS_TABLE
        if not bindings:  # the protocol has no bindings: a download would answer another question
            downloads = [(f.name, url_for("sparql.sparql", query=query, format=f.name)) for f in table]
    page = render_template(
        "index.html",
        text=text,
        current=saved,
        params=params,
        bound=bool(bindings),
        ran=reply is not None,
        ask=reply_boolean(reply) if reply is not None and reply.form == "ask" else None,
        columns=columns,
        rows=rows,
        truncated=reply is not None and reply.truncated,
        page_rows=min(st.settings.max_results, PAGE_ROWS),
        downloads=downloads,
        error=error,
        saved=sorted(st.saved.values(), key=lambda s: s.title.lower()),
    )
    return page, status


def parameter_value(value: str, resource_base: str) -> Node:
    """A parameter typed on the page: ``res:driver/x`` or an absolute IRI (``<…>`` optional)
    becomes an IRI, anything else a plain literal.

    Raises:
        QueryError: the value looks like an IRI but is not a valid one.
    """
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif value.startswith("res:"):
        value = resource_base + value[4:]
    elif not _IRI_SCHEME.match(value):
        return Literal(value)
    try:
        ox.NamedNode(value)
    except ValueError as e:
        raise QueryError(f"not a valid IRI: {value!r}") from e
    return URIRef(value)


def _table(reply: Reply, base: str) -> tuple[list[str], list[list[Cell]]]:
    if reply.form == "select":
        names, rows = reply_rows(reply)
        return names, [[cell(t, base) for t in row] for row in rows]
    if reply.form == "graph":
        return ["subject", "predicate", "object"], [
            [cell(t.subject, base), cell(t.predicate, base), cell(t.object, base)]
            for t in reply_triples(reply)
        ]
    return [], []


# -- entity pages -----------------------------------------------------------------------

_DESCRIBE = "CONSTRUCT { ?s ?p ?o . ?x ?q ?s } WHERE { { ?s ?p ?o } UNION { ?x ?q ?s } }"
_LABELS = (
    # neighbours, and the neighbours of what links here (a driver's results' sessions)
    "SELECT DISTINCT ?s ?x ?label WHERE { { ?s ?p ?x } UNION { ?x ?p ?s } UNION { ?r ?p ?s . ?r ?q ?x } "
    f"?x {RDFS.label.n3()}|{SKOS.prefLabel.n3()}|{DCTERMS.title.n3()} ?label }}"
)
# the metadata of the article a page shows, or of the articles an entity was derived from
_ARTICLE_META = f"""
SELECT ?s ?a ?date ?site ?url WHERE {{
  {{ ?s {PROV.wasDerivedFrom.n3()} ?a }} UNION {{ ?s a {MS.Article.n3()} BIND (?s AS ?a) }}
  ?a a {MS.Article.n3()} .
  OPTIONAL {{ ?a {DCTERMS.date.n3()} ?date }}
  OPTIONAL {{ ?a {SDO.publisher.n3()} ?site }}
  OPTIONAL {{ ?a {DCTERMS.source.n3()} ?url FILTER (REGEX(STR(?url), "^https?://")) }}
}} ORDER BY DESC(?date) ?a
"""
_DRIVER_RESULTS = f"""
SELECT ?s ?result ?session ?position ?lapTime ?gap ?team ?carModel ?evidence ?article WHERE {{
  ?result {MS.driver.n3()} ?s ; {MS.session.n3()} ?session .
  OPTIONAL {{ ?result {MS.position.n3()} ?position }}
  OPTIONAL {{ ?result {MS.lapTime.n3()} ?lapTime }}
  OPTIONAL {{ ?result {MS.gap.n3()} ?gap }}
  OPTIONAL {{ ?result {MS.team.n3()} ?team }}
  OPTIONAL {{ ?result {MS.carModel.n3()} ?carModel }}
  OPTIONAL {{ ?result {MS.evidence.n3()} ?evidence }}
  OPTIONAL {{ ?result {PROV.wasDerivedFrom.n3()} ?article }}
}} ORDER BY ?session ?position
"""
_SESSION_RESULTS = f"""
SELECT ?s ?result ?position ?driver ?lapTime ?gap ?team ?carModel WHERE {{
  ?result {MS.session.n3()} ?s .
  OPTIONAL {{ ?result {MS.position.n3()} ?position }}
  OPTIONAL {{ ?result {MS.driver.n3()} ?driver }}
  OPTIONAL {{ ?result {MS.lapTime.n3()} ?lapTime }}
  OPTIONAL {{ ?result {MS.gap.n3()} ?gap }}
  OPTIONAL {{ ?result {MS.team.n3()} ?team }}
  OPTIONAL {{ ?result {MS.carModel.n3()} ?carModel }}
}} ORDER BY ?position ?result
"""
_SHOWN_APART = {
    str(RDF.type),
    str(RDFS.label),
    str(SKOS.prefLabel),
    str(MS.evidence),
    str(PROV.wasDerivedFrom),
}


@bp.get("/resource/<path:rest>")
def resource(rest: str) -> Response | tuple[str, int, dict[str, str]]:
    st = state()
    base = st.settings.resource_base
    iri = base + rest
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        abort(404)
    requested = request.args.get("format")
    if requested is not None:
        fmt = by_name(requested, RESOURCE_TABLE)
        if fmt is None:
            return plain(
                400, f"unknown format {requested!r}; choose {', '.join(f.name for f in RESOURCE_TABLE)}"
            )
    else:
        fmt = negotiate(request.headers.get("Accept"), RESOURCE_TABLE)
        if fmt is None:
            offered = ", ".join(f.media_type for f in RESOURCE_TABLE)
            return plain(406, f"no acceptable format; this resource is available as {offered}", Vary="Accept")
    bind = {"s": URIRef(iri)}
    as_rdf = fmt != HTML
    described = run_query(_DESCRIBE, graph_format=fmt.name if as_rdf else "ntriples", substitutions=bind)
    if not described.count:
        abort(404)
    if as_rdf:
        response = Response(described.payload, mimetype=fmt.media_type)
        response.vary.add("Accept")
        return response
    triples = reply_triples(described)

    labels: dict[str, str] = {}
    for _, x, label in reply_rows(run_query(_LABELS, substitutions=bind))[1]:
        labels.setdefault(x.value, label.value)

    def show(term: Any) -> Cell:
        label = labels.get(term.value) if isinstance(term, ox.NamedNode) else None
        return cell(term, base, label)

    outgoing = [t for t in triples if t.subject == node]
    incoming = [t for t in triples if t.object == node and t.subject != node]
    own = sorted(
        (
            t.object
            for t in outgoing
            if t.predicate.value in (str(RDFS.label), str(SKOS.prefLabel), str(DCTERMS.title))
        ),
        key=lambda o: (not isinstance(o, ox.Literal), getattr(o, "language", None) not in ("de", None)),
    )
    types = [show(t.object) for t in outgoing if t.predicate.value == str(RDF.type)]
    facts = [
        (show(t.predicate), show(t.object))
        for t in sorted(outgoing, key=lambda t: (t.predicate.value, str(t.object)))
        if t.predicate.value not in _SHOWN_APART and t.predicate.value != str(OWL.sameAs)
    ]
    evidence = [
        t.object.value
        for t in outgoing
        if t.predicate.value == str(MS.evidence) and isinstance(t.object, ox.Literal)
    ]
    sources, article = [], None
    for _, a, date, site, url in reply_rows(run_query(_ARTICLE_META, substitutions=bind))[1]:
        shown = (show(a), *(t.value if t is not None else None for t in (date, site, url)))
        if a.value == iri:
            article = shown
        elif shown not in sources:
            sources.append(shown)
    same_as = [show(t.object) for t in outgoing if t.predicate.value == str(OWL.sameAs)]
    links = [
        (show(t.subject), show(t.predicate))
        for t in sorted(incoming, key=lambda t: (t.predicate.value, str(t.subject)))
    ]
    results_title, results_columns, results = "", [], []
    for title, query in (("Results", _DRIVER_RESULTS), ("Classification", _SESSION_RESULTS)):
        variables, found = reply_rows(run_query(query, substitutions=bind))
        if found:
            # ?s (the entity itself, projected for the binding) is not shown
            results_title, results_columns = title, variables[1:]
            results = [[show(t) for t in row[1:]] for row in found]
            break
    page = render_template(
        "resource.html",
        iri=iri,
        label=own[0].value if own and isinstance(own[0], ox.Literal) else compact(iri, base),
        types=types,
        facts=facts,
        evidence=evidence,
        sources=sources,
        article=article,
        same_as=same_as,
        links=links,
        results_title=results_title,
        results_columns=results_columns,
        results=results,
        formats=[(f.name, url_for("pages.resource", rest=rest, format=f.name)) for f in RDF_TABLE],
        saved=_saved_for(iri, st.saved.values(), base),
    )
    return page, 200, {"Vary": "Accept"}


def _saved_for(iri: str, saved: Iterable[SavedQuery], base: str) -> list[tuple[str, str]]:
    """Saved queries with a parameter named after the entity's kind (``?driver`` for a driver),
    as links that run them with the entity bound."""
    kind = IriMinter(base).kind_of(iri)
    links = []
    for q in sorted(saved, key=lambda q: q.title.lower()):
        if kind is not None and kind in {name for name, _ in q.parameters}:
            values: dict[str, Any] = {"saved": q.name, "run": "1", f"param.{kind}": iri}
            href = url_for("pages.index", **values)
            links.append((q.title, href))
    return links


# -- dataset description ----------------------------------------------------------------


@bp.get("/about")
def about() -> str:
    st = state()
    stats = st.stats()
    report = load_build_report(st.store.path)
    if report is not None and report.skipped:  # the build machine's paths stay private
        names = shown_sources([s.source for s in report.skipped])
        skipped = tuple(dataclasses.replace(s, source=n) for s, n in zip(report.skipped, names, strict=True))
        report = dataclasses.replace(report, skipped=skipped)
    return render_template(
        "about.html",
        report=report,
        stats=stats,
        entities=sorted(stats.entities.items()),
        settings=st.settings,
        base_url=st.settings.base_url,
        saved_count=len(st.saved),
    )


def shown_sources(sources: list[str]) -> list[str]:
    """Source paths as a page may show them: absolute ones relative to the folder they share
    (at least their file name), never with the machine's directories."""
    absolute = [PurePath(s) for s in sources if PurePath(s).is_absolute()]
    common = PurePath(os.path.commonpath(absolute)) if absolute else None
    if common is not None and len(absolute) == 1:
        common = absolute[0].parent
    shown = []
    for source in sources:
        path = PurePath(source)
        if path.is_absolute():
            assert common is not None
            relative = path.relative_to(common) if path != common else PurePath(path.name)
            shown.append(str(relative) or path.name)
        else:
            shown.append(source)
    return shown


@bp.get("/.well-known/void")
def void() -> Response:
    """A VoID description of the dataset (Turtle by default)."""
    st = state()
    stats = st.stats()
    base = st.settings.base_url  # never from the request's Host header
    dataset = URIRef(base + "/.well-known/void#dataset")
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    g.bind("ms", MS._NS)
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal("motorsport-kg", lang="en")))
    g.add((dataset, DCTERMS.description, Literal("Facts from German motorsport news articles.", lang="en")))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(base + "/sparql")))
    g.add((dataset, VOID.uriSpace, Literal(st.settings.resource_base)))
    g.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    g.add((dataset, VOID.vocabulary, URIRef(str(MS._NS))))
    counts = {"Article": stats.articles, "Result": stats.results, **stats.entities}
    for name, n in sorted(counts.items()):
        part = BNode()
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], MS[name]))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    return rdf_response(g)
