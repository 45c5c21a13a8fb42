"""QuickStatements (V1) for Wikidata editors: facts of the graph whose subject and object are both
linked, each with a reference to its article and the retrieval date. Opt-in only; editors review
the lines (``kg link --quickstatements FILE --dry-run`` lists them with names) before running them.

* driver ``ms:nationality`` country: ``driver P27 country`` (country of citizenship);
* driver ``ms:drivesFor`` team: ``driver P54 team`` (member of sports team);
* event ``ms:series`` S, ``ms:circuit`` C (and ``ms:year`` Y): ``S P276 C`` (location: the series
  races there), with the qualifier ``P585`` Y (point in time) where the year is known.

Every line carries the reference ``S854`` (reference URL: the article's ``dcterms:source`` where
it is a web address, else the article's IRI in this graph) and ``S813`` (retrieved: the day
the statements are made). Line format (tab-separated, Help:QuickStatements):
``Q123	P27	Q183	S854	"https://…"	S813	+2026-01-31T00:00:00Z/11``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pyoxigraph as ox

from kg.store import Store

# Wikidata properties used (ids and English labels as on wikidata.org)
PROPERTY_LABELS = {
    "P27": "country of citizenship",
    "P54": "member of sports team",
    "P276": "location",
    "P585": "point in time",
    "P854": "reference URL",
    "P813": "retrieved",
}
# ms: property of a driver -> Wikidata property; both ends must be linked
DRIVER_PROPERTIES = {
    "nationality": "P27",
    "drivesFor": "P54",
}
_WD = "http://www.wikidata.org/entity/"
_PREFIXES = """PREFIX ms: <https://w3id.org/mskg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@dataclass(frozen=True, order=True)
class Statement:
    """One statement to add, with its reference and the names to show a reviewer."""

    subject: str  # QID
    prop: str  # PID
    value: str  # QID
    reference: str  # URL of the article (or its IRI in this graph)
    retrieved: date
    qualifiers: tuple[tuple[str, str], ...] = ()  # (PID, QuickStatements value)
    subject_label: str = ""
    value_label: str = ""
    article: str = ""  # the article's identifier

    def line(self) -> str:
        """The QuickStatements V1 line."""
        parts = [self.subject, self.prop, self.value]
        for pid, value in self.qualifiers:
            parts += [pid, value]
        url = self.reference.replace('"', "%22")
        parts += ["S854", f'"{url}"', "S813", _day(self.retrieved)]
        return "\t".join(parts)

    def describe(self) -> str:
        """The statement for people: names, property labels, where it comes from."""
        quals = "".join(f", {PROPERTY_LABELS.get(p, p)} {v}" for p, v in self.qualifiers)
        return (
            f"{self.subject_label} ({self.subject}) — {PROPERTY_LABELS.get(self.prop, self.prop)} → "
            f"{self.value_label} ({self.value}){quals}; reference {self.reference} "
            f"(article {self.article}), retrieved {self.retrieved.isoformat()}"
        )


def _day(d: date) -> str:
    return f"+{d.isoformat()}T00:00:00Z/11"


def _year(y: int) -> str:
    return f"+{y:04d}-00-00T00:00:00Z/9"


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def _reference(row: ox.QuerySolution, article: str) -> str:
    url = row["url"]
    return url.value if url is not None else article


def statements(store: Store, *, retrieved: date | None = None) -> list[Statement]:
    """Every statement the graph's linked facts support, sorted, without duplicates."""
    retrieved = retrieved or datetime.now(UTC).date()
    out: set[Statement] = set()
    values = " ".join(f'(ms:{name} "{pid}")' for name, pid in sorted(DRIVER_PROPERTIES.items()))
    rows = store.select(
        _PREFIXES
        + f"""SELECT DISTINCT ?article ?id ?url ?s ?pid ?o ?sl ?ol WHERE {{
          VALUES (?p ?pid) {{ {values} }}
          GRAPH ?article {{ ?subject a ms:Driver ; ?p ?object }}
          ?subject owl:sameAs ?s . ?object owl:sameAs ?o .
          FILTER (STRSTARTS(STR(?s), "{_WD}Q") && STRSTARTS(STR(?o), "{_WD}Q"))
          OPTIONAL {{ ?subject rdfs:label ?sl }} OPTIONAL {{ ?object rdfs:label ?ol }}
          OPTIONAL {{ ?article dcterms:identifier ?id }}
          OPTIONAL {{ ?article dcterms:source ?url . FILTER (REGEX(STR(?url), "^https?://")) }}
        }}"""
    )
    for row in rows:
        article = row["article"].value
        out.add(
            Statement(
                _qid(row["s"].value), row["pid"].value, _qid(row["o"].value), _reference(row, article),
                retrieved, subject_label=_text(row, "sl"), value_label=_text(row, "ol"),
                article=_text(row, "id") or article,
            )
        )  # fmt: skip
    rows = store.select(
        _PREFIXES
        + f"""SELECT DISTINCT ?article ?id ?url ?s ?o ?year ?sl ?ol WHERE {{
          GRAPH ?article {{ ?event a ms:Event ; ms:series ?series ; ms:circuit ?circuit .
                            OPTIONAL {{ ?event ms:year ?year }} }}
          ?series owl:sameAs ?s . ?circuit owl:sameAs ?o .
          FILTER (STRSTARTS(STR(?s), "{_WD}Q") && STRSTARTS(STR(?o), "{_WD}Q"))
          OPTIONAL {{ ?series rdfs:label ?sl }} OPTIONAL {{ ?circuit rdfs:label ?ol }}
          OPTIONAL {{ ?article dcterms:identifier ?id }}
          OPTIONAL {{ ?article dcterms:source ?url . FILTER (REGEX(STR(?url), "^https?://")) }}
        }}"""
    )
    for row in rows:
        article = row["article"].value
        year = row["year"]
        quals = (("P585", _year(int(year.value))),) if year is not None and year.value.isdigit() else ()
        out.add(
            Statement(
                _qid(row["s"].value), "P276", _qid(row["o"].value), _reference(row, article), retrieved,
                quals, _text(row, "sl"), _text(row, "ol"), _text(row, "id") or article,
            )
        )  # fmt: skip
    return sorted(out)


def _text(row: ox.QuerySolution, name: str) -> str:
    term = row[name]
    return term.value if term is not None else ""


def quickstatements(store: Store, *, retrieved: date | None = None) -> list[str]:
    """The QuickStatements lines of :func:`statements`."""
    return list(dict.fromkeys(s.line() for s in statements(store, retrieved=retrieved)))
