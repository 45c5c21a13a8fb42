"""Typing by context (brands are teams in constructor series) and facts from info parentheses."""

from __future__ import annotations

from kg.facts import extract
from kg.ingest import Article
from kg.nlp import analyze


def run(text: str):
    (analyzed,) = list(analyze([Article("t", text)]))
    return extract(analyzed)


def kinds(f) -> dict[str, str]:
    return {e.label: e.kind for e in f.entities}


def facts(f) -> set[tuple[str, str, str]]:
    labels = {e.id: e.label for e in f.entities}
    return {(labels[x.subject], x.attribute, labels.get(x.value, x.value)) for x in f.facts}


def test_brand_is_a_team_in_formula_one():
    f = run("Beim Formel-1-Rennen in Monza siegte Paul Berg (Ferrari) vor Tim Hall (Renault).")
    assert kinds(f)["Ferrari"] == "team"
    assert ("Paul Berg", "team", "Ferrari") in facts(f)


def test_brand_is_a_maker_in_touring_cars():
    f = run("Beim DTM-Rennen in Zandvoort siegte Paul Berg (Audi) vor Tim Hall (BMW).")
    assert kinds(f)["Audi"] == "manufacturer"
    assert not any(attr == "team" for _, attr, _ in facts(f))


def test_info_parenthesis_gives_age_home_town_and_team():
    f = run(
        "Das Rennen gewann Steve Kirsch (37, Chemnitz, Team Honda ADAC) vor Tim Hall (23, Schweden, Target Competition)."  # noqa: E501
    )
    got = facts(f)
    assert {("Steve Kirsch", "age", "37"), ("Steve Kirsch", "hometown", "Chemnitz"),
            ("Steve Kirsch", "team", "Team Honda ADAC")} <= got  # fmt: skip
    assert {("Tim Hall", "age", "23"), ("Tim Hall", "nationality", "Schweden"),
            ("Tim Hall", "team", "Target Competition")} <= got  # fmt: skip


def test_circuit_is_named_by_its_longest_form_never_a_genitive():
    f = run(
        "Auf der Nordschleife des Nürburgrings siegte Paul Berg. Am Autodromo Nazionale Monza "
        "fuhr er zuletzt, in Monza wurde er Zweiter."
    )
    circuits = {e.label for e in f.entities if e.kind == "circuit"}
    assert "Nürburgrings" not in circuits
    assert "Autodromo Nazionale Monza" in circuits and "Monza" not in circuits


def test_demonyms_with_a_role_noun_a_weak_noun_or_a_relative_apposition():
    f = run(
        "Tom Berg siegte vor dem Spanier Jan Dix und dem Polen Uwe Kahl. Dritter wurde der Schweizer "
        "Gaststarter Max Roth. Eva Ulm, der zweite Schweizer im Feld, wurde Vierte."
    )
    got = facts(f)
    assert {
        ("Jan Dix", "nationality", "Spanien"),
        ("Uwe Kahl", "nationality", "Polen"),
        ("Max Roth", "nationality", "Schweiz"),
        ("Eva Ulm", "nationality", "Schweiz"),
    } <= got
    assert ("Tom Berg", "nationality", "Polen") not in got
