"""Typed configuration from a TOML file plus the environment.

Every key has a built-in default so the bot runs with no file at all; a key that is present
but wrong fails loudly with its name and the file, because a silently ignored typo in a
production config is worse than a refusal to start.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_BASE_URL = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
TOKEN_ENV = "DISCORD_TOKEN"


def load_publisher_table(config: CorpusConfig) -> dict[str, str]:
    """The shipped domain -> publisher table, extended by ``[corpus] publishers_file``."""
    from bot.corpus.sources import load_publishers

    try:
        return load_publishers(config.publishers_file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            f"[corpus] publishers_file: cannot read {config.publishers_file}: {error}"
        ) from error


class ConfigError(ValueError):
    """A configuration value is missing or wrong; the message names the key and the file."""


@dataclass(frozen=True)
class DiscordConfig:
    token: str | None = field(default=None, repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    gateway_url: str = DEFAULT_GATEWAY_URL
    dev_guild_id: int | None = None
    owner_ids: frozenset[int] = frozenset()
    admin_role_id: int | None = None  # may manage digests and the corpus, like Manage Server


@dataclass(frozen=True)
class CorpusConfig:
    path: Path = Path("data/corpus")
    max_file_bytes: int = 5_000_000
    publishers_file: Path | None = None


@dataclass(frozen=True)
class StorageConfig:
    database: Path = Path("var/dateline.db")


@dataclass(frozen=True)
class DigestConfig:
    default_timezone: str = "UTC"
    grace_hours: float = 6.0


@dataclass(frozen=True)
class LoggingConfig:
    level: str = "INFO"
    file: Path | None = None


@dataclass(frozen=True)
class Config:
    discord: DiscordConfig = DiscordConfig()
    corpus: CorpusConfig = CorpusConfig()
    storage: StorageConfig = StorageConfig()
    digest: DigestConfig = DigestConfig()
    logging: LoggingConfig = LoggingConfig()
    source: Path | None = None  # the file this came from, for messages


_KNOWN_KEYS: dict[str, set[str]] = {
    "discord": {
        "token",
        "api_base_url",
        "gateway_url",
        "dev_guild_id",
        "owner_ids",
        "admin_role_id",
    },
    "corpus": {"path", "max_file_bytes", "publishers_file"},
    "storage": {"database"},
    "digest": {"default_timezone", "grace_hours"},
    "logging": {"level", "file"},
}
_LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def load_config(path: Path | None, environ: Mapping[str, str] | None = None) -> Config:
    """Load ``path`` (or defaults when ``None``), then apply ``DISCORD_TOKEN`` from the environment.

    Relative paths in the file are resolved against the file's folder, so the bot behaves the
    same whatever directory it is started from.
    """
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    base = Path.cwd()
    if path is not None:
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError as error:
            raise ConfigError(f"{path}: configuration file not found") from error
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from error
        base = path.resolve().parent
    reader = _Reader(data, path)
    reader.check_unknown()
    token = env.get(TOKEN_ENV) or reader.optional_str("discord", "token")
    return Config(
        discord=DiscordConfig(
            token=token or None,
            api_base_url=reader.url("discord", "api_base_url", DEFAULT_API_BASE_URL, ("http",)),
            gateway_url=reader.url("discord", "gateway_url", DEFAULT_GATEWAY_URL, ("ws",)),
            dev_guild_id=reader.integer("discord", "dev_guild_id", 0, minimum=0) or None,
            owner_ids=frozenset(reader.int_list("discord", "owner_ids")),
            admin_role_id=reader.integer("discord", "admin_role_id", 0, minimum=0) or None,
        ),
        corpus=CorpusConfig(
            path=reader.path("corpus", "path", base, Path("data/corpus")),
            max_file_bytes=reader.integer("corpus", "max_file_bytes", 5_000_000, minimum=1),
            publishers_file=reader.optional_path("corpus", "publishers_file", base),
        ),
        storage=StorageConfig(
            database=reader.path("storage", "database", base, Path("var/dateline.db")),
        ),
        digest=DigestConfig(
            default_timezone=reader.timezone("digest", "default_timezone", "UTC"),
            grace_hours=reader.number("digest", "grace_hours", 6.0, minimum=0.0),
        ),
        logging=LoggingConfig(
            level=reader.choice("logging", "level", "INFO", _LOG_LEVELS),
            file=reader.optional_path("logging", "file", base),
        ),
        source=path,
    )


class _Reader:
    """Typed access to the parsed TOML with errors that say ``[section] key`` and the file."""

    def __init__(self, data: dict[str, Any], path: Path | None) -> None:
        self._data = data
        self._where = str(path) if path is not None else "built-in defaults"

    def _fail(self, section: str, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self._where}: [{section}] {key}: {problem}")

    def check_unknown(self) -> None:
        for section, values in self._data.items():
            if section not in _KNOWN_KEYS:
                raise ConfigError(f"{self._where}: unknown section [{section}]")
            if not isinstance(values, dict):
                raise ConfigError(f"{self._where}: [{section}] must be a table")
            for key in values:
                if key not in _KNOWN_KEYS[section]:
                    known = ", ".join(sorted(_KNOWN_KEYS[section]))
                    raise self._fail(section, key, f"unknown key (known keys: {known})")

    def _get(self, section: str, key: str) -> Any:
        values = self._data.get(section, {})
        return values.get(key) if isinstance(values, dict) else None

    def optional_str(self, section: str, key: str) -> str | None:
        value = self._get(section, key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._fail(section, key, "must be a string")
        return value

    def url(self, section: str, key: str, default: str, schemes: tuple[str, ...]) -> str:
        value = self.optional_str(section, key) or default
        if not value.startswith(schemes):
            raise self._fail(section, key, f"must start with {' or '.join(schemes)}: {value!r}")
        return value

    def integer(self, section: str, key: str, default: int, minimum: int) -> int:
        value = self._get(section, key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(section, key, "must be a whole number")
        if value < minimum:
            raise self._fail(section, key, f"must be at least {minimum}")
        return value

    def number(self, section: str, key: str, default: float, minimum: float) -> float:
        value = self._get(section, key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(section, key, "must be a number")
        if value < minimum:
            raise self._fail(section, key, f"must be at least {minimum}")
        return float(value)

    def int_list(self, section: str, key: str) -> list[int]:
        value = self._get(section, key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in value
        ):
            raise self._fail(section, key, "must be a list of whole numbers (user ids)")
        return list(value)

    def path(self, section: str, key: str, base: Path, default: Path) -> Path:
        return self.optional_path(section, key, base) or base / default

    def optional_path(self, section: str, key: str, base: Path) -> Path | None:
        value = self.optional_str(section, key)
        if not value:
            return None
        candidate = Path(value).expanduser()
        return candidate if candidate.is_absolute() else base / candidate

    def timezone(self, section: str, key: str, default: str) -> str:
        value = self.optional_str(section, key) or default
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise self._fail(section, key, f"unknown IANA time zone {value!r}") from error
        return value

    def choice(self, section: str, key: str, default: str, allowed: set[str]) -> str:
        value = (self.optional_str(section, key) or default).upper()
        if value not in allowed:
            raise self._fail(section, key, f"must be one of {', '.join(sorted(allowed))}")
        return value
