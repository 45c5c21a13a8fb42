"""German numbers in motorsport text: number words, ordinals, lap times and gaps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kg.facts.prefilter import Prefiltered, may_match, required_strings

CARDINALS: dict[str, int] = {
    "null": 0,
    "ein": 1,
    "eins": 1,
    "eine": 1,
    "einer": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
}
_ORDINAL_STEMS: dict[str, int] = {
    "ers": 1,
    "zwei": 2,
    "drit": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieb": 7,
    "sieben": 7,
    "ach": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzigs": 20,
}
ORDINAL_RE = re.compile(r"(?i)(?:" + "|".join(sorted(_ORDINAL_STEMS, key=len, reverse=True)) + r")te[rnsm]?")
NUMBER_WORD_RE = r"(?:\d{1,3}|" + "|".join(sorted(CARDINALS, key=len, reverse=True)) + ")"


def cardinal(word: str) -> int | None:
    """``"vier"`` → 4, ``"21"`` → 21; None when it is not a number."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    return CARDINALS.get(w)


def ordinal(word: str) -> int | None:
    """``"Dritter"``, ``"fünften"``, ``"siebten"``, ``"8."`` → the number; None otherwise."""
    w = word.strip()
    if re.fullmatch(r"\d{1,3}\.", w):
        return int(w[:-1])
    if not ORDINAL_RE.fullmatch(w):
        return None
    low = w.lower()
    for stem in sorted(_ORDINAL_STEMS, key=len, reverse=True):
        if low.startswith(stem) and re.fullmatch(r"te[rnsm]?", low[len(stem) :]):
            return _ORDINAL_STEMS[stem]
    return None


def position(word: str) -> int | None:
    """A position as written after "Platz"/"Rang"/"P": a digit string, number word or ordinal."""
    return cardinal(word) if cardinal(word) is not None else ordinal(word)


_FRACTIONS = {"zehntel": Decimal("0.1"), "hundertstel": Decimal("0.01"), "tausendstel": Decimal("0.001")}


TimeKind = Literal["lap", "gap", "total", "seconds"]


@dataclass(frozen=True)
class Time:
    """A time written in the text: ``[start, end)``, its value in seconds, and what it is.

    ``kind``: ``lap`` (a lap time, ``1:36.303``), ``gap`` (``+0,342 s``), ``total`` (a race time
    with hours, ``1:27:52,078 Std.``) or ``seconds`` (``34,754 Sekunden``: lap or gap, which
    only the sentence tells).
    """

    start: int
    end: int
    seconds: Decimal
    kind: TimeKind


def _fraction(digits: str) -> Decimal:
    return Decimal(f"0.{digits}")


_UNIT = r"(?:\s*(?:Minuten|Min\.|min\.?|Sekunden|Sek\.|sek\.|s\b|Std\.|Stunden))?"
#: ``h:mm:ss,mmm`` (a race time)
_TOTAL = Prefiltered(re.compile(r"(?<![\d.,:+])(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})(?![\d])" + _UNIT))
#: ``+0,342 s``, ``+06,996``, ``+01:10,049``, ``+ 1.05,815 Min.``
_PLUS_GAP = Prefiltered(re.compile(r"\+\s*(?:(\d{1,2})[:.])?(\d{1,2})[,.](\d{1,4})(?![\d])" + _UNIT))
#: ``1:36.303``, ``1:33,316``, ``1.41,670``, ``1:08.2785``, ``1'38.123`` (a minute mark), ``1:09,6``
#: (tenths, after a colon only); not a date: ``22.07.2023``
_LAP = re.compile(
    r"(?<![\d.,:+'’′])(\d{1,2})(?:(?P<mark>[:'’′])|\.)(\d{2})(?(mark)[,.](\d{1,4})|,(\d{2,4}))(?![\d])"
    + _UNIT
)
#: ``8 Minuten und 23,764 Sekunden``
_MIN_SEC = Prefiltered(
    re.compile(r"(?<![\d.,])(\d{1,2})\s+Minuten?\s+und\s+(\d{1,2})[,.](\d{1,4})\s+Sekunden\b")
)
#: ``34,754 Sekunden``, ``0,116 s``
_SECONDS = re.compile(r"(?<![\d.,:+])(\d{1,3})[,.](\d{1,4})\s*(?:Sekunden|Sek\.|sek\.|s\b)")
#: ``18 Tausendstelsekunden``, ``drei Zehntel``
_FRACTION_GAP = re.compile(
    rf"(?i)\b({NUMBER_WORD_RE}|\d+[,.]\d+)\s+(zehntel|hundertstel|tausendstel)(?:sekunden?)?\b"
)


#: a time has a digit, but for a fraction gap ("drei Zehntel"), which has one of these words
_DIGIT = re.compile(r"\d")
_FRACTION_WORDS = required_strings(_FRACTION_GAP)


def times(text: str) -> list[Time]:
    """Every time in ``text``, left to right, each character in at most one of them."""
    fractions = may_match(_FRACTION_WORDS, text.casefold())
    if _DIGIT.search(text) is None and not fractions:
        return []  # most sentences: the rules ask for the times of every one
    found: list[Time] = []
    taken = bytearray(len(text))

    def add(m: re.Match[str], seconds: Decimal, kind: TimeKind) -> None:
        if taken.find(1, m.start(), m.end()) == -1:
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            found.append(Time(m.start(), m.end(), seconds, kind))

    for m in _TOTAL.finditer(text):
        h, mi, se, frac = m.groups()
        add(m, Decimal(int(h) * 3600 + int(mi) * 60 + int(se)) + _fraction(frac), "total")
    for m in _PLUS_GAP.finditer(text):
        mi, se, frac = m.groups()
        add(m, Decimal(int(mi or 0) * 60 + int(se)) + _fraction(frac), "gap")
    for m in _MIN_SEC.finditer(text):
        mi, se, frac = m.groups()
        add(m, Decimal(int(mi) * 60 + int(se)) + _fraction(frac), "lap")
    for m in _LAP.finditer(text):
        mi, _mark, se, after_mark, after_point = m.groups()
        frac = after_mark or after_point
        if int(se) < 60:
            add(m, Decimal(int(mi) * 60 + int(se)) + _fraction(frac), "lap")
    for m in _SECONDS.finditer(text):
        add(m, Decimal(int(m.group(1))) + _fraction(m.group(2)), "seconds")
    # a case-insensitive search through every number word: only where a fraction word is
    for m in _FRACTION_GAP.finditer(text) if fractions else ():
        raw, unit = m.groups()
        value = Decimal(raw.replace(",", ".")) if re.search(r"[,.]", raw) else Decimal(cardinal(raw) or 0)
        add(m, value * _FRACTIONS[unit.lower()], "gap")
    return sorted(found, key=lambda t: t.start)


def lap_time(text: str) -> Decimal | None:
    """The first lap time of ``text`` (``"2:24,869"``, ``"1.41,670"``, ``"1'38.123"``) in seconds."""
    return next((t.seconds for t in times(text) if t.kind == "lap"), None)


def gap(text: str) -> Decimal | None:
    """The first gap of ``text`` in seconds: ``"drei Hundertstelsekunden"`` → 0.03, ``"+0,3 s"`` →
    0.3, ``"1,6 Sekunden"`` → 1.6."""
    return next((t.seconds for t in times(text) if t.kind in ("gap", "seconds")), None)
