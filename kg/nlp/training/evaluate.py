"""Score a trained NER: GermEval 2014 dev (``kg nlp evaluate``), the dev set's projected gold
(:func:`evaluate_devset`) and the seed articles' drivers.

GermEval: each dev sentence is run through the model on GermEval's own tokens (the standard
setting) or, as at run time, as text through the model's tokenizer (its tokens joined by
spaces); GermEval's persons (outer level, ``PERSON`` in the mapping of :mod:`.corpus`) and the
model's ``DRIVER`` and ``PERSON`` spans are compared as character spans (offsets into that
space-joined text), exact match: the model is trained on GermEval's persons only.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.nlp.training.corpus import LABELS, read_germeval

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.nlp.training.devset import ProjectionStats, Split

GERMEVAL_DEV = Path("germeval2014") / "NER-de-dev.tsv"
#: the model's labels for a person's name
PERSON_LABELS = frozenset({"DRIVER", "PERSON"})

Triple = tuple[int, int, str]


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives, and the scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class NERScores:
    """Per-label and overall (micro-averaged) scores, and the speed they were taken at."""

    per_label: dict[str, PRF]
    overall: PRF
    words: int = 0
    seconds: float = 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def score_spans(gold: Iterable[Iterable[Triple]], predicted: Iterable[Iterable[Triple]]) -> NERScores:
    """Exact-match scores of predicted against gold ``(start, end, label)`` spans, per document."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g_doc, p_doc in zip(gold, predicted, strict=True):
        g, p = set(g_doc), set(p_doc)
        for _, _, label in g & p:
            tp[label] += 1
        for _, _, label in p - g:
            fp[label] += 1
        for _, _, label in g - p:
            fn[label] += 1
    labels = sorted(set(LABELS) | set(tp) | set(fp) | set(fn), key=lambda x: (x not in LABELS, x))
    per_label = {label: PRF(tp[label], fp[label], fn[label]) for label in labels}
    overall = PRF(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return NERScores(per_label, overall)


def load_model(model_path: Path | None) -> Language:
    """The model at ``model_path``, or the shipped one."""
    from kg.nlp.ner_model import load_ner, load_ner_from

    return load_ner() if model_path is None else load_ner_from(model_path)


def evaluate_germeval(
    model_path: Path | None,
    data_dir: Path,
    *,
    limit: int = 0,
    gold_tokens: bool = True,
) -> NERScores:
    """P/R/F1 of the model's persons (``DRIVER`` or ``PERSON``) against GermEval 2014 dev's
    (``NER-de-dev.tsv``), and its words/s.

    Args:
        model_path: a trained pipeline directory (``None``: the shipped model).
        data_dir: the shared data folder.
        limit: score only the first ``limit`` sentences (0: all).
        gold_tokens: run the model on GermEval's own tokens (the standard CoNLL/GermEval
            setting); ``False``: on the sentence text, tokenised by the model's tokenizer as at
            run time, which splits hyphenated compounds (``SPD-Chef`` → ``SPD - Chef``) whose
            names GermEval marks as ``*part`` (dropped here), so that setting scores lower.
    """
    from spacy.tokens import Doc

    path = data_dir / GERMEVAL_DEV
    if not path.is_file():
        raise InputError(f"{path}: not found (--data must be the shared data folder)")
    nlp = load_model(model_path)
    nlp("Aufwärmen.")  # loads the word-cluster tables outside the timed part
    sentences = read_germeval(path)
    if limit:
        sentences = sentences[:limit]
    inputs: list[str] | list[Doc] = (
        [Doc(nlp.vocab, words=list(s.words)) for s in sentences]
        if gold_tokens
        else [s.text for s in sentences]
    )
    start = time.perf_counter()
    docs = list(nlp.pipe(inputs, batch_size=256))
    seconds = time.perf_counter() - start
    predicted = [
        [(e.start_char, e.end_char, "PERSON") for e in doc.ents if e.label_ in PERSON_LABELS] for doc in docs
    ]
    gold = [[span for span in s.char_spans() if span[2] == "PERSON"] for s in sentences]
    scores = score_spans(gold, predicted)
    scores = NERScores({"PERSON": scores.per_label["PERSON"]}, scores.overall)
    words = sum(len(s.words) for s in sentences)
    return NERScores(scores.per_label, scores.overall, words, seconds)


@dataclass(frozen=True)
class SeedScores:
    """How many gold drivers (by name or alias) the model finds as a person span (``DRIVER`` or
    ``PERSON``).

    ``per_spans`` counts all person spans predicted; ``per_known`` those whose text is a gold
    person (driver or other person, by name or alias); the rest are, by the gold files, wrong.
    """

    drivers: int = 0
    found: int = 0
    per_spans: int = 0
    per_known: int = 0
    missed: tuple[str, ...] = field(default=())
    wrong: tuple[str, ...] = field(default=())


_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")


def _norm(text: str) -> str:
    return " ".join(_DASHES.sub("-", text).casefold().split())


def evaluate_seeds(model_path: Path | None, seeds_dir: Path, gold_dir: Path) -> SeedScores:
    """Gold drivers of the seed articles found as person spans (name or one of its aliases)."""
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise InputError(f"{gold_dir}: no gold files")
    nlp = load_model(model_path)
    drivers = found = per_spans = per_known = 0
    missed: list[str] = []
    wrong: list[str] = []
    for gold_file in gold_files:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text_file = seeds_dir / f"{gold['id']}.txt"
        if not text_file.is_file():
            raise InputError(f"{text_file}: seed article missing")
        doc = nlp(text_file.read_text(encoding="utf-8"))
        per = {_norm(e.text) for e in doc.ents if e.label_ in PERSON_LABELS}
        names: dict[str, set[str]] = {}
        people = [*gold["entities"]["driver"], *gold["entities"].get("person_other", [])]
        for name in people:
            names.setdefault(name, {_norm(name)})
        for alias, canonical in gold.get("aliases", {}).items():
            if canonical in names:
                names[canonical].add(_norm(alias))
        for name in gold["entities"]["driver"]:
            drivers += 1
            if names[name] & per:
                found += 1
            else:
                missed.append(name)
        known = set().union(*names.values()) if names else set()
        per_list = [_norm(e.text) for e in doc.ents if e.label_ in PERSON_LABELS]
        per_spans += len(per_list)
        per_known += sum(1 for p in per_list if p in known)
        wrong += sorted(
            {e.text for e in doc.ents if e.label_ in PERSON_LABELS and _norm(e.text) not in known}
        )
    return SeedScores(drivers, found, per_spans, per_known, tuple(missed), tuple(wrong))


@dataclass(frozen=True)
class DevScores:
    """The model against the dev set's projected gold spans (:mod:`.devset`) on one split.

    ``outside``: per label, the false positives that overlap no gold span at all (the gold
    lists motorsport entities only, so a country or a town the model finds counts as false
    here); ``drivers``: per group of gold driver mentions, how many are found as exactly that
    ``DRIVER`` span, and of how many (:data:`DRIVER_GROUPS`).
    """

    split: str
    scores: NERScores
    outside: dict[str, int]
    drivers: dict[str, tuple[int, int]]
    stats: ProjectionStats


#: the groups of gold driver mentions :func:`evaluate_devset` reports recall for
DRIVER_GROUPS: tuple[str, ...] = ("mentions", "surname only", "in crews A/B", "drivers (any mention)")
_CREW = re.compile(r"/\s*$")


def driver_groups(text: str, start: int, end: int, canonical: str) -> list[str]:
    """The groups of :data:`DRIVER_GROUPS` a gold driver mention ``text[start:end]`` is in."""
    groups = ["mentions"]
    if " " not in text[start:end] and " " in canonical:
        groups.append("surname only")
    if _CREW.search(text[:start]) or text[end:].lstrip(" ").startswith("/"):
        groups.append("in crews A/B")
    return groups


def evaluate_devset(model_path: Path | None, dev_dir: Path, gold_dir: Path, split: Split) -> DevScores:
    """Per-label P/R/F1 of the model's spans against the projected gold spans of one split, and
    its recall of gold driver mentions as ``DRIVER`` (each sentence as the recogniser hands it to
    the NER: the pipeline's sentence as a doc)."""
    from spacy.tokens import Doc

    from kg.nlp.training.devset import read_devset

    sentences, stats = read_devset(dev_dir, gold_dir, split)
    nlp = load_model(model_path)
    nlp("Aufwärmen.")
    inputs = [
        Doc(nlp.vocab, words=[t.text for t in s.doc], spaces=[bool(t.whitespace_) for t in s.doc])
        for s in sentences
    ]
    start = time.perf_counter()
    docs = list(nlp.pipe(inputs, batch_size=256))
    seconds = time.perf_counter() - start
    predicted = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]
    gold = [s.spans for s in sentences]
    scores = score_spans(gold, predicted)
    outside: Counter[str] = Counter()
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    names: dict[tuple[str, str], bool] = {}
    for sentence, g_doc, p_doc in zip(sentences, gold, predicted, strict=True):
        covered = bytearray(len(sentence.doc.text) + 1)
        for a, b, _ in g_doc:
            covered[a:b] = b"\x01" * (b - a)
        outside.update(label for a, b, label in set(p_doc) - set(g_doc) if not any(covered[a:b]))
        hits = set(p_doc)
        for (a, b, _), (kind, canonical) in zip(g_doc, sentence.gold, strict=True):
            if kind != "driver":
                continue
            hit = (a, b, "DRIVER") in hits
            key = (sentence.article, canonical)
            names[key] = names.get(key, False) or hit
            for group in driver_groups(sentence.doc.text, a, b, canonical):
                total[group] += 1
                found[group] += hit
    total["drivers (any mention)"] = len(names)
    found["drivers (any mention)"] = sum(names.values())
    words = sum(len(d) for d in docs)
    return DevScores(
        split,
        NERScores(scores.per_label, scores.overall, words, seconds),
        dict(outside),
        {group: (found[group], total[group]) for group in DRIVER_GROUPS},
        stats,
    )


