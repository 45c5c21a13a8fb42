"""Checks on SPARQL text before it is evaluated: size and nesting limits, and the SERVICE/LOAD policy.

**Limits** (:func:`check_limits`): a query or update longer than ``max_length`` characters, or
whose brackets (``{``, ``(``, ``[``, ``<<``) nest deeper than ``max_depth``, is refused before
Oxigraph sees it: Oxigraph's parser and evaluator recurse once per level and overflow the
stack a few thousand levels down (a crash of the whole process, not an error).

**SERVICE and LOAD** (:func:`check_policy`) make the engine fetch URLs: on behalf of whoever
sent the query, from wherever the server runs (server-side request forgery). The decision is
taken on the parsed query, by two readers that must agree:

- rdflib's SPARQL parser and algebra (``translateQuery`` / ``translateUpdate``): every
  ``SERVICE`` node of the algebra with its endpoint (prefixes expanded, relative IRIs resolved
  against ``BASE``), every ``LOAD`` with its source;
- :mod:`kg.query.lexer`, the lexer that reads the text as Oxigraph does (comments end at a
  carriage return, ``1.SERVICE`` is a number and a keyword, ``<`` after an operand compares).

A query is refused when either reader finds a call the policy does not allow, when they count
different numbers of calls (one of them misreads the text: refusing is the safe answer), or
when rdflib cannot parse a text that contains the letters of ``SERVICE`` (or, in an update,
``LOAD``) at all. A text without those letters (in any case) cannot call anything and is not
parsed: the common case costs one regular-expression search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kg.errors import QueryError
from kg.query.lexer import Lexed, lex

_SERVICE_LETTERS = re.compile("service", re.IGNORECASE)
_LOAD_LETTERS = re.compile("load", re.IGNORECASE)
_OPENERS = ("{", "(", "[", "<<")


@dataclass(frozen=True)
class TextLimits:
    max_length: int  # characters
    max_depth: int  # brackets nested


def check_limits(sparql: str, limits: TextLimits, what: str = "query") -> None:
    """Refuse a query or update that is too long or nests too deep to be parsed safely.

    Raises:
        QueryError: naming the figure and the limit.
    """
    if len(sparql) > limits.max_length:
        raise QueryError(
            f"the {what} is {len(sparql):,} characters long; this endpoint accepts at most "
            f"{limits.max_length:,}"
        )
    # no more openers than the limit: the nesting cannot be deeper (the common case, no lexing)
    if sum(sparql.count(o) for o in _OPENERS) <= limits.max_depth:
        return
    depth = lex(sparql).depth
    if depth > limits.max_depth:
        raise QueryError(
            f"the {what} nests brackets {depth} deep; this endpoint accepts at most {limits.max_depth} "
            "levels of { }, ( ) and [ ]"
        )


@dataclass(frozen=True)
class Policy:
    """Which remote calls a query or update may make.

    ``service_endpoints``: the endpoint IRIs ``SERVICE`` may call (exactly these), used only
    when ``allow_service``. ``load_sources``: the URLs ``LOAD`` may read, each an exact URL or
    a prefix ending in ``/``; only ``http:`` and ``https:`` URLs, never ``file:``.
    """

    allow_service: bool = False
    service_endpoints: frozenset[str] = frozenset()
    load_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calls:
    """The remote calls a text makes, as one reader reads it."""

    services: tuple[str, ...]  # endpoints: an IRI, or "?name" for a variable
    loads: tuple[str, ...]  # source IRIs
    variables: frozenset[int] = frozenset()  # which of ``services`` are variables


def check_policy(sparql: str, policy: Policy, *, update: bool = False, base_iri: str | None = None) -> None:
    """Refuse a query or update whose ``SERVICE`` or ``LOAD`` calls the policy does not allow.
    ``base_iri`` is what the engine resolves relative IRIs against: endpoints are compared
    resolved the same way.

    Raises:
        QueryError: naming the call that is refused, or why the text cannot be checked.
    """
    service_letters = _SERVICE_LETTERS.search(sparql) is not None
    load_letters = update and _LOAD_LETTERS.search(sparql) is not None
    if not service_letters and not load_letters:
        return
    what = "update" if update else "query"
    lexed = lex_calls(lex(sparql), update=update)
    # refused whatever the parse says: no need to parse
    if lexed.services and not policy.allow_service:
        raise QueryError(_SERVICE_DISABLED)
    if lexed.loads and not policy.load_sources:
        raise QueryError(_LOAD_DISABLED)
    try:
        parsed = parse_calls(sparql, update=update, base_iri=base_iri)
    except Exception as e:  # noqa: BLE001 - any failure of the second reader refuses the text
        raise QueryError(
            f"cannot check this {what} for SERVICE/LOAD calls (refused): rdflib's SPARQL parser "
            f"does not read it: {_first_line(e)}"
        ) from None
    if len(parsed.services) != len(lexed.services) or len(parsed.loads) != len(lexed.loads):
        raise QueryError(
            f"this {what} is refused: it reads as {len(parsed.services)} SERVICE and "
            f"{len(parsed.loads)} LOAD call(s) to one SPARQL parser and {len(lexed.services)} and "
            f"{len(lexed.loads)} to another; write it so that both read it alike"
        )
    for i, endpoint in enumerate(parsed.services):
        if not policy.allow_service:
            raise QueryError(_SERVICE_DISABLED)
        if i in parsed.variables:
            raise QueryError(f"SERVICE with a variable endpoint ({endpoint}) is refused: name the endpoint")
        if endpoint not in policy.service_endpoints:
            allowed = ", ".join(f"<{e}>" for e in sorted(policy.service_endpoints))
            raise QueryError(f"SERVICE <{endpoint}> is refused: this endpoint calls only {allowed}")
    for source in parsed.loads:
        refusal = load_refusal(source, policy)
        if refusal:
            raise QueryError(refusal)


_SERVICE_DISABLED = "SERVICE (federated query) is disabled on this endpoint"
_LOAD_DISABLED = "LOAD is disabled on this endpoint (no load_sources are configured)"


def load_refusal(source: str, policy: Policy) -> str | None:
    """Why ``LOAD <source>`` is refused, or ``None`` if it is allowed."""
    scheme = source.split(":", 1)[0].lower() if ":" in source else ""
    if scheme not in ("http", "https"):
        never = f"{scheme}:" if scheme else "relative IRIs"
        return f"LOAD <{source}> is refused: LOAD reads only http: and https: URLs, never {never}"
    if not policy.load_sources:
        return _LOAD_DISABLED
    for allowed in policy.load_sources:
        if source == allowed or (allowed.endswith("/") and source.startswith(allowed)):
            return None
    return f"LOAD <{source}> is refused: LOAD reads only from {', '.join(policy.load_sources)}"


def lex_calls(lexed: Lexed, *, update: bool) -> Calls:
    """The ``SERVICE`` and ``LOAD`` calls as the lexer reads them (endpoints not resolved)."""
    services: list[str] = []
    loads: list[str] = []
    tokens = lexed.tokens
    for i, token in enumerate(tokens):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word == "SERVICE" or (update and word == "LOAD"):
            j = i + 1
            if j < len(tokens) and tokens[j].kind == "word" and tokens[j].text.upper() == "SILENT":
                j += 1
            target = tokens[j].text if j < len(tokens) else ""
            (services if word == "SERVICE" else loads).append(target)
    return Calls(tuple(services), tuple(loads))


def parse_calls(sparql: str, *, update: bool, base_iri: str | None = None) -> Calls:
    """The ``SERVICE`` and ``LOAD`` calls as rdflib's parser reads them: endpoints and sources
    as IRI strings resolved against ``BASE`` or else ``base_iri``; a variable endpoint as its
    rdflib ``Variable``.

    Raises:
        Exception: whatever rdflib raises for a text it cannot parse.
    """
    from rdflib.plugins.sparql import algebra, parser  # only here: rdflib's parser is slow to import
    from rdflib.term import URIRef

    services: list[str] = []
    variables: set[int] = set()
    loads: list[str] = []

    def visit(node: Any) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node.term
            if not isinstance(term, URIRef):
                variables.add(len(services))
            services.append(str(term) if isinstance(term, URIRef) else f"?{term}")

    if update:
        for operation in algebra.translateUpdate(parser.parseUpdate(sparql), base=base_iri).algebra:
            if operation.name == "Load":
                loads.append(str(operation.iri))
            where = operation.get("where")
            if where is not None:
                algebra.traverse(where, visit)
    else:
        algebra.traverse(algebra.translateQuery(parser.parseQuery(sparql), base=base_iri).algebra, visit)
    return Calls(tuple(services), tuple(loads), frozenset(variables))


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:300]
