"""``/class/<Name>``: the instances of an ontology class, with counts, sortable, in pages.

Each instance is listed with its label, the number of articles it comes from
(``prov:wasDerivedFrom``) and the number of facts that point at it (incoming links, evidence
plumbing left out). Sorting (``sort=name|articles|links``, ``order=asc|desc``) and paging
(``page=``, :data:`PAGE_SIZE` a page) are links: no JavaScript needed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from rdflib import URIRef
from rdflib.namespace import PROV, RDFS

from kg.vocab import ITSRDF, MS
from kg.web.execute import reply_rows, run_query
from kg.web.pages import Cell, cell
from kg.web.state import plain, state
from kg.web.terms import accepted_languages, vocabulary

bp = Blueprint("browse", __name__)

PAGE_SIZE = 100
SORTS = {"name": "LCASE(STR(?label))", "articles": "?articles", "links": "?links"}

_LIST = f"""
SELECT ?e {{label}} (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?in) AS ?links) WHERE {{
  ?e a {{cls}} .
  {{labels}}
  OPTIONAL {{ ?e {PROV.wasDerivedFrom.n3()} ?a }}
  OPTIONAL {{ ?in ?p ?e FILTER (?p NOT IN ({ITSRDF.taIdentRef.n3()}, {MS.linkSubject.n3()},
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>,
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#object>)) }}
}} GROUP BY ?e
"""
_COUNT = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a {cls} }}"


def _label_choice(languages: list[str]) -> tuple[str, str]:
    """The ``?label`` of :data:`_LIST` and the patterns it is chosen from: the label in the
    first of ``languages`` there is one in, then German, untagged, English, any (as
    :func:`kg.web.terms.pick_label`; among several in one language the least). One OPTIONAL a
    language binds every row of an entity alike, so each MIN is over bound values only."""
    wanted = [lang for lang in dict.fromkeys([*languages[:3], "de", "", "en"]) if lang.isalpha() or not lang]
    label = RDFS.label.n3()
    patterns = [
        f'OPTIONAL {{ ?e {label} ?l{i} FILTER (LANGMATCHES(LANG(?l{i}), "{lang}")) }}'
        if lang
        else f'OPTIONAL {{ ?e {label} ?l{i} FILTER (LANG(?l{i}) = "") }}'
        for i, lang in enumerate(wanted)
    ]
    patterns.append(f"OPTIONAL {{ ?e {label} ?any }}")
    choices = ", ".join([*(f"MIN(STR(?l{i}))" for i in range(len(wanted))), "MIN(STR(?any))"])
    return f"(COALESCE({choices}) AS ?label)", "\n  ".join(patterns)


@bp.get("/class/<name>")
def class_page(name: str) -> Any:
    """The instances of ``ms:<name>``."""
    iri = str(MS._NS) + name
    vocab = vocabulary()
    if iri not in vocab.classes:
        abort(404)
    sort = request.args.get("sort", "name")
    order = request.args.get("order", "asc" if sort == "name" else "desc")
    if sort not in SORTS or order not in ("asc", "desc"):
        return plain(400, f"sort by one of {', '.join(SORTS)}, order asc or desc")
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        return plain(400, f"page must be a number, not {request.args.get('page')!r}")
    cls = URIRef(iri).n3()  # one of the ontology's classes (checked above), written as N-Triples
    total = int(reply_rows(run_query(_COUNT.format(cls=cls)))[1][0][0].value)
    direction = "ASC" if order == "asc" else "DESC"
    tie = "LCASE(STR(?label))" if sort != "name" else "?e"
    label, labels = _label_choice(accepted_languages(request.headers.get("Accept-Language")))
    listed = _LIST.replace("{cls}", cls).replace("{label}", label).replace("{labels}", labels)
    query = (
        f"SELECT ?e ?label ?articles ?links {{ {listed} }} ORDER BY {direction}({SORTS[sort]}) {tie} ?e "
        f"LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    )
    base = state().settings.resource_base
    rows: list[tuple[Cell, str, str]] = []
    for e, label, articles, links in reply_rows(run_query(query))[1]:
        rows.append((cell(e, base, label.value if label is not None else None), articles.value, links.value))
    pages = max(1, -(-total // PAGE_SIZE))

    def link(**changes: Any) -> str:
        args = {"sort": sort, "order": order, "page": page, **changes}
        return url_for("browse.class_page", name=name, **args)

    headers = []
    for key, title in (("name", "Name"), ("articles", "Articles"), ("links", "Linked from")):
        flip = "desc" if sort == key and order == "asc" else "asc"
        if sort != key:
            flip = "asc" if key == "name" else "desc"
        mark = ("▲" if order == "asc" else "▼") if sort == key else ""
        headers.append((title, link(sort=key, order=flip, page=1), mark))
    html = render_template(
        "class.html",
        name=name,
        iri=iri,
        label=vocab.label(iri) or name,
        comment=None,
        total=total,
        rows=rows,
        headers=headers,
        page=page,
        pages=pages,
        previous=link(page=page - 1) if page > 1 else None,
        next=link(page=page + 1) if page < pages else None,
        query=f"SELECT ?e ?label WHERE {{\n  ?e a <{iri}> .\n  OPTIONAL {{ ?e <{RDFS.label}> ?label }}\n}}",
    )
    return html, 200, {"Vary": "Accept-Language"}  # the names are in the reader's language
