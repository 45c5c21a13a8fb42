"""A SPARQL 1.1 lexer that knows where it is: the tokens of a query or update as Oxigraph reads them.

Everything that can contain a keyword-like word or a bracket without being one is one opaque
token: strings (long ones too), IRIs, comments, variables (``?where``), blank node labels
(``_:where``), language tags (``@where``), prefixed names (``ex:where``, ``where:x``,
``where:``) and numbers, written as the grammar's terminals (SPARQL 1.1 §19.8), so that
``1.SERVICE`` is the number ``1``, a dot and the keyword ``SERVICE``, and a comment ends at a
carriage return as well as at a line feed.

One thing a context-free lexer cannot get right is ``<``: it starts an IRI (``?s <p> ?o``), but
after an operand inside an expression it is the less-than operator, and ``FILTER(?a<?b)#>``
would otherwise read as the IRI ``<?b)#>``, hiding what follows from every check. So the lexer
keeps a stack of what each open bracket is (a group ``{``, an expression ``(``, a list or
collection ``(``, a blank node ``[``, a quoted triple ``<<``) and reads ``<`` as an operator
where an expression has just had an operand.

What the checks need from it: the bare words (keywords, function names) with their offsets and
brace depth (:func:`keywords`), and the deepest nesting of brackets (:attr:`Lexed.depth`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# PN_CHARS_BASE of the grammar, as a character class body
_PN_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_U = _PN_BASE + "_"
_PN = _PN_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_BASE}](?:[{_PN}.]*[{_PN}])?"
_PN_LOCAL = f"(?:[{_PN_U}:0-9]|{_PLX})(?:(?:[{_PN}.:]|{_PLX})*(?:[{_PN}:]|{_PLX}))?"
_EXPONENT = r"[eE][+-]?[0-9]+"

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<string>\"\"\"(?:\"{0,2}(?:[^\"\\]|\\.))*\"\"\""
    r"|'''(?:'{0,2}(?:[^'\\]|\\.))*'''"
    r"|\"(?:[^\"\\\n\r]|\\.)*\""
    r"|'(?:[^'\\\n\r]|\\.)*')"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    rf"|(?P<var>[?$][{_PN_U}0-9][{_PN_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)"
    rf"|(?P<bnode>_:[{_PN_U}0-9](?:[{_PN}.]*[{_PN}])?)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    rf"|(?P<number>[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}"
    r"|[0-9]*\.[0-9]+|[0-9]+)"
    rf"|(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|\|\||&&|!=|<=|>=|<<|>>|[{}()\[\].,;*/|^?+\-!=<>])"
    r"|(?P<other>.)",
    re.DOTALL,
)

OPENERS = {"{": "}", "(": ")", "[": "]", "<<": ">>"}
CLOSERS = {v: k for k, v in OPENERS.items()}

# a "(" outside an expression that starts one after these words (any other word: a function
# call, FILTER, BIND, HAVING, BY, ASC/DESC; "a" and VALUES take a list)
_LIST_AFTER_WORDS = {"A", "VALUES"}
# words that are operands in an expression (after them "<" compares)
_OPERAND_WORDS = {"TRUE", "FALSE", "UNDEF"}
_OPERAND_KINDS = {"var", "string", "number", "iri", "pname", "bnode", "lang"}


@dataclass(frozen=True)
class Token:
    kind: str  # ws, comment, string, iri, var, bnode, lang, number, pname, word, punct, other
    text: str
    start: int
    depth: int  # brackets open before it (an opener is reported at the depth outside it)


@dataclass(frozen=True)
class Lexed:
    tokens: list[Token]  # without whitespace and comments
    depth: int  # the deepest nesting of brackets


def lex(sparql: str) -> Lexed:
    """The significant tokens of ``sparql`` and its deepest bracket nesting."""
    tokens: list[Token] = []
    stack: list[str] = []  # what each open bracket is: group, expr, list, bnode, triple
    deepest = 0
    modifiers = False  # in a projection or GROUP BY/ORDER BY/HAVING: "(" is an expression
    pos, end = 0, len(sparql)
    while pos < end:
        m = _TOKEN.match(sparql, pos)
        assert m is not None  # "other" matches any character
        kind, text = m.lastgroup or "other", m.group()
        if stack and stack[-1] == "expr" and text[0] in "<>" and _after_operand(tokens):
            # after an operand "<" and ">" compare: never an IRI, "<<" or ">>"
            kind, text = "punct", text[0] + ("=" if sparql.startswith("=", pos + 1) else "")
        pos = m.start() + len(text)
        if kind in ("ws", "comment"):
            continue
        if kind == "word":
            word = text.upper()
            if word in ("SELECT", "BY", "HAVING"):
                modifiers = True
            elif word in ("WHERE", "LIMIT", "OFFSET", "VALUES"):
                modifiers = False
        tokens.append(Token(kind, text, m.start(), len(stack)))
        if kind != "punct":
            continue
        if text in OPENERS:
            stack.append(_context(text, stack, tokens, modifiers))
            deepest = max(deepest, len(stack))
            if text == "{":
                modifiers = False
        elif text in CLOSERS and stack:
            stack.pop()
            if text == "}":
                modifiers = False
    return Lexed(tokens, deepest)


def _after_operand(tokens: list[Token]) -> bool:
    """Whether the last token ends an operand, so that a following ``<`` compares."""
    if not tokens:
        return False
    last = tokens[-1]
    if last.kind in _OPERAND_KINDS:
        return True
    if last.kind == "word":
        return last.text.upper() in _OPERAND_WORDS
    return last.kind == "punct" and last.text in (")", "]")


def _context(opener: str, stack: list[str], tokens: list[Token], modifiers: bool) -> str:
    """What the bracket just opened (the last token) is."""
    if opener == "{":
        return "group"
    if opener == "[":
        return "bnode"
    if opener == "<<":
        return "triple"
    # "(": an expression, or a list (a collection, VALUES variables or a row, a path group)
    if stack and stack[-1] == "expr":
        return "expr"
    before = tokens[-2] if len(tokens) >= 2 else None
    if before is not None and before.kind == "word":
        return "list" if before.text.upper() in _LIST_AFTER_WORDS else "expr"
    if modifiers:
        return "expr"
    if before is not None and before.kind in ("iri", "pname") and len(tokens) >= 3:
        # FILTER <f>(…) / FILTER ex:f(…) call a function; ?s ex:p (…) is a collection
        filtered = tokens[-3]
        if filtered.kind == "word" and filtered.text.upper() == "FILTER":
            return "expr"
    return "list"


def keywords(sparql: str) -> Iterator[tuple[str, int, int]]:
    """The bare words (upper-cased) and braces of a query or update, with their offsets and
    brace depth: ``(word, start, depth)``; a brace is reported at the depth outside it."""
    depth = 0
    for token in lex(sparql).tokens:
        if token.kind == "word":
            yield token.text.upper(), token.start, depth
        elif token.text == "{":
            yield "{", token.start, depth
            depth += 1
        elif token.text == "}":
            depth -= 1
            yield "}", token.start, depth
