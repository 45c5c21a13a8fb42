"""Ingest: find article files, decode them, hand on :class:`Article` values.

Boundary: paths in, ``Article`` dataclasses (text as ``str``) out. Knows nothing of NLP or RDF.
"""

from kg.ingest.reader import Article, ReadFailure, collect_paths, decode, read_article, read_articles

__all__ = ["Article", "ReadFailure", "collect_paths", "decode", "read_article", "read_articles"]
