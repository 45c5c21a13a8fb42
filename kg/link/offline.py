"""Offline linking: entity names against the shipped index, kind by kind.

A name matches an index row of the entity's own kind (a ms:Country only a country row, a
ms:Manufacturer only a manufacturer row; a ms:CarModel never a brand). Matching is on
normalised names (:func:`kg.link.index.normalise`). A name that several QIDs share, or names
of one entity that point to different QIDs, leave the entity unlinked: an unlinked entity is
better than a wrong link.
"""

from __future__ import annotations

from kg.link.index import Index
from kg.link.model import METHOD_OFFLINE, Entity, Link, Unlinked

SCORE_LABEL = 1.0  # the name is the index row's label
SCORE_ALIAS = 0.9  # the name is one of its aliases (a demonym, an English name, a code)


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
        best: dict[str, tuple[float, str]] = {}
        ambiguous: list[str] = []
        for name in entity.labels:
            hits = index.lookup(entity.kind, name)
            if len(hits) > 1:
                ambiguous.append(f"{name!r} names {', '.join(sorted(hits))}")
                continue
            for qid, is_label in hits.items():
                score = SCORE_LABEL if is_label else SCORE_ALIAS
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
