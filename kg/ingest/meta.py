"""Metadata values as the graph wants them: ISO 8601 dates, clean one-line strings, URL slugs."""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL_SLUG_DROP = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.I)


def clean(value: object) -> str | None:
    """A one-line string (white space collapsed), or ``None`` for nothing, non-strings and blanks."""
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()
    return text or None


def iso_date(value: object) -> str | None:
    """``2024-05-12`` or ``2024-05-12T14:30:00+02:00`` for a date in any form the inputs use
    (ISO 8601, RFC 2822 as in RSS, ``time.struct_time`` from feedparser, ``datetime``);
    ``None`` where it is not a date."""
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = clean(value)
    if text is None:
        return None
    if _DATE.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def url_slug(url: str, max_length: int = 80) -> str:
    """A readable identifier for a URL: host (without ``www.``) and path, as one slug
    (``https://www.example.de/dtm/bericht.html`` → ``example-de-dtm-bericht``); a long one is
    cut and made unique with a hash of the whole URL."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = _URL_SLUG_DROP.sub("", parts.path.rstrip("/"))
    raw = f"{host}{path}" + (f"-{parts.query}" if parts.query else "")
    slug = re.sub(r"[^\w]+", "-", raw).strip("-").lower() or "url"
    if len(slug) > max_length:
        digest = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = f"{slug[: max_length - 9].rstrip('-')}-{digest}"
    return slug


def with_title(title: str | None, text: str) -> str:
    """The text with its headline as the first line, as a ``.txt`` article has it (records and
    feed items keep the headline apart from the body)."""
    if not title or text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}"
