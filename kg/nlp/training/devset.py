"""The development set's gold entities projected onto its texts: NER training and scoring data.

The dev set (``../shared/eval/dev``) gives, per article, gold entities by motorsport type and an
``aliases`` map (surface form → canonical name), but no offsets. :func:`project_article` finds
them in the text:

* **surfaces**: every canonical name, and every alias that is a *name* (:func:`is_name_alias`);
  of each surface also its hyphenated form (``Red Bull`` → ``Red-Bull``, as in
  ``Red-Bull-Pilot``) and its genitive (``Alonsos``: GermEval marks the genitive ``-s`` as part
  of the name, and the model is trained on GermEval too);
* **matches**: exact, case-sensitive, at word boundaries; longest first, no overlaps;
* **labels**: the gold kind, upper case (``driver`` → ``DRIVER``, ``person_other`` →
  ``PERSON``, ``car_model`` → ``CAR_MODEL`` …: :data:`KIND_LABELS`, the statistical NER's
  label set);
* **sentences**: the project's tokenizer and ``motorsport_sentencizer``
  (:func:`kg.nlp.build_pipeline`), each sentence as ``Span.as_doc()`` — what the recogniser runs
  the NER on. A match whose ends fall inside a token, or that crosses a sentence end, is
  dropped and counted (:class:`ProjectionStats`).

Tokens outside the matches are ``O``: the gold lists the motorsport entities only, so a
country, a town or a journalist in these sentences is taught as no entity.

The split is the dev set's own (:data:`VALIDATION_IDS`, ``../shared/eval/dev/README.md``):
validation articles are for scoring only, never for training.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kg.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: the dev set's validation split (``../shared/eval/dev/README.md``): never trained on
VALIDATION_IDS: frozenset[str] = frozenset(f"d{n:02d}" for n in range(4, 61, 4))
#: gold entity kind → NER label
KIND_LABELS: dict[str, str] = {
    "driver": "DRIVER",
    "person_other": "PERSON",
    "team": "TEAM",
    "manufacturer": "MANUFACTURER",
    "circuit": "CIRCUIT",
    "series": "SERIES",
    "car_model": "CAR_MODEL",
}
Split = Literal["train", "validation"]

_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())
_PARTS = re.compile(r"[\s\-\u2010-\u2015/]+")
_ABBREVIATION = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9]+")
_INITIAL = re.compile(r"\w\.")


def split_of(article_id: str) -> Split:
    """``validation`` for the dev set's validation ids, else ``train``."""
    return "validation" if article_id in VALIDATION_IDS else "train"


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _belongs(part: str, name_parts: list[str]) -> bool:
    """Whether a word of an alias is a word of the canonical name: the same up to case and
    accents or a small spelling difference (``Waliłko``/``Walilko``, ``Garry``/``Gary``), its
    initial (``H.``) or its start (``Hockenheim``/``Hockenheimring``, ``Lambo``)."""
    p = _fold(part)
    for n in name_parts:
        if p == n or (len(p) >= 3 and n.startswith(p)):
            return True
        if _INITIAL.fullmatch(part) and n.startswith(p[0]):
            return True
        if len(p) >= 4 and SequenceMatcher(None, p, n).ratio() >= 0.8:
            return True
    return False


def is_name_alias(alias: str, canonical: str) -> bool:
    """Whether an alias is a form of the name rather than a description of the entity.

    A name: an abbreviation in capitals (``ALMS``, ``VW``), or every word of it (split at
    spaces, hyphens and slashes) a word of the canonical name (``Schumacher``, ``van Lagen``,
    ``Red-Bull``, ``H. Stuck``). A description: anything starting with an article (``der
    Brasilianer``), or bringing words of its own (``Lokalmatador``, ``Ferrari-Mann``,
    ``Formel-1-Rennen``, ``Grünen Hölle``).
    """
    words = alias.split()
    if not words or words[0].casefold() in _ARTICLES:
        return False
    if _ABBREVIATION.fullmatch(alias):
        return True
    name_parts = [_fold(p) for p in _PARTS.split(canonical) if p]
    return all(_belongs(p, name_parts) for p in _PARTS.split(alias) if p)


