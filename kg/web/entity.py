"""What an entity page and an article page show, read from the store for one IRI.

An entity page has readable sections: its names, types, facts (properties by their English
label), results with a chart of a driver's positions over time, team-mates, the articles it
comes from, and what links to it — without the NIF plumbing (text spans pointing at it, fact
statements, link records), which the article pages show as highlighted text instead.

An article page shows its title, date, site and source URL, its text with every entity mention
(NIF offsets) a link to the entity, and the facts extracted from it with their sentence.

Every query binds the IRI as ``?s`` (a substitution), never by formatting it into the text; a
substituted variable must be projected, so each query's first column is ``?s``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS

from kg.vocab import ITSRDF, MS, NIF
from kg.web.execute import reply_rows
from kg.web.terms import pick_label, vocabulary

Run = Callable[[str], Any]  # a query text (with ?s bound) -> a Reply

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
LABELS = (
    # neighbours, and the neighbours of what links here (a driver's results' sessions)
    "SELECT DISTINCT ?s ?x ?label WHERE { { ?s ?p ?x } UNION { ?x ?p ?s } UNION { ?r ?p ?s . ?r ?q ?x } "
    f"?x {'|'.join(p.n3() for p in _LABEL_PROPERTIES)} ?label }}"
)
ARTICLE_META = f"""
SELECT ?s ?a ?title ?date ?site ?url WHERE {{
  {{ ?s {PROV.wasDerivedFrom.n3()} ?a }} UNION {{ ?s a {MS.Article.n3()} BIND (?s AS ?a) }}
  ?a a {MS.Article.n3()} .
  OPTIONAL {{ ?a {DCTERMS.title.n3()} ?title }}
  OPTIONAL {{ ?a {DCTERMS.date.n3()} ?date }}
  OPTIONAL {{ ?a {SDO.publisher.n3()} ?site }}
  OPTIONAL {{ ?a {DCTERMS.source.n3()} ?url FILTER (REGEX(STR(?url), "^https?://")) }}
}} ORDER BY DESC(?date) ?a
"""
DRIVER_RESULTS = f"""
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
SESSION_RESULTS = f"""
SELECT ?s ?position ?driver ?lapTime ?gap ?team ?carModel WHERE {{
  ?result {MS.session.n3()} ?s .
  OPTIONAL {{ ?result {MS.position.n3()} ?position }}
  OPTIONAL {{ ?result {MS.driver.n3()} ?driver }}
  OPTIONAL {{ ?result {MS.lapTime.n3()} ?lapTime }}
  OPTIONAL {{ ?result {MS.gap.n3()} ?gap }}
  OPTIONAL {{ ?result {MS.team.n3()} ?team }}
  OPTIONAL {{ ?result {MS.carModel.n3()} ?carModel }}
}} ORDER BY ?position ?result
"""
TEAMMATES = f"""
SELECT DISTINCT ?s ?mate WHERE {{
  {{ ?s {MS.teammate.n3()} ?mate }} UNION {{ ?mate {MS.teammate.n3()} ?s }}
  UNION {{ ?r {MS.driver.n3()} ?s , ?mate }}
  FILTER (?mate != ?s)
}}
"""
ARTICLE_TEXT = f"""
SELECT ?s ?text WHERE {{
  ?c a {NIF.Context.n3()} ; {PROV.wasDerivedFrom.n3()} ?s ; {NIF.isString.n3()} ?text .
}} LIMIT 1
"""
MENTIONS = f"""
SELECT ?s ?begin ?end ?entity WHERE {{
  ?c a {NIF.Context.n3()} ; {PROV.wasDerivedFrom.n3()} ?s .
  ?m {NIF.referenceContext.n3()} ?c ; {ITSRDF.taIdentRef.n3()} ?entity ;
     {NIF.beginIndex.n3()} ?begin ; {NIF.endIndex.n3()} ?end .
}} ORDER BY ?begin DESC(?end)
"""
STATEMENTS = f"""
SELECT ?s ?subject ?property ?value ?sentence ?begin WHERE {{
  ?st a {MS.FactStatement.n3()} ; {PROV.wasDerivedFrom.n3()} ?s ;
      {RDF.subject.n3()} ?subject ; {RDF.predicate.n3()} ?property ; {RDF.object.n3()} ?value .
  OPTIONAL {{ ?st {MS.evidenceSentence.n3()} ?sent .
             ?sent {NIF.anchorOf.n3()} ?sentence ; {NIF.beginIndex.n3()} ?begin }}
}} ORDER BY ?begin ?subject ?property
"""
ARTICLE_RESULTS = f"""
SELECT ?s ?session ?position ?driver ?team ?lapTime ?sentence ?begin WHERE {{
  ?r a {MS.Result.n3()} ; {PROV.wasDerivedFrom.n3()} ?s ; {MS.session.n3()} ?session .
  OPTIONAL {{ ?r {MS.position.n3()} ?position }}
  OPTIONAL {{ ?r {MS.driver.n3()} ?driver }}
  OPTIONAL {{ ?r {MS.team.n3()} ?team }}
  OPTIONAL {{ ?r {MS.lapTime.n3()} ?lapTime }}
  OPTIONAL {{ ?r {MS.evidenceSentence.n3()} ?sent .
             ?sent {NIF.anchorOf.n3()} ?sentence ; {NIF.beginIndex.n3()} ?begin }}
}} ORDER BY ?session ?position
"""
QUOTES = f"""
SELECT ?s ?speaker ?quote WHERE {{
  ?q a {MS.Quote.n3()} ; {PROV.wasDerivedFrom.n3()} ?s ; {MS.quoteText.n3()} ?quote .
  OPTIONAL {{ ?q {MS.speaker.n3()} ?speaker }}
}}
"""

