"""Oxigraph's syntax errors as people read them: a line, a column and a one-line reason.

Oxigraph's parser answers ``error at 1:28: expected one of Prefix not found, ['%'], ['-' |
'0' ..= '9' | '\\u{00B7}' …`` — the grammar's character classes, seven lines of Unicode ranges
for an undeclared prefix. :func:`explain` keeps the position and turns the rest into a reason:
the diagnostics the parser names (an undeclared prefix, an invalid IRI, a variable that is
neither grouped nor aggregated), else the keywords and punctuation it expected (character
classes dropped), and what it found there instead. The line of the text and a caret follow on
two more lines.
"""

from __future__ import annotations

import re

from kg import formats
from kg.store.updates import _tokens
from kg.vocab import ITSRDF, NIF

_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
# a character class of the grammar: ['A' ..= 'Z' | '\u{00C0}'..='\u{00D6}'], ['%'], [_]
_CLASS = re.compile(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
_PNAME_BEFORE = re.compile(r"([A-Za-z][\w.\-]*)?:[\w.\-:%]*$")
_TOKEN_AT = re.compile(r"\S+?(?=[\s{}()\[\],;]|$)|\S")
MAX_EXPECTED = 8

#: prefixes whose namespace a hint may name: those every export declares, and those the query
#: page declares besides
KNOWN_PREFIXES: dict[str, str] = {
    **formats.PREFIXES,
    "schema": "https://schema.org/",
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
}

# what the parser says, as we say it
_DIAGNOSES = (
    ("Prefix not found", None),  # handled with the prefix's name
    ("IRI parsing failed", "this is not a valid IRI"),
    (
        "The SELECT contains a variable that is unbound",
        "a variable of the SELECT is neither grouped (GROUP BY) nor aggregated (COUNT, SAMPLE …)",
    ),
)


def explain(text: str, message: str, *, what: str = "query", index_of: int | None = None) -> str:
    """The readable form of Oxigraph's syntax error ``message`` about ``text``.

    ``index_of``, when the parsed text was not ``text`` itself: where the error is in ``text``
    (the caller maps the parser's position); else the parser's line and column are ``text``'s.
    A message without a position is returned as it is, after the ``malformed`` prefix.
    """
    m = _AT.match(message.strip())
    if m is None:
        return f"malformed SPARQL {what}: {message.strip()}"
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    index = index_of if index_of is not None else offset(text, line, column)
    index = max(0, min(index, len(text)))
    reason, index = _reason(text, detail, index, what)
    line, column = position(text, index)
    source = text.splitlines()[line - 1] if text.splitlines()[line - 1 : line] else ""
    shown = source.replace("\t", " ")
    return (
        f"malformed SPARQL {what} at line {line}, column {column}: {reason}\n"
        f"  {shown}\n  {' ' * (column - 1)}^"
    )


def offset(text: str, line: int, column: int) -> int:
    """The index in ``text`` of a 1-based line and column (columns count characters)."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
    if line > len(starts):
        return len(text)
    return starts[line - 1] + column - 1


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``index`` in ``text``."""
    before = text[:index]
    lines = re.split(r"\r\n|\n|\r", before)
    return len(lines), len(lines[-1]) + 1


def _reason(text: str, detail: str, index: int, what: str) -> tuple[str, int]:
    """A one-line reason, and the index it is about."""
    if "Prefix not found" in detail:
        m = _PNAME_BEFORE.search(text[:index])
        prefix = (m.group(1) or "") if m else ""
        start = m.start() if m else index
        known = KNOWN_PREFIXES.get(prefix)
        namespace = f"<{known}>" if known else "<…>"
        return (
            f'the prefix "{prefix}:" is not declared; add PREFIX {prefix}: {namespace} before the {what}',
            start,
        )
    if "IRI parsing failed" in detail:
        opened = text.rfind("<", 0, index + 1)
        if opened >= 0 and "\n" not in text[opened:index]:
            iri = text[opened : text.find(">", opened) + 1 or len(text)]
            return f"{iri} is not a valid IRI", opened
    for phrase, said in _DIAGNOSES:
        if phrase in detail and said is not None:
            return said, index
    expected = _expected(detail)
    rest = text[index:].lstrip()
    if not rest:
        depth = _brace_depth(text)
        if depth > 0:
            return f'a "}}" is missing: {depth} "{{" not closed', index
        if depth < 0:
            closer = _last_closer(text)
            return 'one "}" too many (no "{" is open here)', closer if closer is not None else index
        if expected:
            return f"the {what} ends where the parser expected {expected}", index
        return f"the {what} ends too early", index
    token = _TOKEN_AT.match(rest)
    found = f'found "{token.group(0) if token else rest[:1]}"'
    if expected:
        return f"expected {expected}; {found}", index + (len(text[index:]) - len(rest))
    return f"unexpected text: {found}", index


def _expected(detail: str) -> str:
    """``one of "{", "}", WHERE`` from the parser's ``expected …`` (character classes dropped)."""
    body = detail.removeprefix("expected").strip()
    one_of = body.startswith("one of ")
    body = _CLASS.sub("", body.removeprefix("one of "))
    items = [item.strip() for item in body.replace("\n", " ").split(", ")]
    items = [i for i in items if i and i not in ("[_]", "_") and not any(p in i for p, _ in _DIAGNOSES)]
    if not items:
        return ""
    shown = ", ".join(items[:MAX_EXPECTED]) + (", …" if len(items) > MAX_EXPECTED else "")
    return f"one of {shown}" if one_of and len(items) > 1 else shown


def _brace_depth(text: str) -> int:
    """``{`` minus ``}`` outside strings, IRIs and comments."""
    depth = 0
    for kind, token, _, _ in _tokens(text):
        if kind == "brace":
            depth += 1 if token == "{" else -1
    return depth


def _last_closer(text: str) -> int | None:
    """Where the first ``}`` that closes nothing is."""
    depth = 0
    for kind, token, start, _ in _tokens(text):
        if kind == "brace":
            depth += 1 if token == "{" else -1
            if depth < 0:
                return start
    return None
