"""Linking figures of circuits and manufacturers on the development set, checked against
judgements made by hand (issue 16).

Usage:
    python tools/link_dev_figures.py [--gold ../shared/eval/dev/gold] [--store DIR [--relink]]
        [--checks tools/data/dev_link_checks.tsv] [--list]

A. **Gold names**: every gold circuit and manufacturer entity of every article, with its gold
   aliases as further names, through the offline linker (the shipped index and the local one).
B. **A build** (``--store``, from ``kg build ../devset/texts --store DIR --link``): every gold
   entity → the entity of its article that the scorer (``shared/eval/score.py``) matches to it →
   its ``owl:sameAs``. ``--relink`` links the store offline first, with the current index.

Every QID is compared with ``--checks``: for each (kind, gold name) the item meant, checked by
hand against the shared data and the article, or ``-`` where the shared data has no row for it
(then any link is wrong). "with a row" counts the gold entities whose item has a row; the
figures are per article (an entity of two articles counts twice). Names without a judgement
are listed as unchecked: check them and add them to the table.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.config import Settings  # noqa: E402
from kg.link import link_store, links_graph_name, load_index, local_index_path  # noqa: E402
from kg.link.index import Index  # noqa: E402
from kg.link.model import Entity  # noqa: E402
from kg.link.offline import link_offline  # noqa: E402
from kg.store import Store  # noqa: E402

KINDS = {"circuit": "Circuit", "manufacturer": "Manufacturer"}
SHARED = ROOT.parent / "shared"


def norm(text: str) -> str:
    """The scorer's name key (``shared/eval/score.py``): case, dashes and spaces folded."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class GoldEntity:
    article: str
    kind: str
    name: str
    aliases: tuple[str, ...]


def gold_entities(gold_dir: Path) -> list[GoldEntity]:
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        aliases = gold.get("aliases", {})
        for kind in KINDS:
            for name in gold["entities"].get(kind, []):
                alts = tuple(sorted(a for a, canon in aliases.items() if canon == name))
                out.append(GoldEntity(gold.get("id") or path.stem, kind, name, alts))
    return out


