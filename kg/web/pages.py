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
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from kg.errors import ClientBusy, QueryError, QueryStopped
from kg.query import SavedQuery
from kg.rdf.iri import IriMinter
from kg.report import load_build_report
from kg.vocab import MS
from kg.web import entity, search
from kg.web.conneg import HTML, RDF_TABLE, RESOURCE_TABLE, RESULTS_TABLE, by_name, negotiate
from kg.web.execute import PREFIXES, Reply, reply_boolean, reply_rows, reply_triples, run_query
from kg.web.sparql import rdf_response
from kg.web.state import plain, state
from kg.web.terms import accepted_languages

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
        f"PREFIX rdfs: <{RDFS._NS}>\n"
        f"PREFIX res: <{state().settings.resource_base}>\n\n"
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
                bindings[name] = parameter_value(value, base, kind=name)
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
        resource_base=base,
    )
    return page, status


def parameter_value(value: str, resource_base: str, kind: str | None = None) -> Node:
    """A parameter typed on the page: ``res:driver/x`` or an absolute IRI (``<…>`` optional)
    becomes an IRI; for a parameter named after an entity kind (``?driver``, ``?team`` …) a
    name becomes the IRI of the entity so named (:func:`kg.web.search.resolve`); anything
    else a plain literal.

    Raises:
        QueryError: the value looks like an IRI but is not a valid one; or it is a name that
            names no entity of the kind, or several.
    """
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif value.startswith("res:"):
        value = resource_base + value[4:]
    elif not _IRI_SCHEME.match(value):
        type_name = "".join(part.capitalize() for part in (kind or "").split("_"))
        if type_name not in search.TYPES:
            return Literal(value)
        iri, candidates = search.resolve(value, type_name)
        if iri is not None:
            return URIRef(iri)
        what = search.type_label(type_name)
        if not candidates:
            raise QueryError(
                f"no {what} is named {value!r}; give another name, res:… or an IRI "
                f"(search: {url_for('search.search', q=value)})"
            )
        shown = "; ".join(f"{c['label']} (res:{c['iri'][len(resource_base) :]})" for c in candidates)
        raise QueryError(f"{value!r} could be more than one {what}: {shown}; give the full name or the IRI")
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


@bp.get("/resource/<path:rest>")
def resource(rest: str) -> Response | tuple[str, int, dict[str, str]]:
    """An entity (or article) page in HTML, or its description in RDF (content negotiation)."""
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
    page = _Page(iri, node, reply_triples(described), base)
    template, values = (
        ("article.html", page.article_sections())
        if page.is_article
        else ("resource.html", page.entity_sections())
    )
    html = render_template(
        template,
        iri=iri,
        label=page.label,
        types=page.types,
        other_names=page.other_names,
        formats=[(f.name, url_for("pages.resource", rest=rest, format=f.name)) for f in RDF_TABLE],
        **values,
    )
    return html, 200, {"Vary": "Accept, Accept-Language"}


