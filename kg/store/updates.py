"""SPARQL updates split into their operations, so that the store can keep its union default
graph up to date at the cost of what an update touches.

Only the operation structure is read here (keywords at brace depth 0, the IRIs of graph
management operations, the braces of ``INSERT DATA``/``DELETE DATA``); the data itself is
parsed by Oxigraph. An update made only of the operations in :data:`FAST` is applied as
explicit changes (see :mod:`kg.store.union`); any other update takes the general path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Tokens that may contain keyword-like words without being keywords are opaque: strings (long
# ones too), IRIs, comments, variables, blank node labels, language tags, prefixed names and
# numbers. What remains are bare words, braces and semicolons.
_TOKEN = re.compile(
    r'(?P<opaque>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*"
    r"|[?$]\w+"
    r"|_:[\w.\-]*"
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"
    r"|(?:[^\W\d_][\w.\-]*)?:(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?#@%])*"
    r"|\d[\w.]*)"
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r"|(?P<word>[^\W\d]\w*)"
    r"|(?P<brace>[{}])"
    r"|(?P<semicolon>;)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Operation:
    """One operation of an update: its upper-cased leading keywords, its text, and the graph IRI
    it names (graph management operations)."""

    words: tuple[str, ...]  # e.g. ("INSERT", "DATA"), ("DROP", "SILENT", "GRAPH")
    text: str
    graph: str | None = None
    start: int = 0  # where ``text`` begins in the whole update (for error positions)

    @property
    def kind(self) -> str:
        """``INSERT DATA``, ``DELETE DATA``, ``DROP GRAPH``, ``CLEAR DEFAULT``, … (no SILENT)."""
        return " ".join(w for w in self.words if w != "SILENT")

    @property
    def silent(self) -> bool:
        return "SILENT" in self.words


#: the operations applied as explicit changes; every other one takes the general path
FAST = frozenset(
    {
        "INSERT DATA",
        "DELETE DATA",
        "DROP GRAPH",
        "CLEAR GRAPH",
        "DROP DEFAULT",
        "CLEAR DEFAULT",
        "CREATE GRAPH",
        "DROP ALL",
        "CLEAR ALL",
    }
)


@dataclass(frozen=True)
class SplitUpdate:
    """An update as its prologue (``PREFIX``/``BASE`` declarations) and its operations."""

    prologue: str
    operations: tuple[Operation, ...]
    text: str = ""  # the whole update

    @property
    def fast(self) -> bool:
        """Whether every operation can be applied as explicit changes (no BASE: relative IRIs
        in graph names would need resolving)."""
        return "BASE" not in self.prologue.upper() and all(op.kind in FAST for op in self.operations)


_VARIABLE_GRAPH = re.compile(r"\bGRAPH\s*[?$]\w", re.IGNORECASE)


def writes_any_graph(text: str) -> bool:
    """Whether an update may write to graphs it does not name (``GRAPH ?g`` in a template,
    ``DROP NAMED``…): then it may also change the general path's snapshot (a conservative
    test: a ``GRAPH ?g`` in a WHERE counts too)."""
    words = [token.upper() for kind, token, _, _ in _tokens(text) if kind == "word"]
    return bool(_VARIABLE_GRAPH.search(text)) or "NAMED" in words or "ALL" in words


def _tokens(text: str) -> Iterator[tuple[str, str, int, int]]:
    """``(kind, text, start, depth)``; a brace is reported at the depth outside it."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        if kind == "brace":
            if m.group() == "{":
                yield kind, "{", m.start(), depth
                depth += 1
            else:
                depth -= 1
                yield kind, "}", m.start(), depth
        elif kind != "opaque" or not m.group().startswith("#"):
            yield kind, m.group(), m.start(), depth


def split_update(text: str) -> SplitUpdate:
    """Split ``text`` into its prologue and operations. An operation whose keywords are not
    one of :data:`FAST` exactly (``INSERT DATA { … }``, ``DROP SILENT GRAPH <g>``, …) gets the
    kind ``?``: it goes to the general path, whose parser reports any syntax error."""
    prologue: list[str] = []
    ops: list[Operation] = []
    top: list[tuple[str, str]] = []  # the depth-0 tokens of the current operation
    start: int | None = None
    for kind, token, pos, depth in _tokens(text):
        if kind == "semicolon" and depth == 0:
            if start is not None:
                ops.append(_operation(top, text[start:pos], start))
            top, start = [], None
            continue
        if start is None:
            if kind == "word" and token.upper() in ("PREFIX", "BASE") or (prologue and _open(prologue)):
                prologue.append(token)
                continue
            start = pos
        if depth == 0:
            top.append((kind, token))
    if start is not None:
        ops.append(_operation(top, text[start:], start))
    return SplitUpdate(" ".join(prologue), tuple(ops), text)


def _open(prologue: list[str]) -> bool:
    """Whether the last declaration of ``prologue`` still waits for its IRI."""
    return not prologue[-1].startswith("<")


def _operation(top: list[tuple[str, str]], raw: str, start: int) -> Operation:
    text = raw.strip()
    start += len(raw) - len(raw.lstrip())
    words = [token.upper() if kind == "word" else token for kind, token in top]
    core = [w for w in words if w != "SILENT"]
    silent = ("SILENT",) if "SILENT" in words else ()
    if core[:2] in (["INSERT", "DATA"], ["DELETE", "DATA"]) and core[2:] == ["{", "}"] and not silent:
        return Operation((core[0], "DATA"), text, start=start)
    if len(core) == 2 and core[0] in ("DROP", "CLEAR") and core[1] in ("DEFAULT", "ALL"):
        return Operation((core[0], *silent, core[1]), text, start=start)
    if len(core) == 3 and core[0] in ("DROP", "CLEAR", "CREATE") and core[1] == "GRAPH":
        kind, iri = top[-1]
        if kind == "iri" and _absolute(iri[1:-1]):
            return Operation((core[0], *silent, "GRAPH"), text, iri[1:-1], start)
    return Operation(("?",), text, start=start)


def _absolute(iri: str) -> bool:
    return re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri) is not None
