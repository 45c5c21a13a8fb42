"""Validation: each SHACL shape and each plausibility check, on hand-written graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.reason import parse_rule, reason, validate
from kg.reason.rules import CHECKS_DIR
from kg.report import BuildSummary, load_build_report, save_build_report
from kg.store import Store

from .conftest import BASE, EXAMPLES

ART = URIRef(f"{BASE}article/a1")
PREFIXES = f"""
@prefix ms: <https://w3id.org/mskg/ontology#> .
@prefix r: <{BASE}test/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# a small article graph that every shape accepts
VALID = """
<{art}> a ms:Article ; dcterms:identifier "a1" .
r:e a ms:Event ; ms:series r:ser ; ms:circuit r:c ; ms:year 2024 .
r:ser a ms:Series ; rdfs:label "GT Masters" .
r:c a ms:Circuit ; rdfs:label "Lausitzring" .
r:s a ms:Qualifying ; ms:event r:e .
r:d1 a ms:Driver ; rdfs:label "Anna Vogel" ; ms:nationality r:ch ; ms:age 24 ; ms:hometown r:bern .
r:d2 a ms:Driver ; rdfs:label "Ben Roth" .
r:ch a ms:Country ; rdfs:label "Schweiz"@de , "Switzerland"@en .
r:bern a ms:Place ; rdfs:label "Bern" .
r:t a ms:Team ; rdfs:label "Team Rot" .
r:p1 a ms:Result ; ms:session r:s ; ms:position 1 ; ms:driver r:d1 ; ms:team r:t .
r:p1 ms:lapTime "PT1M28.32S"^^xsd:dayTimeDuration .
r:p1 ms:evidence "Anna Vogel fuhr die Bestzeit." .
r:p2 a ms:Result ; ms:session r:s ; ms:position 2 ; ms:driver r:d2 .
r:p2 ms:lapTime "PT1M28.82S"^^xsd:dayTimeDuration .
r:p2 ms:gap "PT0.5S"^^xsd:dayTimeDuration .
"""


def _store(extra: str = "", drop: tuple[str, ...] = ()) -> Store:
    text = "\n".join(line for line in VALID.splitlines() if not any(d in line for d in drop))
    g = Graph(identifier=ART)
    g.parse(data=PREFIXES + text.replace("{art}", str(ART)) + extra, format="turtle")
    store = Store()
    store.replace_graph(g)
    return store


def test_validate_valid_graph_conforms() -> None:
    report = validate(_store())
    assert report.conforms, [v.to_dict() for v in report.violations]


def test_validate_valid_graph_conforms_after_reasoning() -> None:
    store = _store()
    reason(store, BASE)
    assert validate(store).conforms


