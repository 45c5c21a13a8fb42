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
