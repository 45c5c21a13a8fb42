"""Word-cluster features of the statistical NER, and the run-time lemmatizer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.errors import InputError, KGError
from kg.nlp.embedding import lexeme_tables, lexical_cluster_features


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kg.nlp import load_pipeline

    return load_pipeline(statistical_ner=False)


def _columns(nlp, text: str, bits: list[int], prob_buckets: bool = False) -> list[list[int]]:  # type: ignore[no-untyped-def]
    layer = lexical_cluster_features(bits, prob_buckets)
    (columns,) = layer.predict([nlp.make_doc(text)])
    return columns.tolist()


def test_cities_share_a_cluster_and_names_do_not_share_it(nlp) -> None:  # type: ignore[no-untyped-def]
    stockholm, birmingham, heidi, und = _columns(nlp, "Stockholm Birmingham Heidi und", [0])
    assert stockholm == birmingham
    assert stockholm != heidi != und


def test_coarse_prefixes_group_more_words_than_whole_paths(nlp) -> None:  # type: ignore[no-untyped-def]
    clusters, _ = lexeme_tables()
    der, die = _columns(nlp, "der die", [4, 0])
    assert clusters["der"] != clusters["die"]
    assert der[1] != die[1]  # different whole paths ...
    assert der[0] == die[0]  # ... the same 4-bit prefix (both articles)


def test_unknown_word_gets_zero_and_lower_case_fallback(nlp) -> None:  # type: ignore[no-untyped-def]
    clusters, _ = lexeme_tables()
    assert "Qxzvbrn" not in clusters and "qxzvbrn" not in clusters
    assert "SCHNELLSTE" not in clusters and "schnellste" in clusters
    unknown, shouted, plain = _columns(nlp, "Qxzvbrn SCHNELLSTE schnellste", [6, 0], prob_buckets=True)
    assert unknown == [0, 0, 0]
    assert shouted == plain != [0, 0, 0]


def test_frequent_words_have_a_lower_frequency_class(nlp) -> None:  # type: ignore[no-untyped-def]
    _, probs = lexeme_tables()
    assert probs["und"] > probs["Boxenstopp"]
    [und], [rare] = _columns(nlp, "und Boxenstopp", [], prob_buckets=True)
    assert 0 < und < rare


def test_missing_lookup_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    lexeme_tables.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy_lookups_data", None)
    try:
        with pytest.raises(KGError, match="pip install spacy-lookups-data"):
            lexeme_tables()
    finally:
        lexeme_tables.cache_clear()


def test_embed_rejects_mismatched_rows() -> None:
    from kg.nlp.embedding import cluster_hash_embed

    with pytest.raises(ValueError, match="2 rows for 1 attrs"):
        cluster_hash_embed(32, ["NORM"], [100, 200], [4], 100, False)


def test_embed_outputs_one_vector_per_token(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg.nlp.embedding import cluster_hash_embed

    model = cluster_hash_embed(32, ["NORM", "SHAPE"], [100, 50], [4, 0], 100, True)
    docs = [nlp.make_doc("Heidi fuhr in Stockholm."), nlp.make_doc("Danke")]
    model.initialize(X=docs)
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(5, 32), (1, 32)]


def test_pipeline_lemmatizes_with_spacys_german_table(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.pipe_names[0] == "lemmatizer"
    doc = nlp("Sie fuhren schnell, er gewann das Rennen und siegte.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["fuhren"] == "fahren"
    assert lemmas["gewann"] == "gewinnen"
    assert lemmas["siegte"] == "siegen"
    assert lemmas["Rennen"] == "Rennen"


def test_pipeline_lemmas_are_those_of_spacys_lookup_lemmatizer(nlp) -> None:  # type: ignore[no-untyped-def]
    """The pipeline's lemmatizer looks each distinct word up once; its lemmas are spaCy's own
    lookup lemmatizer's with the same table (words it knows, words it does not, repeated words)."""
    import spacy
    from spacy.tokens import Doc

    from kg.nlp.ner_model import lemma_lookups

    reference = spacy.blank("de")
    spacys = reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    spacys.initialize(lookups=lemma_lookups())  # type: ignore[attr-defined]
    words = "Die Fahrer fuhren , Kvyatkovski fuhr 2:24,869 Minuten . Die Fahrer siegten ; Kvyatkovski".split()
    ours = nlp.get_pipe("lemmatizer")
    for _ in range(2):  # the second time from the lemmas it remembers
        got = [t.lemma_ for t in ours(Doc(nlp.vocab, words=words))]
        assert got == [t.lemma_ for t in spacys(Doc(reference.vocab, words=words))]
    assert got[:3] == ["der", "Fahrer", "fahren"]
    assert "Kvyatkovski" in got


def test_analyzed_tokens_carry_lemmas() -> None:
    from kg.ingest import Article
    from kg.nlp import analyze

    article = Article(identifier="t1", text="Die Fahrer fuhren im Regen.", source="test")
    (analyzed,) = analyze([article])
    assert [t.lemma for t in analyzed.tokens][:3] == ["der", "Fahrer", "fahren"]


CONLLU = """\
# sent_id = t1
# text = Er fuhr.
1\tEr\ter\tPRON\tPPER\t_\t2\tnsubj\t_\t_
2\tfuhr\tfahren\tVERB\tVVFIN\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t$.\t_\t2\tpunct\t_\t_

# sent_id = t2
1-2\tzum\t_\t_\t_\t_\t_\t_\t_\t_
1\tzu\tzu\tADP\tAPPR\t_\t3\tcase\t_\t_
2\tdem\tder\tDET\tART\t_\t3\tdet\t_\t_
3\tZiel\tZiel\tNOUN\tNN\t_\t0\troot\t_\t_
"""


def test_read_conllu_lemmas_skips_multiword_tokens(tmp_path: Path) -> None:
    from kg.nlp.training.evaluate import read_conllu_lemmas

    path = tmp_path / "t.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    assert read_conllu_lemmas(path) == [
        [("Er", "er"), ("fuhr", "fahren"), (".", ".")],
        [("zu", "zu"), ("dem", "der"), ("Ziel", "Ziel")],
    ]


def test_read_conllu_lemmas_names_a_bad_line(tmp_path: Path) -> None:
    from kg.nlp.training.evaluate import read_conllu_lemmas

    path = tmp_path / "bad.conllu"
    path.write_text("1\tEr\ter\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.conllu:1: expected 10"):
        read_conllu_lemmas(path)


def test_evaluate_lemmas_counts_exact_matches(tmp_path: Path) -> None:
    from kg.nlp.training.evaluate import evaluate_lemmas

    folder = tmp_path / "ud_german_gsd"
    folder.mkdir()
    (folder / "de_gsd-ud-test.conllu").write_text(CONLLU, encoding="utf-8")
    scores = evaluate_lemmas(tmp_path)
    assert scores.tokens == 6
    # spaCy's table gives "fahren", "zu", "der", "Ziel", "."; its pronoun lemma for "Er" is "ich"
    assert scores.correct == 5
    assert scores.accuracy == pytest.approx(5 / 6)
