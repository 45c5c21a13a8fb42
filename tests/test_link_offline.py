"""Offline linking on a small hand-built store, the links graph, QuickStatements and the saved query."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.config import Settings
from kg.link import link_store, links_graph_name, quickstatements, statements
from kg.link.index import Index, IndexRow, load_index, normalise
from kg.query import load_saved_queries, result_rows
from kg.store import Store
from kg.vocab import MS, WD

from .conftest import BASE, REPO

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ARTICLE = URIRef(f"{BASE}article/a1")


def _e(path: str) -> URIRef:
    return URIRef(BASE + path)


def _article_graph() -> Graph:
    g = Graph(identifier=ARTICLE)
    g.add((ARTICLE, RDF.type, MS.Article))
    g.add((ARTICLE, DCTERMS.source, Literal("https://example.org/news/1")))
    entities = [
        ("country/niederlande", MS.Country, "Niederlande", ()),
        ("country/grossbritannien", MS.Country, "Großbritannien", ()),
        ("country/oesterreich", MS.Country, "Oesterreich", ()),  # umlaut spelt out
        ("country/usa", MS.Country, "USA", ()),
        ("country/brite", MS.Country, "Brite", ()),  # a demonym as the node's label
        ("country/niederlaender", MS.Country, "Niederländer", ()),
        ("country/nigerian", MS.Country, "Nigerian", ()),  # Niger or Nigeria: ambiguous
        ("country/atlantis", MS.Country, "Atlantis", ()),
        ("manufacturer/porsche", MS.Manufacturer, "Porsche", ()),
        ("manufacturer/mercedes", MS.Manufacturer, "Mercedes", ("Mercedes-Benz",)),
        ("manufacturer/citroen", MS.Manufacturer, "Citroen", ()),
        ("car-model/porsche", MS.CarModel, "Porsche", ()),  # a car model is never linked to a brand
        ("team/audi", MS.Team, "Audi", ()),  # nor a team
        ("series/formel-1", MS.Series, "Formel 1", ()),
        ("driver/max-verstappen", MS.Driver, "Max Verstappen", ("Verstappen",)),
        ("circuit/spielberg", MS.Circuit, "Spielberg", ()),
        ("circuit/nordschleife", MS.Circuit, "Nordschleife", ("Grüne Hölle",)),  # no row: stays unlinked
    ]
    for path, cls, label, alts in entities:
        g.add((_e(path), RDF.type, cls))
        g.add((_e(path), RDFS.label, Literal(label)))
        for alt in alts:
            g.add((_e(path), SKOS.altLabel, Literal(alt)))
    g.add((_e("driver/max-verstappen"), MS.nationality, _e("country/niederlande")))
    event = _e("event/a1/e1")
    g.add((event, RDF.type, MS.Event))
    g.add((event, MS.series, _e("series/formel-1")))
    g.add((event, MS.circuit, _e("circuit/spielberg")))
    g.add((event, MS.year, Literal(2024)))
    return g


@pytest.fixture
def store() -> Store:
    s = Store()
    s.replace_graph(_article_graph())
    return s


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.load(env={})


def _links(store: Store) -> dict[str, str]:
    rows = store.query(
        f"SELECT ?e ?q WHERE {{ GRAPH <{links_graph_name(BASE)}> {{ ?e <{OWL.sameAs}> ?q }} }}"
    )
    return {r["e"].value[len(BASE) :]: r["q"].value[len(str(WD)) :] for r in rows}


def test_link_offline_links_countries_brands_and_demonyms(store: Store, settings: Settings) -> None:
    report = link_store(store, settings, now=NOW)
    assert _links(store) == {
        "country/niederlande": "Q55",
        "country/grossbritannien": "Q145",
        "country/oesterreich": "Q40",
        "country/usa": "Q30",
        "country/brite": "Q145",
        "country/niederlaender": "Q55",
        "manufacturer/porsche": "Q40993",
        "manufacturer/mercedes": "Q36008",
        "manufacturer/citroen": "Q6746",
        "series/formel-1": "Q1968",
        "circuit/spielberg": "Q171566",  # Red Bull Ring, by its town
    }
    assert report.counts()["country"] == (6, 8)
    assert report.counts()["manufacturer"] == (3, 3)


def test_link_offline_never_links_a_car_model_or_team_to_a_brand(store: Store, settings: Settings) -> None:
    report = link_store(store, settings, now=NOW)
    unlinked = {u.entity.iri[len(BASE) :]: u.reason for u in report.unlinked}
    assert "car-model/porsche" in unlinked and "team/audi" in unlinked
    assert "car-model/porsche" not in _links(store)


def test_link_offline_leaves_an_ambiguous_name_unlinked(store: Store, settings: Settings) -> None:
    report = link_store(store, settings, now=NOW)
    reasons = {u.entity.iri[len(BASE) :]: u.reason for u in report.unlinked}
    assert reasons["country/nigerian"].startswith("ambiguous") and "Q1032" in reasons["country/nigerian"]
    assert reasons["country/atlantis"] == "no match in the offline index"
    assert reasons["circuit/nordschleife"] == "no match in the offline index"  # no row, no invented QID


def test_link_offline_entity_with_conflicting_names_is_unlinked(settings: Settings) -> None:
    index = Index(
        [IndexRow("Q1", "Alpha", (), "manufacturer", "t"), IndexRow("Q2", "Beta", (), "manufacturer", "t")]
    )
    s = Store()
    g = Graph(identifier=ARTICLE)
    g.add((_e("manufacturer/alpha"), RDF.type, MS.Manufacturer))
    g.add((_e("manufacturer/alpha"), RDFS.label, Literal("Alpha")))
    g.add((_e("manufacturer/alpha"), SKOS.altLabel, Literal("Beta")))
    s.replace_graph(g)
    report = link_store(s, settings, index=index, now=NOW)
    assert not report.links and report.unlinked[0].reason == "its names point to different items"


def test_link_graph_records_score_method_and_time(store: Store, settings: Settings) -> None:
    link_store(store, settings, now=NOW)
    rows = list(
        store.query(
            f"""PREFIX ms: <{MS._NS}> PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?score ?method ?created WHERE {{ GRAPH <{links_graph_name(BASE)}> {{
              ?l a ms:Link ; ms:linkSubject <{_e("country/brite")}> ; ms:linkTarget <{WD.Q145}> ;
                 ms:score ?score ; ms:method ?method ; dcterms:created ?created }} }}"""
        )
    )
    assert len(rows) == 1
    assert (rows[0]["score"].value, rows[0]["method"].value) == ("0.9", "offline-index")
    assert rows[0]["created"].value == "2026-01-02T03:04:05Z"


def test_link_twice_replaces_the_links_graph(store: Store, settings: Settings) -> None:
    first = link_store(store, settings, now=NOW)
    size = len(store)
    second = link_store(store, settings, now=datetime(2027, 1, 1, tzinfo=UTC))
    assert len(store) == size and first.triples_written == second.triples_written
    assert len(list(store.query(f"SELECT ?c WHERE {{ ?l <{DCTERMS.created}> ?c }} GROUP BY ?c"))) == 1


def test_link_without_write_leaves_the_store(store: Store, settings: Settings) -> None:
    size = len(store)
    report = link_store(store, settings, now=NOW, write=False)
    assert report.links and len(store) == size


DAY = date(2026, 1, 2)
REFERENCE = '\tS854\t"https://example.org/news/1"\tS813\t+2026-01-02T00:00:00Z/11'


def test_quickstatements_carry_facts_with_the_article_url_and_retrieval_date(
    store: Store, settings: Settings
) -> None:
    link_store(store, settings, now=NOW)
    # the driver is not linked offline; the race fact is: Formula One held a race at the Red Bull Ring
    assert quickstatements(store, retrieved=DAY) == [
        f"Q1968\tP276\tQ171566\tP585\t+2024-00-00T00:00:00Z/9{REFERENCE}"
    ]
    g = Graph(identifier=URIRef(BASE + "graph/test-driver-link"))
    g.add((_e("driver/max-verstappen"), OWL.sameAs, WD.Q2239218))
    store.replace_graph(g)
    assert f"Q2239218\tP27\tQ55{REFERENCE}" in quickstatements(store, retrieved=DAY)


def test_quickstatements_describe_what_they_would_write(store: Store, settings: Settings) -> None:
    link_store(store, settings, now=NOW)
    (statement,) = statements(store, retrieved=DAY)
    assert statement.describe() == (
        "Formel 1 (Q1968) — location → Spielberg (Q171566), point in time +2024-00-00T00:00:00Z/9; "
        "reference https://example.org/news/1 (article https://w3id.org/mskg/resource/article/a1), "
        "retrieved 2026-01-02"
    )


def test_quickstatements_without_a_source_url_cite_the_article_in_the_graph(settings: Settings) -> None:
    s = Store()
    g = _article_graph()
    g.remove((ARTICLE, DCTERMS.source, None))
    g.add((ARTICLE, DCTERMS.source, Literal("examples/articles/a1.txt")))  # a path is not a URL
    g.add((ARTICLE, DCTERMS.identifier, Literal("a1")))
    s.replace_graph(g)
    link_store(s, settings, now=NOW)
    (line,) = quickstatements(s, retrieved=DAY)
    assert line.endswith(f'\tS854\t"{ARTICLE}"\tS813\t+2026-01-02T00:00:00Z/11')


def test_saved_query_linked_entities_lists_both(store: Store, settings: Settings) -> None:
    (query,) = [q for q in load_saved_queries(REPO / "queries") if q.name == "linked-entities"]
    link_store(store, settings, now=NOW)
    names, rows = result_rows(store.query(query.text))
    by_entity = {dict(zip(names, r, strict=True))["entity"]: dict(zip(names, r, strict=True)) for r in rows}
    assert by_entity[str(_e("country/niederlande"))]["wikidata"] == str(WD.Q55)
    assert not by_entity[str(_e("country/atlantis"))]["wikidata"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mercedes–Benz", "mercedes benz"),
        ("Österreich", "Oesterreich"),
        ("Citroën", "CITROEN"),
        ("Škoda", "Skoda"),
    ],
)
def test_normalise_folds_case_dashes_and_umlauts(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_shipped_index_loads_with_all_kinds() -> None:
    assert {"country", "manufacturer", "class", "series"} <= load_index().kinds
