"""German numbers in motorsport text: number words, ordinals, lap times and gaps."""

from __future__ import annotations

import re
from decimal import Decimal

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


LAP_TIME_RE = re.compile(r"(?<![\d.,:])(?:(\d{1,2})[:.])?(\d{1,2})[:.,](\d{2})[,.](\d{1,3})(?![\d])")
SIMPLE_LAP_RE = re.compile(r"(?<![\d.,:])(\d{1,2})[:.](\d{2})[,.](\d{1,3})(?![\d])")


def lap_time(text: str) -> Decimal | None:
    """``"2:24,869"``, ``"1.41,670"``, ``"1:28.320"`` → seconds as ``Decimal`` (144.869)."""
    m = SIMPLE_LAP_RE.search(text)
    if not m:
        return None
    minutes, secs, frac = m.groups()
    return Decimal(int(minutes) * 60 + int(secs)) + Decimal(f"0.{frac}")


_FRACTIONS = {"zehntel": Decimal("0.1"), "hundertstel": Decimal("0.01"), "tausendstel": Decimal("0.001")}
GAP_RE = re.compile(
    rf"(?i)(?:\+\s*(\d+[,.]\d+)\s*(?:s|sek\.?|sekunden)\b"
    rf"|\b({NUMBER_WORD_RE}|\d+[,.]\d+)\s+(zehntel|hundertstel|tausendstel)?(?:sekunden?|s\b)?)"
)


def gap(text: str) -> Decimal | None:
    """``"drei Hundertstelsekunden"`` → 0.03, ``"+0,3 s"`` → 0.3, ``"1,6 Sekunden"`` → 1.6."""
    m = re.search(r"\+\s*(\d+[,.]\d+)\s*(?:s|sek\.?|sekunden)\b", text, re.I)
    if m:
        return Decimal(m.group(1).replace(",", "."))
    m = re.search(
        rf"(?i)\b({NUMBER_WORD_RE}|\d+[,.]\d+)\s+(?:(zehntel|hundertstel|tausendstel)(?:sekunden?)?|sekunden?)\b",
        text,
    )
    if not m:
        return None
    raw, unit = m.group(1), m.group(2)
    value = Decimal(raw.replace(",", ".")) if re.search(r"[,.]", raw) else Decimal(cardinal(raw) or 0)
    return value * _FRACTIONS[unit.lower()] if unit else value
