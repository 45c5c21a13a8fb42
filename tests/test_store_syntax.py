"""Malformed queries and updates answer with a line, a column and a one-line reason, not the
parser's character classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from kg.config import Settings
from kg.errors import QueryError
from kg.store import Store
from kg.store.syntax import explain, offset, position
from kg.vocab import MS
from kg.web import create_app


def _error(store: Store, text: str, *, update: bool = False) -> str:
    with pytest.raises(QueryError) as info:
        if update:
            store.update(text)
        else:
            store.query(text)
    return str(info.value)


def test_undeclared_prefix_names_it_with_its_position() -> None:
    message = _error(Store(), "SELECT * WHERE {\n  ?s foo:bar ?o\n}")
    first, source, caret = message.splitlines()
    assert first == (
        'malformed SPARQL query at line 2, column 6: the prefix "foo:" is not declared; '
        "add PREFIX foo: <…> before the query"
    )
    assert source == "    ?s foo:bar ?o"
    assert caret.index("^") == source.index("foo:")
    assert "\\u{" not in message and ".." not in message  # no character classes


def test_a_known_prefix_is_suggested_with_its_namespace() -> None:
    message = _error(Store(), "SELECT ?d WHERE { ?d a ms:Driver }")
    assert f"add PREFIX ms: <{MS._NS}>" in message.splitlines()[0]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("SELECT * WHERE { ?s ?p ?o", 1, 26, ['a "}" is missing']),
        ("SELECT * { ?s ?p ?o . } }", 1, 25, ['one "}" too many']),
        ("SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s", 1, 41, ["neither grouped", "nor aggregated"]),
        ("SELECT * {\n  ?s <a b> ?o }", 2, 6, ["<a b> is not a valid IRI"]),
        ("SELECT * { ?s ?p ?o } LIMIT x", 1, 29, ['found "x"']),
    ],
)
def test_query_errors_have_a_line_a_column_and_a_short_reason(
    text: str, line: int, column: int, words: list[str]
) -> None:
    first = _error(Store(), text).splitlines()[0]
    assert first.startswith(f"malformed SPARQL query at line {line}, column {column}: ")
    for word in words:
        assert word in first
    assert len(first) < 200


def test_an_update_error_in_a_later_operation_points_into_the_whole_text() -> None:
    """INSERT DATA / DELETE DATA are parsed one operation at a time: the position is mapped back."""
    update = "INSERT DATA { <http://a> <http://b> <http://c> } ;\nDELETE DATA {\n  <http://a> <http://b> }"
    message = _error(Store(), update, update=True)
    assert message.startswith("malformed SPARQL update at line 3, column 25: ")
    assert message.splitlines()[1] == "    <http://a> <http://b> }"


def test_an_update_error_on_the_general_path_keeps_its_position() -> None:
    message = _error(Store(), "DELETE { ?s ?p ?o }\nWHERE { ?s foo:p ?o }", update=True)
    assert message.startswith('malformed SPARQL update at line 2, column 12: the prefix "foo:"')


def test_a_message_without_a_position_is_kept() -> None:
    assert explain("x", "something else") == "malformed SPARQL query: something else"


def test_offsets_and_positions_agree() -> None:
    text = "ab\ncdé\r\nf"
    for index in range(len(text) + 1):
        line, column = position(text, index)
        if text[index - 1 : index] != "\r":  # inside a CRLF there is no column of its own
            assert offset(text, line, column) == index


def test_the_endpoint_answers_400_with_the_readable_message(tmp_path: Path) -> None:
    client: FlaskClient = create_app(Settings.load(env={}), store=Store(), queries_dir=tmp_path).test_client()
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s rdfs:label ?o }"})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert body.startswith('malformed SPARQL query at line 1, column 21: the prefix "rdfs:" is not declared')
    assert "<http://www.w3.org/2000/01/rdf-schema#>" in body
