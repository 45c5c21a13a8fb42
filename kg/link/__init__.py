"""Link: entities of the store to Wikidata items, offline from a shipped index, online on request.

Boundary: a :class:`kg.store.Store` in; the named graph ``{resource_base}graph/links/wikidata``
out (replaced whole on each run), plus a :class:`LinkReport`. See ``kg/link/README.md``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from kg.config import Settings
from kg.link.index import Index, IndexRow, load_index, read_index_rows, write_index
from kg.link.model import (
    METHOD_OFFLINE,
    METHOD_ONLINE,
    Entity,
    Link,
    LinkReport,
    Unlinked,
    links_graph,
    links_graph_name,
    read_entities,
)
from kg.link.offline import link_offline
from kg.link.online import Evidence, WikidataClient, grown_rows, link_online
from kg.link.quickstatements import Statement, quickstatements, statements
from kg.store import Store

__all__ = [
    "METHOD_OFFLINE",
    "METHOD_ONLINE",
    "Entity",
    "Index",
    "Link",
    "LinkReport",
    "Statement",
    "Unlinked",
    "WikidataClient",
    "link_store",
    "links_graph_name",
    "load_index",
    "local_index_path",
    "quickstatements",
    "statements",
]


def local_index_path(settings: Settings) -> Path:
    """The local index that online linking grows (setting ``link_index``; default
    ``$XDG_DATA_HOME/motorsport-kg/wikidata_index.tsv``, XDG's default ``~/.local/share``)."""
    if settings.link_index:
        return Path(settings.link_index)
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(home) / "motorsport-kg" / "wikidata_index.tsv"


def save_grown_rows(rows: list[IndexRow], path: Path) -> int:
    """Add ``rows`` to the local index at ``path`` (created if missing); a row of the same kind and
    QID is replaced by the newer one. Returns the number of rows written anew."""
    kept = {(r.kind, r.qid): r for r in read_index_rows(path)} if path.is_file() else {}
    kept.update({(r.kind, r.qid): r for r in rows})
    write_index(kept.values(), path)
    return len(rows)


def graph_evidence(store: Store, links: dict[str, str]) -> dict[str, Evidence]:
    """Nationalities (as linked QIDs), stated ages and linked teams of every driver."""
    rows = store.select(
        """PREFIX ms: <https://w3id.org/mskg/ontology#>
        SELECT ?d ?country ?age ?team WHERE {
          ?d a ms:Driver .
          OPTIONAL { ?d ms:nationality ?country }
          OPTIONAL { ?d ms:age ?age }
          OPTIONAL { ?d ms:drivesFor ?team }
        }"""
    )
    out: dict[str, Evidence] = {}
    for row in rows:
        ev = out.setdefault(row["d"].value, Evidence())
        if row["country"] is not None and row["country"].value in links:
            ev.countries.add(links[row["country"].value])
        if row["team"] is not None and row["team"].value in links:
            ev.teams.add(links[row["team"].value])
        if row["age"] is not None and row["age"].value.isdigit():
            ev.ages.add(int(row["age"].value))
    return out


def link_store(
    store: Store,
    settings: Settings,
    *,
    index: Index | None = None,
    client: WikidataClient | None = None,
    min_score: float | None = None,
    reference_year: int | None = None,
    now: datetime | None = None,
    write: bool = True,
    save_index: Path | None = None,
) -> LinkReport:
    """Link the store's entities and replace the links graph with the result.

    Offline linking always runs first; with a ``client`` the entities it left unlinked are
    searched online (countries are linked offline only).

    Args:
        index: the offline index (default: the shipped one, and on top of it the local index
            of :func:`local_index_path` where it exists).
        client: a :class:`WikidataClient` for online linking; ``None`` = offline only.
        min_score: links scoring less are left out and reported (default: the
            ``link_min_score`` setting).
        reference_year: the year stated ages refer to (default: the current year).
        now: the creation time written on each link (default: now, UTC).
        write: False = find the links but leave the store (and the local index) as they are.
        save_index: with a ``client``, add what was linked online to this local index, with
            source and time per row, so that the next run links it offline.
    """
    index = index if index is not None else load_index(local=local_index_path(settings))
    entities = read_entities(store, settings.resource_base)
    if min_score is None:
        min_score = settings.link_min_score
    links, unlinked = link_offline(entities, index, min_score=min_score)
    report = LinkReport(links=links)
    if client is None:
        report.unlinked = unlinked
    else:
        known = {link.entity.iri: link.qid for link in links}
        rest = [u.entity for u in unlinked]
        evidence = graph_evidence(store, known)
        for entity in rest:
            if entity.kind == "circuit":  # a circuit named by a town lies in the town's country
                towns = {index.qid_of_iso(c) for c in index.countries_of(entity.labels)}
                evidence.setdefault(entity.iri, Evidence()).countries |= {q for q in towns if q}
        online, still, items = link_online(
            rest, client, evidence=evidence, min_score=min_score, reference_year=reference_year
        )
        offline_reasons = {u.entity: u for u in unlinked}
        report.links += online
        # an entity the online linker does not handle keeps the offline reason
        report.unlinked = [offline_reasons[u.entity] if "not linked online" in u.reason else u for u in still]
        report.requests = list(client.requests)
        if save_index is not None and write:
            rows = grown_rows(
                online,
                items,
                source=f"Wikidata API (CC0) {client.api_url}",
                retrieved=now or datetime.now(UTC),
                iso_of_qid=index.iso_of_qid,
            )
            report.index_rows_saved = save_grown_rows(rows, save_index)
    report.links.sort(key=lambda x: (x.entity.kind, x.entity.iri))
    report.unlinked.sort(key=lambda x: (x.entity.kind, x.entity.iri))
    if write:
        created = now or datetime.now(UTC)
        report.triples_written = store.replace_graph(
            links_graph(report.links, settings.resource_base, created)
        )
        store.flush()
    return report
