"""The wheel works outside the checkout: built from the sources, installed into a fresh
virtual environment in a temporary folder, it builds a sample article (reasoning with the
ontology, validating with the shapes) and answers a saved query by name, from its own files.

The fresh environment gets its dependencies from the test's own environment through a
``.pth`` line (no network in tests). A ``.pth`` line only adds a folder to ``sys.path``; the
``.pth`` files inside that folder (the editable install's finder that maps ``kg`` to the
checkout) are not run, so ``kg`` is the wheel's, and the test checks that it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow

#: what building the wheel reads (setup.py copies ontology/ and queries/ into it)
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "kg", "ontology", "queries")


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 240) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (
        f"{' '.join(args)} exited with {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the wheel installed, and the environment to run it in."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            src.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(src)], tmp, env)
    (wheel,) = (tmp / "dist").glob("motorsport_kg-*.whl")
    venv = tmp / "fresh"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp, env)
    python = venv / "bin" / "python"
    _run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], tmp, env)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp, env)
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib.strip()) / "test-dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    return venv, env


def test_wheel_carries_the_ontology_and_the_saved_queries(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    code = (
        "import kg, kg.resources as r; from kg.query import load_saved_queries; "
        "print(kg.__file__); print(r.ontology_dir()); print(len(load_saved_queries(r.queries_dir())))"
    )
    out = _run([str(venv / "bin" / "python"), "-c", code], venv.parent, env).splitlines()
    package, ontology, saved = out
    assert Path(package).is_relative_to(venv), package  # the wheel's kg, not the checkout's
    assert Path(ontology) == Path(package).parent / "_data" / "ontology"
    assert (Path(ontology) / "motorsport.ttl").is_file() and (Path(ontology) / "shapes.ttl").is_file()
    assert int(saved) == len(list((REPO / "queries").glob("*.rq")))


def test_installed_kg_builds_reasons_validates_and_runs_a_saved_query(
    installed: tuple[Path, dict[str, str]],
) -> None:
    venv, env = installed
    work = venv.parent / "work"  # outside the checkout: nothing there to fall back on
    work.mkdir()
    shutil.copy2(EXAMPLES / "gtm-lausitz-qualifying.txt", work / "qualifying.txt")
    kg = str(venv / "bin" / "kg")
    built = _run([kg, "build", "qualifying.txt", "--store", "st", "--no-progress"], work, env)
    assert "articles   1 built of 1 read" in built
    inferred = next(line for line in built.splitlines() if line.startswith("inferred"))
    assert int(inferred.split()[1]) > 0  # the ontology's rules ran
    assert "violations 0" in built  # the shapes were read (a missing file would end the build)
    answer = _run([kg, "query", "--store", "st", "pole-sitters", "--format", "csv"], work, env)
    assert "Lukas Brenner" in answer and "Lausitzring" in answer
    assert "violation(s)" in _run([kg, "validate", "--store", "st"], work, env)
