"""Rule and check files: SPARQL ``.rq`` files whose leading ``#`` lines carry a title and a
description (``# title: …`` / ``# description: …``, continued on indented ``#`` lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.resources import ontology_dir

#: the ontology folder (installed with the package, or the checkout's): motorsport.ttl,
#: shapes.ttl, rules/, checks/
ONTOLOGY_DIR = ontology_dir()
ONTOLOGY_FILE = ONTOLOGY_DIR / "motorsport.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
RULES_DIR = ONTOLOGY_DIR / "rules"
CHECKS_DIR = ONTOLOGY_DIR / "checks"

_HEADER = re.compile(r"^#\s*(title|description):\s*(.*)$")


@dataclass(frozen=True)
class RuleFile:
    """A SPARQL rule (CONSTRUCT) or check (SELECT) read from a file."""

    name: str
    title: str
    description: str
    sparql: str


def parse_rule(name: str, text: str) -> RuleFile:
    """Read the header of a rule or check; raises :class:`InputError` if it has no title."""
    meta: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            key = m.group(1)
            meta[key] = m.group(2).strip()
        elif key and line[1:].startswith((" ", "\t")) and line[1:].strip():
            meta[key] += " " + line[1:].strip()
    if "title" not in meta:
        raise InputError(f"{name}: a rule file needs a '# title:' header line")
    return RuleFile(name, meta["title"], meta.get("description", ""), text)


def load_rule_files(folder: Path) -> list[RuleFile]:
    """Every ``*.rq`` file of ``folder``, sorted by name."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such rule folder")
    return [parse_rule(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]
