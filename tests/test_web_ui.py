"""Search, class pages, names as saved-query parameters, the editor's JSON, the redirect of a
browser from ``/sparql`` and entity-page names, in-process over a store of invented entities
(the browser side is ``test_web_browser_ui.py``)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.config import DEFAULT_RESOURCE_BASE, Settings
from kg.store import Store
from kg.vocab import MS
from kg.web import create_app

RES = Namespace(DEFAULT_RESOURCE_BASE)
KOVACS, LUKAS, MAX = RES["driver/oedoen-kovacs"], RES["driver/lukas-brenner"], RES["driver/max-brenner"]
TEAM, ARTICLE = RES["team/falkenberg"], RES["article/a1"]


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    g = Graph(identifier=ARTICLE)
    g.add((ARTICLE, RDF.type, MS.Article))
    g.add((ARTICLE, DCTERMS.title, Literal("Kovács siegt am Sachsenring")))
    for node, label, alts in [
        (KOVACS, "Ödön Kovács", ("Kovács", "Ödön")),
        (LUKAS, "Lukas Brenner", ("Brenner",)),
        (MAX, "Max Brenner", ()),
    ]:
        g.add((node, RDF.type, MS.Driver))
        g.add((node, RDFS.label, Literal(label, lang="de")))
        for alt in alts:
            g.add((node, SKOS.altLabel, Literal(alt)))
        g.add((node, PROV.wasDerivedFrom, ARTICLE))
    g.add((KOVACS, RDFS.label, Literal("Odon Kovacs", lang="en")))
    g.add((TEAM, RDF.type, MS.Team))
    g.add((TEAM, RDFS.label, Literal("Team Falkenberg")))
    g.add((TEAM, PROV.wasDerivedFrom, ARTICLE))
    for i, driver in enumerate((KOVACS, LUKAS, MAX)):
        result = RES[f"result/a1/race/p{i + 1}"]
        g.add((result, RDF.type, MS.Result))
        g.add((result, MS.driver, driver))
    g.add((RES["result/a1/race/p9"], MS.driver, KOVACS))  # Kovács: two links to him
    store = Store()
    store.replace_graph(g)
    return create_app(Settings.load(env={}), store=store).test_client()


def _search(client: FlaskClient, **args: Any) -> list[dict[str, Any]]:
    r = client.get("/search", query_string={**args, "format": "json"})
    assert r.status_code == 200 and r.mimetype == "application/json"
    return r.get_json()["results"]  # type: ignore[no-any-return]


def test_search_is_accent_and_case_insensitive_and_typed(client: FlaskClient) -> None:
    hits = _search(client, q="KOVACS")
    assert hits[0]["iri"] == str(KOVACS) and hits[0]["type"] == "Driver"
    assert hits[0]["page"] == "/resource/driver/oedoen-kovacs"
    assert "Kovács" in hits[0]["otherNames"]
    assert any(h["type"] == "Article" for h in hits)  # the title names him too
    assert [h["type"] for h in _search(client, q="kovacs", type="Article")] == ["Article"]
    assert _search(client, q="falkenberg", type="Driver") == []
    assert _search(client, q="falkenberg")[0]["iri"] == str(TEAM)


def test_search_ranks_another_name_over_a_word_of_a_label(client: FlaskClient) -> None:
    hits = _search(client, q="brenner")
    assert [h["iri"] for h in hits[:2]] == [str(LUKAS), str(MAX)]  # 'Brenner' is Lukas' other name
    assert hits[0]["score"] > hits[1]["score"] > 0
    assert _search(client, q="Lukas Brenner")[0]["score"] == 100


def test_search_answers_html_by_accept_and_refuses_bad_input(client: FlaskClient) -> None:
    r = client.get("/search", query_string={"q": "brenner"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert 'href="/resource/driver/lukas-brenner"' in r.get_data(as_text=True)
    json_by_accept = client.get("/search?q=brenner", headers={"Accept": "application/json"})
    assert json_by_accept.mimetype == "application/json"
    bad = client.get("/search", query_string={"q": "x", "type": "Pilot"})
    assert bad.status_code == 400 and "'Pilot'" in bad.get_data(as_text=True)
    assert client.get("/search", query_string={"q": "x", "limit": "many"}).status_code == 400


def test_class_page_lists_instances_with_counts_sorted(client: FlaskClient) -> None:
    drivers = ("Ödön Kovács", "Lukas Brenner", "Max Brenner")

    def names(**args: str) -> list[str]:
        """The drivers in the order the page lists them."""
        html = client.get("/class/Driver", query_string=args).get_data(as_text=True)
        assert all(n in html for n in drivers)
        return sorted(drivers, key=html.index)

    by_name = names()
    assert by_name == ["Lukas Brenner", "Max Brenner", "Ödön Kovács"]
    assert names(sort="name", order="desc") == list(reversed(by_name))
    assert names(sort="links")[0] == "Ödön Kovács"  # two results point at him
    html = client.get("/class/Driver").get_data(as_text=True)
    assert "3 instances" in html and "Team Falkenberg" not in html
    assert (
        f'<td><a href="/resource/driver/oedoen-kovacs" title="{KOVACS}">Ödön Kovács</a></td>'
        '<td class="num">1</td><td class="num">2</td>'
    ) in html  # its page, one article, two links to it
    english = client.get("/class/Driver", headers={"Accept-Language": "en"})
    assert ">Odon Kovacs</a>" in english.get_data(as_text=True)
    assert "Accept-Language" in english.headers["Vary"]
    assert client.get("/class/Pilot").status_code == 404
    assert client.get("/class/Driver", query_string={"sort": "age"}).status_code == 400
    assert client.get("/class/Driver", query_string={"page": "x"}).status_code == 400


def test_saved_query_parameter_takes_a_name(client: FlaskClient) -> None:
    def run(value: str) -> tuple[int, str]:
        r = client.get("/", query_string={"saved": "driver-results", "run": "1", "param.driver": value})
        return r.status_code, r.get_data(as_text=True)

    status, html = run("Lukas Brenner")
    assert status == 200 and "<strong>The query failed.</strong>" not in html
    status, html = run("Nobody Atall")
    assert status == 400 and "no driver is named &#39;Nobody Atall&#39;" in html
    status, html = run("Brenner")  # Lukas' other name: one entity has it
    assert status == 200
    status, html = run("Bren")
    assert status == 400 and "could be more than one driver" in html
    assert "Lukas Brenner (res:driver/lukas-brenner)" in html and "Max Brenner" in html


def test_sparql_sends_a_browser_to_the_query_page(client: FlaskClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/")
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.status_code == 200 and "sd:Service" in described.get_data(as_text=True)
    assert client.get("/sparql").status_code == 200  # no Accept: the service description


def test_editor_json_has_the_prefixes_and_the_ontology(client: FlaskClient) -> None:
    prefixes = client.get("/ui/prefixes.json").get_json()
    assert prefixes["ms"] == str(MS._NS) and prefixes["res"] == DEFAULT_RESOURCE_BASE
    terms = client.get("/ui/terms.json").get_json()
    assert str(MS.Driver) in terms["classes"] and str(MS.driver) in terms["properties"]
    assert terms["labels"][str(MS.Driver)]


def test_entity_page_names_by_language_never_a_given_name(client: FlaskClient) -> None:
    de = client.get("/resource/driver/oedoen-kovacs", headers={"Accept-Language": "de"})
    en = client.get("/resource/driver/oedoen-kovacs", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "<h1>Ödön Kovács</h1>" in de.get_data(as_text=True)
    assert "<h1>Odon Kovacs</h1>" in en.get_data(as_text=True)
    assert "Accept-Language" in de.headers["Vary"]
    html = de.get_data(as_text=True)
    assert "Kovács" in html and ">Ödön<" not in html  # a given name alone is no name of his
