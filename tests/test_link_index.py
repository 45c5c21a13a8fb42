"""The offline index: built from the shared data only, deterministic, current, no invented QIDs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.link.circuits import CIRCUIT_NAMES_PATH, circuit_rows, short_forms
from kg.link.index import (
    COUNTRY_NAMES_PATH,
    INDEX_PATH,
    Index,
    IndexRow,
    build_index_rows,
    is_maker,
    load_index,
    read_index_rows,
    write_index,
)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / "wikidata").is_dir(), reason=f"shared data not found at {SHARED_DATA}"
)


@pytest.fixture(scope="module")
def shipped() -> Index:
    return load_index()


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@needs_shared
def test_index_every_qid_comes_from_a_shared_data_file() -> None:
    known = set()
    for name in ("car_brands.tsv", "countries.tsv", "motorsport_classes.tsv"):
        known |= {r["qid"] for r in _tsv(SHARED_DATA / "wikidata" / name)}
    with (SHARED_DATA / "wikidata" / "circuits.csv").open(encoding="utf-8", newline="") as f:
        circuits = {r["id"]: r["country"] for r in csv.DictReader(f)}
    assert load_index().qids() <= known | set(circuits)
    for row in load_index().rows:
        if row.kind == "circuit":
            assert row.country == circuits[row.qid], row  # the country is the data's, never guessed


@needs_shared
def test_index_shipped_file_is_current(tmp_path: Path) -> None:
    rows, _ = build_index_rows(SHARED_DATA)
    write_index(rows, tmp_path / "index.tsv")
    assert (tmp_path / "index.tsv").read_text(encoding="utf-8") == INDEX_PATH.read_text(encoding="utf-8")


@needs_shared
def test_index_keeps_dealer_chains_out_and_makers_in() -> None:
    brands = {r.qid for r in load_index().rows if r.kind == "manufacturer"}
    by_name = {r["nsi_brand"]: r["qid"] for r in _tsv(SHARED_DATA / "wikidata" / "car_brands.tsv")}
    makers = ("Porsche", "Audi", "BMW", "Ferrari", "Chevrolet", "Cadillac", "Suzuki", "Tesla", "KTM")
    motorcycles = ("Ducati", "Yamaha", "Kawasaki", "Harley-Davidson", "BMW Motorrad", "Triumph")
    for maker in makers + motorcycles:
        assert by_name[maker] in brands, maker
    dealers = (
        "AutoNation",
        "CarMax",
        "Avis",
        "Arnold Clark",
        "Das WeltAuto",
        "Louis Motorrad",
        "Polo Motorrad",
    )
    for dealer in dealers:
        assert by_name[dealer] not in brands, dealer
    assert by_name["MG"] not in brands  # MG Motor (SAIC) is not the MG of race reports


@needs_shared
@pytest.mark.parametrize(("iso", "name"), [(r["iso2"], r["name_de"]) for r in _tsv(COUNTRY_NAMES_PATH)])
def test_index_every_german_country_name_joins_a_qid_of_its_iso_code(
    shipped: Index, iso: str, name: str
) -> None:
    qids = {r["qid"] for r in _tsv(SHARED_DATA / "wikidata" / "countries.tsv") if r["iso3166_alpha2"] == iso}
    assert set(shipped.lookup("country", name)) <= qids and shipped.lookup("country", name)


@needs_shared
def test_index_german_names_go_to_the_current_state_not_the_historical_one() -> None:
    index = load_index()
    assert set(index.lookup("country", "AF")) == {"Q889"}  # not Q30747910, Islamic Republic (2004–2021)
    assert set(index.lookup("country", "Vietnam")) == {"Q881"}  # not Q180573, South Vietnam


def test_is_maker_reads_the_description() -> None:
    row = {
        "qid": "Q0",
        "nsi_category": "brands/shop/car",
        "wikidata_description_en": "used car dealership chain",
    }
    assert not is_maker(row)
    assert is_maker({**row, "wikidata_description_en": "German automobile manufacturer"})
    motorcycle = {**row, "nsi_category": "brands/shop/motorcycle"}
    assert is_maker({**motorcycle, "wikidata_description_en": "American motorcycle manufacturer"})
    assert not is_maker({**motorcycle, "wikidata_description_en": "motorcycle clothing and parts retailer"})


@needs_shared
def test_index_every_german_circuit_row_joins_one_circuit_of_its_country() -> None:
    with (SHARED_DATA / "wikidata" / "circuits.csv").open(encoding="utf-8", newline="") as f:
        circuits = [(r["name"], r["country"]) for r in csv.DictReader(f)]
    for rec in _tsv(CIRCUIT_NAMES_PATH):
        assert circuits.count((rec["circuit"], rec["country"])) == 1, rec["circuit"]


@needs_shared
def test_index_german_circuit_row_with_a_wrong_country_is_an_error(tmp_path: Path) -> None:
    german = tmp_path / "names.tsv"
    german.write_text(
        "circuit\tcountry\tlabel_de\taliases\ttowns\tcities\tsource\n"
        "Hockenheimring\tAT\t\t\tHockenheim\t\tt\n",  # Hockenheim is in Germany
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no circuit 'Hockenheimring' in AT"):
        circuit_rows(SHARED_DATA, german)


@needs_shared
@pytest.mark.parametrize(
    ("name", "qid"),
    [
        ("Hockenheimring", "Q152408"),
        ("Hockenheim", "Q152408"),
        ("Spa-Francorchamps", "Q172851"),  # circuits.csv spells it "Spa-Francochamps Circuit"
        ("Ardennen-Kurs", "Q172851"),
        ("Le Mans", "Q174090"),  # the Circuit de la Sarthe, not the Bugatti Circuit of the same town
        ("Circuit de la Sarthe", "Q174090"),
        ("Spielberg", "Q171566"),
        ("Red Bull Ring", "Q171566"),
        ("A1-Ring", "Q171566"),  # a former name (F1DB)
        ("Schanghai", "Q171358"),
        ("Shanghai", "Q171358"),  # not the Shanghai Street Circuit or Tianma
        ("Lausitzring", "Q699372"),
        ("Eurospeedway", "Q699372"),
        ("Motopark Oschersleben", "Q836417"),
        ("Zandvoort", "Q173083"),
        ("Ordos", "Q1825597"),  # a short form of "Ordos International Circuit"
    ],
)
def test_index_circuits_by_german_and_news_names(shipped: Index, name: str, qid: str) -> None:
    assert list(shipped.best("circuit", name)) == [qid]


@needs_shared
def test_index_has_no_row_for_the_nordschleife_and_invents_none() -> None:
    index = load_index()
    assert index.best("circuit", "Nordschleife") == {}
    assert index.best("circuit", "Nürburgring-Nordschleife") == {}


@needs_shared
def test_index_a_generated_name_of_two_circuits_is_ambiguous() -> None:
    # "Madrid" is F1DB's town of both Jarama and Madring
    assert set(load_index().best("circuit", "Madrid")) == {"Q172897", "Q126193406"}


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Ordos International Circuit", ["Ordos"]),
        ("Autodromo di Modena", ["Modena"]),
        ("Atlanta Motor Speedway", ["Atlanta"]),
        ("Kartbahn Harsewinkel", []),
        ("Bristol Dragway", []),
        ("Hockenheimring", []),
        ("Circuit International", []),
    ],
)
def test_short_forms_drop_generic_words_only(name: str, short: list[str]) -> None:
    assert short_forms(name) == short


def test_index_town_of_a_circuit_checks_the_country() -> None:
    de = IndexRow("Q900040", "Testring", (), "circuit", "t", places=("Neustadt",), country="DE")
    us = IndexRow("Q900041", "Neustadt Speedway", ("Neustadt",), "circuit", "t", country="US")
    index = Index([de, us])
    assert index.countries_of(["Neustadt"]) == {"DE"}
    assert index.best("circuit", "Neustadt") == {"Q900041": 0.9}  # the alias tier wins ...
    assert index.best("circuit", "Neustadt", {"DE"}) == {"Q900040": 0.8}  # ... unless the country decides


def test_index_rows_of_two_files_merge(tmp_path: Path) -> None:
    shipped = IndexRow("Q900050", "Testring", ("Alt",), "circuit", "data", country="DE")
    grown = IndexRow(
        "Q900050", "Testring Nord", ("Nordkurs",), "circuit", "api", retrieved="2026-01-02T00:00:00Z"
    )
    write_index([shipped], tmp_path / "a.tsv")
    write_index([grown], tmp_path / "b.tsv")
    (row,) = load_index(tmp_path / "a.tsv", local=tmp_path / "b.tsv").rows
    assert row.label == "Testring" and set(row.aliases) == {"Alt", "Nordkurs", "Testring Nord"}
    assert load_index(tmp_path / "a.tsv", local=tmp_path / "missing.tsv").rows == (shipped,)


def test_index_reads_the_older_five_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.tsv"
    path.write_text("qid\tlabel\taliases\tkind\tsource\nQ900060\tAlpha\tA\tteam\tt\n", encoding="utf-8")
    assert read_index_rows(path) == [IndexRow("Q900060", "Alpha", ("A",), "team", "t")]
    path.write_text("qid\tname\nQ1\tx\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected the columns"):
        read_index_rows(path)
