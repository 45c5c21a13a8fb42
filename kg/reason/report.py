"""The build report on disk: ``build-report.json`` inside the store directory.

Oxigraph's RocksDB only manages files with its own names (``*.sst``, ``MANIFEST-*``, ``LOG``,
…) and leaves other files in its directory alone, so the report lives with the store it
describes and moves with it (``tests/test_reason_report.py`` checks that the store still opens,
read-write and read-only, with the file there).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from kg.errors import StoreError

log = logging.getLogger(__name__)

REPORT_NAME = "build-report.json"


def report_path(store_path: Path | str) -> Path:
    return Path(store_path) / REPORT_NAME


def save_build_report(store_path: Path | str, report: dict[str, Any]) -> Path:
    """Write ``report`` as JSON beside the store's data; returns the file written."""
    path = report_path(store_path)
    tmp = path.with_suffix(".json.tmp")
    try:
        tmp.write_text(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
        tmp.replace(path)
    except OSError as e:
        raise StoreError(f"{path}: cannot write the build report: {e}") from e
    return path


def load_build_report(store_path: Path | str | None) -> dict[str, Any] | None:
    """The report of the last build into the store at ``store_path``; ``None`` if there is none."""
    if store_path is None:
        return None
    path = report_path(store_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        log.warning("%s: cannot read the build report: %s", path, e)
        return None
    return data if isinstance(data, dict) else None
