"""kg eval: texts built in memory and scored by the evaluation's scorer (real files, real scorer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"

GOLD = {
    "id": "a1",
    "entities": {"driver": ["Tom Berg", "Paul Seidel"], "team": [], "manufacturer": [], "car_model": [],
                 "series": [], "circuit": ["Sachsenring"], "person_other": []},
    "aliases": {},
    "sessions": [{"type": "race", "series": None, "circuit": "Sachsenring", "class": None,
                  "results": [{"position": 1, "driver": ["Tom Berg"]}, {"position": 2, "driver": ["Paul Seidel"]}]}],  # noqa: E501
    "driver_facts": [],
    "other_facts": [],
}  # fmt: skip


@pytest.fixture
def dev(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "texts" / "a1.txt").write_text(
        "Im Rennen auf dem Sachsenring siegte Tom Berg vor Paul Seidel.\n"
    )
    (tmp_path / "gold" / "a1.json").write_text(json.dumps(GOLD))
    (tmp_path / "gold" / "a2.json").write_text(json.dumps({**GOLD, "id": "a2"}))
    (tmp_path / "README.md").write_text("- **validation**: a2.\n")
    return tmp_path


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared evaluation folder is not beside the project")
def test_eval_scores_the_built_articles(dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["eval", str(dev / "texts"), "--gold", str(dev / "gold"), "--ids", "a1", "--scorer", str(SCORER)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "results                P=1.000 R=1.000 F1=1.000" in out
    assert "score:" in out


def test_eval_split_reads_the_validation_list(dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a2 is validation and has no text: nothing to build, said by name
    code = main(["eval", str(dev / "texts"), "--gold", str(dev / "gold"), "--split", "validation",
                 "--scorer", str(dev / "missing.py")])  # fmt: skip
    assert code == 1
    assert "none of the 1 articles" in capsys.readouterr().err


def test_eval_without_a_scorer_says_so(dev: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", str(dev / "texts"), "--gold", str(dev / "gold"), "--split", "train"])
    assert code == 1
    assert "no score.py" in capsys.readouterr().err
