"""spaCy components: a rule-based sentencizer and the motorsport entity recogniser."""

from __future__ import annotations

from pathlib import Path

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.lexicon import DATA_DIR, Lexicon, load_lexicon
from kg.nlp.recognizer import find_mentions

# words that follow an ordinal number ("8. Lauf"), so the period does not end a sentence
ORDINAL_HEADS = frozenset(
    """Lauf Läufe Runde Runden Platz Plätze Rang Position Startplatz Startreihe Mal Saison Rennen
    Wertungslauf Sieg Titel Meisterschaft Klassenbestzeit Bestzeit Start Einsatz Etappe Januar
    Februar März April Mai Juni Juli August September Oktober November Dezember Stunde Minute
    Kurve Gang Reihe Durchgang Qualifying Training Tag Spieltag Jahrhundert""".split()
)
ABBREVIATIONS = frozenset("Dr. Nr. ca. min. Min. sek. Sek. bzw. St. Prof. z.B. u.a. usw. etc. vs.".split())
CLOSING = frozenset({'"', "“", "”", "'", "»", "«", ")"})


@Language.factory(
    "motorsport_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"ordinal_heads": None},
)
def make_sentencizer(nlp: Language, name: str, *, ordinal_heads: list[str] | None) -> MotorsportSentencizer:
    return MotorsportSentencizer(ordinal_heads=ordinal_heads)


class MotorsportSentencizer:
    """Sentence boundaries after ``.!?`` and at blank lines, but not after abbreviations
    (``Dr.``, ``Nr.``, ``ca.``) nor ordinals (``8. Lauf``, ``19. Runde``)."""

    def __init__(self, *, ordinal_heads: list[str] | None = None) -> None:
        self.ordinal_heads = frozenset(ordinal_heads) if ordinal_heads else ORDINAL_HEADS

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # plain lists: indexing a Doc creates a Token object per access, which dominated the cost
        texts = [t.text for t in doc]
        breaks = [("\n" in t.whitespace_) or (t.is_space and "\n" in t.text) for t in doc]
        spaces = [t.is_space for t in doc]
        starts = [False] * n
        starts[0] = True
        for i in range(n - 1):
            text, nxt = texts[i], texts[i + 1]
            if breaks[i]:
                starts[i + 1] = True
                continue
            if text in ABBREVIATIONS:
                continue
            if text in (".", "!", "?", "...", "…") or (text.endswith(".") and len(text) > 1):
                if text.endswith(".") and text[:-1].isdigit():
                    if nxt in self.ordinal_heads or not nxt[:1].isupper():
                        continue
                j = i + 1
                while j < n and texts[j] in CLOSING and (j + 1 == n or texts[j + 1] not in ",;"):
                    j += 1
                if j < n and not texts[j][:1].islower() and texts[j] not in ",;:":
                    starts[j] = True
        # a sentence never starts on white space: move the start to the next real token
        for i in range(1, n - 1):
            if starts[i] and spaces[i]:
                starts[i] = False
                starts[i + 1] = True
        values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")
        doc.from_array([SENT_START], values.reshape(n, 1))
        return doc


@Language.factory(
    "motorsport_entities",
    assigns=["doc.ents"],
    requires=["token.is_sent_start"],
    default_config={"data_dir": None, "fallback_spans_key": "statistical", "fallback_labels": ["PER"]},
)
def make_entities(
    nlp: Language,
    name: str,
    *,
    data_dir: str | None,
    fallback_spans_key: str | None,
    fallback_labels: list[str],
) -> MotorsportEntities:
    return MotorsportEntities(
        data_dir=data_dir, fallback_spans_key=fallback_spans_key, fallback_labels=fallback_labels
    )


class MotorsportEntities:
    """Gazetteer- and pattern-based recognition of drivers, teams, cars, series, circuits ...

    The lexicons are the TSV files of ``kg/nlp/data`` (see :mod:`kg.nlp.lexicon`); the rules
    are in :mod:`kg.nlp.recognizer`. A mention's normalised value (a demonym's country, a car's
    brand) goes to ``Span.kb_id_``.

    If an earlier component (the statistical NER, see :func:`kg.nlp.ner_model.add_statistical_ner`)
    left spans in ``doc.spans[fallback_spans_key]``, those labelled ``fallback_labels`` are
    handed to the recogniser as person candidates for names the rules do not know.
    """

    def __init__(
        self,
        *,
        data_dir: str | None = None,
        fallback_spans_key: str | None = "statistical",
        fallback_labels: list[str] | tuple[str, ...] = ("PER",),
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir else DATA_DIR
        self.lexicon: Lexicon = load_lexicon(self.data_dir)
        self.fallback_spans_key = fallback_spans_key
        self.fallback_labels = frozenset(fallback_labels)

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[tuple[int, int]] = []
        key = self.fallback_spans_key
        if key and key in doc.spans:
            candidates = [
                (s.start_char, s.end_char) for s in doc.spans[key] if s.label_ in self.fallback_labels
            ]
        spans = []
        for start, end, label, norm in find_mentions(doc.text, self.lexicon, candidates):
            span = doc.char_span(start, end, label=label, kb_id=norm, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        """Write the lexicons this component reads (one TSV per lexicon)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for tsv in sorted(self.data_dir.glob("*.tsv")):
            (path / tsv.name).write_text(tsv.read_text(encoding="utf-8"), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> MotorsportEntities:
        self.data_dir = Path(path)
        self.lexicon = load_lexicon(self.data_dir)
        return self


__all__ = ["MotorsportEntities", "MotorsportSentencizer", "Span"]
