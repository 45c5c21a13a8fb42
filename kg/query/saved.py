"""Saved queries: ``.rq`` files whose leading ``#`` comment lines carry their metadata.

Header format (every line optional except the title)::

    # title: Pole sitters per series and circuit
    # description: Who started from pole, where and in which series.
    # param: driver  IRI of a driver (optional)

"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[tuple[str, str], ...]
    text: str


def parse_saved_query(name: str, text: str) -> SavedQuery:
    """Parse one saved query's text.

    Raises:
        InputError: the header has no ``# title:`` line.
    """
    title = ""
    description: list[str] = []
    params: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        else:
            pname, _, phelp = value.partition(" ")
            params.append((pname.lstrip("?$"), phelp.strip()))
    if not title:
        raise InputError(f"saved query {name}: no '# title:' line in its header")
    return SavedQuery(name, title, " ".join(description), tuple(params), text)


def load_saved_queries(folder: Path) -> list[SavedQuery]:
    """Every ``*.rq`` file in ``folder`` (not recursive), sorted by name."""
    return [parse_saved_query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]
