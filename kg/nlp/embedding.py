"""Token embeddings for the statistical NER: spaCy's hash embeddings plus word-cluster features.

German capitalises every noun, so spelling says little about what is a name; 5,100 labelled
sentences say little about which words are places or surnames. Brown clusters computed on a
large German corpus carry that knowledge: *Stockholm* and *Birmingham* share a cluster, as do
*Heidi* and *Teemu*, or *Klum*, *Kolb* and *Verstappen*. spaCy's German lookup data
(``spacy-lookups-data``, MIT) ships such clusters for a million word forms (table
``lexeme_cluster``) and their log-probabilities (``lexeme_prob``). The tables are read from
that installed package (a dependency, 29 MB as spaCy tables: too big to copy into every
model), never downloaded; the model stores only what it learned about them.

A cluster is stored as its bit path reversed into an integer, so the path prefix of length
``k`` (the cluster at a coarser level of the hierarchy) is ``cluster & (2**k - 1)``. Each
configured prefix length becomes one hashed feature column; a word without a cluster gets 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy
from spacy.ml.featureextractor import FeatureExtractor
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from thinc.types import Floats2d, Ints2d, Ragged

from kg.errors import KGError

CLUSTER_TABLE = "lexeme_cluster"
PROB_TABLE = "lexeme_prob"


@registry.architectures("kg.ClusterHashEmbed.v1")  # type: ignore[untyped-decorator]
def cluster_hash_embed(
    width: int,
    attrs: list[str],
    rows: list[int],
    cluster_bits: list[int],
    cluster_rows: int,
    prob_buckets: bool,
) -> Model[list[Doc], list[Floats2d]]:
    """``spacy.MultiHashEmbed.v2`` (without static vectors) plus word-cluster columns.

    Args:
        width: output width, and the width of every embedding table.
        attrs, rows: the lexical attributes to hash-embed and their table sizes.
        cluster_bits: cluster path prefix lengths, one feature column each (0: the whole path).
        cluster_rows: rows of each cluster embedding table.
        prob_buckets: add a column with the word's rounded negative log-probability (its
            corpus frequency class; 0 for unknown words).
    """
    if len(rows) != len(attrs):
        raise ValueError(f"kg.ClusterHashEmbed.v1: {len(rows)} rows for {len(attrs)} attrs")
    n_extra = len(cluster_bits) + int(prob_buckets)
    table_rows = [*rows, *([cluster_rows] * len(cluster_bits)), *([64] if prob_buckets else [])]
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(table_rows)
    ]
    features: Model[list[Doc], Ragged] = chain(
        concatenate(FeatureExtractor(list(attrs)), lexical_cluster_features(cluster_bits, prob_buckets)),
        list2ragged(),
    )
    model: Model[list[Doc], list[Floats2d]] = chain(
        features,
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * (len(attrs) + n_extra), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
    return model


def lexical_cluster_features(cluster_bits: list[int], prob_buckets: bool) -> Model[list[Doc], list[Ints2d]]:
    """A layer mapping each doc to its tokens' cluster-prefix (and frequency-class) columns."""
    masks = [(1 << bits) - 1 if bits else (1 << 64) - 1 for bits in cluster_bits]
    return Model(
        "lexical_cluster_features",
        _cluster_forward,
        attrs={"masks": masks, "prob_buckets": prob_buckets},
    )


@lru_cache(maxsize=1)
def lexeme_tables() -> tuple[Mapping[str, int], Mapping[str, float]]:
    """spaCy's German word clusters and log-probabilities, each word's bucket read on its first
    lookup (from a copy in the user's cache after the first read:
    :func:`kg.nlp.ner_model.bucket_table`; the NER reads them whole when it loads).

    Read from the installed ``spacy-lookups-data`` package (a dependency; nothing is
    downloaded). Plain dicts keyed by the word: about three times faster to load than spaCy's
    hashed ``Lookups`` tables, and the model needs nothing else from them.
    """
    try:
        import spacy_lookups_data
    except ImportError as e:
        raise KGError(
            "the statistical NER needs spaCy's German lookup data: pip install spacy-lookups-data"
        ) from e
    from kg.nlp.ner_model import bucket_table

    folder = Path(spacy_lookups_data.__file__).parent / "data"
    clusters, probs = (bucket_table(folder / f"de_{name}.json.gz") for name in (CLUSTER_TABLE, PROB_TABLE))
    return clusters, probs


@lru_cache(maxsize=200_000)
def _feature_row(text: str, masks: tuple[int, ...], prob_buckets: bool) -> tuple[int, ...]:
    """The feature columns of one word (cached: a word's row is computed once per process)."""
    clusters, probs = lexeme_tables()
    cluster = clusters.get(text) or clusters.get(text.lower(), 0)
    row = [(cluster & mask) + 1 if cluster else 0 for mask in masks]
    if prob_buckets:
        prob = probs.get(text) or probs.get(text.lower())
        row.append(1 + round(-prob) if prob else 0)
    return tuple(row)


def _cluster_forward(model: Model[Any, Any], docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], object]:
    masks: tuple[int, ...] = tuple(model.attrs["masks"])
    prob_buckets: bool = model.attrs["prob_buckets"]
    n_cols = len(masks) + int(prob_buckets)
    columns = []
    for doc in docs:
        rows = [_feature_row(token.text, masks, prob_buckets) for token in doc]
        out = numpy.array(rows, dtype="uint64").reshape(len(doc), n_cols)
        columns.append(model.ops.asarray2i(cast("Ints2d", out), dtype="uint64"))

    def backprop(d_columns: list[Ints2d]) -> list[Doc]:
        return []

    return columns, backprop
