"""Export: serialise the store to a file or stdout in one of the RDF formats of :mod:`kg.formats`.

Boundary: a :class:`kg.store.Store` in, bytes on disk out. Files are written to a temporary
name and renamed, so a failed export never leaves half a file behind; a new file gets the
permissions the umask gives (as any program's), a replaced one keeps its own.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from kg import formats
from kg.errors import ExportError
from kg.store import Store, export_format

#: what standard output gets when no format is named
DEFAULT_FORMAT = "turtle"


def choose_format(fmt: str | None, output: str | Path) -> formats.RdfFormat:
    """The format to write: ``fmt`` (a name or a suffix: ``turtle``, ``ttl``), else the one
    the output file's suffix says (``out.nq``), else Turtle for standard output.

    Raises:
        ExportError: ``fmt`` is no format, or a file's suffix names none and ``fmt`` is not given.
    """
    if fmt is not None:
        return export_format(fmt)
    if str(output) == "-":
        return export_format(DEFAULT_FORMAT)
    guessed = formats.for_file(str(output), formats.RDF_FORMATS)
    if guessed is None:
        known = ", ".join(f".{s}" for f in formats.RDF_FORMATS for s in f.suffixes)
        raise ExportError(
            f"{output}: cannot tell the format from the file name (known suffixes: {known}); "
            f"name one with --format ({formats.names(formats.RDF_FORMATS)})"
        )
    return guessed


def export(store: Store, fmt: str, output: str | Path) -> None:
    """Write the whole store as ``fmt`` to ``output`` (``"-"`` = standard output).

    Dataset formats (nquads, trig, jsonld) keep one named graph per article; triple formats
    (turtle, ntriples, rdfxml) hold the union of all graphs.

    Raises:
        ExportError: unknown format, or the output cannot be written.
    """
    rdf = export_format(fmt)
    if str(output) == "-":
        store.export(sys.stdout.buffer, rdf.name)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{path}: folder {folder} does not exist")
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # opened as any new file is (0o666 less the umask), not mkstemp's 0o600
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as out:
            if path.is_file():
                os.fchmod(out.fileno(), path.stat().st_mode & 0o7777)
            store.export(out, rdf.name)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
