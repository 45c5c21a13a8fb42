"""Identities, duplicates and unchanged articles, decided without NLP or a store."""

from __future__ import annotations

from kg.ingest import LEGACY, Admitted, Article, Deferred, Identities, ReadFailure, StoredArticle, Unchanged
from kg.rdf import slug


def key(identifier: str) -> str:
    return f"article/{slug(identifier)}"


def art(identifier: str, location: str, text: str = "") -> Article:
    return Article(identifier, text or f"Text von {location}.", source=location, location=location)


def stored(a: Article, version: str | None = "v1") -> StoredArticle:
    return StoredArticle(key(a.identifier), a.identifier, a.location, a.checksum, version)


def test_unique_stems_stay_the_identifier() -> None:
    ids = Identities([], key)
    decisions = [
        ids.decide(art("001_abc", "seeds/001_abc.txt")),
        ids.decide(art("002_def", "seeds/002_def.txt")),
    ]
    assert [d.article.identifier for d in decisions if isinstance(d, Admitted)] == ["001_abc", "002_def"]
    assert all(d.notice is None for d in decisions if isinstance(d, Admitted))


def test_names_mapping_to_one_iri_are_made_unique_and_reported() -> None:
    ids = Identities([], key)
    inputs = [
        art("kollision", "a/kollision.txt"),
        art("Kollision", "b/Kollision.txt"),
        art("24-日本", "c/24-日本.txt"),
        art("24-🏎", "c/24-🏎.txt"),
    ]
    decisions = [ids.decide(a) for a in inputs]
    assert all(isinstance(d, Admitted) for d in decisions)
    first, second, third, fourth = decisions  # type: ignore[misc]
    assert first.article.identifier == "kollision" and first.notice is None
    assert second.article.identifier.startswith("Kollision-") and len(second.article.identifier) == 18
    assert "identifier 'Kollision' is taken by a/kollision.txt" in second.notice.message
    assert third.article.identifier == "24-日本"
    assert fourth.article.identifier.startswith("24-🏎-")
    assert len({key(d.article.identifier) for d in decisions}) == 4  # four IRIs


def test_resolution_is_deterministic() -> None:
    def run() -> list[str]:
        ids = Identities([], key)
        return [
            ids.decide(art("bericht", loc)).article.identifier for loc in ("a/bericht.txt", "b/bericht.txt")
        ]  # type: ignore[union-attr]

    assert run() == run()


def test_the_same_text_twice_is_a_duplicate_of_the_first() -> None:
    ids = Identities([], key)
    assert isinstance(ids.decide(art("eins", "eins.txt", "Gleicher Text.")), Admitted)
    dup = ids.decide(art("zwei", "zwei.txt", "Gleicher Text."))
    assert isinstance(dup, ReadFailure)
    assert dup.reason == "duplicate: the same text as eins.txt; built once"


def test_stored_article_keeps_its_identity_and_is_unchanged() -> None:
    old = art("bericht", "b/bericht.txt")
    renamed = StoredArticle(key("bericht-1234abcd"), "bericht-1234abcd", old.location, old.checksum, "v1")
    ids = Identities([renamed], key, extractor_version="v1")
    decision = ids.decide(old)
    assert isinstance(decision, Unchanged) and decision.article.identifier == "bericht-1234abcd"


def test_changed_text_or_extractor_version_or_force_rebuilds() -> None:
    old = art("bericht", "bericht.txt", "Alter Text.")
    edited = art("bericht", "bericht.txt", "Neuer Text.")
    for new, version, force in ((edited, "v1", False), (old, "v2", False), (old, "v1", True)):
        ids = Identities([stored(old)], key, extractor_version=version, force=force)
        decision = ids.decide(new)
        assert isinstance(decision, Admitted) and decision.article.identifier == "bericht"


def test_a_stored_identity_of_another_location_is_not_taken_over() -> None:
    ids = Identities([stored(art("bericht", "a/bericht.txt"))], key, extractor_version="v1")
    decision = ids.decide(art("bericht", "b/bericht.txt"))
    assert isinstance(decision, Admitted) and decision.article.identifier.startswith("bericht-")


def test_with_prune_a_gone_article_frees_its_identity_and_is_not_removed_twice() -> None:
    gone = stored(art("bericht", "a/bericht.txt"))
    ids = Identities([gone], key, extractor_version="v1", files=["b/bericht.txt"], prune=True)
    decision = ids.decide(art("bericht", "b/bericht.txt"))
    assert isinstance(decision, Admitted) and decision.article.identifier == "bericht"
    assert ids.prunable() == []  # its graph now holds the new article


def test_prunable_lists_stored_articles_no_input_stands_for() -> None:
    kept, failed, gone = art("a", "a.txt"), art("b", "b.txt"), art("c", "c.txt")
    ids = Identities([stored(x) for x in (kept, failed, gone)], key, extractor_version="v1",
                     files=["a.txt", "b.txt"], prune=True)  # fmt: skip
    assert isinstance(ids.decide(kept), Unchanged)
    ids.failed(ReadFailure("b.txt", "cannot be read: Permission denied", "b.txt"))
    assert [s.identifier for s in ids.prunable()] == ["c"]


def test_copy_of_a_stored_text_waits_for_that_article_to_be_read_again() -> None:
    original = art("z", "z.txt", "Text X.")
    copy = art("b", "b.txt", "Text X.")
    for z_now, expected in ((original, ReadFailure), (art("z", "z.txt", "Text Y."), Admitted)):
        ids = Identities([stored(original)], key, extractor_version="v1", files=["b.txt", "z.txt"])
        assert isinstance(ids.decide(copy), Deferred)
        ids.decide(z_now)
        (decision,) = ids.finish([copy])
        assert isinstance(decision, expected)


def test_copy_of_a_stored_text_outside_the_input_is_a_duplicate_and_keeps_it() -> None:
    elsewhere = art("alt", "alt/bericht.txt", "Text X.")
    ids = Identities([stored(elsewhere)], key, extractor_version="v1", files=["neu.txt"], prune=False)
    decision = ids.decide(art("neu", "neu.txt", "Text X."))
    assert isinstance(decision, ReadFailure) and "already in the store" in decision.reason
    assert ids.prunable() == []


def test_withdrawn_article_frees_its_text_and_identifier() -> None:
    ids = Identities([], key)
    first = ids.decide(art("bericht", "a/bericht.txt", "Text."))
    assert isinstance(first, Admitted)
    ids.withdraw(first.article)
    second = ids.decide(art("bericht", "b/bericht.txt", "Text."))
    assert isinstance(second, Admitted) and second.article.identifier == "bericht"


def test_an_article_built_before_locations_were_recorded_is_taken_over() -> None:
    legacy = StoredArticle(key("bericht"), "bericht", f"{LEGACY}{key('bericht')}", "", None)
    ids = Identities([legacy], key, extractor_version="v1", files=["bericht.txt"], prune=True)
    decision = ids.decide(art("bericht", "bericht.txt"))
    assert isinstance(decision, Admitted) and decision.article.identifier == "bericht" and not decision.notice
    assert ids.prunable() == []  # its graph now holds the new build of it
