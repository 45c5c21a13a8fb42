"""The docs say what the code does (as datasette tests its docs): each stage's README states
what the stage imports, in one line, and that line is the code's imports, no more, no less.

The line reads ``**Imports:** `kg.store`, `kg.rdf.iri`; rdflib, pyoxigraph.``: the stages
and shared modules of ``kg`` (a listed ``kg.rdf`` covers all of ``kg.rdf``, ``kg.rdf.iri``
only that module), then the third-party packages (``none`` for none). Every import counts,
also one inside a function or under ``TYPE_CHECKING``; the standard library does not, nor
``kg`` itself (its ``__version__``).
"""

from __future__ import annotations

import ast
import re
import sys

import pytest

from tests.conftest import REPO

PACKAGES = sorted(p.parent.name for p in (REPO / "kg").glob("*/README.md"))
_LINE = re.compile(r"\*\*Imports:\*\*\s+(?P<kg>[^;]*);\s*(?P<third>.*?)\.(?:\s|$)", re.DOTALL)


def _imports(package: str) -> tuple[set[str], set[str]]:
    """The ``kg`` modules (outside ``package``) and the third-party packages it imports."""
    own, internal, third = f"kg.{package}", set(), set()
    for path in (REPO / "kg" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [f"kg.{a.name}" for a in node.names] if node.module == "kg" else [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if module == own or module.startswith(own + "."):
                    continue
                if top == "kg":
                    if module != "kg.__version__":
                        internal.add(module)
                elif top not in sys.stdlib_module_names:
                    third.add(top)
    return internal, third


def _stated(package: str) -> tuple[set[str], set[str]]:
    text = (REPO / "kg" / package / "README.md").read_text(encoding="utf-8")
    match = _LINE.search(text)
    assert match, f"kg/{package}/README.md has no '**Imports:** `kg.…`, …; third-party, ….' line"
    internal = set(re.findall(r"`(kg(?:\.\w+)*)`", match["kg"]))
    third = {name.strip(" `") for name in match["third"].split(",")} - {"none"}
    return internal, third


@pytest.mark.parametrize("package", PACKAGES)
def test_readme_lists_the_imports_of_its_stage(package: str) -> None:
    (listed, listed_third), (used, used_third) = _stated(package), _imports(package)

    def covered(module: str) -> bool:
        return any(module == name or module.startswith(name + ".") for name in listed)

    assert not {m for m in used if not covered(m)}, f"kg/{package} imports what its README does not list"
    unused = {name for name in listed if not any(m == name or m.startswith(name + ".") for m in used)}
    assert not unused, f"kg/{package}/README.md lists imports the code no longer has"
    assert listed_third == used_third, f"kg/{package}/README.md: third-party imports"


def test_every_stage_has_a_readme() -> None:
    stages = {p.parent.name for p in (REPO / "kg").glob("*/__init__.py")}
    assert stages == set(PACKAGES)
