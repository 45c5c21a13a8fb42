"""Named graphs as N-Triples text: the terms, the triples of one graph, the graph to store.

The build writes each article's triples straight as N-Triples statements, each term encoded
once, as it is stated, instead of filling an rdflib ``Graph`` and converting every term again
for the store (on the 15,000-word bench corpus, 41,823 triples: 1.03 s for the rdflib graphs
and their encoding, 0.09 s this way). The text is what Oxigraph writes for the same terms (its
escapes, the lexical forms rdflib gave), so the store holds the same data either way;
:meth:`EncodedGraph.graph` gives an rdflib ``Graph`` of it to code that wants one (tests, tools).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import XSD, Graph, URIRef

#: an RDF term as N-Triples writes it: ``<iri>``, ``"text"``, ``"text"@de``, ``"5"^^<…#integer>``
Term = str

# what Oxigraph escapes in a literal (and how): quote, backslash, the C0 controls, DEL, U+FFFE/F
_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
for _c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF):
    _ESCAPES.setdefault(_c, f"\\u{_c:04X}")
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in _ESCAPES) + "]")


def iri(value: str) -> Term:
    """``<value>`` (an IRI minted here or a vocabulary term: not checked again)."""
    return f"<{value}>"


class Terms:
    """The terms of a namespace as N-Triples, each encoded on first use and then kept
    (``Terms(MS).Driver`` is ``"<https://w3id.org/mskg/ontology#Driver>"``; a name the namespace
    does not define fails as it does there). An rdflib namespace lookup costs microseconds, an
    attribute of this object tens of nanoseconds."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Term:
        if name.startswith("_"):
            raise AttributeError(name)
        term = iri(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


def _quoted(text: str) -> str:
    if _SPECIAL.search(text) is None:  # most strings: nothing to escape
        return f'"{text}"'
    return f'"{text.translate(_ESCAPES)}"'


def literal(text: str, language: str | None = None) -> Term:
    """A string literal, with a language tag or without (``xsd:string``)."""
    return f"{_quoted(text)}@{language.lower()}" if language else _quoted(text)


def typed(lexical: str, datatype: URIRef) -> Term:
    """A literal of ``datatype`` written exactly as ``lexical`` (the caller's canonical form)."""
    return f"{_quoted(lexical)}^^<{datatype}>"


_INTEGER = f"^^<{XSD.integer}>"
_DECIMAL = f"^^<{XSD.decimal}>"


@lru_cache(maxsize=65536)
def integer(n: int) -> Term:
    """An ``xsd:integer`` (offsets, positions, years repeat: each is written once)."""
    return f'"{n}"{_INTEGER}'


def decimal(d: Decimal) -> Term:
    """An ``xsd:decimal``, in positional notation (``1E+1`` → ``10``, as rdflib writes it)."""
    return f'"{d:f}"{_DECIMAL}'


@dataclass(frozen=True)
class EncodedGraph:
    """A named graph ready to store: its IRI and its triples as N-Triples statements (joined by
    `` .\\n``, without the last one's `` .``).

    Cheap to pickle, so worker processes can prepare graphs and the process that owns the
    store only writes them.
    """

    name: str
    body: str
    triples: int
    #: whether every term of the text is known to be valid (written by :class:`GraphText`, or
    #: by Oxigraph: the inferred graphs): the store then loads it without validating its IRIs
    #: again (Oxigraph's lenient parser), a third less time a quad
    checked: bool = False

    def graph(self) -> Graph:
        """The same triples as an rdflib ``Graph`` named by :attr:`name` (parsed: for tests and
        tools, not for the build)."""
        g = Graph(identifier=URIRef(self.name))
        if self.body:
            g.parse(data=self.body + " .\n", format="nt")
        return g


class GraphText:
    """The triples of one named graph as they are stated, each written once (a graph is a set),
    in the order first stated.

    Every term given must be valid, as the store does not check them again
    (:attr:`EncodedGraph.checked`): IRIs minted by :class:`kg.rdf.iri.IriMinter` (which
    checks its base) or taken from the vocabulary, literals made by this module.
    """

    __slots__ = ("name", "_statements")

    def __init__(self, name: str) -> None:
        self.name = name
        self._statements: dict[str, None] = {}

    def add(self, subject: Term, predicate: Term, obj: Term) -> None:
        self._statements[f"{subject} {predicate} {obj}"] = None

    def __len__(self) -> int:
        return len(self._statements)

    def encoded(self) -> EncodedGraph:
        return EncodedGraph(self.name, " .\n".join(self._statements), len(self._statements), checked=True)
