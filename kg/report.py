"""The report of a build: the figures ``kg build`` prints at its end, kept as
``build-report.json`` in the store directory for ``kg stats`` and ``/about``.

:mod:`kg.pipeline` makes it (:func:`kg.pipeline.finish_build`) and owns its fields; the command
line and the web pages only read it, through this module, which imports nothing of the
stages (no NLP, no reasoning). Oxigraph's RocksDB only manages files with its own names
(``*.sst``, ``MANIFEST-*``, ``LOG``, …) and leaves other files in its directory alone, so the
report lives with the store it describes and moves with it
(``tests/test_validate.py::test_validate_build_report_round_trip_beside_the_store`` checks that
the store still opens, read-write and read-only, with the file there).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import StoreError

log = logging.getLogger(__name__)

REPORT_NAME = "build-report.json"


@dataclass(frozen=True)
class Skipped:
    """An input the build did not build, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Note:
    """What a person should know about an input that was built."""

    source: str
    message: str


@dataclass(frozen=True)
class BuildSummary:
    """The figures of one build (what it did) and of the store after it (what it holds).

    Times are in seconds; ``load_seconds`` is the part of ``seconds`` spent loading the NLP
    pipeline, which ``words_per_second`` leaves out. ``None`` for reasoning and validation
    figures means the step did not run.
    """

    finished: str = ""
    store: str | None = None
    articles_read: int = 0
    articles_built: int = 0
    articles_unchanged: int = 0
    articles_pruned: int = 0
    skipped: tuple[Skipped, ...] = ()
    notices: tuple[Note, ...] = ()
    articles_in_store: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    results: int = 0
    facts: int = 0
    links: int = 0
    triples: int = 0  # in the store (the union of its graphs: each triple once)
    triples_written: int = 0  # into the article graphs this build wrote
    inferred_triples: int | None = None
    inferred_by_rule: dict[str, int] | None = None
    violations: int | None = None
    violations_by_shape: dict[str, int] | None = None
    words: int = 0
    seconds: float = 0.0
    load_seconds: float = 0.0
    words_per_second: float = 0.0
    reason_seconds: float | None = None
    validate_seconds: float | None = None
    reason_ms_per_article: float | None = None
    validate_ms_per_article: float | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BuildSummary:
        """A summary from its JSON; what an older report lacks gets its default.

        Raises:
            ValueError: a field holds a value of the wrong kind.
        """
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name == "skipped":
                value = tuple(Skipped(str(s["source"]), str(s["reason"])) for s in _list(value, f.name))
            elif f.name == "notices":
                value = tuple(Note(str(n["source"]), str(n["message"])) for n in _list(value, f.name))
            elif not _fits(value, f.default if f.default is not dataclasses.MISSING else {}):
                raise ValueError(f"{f.name}: {value!r} is no {type(f.default).__name__}")
            values[f.name] = value
        return cls(**values)


def _list(value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{name}: expected a list of objects")
    return value


def _fits(value: Any, default: Any) -> bool:
    """Whether a JSON value can stand where ``default`` stands (``None`` defaults take numbers,
    strings or objects: each such field is one of those or ``None``)."""
    if value is None or default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def report_path(store_path: Path | str) -> Path:
    return Path(store_path) / REPORT_NAME


def save_build_report(store_path: Path | str, summary: BuildSummary) -> Path:
    """Write ``summary`` as JSON beside the store's data; returns the file written."""
    path = report_path(store_path)
    tmp = path.with_suffix(".json.tmp")
    text = json.dumps(summary.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        tmp.write_text(text, "utf-8")
        tmp.replace(path)
    except OSError as e:
        raise StoreError(f"{path}: cannot write the build report: {e}") from e
    return path


def load_build_report(store_path: Path | str | None) -> BuildSummary | None:
    """The report of the last build into the store at ``store_path``; ``None`` if there is
    none or it cannot be read (a warning says why)."""
    if store_path is None:
        return None
    path = report_path(store_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return BuildSummary.from_json(data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as e:
        log.warning("%s: cannot read the build report: %s", path, e)
        return None
