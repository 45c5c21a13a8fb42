"""On a graph built from shared/seeds, the offline linker links every car brand and every country,
each to the QID the shared data gives for it (expectations read from the data, not from memory)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.config import Settings
from kg.link import link_store
from kg.link.index import COUNTRY_NAMES_PATH
from kg.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
pytestmark = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir() or not (SHARED / "data" / "wikidata").is_dir(),
    reason=f"shared seeds or data not found under {SHARED}",
)


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _expected(kind: str, label: str) -> str | None:
    """The QID the shared data gives for a manufacturer (NSI brand name) or a country (German
    name → ISO code → the countries.tsv row whose only QID it is)."""
    wd = SHARED / "data" / "wikidata"
    if kind == "manufacturer":
        return {r["nsi_brand"]: r["qid"] for r in _tsv(wd / "car_brands.tsv")}.get(label)
    iso = {r["name_de"]: r["iso2"] for r in _tsv(COUNTRY_NAMES_PATH)}.get(label)
    qids = {r["qid"] for r in _tsv(wd / "countries.tsv") if iso and r["iso3166_alpha2"] == iso}
    return qids.pop() if len(qids) == 1 else None


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    from kg.pipeline import build

    store, settings = Store(), Settings.load(env={})
    assert build([SHARED / "seeds"], store, settings).built
    return link_store(store, settings)


@pytest.mark.parametrize("kind", ["country", "manufacturer"])
def test_seeds_every_brand_and_country_is_linked_right(report, kind: str) -> None:  # type: ignore[no-untyped-def]
    linked, total = report.counts()[kind]
    assert total and linked == total, [u.entity.labels for u in report.unlinked if u.entity.kind == kind]
    for link in report.links:
        if link.entity.kind == kind:
            assert link.qid == _expected(kind, link.entity.labels[0]), link.entity.labels
