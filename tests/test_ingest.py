from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Article, ReadFailure, decode, read_article, read_articles

GERMAN = "Jörg Müller fuhr „schnell“ – Startplatz fünf, Straße."


@pytest.mark.parametrize(
    ("encoding", "expected_encoding"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp1252", "cp1252")],
)
def test_decode_reads_utf8_and_windows_1252(encoding: str, expected_encoding: str) -> None:
    decoded = decode(GERMAN.encode(encoding))
    assert decoded.text == GERMAN
    assert decoded.encoding == expected_encoding
    assert decoded.note is None


def test_decode_reads_latin1_bytes_undefined_in_cp1252() -> None:
    # 0x81 is undefined in Windows-1252 but a (control) character in Latin-1
    decoded = decode("Müller".encode("latin-1") + b"\x81")
    assert decoded.encoding == "latin-1"
    assert decoded.text.startswith("Müller")


def test_decode_normalises_line_ends_and_nfc() -> None:
    assert decode("Mu\u0308ller\r\nzwei\rdrei".encode()).text == "Müller\nzwei\ndrei"


def test_decode_refuses_binary() -> None:
    with pytest.raises(InputError, match="NUL"):
        decode(b"\x00\x01\x02", "x.txt")


def test_read_article_uses_file_stem_as_identifier(tmp_path: Path) -> None:
    path = tmp_path / "001_abc.txt"
    path.write_bytes(GERMAN.encode("cp1252"))
    article = read_article(path)
    assert article == Article("001_abc", GERMAN, str(path), "cp1252", location="001_abc.txt")


def test_read_article_names_the_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n")
    with pytest.raises(InputError, match="empty.txt: is empty$"):
        read_article(path)


def test_read_articles_reports_bad_files_and_reads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Erster Artikel.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Zweiter Artikel.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    (tmp_path / "notes.md").write_text("Dritter Artikel.")
    items = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    articles = sorted(i.identifier for i in items if isinstance(i, Article))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert articles == ["a", "b", "notes"]
    assert sorted(Path(f.source).name for f in failures) == ["bad.txt", "missing.txt"]
    assert all(f.reason and f.source not in f.reason for f in failures)
