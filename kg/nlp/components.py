"""spaCy components: a lookup lemmatizer, a rule-based sentencizer and the motorsport entity
recogniser."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, LEMMA, ORTH, SENT_START, SPACY
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer, Pipe
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch, raise_error

from kg.nlp.lexicon import DATA_DIR, Lexicon, load_lexicon
from kg.nlp.recognizer import CANDIDATE_KINDS, Candidate, Found, Mentions, complete_mentions, rule_mentions
from kg.nlp.wordclass import common_word, word_class

# words that follow an ordinal number ("8. Lauf"), so the period does not end a sentence
ORDINAL_HEADS = frozenset(
    """Lauf Läufe Runde Runden Platz Plätze Rang Position Startplatz Startreihe Mal Saison Rennen
    Wertungslauf Sieg Titel Meisterschaft Klassenbestzeit Bestzeit Start Einsatz Etappe Januar
    Februar März April Mai Juni Juli August September Oktober November Dezember Stunde Minute
    Kurve Gang Reihe Durchgang Qualifying Training Tag Spieltag Jahrhundert Startposition Startrang
    Gesamtrang Gesamtplatz Klassenrang Klassenplatz Podestplatz Saisonsieg Saisonlauf Saisonrennen
    Rennwochenende Wochenende Geburtstag Auflage Sieger Triumph Erfolg Grand Podium Heat""".split()
)
ABBREVIATIONS = frozenset(
    """Dr. Nr. ca. min. Min. sek. Sek. bzw. St. Prof. z.B. u.a. usw. etc. vs.
    jun. Jun. jr. Jr. sen. Sen.""".split()
)
CLOSING = frozenset({'"', "“", "”", "'", "»", "«", ")"})
#: tokens besides line breaks and those ending in a point that the sentencizer looks at
_MARKS = frozenset({"(", ")", "!", "?", "…"})


@Language.factory(
    "motorsport_lemmatizer",
    assigns=["token.lemma"],
    default_config={"overwrite": False},
)
def make_lemmatizer(nlp: Language, name: str, *, overwrite: bool) -> WordLemmatizer:
    return WordLemmatizer(nlp.vocab, None, name, mode="lookup", overwrite=overwrite)


class WordLemmatizer(Lemmatizer):
    """spaCy's lookup lemmatizer (``mode="lookup"``, table ``lemma_lookup``: a word's lemma is
    the table's entry for it, else the word), looking each distinct word up once: spaCy's
    looks up every token through a ``Token`` object, which cost more than the table. An error
    goes to the pipe's error handler (``Pipe.pipe``), which drops the doc."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemma_of: dict[int, int] = {}  # word hash -> lemma hash, for the tables set now

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self._lemma_of = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        if len(doc) == 0:
            return doc
        words, lemmas = doc.to_array([ORTH, LEMMA]).T.tolist()
        lemma_of = self._lemma_of
        for i, (word, lemma) in enumerate(zip(words, lemmas, strict=True)):
            if lemma == 0 or self.overwrite:
                found = lemma_of.get(word)
                lemmas[i] = self._look_up(word) if found is None else found
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc

    def _look_up(self, word: int) -> int:
        strings = self.vocab.strings
        text = strings[word]
        found = self.lookups.get_table("lemma_lookup", {}).get(text, text)
        lemma = self._lemma_of[word] = strings.add(found if isinstance(found, str) else found[0])
        return lemma


@Language.factory(
    "motorsport_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"ordinal_heads": None},
)
def make_sentencizer(nlp: Language, name: str, *, ordinal_heads: list[str] | None) -> MotorsportSentencizer:
    return MotorsportSentencizer(ordinal_heads=ordinal_heads)


#: words that stand before an ordinal, never before a sentence's last number ("beim 40. DMV …")
ORDINAL_DETERMINERS = frozenset(
    "am beim im vom zum zur dem den der des die das seinem seinen ihrem ihren".split()
)