def _variants(surface: str) -> list[str]:
    """The surface, its hyphenated form and the genitives of both."""
    forms = [surface]
    if " " in surface:
        forms.append(surface.replace(" ", "-"))
    out = []
    for form in forms:
        out.append(form)
        if form[-1:].isalpha() and form[-1] not in "sxzßSXZ":
            out.append(form + "s")
    return out


@dataclass
class ProjectionStats:
    """What the projection found and lost, summed over articles."""

    articles: int = 0
    sentences: int = 0
    spans: int = 0
    unaligned: int = 0
    cross_sentence: int = 0
    aliases_used: int = 0
    aliases_skipped: int = 0
    #: gold entities none of whose surfaces occurs in the text
    names_not_found: int = 0
    #: the dropped matches with some context, for people to check
    unaligned_examples: list[str] = field(default_factory=list)

    def add(self, other: ProjectionStats) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True)
class DevSentence:
    """One sentence of a dev article with its projected gold spans.

    ``doc`` is the sentence as the recogniser hands it to the NER (``Span.as_doc()``) with the
    spans as its entities; ``gold`` gives each entity's gold kind (``driver``, ``team`` …) and
    canonical name, in the order of ``doc.ents``.
    """

    article: str
    doc: Doc
    gold: tuple[tuple[str, str], ...]

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in self.doc.ents]


Surfaces = dict[str, tuple[str, str]]


def surfaces(gold: dict[str, object], stats: ProjectionStats) -> Surfaces:
    """Surface form → (gold kind, canonical name) for one gold file (canonical names and
    name-like aliases)."""
    entities = gold.get("entities")
    if not isinstance(entities, dict):
        raise InputError(f"gold {gold.get('id')}: no 'entities' object")
    kind_of: dict[str, str] = {}
    for kind in KIND_LABELS:  # the order of KIND_LABELS decides a name listed under two kinds
        for name in entities.get(kind, []) or []:
            if isinstance(name, str) and name.strip():
                kind_of.setdefault(name.strip(), kind)
    out: Surfaces = {}

    def put(surface: str, name: str) -> None:
        for form in _variants(surface):
            out.setdefault(form, (kind_of[name], name))  # the first name a form belongs to

    for name in kind_of:
        put(name, name)
    aliases = gold.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise InputError(f"gold {gold.get('id')}: 'aliases' is not an object")
    for alias, canonical in aliases.items():
        name = str(canonical).strip()
        if name not in kind_of or not is_name_alias(alias.strip(), name):
            stats.aliases_skipped += 1
            continue
        stats.aliases_used += 1
        put(alias.strip(), name)
    return out


Match = tuple[int, int, tuple[str, str]]


def find_matches(text: str, forms: Surfaces) -> list[Match]:
    """``(start, end, (kind, canonical))`` of the surfaces in ``text``: exact, at word
    boundaries, longest first, no overlaps; in text order."""
    found = []
    for form, entity in forms.items():
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            found.append((m.start(), m.end(), entity))
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken = bytearray(len(text))
    kept = []
    for start, end, entity in found:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, entity))
    return sorted(kept)