def read_checks(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {(r["kind"], r["name"]): (r["qid"], r["note"]) for r in csv.DictReader(f, delimiter="\t")}


def verdict(qid: str | None, expected: tuple[str, str] | None) -> str:
    if expected is None:
        return "unchecked" if qid else "unlinked"
    if qid is None:
        return "unlinked"
    return "right" if qid == expected[0] else "wrong"


def linked_by_names(entities: list[GoldEntity], index: Index) -> dict[GoldEntity, str | None]:
    """Part A: each gold entity's names through the offline linker."""
    out: dict[GoldEntity, str | None] = {}
    for g in entities:
        links, _ = link_offline([Entity(f"gold:{g.article}:{g.name}", g.kind, (g.name, *g.aliases))], index)
        out[g] = links[0].qid if links else None
    return out


@dataclass
class BuildLinks:
    """Part B: for each gold entity, whether the build found it and the QID its entity has."""

    found: dict[GoldEntity, tuple[bool, str | None]]
    # links of entities matching no gold entity: article, kind, label, QID
    extra: list[tuple[str, str, str, str]]
    # found, not linked: article, kind, gold name, the entity's names
    unlinked: list[tuple[str, str, str, list[str]]]
    # gold entities the scorer finds no entity for, but whose article has an unclaimed entity
    # linked to the item meant (the build named it otherwise): article, kind, gold name, names
    by_qid: list[tuple[str, str, str, list[str]]]


def linked_in_store(
    entities: list[GoldEntity], store: Store, base: str, checks: dict[tuple[str, str], tuple[str, str]]
) -> BuildLinks:
    """Part B (see :class:`BuildLinks`), matching entities to gold entities as the scorer does."""
    rows = store.select(
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX ms: <https://w3id.org/mskg/ontology#>
        SELECT ?id ?type ?e ?name ?qid WHERE {{
          VALUES ?type {{ ms:Circuit ms:Manufacturer }}
          GRAPH ?g {{ ?e a ?type }} ?g dcterms:identifier ?id .
          {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
          OPTIONAL {{ GRAPH <{links_graph_name(base)}> {{ ?e owl:sameAs ?qid }} }}
        }}"""
    )
    found: dict[tuple[str, str], dict[str, tuple[set[str], str | None]]] = defaultdict(dict)
    kind_of = {v: k for k, v in KINDS.items()}
    for r in rows:
        key = (r["id"].value, kind_of[r["type"].value.rsplit("#", 1)[1]])
        names, qid = found[key].get(r["e"].value, (set(), None))
        names.add(norm(r["name"].value))
        q = r["qid"].value.rsplit("/", 1)[1] if r["qid"] is not None else qid
        found[key][r["e"].value] = (names, q)
    out: dict[GoldEntity, tuple[bool, str | None]] = {}
    claimed: set[tuple[str, str]] = set()  # (article, entity)
    unlinked_found: list[tuple[str, str, str, list[str]]] = []
    by_qid: list[tuple[str, str, str, list[str]]] = []
    by_article: dict[tuple[str, str], list[GoldEntity]] = defaultdict(list)
    for g in entities:
        by_article[(g.article, g.kind)].append(g)
    for key, golds in by_article.items():
        nodes = found.get(key, {})
        # as the scorer does: an entity named exactly as the gold entity first, then by an alias
        for exact in (True, False):
            for g in golds:
                if g in out:
                    continue
                accepted = {norm(g.name)} if exact else {norm(n) for n in (g.name, *g.aliases)}
                free = [e for e, (names, _) in sorted(nodes.items()) if (key[0], e) not in claimed]
                hit = next((e for e in free if nodes[e][0] & accepted), None)
                if hit is not None:
                    claimed.add((key[0], hit))
                    out[g] = (True, nodes[hit][1])
                    if nodes[hit][1] is None:
                        unlinked_found.append((key[0], g.kind, g.name, sorted(nodes[hit][0])))
        for g in golds:
            if g in out:
                continue
            out[g] = (False, None)
            expected = checks.get((g.kind, g.name), ("-", ""))[0]
            same = [e for e, (_, q) in sorted(nodes.items()) if q == expected and (key[0], e) not in claimed]
            if same:
                claimed.add((key[0], same[0]))
                by_qid.append((key[0], g.kind, g.name, sorted(nodes[same[0]][0])))
    extra = [
        (article, kind, sorted(names)[0], qid)
        for (article, kind), nodes in sorted(found.items())
        for e, (names, qid) in sorted(nodes.items())
        if qid and (article, e) not in claimed
    ]
    return BuildLinks(out, extra, unlinked_found, by_qid)


def table(title: str, counts: dict[str, Counter[str]], with_found: bool) -> None:
    print(title)
    head = (
        "kind          gold  with a row"
        + ("  found" if with_found else "")
        + "  linked  right  wrong  unchecked"
    )
    print(head + "  right/with a row")
    for kind in KINDS:
        c = counts[kind]
        share = 100 * c["right"] / c["row"] if c["row"] else 0.0
        found = f"{c['found']:>7}" if with_found else ""
        print(
            f"{kind:<12}{c['gold']:>6}{c['row']:>12}{found}{c['linked']:>8}{c['right']:>7}{c['wrong']:>7}"
            f"{c['unchecked']:>11}{share:>17.1f} %"
        )


def count(
    results: dict[GoldEntity, str | None], checks: dict, found: dict | None = None
) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    for g, qid in results.items():
        c = counts[g.kind]
        expected = checks.get((g.kind, g.name))
        c["gold"] += 1
        c["row"] += bool(expected and expected[0] != "-")
        c["found"] += bool(found and found.get(g))
        c["linked"] += qid is not None
        v = verdict(qid, expected)
        if v in ("right", "wrong", "unchecked"):
            c[v] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev" / "gold")
    ap.add_argument("--store", type=Path, default=None, help="a store built from the dev texts with --link")
    ap.add_argument(
        "--relink", action="store_true", help="link the store offline first, with the current index"
    )
    ap.add_argument("--checks", type=Path, default=ROOT / "tools" / "data" / "dev_link_checks.tsv")
    ap.add_argument("--list", action="store_true", help="list every distinct gold name with its links")
    args = ap.parse_args(argv)
    settings = Settings.load()
    index = load_index(local=local_index_path(settings))
    checks = read_checks(args.checks)
    entities = gold_entities(args.gold)
    if not entities:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 1
    by_names = linked_by_names(entities, index)
    table(
        f"A. gold names -> offline index ({len(index.rows)} rows), {args.gold}",
        count(by_names, checks),
        False,
    )
    in_store: dict[GoldEntity, tuple[bool, str | None]] = {}
    extra: list[tuple[str, str, str, str]] = []
    if args.store is not None:
        store = Store(args.store, read_only=not args.relink)
        if args.relink:
            link_store(store, settings, index=index)
        build = linked_in_store(entities, store, settings.resource_base, checks)
        in_store, extra = build.found, build.extra
        found = {g: f for g, (f, _) in in_store.items()}
        print()
        table(f"B. build {args.store}", count({g: q for g, (_, q) in in_store.items()}, checks, found), True)
        for article, kind, name, names in build.unlinked:
            print(f"found, not linked: {article} {kind} {name!r} (entity names {names})")
        for kind in KINDS:
            more = [x for x in build.by_qid if x[1] == kind]
            if more:
                c = count({g: q for g, (_, q) in in_store.items()}, checks)[kind]
                share = 100 * (c["right"] + len(more)) / c["row"]
                print(
                    f"{kind}: {len(more)} more gold entities have an entity of their article linked to the"
                    f" item meant, named otherwise (right/with a row then {share:.1f} %):"
                )
                for article, _, name, names in more:
                    print(f"  {article} {name!r}: entity names {names}")
        if extra:
            print("\nlinks of entities that match no gold entity (check them by hand):")
            for article, kind, label, qid in extra:
                row = index.by_qid.get((kind, qid))
                print(f"  {article} {kind} {label!r} -> {qid} {row.label if row else '?'}")
    labels = {(r.kind, r.qid): r.label for r in index.rows}
    results: list[tuple[GoldEntity, str | None]] = list(by_names.items())
    results += [(g, q) for g, (_, q) in in_store.items()]
    for g, q in results:
        what = verdict(q, checks.get((g.kind, g.name)))
        if what in ("wrong", "unchecked"):
            print(
                f"{what.upper()}: {g.article} {g.kind} {g.name!r} -> {q} {labels.get((g.kind, q or ''), '')}"
            )
    if args.list:
        print("\nby-hand list (kind, gold name: the item meant -> A: gold names, B: build)")
        seen: dict[tuple[str, str], list[GoldEntity]] = defaultdict(list)
        for g in entities:
            seen[(g.kind, g.name)].append(g)
        for (kind, name), golds in sorted(seen.items()):
            expected = checks.get((kind, name), ("?", "not checked"))
            a = Counter(verdict(by_names[g], checks.get((kind, name))) for g in golds)
            b = (
                Counter(verdict(in_store[g][1], checks.get((kind, name))) for g in golds)
                if in_store
                else Counter()
            )
            print(
                f"  {kind:<12} {name!r}: {expected[0]} {expected[1]} | A {dict(a)}"
                + (f" | B {dict(b)}" if b else "")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