class MotorsportSentencizer:
    """Sentence boundaries after ``.!?`` and at blank lines, but not after abbreviations
    (``Dr.``, ``Nr.``, ``ca.``), ordinals (``8. Lauf``, ``19. Runde``) nor the number that opens
    a line or an item of a list (``1. Lewis Hamilton (GBR) Mercedes``, ``Ergebnis: 1. A, 2. B``)."""

    def __init__(self, *, ordinal_heads: list[str] | None = None) -> None:
        self.ordinal_heads = frozenset(ordinal_heads) if ordinal_heads else ORDINAL_HEADS

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # plain lists from the doc's arrays: a Token object per token (iterating the doc) cost more
        # than the rest of the sentencizer
        orth, trailing, spaces = doc.to_array([ORTH, SPACY, IS_SPACE]).T.tolist()
        strings = doc.vocab.strings
        texts = [strings[o] for o in orth]
        breaks = {i for i, t in enumerate(texts) if spaces[i] and "\n" in t}  # space tokens with "\n"
        starts = [False] * n
        starts[0] = True
        depth = 0  # open parentheses on this line: "(Derani/Aitken; 1. GTP)" is not two sentences
        # only line breaks, parentheses and points can start a sentence or change the depth: the
        # loop skips the other tokens
        marks = [i for i, t in enumerate(texts) if t[-1] == "." or t in _MARKS or i in breaks]
        for i in marks:
            if i == n - 1:
                break
            text, nxt = texts[i], texts[i + 1]
            if i in breaks:
                starts[i + 1] = True
                depth = 0
                continue
            depth = max(0, depth + (text == "(") - (text == ")"))
            if depth or (not trailing[i] and nxt[:1].isalpha()):
                continue  # inside a parenthesis; "V-Series.R", "all-inkl.com": no space, no end
            if text in ABBREVIATIONS or (
                len(text) == 2 and text[0].isupper() and text[1] == "." and nxt[:1].isupper()
            ):
                continue  # "z.B.", and the initial of a name: "Stippler/V. Kolb"
            if text in (".", "!", "?", "...", "…") or (text.endswith(".") and len(text) > 1):
                if text.endswith(".") and text[:-1].isdigit():
                    if nxt in self.ordinal_heads or not nxt[:1].isupper():
                        continue
                    if i and texts[i - 1].lower() in ORDINAL_DETERMINERS:
                        continue  # "beim 40. DMV Münsterlandpokal", "am 29. August": an ordinal
                    if i and texts[i - 1] in (":", ",", ";"):
                        continue  # "Das Ergebnis: 1. A, 2. B, 3. C": the items of a list
                    if i == 0 or spaces[i - 1]:  # a break is a space token too
                        continue  # "1. Lewis Hamilton (GBR) ...": the number of a line of a list
                j = i + 1
                while j < n and texts[j] in CLOSING and (j + 1 == n or texts[j + 1] not in ",;"):
                    j += 1
                if j < n and not texts[j][:1].islower() and texts[j] not in ",;:":
                    starts[j] = True
        # a sentence never starts on white space: move the start to the next real token
        for i in [i for i in range(1, n - 1) if starts[i] and spaces[i]]:
            j = i
            while j < n - 1 and starts[j] and spaces[j]:
                starts[j] = False
                starts[j + 1] = True
                j += 1
        values = numpy.where(numpy.array(starts, dtype=bool), 1, -1).astype("uint64")
        doc.from_array([SENT_START], values.reshape(n, 1))  # type: ignore[arg-type]
        return doc


#: spaCy's error handler signature: component name, component, the docs, the error
ErrorHandler = Callable[[str, object, list[Doc], Exception], NoReturn]


@Language.factory(
    "motorsport_entities",
    assigns=["doc.ents"],
    requires=["token.is_sent_start", "token.lemma"],
    default_config={"data_dir": None},
)
def make_entities(nlp: Language, name: str, *, data_dir: str | None) -> MotorsportEntities:
    entities = MotorsportEntities(data_dir=data_dir)
    entities.name = name
    return entities


