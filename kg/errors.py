"""One exception hierarchy for the whole package; the CLI and the web layer translate it."""


class KGError(Exception):
    """Base class of every error motorsport-kg raises on purpose."""


class InputError(KGError):
    """An input (article file, path, argument) cannot be used; the message names it."""


class StoreError(KGError):
    """The RDF store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query or update is malformed or cannot be evaluated (the user's fault)."""


class QueryTimeout(QueryError):
    """A query ran past the configured time limit."""


class ExportError(KGError):
    """An export format or target cannot be used."""


class ConfigError(KGError):
    """A setting has a value that cannot be used."""
