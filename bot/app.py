"""Start the bot: check the token, open (or build) the index, build the services, connect.

Resources are built first and handed to the bot, as discord.py's own advanced start-up
example does, so tests can build the same bot against a fake Discord.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import discord

from bot.client import DatelineBot, Services
from bot.config import Config, ConfigError, load_publisher_table
from bot.corpus_admin import CorpusAdmin
from bot.digest.service import DigestService
from bot.discord_setup import apply_endpoints
from bot.indexer import build_index
from bot.operations.reload import reload_configuration
from bot.search.service import SearchService
from bot.storage.database import connect
from bot.storage.meta_store import is_empty

log = logging.getLogger(__name__)

NO_TOKEN_HELP = """\
No Discord bot token is set, so Dateline cannot connect.

1. Open https://discord.com/developers/applications, create an application, open "Bot"
   and press "Reset Token" to get a token.
2. Invite the bot: OAuth2 -> URL Generator, scopes "bot" and "applications.commands",
   permissions "Send Messages" and "Embed Links"; open the URL and pick your server.
3. Run again with the token in the environment (never commit it):
       DISCORD_TOKEN=your-token python -m bot run
"""
BAD_TOKEN_HELP = (
    "Discord rejected the bot token (it is wrong, or was reset). Copy a fresh one from the "
    "Developer Portal (your application -> Bot -> Reset Token) into DISCORD_TOKEN."
)


@asynccontextmanager
async def open_services(config: Config) -> AsyncIterator[Services]:
    """Open the index (building it from the corpus on first start) and the search service."""
    database = await connect(config.storage.database)
    search: SearchService | None = None
    digests: DigestService | None = None
    try:
        log.info("index: %s", config.storage.database)
        log.info("corpus: %s", config.corpus.path)
        if await is_empty(database):
            log.info("the index is empty: indexing the corpus (first start)")
            report = await build_index(
                database,
                config.corpus.path,
                max_file_bytes=config.corpus.max_file_bytes,
                publishers=load_publisher_table(config.corpus),
            )
            log.info(
                "indexed %d articles, %d quotes (%d files skipped) in %.1f s",
                report.articles,
                report.quotes,
                len(report.skipped),
                report.seconds,
            )
        search = await SearchService.open(config.storage.database)
        # Looked up on each use (as the presenter does), so a reload can swap the search service.
        digests = await DigestService.open(config, lambda: services.search)
        services = Services(
            config=config,
            database=database,
            search=search,
            digests=digests,
            corpus=CorpusAdmin(config, lambda: services.search),
        )
        yield services
    finally:
        if digests is not None:
            await digests.close()
        if search is not None:
            await search.close()
        await database.close()


def create_bot(services: Services, **options: Any) -> DatelineBot:
    """The bot, pointed at the configured Discord endpoints; ``options`` go to discord.py."""
    discord_config = services.config.discord
    apply_endpoints(discord_config.api_base_url, discord_config.gateway_url)
    return DatelineBot(services, **options)


async def run(config: Config) -> int:
    """Run until stopped; returns the process exit code.

    SIGTERM and SIGINT close the bot gracefully (in-flight interactions finish or are
    cancelled, the scheduler stops, the database is closed) and the exit code is 0; SIGHUP
    reloads the configuration file as /admin reload config does.
    """
    token = config.discord.token
    if not token:
        print(NO_TOKEN_HELP, end="")  # noqa: T201 - this is the CLI's answer
        return 2
    log.info("configuration: %s", config.source.resolve() if config.source else "built-in defaults")
    async with open_services(config) as services:
        bot = create_bot(services)
        try:
            with signal_handlers(bot):
                async with bot:
                    await bot.start(token)
        except discord.LoginFailure:
            log.error(BAD_TOKEN_HELP)
            return 1
        except asyncio.CancelledError:
            pass
    log.info("stopped")
    return 0


@contextmanager
def signal_handlers(bot: DatelineBot) -> Iterator[None]:
    """SIGTERM/SIGINT: graceful shutdown; SIGHUP: configuration reload (where supported)."""
    loop = asyncio.get_running_loop()
    actions: dict[signal.Signals, Callable[[], None]] = {
        signal.SIGTERM: lambda: request_shutdown(bot, "SIGTERM"),
        signal.SIGINT: lambda: request_shutdown(bot, "SIGINT"),
    }
    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None:
        actions[hangup] = lambda: request_config_reload(bot)
    installed: list[signal.Signals] = []
    for number, action in actions.items():
        try:
            loop.add_signal_handler(number, action)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not main thread
            continue
        installed.append(number)
    try:
        yield
    finally:
        for number in installed:
            loop.remove_signal_handler(number)


def request_shutdown(bot: DatelineBot, reason: str) -> None:
    """Close the bot in the background; ``bot.start`` then returns and ``run`` cleans up."""
    log.info("%s received: shutting down", reason)
    bot.operations.spawn(bot.close(), name="dateline-shutdown")


def request_config_reload(bot: DatelineBot) -> None:
    """What SIGHUP does: reload the configuration file in the background and log the result."""
    bot.operations.spawn(reload_config_logged(bot), name="dateline-sighup-reload")


async def reload_config_logged(bot: DatelineBot) -> bool:
    """Reload the configuration; a bad file is logged (naming the key) and changes nothing."""
    try:
        await reload_configuration(bot)
    except ConfigError as error:
        log.error(
            "configuration not reloaded, nothing was changed: %s",
            error,
            extra={"error_kind": type(error).__name__},
        )
        return False
    return True
