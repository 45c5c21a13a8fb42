"""Builds of real inputs of every format, end to end into a real store: metadata in the graph,
no markup in labels, identities, duplicates, languages, incremental builds and pruning."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SDO, XSD

from kg.cli import main
from kg.config import Settings
from kg.errors import ConfigError
from kg.pipeline import build
from kg.store import Store
from kg.vocab import MS

from .inputs import ENGLISH, PREVIEW, QUALI, RACE, TRANSFER, write_feed, write_jsonl, write_page, write_warc

BASE = "https://w3id.org/mskg/resource/"
SETTINGS = Settings.load(env={})


def article_iri(identifier: str) -> URIRef:
    return URIRef(f"{BASE}article/{identifier}")


def dataset(store: Store) -> Dataset:
    buf = io.BytesIO()
    store.export(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return ds


def graph_names(store: Store) -> set[str]:
    return {g for g in store.named_graphs() if "/article/" in g and "/graph/inferred/" not in g}


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store, object]:
    folder = tmp_path_factory.mktemp("formats")
    for write in (write_page, write_feed, write_jsonl, write_warc):
        write(folder)
    store = Store()
    report = build([folder], store, SETTINGS, root=folder)
    return folder, store, report


def test_every_format_builds_the_right_articles(formats) -> None:  # type: ignore[no-untyped-def]
    _, store, report = formats
    assert not report.failures
    assert sorted(report.built) == [
        "cms-example-news-vogel-transfer",
        "kowalski-pole",
        "rennsport-example-gt-brenner-nuerburgring",
        "rennsport-example-gt-brenner-siegt",
        "rennsport-example-gt-vogel-team",
        "vorschau-lausitz",
    ]
    assert graph_names(store) == {str(article_iri(i)) for i in report.built}


def test_no_label_holds_markup_and_boilerplate_is_not_extracted(formats) -> None:  # type: ignore[no-untyped-def]
    _, store, _ = formats
    labels = [str(t.object.value) for t in store.graph_triples() if t.predicate.value == str(RDFS.label)]
    assert labels
    assert not [label for label in labels if any(c in label for c in "<>&") or "</" in label]
    for boilerplate in ("Silverstone", "Lindqvist", "Hofer", "Impressum"):  # navigation, "related", footer
        assert not [label for label in labels if boilerplate in label]
    drivers = store.select(f"SELECT DISTINCT ?l {{ ?d a {MS.Driver.n3()} ; {RDFS.label.n3()} ?l }}")
    assert {"Jan Kowalski", "Lukas Brenner", "Anna Vogel"} <= {row["l"].value for row in drivers}  # type: ignore[union-attr]


def test_article_metadata_is_in_the_graph(formats) -> None:  # type: ignore[no-untyped-def]
    _, store, _ = formats
    g = dataset(store).graph(article_iri("kowalski-pole"))
    art = article_iri("kowalski-pole")
    assert g.value(art, DCTERMS.title) == Literal("Kowalski holt die Pole am Sachsenring")
    assert g.value(art, DCTERMS.date) == Literal("2024-05-11", datatype=XSD.date)
    assert g.value(art, DCTERMS.source) == Literal("https://rennsport.example/gt/kowalski-pole.html")
    assert g.value(art, DCTERMS.creator) == Literal("Karla Schmidt")
    assert g.value(art, SDO.publisher) == Literal("Rennsport Aktuell")
    assert g.value(art, DCTERMS.language) == Literal("de")
    assert g.value(art, MS.inputPath) == Literal("kowalski-pole.html")
    assert str(g.value(art, MS.checksum)).startswith("sha256:")
    assert str(g.value(art, MS.extractorVersion)).startswith("motorsport-kg ")
    feed_item = article_iri("rennsport-example-gt-brenner-nuerburgring")
    g = dataset(store).graph(feed_item)
    assert g.value(feed_item, DCTERMS.date) == Literal("2024-05-12T16:05:00+02:00", datatype=XSD.dateTime)


def test_no_absolute_path_anywhere_in_the_data(formats) -> None:  # type: ignore[no-untyped-def]
    folder, store, _ = formats
    buf = io.BytesIO()
    store.export(buf, "nquads")
    data = buf.getvalue().decode("utf-8")
    assert str(folder) not in data and str(folder.parent) not in data


def test_plain_text_files_keep_their_stem_as_identifier(tmp_path: Path) -> None:
    (tmp_path / "001_fcfd7203e8a11a08.txt").write_text(QUALI, encoding="utf-8")
    (tmp_path / "002_35013f9b1b801e33.txt").write_text(RACE, encoding="utf-8")
    store = Store()
    report = build([tmp_path], store, SETTINGS)
    assert sorted(report.built) == ["001_fcfd7203e8a11a08", "002_35013f9b1b801e33"]
    ids = store.select(f"SELECT ?id {{ ?a a {MS.Article.n3()} ; {DCTERMS.identifier.n3()} ?id }}")
    assert sorted(row["id"].value for row in ids) == sorted(report.built)  # type: ignore[union-attr]


def test_two_files_of_one_name_are_both_built_and_the_collision_reported(tmp_path: Path) -> None:
    for folder, text in (("a", QUALI), ("b", RACE)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bericht.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "Bericht.txt").write_text(TRANSFER, encoding="utf-8")
    store = Store()
    report = build([tmp_path], store, SETTINGS, root=tmp_path)
    assert len(report.built) == 3 and len(graph_names(store)) == 3
    assert report.built[0] == "bericht"
    assert [n.source for n in report.notices] == [
        str(tmp_path / "b" / "bericht.txt"),
        str(tmp_path / "c" / "Bericht.txt"),
    ]
    assert all("is taken by a/bericht.txt" in n.message for n in report.notices)
    texts = store.select(
        "SELECT ?t { ?c <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?t }"
    )
    assert {row["t"].value for row in texts} == {QUALI, RACE, TRANSFER}  # type: ignore[union-attr]
    again = build([tmp_path], store, SETTINGS, root=tmp_path)  # the same identities next time
    assert again.unchanged == 3 and not again.notices


def test_the_same_text_under_two_names_is_built_once(tmp_path: Path) -> None:
    (tmp_path / "original.txt").write_text(QUALI, encoding="utf-8")
    (tmp_path / "zweitverwertung.html").write_text(f"<p>{QUALI}</p>", encoding="utf-8")
    report = build([tmp_path], Store(), SETTINGS, root=tmp_path)
    assert report.built == ["original"]
    (dup,) = report.failures
    assert dup.source.endswith("zweitverwertung.html")
    assert dup.reason == "duplicate: the same text as original.txt; built once"


def test_an_article_that_is_not_german_is_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "deutsch.txt").write_text(QUALI, encoding="utf-8")
    (tmp_path / "english.txt").write_text(ENGLISH, encoding="utf-8")
    store = Store()
    report = build([tmp_path], store, SETTINGS)
    assert report.built == ["deutsch"]
    (skipped,) = report.failures
    assert skipped.source.endswith("english.txt") and skipped.reason.startswith("not German (detected en, ")
    anyway = build([tmp_path], Store(), Settings.load(env={"KG_CHECK_LANGUAGE": "0"}))
    assert sorted(anyway.built) == ["deutsch", "english"]


def test_an_article_over_the_length_limit_is_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "gut.txt").write_text(QUALI, encoding="utf-8")
    (tmp_path / "lang.txt").write_text((PREVIEW + "\n") * 40, encoding="utf-8")
    report = build([tmp_path], Store(), Settings.load(env={"KG_MAX_ARTICLE_CHARS": "5000"}))
    assert report.built == ["gut"]
    (skipped,) = report.failures
    length = len((PREVIEW + "\n") * 40)
    assert (
        skipped.reason == f"too long: {length:,} characters (the limit is 5,000, setting max_article_chars)"
    )


def test_the_length_limit_stays_within_what_spacy_reads() -> None:
    with pytest.raises(ConfigError, match="max_article_chars"):
        Settings.load(env={"KG_MAX_ARTICLE_CHARS": "2000000"})


def _cli_build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["build", *args, "--no-progress", "--no-validate"])
    return code, capsys.readouterr().out


def _quads(store_dir: Path) -> list[str]:
    buf = io.BytesIO()
    Store(store_dir, read_only=True).export(buf, "nquads")
    return sorted(buf.getvalue().decode("utf-8").splitlines())


def test_incremental_rebuild_skips_unchanged_articles_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, store = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    for name, text in (("a", QUALI), ("b", RACE), ("c", TRANSFER)):
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    code, out = _cli_build(capsys, str(src), "--store", str(store))
    assert code == 0 and f" into {store}\narticles   3 built of 3 read\n" in out
    before = _quads(store)
    code, out = _cli_build(capsys, str(src), "--store", str(store))
    assert code == 0
    assert "\narticles   0 built of 3 read, 3 unchanged; nothing written\n" in out
    assert "inferred" not in out  # the inferred graph is not recomputed either
    assert _quads(store) == before
    (src / "b.txt").write_text(PREVIEW, encoding="utf-8")
    code, out = _cli_build(capsys, str(src), "--store", str(store))
    assert "\narticles   1 built of 3 read, 2 unchanged\n" in out
    code, out = _cli_build(capsys, str(src), "--store", str(store), "--force")
    assert "\narticles   3 built of 3 read\n" in out


def test_prune_removes_articles_no_longer_in_the_input(tmp_path: Path) -> None:
    for name, text in (("a", QUALI), ("b", RACE)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    store = Store()
    build([tmp_path], store, SETTINGS, root=tmp_path)
    (tmp_path / "b.txt").unlink()
    kept = build([tmp_path], store, SETTINGS, root=tmp_path)
    assert kept.unchanged == 1 and not kept.pruned and len(graph_names(store)) == 2
    pruned = build([tmp_path], store, SETTINGS, root=tmp_path, prune=True)
    assert pruned.pruned == ["b"] and graph_names(store) == {str(article_iri("a"))}
    left = {t for g in store.named_graphs() for t in store.graph_triples(g)}  # a and its inferred graph
    assert store.count("?s ?p ?o") == len(left)  # union updated
    assert all(g.endswith("/a") for g in store.named_graphs())  # b's inferred graph went with it


def test_a_moved_article_is_not_rebuilt_twice(tmp_path: Path) -> None:
    (tmp_path / "alt").mkdir()
    (tmp_path / "alt" / "bericht.txt").write_text(QUALI, encoding="utf-8")
    store = Store()
    build([tmp_path], store, SETTINGS, root=tmp_path)
    (tmp_path / "neu").mkdir()
    (tmp_path / "alt" / "bericht.txt").rename(tmp_path / "neu" / "bericht.txt")
    moved = build([tmp_path], store, SETTINGS, root=tmp_path, prune=True)
    assert moved.built == ["bericht"] and moved.pruned == [] and len(graph_names(store)) == 1
    g = dataset(store).graph(article_iri("bericht"))
    assert g.value(article_iri("bericht"), MS.inputPath) == Literal("neu/bericht.txt")


def test_json_lines_from_stdin(tmp_path: Path) -> None:
    import json

    data = io.BytesIO((json.dumps({"id": "stdin-1", "text": QUALI}) + "\n").encode())
    report = build(["-"], Store(), SETTINGS, stdin=data)
    assert report.built == ["stdin-1"]


def test_feed_and_warc_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed, warc = write_feed(tmp_path), write_warc(tmp_path)
    code, out = _cli_build(capsys, str(feed), str(warc), "--store", str(tmp_path / "s"))
    assert code == 0 and "\narticles   3 built of 3 read\n" in out
    assert "note     " in out and "not read as articles: 1 HTTP 404" in out


def _named(line: str) -> str:
    """The input a report line is about (``  skipped  NAME: reason``)."""
    return line.split(None, 1)[1].split(": ", 1)[0]


def test_bad_input_corpus_builds_the_good_articles_and_reports_every_bad_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    good = {"gut-eins.txt": QUALI, "gut-zwei.md": RACE, os.fsdecode(b"s\xfcdring.txt"): TRANSFER}
    for name, text in good.items():
        (corpus / name).write_text(text, encoding="utf-8")
    bad_skipped = {
        "riesig.txt": "too large",  # 1.2 million characters: over spaCy's limit (E088)
        "lang.txt": "too long",
        "english.txt": "not German",
        "leer.txt": "is empty",
        "binaer.txt": "NUL bytes",
        "bild.png": "unsupported file type",
        os.fsdecode(b"\xff\xfe-bild.jpg"): "unsupported file type",
        "kaputt.txt": "dangling symbolic link",
        "schleife": "symbolic link loop",
        "rohr.txt": "a named pipe",
        "kopie.txt": "duplicate",
        "export.jsonl line 2": "not JSON",
    }
    (corpus / "riesig.txt").write_text("Ein Satz über das Rennen. " * 48_000, encoding="utf-8")
    (corpus / "lang.txt").write_text((PREVIEW + "\n") * 500, encoding="utf-8")
    (corpus / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "leer.txt").write_text(" \n", encoding="utf-8")
    (corpus / "binaer.txt").write_bytes(b"\x00\x01\x02 binary")
    (corpus / "bild.png").write_bytes(b"\x89PNG")
    (corpus / os.fsdecode(b"\xff\xfe-bild.jpg")).write_bytes(b"\xff\xd8")
    (corpus / "kaputt.txt").symlink_to(corpus / "weg.txt")
    (corpus / "schleife").symlink_to(corpus)
    os.mkfifo(corpus / "rohr.txt")
    (corpus / "kopie.txt").write_text(QUALI, encoding="utf-8")
    (corpus / "export.jsonl").write_text(
        '{"id": "j1", "text": "' + PREVIEW + '"}\n{kaputt\n', encoding="utf-8"
    )
    noted = {  # built, with a notice
        "gemischt.txt": "mixed encodings",
        "utf16.txt": "no byte-order mark",
        "kollision.txt": None,
        "Kollision.txt": "is taken by",
    }
    (corpus / "gemischt.txt").write_bytes(
        "Jörg Müller fuhr auf dem Sachsenring. ".encode() + "Straße.".encode("cp1252")
    )
    (corpus / "utf16.txt").write_bytes("Anna Vogel gewann auf dem Lausitzring.".encode("utf-16-le"))
    (corpus / "a").mkdir()
    (corpus / "b").mkdir()
    (corpus / "a" / "kollision.txt").write_text("Ben Roth fuhr auf dem Nürburgring auf Platz zwei.", "utf-8")
    (corpus / "b" / "Kollision.txt").write_text(
        "Tim Berger fuhr auf dem Sachsenring auf Platz drei.", "utf-8"
    )

    store_dir = tmp_path / "store"
    capsys.readouterr()
    code = main(["build", str(corpus), "--store", str(store_dir), "--root", str(corpus), "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith(("  skipped ", "  note "))]
    for name, reason in bad_skipped.items():
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        (line,) = [line for line in lines if _named(line) == shown]
        assert line.startswith("  skipped ") and reason in line, line
    for name, message in noted.items():
        mine = [line for line in lines if _named(line).rsplit("/", 1)[-1] == name]
        assert len(mine) == (1 if message else 0) and (not message or message in mine[0]), (name, mine)
    assert len(lines) == len(bad_skipped) + sum(1 for m in noted.values() if m)

    store = Store(store_dir, read_only=True)
    ids = {row["id"].value for row in store.select(  # type: ignore[union-attr]
        f"SELECT ?id {{ ?a a {MS.Article.n3()} ; {DCTERMS.identifier.n3()} ?id }}")}  # fmt: skip
    assert {"gut-eins", "gut-zwei", "s\\xfcdring", "j1", "gemischt", "utf16", "kollision"} <= ids
    assert not list(store_dir.glob("*.tmp")) and (store_dir / "build-report.json").is_file()
    stored = dataset(store)
    for name in good:  # complete: the same graph as a build of that article alone
        alone = Store()
        build([corpus / name], alone, SETTINGS, root=corpus)
        (iri,) = graph_names(alone)
        assert len(stored.graph(URIRef(iri))) == len(dataset(alone).graph(URIRef(iri))) > 20


def test_article_and_entity_pages_show_the_metadata(formats) -> None:  # type: ignore[no-untyped-def]
    from kg.web import create_app

    _, store, _ = formats
    client = create_app(SETTINGS, store=store).test_client()
    page = client.get("/resource/article/kowalski-pole").get_data(as_text=True)
    assert "<h1>Kowalski holt die Pole am Sachsenring</h1>" in page
    assert (
        '<p class="source">2024-05-11 · Rennsport Aktuell · <a href="https://rennsport.example/gt/kowalski-pole.html"'
        in page
    )
    driver = client.get("/resource/driver/jan-kowalski").get_data(as_text=True)
    sources = driver[driver.index("<h2>Articles</h2>") :]  # the articles he comes from
    assert ">Kowalski holt die Pole am Sachsenring</a> · 2024-05-11 · Rennsport Aktuell · <a href=" in sources
    assert ">Vogel wechselt das Team</a> · 2024-05-13T09:00:00+02:00 · Rennsport Aktuell" in sources
