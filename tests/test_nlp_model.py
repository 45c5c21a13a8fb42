"""The statistical NER: GermEval reader, training loop, evaluation arithmetic, shipped model."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from kg.cli import main
from kg.nlp.training.corpus import (
    LABELS,
    UNKNOWN,
    Sentence,
    map_label,
    read_germeval,
    split_holdout,
    to_docbin,
)
from kg.nlp.training.evaluate import PRF, score_spans

# GermEval 2014 layout: token number, token, outer tag, inner tag; "#" lines give the source
TSV = """\
#\thttp://de.wikipedia.org/wiki/Beispiel\t[2009-10-23]
1\tDie\tO\tO
2\tdeutsche\tB-LOCderiv\tO
3\tNationalmannschaft\tO\tO
4\tspielte\tO\tO
5\tin\tO\tO
6\tBad\tB-LOC\tO
7\tHersfeld\tI-LOC\tO
8\t.\tO\tO

#\thttp://www.example.de/news\t[2009-10-24]
1\tDer\tO\tO
2\tEU-Kommissar\tB-ORGpart\tO
3\tJohn\tB-PER\tO
4\tSmith\tI-PER\tO
5\tvon\tO\tO
6\tder\tO\tO
7\tUniversität\tB-ORG\tO
8\tLeipzig\tI-ORG\tB-LOC
9\tlas\tO\tO
10\tden\tO\tO
11\tSpiegel\tB-OTH\tO
12\t.\tO\tO

