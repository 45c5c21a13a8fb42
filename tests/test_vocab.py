"""kg/vocab.py is generated from the ontology and current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.vocab import MS

ROOT = Path(__file__).resolve().parent.parent
TTL_PATH = ROOT / "ontology" / "motorsport.ttl"
MS_IRI = "https://w3id.org/mskg/ontology#"


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_vocab", ROOT / "tools" / "generate_vocab.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ontology_terms() -> list[str]:
    graph = Graph().parse(TTL_PATH, format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {str(s) for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(MS_IRI)}
    return sorted(t[len(MS_IRI) :] for t in terms)


def test_vocab_is_current() -> None:
    generated = _load_generator().render(TTL_PATH)
    committed = (ROOT / "kg" / "vocab.py").read_text(encoding="utf-8")
    assert generated == committed, "kg/vocab.py is stale: run python tools/generate_vocab.py"


@pytest.mark.parametrize("name", _ontology_terms())
def test_vocab_term_resolves(name: str) -> None:
    term = getattr(MS, name)
    assert isinstance(term, URIRef)
    assert term == URIRef(MS_IRI + name)


def test_vocab_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = MS.NoSuchTerm
