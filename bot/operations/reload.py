"""Reloading the configuration file and the cogs of a running bot.

Configuration: the file is re-read and validated in full before anything changes, so an
invalid file leaves the running bot exactly as it was. Settings that only take effect at
start-up (the token, the Discord endpoints, the dev guild, the database) keep their running
values and are reported as needing a restart; everything else is applied at once.

Cogs: each loaded extension goes through discord.py's ``reload_extension``, which puts the
previous module back when the new one fails to import or set up, so a broken cog keeps
serving its old commands.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from discord.ext import commands

from bot.config import Config, load_config, load_publisher_table
from bot.logging_setup import reconfigure_logging

if TYPE_CHECKING:
    from bot.client import DatelineBot

log = logging.getLogger(__name__)

SECTIONS = ("discord", "corpus", "storage", "digest", "logging")
# Read once at start-up: changing them needs a restart.
RESTART_KEYS: tuple[tuple[str, str], ...] = (
    ("discord", "token"),
    ("discord", "api_base_url"),
    ("discord", "gateway_url"),
    ("discord", "dev_guild_id"),
    ("storage", "database"),
)
SECRET_KEYS = frozenset({("discord", "token")})


def key_name(section: str, key: str) -> str:
    return f"[{section}] {key}"


@dataclass(frozen=True)
class ConfigReload:
    """What a configuration reload did (``applied`` are live now)."""

    source: Path | None
    applied: tuple[str, ...]
    needs_restart: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.applied or self.needs_restart)


@dataclass(frozen=True)
class CogReload:
    reloaded: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (extension, error)
    synced: bool


def changed_keys(old: Config, new: Config) -> list[tuple[str, str]]:
    """Every ``(section, key)`` whose value differs, in file order."""
    changes: list[tuple[str, str]] = []
    for section in SECTIONS:
        before, after = getattr(old, section), getattr(new, section)
        for item in dataclasses.fields(before):
            if getattr(before, item.name) != getattr(after, item.name):
                changes.append((section, item.name))
    return changes


def effective_config(old: Config, new: Config) -> Config:
    """``new`` with the start-up-only settings kept at their running values."""
    values: dict[str, dict[str, Any]] = {}
    for section, key in RESTART_KEYS:
        values.setdefault(section, {})[key] = getattr(getattr(old, section), key)
    sections = {section: replace(getattr(new, section), **keys) for section, keys in values.items()}
    return replace(new, **sections)


def read_config(source: Path | None) -> Config:
    """Load and fully validate, raising :class:`~bot.config.ConfigError` naming the bad key."""
    config = load_config(source)
    load_publisher_table(config.corpus)  # a bad publishers file would only fail at /corpus reload
    return config


async def reload_configuration(bot: DatelineBot) -> ConfigReload:
    """Re-read the file the bot was started with and apply what can be applied live."""
    async with bot.operations.reload_lock:
        old = bot.services.config
        new = read_config(old.source)
        changes = changed_keys(old, new)
        restart = [change for change in changes if change in RESTART_KEYS]
        live = [change for change in changes if change not in RESTART_KEYS]
        apply_config(bot, effective_config(old, new), old)
        bot.operations.last_config_reload = datetime.now(UTC)
        report = ConfigReload(
            old.source,
            tuple(key_name(*change) for change in live),
            tuple(key_name(*change) for change in restart),
        )
        log.info(
            "configuration reloaded from %s: applied %s; needs a restart: %s",
            old.source or "built-in defaults",
            ", ".join(report.applied) or "nothing",
            ", ".join(report.needs_restart) or "nothing",
        )
        return report


def apply_config(bot: DatelineBot, config: Config, old: Config) -> None:
    """Hand the new configuration to every holder of one.

    Cogs read ``bot.services.config`` (or these services) on each use; the digest scheduler
    copies the grace period when it is built, so it is updated here too.
    """
    services = bot.services
    services.config = config
    services.corpus.config = config
    services.digests.config = config
    scheduler = services.digests.scheduler
    if scheduler is not None:
        scheduler.grace = services.digests.grace
    if config.logging != old.logging:
        reconfigure_logging(config.logging)


async def reload_extensions(bot: DatelineBot) -> CogReload:
    """Reload every loaded extension; a failure keeps that extension's previous version."""
    reloaded: list[str] = []
    failed: list[tuple[str, str]] = []
    for name in list(bot.extensions):
        try:
            await bot.reload_extension(name)
        except commands.ExtensionError as error:
            reason = describe_failure(error)
            log.error(
                "reload of %s failed, keeping the previous version: %s",
                name,
                reason,
                exc_info=error,
            )
            failed.append((name, reason))
        else:
            reloaded.append(name)
    synced = await bot.sync_if_changed()
    log.info("cogs reloaded: %d ok, %d failed", len(reloaded), len(failed))
    return CogReload(tuple(reloaded), tuple(failed), synced)


def describe_failure(error: commands.ExtensionError) -> str:
    original = getattr(error, "original", None)
    if isinstance(original, BaseException):
        return f"{type(original).__name__}: {original}"[:300]
    return f"{type(error).__name__}: {error}"[:300]
