"""Offline linking: entity names against the index, kind by kind.

A name matches an index row of the entity's own kind (a ms:Country only a country row, a
ms:Manufacturer only a manufacturer row; a ms:CarModel never a brand). Matching is on
normalised names (:func:`kg.link.index.normalise`), in tiers: label 1.0, alias 0.9, place 0.8
(see :mod:`kg.link.index`). A circuit named by a town must lie in that town's country: where
an entity's names include a known town, only circuits of its country are candidates. A name
whose best tier several QIDs share, or names of one entity that point to different QIDs, leave
the entity unlinked: an unlinked entity is better than a wrong link.
"""

from __future__ import annotations

from kg.link.index import SCORE_ALIAS, SCORE_LABEL, SCORE_PLACE, Index
from kg.link.model import METHOD_OFFLINE, Entity, Link, Unlinked

__all__ = ["SCORE_ALIAS", "SCORE_LABEL", "SCORE_PLACE", "link_offline"]


def link_offline(
    entities: list[Entity], index: Index, *, min_score: float = 0.7
) -> tuple[list[Link], list[Unlinked]]:
    """Link what the index knows; return the links and the entities left unlinked."""
    links: list[Link] = []
    unlinked: list[Unlinked] = []
    kinds = index.kinds
    for entity in entities:
        if entity.kind not in kinds:
            unlinked.append(Unlinked(entity, f"the offline index has no {entity.kind} rows"))
            continue
        countries = index.countries_of(entity.labels) if entity.kind == "circuit" else set()
        best: dict[str, tuple[float, str]] = {}
        ambiguous: list[str] = []
        for name in entity.labels:
            hits = index.best(entity.kind, name, countries)
            if len(hits) > 1:
                ambiguous.append(f"{name!r} names {', '.join(sorted(hits))}")
                continue
            for qid, score in hits.items():
                if score > best.get(qid, (0.0, ""))[0]:
                    best[qid] = (score, name)
        candidates = tuple(sorted(((q, s) for q, (s, _) in best.items()), key=lambda x: (-x[1], x[0])))
        if len(best) > 1:
            unlinked.append(Unlinked(entity, "its names point to different items", candidates))
        elif not best:
            reason = "ambiguous: " + "; ".join(ambiguous) if ambiguous else "no match in the offline index"
            unlinked.append(Unlinked(entity, reason))
        else:
            ((qid, (score, name)),) = best.items()
            if score < min_score:
                unlinked.append(Unlinked(entity, f"score {score:.2f} below {min_score:.2f}", candidates))
            else:
                links.append(Link(entity, qid, score, METHOD_OFFLINE, name))
    return links, unlinked
