"""Train the statistical NER with spaCy's training loop (``kg nlp train``).

The training data is written from the data directory on every run (nothing derived is kept in
the repository): GermEval 2014's ``NER-de-test.tsv`` (every 10th sentence held out for the
loop's scoring and best-model choice; ``NER-de-dev.tsv`` is never read here). Seeds are fixed in
``config.cfg``; with ``max_minutes=None`` the run stops at ``[training] max_steps`` and is
reproducible.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.nlp.training import CONFIG_PATH
from kg.nlp.training.corpus import (
    DerivPolicy,
    Sentence,
    project_tokenizer,
    read_germeval,
    read_wikiann,
    sample,
    split_holdout,
    to_docbin,
)

log = logging.getLogger(__name__)

GERMEVAL_TRAIN = Path("germeval2014") / "NER-de-test.tsv"
WIKIANN_TRAIN = Path("wikiann_de") / "train"
#: the shipped model's choices (``kg nlp train`` uses them): see the model card
DERIV: DerivPolicy = "misc"
SYNTHETIC = 600


def training_sentences(
    data_dir: Path, *, deriv: DerivPolicy = "drop", wikiann: int = 0, synthetic: int = 0
) -> tuple[list[Sentence], list[Sentence]]:
    """The training and held-out sentences read from ``data_dir``.

    Args:
        data_dir: the shared data folder (with ``germeval2014/``).
        deriv: what to do with GermEval's ``*deriv`` spans (see :mod:`.corpus`).
        wikiann: how many WikiANN training sentences to add (0: none; measured not to help).
        synthetic: how many template sentences (:mod:`.synthetic`) to add to the training part.
    """
    path = data_dir / GERMEVAL_TRAIN
    if not path.is_file():
        raise InputError(f"{path}: not found (--data must be the shared data folder)")
    train, held = split_holdout(read_germeval(path, deriv=deriv))
    if wikiann:
        train += sample(read_wikiann(data_dir / WIKIANN_TRAIN), wikiann, seed=0)
    if synthetic:
        from kg.nlp.training.synthetic import synthetic_sentences

        train += synthetic_sentences(data_dir, synthetic, seed=0)
    return train, held


def train(
    data_dir: Path,
    output: Path,
    *,
    max_minutes: float | None = None,
    config: Path = CONFIG_PATH,
    overrides: dict[str, Any] | None = None,
    deriv: DerivPolicy = DERIV,
    wikiann: int = 0,
    synthetic: int = SYNTHETIC,
) -> Path:
    """Train the NER on the data in ``data_dir`` and write the pipeline to ``output``.

    Args:
        data_dir: the shared data folder.
        output: the model directory to write (replaced if it exists).
        max_minutes: stop after this long (keeping the best model so far); ``None``: run
            until the config's ``max_steps``/``max_epochs``/``patience`` (reproducible).
        config: the spaCy training config.
        overrides: config overrides (``{"training.max_steps": 500}``).
        deriv, wikiann, synthetic: see :func:`training_sentences`.

    Returns:
        ``output``: a pipeline with ``tok2vec`` and ``ner`` and the project's tokenizer.
    """
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import create_evaluation_callback, create_train_batches, train_while_improving
    from spacy.util import load_config, registry, resolve_dot_names

    from kg.nlp import embedding  # noqa: F401 - registers kg.ClusterHashEmbed.v1
    from kg.nlp.ner_model import load_ner_from
    from kg.nlp.tokenizer import customize_tokenizer

    started = time.monotonic()
    train_sents, held_sents = training_sentences(data_dir, deriv=deriv, wikiann=wikiann, synthetic=synthetic)
    with tempfile.TemporaryDirectory(prefix="kg-ner-") as tmp:
        work = Path(tmp)
        tokenizer = project_tokenizer()
        to_docbin(train_sents, tokenizer).to_disk(work / "train.spacy")
        to_docbin(held_sents, tokenizer).to_disk(work / "dev.spacy")
        log.info("training on %d sentences, %d held out", len(train_sents), len(held_sents))
        cfg_overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        cfg_overrides.update(overrides or {})
        cfg = load_config(config, overrides=cfg_overrides, interpolate=False)
        nlp = init_nlp(cfg)
        T = registry.resolve(nlp.config.interpolate()["training"], schema=ConfigSchemaTraining)
        train_corpus, dev_corpus = resolve_dot_names(
            nlp.config.interpolate(), [T["train_corpus"], T["dev_corpus"]]
        )
        steps = train_while_improving(
            nlp,
            T["optimizer"],
            create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]),
            create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
            dropout=T["dropout"],
            accumulate_gradient=T["accumulate_gradient"],
            patience=T["patience"],
            max_steps=T["max_steps"],
            eval_frequency=T["eval_frequency"],
            exclude=T["frozen_components"],
            annotating_components=T["annotating_components"],
            before_update=T["before_update"],
        )
        deadline = started + max_minutes * 60 if max_minutes is not None else None
        best_dir = work / "model-best"
        for _batch, info, is_best in steps:
            if is_best is not None:
                log.info(
                    "step %d epoch %d: loss %.1f, held-out F1 %.3f (%.0f s)",
                    info["step"], info["epoch"], info["losses"].get("ner", 0.0),
                    info["score"], time.monotonic() - started,
                )  # fmt: skip
                if is_best or not best_dir.exists():
                    nlp.to_disk(best_dir)
            if deadline is not None and time.monotonic() > deadline:
                log.info("stopping at step %d: --max-minutes %s reached", info["step"], max_minutes)
                break
        if not best_dir.exists():
            nlp.to_disk(best_dir)
        best = load_ner_from(best_dir)
    customize_tokenizer(best)
    for key in ("train", "dev"):
        best.config["paths"][key] = None
    best.meta.update(
        name="motorsport_ner",
        version="0.2.0",
        description="German NER (PER, ORG, LOC, MISC) for motorsport-kg, trained on GermEval 2014",
        license="CC BY 4.0",
        germeval_deriv=deriv,
        requirements=[f"spacy-lookups-data=={metadata.version('spacy-lookups-data')}"],
        synthetic_sentences=synthetic,
        sources=[
            {"name": "GermEval 2014 NER", "author": "Benikova, Biemann, Reznicek", "license": "CC BY 4.0"},
            {"name": "spaCy lookups data (German word clusters and probabilities)", "license": "MIT"},
            *([{"name": "F1DB (names in synthetic sentences)", "license": "CC BY 4.0"}] if synthetic else []),
        ],
    )
    if output.exists():
        shutil.rmtree(output)
    best.to_disk(output)
    log.info("wrote %s in %.0f s", output, time.monotonic() - started)
    return output
