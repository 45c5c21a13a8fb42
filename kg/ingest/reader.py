"""Read every input: pick the reader by file type, turn each problem into a failure naming it."""

from __future__ import annotations

import logging
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.decode import decode, readable
from kg.ingest.feeds import is_feed, read_feed
from kg.ingest.html import read_html
from kg.ingest.model import Article, Notice, ReadFailure
from kg.ingest.records import DEFAULT_FIELDS, Fields, json_document, json_lines, read_records
from kg.ingest.walk import InputFile, walk
from kg.ingest.warc import read_warc

log = logging.getLogger(__name__)

#: files read whole are refused above these sizes (JSON Lines and WARC files are streamed)
MAX_HTML_BYTES = 50_000_000
MAX_JSON_BYTES = 200_000_000

Item = Article | ReadFailure | Notice


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    Attributes:
        fields: the field names of JSON records (:func:`kg.ingest.records.parse_fields`).
        max_chars: the longest article that is built; a text file so large that its text
            must be longer is refused without reading it whole.
    """

    fields: Fields = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    max_chars: int = 100_000


def _reason(e: Exception, source: str) -> str:
    """The message of ``e`` without the source name it starts with (a report names it once)."""
    return str(e).removeprefix(f"{source}: ")


def _check_size(f: InputFile, limit: int, what: str) -> None:
    assert f.path is not None
    size = f.path.stat().st_size
    if size > limit:
        raise InputError(f"{f.source}: too large for {what} ({size:,} bytes; at most {limit:,} are read)")


def read_text(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    """A ``.txt``/``.md`` file: one article named by the file's stem."""
    assert f.path is not None
    # a UTF-32 file takes four bytes a character: a larger file cannot be under the limit
    _check_size(f, 4 * options.max_chars + 4, f"an article of at most {options.max_chars:,} characters")
    decoded = decode(f.path.read_bytes(), f.source)
    if not decoded.text.strip():
        raise InputError(f"{f.source}: is empty")
    yield Article(
        identifier=unicodedata.normalize("NFC", f.stem),
        text=decoded.text,
        source=f.source,
        encoding=decoded.encoding,
        location=f.location,
    )
    if decoded.note:
        yield Notice(f.source, decoded.note, f.location)
    elif decoded.encoding != "utf-8":
        log.info("%s: not UTF-8, decoded as %s", f.source, decoded.encoding)


def read_html_file(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    """An HTML page: its main text and metadata (:mod:`kg.ingest.html`)."""
    assert f.path is not None
    _check_size(f, MAX_HTML_BYTES, "an HTML page")
    page = read_html(f.path.read_bytes(), f.source)
    yield Article(
        identifier=unicodedata.normalize("NFC", f.stem),
        text=page.text,
        source=f.source,
        encoding=page.encoding,
        location=f.location,
        url=page.url,
        title=page.title,
        date=page.date,
        author=page.author,
        site=page.site,
        language=page.language,
    )
    if page.note:
        yield Notice(f.source, page.note, f.location)


def _read_file(f: InputFile, options: ReadOptions, stdin: BinaryIO | None) -> Iterator[Item]:
    if f.kind == "text":
        yield from read_text(f, options)
    elif f.kind == "html":
        yield from read_html_file(f, options)
    elif f.kind == "stdin":
        lines = json_lines(stdin if stdin is not None else sys.stdin.buffer)
        yield from read_records(
            lines, options.fields, source=f.source, location=f.location, stem="stdin", unit="line"
        )
    else:
        assert f.path is not None
        if f.kind == "jsonl":
            with f.path.open("rb") as stream:
                yield from read_records(
                    json_lines(stream), options.fields, source=f.source, location=f.location, stem=f.stem,
                    unit="line",
                )  # fmt: skip
        elif f.kind == "json":
            _check_size(f, MAX_JSON_BYTES, "a JSON file (use JSON Lines for larger exports)")
            records, note = json_document(f.path.read_bytes(), f.source)
            if note is not None:
                yield Notice(f.source, note, f.location)
            yield from read_records(
                records, options.fields, source=f.source, location=f.location, stem=f.stem
            )
        elif f.kind == "feed":
            data = f.path.read_bytes()
            if not is_feed(data[:2048]):
                raise InputError(f"{f.source}: an XML file that is not an RSS or Atom feed; not read")
            yield from read_feed(data, source=f.source, location=f.location)
        elif f.kind == "warc":
            with f.path.open("rb") as stream:
                yield from read_warc(stream, source=f.source, location=f.location)
        else:  # pragma: no cover - walk() only yields the kinds above
            raise AssertionError(f.kind)


def read_file(
    f: InputFile, options: ReadOptions | None = None, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """The articles of one input file, and a :class:`ReadFailure` for the file or for each of
    its records that cannot be read (a broken record never ends the file's other records)."""
    options = options or ReadOptions()
    try:
        yield from _read_file(f, options, stdin)
    except InputError as e:
        yield ReadFailure(f.source, _reason(e, f.source), f.location)
    except OSError as e:
        yield ReadFailure(f.source, f"cannot be read: {e.strerror or e}", f.location)
    except Exception as e:  # noqa: BLE001 - a reader library's error on a broken file ends only that file
        log.debug("%s: %s: %s", f.source, type(e).__name__, e, exc_info=True)  # the summary lists it
        yield ReadFailure(f.source, f"cannot be read: {type(e).__name__}: {e}", f.location)


def read_inputs(
    paths: Iterable[Path | str],
    *,
    root: Path | None = None,
    options: ReadOptions | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Every article under ``paths`` (files, folders, ``-`` for JSON Lines on ``stdin``), in
    a fixed order, with a :class:`ReadFailure` for each input that cannot be read and a
    :class:`Notice` for what a person should know about the others."""
    for item in walk(paths, root):
        if isinstance(item, InputFile):
            yield from read_file(item, options, stdin)
        else:
            yield item


def read_article(path: Path) -> Article:
    """Read one ``.txt`` file (for tools and benchmarks).

    Raises:
        InputError: the file cannot be read or decoded; the message names the file.
    """
    source = readable(str(path))
    f = InputFile(path, source, readable(path.name), "text")
    for item in read_file(f):
        if isinstance(item, Article):
            return item
        if isinstance(item, ReadFailure):
            raise InputError(f"{item.source}: {item.reason}")
    raise InputError(f"{source}: no article")  # pragma: no cover


def read_articles(paths: Iterable[Path | str]) -> Iterator[Article | ReadFailure]:
    """Every article under ``paths``, and a :class:`ReadFailure` for each one that fails."""
    for item in read_inputs(paths):
        if not isinstance(item, Notice):
            yield item
