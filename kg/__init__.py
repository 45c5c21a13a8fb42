"""motorsport-kg: German motorsport news in, a queryable motorsport knowledge graph out.

Stages, imported one way only: ingest → nlp → facts → rdf → store → {query, export, web}.
Only :mod:`kg.pipeline` and :mod:`kg.cli` chain stages.
"""

__version__ = "0.1.0"
