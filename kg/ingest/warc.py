"""WARC and WARC.gz web archives (warcio): each HTML response is an article.

The record's target URI is the article's URL (and its identity); the date is the page's own
where it states one, else the record's capture date. Records that are not HTML pages
(requests, metadata, images, redirects, revisits) are counted in one notice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.html import read_html
from kg.ingest.meta import iso_date, url_slug
from kg.ingest.model import Article, Notice, ReadFailure

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8``."""
    if not content_type:
        return "", None
    media, *params = (p.strip() for p in content_type.split(";"))
    charset = next(
        (p.split("=", 1)[1].strip("\"' ") for p in params if p.lower().startswith("charset=")), None
    )
    return media.lower(), charset


def read_warc(stream: BinaryIO, *, source: str, location: str) -> Iterator[Article | ReadFailure | Notice]:
    """The HTML responses of a WARC (or gzipped WARC) file as articles.

    Raises:
        InputError: the file is not a WARC file (checked before the first record).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    others: Counter[str] = Counter()
    keys: Counter[str] = Counter()
    records = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in records:
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.rec_type not in ("response", "resource"):
                others[record.rec_type] += 1
                continue
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                media, charset = _media_type(record.http_headers.get_header("Content-Type"))
            else:  # a resource record: the block is the document
                status = "200"
                media, charset = _media_type(record.rec_headers.get_header("Content-Type"))
            if status != "200" or media not in _HTML_TYPES:
                others[
                    f"{media or 'untyped'} {record.rec_type}" if status == "200" else f"HTTP {status}"
                ] += 1
                continue
            key = url_slug(uri) if uri else f"record-{sum(keys.values()) + 1}"
            keys[key] += 1
            key = key if keys[key] == 1 else f"{key}~{keys[key]}"
            where, loc = f"{source}#{key}", f"{location}#{key}"
            try:
                page = read_html(record.content_stream().read(), where, url=uri or None, charset=charset)
            except InputError as e:
                yield ReadFailure(where, str(e).removeprefix(f"{where}: "), loc)
                continue
            yield Article(
                identifier=key,
                text=page.text,
                source=where,
                encoding=page.encoding,
                location=loc,
                url=uri or page.url,
                title=page.title,
                date=page.date or iso_date(record.rec_headers.get_header("WARC-Date")),
                author=page.author,
                site=page.site,
                language=page.language,
            )
            if page.note:
                yield Notice(where, page.note, loc)
    except ArchiveLoadFailed as e:
        raise InputError(f"{source}: not a WARC file: {e.msg}") from e
    if others:
        counted = ", ".join(f"{n} {kind}" for kind, n in sorted(others.items()))
        yield Notice(source, f"records that are not HTML pages, not read as articles: {counted}", location)
