"""GermEval 2014 (and WikiANN) TSV files → spaCy ``DocBin`` for training the statistical NER.

The NER predicts the dev set's motorsport entity kinds (:data:`LABELS`); GermEval's labels are
mapped onto them, stated once here and in the model card:

* **outer level only**: GermEval's second (inner) tag column is ignored;
* ``PER`` becomes ``PERSON`` (a person of the news of 2009, not a driver: in motorsport text
  the dev set's sentences teach which persons are drivers);
* ``ORG``, ``LOC``, ``OTH`` and the ``*part`` spans are **unknown** (their tokens are marked
  missing, so they teach neither a motorsport type nor "no entity": an organisation may be a
  team, a place a circuit, and ``EU-Kommissar`` is split by our tokenizer);
* ``*deriv`` spans (``deutsche``) are no entity (``O``), as nationality words are in the dev
  set's sentences;
* the text of a sentence is its tokens joined by single spaces, re-tokenised by the project's
  tokenizer (:func:`kg.nlp.tokenizer.customize_tokenizer`), so the model sees at training time
  the tokens it sees at run time. Gold spans sit on GermEval token boundaries (spaces), which
  the project's tokenizer never crosses, so every span aligns.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kg.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, DocBin, Span

#: the labels the statistical NER predicts: the dev set's gold entity kinds
LABELS: tuple[str, ...] = ("DRIVER", "PERSON", "TEAM", "MANUFACTURER", "CAR_MODEL", "SERIES", "CIRCUIT")
#: what a GermEval span becomes that is neither a label nor ``O``: its tokens are missing
UNKNOWN = "?"
_BASE = {"PER": "PERSON", "ORG": UNKNOWN, "LOC": UNKNOWN, "OTH": UNKNOWN}

T = TypeVar("T")


@dataclass(frozen=True)
class Sentence:
    """A gold sentence: its tokens and entity spans ``(start_token, end_token, label)``; a
    span labelled :data:`UNKNOWN` marks tokens whose annotation is missing."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def char_spans(self) -> list[tuple[int, int, str]]:
        """The spans as character offsets into :attr:`text`."""
        starts, pos = [], 0
        for w in self.words:
            starts.append(pos)
            pos += len(w) + 1
        return [(starts[s], starts[e - 1] + len(self.words[e - 1]), label) for s, e, label in self.spans]


def map_label(tag: str) -> str | None:
    """A GermEval label (``PER``, ``LOCderiv``) → ours (``PERSON``), :data:`UNKNOWN`, or
    ``None`` for no entity (see the module doc)."""
    if tag.endswith("part"):
        return UNKNOWN
    if tag.endswith("deriv"):
        return None
    return _BASE.get(tag)


def _spans_from_bio(tags: list[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix == "I" and start >= 0 and name == label
        if start >= 0 and not continues:
            mapped = map_label(label)
            if mapped is not None:
                spans.append((start, i, mapped))
            start = -1
        if prefix in ("B", "I") and not continues:  # an I- without a B- opens a span too
            start, label = i, name
    return spans


def read_germeval(path: Path) -> list[Sentence]:
    """Read a GermEval 2014 TSV file (``n<TAB>token<TAB>outer<TAB>inner``; ``#`` lines are sources)."""
    return list(_read_columns(path, token_col=1, tag_col=2))


def read_wikiann(path: Path) -> list[Sentence]:
    """Read a WikiANN file (``de:token<TAB>tag``, blank lines between sentences)."""
    return list(_read_columns(path, token_col=0, tag_col=-1, strip_prefix="de:"))


def _read_columns(path: Path, *, token_col: int, tag_col: int, strip_prefix: str = "") -> Iterator[Sentence]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e}") from e
    words: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate([*lines, ""], 1):
        fields = line.split("\t")
        if not line.strip():
            if words:
                yield Sentence(tuple(words), tuple(_spans_from_bio(tags)))
            words, tags = [], []
            continue
        if fields[0] == "#" or (token_col > 0 and not fields[0].isdigit()):
            continue  # a GermEval source line
        if len(fields) <= max(token_col, tag_col if tag_col >= 0 else 0):
            raise InputError(f"{path}:{lineno}: expected tab-separated token and tag")
        word = fields[token_col]
        if strip_prefix and word.startswith(strip_prefix):
            word = word[len(strip_prefix) :]
        words.append(word)
        tags.append(fields[tag_col].strip())


def project_tokenizer() -> Language:
    """A blank German pipeline with the project's tokenizer (what the model is trained under)."""
    import spacy

    from kg.nlp.tokenizer import customize_tokenizer

    nlp = spacy.blank("de")
    customize_tokenizer(nlp)
    return nlp


def to_doc(nlp: Language, sentence: Sentence) -> Doc:
    """Tokenise a sentence with ``nlp``'s tokenizer and set its gold entities (the tokens of
    :data:`UNKNOWN` spans missing, all others ``O``)."""
    doc = nlp.make_doc(sentence.text)
    ents: list[Span] = []
    missing: list[Span] = []
    for start, end, label in sentence.char_spans():
        span = doc.char_span(start, end, label="" if label == UNKNOWN else label, alignment_mode="expand")
        if span is not None:
            (missing if label == UNKNOWN else ents).append(span)
    doc.set_ents(ents, missing=missing, default="outside")
    return doc


def to_docbin(
    sentences: Iterable[Sentence], nlp: Language | None = None, *, docs: Iterable[Doc] = ()
) -> DocBin:
    """Sentences → a ``DocBin`` of tokenised docs with gold entities, followed by ``docs``
    (already tokenised, with their entities: the dev set's sentences)."""
    from spacy.tokens import DocBin

    nlp = nlp or project_tokenizer()
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for sentence in sentences:
        db.add(to_doc(nlp, sentence))
    for doc in docs:
        db.add(doc)
    return db


def split_holdout(sentences: list[T], *, every: int = 10) -> tuple[list[T], list[T]]:
    """Every ``every``-th sentence to a held-out set (for the training loop's scoring)."""
    train = [s for i, s in enumerate(sentences) if i % every != every - 1]
    held = [s for i, s in enumerate(sentences) if i % every == every - 1]
    return train, held


def sample(sentences: list[Sentence], n: int, *, seed: int = 0) -> list[Sentence]:
    """A deterministic sample of ``n`` sentences (all of them when ``n`` is larger)."""
    if n >= len(sentences):
        return list(sentences)
    return random.Random(seed).sample(sentences, n)
