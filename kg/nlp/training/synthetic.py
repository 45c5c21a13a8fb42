"""Synthetic motorsport sentences, labelled by construction (an optional training source).

Templates (``data/templates.txt``, written by the project) are filled with names, each slot
with its label: drivers (``DRIVER``) and other persons (``PERSON``, by the template's role
word) from F1DB's drivers; teams (``TEAM``) from F1DB's constructors, the recogniser's
``teams.tsv`` and ``entrants.tsv``, and surnames with a team word (``Kessel Racing``); makers
(``MANUFACTURER``) from ``brands.tsv``; circuits (``CIRCUIT``) from F1DB and ``circuits.tsv``;
series (``SERIES``) from ``series.tsv`` and ``data/names.tsv``; car models (``CAR_MODEL``) from
``data/names.tsv``. Places and countries are no entity (``O``), as in the dev set's gold. F1DB
is CC BY 4.0 ("F1DB"); the rest is written by the project. Deterministic for a given seed. The
model card states how many were used.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from kg.nlp.lexicon import DATA_DIR as LEXICON_DIR
from kg.nlp.lexicon import read_tsv
from kg.nlp.training.corpus import Sentence

DATA = Path(__file__).with_name("data")
_SLOT = re.compile(r"\{([A-Z]+)\}")
#: slot → label (``None``: the name is filled in but is no entity)
_LABEL: dict[str, str | None] = {
    "PER": "DRIVER",
    "SUR": "DRIVER",
    "BOSS": "PERSON",
    "TEAM": "TEAM",
    "MAKER": "MANUFACTURER",
    "CAR": "CAR_MODEL",
    "SERIES": "SERIES",
    "LOC": "CIRCUIT",
    "CITY": None,
    "COUNTRY": None,
}


def _names(data_dir: Path, lexicon_dir: Path = LEXICON_DIR) -> dict[str, list[str]]:
    f1db = data_dir / "f1db"
    drivers = read_tsv(f1db / "drivers.tsv")
    circuits = read_tsv(f1db / "circuits.tsv")
    extra: dict[str, list[str]] = {}
    for row in read_tsv(DATA / "names.tsv"):
        extra.setdefault(row["slot"], []).append(row["name"])
    surnames = sorted({d["lastName"] for d in drivers if d["lastName"]})
    lexicon = {
        name: read_tsv(lexicon_dir / f"{name}.tsv") if (lexicon_dir / f"{name}.tsv").is_file() else []
        for name in ("teams", "entrants", "brands", "circuits", "series")
    }
    # a team named after a person: every 7th surname with a team word ("Kessel Racing")
    team_words = extra.get("TEAMWORD", ["Racing"])
    composed = [f"{s} {team_words[i % len(team_words)]}" for i, s in enumerate(surnames[::7])]
    composed += [f"Team {s}" for s in surnames[3::29]]
    names: dict[str, list[str]] = {
        "PER": sorted({d["name"] for d in drivers if d["name"]}),
        "SUR": surnames,
        "BOSS": sorted({d["name"] for d in drivers if d["name"]}),  # the template gives the role
        "TEAM": sorted(
            {c["name"] for c in read_tsv(f1db / "constructors.tsv") if c["name"]}
            | {r["name"] for r in lexicon["teams"] + lexicon["entrants"]}
            | set(composed)
        ),
        "MAKER": sorted({r["name"] for r in lexicon["brands"]}),
        "LOC": sorted(
            {c["fullName"] for c in circuits if c["fullName"]} | {r["name"] for r in lexicon["circuits"]}
        ),
        "SERIES": sorted({r["name"] for r in lexicon["series"]} | set(extra.get("SERIES", []))),
        "CAR": sorted(extra.get("CAR", [])),
        "CITY": sorted({d["placeOfBirth"] for d in drivers if d["placeOfBirth"]}),
        "COUNTRY": sorted(extra.get("COUNTRY", [])),
    }
    return {slot: values for slot, values in names.items() if values}


def _filler(slot: str, rng: random.Random) -> str:
    if slot == "NUM":
        return str(rng.randint(2, 30))
    if slot == "AGE":
        return str(rng.randint(18, 45))
    return f"{rng.randint(1, 2)}:{rng.randint(0, 59):02d},{rng.randint(0, 999):03d}"  # TIME


def synthetic_sentences(
    data_dir: Path, n: int, *, seed: int = 0, lexicon_dir: Path = LEXICON_DIR
) -> list[Sentence]:
    """``n`` template sentences filled with names of F1DB (in ``data_dir``), of the gazetteers
    (in ``lexicon_dir``) and of ``data/names.tsv``, tokenised on white space."""
    templates = [
        line for line in (DATA / "templates.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    names = _names(data_dir, lexicon_dir)
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
            value = _split(rng.choice(names[m.group(1)]))
            label = _LABEL[m.group(1)]
            if label is not None:
                spans.append((len(words), len(words) + len(value), label))
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
