"""The readers: HTML, feeds, JSON Lines and JSON, WARC, stdin, text files of any case, and the
walk that reports what it cannot read (no NLP here: what ingest hands on)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Article, Notice, ReadFailure, decode, parse_fields, read_inputs

from .inputs import QUALI, RACE, TRANSFER, write_feed, write_jsonl, write_page, write_warc

MARKUP = ("<", ">", "</", "&lt;", "&gt;")


def _read(*paths: Path | str, **kwargs) -> tuple[list[Article], list[ReadFailure], list[Notice]]:  # type: ignore[no-untyped-def]
    items = list(read_inputs(paths, **kwargs))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, ReadFailure)],
        [i for i in items if isinstance(i, Notice)],
    )


def test_html_page_keeps_the_article_and_drops_navigation_and_footer(tmp_path: Path) -> None:
    write_page(tmp_path)
    (article,), failures, _ = _read(tmp_path, root=tmp_path)
    assert not failures
    assert QUALI in article.text
    for boilerplate in ("Startseite", "Formel 1 Silverstone", "Mehr zum Thema", "Lindqvist", "Impressum"):
        assert boilerplate not in article.text
    assert not any(m in article.text for m in MARKUP)
    assert article.identifier == "kowalski-pole"
    assert article.title == "Kowalski holt die Pole am Sachsenring"
    assert article.date == "2024-05-11"
    assert article.author == "Karla Schmidt"
    assert article.site == "Rennsport Aktuell"
    assert article.url == "https://rennsport.example/gt/kowalski-pole.html"
    assert article.language == "de"
    assert article.location == "kowalski-pole.html"
    assert article.origin == article.url


def test_feed_gives_one_article_per_item_with_its_metadata(tmp_path: Path) -> None:
    write_feed(tmp_path)
    articles, failures, _ = _read(tmp_path, root=tmp_path)
    assert not failures
    first, second = articles
    assert first.identifier == "rennsport-example-gt-brenner-nuerburgring"
    assert first.text.startswith("Brenner gewinnt am Nürburgring\n\n") and RACE in first.text
    assert TRANSFER not in first.text and RACE not in second.text
    assert TRANSFER in second.text
    assert first.date == "2024-05-12T16:05:00+02:00" and first.author == "Karla Schmidt"
    assert first.site == second.site == "Rennsport Aktuell"
    assert second.url == "https://rennsport.example/gt/vogel-team.html"
    assert first.location == "rennsport.rss#rennsport-example-gt-brenner-nuerburgring"
    assert not any(m in a.text for a in articles for m in MARKUP)


def test_json_lines_records_with_text_or_html_and_bad_lines_reported(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path)
    with path.open("a", encoding="utf-8") as f:
        f.write("\nkein JSON\n")
        f.write(json.dumps({"id": "leer", "title": "ohne Text"}) + "\n")
    articles, failures, _ = _read(tmp_path, root=tmp_path)
    first, second = articles
    assert first.identifier == "vorschau-lausitz" and first.title == "Vorschau Lausitzring"
    assert first.text.startswith("Vorschau Lausitzring\n\n")
    assert first.date == "2024-05-17" and first.site == "CMS Motorsport"
    assert first.url == "https://cms.example/vorschau-lausitz"
    assert second.identifier == "cms-example-news-vogel-transfer"  # no id: a slug of its URL
    assert second.text == TRANSFER  # the body's HTML read as HTML
    assert second.date == "2024-05-20T08:00:00+00:00" and second.author == "Karla Schmidt"
    reasons = {f.source.removeprefix(str(path)): f.reason for f in failures}
    assert reasons == {
        " line 4": "not JSON: Expecting value: line 1 column 1 (char 0)",
        "#leer": "no text (looked for text, body, content, article, html, raw_html)",
    }


def test_json_array_and_configured_field_names(tmp_path: Path) -> None:
    (tmp_path / "cms.json").write_text(
        json.dumps(
            {"articles": [{"uuid": "a-1", "content": QUALI, "meta": {"link": "https://x.example/1"}}]}
        ),
        encoding="utf-8",
    )
    fields = parse_fields("id=uuid,text=content,url=meta.link")
    (article,), failures, _ = _read(tmp_path, options=_options(fields))
    assert not failures
    assert (article.identifier, article.text, article.url) == ("a-1", QUALI, "https://x.example/1")


def _options(fields):  # type: ignore[no-untyped-def]
    from kg.ingest import ReadOptions

    return ReadOptions(fields=fields)


def test_record_field_names_are_checked() -> None:
    with pytest.raises(InputError, match="unknown"):
        parse_fields("txt=content")
    with pytest.raises(InputError, match="FIELD=KEY"):
        parse_fields("text")


def test_stdin_is_read_as_json_lines() -> None:
    data = io.BytesIO(json.dumps({"id": "von-stdin", "text": RACE}).encode() + b"\n")
    (article,), failures, _ = _read("-", stdin=data)
    assert not failures
    assert (article.identifier, article.location, article.text) == ("von-stdin", "stdin#von-stdin", RACE)


def test_warc_html_responses_become_articles_and_the_rest_is_counted(tmp_path: Path) -> None:
    write_warc(tmp_path)
    (article,), failures, notices = _read(tmp_path, root=tmp_path)
    assert not failures
    assert article.url == "https://rennsport.example/gt/brenner-siegt.html"
    assert article.identifier == "rennsport-example-gt-brenner-siegt"
    assert RACE in article.text and "Impressum" not in article.text
    assert article.date == "2024-05-12T18:00:00+00:00"  # the capture date: the page states none
    assert article.title == "Brenner siegt"
    (notice,) = notices
    assert notice.message.endswith("1 HTTP 404, 1 image/jpeg response, 1 request")


def test_uncompressed_warc_is_read_too(tmp_path: Path) -> None:
    write_warc(tmp_path, "crawl.warc")
    (article,), _, _ = _read(tmp_path)
    assert article.url == "https://rennsport.example/gt/brenner-siegt.html"


@pytest.mark.parametrize("name", ["BERICHT.TXT", "bericht.Txt", "notiz.md", "NOTIZ.MD", "seite.HTML"])
def test_file_types_are_recognised_in_any_case(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(QUALI, encoding="utf-8")
    (article,), failures, _ = _read(tmp_path)
    assert not failures and QUALI in article.text
    assert article.identifier == name.rsplit(".", 1)[0]


def test_walk_reports_every_entry_it_does_not_read(tmp_path: Path) -> None:
    (tmp_path / "gut.txt").write_text(QUALI, encoding="utf-8")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    (tmp_path / "ohne-endung").write_text(QUALI, encoding="utf-8")
    (tmp_path / "daten.xml").write_text("<daten><x/></daten>", encoding="utf-8")
    (tmp_path / "kaputt.txt").symlink_to(tmp_path / "nirgends.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "schleife").symlink_to(tmp_path)
    (tmp_path / "selbst").symlink_to(tmp_path / "selbst")
    os.mkfifo(tmp_path / "rohr.txt")
    (tmp_path / ".versteckt.txt").write_text(QUALI, encoding="utf-8")
    articles, failures, notices = _read(tmp_path)
    assert [a.identifier for a in articles] == ["gut"]
    reasons = {Path(f.source).name: f.reason for f in failures}
    assert reasons.keys() == {
        "bild.png",
        "ohne-endung",
        "daten.xml",
        "kaputt.txt",
        "schleife",
        "selbst",
        "rohr.txt",
    }
    assert reasons["bild.png"].startswith("unsupported file type (.png)")
    assert reasons["ohne-endung"].startswith("unsupported file type (no ending)")
    assert reasons["daten.xml"] == "an XML file that is not an RSS or Atom feed; not read"
    assert reasons["kaputt.txt"].startswith("dangling symbolic link (to ")
    assert reasons["schleife"].startswith("symbolic link loop")
    assert reasons["selbst"] == "symbolic link loop; not read"
    assert reasons["rohr.txt"] == "a named pipe, not a file; not read"
    assert [n.message for n in notices] == ["1 hidden entry (name starting with '.') not read"]


def test_file_names_of_any_bytes_are_readable(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9-bericht.txt")
    (tmp_path / name).write_text(QUALI, encoding="utf-8")
    (article,), failures, _ = _read(tmp_path)
    assert not failures
    assert article.identifier == "caf\\xe9-bericht"
    assert article.source.endswith("caf\\xe9-bericht.txt")
    article.source.encode("utf-8")  # printable, storable


def test_locations_are_relative_never_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "korpus" / "a").mkdir(parents=True)
    (tmp_path / "korpus" / "a" / "bericht.txt").write_text(QUALI, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (inside,), _, _ = _read(Path("korpus"))
    (absolute,), _, _ = _read(tmp_path / "korpus")
    assert inside.location == absolute.location == "korpus/a/bericht.txt"
    (tmp_path / "anderswo").mkdir()
    monkeypatch.chdir(tmp_path / "anderswo")
    (outside,), _, _ = _read(tmp_path / "korpus")  # outside the root: relative to its parent
    assert outside.location == "korpus/a/bericht.txt"
    (rooted,), _, _ = _read(tmp_path / "korpus", root=tmp_path / "korpus")
    assert rooted.location == "a/bericht.txt"


def test_decode_utf16_with_and_without_bom() -> None:
    text = "Jörg Müller fuhr „schnell“."
    assert decode(text.encode("utf-16")).text == text
    plain = decode(text.encode("utf-16-le"))
    assert plain.text == text and plain.note == "no byte-order mark; read as UTF-16-LE"
    assert decode(text.encode("utf-16-be")).encoding == "utf-16-be"


def test_decode_mixed_utf8_and_windows_1252_is_read_part_by_part_and_noted() -> None:
    data = "Jörg Müller\n".encode() + "Straße „Ring“\n".encode("cp1252")
    decoded = decode(data, "x.txt")
    assert decoded.text == "Jörg Müller\nStraße „Ring“\n"
    assert decoded.note is not None and decoded.note.startswith("mixed encodings: UTF-8 with 3 ")
    assert "(line 2)" in decoded.note


def test_decode_refuses_binary_that_looks_like_utf16() -> None:
    with pytest.raises(InputError, match="NUL"):
        decode(bytes(range(256)) * 4)


def test_mixed_encoding_file_is_built_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "gemischt.txt").write_bytes("Jörg Müller\n".encode() + "Straße".encode("cp1252"))
    (article,), failures, (notice,) = _read(tmp_path)
    assert article.text == "Jörg Müller\nStraße" and not failures
    assert notice.message.startswith("mixed encodings")
