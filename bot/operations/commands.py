"""What /admin sync changed: per-command schema hashes, kept beside the index.

The start-up sync stores only one hash of the whole schema; /admin sync also needs to say
which commands were added, removed or changed, so each sync records one hash per command
(``command_snapshot:<scope>`` in the meta table). When no snapshot was recorded yet, the
commands Discord currently has are fetched and compared by name.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiosqlite
import discord
from discord import app_commands

from bot.storage.meta_store import get_meta, set_meta

if TYPE_CHECKING:
    from bot.client import DatelineBot

log = logging.getLogger(__name__)

UNKNOWN = ""  # the hash of a command known only by name (from Discord)


@dataclass(frozen=True)
class SyncReport:
    scope: str  # "globally" or "to guild <id>"
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    total: int
    compared_by_name_only: bool

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


def scope_key(guild: discord.abc.Snowflake | None) -> str:
    return f"command_snapshot:{guild.id if guild else 'global'}"


def command_snapshot(
    tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None
) -> dict[str, str]:
    """``{command name: hash of what a sync sends for it}``."""
    snapshot: dict[str, str] = {}
    for command in tree.get_commands(guild=guild):
        encoded = json.dumps(command.to_dict(tree), sort_keys=True, default=str).encode()
        snapshot[command.name] = hashlib.sha256(encoded).hexdigest()
    return snapshot


async def load_snapshot(
    connection: aiosqlite.Connection, guild: discord.abc.Snowflake | None
) -> dict[str, str] | None:
    stored = await get_meta(connection, scope_key(guild))
    if stored is None:
        return None
    data = json.loads(stored)
    return {str(name): str(digest) for name, digest in data.items()}


async def store_snapshot(
    connection: aiosqlite.Connection,
    guild: discord.abc.Snowflake | None,
    snapshot: dict[str, str],
) -> None:
    await set_meta(connection, scope_key(guild), json.dumps(snapshot, sort_keys=True))


def compare(before: dict[str, str], after: dict[str, str]) -> tuple[list[str], ...]:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(
        name
        for name in set(before) & set(after)
        if before[name] != UNKNOWN and before[name] != after[name]
    )
    return added, removed, changed


async def sync_now(bot: DatelineBot) -> SyncReport:
    """Sync the command schema now (to the dev guild when set) and say what changed."""
    guild = bot.dev_guild()
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    database = bot.services.database
    before = await load_snapshot(database, guild)
    by_name = before is None
    if before is None:
        remote = await bot.tree.fetch_commands(guild=guild)
        before = {command.name: UNKNOWN for command in remote}
    await bot.sync_if_changed(force=True)
    after = command_snapshot(bot.tree, guild)
    await store_snapshot(database, guild, after)
    added, removed, changed = compare(before, after)
    scope = f"to guild {guild.id}" if guild else "globally"
    log.info(
        "synced %d commands %s: added %s, removed %s, changed %s",
        len(after),
        scope,
        added or "-",
        removed or "-",
        changed or "-",
    )
    return SyncReport(scope, tuple(added), tuple(removed), tuple(changed), len(after), by_name)
