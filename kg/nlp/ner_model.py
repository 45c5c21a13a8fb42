"""The shipped statistical NER (``kg/nlp/models/de_motorsport_ner``): load it, or add it to a pipeline;
and the lemma table the pipeline and the NER's gate share, read fast at start-up.

A German ``tok2vec`` + ``ner`` pipeline predicting the dev set's motorsport kinds
(:data:`NER_LABELS`; see ``models/README.md``). It is read from the package directory, never
downloaded. The recogniser takes its person, car and circuit spans where the rules found
nothing, each checked by a unit of :mod:`kg.nlp.recognizer`.
"""

from __future__ import annotations

import logging
import marshal
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cache import cache_path, write_copy
from kg.errors import KGError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

#: where the trained pipeline lives in the package
log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).parent / "models" / "de_motorsport_ner"
#: the labels it predicts
NER_LABELS: tuple[str, ...] = ("DRIVER", "PERSON", "TEAM", "MANUFACTURER", "CAR_MODEL", "SERIES", "CIRCUIT")


def load_ner_from(path: Path) -> Language:
    """A trained NER pipeline from a directory (registers the project's architectures first)."""
    import spacy

    from kg.nlp import embedding  # noqa: F401 - registers kg.ClusterHashEmbed.v1

    if not (path / "config.cfg").is_file():
        raise KGError(f"{path}: not a trained NER pipeline (no config.cfg; train one with `kg nlp train`)")
    return spacy.load(path)


@lru_cache(maxsize=1)
def load_ner() -> Language:
    """The shipped NER pipeline (project tokenizer, ``tok2vec``, ``ner``), loaded once per process."""
    return load_ner_from(MODEL_PATH)


def load_statistical_ner(vocab: Vocab) -> Callable[[Doc], Doc]:
    """The shipped model's ``ner`` with its own copy of ``tok2vec``, to run on docs of ``vocab``.

    A fresh copy on every call (``replace_listeners`` changes the loaded pipeline). The word
    cluster tables are read now, whole, so that forked build workers inherit them.
    """
    from kg.nlp.embedding import lexeme_tables

    for table in lexeme_tables():
        if isinstance(table, BucketTable):
            table.load_all()
    source = load_ner_from(MODEL_PATH)
    source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    ner = source.get_pipe("ner")
    for label in ner.labels:  # type: ignore[attr-defined]
        vocab.strings.add(label)
    return ner


