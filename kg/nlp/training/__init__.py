"""Training and evaluating the statistical German NER (``kg nlp train`` / ``kg nlp evaluate``).

``corpus`` reads GermEval 2014 / WikiANN into spaCy ``DocBin``s, ``synthetic`` writes labelled
motorsport sentences from templates, ``devset`` projects the dev set's gold entities onto its
texts, ``train`` runs spaCy's training loop on ``config.cfg``, ``evaluate`` scores a model on
GermEval dev, the dev set's splits and the seed articles' gold drivers.
"""

from __future__ import annotations

from pathlib import Path

#: the committed spaCy training config
CONFIG_PATH = Path(__file__).with_name("config.cfg")
