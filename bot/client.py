"""The Discord client: loads the cogs, syncs commands only when their schema changed."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

import aiosqlite
import discord
from discord.ext import commands, tasks

from bot.config import Config
from bot.corpus_admin import CorpusAdmin
from bot.digest.sender import DiscordSender
from bot.digest.service import DigestService
from bot.heartbeat import INTERVAL, write_heartbeat
from bot.operations import Operations
from bot.operations.commands import command_snapshot, store_snapshot
from bot.operations.owners import owner_ids
from bot.operations.shutdown import GRACE, finish_interactions
from bot.presenter import Presenter
from bot.search.service import SearchService
from bot.storage.meta_store import get_meta, set_meta
from bot.tree import DatelineTree
from bot.views import RESULT_BUTTONS

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "cogs.quotes",
    "cogs.browse",
    "cogs.about",
    "cogs.digest",
    "cogs.corpus",
    "cogs.admin",
)


@dataclass
class Services:
    """Everything the cogs use, built before the bot and handed to it (no globals)."""

    config: Config
    database: aiosqlite.Connection
    search: SearchService
    digests: DigestService
    corpus: CorpusAdmin

    async def figures(self) -> dict[str, int]:
        return await self.search.figures()


class DatelineBot(commands.Bot):
    def __init__(self, services: Services, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            tree_cls=DatelineTree,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.services = services
        # Uptime, the error log for /admin health, the reload lock; the handler that feeds the
        # error log is on the root logger only while the bot runs.
        self.operations = Operations()
        self.operations.errors.secrets = [services.config.discord.token or ""]
        self.shutdown_grace = GRACE
        self.presenter = Presenter(lambda: self.services.search, services.figures)

    async def setup_hook(self) -> None:
        logging.getLogger().addHandler(self.operations.errors.handler)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*RESULT_BUTTONS)
        await self.sync_if_changed()
        self._heartbeat.start()
        await self.services.digests.start(DiscordSender(self))

    async def close(self) -> None:
        """Let in-flight interactions finish (or cancel them), stop the jobs, disconnect."""
        await finish_interactions(self.shutdown_grace)
        self._heartbeat.cancel()
        await self.services.digests.stop()
        await super().close()
        logging.getLogger().removeHandler(self.operations.errors.handler)

    async def is_owner(self, user: discord.abc.Snowflake, /) -> bool:
        """``[discord] owner_ids`` as currently configured, else the application's owner(s)."""
        return user.id in await owner_ids(self, self.services.config)

    @tasks.loop(seconds=INTERVAL)
    async def _heartbeat(self) -> None:
        if not self.is_closed():
            await asyncio.to_thread(
                write_heartbeat,
                self.services.config.storage.database,
                latency=self.latency,
                guilds=len(self.guilds),
            )

    @_heartbeat.before_loop
    async def _before_heartbeat(self) -> None:
        await self.wait_until_ready()

    def dev_guild(self) -> discord.Object | None:
        guild_id = self.services.config.discord.dev_guild_id
        return discord.Object(id=guild_id) if guild_id else None

    def command_schema_hash(self, guild: discord.abc.Snowflake | None) -> str:
        """A hash of exactly what a sync would send, so unchanged commands are never re-sent."""
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        encoded = json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()

    async def sync_if_changed(self, *, force: bool = False) -> bool:
        """Sync to the dev guild (copying global commands there) or globally, when changed."""
        guild = self.dev_guild()
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        key = f"command_hash:{guild.id if guild else 'global'}"
        digest = self.command_schema_hash(guild)
        if not force and await get_meta(self.services.database, key) == digest:
            log.info("commands unchanged; not syncing")
            return False
        synced = await self.tree.sync(guild=guild)
        await set_meta(self.services.database, key, digest)
        # Per-command hashes, so /admin sync can say which commands a later sync changed.
        await store_snapshot(self.services.database, guild, command_snapshot(self.tree, guild))
        log.info("synced %d commands %s", len(synced), f"to guild {guild.id}" if guild else "")
        return True