UD_GSD_TEST = Path("ud_german_gsd") / "de_gsd-ud-test.conllu"


@dataclass(frozen=True)
class LemmaScores:
    """Lemma accuracy of the run-time pipeline's lemmatizer on gold tokens."""

    tokens: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.tokens if self.tokens else 0.0


def read_conllu_lemmas(path: Path) -> list[list[tuple[str, str]]]:
    """The sentences of a CoNLL-U file as ``(form, lemma)`` pairs (multi-word and empty nodes skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e}") from e
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for lineno, line in enumerate([*lines, ""], 1):
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 10:
            raise InputError(f"{path}:{lineno}: expected 10 tab-separated CoNLL-U columns, got {len(fields)}")
        if fields[0].isdigit():
            current.append((fields[1], fields[2]))
    return sentences


def evaluate_lemmas(data_dir: Path) -> LemmaScores:
    """Accuracy of the pipeline's lemmatizer on UD German GSD test (gold tokens, exact lemma)."""
    from spacy.tokens import Doc

    from kg.nlp import load_pipeline

    path = data_dir / UD_GSD_TEST
    if not path.is_file():
        raise InputError(f"{path}: not found (--data must be the shared data folder)")
    nlp = load_pipeline()
    lemmatizer = nlp.get_pipe("lemmatizer")
    tokens = correct = 0
    for sentence in read_conllu_lemmas(path):
        doc = lemmatizer(Doc(nlp.vocab, words=[form for form, _ in sentence]))
        for token, (_, lemma) in zip(doc, sentence, strict=True):
            tokens += 1
            correct += token.lemma_ == lemma
    return LemmaScores(tokens, correct)
