"""The shipped statistical NER (``kg/nlp/models/de_motorsport_ner``): load it, or add it to a pipeline.

A German ``tok2vec`` + ``ner`` pipeline trained on GermEval 2014 (PER, ORG, LOC, MISC; see
``models/README.md``). It is read from the package directory, never downloaded. It is the
fallback for names the gazetteers do not know; the motorsport types come from the recogniser.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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


def add_statistical_ner(
    nlp: Language,
    name: str = "statistical_ner",
    *,
    spans_key: str | None = None,
    before: str | None = None,
    after: str | None = None,
) -> None:
    """Add the trained NER to ``nlp`` as one component carrying its own ``tok2vec``.

    Args:
        nlp: the pipeline to extend (German, with the project's tokenizer).
        name: the component's name.
        spans_key: if given, the predictions go to ``doc.spans[spans_key]`` instead of staying
            in ``doc.ents`` (a small second component, ``<name>_to_spans``, moves them), so that
            a later recogniser can use them as a fallback without having them in its way.
        before, after: where to add it (default: at the end).
    """
    from kg.nlp.embedding import lexeme_tables

    lexeme_tables()  # read now, so that forked build workers inherit the tables
    source = load_ner_from(MODEL_PATH)  # a fresh copy: replace_listeners changes it
    source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", name=name, source=source, before=before, after=after)
    if spans_key is not None:
        nlp.add_pipe("ents_to_spans", name=f"{name}_to_spans", after=name, config={"spans_key": spans_key})


def _register() -> None:
    from spacy.language import Language

    if "ents_to_spans" in Language.factories:
        return

    @Language.factory(
        "ents_to_spans", assigns=["doc.spans", "doc.ents"], default_config={"spans_key": "statistical"}
    )
    def make_ents_to_spans(nlp: Language, name: str, *, spans_key: str) -> EntsToSpans:
        return EntsToSpans(spans_key=spans_key)


class EntsToSpans:
    """Move ``doc.ents`` to ``doc.spans[spans_key]`` and clear ``doc.ents``."""

    def __init__(self, *, spans_key: str) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = list(doc.ents)
        doc.ents = []
        return doc


_register()
