"""JSON Lines and JSON records (CMS exports, crawler output): one article per record.

A record's fields are found by name: ``id``, ``title``, ``text`` (or ``body``), ``html``,
``url``, ``date`` and a few more, each with the usual alternatives (``link`` for ``url``,
``published`` for ``date``, ...). :func:`parse_fields` changes them (``text=content``,
``url=meta.link`` for a nested field). A ``text`` that holds markup is read as HTML.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kg.errors import InputError
from kg.ingest.decode import normalize
from kg.ingest.html import looks_like_html, read_html
from kg.ingest.meta import clean, iso_date, url_slug, with_title
from kg.ingest.model import Article, ReadFailure

Fields = Mapping[str, tuple[str, ...]]

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "html": ("html", "raw_html"),
    "url": ("url", "link", "canonical_url"),
    "date": ("date", "published", "datePublished", "published_at", "pubDate"),
    "author": ("author", "byline"),
    "site": ("site", "sitename", "publisher"),
    "language": ("language", "lang"),
}


def parse_fields(spec: str | Iterable[str] | None) -> dict[str, tuple[str, ...]]:
    """Field names from ``"text=content,url=meta.link|link"`` (``|`` separates alternatives,
    ``.`` walks into nested objects); unnamed fields keep their defaults.

    Raises:
        InputError: an unknown field or a malformed item.
    """
    fields = dict(DEFAULT_FIELDS)
    items = spec.split(",") if isinstance(spec, str) else list(spec or ())
    for item in (i.strip() for i in items):
        if not item:
            continue
        name, sep, keys = item.partition("=")
        name = name.strip()
        if not sep or not keys.strip():
            raise InputError(f"record field {item!r}: expected FIELD=KEY (e.g. text=content)")
        if name not in DEFAULT_FIELDS:
            raise InputError(f"record field {name!r}: unknown; the fields are {', '.join(DEFAULT_FIELDS)}")
        fields[name] = tuple(k.strip() for k in keys.split("|") if k.strip())
    return fields


def _lookup(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value: Any = record
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value not in (None, "", [], {}):
            return value
    return None


def _string(value: Any) -> str | None:
    """A metadata string from a JSON value: a string, a number, a list of names, ``{"name": …}``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        return _string(value.get("name"))
    if isinstance(value, list):
        names = [s for s in (_string(v) for v in value) if s]
        return ", ".join(names) or None
    return clean(value)


def record_article(record: Any, fields: Fields, *, source: str, location: str, fallback_id: str) -> Article:
    """One record as an :class:`Article` (``fallback_id`` names one with neither id nor URL).

    Raises:
        InputError: the record is not an object or has no text.
    """
    if not isinstance(record, Mapping):
        raise InputError(f"{source}: not a JSON object but {type(record).__name__}")
    meta = {name: _string(_lookup(record, keys)) for name, keys in fields.items()}
    url = meta["url"] if meta["url"] and meta["url"].startswith(("http://", "https://")) else None
    text, html = (_lookup(record, fields[name]) for name in ("text", "html"))
    text = text if isinstance(text, str) and text.strip() else None
    html = html if isinstance(html, str) and html.strip() else None
    if text is not None and looks_like_html(text):
        text, html = None, text
    if text is None and html is None:
        raise InputError(f"{source}: no text (looked for {', '.join((*fields['text'], *fields['html']))})")
    page = None
    if text is None:
        page = read_html(html or "", source, url=url)
        text, url = page.text, url or page.url
    language = meta["language"] or (page.language if page else None)
    title = meta["title"] or (page.title if page else None)
    return Article(
        identifier=meta["id"] or (url_slug(url) if url else fallback_id),
        text=normalize(with_title(title, text)),
        source=source,
        location=location,
        url=url,
        title=title,
        date=iso_date(_lookup(record, fields["date"])) or (page.date if page else None),
        author=meta["author"] or (page.author if page else None),
        site=meta["site"] or (page.site if page else None),
        language=language.split("-")[0].lower() if language else None,
    )


class _Keys:
    """Record keys within one file, unique: the id, the URL slug or the ordinal, with ``~2``
    for a key that repeats."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, record: Any, fields: Fields, ordinal: int) -> str:
        key = None
        if isinstance(record, Mapping):
            key = _string(_lookup(record, fields["id"]))
            url = _string(_lookup(record, fields["url"]))
            if key is None and url:
                key = url_slug(url)
        key = key or str(ordinal)
        self.seen[key] += 1
        return key if self.seen[key] == 1 else f"{key}~{self.seen[key]}"


def read_records(
    records: Iterable[tuple[int, Any]],
    fields: Fields,
    *,
    source: str,
    location: str,
    stem: str,
    unit: str = "record",
) -> Iterator[Article | ReadFailure]:
    """Articles from ``(ordinal, record)`` pairs; a bad record is a failure, never the file's end."""
    keys = _Keys()
    for ordinal, record in records:
        if isinstance(record, InputError):
            reason = str(record).partition(": ")[2] or str(record)
            yield ReadFailure(f"{source} {unit} {ordinal}", reason, f"{location} {unit} {ordinal}")
            continue
        key = keys(record, fields, ordinal)
        where = f"{source}#{key}"
        try:
            yield record_article(
                record, fields, source=where, location=f"{location}#{key}", fallback_id=f"{stem}-{key}"
            )
        except InputError as e:
            yield ReadFailure(where, str(e).removeprefix(f"{where}: "), f"{location}#{key}")


def json_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, Any]]:
    """``(line number, record)`` for each non-blank line; an :class:`InputError` in place of a
    line that is not JSON."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield number, InputError(f"line {number}: not JSON: {e}")


def json_document(data: bytes, source: str) -> tuple[list[tuple[int, Any]], str | None]:
    """The records of a ``.json`` file: an array of objects, an object holding one such array
    (``{"articles": [...]}``), or one object; JSON Lines in a ``.json`` file are read too
    (with a note saying so).

    Raises:
        InputError: the file is not JSON.
    """
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as e:
        lines = list(json_lines(data.splitlines()))
        if len(lines) > 1 and not any(isinstance(r, InputError) for _, r in lines):
            return lines, "JSON Lines in a .json file; read one record per line"
        raise InputError(f"{source}: not JSON: {e}") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{source}: not JSON: {e}") from e
    if isinstance(doc, Mapping):
        arrays = [v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], Mapping)]
        if len(arrays) == 1 and not any(k in doc for k in DEFAULT_FIELDS["text"] + DEFAULT_FIELDS["html"]):
            doc = arrays[0]
        else:
            doc = [doc]
    if not isinstance(doc, list):
        raise InputError(f"{source}: a JSON {type(doc).__name__}, not records (objects)")
    return list(enumerate(doc, 1)), None
