"""The nlp stage: German motorsport text in, tokens, sentences and entity mentions out.

The only package that imports spaCy (lazily, inside functions), so ``kg.nlp.model`` and
``kg.nlp.lexicon`` stay importable without it. See README.md for the boundary.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.ingest import Article
from kg.nlp.model import AnalysisFailure, AnalyzedArticle, Mention, Span, Token, Tokens

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

__all__ = [
    "AnalysisFailure",
    "AnalyzedArticle",
    "Mention",
    "Span",
    "Token",
    "Tokens",
    "analyze",
    "build_pipeline",
    "load_pipeline",
    "preload_pipeline",
    "to_analyzed",
]


def _statistical_ner_setting(statistical_ner: bool | None) -> bool:
    if statistical_ner is not None:
        return statistical_ner
    from kg.config import Settings

    return Settings.load().statistical_ner


def build_pipeline(statistical_ner: bool | None = None) -> Language:
    """A fresh pipeline: blank German, motorsport tokenizer, lemmatizer, sentencizer, entity recogniser.

    The lemmatizer is spaCy's lookup lemmatizer (looking each distinct word up once:
    :class:`kg.nlp.components.WordLemmatizer`) with the German table of ``spacy-lookups-data``
    (355,354 word forms, read from the installed package), kept as dicts keyed by the
    word and read by bucket from a copy in the user's cache after the first run, each word's
    bucket on its first lookup (:func:`kg.nlp.ner_model.lemma_table`; the whole table: 0.2 s
    from marshal, 1.6 s as spaCy's hashed table).

    With ``statistical_ner`` (default: the ``statistical_ner`` setting, env
    ``KG_STATISTICAL_NER``) the recogniser runs the trained NER on the sentences its rules leave
    unexplained, and its person, car and circuit spans become mentions where the rules found none.
    The NER is loaded when the first such sentence comes (:func:`preload_pipeline` loads it now).
    """
    import spacy

    from kg.nlp import components  # noqa: F401 - registers the factories
    from kg.nlp.ner_model import LazyNER, lemma_lookups
    from kg.nlp.tokenizer import customize_tokenizer

    nlp = spacy.blank("de")
    customize_tokenizer(nlp)
    lemmatizer = nlp.add_pipe("motorsport_lemmatizer", name="lemmatizer")
    lookups = lemma_lookups()
    lemmatizer.initialize(lookups=lookups)  # type: ignore[attr-defined]
    nlp.add_pipe("motorsport_sentencizer")
    entities = nlp.add_pipe("motorsport_entities")
    if _statistical_ner_setting(statistical_ner):
        entities.statistical_ner = LazyNER(nlp.vocab)  # type: ignore[attr-defined]
        entities.known_words = lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    return nlp


def load_pipeline(statistical_ner: bool | None = None) -> Language:
    """The shared pipeline (built once per process and setting)."""
    return _cached_pipeline(_statistical_ner_setting(statistical_ner))


def preload_pipeline() -> Language:
    """:func:`load_pipeline` with everything loaded now, the NER too: what a process that forks
    workers calls first, so that they share what it loaded instead of each loading it."""
    from kg.nlp.ner_model import BucketTable, LazyNER, lemma_table

    nlp = load_pipeline()
    if isinstance(table := lemma_table(), BucketTable):
        table.load_all()
    entities = nlp.get_pipe("motorsport_entities") if "motorsport_entities" in nlp.pipe_names else None
    ner = getattr(entities, "statistical_ner", None)
    if isinstance(ner, LazyNER):
        ner.load()
    return nlp


@lru_cache(maxsize=2)
def _cached_pipeline(statistical_ner: bool) -> Language:
    return build_pipeline(statistical_ner)


def to_analyzed(doc: Doc, article: Article) -> AnalyzedArticle:
    """Turn a processed ``Doc`` into the plain dataclasses the facts stage reads."""
    from spacy.attrs import IDX, IS_PUNCT, LEMMA, LENGTH, LIKE_NUM

    from kg.nlp.components import sentence_spans

    doc_sentences = sentence_spans(doc)
    text = article.text  # the same string as doc.text, which spaCy rebuilds on every access
    tokens: Sequence[Token] = ()
    if len(doc):
        strings = doc.vocab.strings
        # the doc's arrays, not its Token objects (one per token, created on iteration: slow); the
        # Token objects are made when they are first read (Tokens)
        starts, lengths, lemmas, punct, num = doc.to_array(
            [IDX, LENGTH, LEMMA, IS_PUNCT, LIKE_NUM]
        ).T.tolist()
        sent_start = [False] * len(doc)  # Token.is_sent_start re-checks the doc per call
        for sent in doc_sentences:
            sent_start[sent.start] = True
        lemma_texts = [strings[lemma] if lemma else "" for lemma in lemmas]
        tokens = Tokens(text, starts, lengths, lemma_texts, sent_start, punct, num)
    sentences = []
    for sent in doc_sentences:
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            sentences.append(Span(start, end))
    starts = [s.start for s in sentences]
    mentions = []
    for ent in doc.ents:
        index = max(0, bisect_right(starts, ent.start_char) - 1)
        written = text[ent.start_char : ent.end_char]  # ent.text, without a Token per token
        mentions.append(Mention(ent.start_char, ent.end_char, written, ent.label_, index, ent.kb_id_))
    return AnalyzedArticle(
        article=article, tokens=tokens, sentences=tuple(sentences), mentions=tuple(mentions)
    )


def analyze(
    articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 32
) -> Iterator[AnalyzedArticle | AnalysisFailure]:
    """Analyse articles, yielding one result per article in input order.

    An article whose processing raises does not end the batch: it is logged and an
    :class:`AnalysisFailure` is yielded in its place. (spaCy drops a doc whose component
    raised from ``nlp.pipe``'s output, so the articles sent in are tracked and any that do
    not come back are reported, with the component's error where it is known.)
    """
    nlp = load_pipeline()
    reasons: deque[str] = deque()

    def on_error(proc_name: str, proc: object, docs: list[Doc], e: Exception) -> None:
        for _doc in docs:
            reasons.append(f"{proc_name}: {type(e).__name__}: {e}")
            log.warning("analysis failed in %s: %s", proc_name, e)

    nlp.default_error_handler = on_error
    for _name, proc in nlp.pipeline:
        try:
            proc.set_error_handler(on_error)  # type: ignore[attr-defined]
        except AttributeError:  # no such method, or a Cython pipe (the NER) that cannot store it
            pass
    sent: deque[tuple[int, Article]] = deque()  # in order; contexts come back as copies from workers

    def items() -> Iterator[tuple[str, int]]:
        for number, article in enumerate(articles):
            sent.append((number, article))
            yield article.text, number

    def dropped(until: int | None) -> Iterator[AnalysisFailure]:
        while sent and sent[0][0] != until:
            reason = reasons.popleft() if reasons else "a pipeline component failed (see the log)"
            yield AnalysisFailure(sent.popleft()[1], reason)

    for doc, number in nlp.pipe(items(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield from dropped(number)
        _, article = sent.popleft()
        try:
            yield to_analyzed(doc, article)
        except Exception as e:  # noqa: BLE001 - one bad article must not end the batch
            log.warning("%s: analysis failed: %s", article.identifier, e)
            yield AnalysisFailure(article, str(e))
    yield from dropped(None)
