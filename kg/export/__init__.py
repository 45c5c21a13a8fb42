"""Export: serialise the store to a file or stdout in one of the RDF formats.

Boundary: a :class:`kg.store.Store` in, bytes on disk out. Files are written to a temporary
name and renamed, so a failed export never leaves half a file behind.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from kg.errors import ExportError
from kg.store import RDF_FORMATS, Store

EXPORT_FORMATS = tuple(RDF_FORMATS)


def export(store: Store, fmt: str, output: str | Path) -> None:
    """Write the whole store as ``fmt`` to ``output`` (``"-"`` = standard output).

    Dataset formats (nquads, trig, jsonld) keep one named graph per article; triple formats
    (turtle, ntriples, rdfxml) hold the union of all graphs.

    Raises:
        ExportError: unknown format, or the output cannot be written.
    """
    if fmt not in RDF_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if str(output) == "-":
        store.export(sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            store.export(out, fmt)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
