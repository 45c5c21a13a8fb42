"""Query: run SPARQL against the store, format results, and read saved queries.

Boundary: SPARQL text in, formatted results out. Saved queries are ``queries/*.rq`` files
with a header comment (title, description, parameters); parameters are bound as SPARQL
bindings (``substitutions``), never by string formatting.
"""

from kg.query.results import RESULT_FORMATS, format_result, result_rows
from kg.query.saved import SavedQuery, load_saved_queries, parse_saved_query

__all__ = [
    "RESULT_FORMATS",
    "SavedQuery",
    "format_result",
    "load_saved_queries",
    "parse_saved_query",
    "result_rows",
]
