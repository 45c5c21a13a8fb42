"""One exception hierarchy for the whole package; the CLI and the web layer translate it."""


class KGError(Exception):
    """Base class of every error motorsport-kg raises on purpose."""


class InputError(KGError):
    """An input (article file, path, argument) cannot be used; the message names it."""


class StoreError(KGError):
    """The RDF store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query or update is malformed or cannot be evaluated (the user's fault)."""


class QueryStopped(QueryError):
    """A query was stopped by a limit (time, memory, result size) or to make room for others.

    ``retry_after`` (seconds) is set where sending the same query again later may succeed.
    """

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[type, tuple[str, int | None]]:  # crosses process pipes
        return (type(self), (str(self), self.retry_after))


class QueryTimeout(QueryStopped):
    """A query ran past the configured time limit."""


class ClientBusy(QueryError):
    """A client has as many queries running as it may; it should wait for one to finish."""


class ServiceFailed(KGError):
    """A remote endpoint that a query calls (SERVICE) or an update loads from failed."""


class ExportError(KGError):
    """An export format or target cannot be used."""


class ConfigError(KGError):
    """A setting has a value that cannot be used."""