class _Page:
    """What one entity's page shows, read with queries that bind it as ``?s``."""

    def __init__(self, iri: str, node: ox.NamedNode, triples: list[ox.Triple], base: str) -> None:
        self.iri, self.base = iri, base
        self.languages = accepted_languages(request.headers.get("Accept-Language"))
        self.bind = {"s": URIRef(iri)}
        self.outgoing = [t for t in triples if t.subject == node]
        self.incoming = [t for t in triples if t.object == node and t.subject != node]
        self.labels = entity.labels_for(self.run, self.languages)
        type_iris = [
            t.object.value
            for t in self.outgoing
            if t.predicate.value == str(RDF.type) and isinstance(t.object, ox.NamedNode)
        ]
        self.is_article = str(MS.Article) in type_iris
        self.label = entity.own_label(iri, self.outgoing, self.languages) or compact(iri, base)
        is_person = str(MS.Person) in type_iris or str(MS.Driver) in type_iris
        self.other_names = entity.other_names(self.label, self.outgoing, is_person)
        self.types = [
            self.type_cell(t) for t in sorted(type_iris, key=lambda t: (not t.startswith(str(MS._NS)), t))
        ]
        self.meta = self.rows(entity.ARTICLE_META)

    def run(self, query: str) -> Reply:
        return run_query(query, substitutions=self.bind)

    def rows(self, query: str) -> list[list[Any]]:
        """The rows of a query that projects ``?s`` first, without it."""
        return [row[1:] for row in reply_rows(self.run(query))[1]]

    def show(self, term: Any) -> Cell:
        label = self.labels.of(term.value) if isinstance(term, ox.NamedNode) else None
        return cell(term, self.base, label)

    def type_cell(self, iri: str) -> Cell:
        shown = self.show(ox.NamedNode(iri))
        if iri.startswith(str(MS._NS)):
            return Cell(shown.text, url_for("browse.class_page", name=iri[len(str(MS._NS)) :]), iri)
        return shown

    def facts(self, skip: set[str] = frozenset()) -> list[tuple[Cell, Cell]]:  # type: ignore[assignment]
        return [
            (self.show(t.predicate), self.show(t.object))
            for t in sorted(self.outgoing, key=lambda t: (t.predicate.value, str(t.object)))
            if t.predicate.value not in entity.SHOWN_APART and t.predicate.value not in skip
        ]

    def sources(self) -> list[tuple[Cell, str | None, str | None, str | None]]:
        """The articles the entity comes from: (link, date, site, URL), titled where known."""
        shown: list[tuple[Cell, str | None, str | None, str | None]] = []
        for a, title, date, site, url in self.meta:
            if a.value == self.iri:
                continue
            link = self.show(a)
            if title is not None:
                link = Cell(title.value, link.href, a.value)
            date_, site_, url_ = (t.value if t is not None else None for t in (date, site, url))
            if (link, date_, site_, url_) not in shown:
                shown.append((link, date_, site_, url_))
        return shown

    def dates(self) -> dict[str, str]:
        return {a.value: date.value for a, _, date, _, _ in self.meta if date is not None}

    def entity_sections(self) -> dict[str, Any]:
        """The sections of an entity page."""
        results_title, columns, results, chart = "", [], [], None
        skip_links: set[str] = set()
        found = self.rows(entity.DRIVER_RESULTS)
        if found:
            results_title, skip_links = "Results", {str(MS.driver)}
            columns = ["session", "position", "lap time", "gap", "team", "car", "sentence", "article"]
            results = [[self.show(t) for t in row[1:]] for row in found]
            chart = self.chart(found)
        else:
            found = self.rows(entity.SESSION_RESULTS)
            if found:
                results_title, skip_links = "Classification", {str(MS.session)}
                columns = ["position", "driver", "lap time", "gap", "team", "car"]
                results = [[self.show(t) for t in row] for row in found]
        links = [
            (self.show(t.subject), self.show(t.predicate))
            for t in sorted(self.incoming, key=lambda t: (t.predicate.value, str(t.subject)))
            if t.predicate.value not in entity.PLUMBING and t.predicate.value not in skip_links
        ]
        evidence = [
            t.object.value
            for t in self.outgoing
            if t.predicate.value == str(MS.evidence) and isinstance(t.object, ox.Literal)
        ]
        return {
            "facts": self.facts(),
            "results_title": results_title,
            "results_columns": columns,
            "results": results,
            "chart": chart,
            "teammates": [self.show(row[0]) for row in self.rows(entity.TEAMMATES)],
            "sources": self.sources(),
            "same_as": [self.show(t.object) for t in self.outgoing if t.predicate.value == str(OWL.sameAs)],
            "evidence": evidence,
            "links": links,
            "saved": _saved_for(self.iri, state().saved.values(), self.base),
        }

    def chart(self, found: list[list[Any]]) -> entity.Chart | None:
        dates = self.dates()
        points = []
        for _, session, position, *_, article in found:
            if position is None or not position.value.isdigit():
                continue
            when = dates.get(article.value, "") if article is not None else ""
            session_cell = self.show(session)
            points.append(
                (when or f"~{session.value}", int(position.value), session_cell.text, session_cell.href)
            )
        return entity.position_chart(points, f"Positions of {self.label}")

    def article_sections(self) -> dict[str, Any]:
        """The sections of an article page."""
        meta = next(((t, d, s, u) for a, t, d, s, u in self.meta if a.value == self.iri), (None,) * 4)
        title, date, site, url = (term.value if term is not None else None for term in meta)
        text_rows = self.rows(entity.ARTICLE_TEXT)
        text = text_rows[0][0].value if text_rows else ""
        mentions = [(int(b.value), int(e.value), m.value) for b, e, m in self.rows(entity.MENTIONS)]
        kinds = IriMinter(self.base)

        def link(iri: str) -> tuple[str | None, str | None, str | None]:
            c = self.show(ox.NamedNode(iri))
            return c.href, c.text, kinds.kind_of(iri)

        mentioned: dict[str, Cell] = {}
        for _, _, m in mentions:
            mentioned.setdefault(m, self.show(ox.NamedNode(m)))
        results = [
            [self.show(t) for t in row[:5]] + [row[5].value if row[5] is not None else ""]
            for row in self.rows(entity.ARTICLE_RESULTS)
        ]
        statements = [
            (self.show(s), self.show(p), self.show(o), sentence.value if sentence is not None else "")
            for s, p, o, sentence, _ in self.rows(entity.STATEMENTS)
        ]
        quotes = [(self.show(sp) if sp is not None else None, q.value) for sp, q in self.rows(entity.QUOTES)]
        identifier = next(
            (
                t.object.value
                for t in self.outgoing
                if t.predicate.value == str(DCTERMS.identifier) and isinstance(t.object, ox.Literal)
            ),
            None,
        )
        return {
            "title": title or identifier or self.label,
            "date": date,
            "site": site,
            "url": url,
            "segments": entity.segments(text, mentions, link),
            "mentioned": sorted(mentioned.values(), key=lambda c: c.text.lower()),
            "results": results,
            "statements": statements,
            "quotes": quotes,
            "facts": self.facts(entity.ARTICLE_FACTS_SHOWN),
        }


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