#: outgoing properties shown in sections of their own (or not at all), not under "Facts"
SHOWN_APART = {
    str(p)
    for p in (
        RDF.type,
        RDFS.label,
        SKOS.prefLabel,
        SKOS.altLabel,
        DCTERMS.title,
        MS.evidence,
        MS.evidenceSentence,
        PROV.wasDerivedFrom,
        OWL.sameAs,
        MS.teammate,
    )
}
#: incoming links that are evidence plumbing: text spans, fact statements, link records
PLUMBING = {
    str(p)
    for p in (
        ITSRDF.taIdentRef,
        RDF.subject,
        RDF.object,
        MS.linkSubject,
        MS.linkTarget,
        NIF.referenceContext,
        NIF.sentence,
        PROV.wasDerivedFrom,
        MS.teammate,
    )
}
#: an article's properties its page shows in its header, not under "Facts"
ARTICLE_FACTS_SHOWN = {str(p) for p in (DCTERMS.date, SDO.publisher, DCTERMS.source)}


@dataclass
class Labels:
    """Labels of the terms a page shows, in the reader's languages."""

    languages: Sequence[str]
    found: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)

    def add(self, iri: str, literal: ox.Literal) -> None:
        self.found.setdefault(iri, []).append((literal.value, literal.language))

    def of(self, iri: str) -> str | None:
        """An entity's label, or a term's (class, property) English label from the ontology."""
        if iri in self.found:
            return pick_label(self.found[iri], self.languages)
        return vocabulary().label(iri)


def labels_for(run: Run, languages: Sequence[str]) -> Labels:
    labels = Labels(languages)
    for _, x, label in reply_rows(run(LABELS))[1]:
        if isinstance(x, ox.NamedNode) and isinstance(label, ox.Literal):
            labels.add(x.value, label)
    return labels


def own_label(iri: str, outgoing: Iterable[ox.Triple], languages: Sequence[str]) -> str | None:
    found = [
        (t.object.value, t.object.language)
        for t in outgoing
        if t.predicate.value in {str(p) for p in _LABEL_PROPERTIES} and isinstance(t.object, ox.Literal)
    ]
    return pick_label(found, languages)


def other_names(label: str, outgoing: Iterable[ox.Triple], is_person: bool) -> list[str]:
    """The entity's other names (``skos:altLabel``), without its label and, for a person,
    without a given name alone: "Lukas" is how an article calls him once, not a name of his."""
    words = label.split()
    given = words[0] if is_person and len(words) > 1 else None
    names = {
        t.object.value
        for t in outgoing
        if t.predicate.value == str(SKOS.altLabel) and isinstance(t.object, ox.Literal)
    }
    return sorted(n for n in names if n != label and n != given)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # what a pointer over it says
    href: str | None


@dataclass(frozen=True)
class Chart:
    """A line chart of positions (1 at the top) over time, in SVG user units."""

    width: int
    height: int
    points: tuple[Point, ...]
    polyline: str
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str], ...]
    title: str


CHART_W, CHART_H, MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 640, 220, 40, 16, 16, 44


def position_chart(rows: Sequence[tuple[str, int, str, str | None]], title: str) -> Chart | None:
    """``rows``: (when: an ISO date or an order key, position, what, link). ``None`` for fewer
    than one position. Dates are spaced by time; anything else evenly, in its order."""
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    if not rows:
        return None
    worst = max(max(r[1] for r in rows), 3)
    inner_w, inner_h = CHART_W - MARGIN_L - MARGIN_R, CHART_H - MARGIN_T - MARGIN_B
    n = len(rows)

    def x_at(i: int) -> float:
        return MARGIN_L + (inner_w / 2 if n == 1 else inner_w * i / (n - 1))

    def y_at(position: int) -> float:
        return MARGIN_T + inner_h * (position - 1) / (worst - 1)

    points = tuple(
        Point(round(x_at(i), 1), round(y_at(pos), 1), f"{what}: P{pos}", href)
        for i, (_, pos, what, href) in enumerate(rows)
    )
    ticks = sorted({1, worst, *(p for _, p, _, _ in rows)})
    x_ticks = []
    last = None
    for i, (when, _, _, _) in enumerate(rows):
        shown = when[:10] if _looks_like_date(when) else str(i + 1)
        if shown != last:
            x_ticks.append((round(x_at(i), 1), shown))
            last = shown
    return Chart(
        CHART_W,
        CHART_H,
        points,
        " ".join(f"{p.x},{p.y}" for p in points),
        tuple((round(y_at(t), 1), t) for t in ticks),
        tuple(x_ticks),
        title,
    )


def _looks_like_date(text: str) -> bool:
    return len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


@dataclass(frozen=True)
class Segment:
    """A piece of an article's text: plain, or a mention linking to its entity."""

    text: str
    href: str | None = None
    title: str | None = None
    kind: str | None = None  # the entity's class name, for the mention's colour


def segments(
    text: str,
    mentions: Iterable[tuple[int, int, str]],
    link: Callable[[str], tuple[str | None, str | None, str | None]],
) -> list[Segment]:
    """The text cut at its mentions (``(begin, end, entity IRI)``, NIF offsets in characters);
    a mention inside or across one already taken is left out. ``link`` gives an entity's page,
    label and class name."""
    out: list[Segment] = []
    at = 0
    for begin, end, entity in sorted(mentions, key=lambda m: (m[0], -m[1])):
        if begin < at or not 0 <= begin < end <= len(text):
            continue
        if begin > at:
            out.append(Segment(text[at:begin]))
        href, label, kind = link(entity)
        out.append(Segment(text[begin:end], href, label, kind))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
