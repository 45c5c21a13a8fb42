"""Is an article German? py3langid (a naive Bayes model shipped in the package, 97 languages).

Only a confident verdict skips an article: the detector must name another language with a
probability of at least :data:`MIN_CONFIDENCE` on a text of at least :data:`MIN_WORDS` words.
Languages the model confuses with German on German text (Luxembourgish, Frisian; results
tables of names and numbers land there) count as German. ``bench/bench_language.py`` measures
it on German corpora and invented texts in other languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: the detector reads this much of a text (its verdict is stable long before)
SAMPLE_CHARS = 3000
MIN_WORDS = 20
MIN_CONFIDENCE = 0.9
GERMAN_LIKE = frozenset({"de", "lb", "fy"})

# digits, times and punctuation say nothing about the language and dilute short texts
_NOISE = re.compile(r"[\d:.,;+()/\-–%]+")


@dataclass(frozen=True)
class Verdict:
    """The detector's answer: the most likely language and its probability; ``german`` is
    False only when that language is confidently not German."""

    language: str | None
    probability: float
    german: bool

    @property
    def detected_german(self) -> bool:
        """Whether the detector found German (not merely failed to find anything else)."""
        return self.language in GERMAN_LIKE


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Verdict:
    """The language of ``text``; too short a text is taken as German (``language`` None)."""
    sample = _NOISE.sub(" ", text[:SAMPLE_CHARS])
    if len(sample.split()) < MIN_WORDS:
        return Verdict(None, 0.0, True)
    language, probability = _identifier().classify(sample)
    german = language in GERMAN_LIKE or probability < MIN_CONFIDENCE
    return Verdict(language, probability, german)
