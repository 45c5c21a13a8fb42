"""Issue 13, item 3: small queries that crashed the server (and ``kg query``) are refused with a
clear 400 before Oxigraph parses them.

Oxigraph's parser recurses once per nesting level: 3,000 nested ``{``, 5,000 nested ``(`` or
10,000 ``UNION`` overflowed the stack (SIGSEGV, the whole worker gone).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.conftest import CHEAP, REPO, Server

pytestmark = pytest.mark.server

NESTED_BRACES = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
NESTED_PARENS = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 5000 + "?o" + ")" * 5000 + ") }"
UNIONS = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }"
CRASHERS = {"braces": NESTED_BRACES, "parens": NESTED_PARENS, "unions": UNIONS}


@pytest.mark.parametrize("name", CRASHERS)
def test_deep_or_huge_query_is_400_and_the_server_lives(server: Server, name: str) -> None:
    answer = server.query(CRASHERS[name])
    assert answer.status == 400, answer.text
    assert "this endpoint accepts at most" in answer.text
    assert server.query(CHEAP).status == 200


def test_nesting_within_the_limit_is_answered(server: Server) -> None:
    nested = "SELECT * WHERE " + "{" * 60 + " <urn:s1> ?p ?o " + "}" * 60
    answer = server.query(nested)
    assert answer.status == 200, answer.text
    assert b'"o"' in answer.body


def _kg_query(server: Server, sparql: str, folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    query = folder / "query.rq"  # a file: 10,000 UNIONs are too long for one argument
    query.write_text(sparql, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", "--store", str(server.store), str(query)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("name", CRASHERS)
def test_kg_query_refuses_them_with_a_message(server: Server, name: str, tmp_path: Path) -> None:
    done = _kg_query(server, CRASHERS[name], tmp_path)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])  # not -11 (SIGSEGV)
    assert "accepts at most" in done.stderr


def test_kg_query_has_room_for_deep_queries_the_limit_lets_through(server: Server, tmp_path: Path) -> None:
    """With the depth limit lifted, 3,000 levels still do not crash: queries run on a thread
    with a large stack."""
    done = _kg_query(server, NESTED_BRACES, tmp_path, KG_QUERY_MAX_DEPTH="100000")
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
