import pytest

from kg.config import SETTINGS, Settings
from kg.errors import ConfigError


def test_settings_defaults_match_the_table() -> None:
    s = Settings.load(env={})
    for setting in SETTINGS:
        assert getattr(s, setting.name) == setting.default
    assert s.update_token is None


def test_settings_environment_overrides_and_coerces() -> None:
    s = Settings.load(
        env={
            "KG_PORT": "9000",
            "KG_ALLOW_SERVICE": "yes",
            "KG_SERVICE_ENDPOINTS": "https://query.wikidata.org/sparql",
            "KG_UPDATE_TOKEN": "t0k",
        }
    )
    assert (s.port, s.allow_service, s.update_token) == (9000, True, "t0k")


def test_settings_explicit_override_beats_environment() -> None:
    assert Settings.load(env={"KG_PORT": "9000"}, port=7000).port == 7000
    assert Settings.load(env={"KG_PORT": "9000"}, port=None).port == 9000


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KG_PORT": "eighty"}, "cannot read 'eighty' as int"),
        ({"KG_ALLOW_SERVICE": "maybe"}, "cannot read 'maybe' as bool"),
        ({"KG_RESOURCE_BASE": "https://example.org/r"}, "must end in '/'"),
        ({"KG_RESOURCE_BASE": "mskg/resource/"}, "must be an absolute IRI"),
        ({"KG_RESOURCE_BASE": "https://example.org/kg#/"}, "without a fragment"),
        ({"KG_ALLOW_SERVICE": "yes"}, "allow_service needs service_endpoints"),
        ({"KG_PUBLIC_URL": "kg.example.org"}, "public_url must be an http"),
    ],
)
def test_settings_bad_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(env=env)


def test_settings_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        Settings.load(env={}, colour="red")


def test_settings_table_is_the_dataclass() -> None:
    """One table: every field of Settings is a row with its type, default and help, once."""
    import dataclasses

    rows = {s.name: s for s in SETTINGS}
    assert list(rows) == [f.name for f in dataclasses.fields(Settings)]
    assert all(s.help and s.type in (str, int, float, bool) for s in SETTINGS)
    assert rows["port"].type is int and rows["wikidata_api_url"].default.startswith("https://")
    assert [s.name for s in SETTINGS if s.secret] == ["update_token"]


def test_settings_secret_comes_from_the_environment_only() -> None:
    with pytest.raises(ConfigError, match=r"update_token is a secret: .*KG_UPDATE_TOKEN"):
        Settings.load(env={}, update_token="t0k")
    settings = Settings.load(env={"KG_UPDATE_TOKEN": "t0k"})
    assert settings.update_token == "t0k" and "t0k" not in repr(settings)


def test_settings_no_command_takes_a_secret_as_a_flag() -> None:
    from kg.cli import _parser

    parser = _parser()
    flags = [a for action in parser._actions for a in action.option_strings]
    for sub in parser._subparsers._group_actions[0].choices.values():  # type: ignore[union-attr]
        flags += [a for action in sub._actions for a in action.option_strings]
    assert not [f for f in flags if "token" in f]


def test_cache_keeps_the_newest_copies_of_a_source(tmp_path, monkeypatch):
    """A reinstall makes a new copy (a new source time); the older ones beyond two go."""
    import os

    from kg.cache import KEEP, cache_path, write_copy

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "table.json.gz"
    source.write_bytes(b"x")
    other = tmp_path / "cache" / "motorsport-kg" / "other_table-1-1.marshal"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"y")
    written = []
    for t in range(5):
        os.utime(source, (1_000_000 + t, 1_000_000 + t))
        path = cache_path("table", source, ".marshal")
        write_copy(path, b"data")
        os.utime(path, (2_000_000 + t, 2_000_000 + t))
        written.append(path)
    left = sorted(p.name for p in other.parent.glob("table-*.marshal"))
    assert len(left) == KEEP and left == sorted(p.name for p in written[-KEEP:])
    assert written[-1].read_bytes() == b"data"
    assert other.exists()  # another source's copy stays