# (name, extra triples, lines of VALID dropped, the shape that reports it)
CASES = [
    ("article-no-identifier", '<{art}> a ms:Article .', ("<{art}>",), "ArticleShape/dcterms:identifier"),
    ("article-two-identifiers", '<{art}> dcterms:identifier "a2" .', (), "ArticleShape/dcterms:identifier"),
    ("result-no-session", "r:p3 a ms:Result ; ms:position 3 ; ms:driver r:d2 .", (),
     "ResultShape/ms:session"),
    ("result-two-sessions", "r:s2 a ms:Race ; ms:event r:e . r:p2 ms:session r:s2 .", (),
     "ResultShape/ms:session"),
    ("result-no-driver", "r:p3 a ms:Result ; ms:session r:s ; ms:position 3 .", (), "ResultShape/ms:driver"),
    ("result-driver-not-a-driver", "r:p3 a ms:Result ; ms:session r:s ; ms:position 3 ; ms:driver r:t .", (),
     "ResultShape/ms:driver"),
    ("result-no-position", "r:p3 a ms:Result ; ms:session r:s ; ms:driver r:d2 .", (),
     "ResultShape/ms:position"),
    ("result-position-zero", "r:p3 a ms:Result ; ms:session r:s ; ms:position 0 ; ms:driver r:d2 .", (),
     "ResultShape/ms:position"),
    ("result-position-string", 'r:p3 a ms:Result ; ms:session r:s ; ms:position "3" ; ms:driver r:d2 .', (),
     "ResultShape/ms:position"),
    ("result-lap-time-string", 'r:p2 ms:lapTime "1:28,820" .', ("PT1M28.82S",), "ResultShape/ms:lapTime"),
    ("result-lap-time-hour", 'r:p1 ms:lapTime "PT1H2M"^^xsd:dayTimeDuration .', ("PT1M28.32S",),
     "LapTimeShape/SPARQLConstraintComponent"),
    ("result-lap-time-3600s", 'r:p1 ms:lapTime "PT3600S"^^xsd:dayTimeDuration .', ("PT1M28.32S",),
     "LapTimeShape/SPARQLConstraintComponent"),
    ("result-two-teams", "r:t2 a ms:Team ; rdfs:label \"Blau\" . r:p1 ms:team r:t2 .", (),
     "ResultShape/ms:team"),
    ("session-no-event", "r:s3 a ms:Race .", (), "SessionShape/ms:event"),
    ("session-pole-not-a-driver", "r:s ms:polePosition r:t .", (), "SessionShape/ms:polePosition"),
    ("event-two-series", "r:ser2 a ms:Series ; rdfs:label \"ADAC GT\" . r:e ms:series r:ser2 .", (),
     "EventShape/ms:series"),
    ("event-two-circuits", "r:c2 a ms:Circuit ; rdfs:label \"Spa\" . r:e ms:circuit r:c2 .", (),
     "EventShape/ms:circuit"),
    ("driver-no-label", "r:d3 a ms:Driver .", (), "PersonShape/rdfs:label"),
    ("driver-two-labels", 'r:d2 rdfs:label "B. Roth" .', (), "PersonShape/rdfs:label"),
    ("person-no-label", "r:x a ms:Person .", (), "PersonShape/rdfs:label"),
    ("driver-age-implausible", "r:d2 ms:age 240 .", (), "PersonShape/ms:age"),
    ("nationality-not-a-country", "r:d2 ms:nationality r:bern .", (), "PersonShape/ms:nationality"),
    ("team-no-label", "r:t2 a ms:Team .", (), "NamedEntityShape/rdfs:label"),
    ("place-no-label", "r:x a ms:Place .", (), "NamedEntityShape/rdfs:label"),
    ("country-no-label", "r:x a ms:Country .", (), "CountryShape/rdfs:label"),
    ("country-two-german-labels", 'r:ch rdfs:label "Eidgenossenschaft"@de .', (), "CountryShape/rdfs:label"),
    ("drives-for-not-a-team", "r:d2 ms:drivesFor r:c .", (), "DriverShape/ms:drivesFor"),
    ("teammate-not-a-driver", "r:d2 ms:teammate r:t .", (), "DriverShape/ms:teammate"),
    ("standing-no-driver", "r:st a ms:Standing ; ms:championshipPosition 2 .", (),
     "StandingShape/ms:standingDriver"),
    ("quote-no-text", "r:q a ms:Quote .", (), "QuoteShape/ms:quoteText"),
    ("statement-no-subject", "r:f a ms:FactStatement ; rdf:predicate ms:age ; rdf:object 3 ; "
     "ms:evidenceSentence r:sent .", (), "FactStatementShape/rdf:subject"),
]  # fmt: skip


