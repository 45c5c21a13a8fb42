"""The statistical NER as the fallback for unknown person names (``statistical_ner`` setting)."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.nlp.lexicon import DATA_DIR, Lexicon, load_lexicon
from kg.nlp.recognizer import (
    clean_candidate,
    clean_car_candidate,
    clean_circuit_candidate,
    complete_mentions,
    find_mentions,
    rule_mentions,
)


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon(DATA_DIR)


def _clean(text: str, span: str, lex: Lexicon) -> str | None:
    start = text.index(span)
    cleaned = clean_candidate(text, start, start + len(span), lex)
    return None if cleaned is None else text[cleaned[0] : cleaned[1]]


# --- candidate cleaning on hand-built inputs (no spaCy) -------------------------------------


def test_a_plain_two_word_name_is_kept(lex: Lexicon) -> None:
    text = "Im Ziel lag Jalmar Fenstrup vorn."
    assert _clean(text, "Jalmar Fenstrup", lex) == "Jalmar Fenstrup"


def test_a_position_token_is_dropped(lex: Lexicon) -> None:
    text = "Sie kämpften um P8. Jalmar Fenstrup schnappte sich den Platz."
    assert _clean(text, "P8. Jalmar Fenstrup", lex) == "Jalmar Fenstrup"


def test_a_role_word_is_dropped(lex: Lexicon) -> None:
    text = "Dahinter startete der Porsche-Junior Oddvar Brinkhaus."
    assert _clean(text, "Junior Oddvar Brinkhaus", lex) == "Oddvar Brinkhaus"
    text = "Der Profi Oddvar Brinkhaus gewann."
    assert _clean(text, "Profi Oddvar Brinkhaus", lex) == "Oddvar Brinkhaus"


def test_a_word_lowercase_elsewhere_is_dropped(lex: Lexicon) -> None:
    text = "Überquert Kasimir Tellhoff die Linie? Er überquert sie als Erster."
    assert _clean(text, "Überquert Kasimir Tellhoff", lex) == "Kasimir Tellhoff"


def test_team_like_endings_are_refused(lex: Lexicon) -> None:
    for team in ("Fenstrup Racing", "Brinkhaus Motorsport", "Tellhoff Motorsports", "Kuhn Team"):
        assert _clean(f"Es siegte {team} vor allen.", team, lex) is None


def test_single_words_and_brands_are_refused(lex: Lexicon) -> None:
    assert _clean("Sein Heimspiel ist wichtig.", "Heimspiel", lex) is None
    assert _clean("P8. Ramos schnappte sich den Platz.", "P8. Ramos", lex) is None  # one word left
    assert _clean("Der Leiter Porsche sprach.", "Leiter Porsche", lex) is None


def test_candidates_reach_the_recogniser_only_where_the_rules_found_nothing(lex: Lexicon) -> None:
    text = "Jalmar Fenstrup fuhr im Audi R8 LMS. Fenstrup gewann vor Dyson Racing."
    fen = (0, len("Jalmar Fenstrup"), "DRIVER")
    dyson = (text.index("Dyson"), text.index("Dyson") + len("Dyson Racing"), "DRIVER")
    without = find_mentions(text, lex)
    found = find_mentions(text, lex, [fen, dyson])
    people = [text[s:e] for s, e, label, _ in found if label == "PER"]
    assert people == ["Jalmar Fenstrup", "Fenstrup"]  # the surname follows as a short form
    teams = [text[s:e] for s, e, label, _ in found if label == "TEAM"]
    assert teams == [text[s:e] for s, e, label, _ in without if label == "TEAM"] == ["Dyson Racing"]
    assert find_mentions(text, lex, []) == without


def test_the_setting_reads_the_environment_and_is_on_by_default() -> None:
    assert Settings.load(env={}).statistical_ner is True
    assert Settings.load(env={"KG_STATISTICAL_NER": "0"}).statistical_ner is False
    assert Settings.load(env={"KG_STATISTICAL_NER": "on"}).statistical_ner is True


# --- end to end with the shipped model (loaded once for the module) -------------------------

HELD_OUT = "Beim Finale in Oschersleben fuhr Oddvar Brinkhaus im Porsche 911 GT3 RSR auf Platz zwei."


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    pytest.importorskip("spacy")
    from kg.nlp import build_pipeline

    return build_pipeline(statistical_ner=False), build_pipeline(statistical_ner=True)


def test_the_recogniser_gets_the_ner_only_with_the_setting(pipelines) -> None:  # type: ignore[no-untyped-def]
    off, on = pipelines
    assert off.pipe_names == on.pipe_names
    assert off.get_pipe("motorsport_entities").statistical_ner is None
    assert on.get_pipe("motorsport_entities").statistical_ner is not None


def test_the_ner_sees_only_sentences_the_rules_leave_unexplained(pipelines, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, on = pipelines
    entities = on.get_pipe("motorsport_entities")
    seen: list[str] = []
    real = entities.statistical_ner

    class Spy:
        def pipe(self, docs):  # type: ignore[no-untyped-def]
            docs = list(docs)
            seen.extend(doc.text.strip() for doc in docs)
            return real.pipe(docs)

    monkeypatch.setattr(entities, "statistical_ner", Spy())
    texts = [
        "Der Niederländer gewann vor Porsche. Im Qualifying war er Zweiter.",  # known words first
        "Am Sonntag fuhr Oddvar Brinkhaus die schnellste Runde.",
        "Jeroen Bleekemolen wurde Zweiter.",  # a known first name: the rules explain the pair
    ]
    docs = list(on.pipe(texts))
    assert seen == ["Am Sonntag fuhr Oddvar Brinkhaus die schnellste Runde."]
    assert "Oddvar Brinkhaus" in [e.text for e in docs[1].ents if e.label_ == "PER"]
    assert "Jeroen Bleekemolen" in [e.text for e in docs[2].ents if e.label_ == "PER"]


def test_one_failing_doc_does_not_spoil_its_batch(pipelines, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kg.nlp.components

    _, on = pipelines
    real = kg.nlp.components.rule_mentions

    def flaky(text: str, lex: Lexicon):  # type: ignore[no-untyped-def]
        if "KAPUTT" in text:
            raise RuntimeError("rules exploded")
        return real(text, lex)

    monkeypatch.setattr(kg.nlp.components, "rule_mentions", flaky)
    failures: list[str] = []
    entities = on.get_pipe("motorsport_entities")
    monkeypatch.setattr(
        entities, "_error_handler", lambda name, proc, docs, e: failures.append(f"{name}: {e}")
    )
    texts = ["Jeroen Bleekemolen siegte.", "KAPUTT", "Oddvar Brinkhaus fuhr im Porsche auf Platz zwei."]
    docs = list(on.pipe(texts))
    assert [d.text for d in docs] == [texts[0], texts[2]]
    assert failures == ["motorsport_entities: rules exploded"]
    assert [e.text for e in docs[1].ents if e.label_ == "PER"] == ["Oddvar Brinkhaus"]


def test_complete_mentions_adds_candidates_to_the_rule_mentions(lex: Lexicon) -> None:
    text = "Jeroen Bleekemolen siegte vor Oddvar Brinkhaus."
    rules = rule_mentions(text, lex)
    assert [(s, e) for s, e, _, _ in rules.items] == [(0, len("Jeroen Bleekemolen"))]
    start = text.index("Oddvar")
    found = complete_mentions(text, lex, rules, [(start, start + len("Oddvar Brinkhaus"), "PERSON")])
    assert [(text[s:e], label) for s, e, label, _ in found] == [
        ("Jeroen Bleekemolen", "PER"),
        ("Oddvar Brinkhaus", "PER"),
    ]
    assert find_mentions(text, lex) == sorted(rule_mentions(text, lex).items)


def _kinds(nlp, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from kg.facts import extract
    from kg.ingest import Article
    from kg.nlp import to_analyzed

    facts = extract(to_analyzed(nlp(text), Article("held-out", text)))
    return {e.label: e.kind for e in facts.entities}


def test_fallback_persons_are_typed_by_context(pipelines) -> None:  # type: ignore[no-untyped-def]
    _, on = pipelines
    assert _kinds(on, HELD_OUT).get("Oddvar Brinkhaus") == "driver"
    text = "Pressesprecherin Henrike Maltzahn kündigte an, dass das Team wiederkommt."
    kind = _kinds(on, text).get("Henrike Maltzahn")
    assert kind is not None and kind != "driver"


# invented people with first names the lexicons do not know, in sentences written for this test
UNKNOWN_NAMES = [
    (
        "Die Pole-Position sicherte sich Taavi Lindqvist mit einer Zeit von 1:32,456 Minuten.",
        "Taavi Lindqvist",
    ),
    ("Hinter ihm landete Yusuf Demirtaş auf dem dritten Rang.", "Yusuf Demirtaş"),
    (
        "Der Sieg ging an Ruairí Cathasaigh, der das Rennen von der Spitze aus kontrollierte.",
        "Ruairí Cathasaigh",
    ),
    ("Im zweiten Lauf setzte sich Kasimir Vohwinkel gegen die Konkurrenz durch.", "Kasimir Vohwinkel"),
    ("Sebastiaan Oudejans teilt sich den Audi R8 LMS mit Landsmann Pim Koopmans.", "Pim Koopmans"),
    ("Schnellste Runde: Eero Rautavaara (Finnland) in 1:45,210 Minuten.", "Eero Rautavaara"),
    ("Als Vierter kam Thibaut Delacroix-Mallet ins Ziel, vor Gianluca Ferraresi.", "Gianluca Ferraresi"),
    ("Teamchef Ambrosius Kettler lobte die Leistung seiner Fahrer.", "Ambrosius Kettler"),
]


@pytest.mark.parametrize(("text", "name"), UNKNOWN_NAMES)
def test_unknown_names_are_found_by_the_default_pipeline(pipelines, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    _off, on = pipelines
    assert name in [e.text for e in on(text).ents if e.label_ == "PER"]


def test_unknown_names_need_more_than_the_gazetteers(pipelines) -> None:  # type: ignore[no-untyped-def]
    """Without the NER the rules still find the names whose first name the corpus clusters
    know ("Yusuf"), but not all of them: the NER is what finds the others."""
    off, _on = pipelines
    by_rules = [
        name for text, name in UNKNOWN_NAMES if name in [e.text for e in off(text).ents if e.label_ == "PER"]
    ]
    assert 0 < len(by_rules) < len(UNKNOWN_NAMES)


# --- the NER's other labels: each cleaned and checked by its own unit (hand-built inputs) ---


def _span(text: str, span: str) -> tuple[int, int]:
    start = text.index(span)
    return start, start + len(span)


def _cleaned(clean, text: str, span: str, lex: Lexicon) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    found = clean(text, *_span(text, span), lex)
    return None if found is None else (text[found[0] : found[1]], found[2])


def test_a_car_candidate_names_its_maker_or_has_a_model_code(lex: Lexicon) -> None:
    text = "Er steuerte einen Porsche Vexa 4S Cup zum Sieg."
    assert _cleaned(clean_car_candidate, text, "einen Porsche Vexa 4S Cup", lex) == (
        "Porsche Vexa 4S Cup",
        "Porsche",
    )
    text = "Er steuerte den VW Strela zum Sieg."
    assert _cleaned(clean_car_candidate, text, "VW Strela", lex) == ("VW Strela", "Volkswagen")
    assert _cleaned(clean_car_candidate, "Im XR7 fuhr er vorn.", "XR7", lex) == ("XR7", "")
    assert _cleaned(clean_car_candidate, "Im Kessel Renner fuhr er vorn.", "Kessel Renner", lex) is None
    assert _cleaned(clean_car_candidate, "Er fuhr den Porsche.", "Porsche", lex) is None  # a maker alone


def test_a_circuit_candidate_has_no_digits_and_one_word_is_a_place(lex: Lexicon) -> None:
    from dataclasses import replace

    text = "Auf dem Circuito Vennbruck siegte der R18."
    assert _cleaned(clean_circuit_candidate, text, "Circuito Vennbruck", lex) == ("Circuito Vennbruck", "")
    assert _cleaned(clean_circuit_candidate, text, "R18", lex) is None
    places = replace(lex, word_class=lambda w: "place" if w == "Vennbruck" else None)
    assert _cleaned(clean_circuit_candidate, "Er siegte in Vennbruck.", "Vennbruck", places) == (
        "Vennbruck",
        "",
    )
    assert _cleaned(clean_circuit_candidate, "Er siegte in Vennbruck.", "Vennbruck", lex) is None
    assert _cleaned(clean_circuit_candidate, "Er siegte im Chase.", "Chase", places) is None
    assert _cleaned(clean_circuit_candidate, "Er siegte in Italien.", "Italien", places) is None


def test_labelled_candidates_become_mentions_of_their_kind_where_the_rules_found_nothing(
    lex: Lexicon,
) -> None:
    text = "Oddvar Brinkhaus fuhr auf dem Circuito Vennbruck für Walderhof Sportwagen einen Norvik XR7."
    assert find_mentions(text, lex) == []  # the rules know none of them
    candidates = [
        (*_span(text, "Oddvar Brinkhaus"), "DRIVER"),
        (*_span(text, "Circuito Vennbruck"), "CIRCUIT"),
        (*_span(text, "Walderhof Sportwagen"), "TEAM"),  # a label the recogniser does not take
        (*_span(text, "Norvik XR7"), "MANUFACTURER"),  # nor this one
        (*_span(text, "XR7"), "CAR_MODEL"),
    ]
    found = [(text[s:e], label, norm) for s, e, label, norm in find_mentions(text, lex, candidates)]
    assert found == [
        ("Oddvar Brinkhaus", "PER", ""),
        ("Circuito Vennbruck", "CIRCUIT", ""),
        ("XR7", "CAR", ""),
    ]


def test_rules_keep_precedence_over_a_candidate(lex: Lexicon) -> None:
    text = "Er fuhr für Walderhof Racing im Audi R8 LMS."
    rules = {(text[s:e], label) for s, e, label, _ in find_mentions(text, lex)}
    assert ("Walderhof Racing", "TEAM") in rules and ("Audi R8 LMS", "CAR") in rules
    candidates = [(*_span(text, "Walderhof Racing"), "DRIVER"), (*_span(text, "Audi R8 LMS"), "CIRCUIT")]
    assert {(text[s:e], label) for s, e, label, _ in find_mentions(text, lex, candidates)} == rules


def test_a_surname_candidate_takes_in_the_unknown_given_name_before_it(lex: Lexicon) -> None:
    def persons(text: str, surname: str) -> list[str]:
        candidate = (*_span(text, surname), "DRIVER")
        return [text[s:e] for s, e, label, _ in find_mentions(text, lex, [candidate]) if label == "PER"]

    assert persons("Am Ende siegte Ödön Kovács vor allen.", "Kovács") == ["Ödön Kovács"]
    assert persons("Dahinter lag Routinier Kovács.", "Kovács") == []  # a role word, not a name
    assert persons("Stark fuhr Kovács. Er war stark.", "Kovács") == []  # written lower case elsewhere
    assert persons("Es siegte Mercedes-Pilot Kovács.", "Kovács") == []  # a compound, not a given name
