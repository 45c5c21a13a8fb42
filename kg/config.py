"""One settings table: the :class:`Settings` dataclass, one row per setting (name, type,
default, help). It feeds the CLI (``kg --help``, the flags of ``kg serve``), the web app and
the docs; :data:`SETTINGS` lists the rows.

Every setting can be overridden from the environment as ``KG_<NAME>`` (upper case), and then
by the command line. Secrets (the update token) are read from the environment only: never
from a file, never from a command-line flag (which ``ps`` shows to every user), never from an
override in code (:meth:`Settings.load` refuses them).
"""

from __future__ import annotations

import os
import typing
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

from kg.errors import ConfigError

DEFAULT_RESOURCE_BASE = "https://w3id.org/mskg/resource/"

#: spaCy refuses longer texts (its E088); the article limit cannot go beyond it
MAX_ARTICLE_CHARS_LIMIT = 1_000_000

T = TypeVar("T")


def setting(default: T, help: str, *, secret: bool = False) -> T:
    """One row of the table: the field's default and its help (and whether it is a secret)."""
    made: T = field(default=default, repr=not secret, metadata={"help": help, "secret": secret})
    return made


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, then ``KG_*`` environment variables, then explicit overrides."""

    resource_base: str = setting(DEFAULT_RESOURCE_BASE, "Base IRI of minted entity IRIs (must end in '/').")
    store: str = setting("store", "Directory of the embedded Oxigraph store.")
    host: str = setting("127.0.0.1", "Address the SPARQL endpoint listens on.")
    port: int = setting(8000, "Port the SPARQL endpoint listens on.")
    workers: int = setting(1, "Server worker processes.")
    threads: int = setting(32, "Threads per server worker (requests served at once; most wait on queries).")
    query_timeout: float = setting(30.0, "Seconds a SPARQL query may run before its process is killed.")
    max_results: int = setting(10000, "Most rows a SELECT, or triples a CONSTRUCT/DESCRIBE, returns.")
    allow_service: bool = setting(False, "Allow SERVICE calls, to the service_endpoints only.")
    service_endpoints: str = setting(
        "", "Endpoint IRIs SERVICE may call (space-separated), with allow_service."
    )
    load_sources: str = setting(
        "", "URLs (or prefixes ending in '/') LOAD may read (space-separated); http(s) only."
    )
    query_processes: int = setting(
        4, "Query processes per server worker (a query runs in one, killed at its limit)."
    )
    query_memory_mb: int = setting(1024, "Memory (MiB) one query process may take for its query.")
    client_concurrency: int = setting(4, "Queries one client (address) may have running or waiting at once.")
    preempt_after: float = setting(
        0.5, "Seconds after which a query counts as long and may yield to waiting ones."
    )
    query_max_length: int = setting(100000, "Most characters in a query or update.")
    query_max_depth: int = setting(64, "Deepest nesting of brackets ({ }, ( ), [ ]) in a query or update.")
    max_response_mb: int = setting(64, "Most MiB a query result may take, serialised.")
    max_request_mb: int = setting(16, "Most MiB a request body may have (413 beyond).")
    public_url: str = setting(
        "", "URL the endpoint is reached at, for self-descriptions (empty: http://host:port)."
    )
    proxy_hops: int = setting(0, "Reverse proxies in front whose X-Forwarded-* headers are trusted.")
    cors_origin: str = setting("*", "Access-Control-Allow-Origin for browsers (empty: no CORS).")
    cors_updates: bool = setting(
        False, "Let browsers of cors_origin send updates (PUT, DELETE, Authorization)."
    )
    content_security_policy: str = setting(
        "", "Content-Security-Policy of every page (empty: the built-in one)."
    )
    link_min_score: float = setting(0.7, "Lowest score at which an entity is linked to Wikidata.")
    link_index: str = setting(
        "",
        "Local Wikidata index, read on top of the shipped one and grown by `kg link --online "
        "--save-index` (empty: $XDG_DATA_HOME or ~/.local/share, motorsport-kg/wikidata_index.tsv).",
    )
    wikidata_api_url: str = setting(
        "https://www.wikidata.org/w/api.php", "Wikidata api.php for online linking."
    )
    wikidata_user_agent: str = setting("", "Wikidata User-Agent, with your contact (empty: built in).")
    wikidata_cache: str = setting("", "Wikidata answer cache (empty: ~/.cache/motorsport-kg/wikidata).")
    wikidata_timeout: float = setting(10.0, "Seconds to wait for a Wikidata answer.")
    statistical_ner: bool = setting(
        True, "Run the trained NER on sentences the rules leave unexplained: unknown persons, cars, circuits."
    )
    max_article_chars: int = setting(
        100_000,
        "Longest article built, in characters; longer ones are reported and skipped (at most 1,000,000).",
    )
    check_language: bool = setting(True, "Skip (and report) articles that are confidently not German.")
    record_fields: str = setting("", "JSON record field names, e.g. 'text=content,url=meta.link|link'.")
    update_token: str | None = setting(
        None, "Bearer token that enables SPARQL update and Graph Store writes (a secret).", secret=True
    )

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Resolve settings from defaults, the environment and ``overrides`` (``None`` = unset).

        Raises:
            ConfigError: an unknown setting, a value that cannot be read as its type or is
                out of range, or a secret given as an override.
        """
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        for s in SETTINGS:
            if s.env in env:
                values[s.name] = s.coerce(env[s.env])
        for name, value in overrides.items():
            row = _BY_NAME.get(name)
            if row is None:
                raise ConfigError(f"unknown setting {name!r}")
            if row.secret:
                raise ConfigError(f"{name} is a secret: it is read from the environment ({row.env}) only")
            if value is not None:
                values[name] = row.coerce(value)
        settings = cls(**values)
        settings._check()
        return settings

    def _check(self) -> None:
        if not self.resource_base.endswith("/"):
            raise ConfigError(f"resource_base must end in '/': {self.resource_base!r}")
        import pyoxigraph  # the rule of kg.rdf.iri.IriMinter, as a setting's error

        try:  # an absolute IRI without a fragment (minted text spans add "#char=…")
            pyoxigraph.NamedNode(f"{self.resource_base}text/x#char=0,5")
        except ValueError:
            raise ConfigError(
                f"resource_base must be an absolute IRI without a fragment: {self.resource_base!r}"
            ) from None
        if not 1 <= self.max_article_chars <= MAX_ARTICLE_CHARS_LIMIT:
            raise ConfigError(
                f"max_article_chars must be from 1 to {MAX_ARTICLE_CHARS_LIMIT:,} (spaCy reads no longer "
                f"text): {self.max_article_chars!r}"
            )
        if self.allow_service and not self.service_endpoints.split():
            raise ConfigError("allow_service needs service_endpoints: the endpoint IRIs SERVICE may call")
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise ConfigError(f"public_url must be an http(s) URL: {self.public_url!r}")

    @property
    def base_url(self) -> str:
        """The URL the endpoint is reached at, without a trailing slash: ``public_url``, or the
        address it listens on. Never taken from a request (its Host header is the client's)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


@dataclass(frozen=True)
class Setting:
    """A row of the table, as the CLI and the docs read it."""

    name: str
    type: type
    default: Any
    help: str
    secret: bool = False

    @property
    def env(self) -> str:
        """The environment variable that overrides it."""
        return f"KG_{self.name.upper()}"

    @property
    def flag(self) -> str:
        """Its command-line flag (``--public-url``)."""
        return "--" + self.name.replace("_", "-")

    def coerce(self, value: Any) -> Any:
        """``value`` as this setting's type; a string (from the environment or a flag) is read."""
        if not isinstance(value, str) or self.type is str:
            return value
        try:
            if self.type is bool:
                if value.lower() in {"1", "true", "yes", "on"}:
                    return True
                if value.lower() in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return self.type(value)
        except ValueError as e:
            raise ConfigError(f"setting {self.name}: cannot read {value!r} as {self.type.__name__}") from e


def _rows() -> tuple[Setting, ...]:
    hints = typing.get_type_hints(Settings)
    rows = []
    for f in fields(Settings):
        kind = hints[f.name]
        if typing.get_origin(kind) in (typing.Union, type(int | None)):  # ``str | None``: a str
            kind = next(a for a in typing.get_args(kind) if a is not type(None))
        assert f.default is not MISSING, f"setting {f.name} has no default"
        rows.append(Setting(f.name, kind, f.default, f.metadata["help"], f.metadata["secret"]))
    return tuple(rows)


#: every setting, in the order of the table
SETTINGS: tuple[Setting, ...] = _rows()
_BY_NAME = {s.name: s for s in SETTINGS}


def setting_row(name: str) -> Setting:
    """The row of the setting called ``name``."""
    return _BY_NAME[name]
