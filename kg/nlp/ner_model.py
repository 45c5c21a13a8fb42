"""The shipped statistical NER (``kg/nlp/models/de_motorsport_ner``): load it, or add it to a pipeline.

A German ``tok2vec`` + ``ner`` pipeline trained on GermEval 2014 (PER, ORG, LOC, MISC; see
``models/README.md``). It is read from the package directory, never downloaded. It is the
fallback for names the gazetteers do not know; the motorsport types come from the recogniser.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

#: where the trained pipeline lives in the package
MODEL_PATH = Path(__file__).parent / "models" / "de_motorsport_ner"
#: the labels it predicts
NER_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")


def load_ner_from(path: Path) -> Language:
    """A trained NER pipeline from a directory (registers the project's architectures first)."""
    import spacy

    from kg.nlp import embedding  # noqa: F401 - registers kg.ClusterHashEmbed.v1

    if not (path / "config.cfg").is_file():
        raise KGError(f"{path}: not a trained NER pipeline (no config.cfg; train one with `kg nlp train`)")
    return spacy.load(path)


@lru_cache(maxsize=1)
def load_ner() -> Language:
    """The shipped NER pipeline (project tokenizer, ``tok2vec``, ``ner``), loaded once per process."""
    return load_ner_from(MODEL_PATH)


def load_statistical_ner(vocab: Vocab) -> Callable[[Doc], Doc]:
    """The shipped model's ``ner`` with its own copy of ``tok2vec``, to run on docs of ``vocab``.

    A fresh copy on every call (``replace_listeners`` changes the loaded pipeline). The word
    cluster tables are read now, so that forked build workers inherit them.
    """
    from kg.nlp.embedding import lexeme_tables

    lexeme_tables()
    source = load_ner_from(MODEL_PATH)
    source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    ner = source.get_pipe("ner")
    for label in ner.labels:  # type: ignore[attr-defined]
        vocab.strings.add(label)
    return ner  # type: ignore[return-value]
