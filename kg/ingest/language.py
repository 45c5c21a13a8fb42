"""Is an article German? py3langid (a naive Bayes model shipped in the package, 97 languages).

Only a confident verdict skips an article: the detector must name another language with a
probability of at least :data:`MIN_CONFIDENCE` on a text of at least :data:`MIN_WORDS` words.
Languages the model confuses with German on German text (Luxembourgish, Frisian; results
tables of names and numbers land there) count as German. ``bench/bench_language.py`` measures
it on German corpora and invented texts in other languages.
"""

from __future__ import annotations

import logging
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.cache import cache_path, write_copy

log = logging.getLogger(__name__)

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
    """py3langid's model, from a pickled copy in the user's cache (``$XDG_CACHE_HOME/
    motorsport-kg``) after the first load: 0.2 s instead of 0.7-1.4 s, as the shipped model is
    LZMA-compressed and py3langid decompresses it through a temporary file every time. A cache
    that cannot be read or written is only skipped."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    source = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else MODEL_DIR / MODEL_FILE
    cached = cache_path(f"py3langid_{py3langid.__version__}", source, ".pickle")
    try:
        found = pickle.loads(cached.read_bytes())  # our own cache, written below
        if isinstance(found, LanguageIdentifier):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        write_copy(cached, pickle.dumps(identifier, protocol=5))
    except OSError as e:
        log.debug("cannot cache the language model in %s: %s", cached, e)
    return identifier


def detect(text: str) -> Verdict:
    """The language of ``text``; too short a text is taken as German (``language`` None)."""
    sample = _NOISE.sub(" ", text[:SAMPLE_CHARS])
    if len(sample.split()) < MIN_WORDS:
        return Verdict(None, 0.0, True)
    language, probability = _identifier().classify(sample)
    german = language in GERMAN_LIKE or probability < MIN_CONFIDENCE
    return Verdict(language, probability, german)
