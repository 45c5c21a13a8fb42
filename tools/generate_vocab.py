"""Generate ``kg/vocab.py`` from ``ontology/motorsport.ttl``.

Usage: ``python tools/generate_vocab.py`` (from the repository root). The output is
deterministic, so ``tests/test_vocab.py`` can check that the committed module is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
TTL_PATH = ROOT / "ontology" / "motorsport.ttl"
OUT_PATH = ROOT / "kg" / "vocab.py"

MS_IRI = "https://w3id.org/mskg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/mskg/ontology"
LINE_LENGTH = 110

HEADER = f'''"""The motorsport-kg vocabulary: terms of the ``ms:`` ontology and shared namespaces.

GENERATED from ontology/motorsport.ttl; do not edit. Regenerate with
``python tools/generate_vocab.py``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class MS(DefinedNamespace):
    """The motorsport ontology, ``{MS_IRI}``."""

    _NS = Namespace("{MS_IRI}")
    _fail = True

'''

FOOTER = f'''

WD = Namespace("http://www.wikidata.org/entity/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ONTOLOGY_IRI = URIRef("{ONTOLOGY_IRI}")
'''


def _english(graph: Graph, term: URIRef, prop: URIRef) -> str:
    """The term's English value of ``prop``, one line, or ``""``."""
    values = sorted(
        str(o) for o in graph.objects(term, prop) if isinstance(o, Literal) and o.language == "en"
    )
    return " ".join(values[0].split()) if values else ""


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _line(graph: Graph, term: URIRef) -> str:
    name = str(term)[len(MS_IRI) :]
    comment = f"{_english(graph, term, RDFS.label)}: {_first_sentence(_english(graph, term, RDFS.comment))}"
    line = f"    {name}: URIRef  # {comment}"
    if len(line) > LINE_LENGTH:  # keep ruff's E501 quiet; the ontology has the full text
        line = line[: LINE_LENGTH - 1].rstrip() + "…"
    return line


def _terms(graph: Graph, *types: URIRef) -> list[URIRef]:
    found = {s for t in types for s in graph.subjects(RDF.type, t)}
    return sorted(t for t in found if isinstance(t, URIRef) and str(t).startswith(MS_IRI))


def render(ttl_path: Path | str = TTL_PATH) -> str:
    """Return the text of ``kg/vocab.py`` for the ontology at ``ttl_path``."""
    graph = Graph().parse(str(ttl_path), format="turtle")
    classes = _terms(graph, OWL.Class)
    properties = _terms(graph, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    lines = ["    # classes"]
    lines += [_line(graph, t) for t in classes]
    lines += ["", "    # properties"]
    lines += [_line(graph, t) for t in properties]
    return HEADER + "\n".join(lines) + "\n" + FOOTER


def main(argv: list[str] | None = None) -> int:
    """Write ``kg/vocab.py``; with ``--check``, only report whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    text = render(TTL_PATH)
    if "--check" in args:
        current = OUT_PATH.exists() and OUT_PATH.read_text(encoding="utf-8") == text
        if not current:
            print(f"{OUT_PATH.relative_to(ROOT)} is out of date: run python tools/generate_vocab.py")
        return 0 if current else 1
    OUT_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {OUT_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