def project_article(
    nlp: Language, article_id: str, text: str, gold: dict[str, object]
) -> tuple[list[DevSentence], ProjectionStats]:
    """The sentences of one article with its gold entities as spans (see the module doc)."""
    from kg.nlp.components import sentence_spans

    stats = ProjectionStats(articles=1)
    forms = surfaces(gold, stats)
    matches = find_matches(text, forms)
    stats.names_not_found = len(set(forms.values()) - {entity for _, _, entity in matches})
    doc = nlp(text)
    sents = sentence_spans(doc)
    sent_of = [0] * len(doc)
    for number, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = number
    per_sentence: list[list[tuple[int, int, tuple[str, str]]]] = [[] for _ in sents]
    for start, end, entity in matches:
        span = doc.char_span(start, end)
        if span is None:
            stats.unaligned += 1
            stats.unaligned_examples.append(f"{article_id}: {text[max(0, start - 10) : end + 10]!r}")
        elif sent_of[span.start] != sent_of[span.end - 1]:
            stats.cross_sentence += 1
        else:
            per_sentence[sent_of[span.start]].append((span.start, span.end, entity))
    out = []
    for sent, spans in zip(sents, per_sentence, strict=True):
        if not sent.text.strip():
            continue
        sdoc = sent.as_doc()
        ents = [sdoc[s - sent.start : e - sent.start] for s, e, _ in spans]
        for ent, (_, _, (kind, _)) in zip(ents, spans, strict=True):
            ent.label_ = KIND_LABELS[kind]
        sdoc.set_ents(ents, default="outside")
        out.append(DevSentence(article_id, sdoc, tuple(entity for _, _, entity in spans)))
        stats.spans += len(spans)
    stats.sentences = len(out)
    return out, stats


def sentence_pipeline() -> Language:
    """The project's tokenizer and sentencizer (:func:`kg.nlp.build_pipeline`, other pipes off)."""
    from kg.nlp import build_pipeline

    nlp = build_pipeline(statistical_ner=False)
    nlp.select_pipes(enable=["motorsport_sentencizer"])
    return nlp


def read_gold(path: Path) -> dict[str, object]:
    """One gold file (``gold/dNN.json``)."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read gold file: {e}") from e
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), dict):
        raise InputError(f"{path}: not a gold file (no 'entities' object)")
    return gold


def article_ids(gold_dir: Path, split: Split | None = None) -> list[str]:
    """The ids of the gold files in ``gold_dir`` (of one split, or all)."""
    ids = sorted(p.stem for p in gold_dir.glob("*.json"))
    if not ids:
        raise InputError(f"{gold_dir}: no gold files (expected the dev set's gold/dNN.json)")
    return [i for i in ids if split is None or split_of(i) == split]


def read_devset(
    dev_dir: Path, gold_dir: Path, split: Split, *, nlp: Language | None = None
) -> tuple[list[DevSentence], ProjectionStats]:
    """The projected sentences of one split of the dev set.

    Args:
        dev_dir: the folder the texts were rebuilt in (``texts/dNN.txt``, see the dev set's
            README).
        gold_dir: the dev set's ``gold/`` folder.
        split: ``train`` or ``validation``.
        nlp: the tokenizer and sentencizer (default :func:`sentence_pipeline`).
    """
    ids = article_ids(gold_dir, split)
    missing = [i for i in ids if not (dev_dir / "texts" / f"{i}.txt").is_file()]
    if missing:
        raise InputError(
            f"{dev_dir / 'texts'}: {len(missing)} dev texts missing ({', '.join(missing[:8])}"
            f"{' …' if len(missing) > 8 else ''}); rebuild them with the dev set's rehydrate.py"
        )
    nlp = nlp or sentence_pipeline()
    sentences: list[DevSentence] = []
    stats = ProjectionStats()
    for article_id, text, gold in _articles(dev_dir, gold_dir, ids):
        found, article_stats = project_article(nlp, article_id, text, gold)
        sentences += found
        stats.add(article_stats)
    return sentences, stats


def _articles(
    dev_dir: Path, gold_dir: Path, ids: Iterable[str]
) -> Iterator[tuple[str, str, dict[str, object]]]:
    for article_id in ids:
        path = dev_dir / "texts" / f"{article_id}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: cannot read: {e}") from e
        yield article_id, text, read_gold(gold_dir / f"{article_id}.json")
