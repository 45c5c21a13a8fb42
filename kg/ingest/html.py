"""HTML to article text and metadata: whole pages with trafilatura, fragments with lxml.

A whole page (``<html>``/``<body>``) keeps only its main text: navigation, footers, "related
articles" boxes and other boilerplate are dropped by trafilatura, which also reads title,
date, author, site and canonical URL. A fragment (the HTML body of a feed item or a JSON
record) is the article already; its text is taken as it is, block by block.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from kg.errors import InputError
from kg.ingest.decode import decode
from kg.ingest.meta import clean, iso_date

log = logging.getLogger(__name__)

_WHOLE_PAGE = re.compile(rb"<(?:!doctype\s+html|html|body)[\s>]", re.I)
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*", re.I)
_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_LOOKS_LIKE_HTML = re.compile(
    r"</?(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|table|tr|td)\b[^>]*>", re.I
)

# elements whose text is never article text, and those that end a line
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button")
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article pre dd dt figcaption".split()
)


@dataclass(frozen=True)
class Page:
    """The article text of an HTML document and the metadata found in it."""

    text: str
    encoding: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None
    note: str | None = None


def looks_like_html(text: str) -> bool:
    """Whether a text field (a JSON ``body``) holds HTML markup rather than plain text."""
    return _LOOKS_LIKE_HTML.search(text) is not None


def decode_html(data: bytes, source: str, declared: str | None = None) -> tuple[str, str, str | None]:
    """Decode an HTML document: the charset the HTTP header (``declared``) or a ``<meta>``
    names, else as any text file (:func:`kg.ingest.decode.decode`).

    Returns the text, the encoding and a note where the document's own charset was wrong.
    """
    found = _CHARSET.search(data[:4096])
    for name in (declared, found.group(1).decode("ascii") if found else None):
        if not name:
            continue
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        try:
            return data.decode(codec), codec, None
        except UnicodeDecodeError:
            decoded = decode(data, source)
            return (
                decoded.text,
                decoded.encoding,
                f"declared charset {name} is wrong; read as {decoded.encoding}",
            )
    decoded = decode(data, source)
    return decoded.text, decoded.encoding, decoded.note


def read_html(data: bytes | str, source: str, *, url: str | None = None, charset: str | None = None) -> Page:
    """The article in an HTML document or fragment.

    Args:
        data: the document (bytes are decoded by :func:`decode_html`).
        source: the input's name, for messages.
        url: the document's URL where the caller knows it (a WARC record's target URI).
        charset: the charset an HTTP header declared.

    Raises:
        InputError: no article text could be found; the message names ``source``.
    """
    note = None
    if isinstance(data, bytes):
        whole = _WHOLE_PAGE.search(data[:4096]) is not None
        html, encoding, note = decode_html(data, source, charset)
    else:
        whole = _WHOLE_PAGE.search(data[:4096].encode("utf-8", "replace")) is not None
        html, encoding = data, "utf-8"
    if whole:
        page = _read_page(html, source, url)
        return Page(**{**page.__dict__, "encoding": encoding, "note": note})
    text = fragment_text(html)
    if not text:
        raise InputError(f"{source}: no text in the HTML")
    return Page(text=text, encoding=encoding, url=url, note=note)


def _read_page(html: str, source: str, url: str | None) -> Page:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        # dates the page states (meta data, <time>, the URL), never guesses from its text:
        # htmldate's extensive search takes a footer's "© 2024" for 2024-01-01
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        # a short page can be under trafilatura's minimum; its body is the article then
        text = fragment_text(html)
        if not text:
            raise InputError(f"{source}: no article text found in the HTML page")
        log.info("%s: trafilatura found no main text; read the whole body", source)
    lang = _LANG.search(html[:4096])
    return Page(
        text=text,
        encoding="",
        title=clean(getattr(doc, "title", None)),
        date=iso_date(getattr(doc, "date", None)),
        author=clean(getattr(doc, "author", None)),
        site=clean(getattr(doc, "sitename", None)),
        url=clean(getattr(doc, "url", None)) or url,
        language=lang.group(1).lower() if lang else None,
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, a line per block element, without scripts, navigation,
    headers, footers and asides."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in root.iter(etree.Element):
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
