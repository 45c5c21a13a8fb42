"""The offline index: built from the shared data only, deterministic, current, no invented QIDs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.link.index import (
    COUNTRY_NAMES_PATH,
    INDEX_PATH,
    build_index_rows,
    is_car_maker,
    load_index,
    write_index,
)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / "wikidata").is_dir(), reason=f"shared data not found at {SHARED_DATA}"
)


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@needs_shared
def test_index_every_qid_comes_from_a_shared_data_file() -> None:
    known = set()
    for name in ("car_brands.tsv", "countries.tsv", "motorsport_classes.tsv"):
        known |= {r["qid"] for r in _tsv(SHARED_DATA / "wikidata" / name)}
    assert load_index().qids() <= known


@needs_shared
def test_index_shipped_file_is_current(tmp_path: Path) -> None:
    rows, _ = build_index_rows(SHARED_DATA)
    write_index(rows, tmp_path / "index.tsv")
    assert (tmp_path / "index.tsv").read_text(encoding="utf-8") == INDEX_PATH.read_text(encoding="utf-8")


@needs_shared
def test_index_keeps_dealer_chains_out_and_makers_in() -> None:
    brands = {r.qid for r in load_index().rows if r.kind == "manufacturer"}
    by_name = {r["nsi_brand"]: r["qid"] for r in _tsv(SHARED_DATA / "wikidata" / "car_brands.tsv")}
    for maker in ("Porsche", "Audi", "BMW", "Ferrari", "Chevrolet", "Cadillac", "Suzuki", "Tesla", "KTM"):
        assert by_name[maker] in brands, maker
    for dealer in ("AutoNation", "CarMax", "Avis", "Arnold Clark", "Das WeltAuto", "Harley-Davidson"):
        assert by_name[dealer] not in brands, dealer


@needs_shared
@pytest.mark.parametrize(("iso", "name"), [(r["iso2"], r["name_de"]) for r in _tsv(COUNTRY_NAMES_PATH)])
def test_index_every_german_country_name_joins_a_qid_of_its_iso_code(iso: str, name: str) -> None:
    qids = {r["qid"] for r in _tsv(SHARED_DATA / "wikidata" / "countries.tsv") if r["iso3166_alpha2"] == iso}
    assert set(load_index().lookup("country", name)) <= qids and load_index().lookup("country", name)


@needs_shared
def test_index_german_names_go_to_the_current_state_not_the_historical_one() -> None:
    index = load_index()
    assert set(index.lookup("country", "AF")) == {"Q889"}  # not Q30747910, Islamic Republic (2004–2021)
    assert set(index.lookup("country", "Vietnam")) == {"Q881"}  # not Q180573, South Vietnam


def test_is_car_maker_reads_the_description() -> None:
    row = {
        "qid": "Q0",
        "nsi_category": "brands/shop/car",
        "wikidata_description_en": "used car dealership chain",
    }
    assert not is_car_maker(row)
    assert is_car_maker({**row, "wikidata_description_en": "German automobile manufacturer"})
    assert not is_car_maker(
        {
            **row,
            "nsi_category": "brands/shop/motorcycle",
            "wikidata_description_en": "American motorcycle manufacturer",
        }
    )
