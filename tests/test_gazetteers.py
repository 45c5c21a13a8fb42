"""The generated gazetteers of circuits and brands: current, with German news names, without
common words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.nlp.lexicon import DATA_DIR, load_lexicon

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / "wikidata").is_dir(), reason=f"shared data not found at {SHARED_DATA}"
)


@needs_shared
@pytest.mark.parametrize("name", ["circuits.tsv", "brands.tsv", "first_names.tsv"])
def test_gazetteer_shipped_file_is_current(tmp_path: Path, name: str) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import build_gazetteers
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert build_gazetteers.main(["--data", str(SHARED_DATA), "--out", str(tmp_path)]) == 0
    assert (tmp_path / name).read_text(encoding="utf-8") == (DATA_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "circuit"),
    [
        ("Spielberg", "Red Bull Ring"),
        ("Le Mans", "Circuit de la Sarthe"),
        ("Schanghai", "Shanghai"),
        ("Hockenheim", "Hockenheimring"),
        ("Ardennen-Kurs", "Spa-Francorchamps"),
        ("Oschersleben", "Motorsport Arena Oschersleben"),
        ("Eurospeedway", "Lausitzring"),
    ],
)
def test_gazetteer_knows_circuits_by_their_news_names(name: str, circuit: str) -> None:
    assert load_lexicon().circuits[name] == circuit


def test_gazetteer_leaves_cities_that_only_name_a_circuit_in_race_reports_out() -> None:
    circuits = load_lexicon().circuits
    for city in ("Singapur", "Rom", "Budapest", "Barcelona", "Jakarta"):
        assert city not in circuits, city
    assert "Phoenix" not in circuits and "Phoenix Street Circuit" in circuits  # "Phoenix" is a team


def test_gazetteer_brands_leave_common_words_and_dealers_out() -> None:
    brands = load_lexicon().brands
    assert {"Ducati", "Yamaha", "KTM", "Porsche", "Mercedes-Benz"} <= brands
    for word in ("Triumph", "Küchen", "Life", "Genesis", "Das WeltAuto", "America's Car-Mart"):
        assert word not in brands, word