class MotorsportEntities:
    """Gazetteer- and pattern-based recognition of drivers, teams, cars, series, circuits ...

    The lexicons are the TSV files of ``kg/nlp/data`` (see :mod:`kg.nlp.lexicon`); the rules
    are in :mod:`kg.nlp.recognizer`. A mention's normalised value (a demonym's country, a car's
    brand) goes to ``Span.kb_id_``.

    With :attr:`statistical_ner` set (:func:`kg.nlp.ner_model.load_statistical_ner`), the
    sentences in which the rules leave a pair of adjacent capitalised words unexplained (the
    first not a known word of the language, see :func:`_sentences_with_unexplained_pairs`) are
    run through the NER, once per batch of docs, and its spans with a label the recogniser takes
    (:data:`kg.nlp.recognizer.CANDIDATE_KINDS`: persons, cars, circuits) go to it as candidates.
    Only those sentences pay for the NER (8.3 % of the tokens of the dev set's training split
    and the seeds).
    """

    #: the component's name in a pipeline (the factory sets the one it was added under)
    name = "motorsport_entities"

    def __init__(self, *, data_dir: str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else DATA_DIR
        # the word classes of the corpus clusters tell home towns from team names in "(...)"
        lexicon = load_lexicon(self.data_dir)
        self.lexicon: Lexicon = replace(lexicon, word_class=word_class, common_word=common_word)
        self.statistical_ner: Pipe | None = None
        #: words of the language (a lemmatizer's table): a pair starting with one is no name
        self.known_words: Container[str] = frozenset()
        self._error_handler: ErrorHandler = raise_error

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        mentions = rule_mentions(text, self.lexicon)
        (candidates,) = self._statistical_candidates([doc], [mentions])
        return self._set_ents(doc, complete_mentions(text, self.lexicon, mentions, candidates))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        """Process docs in batches, so that the NER runs once per batch on the sentences of all
        its docs (batched, its time on the seed and example articles fell from 0.43 s to 0.25 s).
        A doc that raises is handed to the error handler and not yielded, as spaCy does with a
        failing component."""
        for batch in minibatch(docs, size=batch_size):  # type: ignore[no-untyped-call]
            done: list[tuple[Doc, str, Mentions]] = []
            for doc in batch:
                try:
                    text = doc_text(doc)
                    done.append((doc, text, rule_mentions(text, self.lexicon)))
                except Exception as e:  # noqa: BLE001 - one bad article must not spoil its batch
                    self._error_handler(self.name, self, [doc], e)
            candidates = self._statistical_candidates([d for d, _, _ in done], [m for _, _, m in done])
            for (doc, text, mentions), found in zip(done, candidates, strict=True):
                try:
                    yield self._set_ents(doc, complete_mentions(text, self.lexicon, mentions, found))
                except Exception as e:  # noqa: BLE001
                    self._error_handler(self.name, self, [doc], e)

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self._error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        return self._error_handler

    @staticmethod
    def _set_ents(doc: Doc, found: list[Found]) -> Doc:
        spans = []
        for start, end, label, norm in found:
            span = doc.char_span(start, end, label=label, kb_id=norm, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    def _statistical_candidates(self, docs: list[Doc], mentions: list[Mentions]) -> list[list[Candidate]]:
        """Per doc, the NER's spans ``(start, end, label)`` with a label the recogniser takes, in
        the sentences with an unexplained capitalised pair (none for every doc when no NER is
        set)."""
        candidates: list[list[Candidate]] = [[] for _ in docs]
        if self.statistical_ner is None:
            return candidates
        sentences: list[tuple[int, Span]] = []
        sentence_docs: list[Doc] = []
        for number, (doc, found) in enumerate(zip(docs, mentions, strict=True)):
            mark = bytearray(len(found))
            for start, end, _, _ in found.items:
                mark[start:end] = b"\x01" * (end - start)
            chosen = _sentences_with_unexplained_pairs(doc, mark, self.known_words)
            if chosen:
                # the doc's arrays once for all its sentences: Span.as_doc reads the whole doc's
                # otherwise, for each sentence
                head = Doc._get_array_attrs()
                array = doc.to_array(list(head))
                sentences += [(number, sent) for sent in chosen]
                sentence_docs += [
                    sent.as_doc(array_head=head, array=array)  # type: ignore[call-arg]  # not in spaCy's stub
                    for sent in chosen
                ]
        if not sentences:
            return candidates
        ner_docs = self.statistical_ner.pipe(sentence_docs)
        for (number, sent), ner_doc in zip(sentences, ner_docs, strict=True):
            offset = sent.start_char
            candidates[number] += [
                (offset + e.start_char, offset + e.end_char, e.label_)
                for e in ner_doc.ents
                if e.label_ in CANDIDATE_KINDS
            ]
        return candidates


def doc_text(doc: Doc) -> str:
    """``doc.text`` from the doc's arrays: spaCy rebuilds ``Doc.text`` from a ``Token`` object
    per token on every access, which cost more than the recogniser's rules."""
    if len(doc) == 0:
        return ""
    strings = doc.vocab.strings
    orth, trailing = doc.to_array([ORTH, SPACY]).T.tolist()
    return "".join(strings[o] + " " if t else strings[o] for o, t in zip(orth, trailing, strict=True))


def sentence_spans(doc: Doc) -> list[Span]:
    """``doc.sents`` without creating a ``Token`` per token (which ``doc.sents`` does)."""
    if len(doc) == 0:
        return []
    (flags,) = doc.to_array([SENT_START]).astype("int64").reshape(1, -1).tolist()
    starts = [0, *(i for i, flag in enumerate(flags) if flag == 1 and i > 0)]
    return [doc[start:end] for start, end in zip(starts, [*starts[1:], len(doc)], strict=True)]


def _sentences_with_unexplained_pairs(doc: Doc, mark: bytearray, known_words: Container[str]) -> list[Span]:
    """Sentences with two adjacent capitalised words that ``mark`` leaves uncovered, the first
    not a stop word (*Im*), not a known word of the language as written or lower-cased
    (*Sekunden*) and not one whose lemma is lower case (*Der*). Token attributes are read once
    per doc as arrays."""
    if len(doc) == 0:
        return []
    title, alpha, space, stop, idx, orth, lemma = doc.to_array(
        [IS_TITLE, IS_ALPHA, IS_SPACE, IS_STOP, IDX, ORTH, LEMMA]
    ).T.tolist()
    strings = doc.vocab.strings
    sentences = []
    for sent in sentence_spans(doc):
        words = [i for i in range(sent.start, sent.end) if not space[i]]
        for a, b in zip(words, words[1:], strict=False):
            if (
                title[a]
                and title[b]
                and alpha[a]
                and alpha[b]
                and not stop[a]
                and not mark[idx[a]]
                and not mark[idx[b]]
                and not strings[lemma[a]][:1].islower()
                and strings[orth[a]] not in known_words
                and strings[orth[a]].lower() not in known_words
            ):
                sentences.append(sent)
                break
    return sentences


__all__ = ["MotorsportEntities", "MotorsportSentencizer", "Span", "WordLemmatizer", "sentence_spans"]
