"""Literal prefilters (kg.facts.prefilter): the strings a match cannot do without."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.facts.positions import CONSTRUCTIONS
from kg.facts.prefilter import Prefiltered, may_match, required_strings


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"\bPole\b", {"pole"}),  # word boundaries need nothing; case is folded
        (r"[Ss]ieg(?:er)?", {"sieg"}),  # a small class is exact; an optional part is open
        (r"Sieg(?:er|e)\b", {"siege"}),  # alternatives multiply out while few; "sieger" holds "siege"
        (r"Sieg(?:er|t)\b", {"sieger", "siegt"}),
        (r"(?:Bestzeit|Trainingsbestzeit|Zeit)\b", {"zeit"}),  # a string holding another adds nothing
        (r"(?:als|wurde)\s+\d+\.", {"als", "wurde"}),  # the literal run, not the open rest
        (r"(?i)STRASSE", {"strasse"}),
        (r"Straße", {"strasse"}),  # ß folds to ss, on both sides
        (r"(?<![\w-])Platz", {"platz"}),  # a lookbehind requires nothing itself
        (r"^(?=[A-Z]\w*\s+folgten?\b)", {"folgte"}),  # what a positive lookahead sees is in the text
        (r"(?<=,\s)\w+", {","}),  # and what a positive lookbehind sees
        (r"(?P<pre>X)?(?(pre)ab|cd)", {"ab", "cd"}),  # a conditional is one of its two branches
        (r"(?:Rang|P)\s*\d+|Position\s+\d+", {"rang", "p"}),  # "position" holds "p"
        (r"\bStart(?:platz|rang)\s+(?:\w+\s+){0,3}(?:vier|fünf)", {"startplatz", "startrang"}),
        (r"(?:Bestzeit)+", {"bestzeit"}),  # a part repeated at least once is required once
    ],
)
def test_required_strings(pattern: str, required: set[str]) -> None:
    assert required_strings(re.compile(pattern)) == required


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+",  # a category has no literal
        r"(?:Sieg|\w+)er",  # an alternative without a literal ("er" is what is left: one char set)
        r"[^a]+",  # a negation
        r"(?:Pole)?",  # optional: a match can be empty
        r"(?:Pole|)",  # an empty alternative
    ],
)
def test_no_required_string_where_a_match_can_do_without(pattern: str) -> None:
    required = required_strings(re.compile(pattern))
    for text in ("12", "Lauf", "b", "", "Ergebnis"):
        if re.search(pattern, text):
            assert may_match(required, text.casefold()), (pattern, text)


def test_alternative_without_literal_keeps_only_what_all_share() -> None:
    assert required_strings(re.compile(r"(?:Sieg|\w+)er")) == {"er"}
    assert required_strings(re.compile(r"\d+")) is None


def test_may_match() -> None:
    assert may_match(None, "anything")
    assert may_match(frozenset({"pole", "sieg"}), "er holte die pole.")
    assert not may_match(frozenset({"pole", "sieg"}), "er kam ins ziel.")


def _test_sentences() -> list[str]:
    """Every string literal of the facts tests: hundreds of sentences written for them."""
    out: list[str] = []
    for path in sorted(Path(__file__).parent.glob("test_facts_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
                out.append(node.value)
    return out


def test_every_construction_prefilter_keeps_every_match() -> None:
    """A construction's required strings are in every sentence it matches (else find_cues would
    skip a sentence the pattern matches)."""
    sentences = _test_sentences()
    assert len(sentences) > 300
    matched = 0
    for construction in CONSTRUCTIONS:
        for text in sentences:
            if construction.pattern.search(text):
                matched += 1
                assert may_match(construction.required, text.casefold()), (construction.name, text)
    assert matched > 300


def _prefiltered_patterns() -> list[tuple[str, Prefiltered]]:
    """Every module-level prefiltered pattern of the facts stage (and the role patterns)."""
    from kg.facts import affiliations, drivers, numbers, other, results, roles

    found = [
        (f"{module.__name__}.{name}", value)
        for module in (affiliations, drivers, numbers, other, results)
        for name, value in vars(module).items()
        if isinstance(value, Prefiltered)
    ]
    return found + [(f"roles {i}", p) for i, p in enumerate(roles._role_patterns())]


def test_every_prefiltered_pattern_keeps_every_match() -> None:
    """Each prefiltered pattern's required strings are in every test sentence it matches, and it
    finds there what its pattern finds."""
    patterns = _prefiltered_patterns()
    assert len(patterns) > 30
    for text in _test_sentences():
        for name, pattern in patterns:
            if pattern.pattern.search(text):
                assert may_match(pattern.required, text.casefold()), (name, text)
            assert [m.span() for m in pattern.finditer(text)] == [
                m.span() for m in pattern.pattern.finditer(text)
            ], (name, text)


def test_constructions_have_prefilters() -> None:
    """Each position construction has a literal it needs (none runs on every sentence)."""
    assert [c.name for c in CONSTRUCTIONS if c.required is None] == []


def test_prefiltered_pattern_finds_what_the_pattern_finds():
    pattern = Prefiltered(re.compile(r"\b(\d{2,4})\s*PS\b"))
    assert pattern.required == {"ps"}
    assert [m.group(1) for m in pattern.finditer("Der Motor leistet 450 PS und 500 PS.")] == ["450", "500"]
    assert list(pattern.finditer("Der Motor ist stark.")) == []
    assert pattern.search("mit 600 PS") is not None
    assert pattern.search("ohne Angabe") is None
