"""Configuration: defaults, the example file, the token from the environment, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_without_a_file() -> None:
    config = load_config(None, environ={})
    assert config.discord.token is None
    assert config.discord.api_base_url == "https://discord.com/api/v10"
    assert config.storage.database.name == "dateline.db"
    assert config.digest.grace_hours == 6.0


def test_example_file_loads_and_paths_are_relative_to_it() -> None:
    config = load_config(ROOT / "config.example.toml", environ={})
    assert config.corpus.path == ROOT / "data" / "corpus"
    assert config.storage.database == ROOT / "var" / "dateline.db"
    assert config.digest.default_timezone == "UTC"


def test_environment_token_wins_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[discord]\ntoken = "from-file"\n')
    assert load_config(path, environ={}).discord.token == "from-file"
    assert load_config(path, environ={"DISCORD_TOKEN": "from-env"}).discord.token == "from-env"


def test_token_is_not_in_the_repr(tmp_path: Path) -> None:
    config = load_config(None, environ={"DISCORD_TOKEN": "secret-value"})
    assert "secret-value" not in repr(config)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("[digest]\ngrace_hours = 'six'\n", "[digest] grace_hours"),
        ("[digest]\ndefault_timezone = 'Mars/Base'\n", "[digest] default_timezone"),
        ("[discord]\nowner_ids = ['me']\n", "[discord] owner_ids"),
        ("[discord]\napi_base_url = 'ftp://x'\n", "[discord] api_base_url"),
        ("[corpus]\nmax_file_byte = 3\n", "[corpus] max_file_byte"),
        ("[corpos]\npath = 'x'\n", "[corpos]"),
        ("[logging]\nlevel = 'LOUD'\n", "[logging] level"),
    ],
)
def test_bad_values_name_the_key_and_the_file(tmp_path: Path, body: str, named: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert named in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("[discord\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken, environ={})
