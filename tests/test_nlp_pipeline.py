"""Tests of the nlp stage: tokenizer, sentencizer, entity recognition (own German sentences)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.ingest import Article
from kg.nlp import AnalyzedArticle, analyze, load_pipeline
from kg.nlp.lexicon import load_lexicon
from kg.nlp.recognizer import find_mentions


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Er fuhr 2:24,869 Minuten.", "2:24,869"),
        ("Er fuhr 1.41,670 im Training.", "1.41,670"),
        ("Bestzeit (1:28.320 min.) gefahren.", "1:28.320"),
        ("Das 14-Runden-Rennen beginnt.", "14-Runden-Rennen"),
        ("Der 25-jährige siegte.", "25-jährige"),
        ("Der Fahrer (NL) siegte.", "NL"),
    ],
)
def test_tokenizer_keeps_tokens(nlp, text, token):
    assert token in [t.text for t in nlp(text)]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Keller/Brandt siegten.", ["Keller", "/", "Brandt"]),
        ("Die Falken-Corvette gewann.", ["Falken", "-", "Corvette"]),
        ("‚Tiger’/Brandt siegten.", ["Tiger", "’", "/", "Brandt"]),
        ("Er siegte im Audi R8. Dann regnete es.", ["R8", "."]),
    ],
)
def test_tokenizer_splits_crews_and_compounds(nlp, text, tokens):
    words = [t.text for t in nlp(text)]
    for t in tokens:
        assert t in words


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Dr. Weber kam. Er fuhr gut.", 2),
        ("Wagen Nr. 5 fuhr ca. 3 Runden. Dann kam die Box.", 2),
        ("Beim 8. Lauf in der 19. Runde fiel er aus. Danach regnete es.", 2),
        ("Er siegte.\n\nIm Training fuhr er gut.", 2),
        ("Sein Ziel war P8. Dann schied er aus.", 2),
        # inside a parenthesis, an initial, no space after the point: no end
        ("Der Audi #5 (Stappler/K. Volk; 8. GT3) fiel zurück. Dann regnete es.", 2),
        ("Er fuhr den Cadillac V-Series.R auf Platz eins. Dann regnete es.", 2),
        ("Es siegte (nach Protest. Angeblich) Tom Berg.\nDann regnete es.", 2),
        ("Er siegte beim 40. DMV Pokal am 29. August. Dann regnete es.", 2),
        ("Er fuhr in Runde 40. Dann regnete es.", 2),
    ],
)
def test_sentencizer_survives_abbreviations_and_ordinals(nlp, text, n):
    assert len(list(nlp(text).sents)) == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gestern fuhr Michael Schneider schnell.", ("Michael Schneider", "PER")),
        ("Das Auto von Kessel Racing war schnell.", ("Kessel Racing", "TEAM")),
        ("Er fuhr den Porsche 911 GT3 RSR im Rennen.", ("Porsche 911 GT3 RSR", "CAR")),
        ("Er gewann die American Le Mans Series.", ("American Le Mans Series", "SERIES")),
        ("Er fuhr früher in der Formel 3 mit.", ("Formel 3", "SERIES")),
        ("Das Rennen auf dem Nürburgring war lang.", ("Nürburgring", "CIRCUIT")),
        (
            "Das Finale in der Motorsport Arena Oschersleben war lang.",
            ("Motorsport Arena Oschersleben", "CIRCUIT"),
        ),
        ("Es siegte der Niederländer vor allen.", ("Niederländer", "NORP")),
        ("Er gewann in der Klasse GT2 das Rennen.", ("GT2", "CLASS")),
        ("Die Falken-Corvette führte.", ("Falken", "TEAM")),
        ("Zweiter wurde Tom Berg (Kessel Academy).", ("Kessel Academy", "TEAM")),
        ("Er fuhr den HPD ARX-03b Honda.", ("HPD ARX-03b", "CAR")),
        ("Er fuhr im Nissan GT-R vorne.", ("Nissan GT-R", "CAR")),
        # a car after its entrant and a hyphen
        ("Es siegten Tom Berg / Jan Dix (#23 JRM-Nissan GT-R).", ("Nissan GT-R", "CAR")),
        ("Der #41 Kessel VDS-Ford GT war schnell.", ("Ford GT", "CAR")),
        ("Es siegten Tom Berg und Jan Dix im WRT Audi R8 LMS GT3.", ("WRT", "TEAM")),
        ("Es siegten Tom Berg und Jan Dix im WRT Audi R8 LMS GT3.", ("Audi R8 LMS GT3", "CAR")),
        ("Zweiter wurde Tom Berg im AKKA ASP Mercedes-AMG GT3.", ("AKKA ASP", "TEAM")),
        ("Er fuhr im DTM Audi vorne.", ("DTM", "SERIES")),
        ("Tom Berg schaffte es im Penske Porsche #7 auf die zweite Position.", ("Penske", "TEAM")),
        ("Die Porsche 963 des Werksteams Penske fuhren vorne.", ("Penske", "TEAM")),
        ("Zweiter wurde der Porsche von Kessel-Racing mit Tom Berg.", ("Kessel-Racing", "TEAM")),
        ("Das Hermes-Attempto-Racing-Team fuhr vor.", ("Hermes-Attempto-Racing", "TEAM")),
        ("Dritter wurde der Porsche von Uwe Kahl Automotive.", ("Uwe Kahl Automotive", "TEAM")),
        ("Die Pole holte United Autosports mit Tom Berg.", ("United Autosports", "TEAM")),
        ("Er fuhr den Chevrolet Lacetti auf Platz drei.", ("Chevrolet Lacetti", "CAR")),
        ("Es siegte der Audi des Champion Racing-Teams.", ("Champion Racing", "TEAM")),
        ("Er verlor im Aston Martin vom Team Garage 59 Zeit.", ("Garage 59", "TEAM")),
        ("Er fuhr den Aston Martin Vantage auf Platz drei.", ("Aston Martin Vantage", "CAR")),
        ("Er fuhr den Chevrolet Corvette auf Platz drei.", ("Chevrolet Corvette", "CAR")),
        ("Er siegte im Skoda Fabia S2000.", ("Skoda Fabia S2000", "CAR")),
        ("Er siegte im Hyundai i20 WRC.", ("Hyundai i20 WRC", "CAR")),
        ("Er siegte im Volkswagen Race Touareg 2.", ("Volkswagen Race Touareg 2", "CAR")),
        ("Zweiter wurde Tom Berg (BMW-Team Nord/Kessel Motorsport).", ("BMW-Team Nord", "TEAM")),
        ("Zweiter wurde Tom Berg (BMW-Team Nord/Kessel Motorsport).", ("Kessel Motorsport", "TEAM")),
        (
            "Sechste wurden Juan Perez Landa und Tom Berg. Perez Landa/Berg fuhren gut.",
            ("Juan Perez Landa", "PER"),
        ),
    ],
)
def test_recognizer_types_entities(text, expected):
    found = {(text[s:e], label) for s, e, label, _ in find_mentions(text, load_lexicon())}
    assert expected in found


def test_recognizer_joins_crew_members():
    text = (
        "Michael Schneider und Lutz Brenner siegten. Schneider/Brenner fuhren weiter, Ortmann/Brenner nicht."
    )
    found = {text[s:e] for s, e, label, _ in find_mentions(text, load_lexicon()) if label == "PER"}
    assert "Ortmann" in found


def test_no_mention_takes_a_line_break():
    """A headline ending in a name without a point, then a paragraph opening with a full name:
    two names, not "Sainz\\nCharles Leclerc" (the sentencizer ends a sentence at every line break)."""
    text = "Formel 1 in Monza: Leclerc vor Sainz\nCharles Leclerc holte die Pole vor Carlos Sainz."
    (analyzed,) = analyze([Article("headline", text)])
    found = {m.text for m in analyzed.mentions if m.label == "PER"}
    assert "Charles Leclerc" in found
    assert not any("\n" in name for name in found)


def test_analyze_yields_in_order():
    arts = [Article(f"a{i}", f"Michael Schneider fuhr im Rennen Nummer {i}.") for i in range(3)]
    out = list(analyze(arts))
    assert [a.article.identifier for a in out] == ["a0", "a1", "a2"]
    assert all(isinstance(a, AnalyzedArticle) for a in out)
    assert any(m.label == "PER" for m in out[0].mentions)


def test_model_import_does_not_need_spacy():
    import importlib
    import sys

    mod = importlib.import_module("kg.nlp.model")
    assert hasattr(mod, "Mention")
    assert "kg.nlp.model" in sys.modules


@pytest.mark.parametrize(
    "text",
    [
        "Der Fahrer fuhr. Dann kam Dr. Meier im 8. Lauf.\n\nNeuer Absatz! „Gut“, sagte er.",
        "Ein Satz ohne Punkt",
        "",
    ],
)
def test_sentence_spans_equal_doc_sents(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from kg.nlp.components import sentence_spans

    doc = nlp(text)
    expected = [(s.start, s.end) for s in doc.sents] if len(doc) else []
    assert [(s.start, s.end) for s in sentence_spans(doc)] == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Am Start verlor Henrik Østergaard zwei Plätze.", "Henrik Østergaard"),
        ("Zweiter wurde Jan Dvořák vor dem Polen.", "Jan Dvořák"),
        ("Die Pole ging an Marek Wiśniewski.", "Marek Wiśniewski"),
        ("Zweiter wurde Sean O’Hara vor dem Polen.", "Sean O’Hara"),
        ("Zweiter wurde Sean O‚Hara vor dem Polen.", "Sean O‚Hara"),  # a low quote typed as apostrophe
    ],
)
def test_names_with_letters_beyond_german_are_whole(text: str, name: str) -> None:
    lex = load_lexicon()
    found = [text[s:e] for s, e, label, _ in find_mentions(text, lex) if label == "PER"]
    assert found == [name]


def test_team_names_open_with_scuderia_or_team():
    text = "Zweiter wurde der Wagen der Scuderia Cameron Glickenhaus vor dem Team Rosberg."
    found = {(text[s:e], label) for s, e, label, _ in find_mentions(text, load_lexicon())}
    assert ("Scuderia Cameron Glickenhaus", "TEAM") in found
    assert not any(label == "PER" for _, label in found)


def test_a_hyphen_continues_a_model_code_only_with_a_code():
    text = "Der Audi R8-Pilot holte den Ford GT-Sieg."
    found = {text[s:e] for s, e, label, _ in find_mentions(text, load_lexicon()) if label == "CAR"}
    assert not any("Pilot" in f or "Sieg" in f for f in found)


def test_a_makers_short_form_names_the_maker():
    text = "Er fuhr den VW vor dem Volkswagen von Tom Berg."
    found = {
        (text[s:e], norm) for s, e, label, norm in find_mentions(text, load_lexicon()) if label == "BRAND"
    }
    assert found == {("VW", "Volkswagen"), ("Volkswagen", "Volkswagen")}


def test_a_word_of_the_language_before_a_car_is_no_entrant():
    lex = replace(load_lexicon(), common_word=lambda w: w in {"Cup", "Regen"})
    text = "Dritter wurde der Cup Porsche von Tom Berg, er fuhr im Regen Porsche."
    assert not [text[s:e] for s, e, label, _ in find_mentions(text, lex) if label == "TEAM"]


@pytest.mark.parametrize(
    ("text", "teams"),
    [
        ("Tom Berg wechselte zur Saison 2016 von Kessel zu Zandt.", {"Kessel", "Zandt"}),
        ("Künftig tritt er für HWX an.", {"HWX"}),
        ("Er fährt ab sofort für Tom Berg.", set()),  # a name goes on: no team
        ("Er fährt für Deutschland.", set()),
    ],
)
def test_a_team_named_after_fuer_zu_von_in_transfer_news(text, teams):
    found = {text[s:e] for s, e, label, _ in find_mentions(text, load_lexicon()) if label == "TEAM"}
    assert found == teams


def test_von_before_a_slash_crew_is_a_preposition_and_never_a_name():
    text = (
        "Dritter wurde der Manthey-Porsche #911 von Lietzer/Makowski. Tom von Brandt fuhr vor. "
        "Der Audi R8 LMS von Land Motorsport folgte."
    )
    found = {text[s:e] for s, e, label, _ in find_mentions(text, load_lexicon()) if label == "PER"}
    assert {"Lietzer", "Makowski"} <= found
    assert not {f for f in found if f.startswith("von ") or f == "von"}


def test_a_compound_of_team_is_never_a_persons_surname():
    text = (
        "Es folgten Juan Correa (17, USA/Ecuador, Prema Powerteam), Juri Vips (16, Estland, Prema "
        "Powerteam) und Kim Schramm (19, Wümbach, US Racing)."
    )
    found = {(text[s:e], label) for s, e, label, _ in find_mentions(text, load_lexicon())}
    assert ("Prema Powerteam", "TEAM") in found and ("Prema Powerteam", "PER") not in found


@pytest.mark.parametrize(
    "text",
    [
        "Für BMW Marco Wittmann fuhr vor.",
        "Audi Sport gewann vor Mercedes Pilot Tom Berg.",
        "BMW Motorsport siegte.",
    ],
)
def test_a_maker_before_a_name_or_a_word_is_no_model(text):
    found = {label for s, e, label, _ in find_mentions(text, load_lexicon())}
    assert "CAR" not in found


def test_a_co_driver_compound_names_no_team():
    text = "Er siegte mit Co-Pilot Peter Schaaf vor dem Racing-Team."
    assert not [x for x in find_mentions(text, load_lexicon()) if x[2] == "TEAM"]


def test_the_items_of_a_classification_in_running_text_are_one_sentence(nlp):
    doc = nlp("Das Ergebnis: 1. Tom Berg, 2. Paul Seidel, 3. Jan Weber. Dann regnete es.")
    assert [s.text for s in doc.sents] == [
        "Das Ergebnis: 1. Tom Berg, 2. Paul Seidel, 3. Jan Weber.",
        "Dann regnete es.",
    ]


def test_a_crew_of_three_whose_first_name_is_also_a_town_is_a_crew():
    from kg.ingest import Article
    from kg.nlp import analyze

    text = "Audi tritt mit den Fahrer-Trios Kristensen/Duval/McNish sowie Gene/Di Grassi/Jarvis an."
    (analyzed,) = analyze([Article("t", text)])
    assert {"Gene", "Di Grassi", "Jarvis"} <= {m.text for m in analyzed.mentions if m.label == "PER"}


def test_the_point_after_a_four_digit_model_code_ends_the_sentence(nlp):
    doc = nlp("Er siegte im Peugeot 207 S2000. Dann regnete es.")
    assert [t.text for t in doc][5:7] == ["S2000", "."] and len(list(doc.sents)) == 2


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("Beim Formel-E-Rennen regnete es. Dahinter: Maxi Günter (Nissan e.dams) wurde 14.", "Nissan e.dams"),
        ("Beim Formel-E-Rennen regnete es. Jean Verne (DS Techeetah) siegte.", "DS Techeetah"),
    ],
)
def test_a_maker_and_a_name_in_a_parenthesis_after_a_driver_is_his_team(text, team):
    from kg.ingest import Article
    from kg.nlp import analyze

    (analyzed,) = analyze([Article("t", text)])
    assert (team, "TEAM") in {(m.text, m.label) for m in analyzed.mentions}


def test_lexicon_alternation_finds_what_a_flat_longest_first_alternation_finds() -> None:
    """The trie the recogniser writes a lexicon as (``_alternation``) prefers the longest name
    that lets the rest of a pattern match, as a flat alternation sorted longest first does."""
    import random
    import re

    from kg.nlp.recognizer import _alternation

    rng = random.Random(7)
    for _ in range(200):
        words = ("".join(rng.choice("ab -") for _ in range(rng.randint(1, 5))) for _ in range(8))
        names = {word.strip() or "a" for word in words}
        flat = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        text = "".join(rng.choice("ab -s") for _ in range(60))
        for shape in (r"(?<!\w)({})s?(?!\w)", r"({})(?:-(?:{}))+", r"({}) b"):
            want = [(m.span(), m.groups()) for m in re.finditer(shape.format(flat, flat), text)]
            trie = _alternation(sorted(names))
            got = [(m.span(), m.groups()) for m in re.finditer(shape.format(trie, trie), text)]
            assert got == want, (names, text, shape)
        # the boundary before a name, tested after its first character
        for boundary in (r"\w", r"[\w-]"):
            want = [m.span() for m in re.finditer(rf"(?<!{boundary})(?:{flat})s?(?!\w)", text)]
            trie = _alternation(sorted(names), boundary)
            assert [m.span() for m in re.finditer(rf"{trie}s?(?!\w)", text)] == want, (names, text)


def test_analyzed_tokens_are_the_docs_tokens_made_on_first_use(nlp) -> None:
    """``AnalyzedArticle.tokens`` (a :class:`kg.nlp.Tokens`, made from the doc's columns when first
    read) holds the doc's tokens, equals their tuple and pickles as it."""
    import pickle

    from kg.nlp import Token, Tokens

    text = "Max Kvyatkovski (Porsche) gewann am 3. Mai.\n\nDas Rennen ging über 14 Runden."
    (analyzed,) = analyze([Article("tokens", text)])
    assert isinstance(analyzed, AnalyzedArticle) and isinstance(analyzed.tokens, Tokens)
    assert len(analyzed.tokens) == len(nlp(text))  # before any token is made
    made = tuple(
        Token(t.text, t.idx, t.idx + len(t.text), t.lemma_, bool(t.is_sent_start), t.is_punct, t.like_num)
        for t in nlp(text)
    )
    assert analyzed.tokens == made and made == analyzed.tokens
    assert analyzed.tokens[1].text == "Kvyatkovski" and analyzed.tokens[-1].is_punct
    assert [t.text for t in analyzed.tokens if t.is_sent_start] == ["Max", "Das"]
    assert analyzed.tokens[:2] == made[:2] and hash(analyzed.tokens) == hash(made)
    assert pickle.loads(pickle.dumps(analyzed)) == analyzed
    assert pickle.loads(pickle.dumps(analyzed.tokens)) == made
    assert analyzed.tokens != made[:-1]


def test_a_car_model_without_its_maker_is_the_model_the_article_names_with_it():
    (a,) = analyze(
        [Article("t", "Es siegte der Audi R10 TDI vor dem Peugeot 908 HDi. Am R10 TDI löste sich ein Rad.")]
    )
    assert [m.text for m in a.mentions if m.label == "CAR"] == ["Audi R10 TDI", "Peugeot 908 HDi", "R10 TDI"]
    (alone,) = analyze([Article("t", "Am R10 TDI löste sich ein Rad.")])
    assert not [m for m in alone.mentions if m.label == "CAR"]  # not without the full name
