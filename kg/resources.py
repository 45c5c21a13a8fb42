"""Where the ontology and the saved queries are, installed or not.

The top-level folders ``ontology/`` and ``queries/`` of the source tree are their source. A
wheel carries copies of them inside the package (``kg/_data/ontology``, ``kg/_data/queries``;
``setup.py`` copies them when it builds), so an installed ``kg`` finds them there; a source
checkout (and an editable install of one) reads the folders themselves.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: where a wheel puts the copies (``setup.py`` writes there)
INSTALLED = "_data"


def data_dir(name: str) -> Path:
    """The folder ``name`` (``ontology`` or ``queries``): the package's copy where it has one,
    else the source tree's. The path is returned whether or not it exists; what reads it names
    it when it is missing."""
    installed = _PACKAGE / INSTALLED / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def ontology_dir() -> Path:
    return data_dir("ontology")


def queries_dir() -> Path:
    return data_dir("queries")
