"""Ingest: find inputs, read them with the reader for their type, hand on :class:`Article` values.

Boundary: paths (files, folders, ``-`` for standard input) in, ``Article`` dataclasses (text as
``str`` and metadata) out, with a ``ReadFailure`` for each input that cannot be used and a
``Notice`` for what a person should know. Decides identities, duplicates and unchanged
articles (:mod:`kg.ingest.identity`) and the article language. Knows nothing of NLP or RDF.
"""

from kg.ingest.decode import Decoded, decode, readable
from kg.ingest.identity import LEGACY, Admitted, Decision, Deferred, Identities, StoredArticle, Unchanged
from kg.ingest.language import Verdict
from kg.ingest.language import detect as detect_language
from kg.ingest.model import Article, Notice, ReadFailure
from kg.ingest.reader import ReadOptions, read_article, read_articles, read_file, read_inputs
from kg.ingest.records import DEFAULT_FIELDS, parse_fields
from kg.ingest.walk import InputFile, walk

__all__ = [
    "DEFAULT_FIELDS",
    "LEGACY",
    "Admitted",
    "Article",
    "Decision",
    "Decoded",
    "Deferred",
    "Identities",
    "InputFile",
    "Notice",
    "ReadFailure",
    "ReadOptions",
    "StoredArticle",
    "Unchanged",
    "Verdict",
    "decode",
    "detect_language",
    "parse_fields",
    "read_article",
    "read_articles",
    "read_file",
    "read_inputs",
    "readable",
    "walk",
]