"""


@pytest.fixture
def germeval_file(tmp_path: Path) -> Path:
    path = tmp_path / "NER-de-test.tsv"
    path.write_text(TSV, encoding="utf-8")
    return path


def test_read_germeval_persons_others_unknown_deriv_no_entity(germeval_file: Path) -> None:
    first, second = read_germeval(germeval_file)
    assert first.words[:3] == ("Die", "deutsche", "Nationalmannschaft")
    assert first.spans == ((5, 7, UNKNOWN),)  # "deutsche" (LOCderiv) is no entity
    # the inner B-LOC of "Leipzig" is ignored; EU-Kommissar (ORGpart), the ORG and OTH unknown
    assert second.spans == ((1, 2, UNKNOWN), (2, 4, "PERSON"), (6, 8, UNKNOWN), (10, 11, UNKNOWN))


@pytest.mark.parametrize(
    ("tag", "label"),
    [("PER", "PERSON"), ("ORG", UNKNOWN), ("LOC", UNKNOWN), ("OTH", UNKNOWN), ("LOCderiv", None),
     ("ORGpart", UNKNOWN), ("PERpart", UNKNOWN)],
)  # fmt: skip
def test_map_label(tag: str, label: str | None) -> None:
    assert map_label(tag) == label


def test_to_docbin_retokenises_and_keeps_spans(germeval_file: Path) -> None:
    import spacy

    nlp = spacy.blank("de")
    docs = list(to_docbin(read_germeval(germeval_file)).get_docs(nlp.vocab))
    # the project's tokenizer splits "EU-Kommissar" at the hyphen; the spans survive
    assert [t.text for t in docs[1]][1:4] == ["EU", "-", "Kommissar"]
    assert [(e.text, e.label_) for e in docs[1].ents] == [("John Smith", "PERSON")]
    # unknown spans are missing (neither an entity nor "O"); the other tokens are "O"
    iob = {t.text: t.ent_iob_ for t in docs[1]}
    assert iob["EU"] == iob["Kommissar"] == iob["Universität"] == iob["Spiegel"] == ""
    assert iob["las"] == iob["Der"] == "O"
    assert [t.ent_iob_ for t in docs[0]][:3] == ["O", "O", "O"]  # "deutsche" is "O"


def test_sentence_char_spans() -> None:
    s = Sentence(("Anna", "Vogel", "fuhr", "."), ((0, 2, "PER"),))
    assert s.char_spans() == [(0, 10, "PER")]
    assert s.text[0:10] == "Anna Vogel"


def test_split_holdout_every_tenth() -> None:
    sentences = [Sentence((str(i),), ()) for i in range(20)]
    train, held = split_holdout(sentences)
    assert [s.words[0] for s in held] == ["9", "19"]
    assert len(train) == 18


def test_score_spans_arithmetic() -> None:
    gold = [[(0, 5, "DRIVER"), (10, 15, "CIRCUIT")], [(0, 3, "TEAM")]]
    pred = [[(0, 5, "DRIVER"), (10, 14, "CIRCUIT")], [(0, 3, "TEAM"), (5, 8, "DRIVER")]]
    scores = score_spans(gold, pred)
    assert scores.per_label["DRIVER"] == PRF(tp=1, fp=1, fn=0)
    assert scores.per_label["CIRCUIT"] == PRF(tp=0, fp=1, fn=1)
    assert scores.per_label["TEAM"] == PRF(tp=1, fp=0, fn=0)
    assert scores.overall == PRF(tp=2, fp=2, fn=1)
    assert scores.overall.precision == pytest.approx(0.5)
    assert scores.overall.recall == pytest.approx(2 / 3)
    assert scores.overall.f1 == pytest.approx(4 / 7)
    assert scores.per_label["SERIES"].f1 == 0.0  # every label is listed


@pytest.mark.parametrize(
    ("text", "start", "end", "canonical", "groups"),
    [
        ("Tom Krause gewann.", 0, 10, "Tom Krause", ["mentions"]),
        ("Krause gewann.", 0, 6, "Tom Krause", ["mentions", "surname only"]),
        ("Krause gewann.", 0, 6, "Krause", ["mentions"]),  # a one-word name is no surname-only mention
        (
            "Das Trio Krause / Lind / Ortega siegte.",
            18,
            22,
            "Ole Lind",
            ["mentions", "surname only", "in crews A/B"],
        ),
        ("Lind/Ortega siegten.", 0, 4, "Ole Lind", ["mentions", "surname only", "in crews A/B"]),
    ],
)
def test_driver_groups(text: str, start: int, end: int, canonical: str, groups: list[str]) -> None:
    from kg.nlp.training.evaluate import driver_groups

    assert driver_groups(text, start, end, canonical) == groups


def test_synthetic_sentences_labelled_by_construction(tmp_path: Path) -> None:
    from kg.nlp.training.synthetic import synthetic_sentences

    f1db = tmp_path / "f1db"
    f1db.mkdir()
    (f1db / "drivers.tsv").write_text(
        "id\tname\tlastName\tplaceOfBirth\nx\tAnna Vogel\tVogel\tBad Hersfeld\n", encoding="utf-8"
    )
    (f1db / "circuits.tsv").write_text("id\tfullName\nh\tHockenheimring\n", encoding="utf-8")
    (f1db / "constructors.tsv").write_text("id\tname\nr\tRed Bull\n", encoding="utf-8")
    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    (lexicon / "brands.tsv").write_text("name\tsource\nNorvik\tx\n", encoding="utf-8")
    sentences = synthetic_sentences(tmp_path, 80, seed=1, lexicon_dir=lexicon)
    assert len(sentences) == 80
    assert synthetic_sentences(tmp_path, 80, seed=1, lexicon_dir=lexicon) == sentences  # deterministic
    labelled = {(" ".join(s.words[a:b]), label) for s in sentences for a, b, label in s.spans}
    assert {
        ("Anna Vogel", "DRIVER"),
        ("Vogel", "DRIVER"),
        ("Red Bull", "TEAM"),
        ("Vogel Racing", "TEAM"),  # a team named after a person, composed
        ("Hockenheimring", "CIRCUIT"),
        ("Norvik", "MANUFACTURER"),
    } <= labelled
    assert {label for _, label in labelled} == set(LABELS)
    # places and countries are filled in, but no entity (as in the dev set's gold)
    assert any("Bad Hersfeld" in s.text for s in sentences)
    assert not any("Hersfeld" in name for name, _ in labelled)


def _tiny_data(root: Path) -> Path:
    """A shared-data folder: 20 GermEval sentences (train and dev), one seed article with gold."""
    data = root / "shared" / "data"
    (data / "germeval2014").mkdir(parents=True)
    body = (TSV * 10).rstrip("\n") + "\n\n"
    (data / "germeval2014" / "NER-de-test.tsv").write_text(body, encoding="utf-8")
    (data / "germeval2014" / "NER-de-dev.tsv").write_text(TSV, encoding="utf-8")
    (data / "ud_german_gsd").mkdir()
    (data / "ud_german_gsd" / "de_gsd-ud-test.conllu").write_text(
        "1\tEr\ter\tPRON\tPPER\t_\t2\tnsubj\t_\t_\n2\tfuhr\tfahren\tVERB\tVVFIN\t_\t0\troot\t_\t_\n",
        encoding="utf-8",
    )
    (root / "shared" / "seeds").mkdir()
    (root / "shared" / "seeds" / "s1.txt").write_text("John Smith fuhr in Bad Hersfeld.", encoding="utf-8")
    (root / "shared" / "eval" / "gold").mkdir(parents=True)
    gold = {"id": "s1", "entities": {"driver": ["John Smith"], "person_other": []}, "aliases": {}}
    (root / "shared" / "eval" / "gold" / "s1.json").write_text(json.dumps(gold), encoding="utf-8")
    return data


def _tiny_devset(root: Path) -> Path:
    """A dev set beside ``_tiny_data``: texts in ``root/devset/texts``, gold in
    ``root/shared/eval/dev/gold``; d01 (train) and d04 (validation)."""
    (root / "devset" / "texts").mkdir(parents=True)
    (root / "shared" / "eval" / "dev" / "gold").mkdir(parents=True)
    for article, driver in (("d01", "Lena Kroll"), ("d04", "Mats Eiber")):
        text = f"{driver} gewann in Bad Hersfeld. Kroll/Eiber teilten sich den Wagen.\n"
        (root / "devset" / "texts" / f"{article}.txt").write_text(text, encoding="utf-8")
        gold = {"id": article, "entities": {"driver": [driver, "Lena Kroll", "Mats Eiber"]},
                "aliases": {"Kroll": "Lena Kroll", "Eiber": "Mats Eiber"}}  # fmt: skip
        (root / "shared" / "eval" / "dev" / "gold" / f"{article}.json").write_text(
            json.dumps(gold), encoding="utf-8"
        )
    return root / "devset"


@pytest.mark.slow
def test_train_tiny_corpus_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.nlp.ner_model import load_ner_from
    from kg.nlp.training.train import train

    data = _tiny_data(tmp_path)
    dev = _tiny_devset(tmp_path)
    out = train(
        data,
        tmp_path / "model",
        overrides={"training.max_steps": 30, "training.eval_frequency": 10},
        germeval=None,  # all 18 of the tiny GermEval file (the shipped model uses none)
        synthetic=0,
        dev_dir=dev,
        dev_factor=3,
    )
    nlp = load_ner_from(out)
    # d01's two sentences, repeated 3 times; no sentence held out of 2; d04 (validation) unread
    assert nlp.meta["dev_sentences"] == {"train": 2, "repeated": 3, "held_out": 0}
    # no word list of the training texts ships with the model, only what it needs
    strings = json.loads((out / "vocab" / "strings.json").read_text(encoding="utf-8"))
    assert "teilten" not in strings and "Hersfeld" not in strings and "DRIVER" in strings
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert nlp.config["components"]["tok2vec"]["model"]["embed"]["@architectures"] == "kg.ClusterHashEmbed.v1"
    assert set(nlp.get_pipe("ner").labels) <= set(LABELS) and "DRIVER" in nlp.get_pipe("ner").labels
    # the project's tokenizer is saved with the model
    assert [t.text for t in nlp("Der MadCroc-Corvette")] == ["Der", "MadCroc", "-", "Corvette"]
    assert main(["nlp", "evaluate", "--data", str(data), "--model", str(out), "--dev", str(dev)]) == 0
    printed = capsys.readouterr().out
    assert "dev set validation split (1 articles, 2 sentences; gold projected: 3 spans" in printed
    assert "dev set train split (1 articles" in printed
    assert "gold drivers found as exactly that DRIVER span: mentions " in printed and "/3 (" in printed
    assert "overall" in printed
    assert "of 1 gold drivers found as DRIVER or PERSON" in printed
    assert "GermEval's tokens" in printed and "text through the model's tokenizer" in printed
    assert "1 of 2 tokens correct (0.500)" in printed  # spaCy's table lemmatises "Er" as "ich"


def test_cli_train_dev_options_need_dev(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nlp", "train", "--dev-factor", "3"]) == 1
    assert "need --dev" in capsys.readouterr().err


def test_cli_evaluate_dev_names_missing_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "d04.json").write_text(json.dumps({"id": "d04", "entities": {}}), encoding="utf-8")
    assert main(["nlp", "evaluate", "--dev", str(tmp_path / "devset"), "--dev-gold", str(gold)]) == 1
    assert "1 dev texts missing (d04)" in capsys.readouterr().err


def test_cli_evaluate_rejects_missing_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nlp", "evaluate", "--data", str(tmp_path)]) == 1
    assert "not found" in capsys.readouterr().err


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.slow
def test_shipped_model_loads_offline_and_finds_motorsport_entities(no_network: None) -> None:
    from kg.nlp.ner_model import MODEL_PATH, NER_LABELS, load_ner_from

    nlp = load_ner_from(MODEL_PATH)  # not the cached one: this load must happen with the network off
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(NER_LABELS)
    assert nlp.meta["version"] == "0.4.0"
    doc = nlp("Beim Finale fuhr Malte Jörgensen für Kessler Racing auf Platz zwei.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Malte Jörgensen", "DRIVER") in ents
    assert ("Kessler Racing", "TEAM") in ents


# invented drivers (in brackets) and teams in invented sentences: crews "A/B/C", names with their
# team or lap time in parentheses, surnames in lists
INVENTED_DRIVERS = [
    "Im Porsche mit der Startnummer 12 wechselten sich [Malte Jörgensen]/[Tiago Brandão]/[Linus Okafor] ab.",
    "Die Crew [Jörgensen]/[Brandão]/[Okafor] kam mit zwei Runden Rückstand auf Rang drei.",
    "Den Sieg holte das Trio [Krause]/[Lind]/[Ortega] vor [Meier], [Haas] und [Roth].",
    "Auf den Plätzen folgten [Henrik Wallin] (Kessler Racing) und [Dario Montecchi] (Team Vauth).",
    "Im Training war [Sören Hagedorn] (Vauth Motorsport) vor [Ilja Petrov] (Kessler Racing) Schnellster.",
    "Bestzeit für [Okafor] (1:48,320 Min.) vor [Hagedorn] und [Petrov].",
    "[Ricci] und [Kowalski] teilten sich den Audi, [Weidner] fuhr im Mercedes.",
    pytest.param(
        "Pole-Setter [Jarno Lindqvist] (Rexo Racing) startete vor [Kimi Baptista] und [Eero Salo].",
        marks=pytest.mark.xfail(
            strict=True, reason="model 0.4.0 takes 'Setter' of 'Pole-Setter' into the name"
        ),
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("marked", INVENTED_DRIVERS)
def test_shipped_model_finds_invented_drivers(no_network: None, marked: str) -> None:
    from kg.nlp.ner_model import load_ner

    drivers = set(re.findall(r"\[([^\]]+)\]", marked))
    ents = {(e.text, e.label_) for e in load_ner()(re.sub(r"[\[\]]", "", marked)).ents}
    assert {(name, "DRIVER") for name in drivers} <= ents
    teams = {"Kessler Racing", "Vauth Motorsport", "Rexo Racing", "Team Vauth"}
    persons = {name for name, label in ents if label in ("DRIVER", "PERSON")}
    assert not persons & teams  # a team in parentheses is no person


# invented drivers, teams, cars, series and circuits (in brackets, with their label) in invented
# sentences; an invented maker is not found (model card)
INVENTED_ENTITIES = [
    "Für [Kessler Racing|TEAM] steuerte [Malte Jörgensen|DRIVER] den [Porsche 911 GT3 R|CAR_MODEL] zum Sieg.",
    "Das Duo [Brandão|DRIVER]/[Okafor|DRIVER] fuhr für [Vauth Motorsport|TEAM] im [Audi R8 LMS|CAR_MODEL] "
    "aufs Podium.",
    "Beim Saisonfinale auf dem [Circuito di Vennbruck|CIRCUIT] sicherte sich [Henrik Wallin|DRIVER] "
    "den Titel.",
    "Beim dritten Lauf der [Nordkap GT Trophy|SERIES] fehlte [Linus Okafor|DRIVER].",
]


@pytest.mark.slow
@pytest.mark.parametrize("marked", INVENTED_ENTITIES)
def test_shipped_model_finds_invented_teams_cars_series_circuits(no_network: None, marked: str) -> None:
    from kg.nlp.ner_model import load_ner

    wanted = {tuple(m.split("|")) for m in re.findall(r"\[([^\]]+)\]", marked)}
    ents = {(e.text, e.label_) for e in load_ner()(re.sub(r"\[([^|\]]+)\|[A-Z_]+\]", r"\1", marked)).ents}
    assert wanted <= ents


@pytest.mark.slow
def test_load_statistical_ner_runs_on_another_pipelines_docs(no_network: None) -> None:
    import spacy

    from kg.nlp.ner_model import load_statistical_ner
    from kg.nlp.tokenizer import customize_tokenizer

    nlp = spacy.blank("de")
    customize_tokenizer(nlp)
    ner = load_statistical_ner(nlp.vocab)
    doc = ner(nlp("Am Sonntag fuhr Oddvar Brinkhaus für Kessler Racing auf Platz zwei."))
    assert ("Oddvar Brinkhaus", "DRIVER") in {(e.text, e.label_) for e in doc.ents}
