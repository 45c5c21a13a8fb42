"""QuickStatements (V1) lines for Wikidata editors: facts of the graph whose subject and object
are both linked, each with its article's URL as the reference (S854). Opt-in only.

Line format: ``Q123<TAB>P27<TAB>Q183<TAB>S854<TAB>"https://…"`` (no reference where the article
has no ``dcterms:source`` URL). Editors review the lines before running them.
"""

from __future__ import annotations

from kg.store import Store

# ms: property -> Wikidata property; both ends must be linked
PROPERTIES = {
    "nationality": "P27",  # country of citizenship
    "drivesFor": "P54",  # member of sports team
}


def quickstatements(store: Store) -> list[str]:
    """The QuickStatements lines for every linked fact, sorted and without duplicates."""
    values = " ".join(f"(ms:{name} {pid!r})".replace("'", '"') for name, pid in sorted(PROPERTIES.items()))
    rows = store.select(
        f"""PREFIX ms: <https://w3id.org/mskg/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?s ?pid ?o ?url WHERE {{
          VALUES (?p ?pid) {{ {values} }}
          GRAPH ?article {{ ?subject ?p ?object }}
          ?subject owl:sameAs ?s .
          ?object owl:sameAs ?o .
          FILTER (STRSTARTS(STR(?s), "http://www.wikidata.org/entity/Q")
                  && STRSTARTS(STR(?o), "http://www.wikidata.org/entity/Q"))
          OPTIONAL {{ ?article dcterms:source ?url . FILTER (STRSTARTS(STR(?url), "http")) }}
        }}"""
    )
    lines = set()
    for row in rows:
        s, o = row["s"].value.rsplit("/", 1)[1], row["o"].value.rsplit("/", 1)[1]
        line = f"{s}\t{row['pid'].value}\t{o}"
        if row["url"] is not None:
            url = row["url"].value.replace('"', "%22")
            line += f'\tS854\t"{url}"'
        lines.add(line)
    return sorted(lines)
