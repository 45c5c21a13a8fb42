"""Synthetic motorsport sentences, labelled by construction (an optional training source).

Templates (``data/templates.txt``, written by the project) are filled with names from F1DB
(drivers → ``PER``, constructors → ``ORG``, circuits and places → ``LOC``; CC BY 4.0,
"F1DB") and ``data/names.tsv`` (series and car models → ``MISC``, countries → ``LOC``).
Deterministic for a given seed. The model card states how many were used.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from kg.nlp.lexicon import read_tsv
from kg.nlp.training.corpus import Sentence

DATA = Path(__file__).with_name("data")
_SLOT = re.compile(r"\{([A-Z]+)\}")
_LABEL = {
    "PER": "PER",
    "SUR": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "CITY": "LOC",
    "COUNTRY": "LOC",
    "MISC": "MISC",
}


def _names(data_dir: Path) -> dict[str, list[str]]:
    f1db = data_dir / "f1db"
    drivers = read_tsv(f1db / "drivers.tsv")
    circuits = read_tsv(f1db / "circuits.tsv")
    names: dict[str, list[str]] = {
        "PER": sorted({d["name"] for d in drivers if d["name"]}),
        "SUR": sorted({d["lastName"] for d in drivers if d["lastName"]}),
        "ORG": sorted({c["name"] for c in read_tsv(f1db / "constructors.tsv") if c["name"]}),
        "LOC": sorted({c["fullName"] for c in circuits if c["fullName"]}),
        "CITY": sorted({d["placeOfBirth"] for d in drivers if d["placeOfBirth"]}),
    }
    for row in read_tsv(DATA / "names.tsv"):
        names.setdefault(row["slot"], []).append(row["name"])
    return names


def _filler(slot: str, rng: random.Random) -> str:
    if slot == "NUM":
        return str(rng.randint(2, 30))
    if slot == "AGE":
        return str(rng.randint(18, 45))
    return f"{rng.randint(1, 2)}:{rng.randint(0, 59):02d},{rng.randint(0, 999):03d}"  # TIME


def synthetic_sentences(data_dir: Path, n: int, *, seed: int = 0) -> list[Sentence]:
    """``n`` template sentences filled with F1DB names, tokenised on white space."""
    templates = [
        line for line in (DATA / "templates.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    names = _names(data_dir)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        template = _SLOT.sub(
            lambda m: m.group(0) if m.group(1) in _LABEL else _filler(m.group(1), rng),
            templates[i % len(templates)],
        )
        words: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for m in _SLOT.finditer(template):
            words += _split(template[pos : m.start()])
            value = rng.choice(names[m.group(1)]).split()
            spans.append((len(words), len(words) + len(value), _LABEL[m.group(1)]))
            words += value
            pos = m.end()
        words += _split(template[pos:])
        out.append(Sentence(tuple(words), tuple(spans)))
    return out


def _split(text: str) -> list[str]:
    """White-space tokens, with punctuation at either end split off (the project tokenizer
    re-tokenises anyway; this only keeps span boundaries on token boundaries)."""
    words = []
    for chunk in text.split():
        lead = re.match(r'^["(„]*', chunk).group(0)  # type: ignore[union-attr]
        trail = re.search(r'[.,;:!?")“]*$', chunk).group(0)  # type: ignore[union-attr]
        core = chunk[len(lead) : len(chunk) - len(trail)] if trail else chunk[len(lead) :]
        words += list(lead) + ([core] if core else []) + list(trail)
    return words
