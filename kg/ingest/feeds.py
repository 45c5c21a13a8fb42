"""RSS and Atom feeds (feedparser): one article per item, its HTML through the HTML reader."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError
from kg.ingest.html import read_html
from kg.ingest.meta import clean, iso_date, url_slug, with_title
from kg.ingest.model import Article, ReadFailure

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")


def is_feed(head: bytes) -> bool:
    """Whether the start of an XML file is the root element of an RSS or Atom feed."""
    return _FEED_ROOT.search(head) is not None


def _item_key(entry: Any, ordinal: int) -> str:
    link = clean(entry.get("link"))
    guid = clean(entry.get("id"))
    if link and link.startswith(("http://", "https://")):
        return url_slug(link)
    if guid:
        return url_slug(guid) if guid.startswith(("http://", "https://")) else guid
    return str(ordinal)


def read_feed(data: bytes, *, source: str, location: str) -> Iterator[Article | ReadFailure]:
    """The items of a feed as articles; an item without text is a failure naming it.

    Raises:
        InputError: the file is not a feed feedparser can read.
    """
    import feedparser

    # a stream, never a string: feedparser fetches a string that looks like a URL
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(
            f"{source}: " + (f"not a readable feed: {problem}" if problem else "a feed without items")
        )
    feed = parsed.feed
    site = clean(feed.get("title"))
    feed_language = clean(feed.get("language"))
    keys: Counter[str] = Counter()
    for ordinal, entry in enumerate(parsed.entries, 1):
        key = _item_key(entry, ordinal)
        keys[key] += 1
        key = key if keys[key] == 1 else f"{key}~{keys[key]}"
        where, loc = f"{source}#{key}", f"{location}#{key}"
        contents = entry.get("content") or []
        html = next((c.get("value") for c in contents if c.get("value")), None) or entry.get("summary")
        link = clean(entry.get("link"))
        url = link if link and link.startswith(("http://", "https://")) else None
        try:
            if not html or not html.strip():
                raise InputError(f"{where}: an item without text")
            page = read_html(html, where, url=url)
        except InputError as e:
            yield ReadFailure(where, str(e).removeprefix(f"{where}: "), loc)
            continue
        title = clean(entry.get("title"))
        language = clean(entry.get("language")) or feed_language
        yield Article(
            identifier=key,
            text=with_title(title, page.text),
            source=where,
            location=loc,
            url=url,
            title=title,
            date=iso_date(entry.get("published") or entry.get("updated"))
            or iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            author=clean(entry.get("author")),
            site=site,
            language=language.split("-")[0].lower() if language else None,
        )
