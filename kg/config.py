"""One settings table: name, default, help. Feeds the CLI, the web app and the docs.

Every setting can be overridden from the environment as ``KG_<NAME>`` (upper case).
Secrets (the update token) are read from the environment only, never from files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

from kg.errors import ConfigError

DEFAULT_RESOURCE_BASE = "https://w3id.org/mskg/resource/"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("resource_base", DEFAULT_RESOURCE_BASE, "Base IRI of minted entity IRIs (must end in '/')."),
    Setting("store", "store", "Directory of the embedded Oxigraph store."),
    Setting("host", "127.0.0.1", "Address the SPARQL endpoint listens on."),
    Setting("port", 8000, "Port the SPARQL endpoint listens on."),
    Setting("workers", 1, "Server worker processes."),
    Setting("threads", 32, "Threads per server worker (requests served at once; most wait on queries)."),
    Setting("query_timeout", 30.0, "Seconds a SPARQL query may run before its process is killed."),
    Setting("max_results", 10000, "Most rows a SELECT, or triples a CONSTRUCT/DESCRIBE, returns."),
    Setting("allow_service", False, "Allow SERVICE calls, to the service_endpoints only."),
    Setting("service_endpoints", "", "Endpoint IRIs SERVICE may call (space-separated), with allow_service."),
    Setting(
        "load_sources", "", "URLs (or prefixes ending in '/') LOAD may read (space-separated); http(s) only."
    ),
    Setting(
        "query_processes", 4, "Query processes per server worker (a query runs in one, killed at its limit)."
    ),
    Setting("query_memory_mb", 1024, "Memory (MiB) one query process may take for its query."),
    Setting("client_concurrency", 4, "Queries one client (address) may have running or waiting at once."),
    Setting(
        "preempt_after", 0.5, "Seconds after which a query counts as long and may yield to waiting ones."
    ),
    Setting("query_max_length", 100000, "Most characters in a query or update."),
    Setting("query_max_depth", 64, "Deepest nesting of brackets ({ }, ( ), [ ]) in a query or update."),
    Setting("max_response_mb", 64, "Most MiB a query result may take, serialised."),
    Setting("max_request_mb", 16, "Most MiB a request body may have (413 beyond)."),
    Setting(
        "public_url", "", "URL the endpoint is reached at, for self-descriptions (empty: http://host:port)."
    ),
    Setting("proxy_hops", 0, "Reverse proxies in front whose X-Forwarded-* headers are trusted."),
    Setting("cors_origin", "*", "Access-Control-Allow-Origin for browsers (empty: no CORS)."),
    Setting("cors_updates", False, "Let browsers of cors_origin send updates (PUT, DELETE, Authorization)."),
    Setting(
        "content_security_policy", "", "Content-Security-Policy of every page (empty: the built-in one)."
    ),
    Setting("link_min_score", 0.7, "Lowest score at which an entity is linked to Wikidata."),
    Setting(
        "link_index",
        "",
        "Local Wikidata index, read on top of the shipped one and grown by `kg link --online "
        "--save-index` (empty: $XDG_DATA_HOME or ~/.local/share, motorsport-kg/wikidata_index.tsv).",
    ),
    Setting("wikidata_api_url", "https://www.wikidata.org/w/api.php", "Wikidata api.php for online linking."),
    Setting("wikidata_user_agent", "", "Wikidata User-Agent, with your contact (empty: built in)."),
    Setting("wikidata_cache", "", "Wikidata answer cache (empty: ~/.cache/motorsport-kg/wikidata)."),
    Setting("wikidata_timeout", 10.0, "Seconds to wait for a Wikidata answer."),
    Setting(
        "statistical_ner",
        True,
        "Run the trained NER on sentences the rules leave unexplained, for unknown person names.",
    ),
    Setting(
        "max_article_chars",
        100_000,
        "Longest article built, in characters; longer ones are reported and skipped (at most 1,000,000).",
    ),
    Setting("check_language", True, "Skip (and report) articles that are confidently not German."),
    Setting("record_fields", "", "JSON record field names, e.g. 'text=content,url=meta.link|link'."),
)

#: spaCy refuses longer texts (its E088); the article limit cannot go beyond it
MAX_ARTICLE_CHARS_LIMIT = 1_000_000

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, then ``KG_*`` environment variables, then explicit overrides."""

    resource_base: str = DEFAULT_RESOURCE_BASE
    store: str = "store"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    threads: int = 32
    query_timeout: float = 30.0
    max_results: int = 10000
    allow_service: bool = False
    service_endpoints: str = ""
    load_sources: str = ""
    query_processes: int = 4
    query_memory_mb: int = 1024
    client_concurrency: int = 4
    preempt_after: float = 0.5
    query_max_length: int = 100000
    query_max_depth: int = 64
    max_response_mb: int = 64
    max_request_mb: int = 16
    public_url: str = ""
    proxy_hops: int = 0
    cors_origin: str = "*"
    cors_updates: bool = False
    content_security_policy: str = ""
    link_min_score: float = 0.7
    link_index: str = ""
    wikidata_api_url: str = "https://www.wikidata.org/w/api.php"
    wikidata_user_agent: str = ""
    wikidata_cache: str = ""
    wikidata_timeout: float = 10.0
    statistical_ner: bool = True
    max_article_chars: int = 100_000
    check_language: bool = True
    record_fields: str = ""
    update_token: str | None = field(default=None, repr=False)

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Resolve settings from defaults, the environment and ``overrides`` (``None`` = unset)."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = f"KG_{f.name.upper()}"
            if key in env:
                values[f.name] = _coerce(f.name, env[key])
        for name, value in overrides.items():
            if name not in {f.name for f in fields(cls)}:
                raise ConfigError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _coerce(name, value)
        settings = cls(**values)
        if not settings.resource_base.endswith("/"):
            raise ConfigError(f"resource_base must end in '/': {settings.resource_base!r}")
        if not 1 <= settings.max_article_chars <= MAX_ARTICLE_CHARS_LIMIT:
            raise ConfigError(
                f"max_article_chars must be from 1 to {MAX_ARTICLE_CHARS_LIMIT:,} (spaCy reads no longer "
                f"text): {settings.max_article_chars!r}"
            )
        if settings.allow_service and not settings.service_endpoints.split():
            raise ConfigError("allow_service needs service_endpoints: the endpoint IRIs SERVICE may call")
        if settings.public_url and not settings.public_url.startswith(("http://", "https://")):
            raise ConfigError(f"public_url must be an http(s) URL: {settings.public_url!r}")
        return settings

    @property
    def base_url(self) -> str:
        """The URL the endpoint is reached at, without a trailing slash: ``public_url``, or the
        address it listens on. Never taken from a request (its Host header is the client's)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default if name in _BY_NAME else None
    if not isinstance(value, str) or default is None or isinstance(default, str):
        return value
    try:
        if isinstance(default, bool):
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return type(default)(value)
    except ValueError as e:
        raise ConfigError(f"setting {name}: cannot read {value!r} as {type(default).__name__}") from e
