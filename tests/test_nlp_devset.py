"""The dev-set reader: gold entities and aliases projected onto texts (invented articles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.nlp.training.devset import (
    VALIDATION_IDS,
    ProjectionStats,
    find_matches,
    is_name_alias,
    project_article,
    read_devset,
    sentence_pipeline,
    split_of,
    surfaces,
)

TEXT = (
    "Jannik Wolters gewann auf dem Lausitzring vor Timo Brandl. Wolters' Teamkollege bei "
    "Kessler Motorsport war der Brasilianer Caio Ferraz.\n\n"
    "Im Brandl-Auto saß am Sonntag auch Ferraz. Der 23-Jährige fuhr die Formel-4-Rennen, "
    "Brandls Porsche 911 GT3 R kam auf Rang vier.\n\n"
    "Die Crew Wolters/Brandl/Ferraz startet in der Langstrecken-Serie; Ralf Mio. lobte sie."
)
GOLD = {
    "id": "d01",
    "entities": {
        "driver": ["Jannik Wolters", "Timo Brandl", "Caio Ferraz", "Ralf Mio"],
        "team": ["Kessler Motorsport"],
        "manufacturer": [],
        "car_model": ["Porsche 911 GT3 R"],
        "series": ["Formel 4"],
        "circuit": ["Lausitzring"],
        "person_other": [],
    },
    "aliases": {
        "Wolters": "Jannik Wolters",
        "Brandl": "Timo Brandl",
        "Ferraz": "Caio Ferraz",
        "der Brasilianer": "Caio Ferraz",
        "Der 23-Jährige": "Caio Ferraz",
        "Lokalmatador": "Timo Brandl",
        "Formel-4-Rennen": "Formel 4",
    },
}


@pytest.mark.parametrize(
    ("alias", "canonical", "is_name"),
    [
        ("Schumacher", "Michael Schumacher", True),
        ("van Lagen", "Jaap van Lagen", True),  # a particle in lower case is part of the name
        ("Red-Bull", "Red Bull", True),
        ("H. Stuck", "Hans-Joachim Stuck", True),  # an initial
        ("Hockenheim", "Hockenheimring", True),  # the start of the name
        ("Waliłko", "Igor Walilko", True),  # spelling variant
        ("ALMS", "American Le Mans Series", True),  # an abbreviation in capitals
        ("der Brasilianer", "Caio Ferraz", False),
        ("Der 23-Jährige", "Caio Ferraz", False),
        ("Lokalmatador", "Jenson Button", False),
        ("Ferrari-Mann", "Fernando Alonso", False),
        ("Formel-1-Rennen", "Formel 1", False),  # the compound brings a word of its own
        ("Grünen Hölle", "Nordschleife", False),
        ("indischen Rennstall", "Force India", False),
    ],
)
def test_is_name_alias(alias: str, canonical: str, is_name: bool) -> None:
    assert is_name_alias(alias, canonical) is is_name


def test_surfaces_name_aliases_hyphen_and_genitive_forms() -> None:
    stats = ProjectionStats()
    forms = surfaces(GOLD, stats)
    assert forms["Wolters"] == ("driver", "Jannik Wolters")
    assert forms["Brandls"] == ("driver", "Timo Brandl")  # genitive
    assert forms["Formel-4"] == ("series", "Formel 4")  # hyphenated form of a two-word name
    assert "Ferrazs" not in forms  # no genitive -s after a sibilant
    assert "der Brasilianer" not in forms and "Lokalmatador" not in forms
    assert (stats.aliases_used, stats.aliases_skipped) == (3, 4)


def test_find_matches_longest_first_at_word_boundaries() -> None:
    forms = {"Timo Brandl": ("driver", "T"), "Brandl": ("driver", "T"), "Lausitz": ("circuit", "L")}
    text = "Timo Brandl vor Brandl, im Brandlhof; Lausitzring."
    matches = find_matches(text, forms)
    assert [text[a:b] for a, b, _ in matches] == ["Timo Brandl", "Brandl"]  # not inside words


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return sentence_pipeline()


def test_project_article_labels_sentences_and_drops_what_does_not_align(nlp) -> None:  # type: ignore[no-untyped-def]
    sentences, stats = project_article(nlp, "d01", TEXT, GOLD)
    ents = [[(e.text, e.label_) for e in s.doc.ents] for s in sentences]
    assert ents[:4] == [
        [("Jannik Wolters", "DRIVER"), ("Lausitzring", "CIRCUIT"), ("Timo Brandl", "DRIVER")],
        # not "der Brasilianer"
        [("Wolters", "DRIVER"), ("Kessler Motorsport", "TEAM"), ("Caio Ferraz", "DRIVER")],
        [("Brandl", "DRIVER"), ("Ferraz", "DRIVER")],  # inside the compound "Brandl-Auto"
        # not "Der 23-Jährige"; the series inside "Formel-4-Rennen"; the genitive "Brandls"
        [("Formel-4", "SERIES"), ("Brandls", "DRIVER"), ("Porsche 911 GT3 R", "CAR_MODEL")],
    ]
    assert sentences[3].gold[1] == ("driver", "Timo Brandl")
    crew = next(s for s in sentences if "Crew" in s.doc.text)
    assert [e.text for e in crew.doc.ents] == ["Wolters", "Brandl", "Ferraz"]
    assert [kind for kind, _ in crew.gold] == ["driver"] * 3
    # "Ralf Mio." is one token pair with the abbreviation "Mio.": the match is dropped and counted
    assert stats.unaligned == 1 and "Mio." in stats.unaligned_examples[0]
    assert stats.names_not_found == 0
    assert all(s.doc.text.strip() for s in sentences)


def _devset(root: Path, ids: list[str]) -> tuple[Path, Path]:
    texts, gold_dir = root / "dev" / "texts", root / "gold"
    texts.mkdir(parents=True)
    gold_dir.mkdir()
    for i in ids:
        (texts / f"{i}.txt").write_text(
            f"Artikel {i}: Jannik Wolters gewann vor Timo Brandl.", encoding="utf-8"
        )
        (gold_dir / f"{i}.json").write_text(json.dumps({**GOLD, "id": i}), encoding="utf-8")
    return root / "dev", gold_dir


def test_read_devset_keeps_the_splits_apart(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    dev, gold = _devset(tmp_path, ["d01", "d03", "d04", "d08"])
    train, stats = read_devset(dev, gold, "train", nlp=nlp)
    assert {s.article for s in train} == {"d01", "d03"} and stats.articles == 2
    assert all("d04" not in s.doc.text and "d08" not in s.doc.text for s in train)
    validation, _ = read_devset(dev, gold, "validation", nlp=nlp)
    assert {s.article for s in validation} == {"d04", "d08"}
    assert split_of("d60") == "validation" and split_of("d59") == "train" and len(VALIDATION_IDS) == 15


def test_read_devset_names_missing_texts_and_bad_gold(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    dev, gold = _devset(tmp_path, ["d01", "d03"])
    (dev / "texts" / "d03.txt").unlink()
    with pytest.raises(InputError, match=r"1 dev texts missing \(d03\).*rehydrate"):
        read_devset(dev, gold, "train", nlp=nlp)
    (dev / "texts" / "d03.txt").write_text("Text.", encoding="utf-8")
    (gold / "d03.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"d03\.json: cannot read gold file"):
        read_devset(dev, gold, "train", nlp=nlp)
    with pytest.raises(InputError, match="no gold files"):
        read_devset(dev, tmp_path / "nothing", "train", nlp=nlp)
