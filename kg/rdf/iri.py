"""Mint IRIs for articles and entities: deterministic, readable, one place only.

German letters are transliterated as German does it (ä→ae, ö→oe, ü→ue, ß→ss) and other
accents are dropped (é→e), so ``Jörg Müller`` becomes ``joerg-mueller``: plain ASCII paths
that people can type, and the same IRI on every machine and run. Names that transliterate to
the same slug ("Müller", "Mueller") are taken to be the same name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from functools import lru_cache

import pyoxigraph as ox
from rdflib import URIRef

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
# Latin letters that Unicode does not decompose into a base letter plus accent (NFKD would drop
# them: "Østergaard" became "stergaard"), with their usual ASCII transliterations
_UNDECOMPOSED = str.maketrans(
    {
        "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
        "Þ": "Th", "þ": "th", "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe", "ı": "i", "Ħ": "H",
        "ħ": "h", "Ŋ": "Ng", "ŋ": "ng", "Ŧ": "T", "ŧ": "t",
    }
)  # fmt: skip

# entity kind -> path segment
_KIND_PATHS = {
    "driver": "driver",
    "person": "person",
    "team": "team",
    "manufacturer": "manufacturer",
    "car_model": "car-model",
    "series": "series",
    "circuit": "circuit",
    "country": "country",
    "place": "place",
    "race_class": "race-class",
}


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """A lower-case ASCII path segment for ``name`` (``"Spa-Francorchamps"`` → ``"spa-francorchamps"``)."""
    text = unicodedata.normalize("NFC", name).translate(_GERMAN).translate(_UNDECOMPOSED)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text or "x"


@lru_cache(maxsize=16)
def _checked_base(base: str) -> str:
    """``base`` if every IRI minted under it is a valid IRI (the store loads article graphs
    without checking their IRIs again: :class:`kg.ntriples.GraphText`); else a ``ValueError``."""
    if not base.endswith("/"):
        raise ValueError(f"resource base must end in '/': {base!r}")
    try:  # an absolute IRI, and no fragment: the text spans add theirs ("#char=0,5")
        ox.NamedNode(f"{base}text/x#char=0,5")
    except ValueError:
        raise ValueError(f"resource base must be an absolute IRI without a fragment: {base!r}") from None
    return base


class IriMinter:
    """Mints every IRI under one resource base (a deployment setting)."""

    def __init__(self, base: str) -> None:
        self.base = _checked_base(base)

    def article(self, identifier: str) -> URIRef:
        return URIRef(f"{self.base}article/{slug(identifier)}")

    def entity(self, kind: str, name: str, scope: str | None = None) -> URIRef:
        """The IRI of a named entity; ``scope`` (an article id) keeps a name that is not
        globally identifying (a bare surname) apart from the same name elsewhere."""
        path = _KIND_PATHS[kind]
        if scope is None:
            return URIRef(f"{self.base}{path}/{slug(name)}")
        return URIRef(f"{self.base}{path}/{slug(name)}/in/{slug(scope)}")

    def event(self, article_id: str, local_id: str) -> URIRef:
        return URIRef(f"{self.base}event/{slug(article_id)}/{slug(local_id)}")

    def session(self, article_id: str, local_id: str) -> URIRef:
        return URIRef(f"{self.base}session/{slug(article_id)}/{slug(local_id)}")

    def result(self, article_id: str, session_local_id: str, position: int, index: int) -> URIRef:
        return URIRef(
            f"{self.base}result/{slug(article_id)}/{slug(session_local_id)}/p{position}"
            + (f"-{index}" if index else "")
        )

    def context(self, article_id: str) -> URIRef:
        """The ``nif:Context`` of an article: its whole text."""
        return URIRef(f"{self.base}text/{slug(article_id)}")

    def text_span(self, article_id: str, start: int, end: int) -> URIRef:
        """A ``nif:String`` (sentence or mention) by its offsets, NIF's RFC 5147 scheme."""
        return URIRef(f"{self.base}text/{slug(article_id)}#char={start},{end}")

    def statement(self, article_id: str, subject: str, predicate: str, obj: str) -> URIRef:
        """The ``ms:FactStatement`` recording one extracted triple (same triple, same IRI)."""
        digest = hashlib.sha1(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
        return URIRef(f"{self.base}statement/{slug(article_id)}/{digest}")

    def quote(self, article_id: str, start: int) -> URIRef:
        return URIRef(f"{self.base}quote/{slug(article_id)}/c{start}")

    def standing(self, article_id: str, driver_local_id: str, index: int) -> URIRef:
        return URIRef(
            f"{self.base}standing/{slug(article_id)}/{slug(driver_local_id)}" + (f"-{index}" if index else "")
        )

    def links_graph(self) -> URIRef:
        """The named graph that holds every Wikidata link."""
        return URIRef(f"{self.base}graph/links/wikidata")

    def inferred_graph(self, source: str | None = None) -> URIRef:
        """The named graph that holds what reasoning adds from the named graph ``source`` (one
        of ours: ``article/x`` gives ``graph/inferred/article/x``), or, without a source, the
        one inferred graph of stores reasoned before inference was kept per graph."""
        if source is None:
            return URIRef(f"{self.base}graph/inferred")
        if not source.startswith(self.base):
            raise ValueError(f"not a graph under {self.base}: {source}")
        return URIRef(f"{self.base}graph/inferred/{source[len(self.base) :]}")

    def link(self, entity_iri: str) -> URIRef:
        """The ``ms:Link`` record of an entity's Wikidata link: one per entity, same every run."""
        local = entity_iri[len(self.base) :] if entity_iri.startswith(self.base) else entity_iri
        safe = "".join(c if c.isalnum() or c in "-_./" else "-" for c in local)
        return URIRef(f"{self.base}link/wikidata/{safe}")

    def kind_of(self, iri: str) -> str | None:
        """The entity kind of an IRI minted here (``None`` if it is not one of ours)."""
        if not iri.startswith(self.base):
            return None
        head = iri[len(self.base) :].split("/", 1)[0]
        for kind, path in _KIND_PATHS.items():
            if path == head:
                return kind
        return head or None


def new_graph_store_graph(graph_store_url: str) -> URIRef:
    """A fresh IRI for a graph POSTed to the Graph Store itself (GSP §5.5: the server names it),
    under the store's URL, so that it is also the graph's URL for direct identification."""
    return URIRef(f"{graph_store_url.rstrip('/')}/{uuid.uuid4().hex}")
