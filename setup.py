"""Packaging beyond what pyproject.toml can say: the wheel carries the top-level ``ontology/``
and ``queries/`` folders (their source) inside the package, as ``kg/_data/…``, where
:mod:`kg.resources` finds them once installed. An editable install reads the folders
themselves and copies nothing."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("ontology", "queries")


class BuildWithData(build_py):  # type: ignore[misc]  # setuptools has no types mypy reads
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "kg" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(Path(__file__).parent / name, target)


setup(cmdclass={"build_py": BuildWithData})
