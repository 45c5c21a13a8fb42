"""/about shows the last build's report; entity pages show the evidence of results."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.config import Settings
from kg.store import Store
from kg.web import create_app

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store_dir = tmp_path_factory.mktemp("about") / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store_dir), "--no-progress"]) == 0
    app = create_app(Settings.load(env={}, store=str(store_dir)), store=Store(store_dir, read_only=True))
    return app.test_client()


def test_about_shows_the_last_build_report(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/about").get_data(as_text=True)
    assert "Last build" in page
    assert "Articles built / read" in page and "3 / 3" in page
    assert "Inferred triples" in page


def test_driver_page_shows_result_evidence_with_article_link(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/resource/driver/lukas-brenner", headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert "sicherte sich beim Qualifying" in page
    assert 'href="/resource/article/gtm-lausitz-qualifying"' in page


def test_about_without_a_report_still_renders(tmp_path: Path) -> None:
    app = create_app(Settings.load(env={}), store=Store())
    page = app.test_client().get("/about").get_data(as_text=True)
    assert "About this dataset" in page and "Last build" not in page
