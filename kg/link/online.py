"""Online linking through the Wikidata Action API (only with ``kg link --online``).

:class:`WikidataClient` follows Wikimedia's rules for API clients: a descriptive User-Agent
with contact information, one request at a time, a timeout, ``Retry-After`` honoured on 429
and 503 (a bounded number of times), and a local JSON cache so that a second run makes no
requests. It uses only the standard library (``urllib``).

:func:`link_online` searches candidates with ``wbsearchentities`` (German, then English),
fetches them with ``wbgetentities`` (at most 50 ids a request), type-checks them against the
class QIDs of ``shared/data/wikidata/motorsport_classes.tsv`` and ranks them by evidence from
the graph. The score (0..1) is documented in ``kg/link/README.md``. :func:`grown_rows` turns
what was linked online into rows of a local index (``kg link --online --save-index``), so that
the next build links the same names offline.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg import __version__
from kg.config import Settings
from kg.errors import KGError
from kg.link.index import IndexRow, normalise
from kg.link.model import METHOD_ONLINE, Entity, Link, Unlinked

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = (
    f"motorsport-kg/{__version__} (https://w3id.org/mskg; set your contact with --user-agent) "
    f"Python-urllib/{getattr(urllib.request, '__version__', '3')}"
)
MAX_IDS = 50  # wbgetentities takes at most 50 ids a request (500 for high-limit clients)
SEARCH_LIMIT = 7  # the API's default

# kind -> accepted P31 classes (or P106 occupations for drivers), all from motorsport_classes.tsv
TYPE_CLASSES: dict[str, frozenset[str]] = {
    "team": frozenset({"Q20074337", "Q10497835", "Q15648574"}),
    "manufacturer": frozenset({"Q786820", "Q10429667", "Q112865922"}),
    "car_model": frozenset({"Q3231690", "Q90834785", "Q59773381", "Q29048322"}),
    "series": frozenset({"Q60147807"}),
    "circuit": frozenset({"Q1777138", "Q2338524"}),
}
HUMAN = "Q5"
DRIVER_OCCUPATIONS = frozenset({"Q378622", "Q10349745", "Q10841764", "Q10842936"})
AUTO_RACING = frozenset({"Q5386", "Q1968"})  # P641 sport: auto racing, Formula One
ONLINE_KINDS = frozenset({"driver", *TYPE_CLASSES})  # countries are linked offline only

# score parts (see README.md): name + type + evidence; a wrong type halves the sum
NAME_LABEL, NAME_ALIAS, NAME_OTHER = 0.6, 0.5, 0.3
TYPE_OK = 0.2
EVIDENCE = 0.1
CONTRADICTION = -0.3
WRONG_TYPE_FACTOR = 0.5
AMBIGUITY_MARGIN = 0.1


class WikidataError(KGError):
    """The Wikidata API answered with an error, a malformed answer, or not in time."""


class WikidataUnreachable(WikidataError):
    """The Wikidata API cannot be reached (no network, wrong URL, closed port)."""


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class WikidataClient:
    """A polite, caching client of the Wikidata Action API.

    Args:
        api_url: the ``api.php`` endpoint (setting ``wikidata_api_url``; tests point it to a
            local server).
        user_agent: a descriptive User-Agent with contact information.
        cache_dir: where answers are kept as JSON files; ``None`` = no cache.
        timeout: seconds to wait for an answer.
        max_retries: how often a 429/503 answer is retried after its ``Retry-After``.
        max_wait: the longest ``Retry-After`` obeyed (longer ones are waited this long).
        dry_run: record the requests that would be made, make none.
        sleep: the function that waits (tests replace it).
    """

    def __init__(
        self,
        api_url: str,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        cache_dir: Path | str | None = None,
        timeout: float = 10.0,
        max_retries: int = 3,
        max_wait: float = 60.0,
        dry_run: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url
        self.user_agent = user_agent
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.dry_run = dry_run
        self.sleep = sleep
        self.requests: list[str] = []  # URLs requested (or, in a dry run, that would be)

    @classmethod
    def from_settings(cls, settings: Settings, *, dry_run: bool = False) -> WikidataClient:
        """The client the settings describe: ``wikidata_api_url``, ``wikidata_user_agent``
        (else a built-in one), ``wikidata_cache`` (else ``$XDG_CACHE_HOME/motorsport-kg/wikidata``,
        XDG's default ``~/.cache``) and ``wikidata_timeout``."""
        cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return cls(
            settings.wikidata_api_url,
            user_agent=settings.wikidata_user_agent or DEFAULT_USER_AGENT,
            cache_dir=Path(settings.wikidata_cache or cache_home / "motorsport-kg" / "wikidata"),
            timeout=settings.wikidata_timeout,
            dry_run=dry_run,
        )

    # -- API modules ------------------------------------------------------------------------

    def search(self, text: str, language: str, *, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
        """``wbsearchentities``: items whose label or alias in ``language`` matches ``text``."""
        params = {
            "action": "wbsearchentities",
            "search": text,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(limit),
        }
        hits = self._get(params).get("search", [])
        if not isinstance(hits, list) or not all(isinstance(h, dict) and "id" in h for h in hits):
            raise WikidataError(f"malformed wbsearchentities answer for {text!r}")
        return hits

    def get_entities(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """``wbgetentities``: labels, aliases, descriptions and claims of items, 50 per request."""
        unique = sorted(set(ids), key=lambda q: int(q[1:]) if q[1:].isdigit() else 0)
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(unique), MAX_IDS):
            params = {
                "action": "wbgetentities",
                "ids": "|".join(unique[i : i + MAX_IDS]),
                "props": "labels|aliases|descriptions|claims",
                "languages": "de|en",
            }
            entities = self._get(params).get("entities", {})
            if not isinstance(entities, dict):
                raise WikidataError("malformed wbgetentities answer: 'entities' is not an object")
            out.update({k: v for k, v in entities.items() if isinstance(v, dict) and "missing" not in v})
        return out

    # -- transport --------------------------------------------------------------------------

    def _cache_path(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(query.encode()).hexdigest()[:32]}.json"

    def _get(self, params: dict[str, str]) -> dict[str, Any]:
        query = urllib.parse.urlencode(sorted({**params, "format": "json"}.items()))
        url = f"{self.api_url}?{query}"
        cache = self._cache_path(query)
        if cache is not None and cache.is_file():
            cached: dict[str, Any] = json.loads(cache.read_text(encoding="utf-8"))["response"]
            return cached
        self.requests.append(url)
        if self.dry_run:
            return {}
        data = self._fetch(url)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            record = {
                "params": params,
                "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
                "response": data,
            }
            cache.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        return data

    def _fetch(self, url: str) -> dict[str, Any]:
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        for attempt in range(self.max_retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
            except urllib.error.HTTPError as e:
                if e.code in (429, 503) and attempt < self.max_retries:
                    wait = min(_retry_after(e.headers.get("Retry-After"), self.max_wait), self.max_wait)
                    log.info("HTTP %s from %s; waiting %.1f s (Retry-After)", e.code, self.api_url, wait)
                    self.sleep(wait)
                    continue
                raise WikidataError(f"{self.api_url} answered HTTP {e.code} {e.reason}") from e
            except urllib.error.URLError as e:
                if isinstance(e.reason, TimeoutError):
                    raise WikidataError(f"{self.api_url} did not answer within {self.timeout:g} s") from e
                raise WikidataUnreachable(
                    f"cannot reach {self.api_url} ({e.reason}); check the network, or link with --offline"
                ) from e
            except TimeoutError as e:
                raise WikidataError(f"{self.api_url} did not answer within {self.timeout:g} s") from e
            try:
                data = json.loads(body)
            except ValueError as e:
                raise WikidataError(f"{self.api_url} sent a malformed answer (not JSON)") from e
            if not isinstance(data, dict):
                raise WikidataError(f"{self.api_url} sent a malformed answer (not a JSON object)")
            if "error" in data:
                err = data["error"] if isinstance(data["error"], dict) else {}
                raise WikidataError(f"Wikidata API error {err.get('code', '?')}: {err.get('info', '')}")
            return data
        raise WikidataError(
            f"{self.api_url} still refused after {self.max_retries} retries"
        )  # pragma: no cover


# -- reading entities -----------------------------------------------------------------------------


def claim_ids(entity: dict[str, Any], prop: str) -> set[str]:
    """The item ids that ``entity`` states for ``prop`` (``P31`` → {"Q5"})."""
    out = set()
    for claim in entity.get("claims", {}).get(prop, []) or []:
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            out.add(value["id"])
    return out


def birth_years(entity: dict[str, Any]) -> set[int]:
    out = set()
    for claim in entity.get("claims", {}).get("P569", []) or []:
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("time"), str):
            try:
                out.add(int(value["time"][1:5]))
            except ValueError:
                continue
    return out


def names_of(entity: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Normalised (labels, aliases) in German and English."""
    labels = {
        normalise(v.get("value", "")) for v in (entity.get("labels") or {}).values() if isinstance(v, dict)
    }
    aliases = {
        normalise(a.get("value", ""))
        for values in (entity.get("aliases") or {}).values()
        for a in values
        if isinstance(a, dict)
    }
    return labels - {""}, aliases - {""}


# -- linking ---------------------------------------------------------------------------------------


@dataclass
class Evidence:
    """What the graph says about an entity that Wikidata can confirm or contradict."""

    # QIDs of countries: a driver's linked nationalities (P27, P1532), the country of the towns
    # a circuit is named by (P17)
    countries: set[str] = field(default_factory=set)
    ages: set[int] = field(default_factory=set)
    teams: set[str] = field(default_factory=set)  # QIDs of linked teams


# the property that states an entity's country, by kind
COUNTRY_PROPERTIES = {"driver": ("P27", "P1532"), "circuit": ("P17",)}


def type_matches(kind: str, entity: dict[str, Any], superclasses: dict[str, set[str]]) -> bool:
    """Whether a Wikidata item has the type of ``kind`` (P31, one P279 step up; P106 for drivers)."""
    if kind == "driver":
        return HUMAN in claim_ids(entity, "P31") and bool(claim_ids(entity, "P106") & DRIVER_OCCUPATIONS)
    expected = TYPE_CLASSES[kind]
    types = claim_ids(entity, "P31")
    return bool(types & expected) or any(superclasses.get(t, set()) & expected for t in types)


def score_candidate(
    entity: Entity,
    item: dict[str, Any],
    *,
    evidence: Evidence,
    superclasses: dict[str, set[str]],
    reference_year: int,
) -> float:
    """A candidate's score (0..1): name + type + evidence; a wrong type halves it."""
    keys = {normalise(n) for n in entity.labels}
    labels, aliases = names_of(item)
    score = NAME_LABEL if keys & labels else NAME_ALIAS if keys & aliases else NAME_OTHER
    typed = type_matches(entity.kind, item, superclasses)
    if typed:
        score += TYPE_OK
    if claim_ids(item, "P641") & AUTO_RACING:
        score += EVIDENCE
    if evidence.countries:
        stated = set().union(*(claim_ids(item, p) for p in COUNTRY_PROPERTIES.get(entity.kind, ())))
        if stated & evidence.countries:
            score += EVIDENCE
        elif stated:
            score += CONTRADICTION
    years = birth_years(item)
    if evidence.ages and years:
        # an age stated in the reference year R means birth in R-age-1 or R-age; allow ±1
        if any(abs((reference_year - age) - y) <= 1 for age in evidence.ages for y in years):
            score += EVIDENCE
        else:
            score += CONTRADICTION
    if evidence.teams and claim_ids(item, "P54") & evidence.teams:
        score += EVIDENCE
    if not typed:
        score *= WRONG_TYPE_FACTOR
    return round(max(0.0, min(1.0, score)), 3)


def link_online(
    entities: list[Entity],
    client: WikidataClient,
    *,
    evidence: dict[str, Evidence] | None = None,
    min_score: float = 0.7,
    reference_year: int | None = None,
) -> tuple[list[Link], list[Unlinked], dict[str, dict[str, Any]]]:
    """Search, fetch, type-check and rank candidates for ``entities`` of the online kinds.

    Returns the links, the entities left unlinked and the fetched items (by QID).
    """
    evidence = evidence or {}
    reference_year = reference_year or datetime.now(UTC).year
    todo = [e for e in entities if e.kind in ONLINE_KINDS and e.labels]
    unlinked = [Unlinked(e, f"{e.kind} entities are not linked online") for e in entities if e not in todo]
    candidates: dict[str, list[str]] = {}
    for entity in todo:
        hits = client.search(entity.labels[0], "de") or client.search(entity.labels[0], "en")
        candidates[entity.iri + entity.kind] = [h["id"] for h in hits]
    items = client.get_entities(q for ids in candidates.values() for q in ids)
    classes = {t for item in items.values() for t in claim_ids(item, "P31")} - set().union(
        *TYPE_CLASSES.values()
    )
    superclasses = (
        {q: claim_ids(c, "P279") for q, c in client.get_entities(classes).items()} if classes else {}
    )
    links: list[Link] = []
    for entity in todo:
        ids = [q for q in candidates[entity.iri + entity.kind] if q in items]
        if not ids:
            unlinked.append(
                Unlinked(entity, "no candidate found online" if not client.dry_run else "dry run")
            )
            continue
        ranked = sorted(
            (
                (
                    q,
                    score_candidate(
                        entity,
                        items[q],
                        evidence=evidence.get(entity.iri, Evidence()),
                        superclasses=superclasses,
                        reference_year=reference_year,
                    ),
                )
                for q in ids
            ),
            key=lambda x: (-x[1], int(x[0][1:])),
        )
        (best, score), rest = ranked[0], ranked[1:]
        if score < min_score:
            unlinked.append(
                Unlinked(entity, f"best score {score:.2f} below {min_score:.2f}", tuple(ranked[:3]))
            )
        elif rest and rest[0][1] > score - AMBIGUITY_MARGIN:
            unlinked.append(Unlinked(entity, "ambiguous: two candidates score alike", tuple(ranked[:3])))
        else:
            links.append(Link(entity, best, score, METHOD_ONLINE, entity.labels[0]))
    return links, unlinked, items


# -- growing a local index -------------------------------------------------------------------------


def _item_names(item: dict[str, Any]) -> list[str]:
    """The item's German and English labels, then its aliases in both."""
    labels = item.get("labels") or {}
    names = [labels[lang].get("value", "") for lang in ("de", "en") if isinstance(labels.get(lang), dict)]
    names += [
        a.get("value", "")
        for lang in ("de", "en")
        for a in (item.get("aliases") or {}).get(lang, [])
        if isinstance(a, dict)
    ]
    return list(dict.fromkeys(n for n in names if n and "\t" not in n and "|" not in n and "\n" not in n))


def grown_rows(
    links: list[Link],
    items: dict[str, dict[str, Any]],
    *,
    source: str,
    retrieved: datetime,
    iso_of_qid: Callable[[str], str | None] = lambda _: None,
) -> list[IndexRow]:
    """Rows of a local index for links found online: the item's labels and aliases (and the name
    that matched in the article), its country (P17 of a circuit, as an ISO code), where the
    answer came from and when.

    A driver's one-word aliases ("Verstappen") are left out: a surname alone names several
    drivers, and offline linking has no evidence to tell them apart.
    """
    rows: dict[tuple[str, str], IndexRow] = {}
    stamp = retrieved.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    for link in links:
        item = items.get(link.qid)
        if link.method != METHOD_ONLINE or item is None:
            continue
        names = [*_item_names(item), link.matched]
        if link.entity.kind == "driver":
            names = [n for n in names if len(n.split()) > 1]
        names = list(dict.fromkeys(n for n in names if n and normalise(n)))
        if not names:
            continue
        countries = [iso_of_qid(q) for q in sorted(claim_ids(item, "P17"))]
        country = next((c for c in countries if c), "") if link.entity.kind == "circuit" else ""
        rows[(link.entity.kind, link.qid)] = IndexRow(
            link.qid,
            names[0],
            tuple(names[1:]),
            link.entity.kind,
            f"{source}; {link.method} score {link.score:.2f} for {link.matched!r}",
            country=country,
            retrieved=stamp,
        )
    return list(rows.values())
