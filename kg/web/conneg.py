"""Content negotiation from explicit tables: Accept header (q-values, parameters) → one format.

The tables are the rows of the format registry (:mod:`kg.formats`: name, media type, aliases)
in the server's order of preference; the first entry of each is the default when the client
sends no Accept header or ``*/*``. Media-type parameters other than ``q`` (``charset=utf-8``,
``profile=…``) are accepted and ignored: every response is UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from kg import formats
from kg.formats import Format, RdfFormat, ResultsFormat

F = TypeVar("F", bound=Format)

# SELECT and ASK results
RESULTS_TABLE: tuple[ResultsFormat, ...] = formats.RESULTS_FORMATS

# CONSTRUCT and DESCRIBE results, the service description, VoID, entity descriptions, and
# the graphs of the Graph Store Protocol
RDF_TABLE: tuple[RdfFormat, ...] = formats.GRAPH_FORMATS

# the whole dataset (the Graph Store Protocol's GET /store)
DATASET_TABLE: tuple[RdfFormat, ...] = formats.DATASET_FORMATS

# entity pages: a browser gets HTML, a Linked Data client asks for RDF
HTML = Format("html", "text/html", ("application/xhtml+xml",), ("html",))
RESOURCE_TABLE: tuple[Format, ...] = (HTML, *RDF_TABLE)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range names ``media_type`` (2 exact, 1 ``type/*``, 0 ``*/*``),
        or -1 when it does not match it."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        mtype, _, sub = fields[0].lower().partition("/")
        if not mtype or not sub:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(mtype.strip(), sub.strip(), q))
    return ranges


@lru_cache(maxsize=256)
def negotiate(header: str | None, table: tuple[F, ...]) -> F | None:
    """The best format of ``table`` for an Accept header, or ``None`` when none is acceptable.

    A format's quality is the q of the most specific range that matches one of its media
    types; the highest quality wins and ties go to the table's order. No header (or an empty
    one) means ``*/*``. The decision depends on nothing else, so it is cached per header
    string (clients send the same few headers again and again; the cache is bounded).
    """
    ranges = parse_accept(header)
    if not ranges:
        return table[0]
    best: F | None = None
    best_q = 0.0
    for fmt in table:
        q = _quality(fmt, ranges)
        if q > best_q:
            best, best_q = fmt, q
    return best


def _quality(fmt: Format, ranges: list[MediaRange]) -> float:
    """The q of the most specific range naming any of the format's media types, so that
    ``application/sparql-results+json;q=0, */*`` refuses JSON even though ``*/*`` also
    covers its alias ``application/json``."""
    best_spec, quality = -1, 0.0
    for media_type in fmt.media_types:
        for r in ranges:
            s = r.specificity(media_type)
            if s > best_spec or (s == best_spec and s >= 0 and r.q > quality):
                best_spec, quality = s, r.q
    return quality if best_spec >= 0 else 0.0


def by_name(name: str, table: tuple[F, ...]) -> F | None:
    """The format called ``name`` (the ``format=`` parameter) in ``table``."""
    for fmt in table:
        if fmt.name == name:
            return fmt
    return None