@pytest.mark.parametrize(("extra", "drop", "shape"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_shape_reports_violation(extra: str, drop: tuple[str, ...], shape: str) -> None:
    report = validate(_store(extra.replace("{art}", str(ART)), drop), checks=False)
    assert shape in report.by_shape(), [v.to_dict() for v in report.violations]


def test_validate_subclass_targets_without_reasoning() -> None:
    # r:s is typed ms:Shootout only; the session shape reaches it through the class hierarchy
    report = validate(
        _store(drop=("r:s a ms:Qualifying",), extra="r:s a ms:Shootout ; ms:event r:e ."), checks=False
    )
    assert report.conforms
    extra = "r:e2 a ms:Event . r:s a ms:Shootout ; ms:event r:e, r:e2 ."
    report = validate(_store(drop=("r:s a ms:Qualifying",), extra=extra))
    assert "SessionShape/ms:event" in report.by_shape()


# (check, extra triples that break it, lines of VALID dropped)
CHECKS = [
    (
        "shared-position",
        "r:p2 a ms:Result ; ms:session r:s ; ms:position 1 ; ms:driver r:d2 .",
        ("position 2",),
    ),
    ("driver-in-two-results", "r:p3 a ms:Result ; ms:session r:s ; ms:position 3 ; ms:driver r:d1 .", ()),
    ("lap-time-gap", 'r:p2 ms:lapTime "PT1M29.82S"^^xsd:dayTimeDuration .', ("PT1M28.82S",)),
    ("qualifying-order", 'r:p2 ms:lapTime "PT1M27S"^^xsd:dayTimeDuration .', ("PT1M28.82S",)),
]


@pytest.mark.parametrize(("check", "extra", "drop"), CHECKS, ids=[c[0] for c in CHECKS])
def test_validate_check_reports_violation(check: str, extra: str, drop: tuple[str, ...]) -> None:
    report = validate(_store(extra, drop), shacl=False)
    assert check in report.by_shape(), [v.to_dict() for v in report.violations]


def test_validate_checks_accept_the_valid_graph() -> None:
    assert validate(_store(), shacl=False).conforms


def test_validate_shared_position_in_other_class_is_fine() -> None:
    extra = """r:gt2 a ms:RaceClass ; rdfs:label "GT2" .
    r:p3 a ms:Result ; ms:session r:s ; ms:position 1 ; ms:raceClass r:gt2 ; ms:driver r:d2 ."""
    assert "shared-position" not in validate(_store(extra), shacl=False).by_shape()


@pytest.mark.parametrize("path", sorted(CHECKS_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_validate_check_file_has_header_and_is_tested(path: Path) -> None:
    check = parse_rule(path.stem, path.read_text(encoding="utf-8"))
    assert check.title and check.description and "SELECT" in check.sparql
    assert path.stem in {c[0] for c in CHECKS}


def test_validate_violation_names_article_and_sentence() -> None:
    report = validate(_store('r:p1 ms:lapTime "PT2H"^^xsd:dayTimeDuration .', ("PT1M28.32S",)), checks=False)
    (v,) = report.violations
    assert v.articles == ("a1",)
    assert v.sentence == "Anna Vogel fuhr die Bestzeit."
    assert v.focus == f"{BASE}test/p1" and v.value == "PT2H"


# -- the build report --------------------------------------------------------------------


def test_validate_build_report_round_trip_beside_the_store(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = Store(path)
    store.replace_graph(Graph(identifier=ART).parse(data=PREFIXES + VALID.replace("{art}", str(ART))))
    store.flush()
    assert load_build_report(path) is None
    save_build_report(path, BuildSummary(articles_built=1))
    del store
    # the store opens again, read-write and read-only, with the report in its folder
    assert len(Store(path, read_only=True)) > 0
    assert len(Store(path)) > 0
    assert load_build_report(path) == BuildSummary(articles_built=1)


def test_validate_build_report_unreadable_is_none(tmp_path: Path) -> None:
    (tmp_path / "build-report.json").write_text("{not json", encoding="utf-8")
    assert load_build_report(tmp_path) is None
    assert load_build_report(None) is None


# -- the command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.cli import main

    path = tmp_path_factory.mktemp("validate") / "store"
    assert main(["build", str(EXAMPLES), "--store", str(path), "--no-progress"]) == 0
    return path


def test_validate_cli_build_writes_report_and_stats_shows_it(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    report = load_build_report(built)
    assert report is not None
    assert report.articles_built == len(list(EXAMPLES.glob("*.txt")))
    assert report.inferred_triples and report.violations is not None
    assert report.entities["Driver"] > 0
    capsys.readouterr()
    assert main(["stats", "--store", str(built)]) == 0
    out = capsys.readouterr().out
    assert "last build" in out and "inferred" in out and "violations" in out


def test_validate_cli_reason(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    capsys.readouterr()
    assert main(["reason", "--store", str(built)]) == 0
    assert "inferred" in capsys.readouterr().out
    assert Store(built, read_only=True).contains_graph(f"{BASE}graph/inferred/article/gtm-lausitz-qualifying")


def test_validate_cli_json(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    capsys.readouterr()
    rc = main(["validate", "--store", str(built), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert rc == (0 if data["conforms"] else 2)
    assert data["count"] == len(data["violations"]) == sum(data["by_shape"].values())
    for v in data["violations"]:
        assert {"shape", "focus", "message", "articles", "sentence"} <= set(v)


def test_validate_cli_text(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    capsys.readouterr()
    main(["validate", "--store", str(built)])
    assert "violation(s)" in capsys.readouterr().out


def test_validate_cli_build_no_reason_no_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    path = tmp_path / "store"
    article = EXAMPLES / "gtm-lausitz-qualifying.txt"
    assert (
        main(["build", str(article), "--store", str(path), "--no-progress", "--no-reason", "--no-validate"])
        == 0
    )
    assert not any("graph/inferred" in g for g in Store(path, read_only=True).named_graphs())
    report = load_build_report(path)
    assert report is not None
    assert report.inferred_triples is None and report.violations is None