class LazyNER:
    """The statistical NER, loaded on its first use (a build whose sentences the rules explain
    never pays the ~2.5 s of loading it). Stands in for the ``ner`` pipe: ``pipe`` and calls."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._ner: Any = None

    def load(self) -> Any:
        if self._ner is None:
            self._ner = load_statistical_ner(self._vocab)
        return self._ner

    def pipe(self, docs: Iterable[Doc], **kwargs: Any) -> Iterator[Doc]:
        return self.load().pipe(docs, **kwargs)  # type: ignore[no-any-return]

    def __call__(self, doc: Doc) -> Doc:
        return self.load()(doc)  # type: ignore[no-any-return]


# -- the lemma table: a plain dict keyed by the word, cached as marshal ---------------------

LEMMA_TABLE = "lemma_lookup"


def _lemma_source() -> Path:
    try:
        import spacy_lookups_data
    except ImportError as e:
        raise KGError("the lemmatizer needs spaCy's German lookup data (spacy-lookups-data)") from e
    return Path(spacy_lookups_data.__file__).parent / "data" / f"de_{LEMMA_TABLE}.json.gz"


@lru_cache(maxsize=1)
def lemma_table() -> Mapping[str, str]:
    """spaCy's German lemma lookup table (word form -> lemma), read by bucket (:func:`bucket_table`:
    the lemmatizer looks each distinct word of the text up once)."""
    return bucket_table(_lemma_source())


def cached_table(source: Path) -> dict[str, object]:
    """A JSON table of ``spacy-lookups-data`` (``*.json.gz``) as a dict, read from a marshal
    copy in the user's cache (``$XDG_CACHE_HOME/motorsport-kg``, named by the source's name,
    size and time) after the first read: 0.2-0.6 s instead of 0.6-1.4 s for the German lemma
    and cluster tables. A cache that cannot be written is only skipped."""
    import gzip
    import json

    try:
        cached = cache_path(source.name.removesuffix(".json.gz"), source, ".marshal")
    except OSError as e:
        raise KGError(f"{source}: cannot read spaCy's lookup table: {e}") from e
    try:
        table = marshal.loads(cached.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    try:
        with gzip.open(source) as f:
            table = json.loads(f.read())
    except (OSError, ValueError) as e:
        raise KGError(f"{source}: cannot read spaCy's lookup table: {e}") from e
    try:
        write_copy(cached, marshal.dumps(table))
    except OSError as e:
        log.debug("cannot cache %s in %s: %s", source.name, cached, e)
    return table  # type: ignore[no-any-return]


#: buckets of a :class:`BucketTable` (a million words: about 250 a bucket)
BUCKETS = 4096


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) % BUCKETS


class BucketTable(Mapping[str, Any]):
    """A large word table (a million entries) read bucket by bucket, on the first lookup of a
    word in each: a build of one article looks a few hundred words up and reads a few hundred
    small buckets (milliseconds) instead of the whole table (0.6-0.8 s from marshal).

    The cache file (:func:`bucket_table`) is the length of the bucket offsets (8 bytes), the
    offsets (marshal), then each bucket as a marshal dict; the word's bucket is its CRC-32
    modulo :data:`BUCKETS` (stable across processes, unlike ``hash``).
    """

    def __init__(self, path: Path) -> None:
        # read with pread, not mapped: a cache file truncated under a mapping would kill the
        # process (SIGBUS); a file replaced (as the cache is written) leaves this one readable
        self._path = path
        self._fd = -1
        self._fd = os.open(path, os.O_RDONLY)
        try:
            size = int.from_bytes(self._read(0, 8), "little")
            if 8 + size > os.fstat(self._fd).st_size:
                raise ValueError(f"{path}: not a bucket table")
            self._offsets: list[int] = [8 + size + o for o in marshal.loads(self._read(8, size))]
            if len(self._offsets) != BUCKETS + 1:
                raise ValueError(f"{path}: not a table of {BUCKETS} buckets")
        except BaseException:
            os.close(self._fd)
            self._fd = -1
            raise
        self._buckets: list[dict[str, Any] | None] = [None] * BUCKETS

    def __del__(self, _close: Callable[[int], None] = os.close) -> None:  # os may be gone at exit
        if self._fd >= 0:
            _close(self._fd)

    def _read(self, start: int, size: int) -> bytes:
        data = os.pread(self._fd, size, start)
        if len(data) != size:
            raise KGError(f"{self._path}: the cached table is cut short; delete it")
        return data

    def _load(self, i: int) -> dict[str, Any]:
        bucket = self._buckets[i]
        if bucket is None:
            start, end = self._offsets[i], self._offsets[i + 1]
            bucket = self._buckets[i] = marshal.loads(self._read(start, end - start))
        return bucket

    def load_all(self) -> BucketTable:
        """Read every bucket now (a process that forks workers, so that they inherit them)."""
        for i in range(BUCKETS):
            self._load(i)
        return self

    def get(self, key: object, default: Any = None) -> Any:
        return self._load(_bucket(key)).get(key, default) if isinstance(key, str) else default

    def __getitem__(self, key: str) -> Any:
        return self._load(_bucket(key))[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._load(_bucket(key))

    def __iter__(self) -> Iterator[str]:
        for i in range(BUCKETS):
            yield from self._load(i)

    def __len__(self) -> int:
        return sum(len(self._load(i)) for i in range(BUCKETS))


def bucket_table(source: Path) -> Mapping[str, Any]:
    """A JSON table of ``spacy-lookups-data`` as a :class:`BucketTable`, from its cache file in
    the user's cache (written from the JSON on the first use, as :func:`cached_table` does; a
    plain dict if the cache cannot be written)."""
    try:
        cached = cache_path(source.name.removesuffix(".json.gz"), source, ".buckets")
    except OSError as e:
        raise KGError(f"{source}: cannot read spaCy's lookup table: {e}") from e
    try:
        return BucketTable(cached)
    except (OSError, KGError, ValueError, EOFError, TypeError):  # not there yet, or broken
        pass
    table = cached_table(source)
    buckets: list[dict[str, object]] = [{} for _ in range(BUCKETS)]
    for word, value in table.items():
        buckets[_bucket(word)][word] = value
    blobs = [marshal.dumps(b) for b in buckets]
    offsets, at = [], 0
    for blob in blobs:
        offsets.append(at)
        at += len(blob)
    offsets.append(at)
    header = marshal.dumps(offsets)
    try:
        write_copy(cached, [len(header).to_bytes(8, "little") + header, *blobs])
        return BucketTable(cached)
    except OSError as e:
        log.debug("cannot cache %s in %s: %s", source.name, cached, e)
    return table


def lemma_lookups() -> Any:
    """A spaCy ``Lookups`` whose ``lemma_lookup`` table looks words up in :func:`lemma_table`."""
    from spacy.lookups import Lookups, Table

    class WordTable(Table):
        """A read-only table keyed by the word itself (spaCy's ``Table`` hashes every key into
        a Bloom filter and an ordered dict when it is built: most of the lemmatizer's start)."""

        def __init__(self, words: Mapping[str, str]) -> None:
            super().__init__(name=LEMMA_TABLE)
            self.words = words

        def get(self, key: Any, default: Any = None) -> Any:
            return self.words.get(key, default) if isinstance(key, str) else default

        def __contains__(self, key: object) -> bool:
            return key in self.words

        def __getitem__(self, key: Any) -> Any:
            return self.words[key]

        def __len__(self) -> int:
            return len(self.words)

    lookups = Lookups()
    lookups.set_table(LEMMA_TABLE, WordTable(lemma_table()))
    return lookups
