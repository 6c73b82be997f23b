"""FakeDiscord: the server object, its world-building API and the test-facing helpers.

One aiohttp app on 127.0.0.1 serves the gateway at ``/`` and the REST API at
``/api/v{n}/...``. The real discord.py client is pointed at it by two class
attributes (``patch_discord``), so tests exercise the same code paths as
production: HTTP, JSON parsing, the websocket, the interaction webhook adapter.
"""

# Test helpers take an explicit ``timeout`` so a hung bot fails one test fast.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web
from multidict import CIMultiDict

from . import interactions as ix
from . import rest
from .errors import BotCrashedError, DiscordError
from .gateway import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    INVALID_SESSION,
    RECONNECT,
    GatewayConnection,
    GatewayLogEntry,
    Session,
    handle_gateway,
)
from .state import (
    ALL_PERMISSIONS,
    CATEGORY_CHANNEL,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    DM_CHANNEL,
    JSON,
    TEXT_CHANNEL,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    UploadedFile,
    iso_now,
    snowflake,
)

T = TypeVar("T")
POLL_INTERVAL = 0.02


@dataclass
class RecordedRequest:
    """One REST call the bot made (``path`` is relative to ``/api/v10``)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: CIMultiDict[str]
    files: list[UploadedFile] = field(default_factory=list)
    status: int | None = None


@dataclass
class Fault:
    """A queued failure for matching REST calls (see ``FakeDiscord.fail_next``)."""

    method: str
    pattern: re.Pattern[str]
    status: int
    body: JSON
    retry_after: float | None
    remaining: int
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Method ``"*"`` matches any method; the regex is searched in the path."""
        return (
            self.remaining > 0
            and self.method in ("*", method)
            and self.pattern.search(path) is not None
        )


@dataclass
class Delay:
    """A per-route delay, to make the bot's calls slow (timeouts, defer logic)."""

    method: str
    pattern: re.Pattern[str]
    seconds: float
    remaining: int | None

    def matches(self, method: str, path: str) -> bool:
        """Same matching rules as ``Fault``; ``remaining=None`` means forever."""
        return (
            (self.remaining is None or self.remaining > 0)
            and self.method in ("*", method)
            and self.pattern.search(path) is not None
        )


_DEFAULT_FAULT_BODIES: dict[int, JSON] = {
    400: {"message": "400: Bad Request", "code": 0},
    401: {"message": "401: Unauthorized", "code": 0},
    403: {"message": "Missing Permissions", "code": 50013},
    404: {"message": "Unknown Channel", "code": 10003},
    429: {"message": "You are being rate limited.", "global": False},
    500: {"message": "500: Internal Server Error", "code": 0},
    502: {"message": "502: Bad Gateway", "code": 0},
    503: {"message": "503: Service Unavailable", "code": 0},
}


class FakeDiscord:
    """A small Discord (REST + gateway) for end-to-end tests of the real discord.py client.

    Build the world (guilds, channels, roles, users, members) before or after
    ``start()``, point discord.py at it with ``patch_discord()``, start the bot,
    then inject interactions and read what the bot did from the handles,
    ``messages()``, ``requests`` and ``gateway_log``.
    """

    def __init__(
        self,
        token: str = "fake-bot-token",
        *,
        bot_name: str = "Dateline",
        initial_response_deadline: float = 3.0,
        allowed_intents: int | None = None,
    ) -> None:
        self.token = token
        self.initial_response_deadline = initial_response_deadline
        self.allowed_intents = allowed_intents
        self.users: dict[int, FakeUser] = {}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.bot_user = self.add_user(bot_name, bot=True)
        self.owner = self.add_user("app-owner")
        self.application_id = self.bot_user.id
        # guild id (None for global) -> synced command schemas.
        self.commands: dict[int | None, list[JSON]] = {}
        self.requests: list[RecordedRequest] = []
        self.unhandled: list[str] = []
        self.gateway_log: list[GatewayLogEntry] = []
        # Query parameters of each gateway connection (v, encoding, compress).
        self.gateway_connections: list[dict[str, str]] = []
        self.attachments: dict[int, tuple[str, str, bytes]] = {}
        self.presence: Any = None
        self.identify_count = 0
        self.ready_count = 0
        self.resume_count = 0
        self.session: Session | None = None
        self._sessions: dict[str, Session] = {}
        self._connections: list[GatewayConnection] = []
        self._active: GatewayConnection | None = None
        self._connection_counter = 0
        self._messages: dict[int, JSON] = {}
        self._interactions: dict[int, ix.InteractionHandle] = {}
        self._by_token: dict[str, ix.InteractionHandle] = {}
        self._faults: list[Fault] = []
        self._delays: list[Delay] = []
        self._message_cursors: dict[int, int] = {}
        self._bot_task: asyncio.Task[Any] | None = None
        self._wakeup: asyncio.Future[None] | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ------------------------------------------------------------------ world building

    def add_user(self, name: str, *, bot: bool = False, global_name: str | None = None) -> FakeUser:
        """A user that can be made a member of guilds or DM the bot."""
        user = FakeUser(id=snowflake(), name=name, bot=bot, global_name=global_name)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        owner: FakeUser | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
    ) -> FakeGuild:
        """A guild with @everyone, the owner and the bot as members (bot role: ``bot_permissions``).

        Added after the bot connected, it is announced with GUILD_CREATE, as when a bot joins.
        """
        owner = owner or self.owner
        guild = FakeGuild(id=snowflake(), name=name, owner_id=owner.id)
        guild.roles[guild.id] = FakeRole(guild.id, guild.id, "@everyone", everyone_permissions)
        bot_role = FakeRole(snowflake(), guild.id, self.bot_user.name, bot_permissions, 1, True)
        guild.roles[bot_role.id] = bot_role
        guild.members[owner.id] = FakeMember(owner, guild.id)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild.id, [bot_role.id])
        self.guilds[guild.id] = guild
        self.dispatch("GUILD_CREATE", guild.payload)
        return guild

    def add_channel(
        self,
        guild: FakeGuild,
        name: str,
        *,
        type: int = TEXT_CHANNEL,
        topic: str | None = None,
        category: FakeChannel | None = None,
    ) -> FakeChannel:
        """Any guild channel (text by default); announced with CHANNEL_CREATE once connected."""
        channel = FakeChannel(
            id=snowflake(),
            name=name,
            type=type,
            guild_id=guild.id,
            position=len(guild.channels),
            topic=topic,
            parent_id=category.id if category else None,
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        self.dispatch("CHANNEL_CREATE", channel.payload)
        return channel

    def add_text_channel(
        self, guild: FakeGuild, name: str = "general", *, topic: str | None = None
    ) -> FakeChannel:
        """A text channel in ``guild``."""
        return self.add_channel(guild, name, topic=topic)

    def add_category(self, guild: FakeGuild, name: str) -> FakeChannel:
        """A category channel, to parent other channels."""
        return self.add_channel(guild, name, type=CATEGORY_CHANNEL)

    def add_role(self, guild: FakeGuild, name: str, permissions: int = 0) -> FakeRole:
        """A role; give it to members with ``add_member(..., roles=[role])``."""
        role = FakeRole(snowflake(), guild.id, name, permissions, len(guild.roles))
        guild.roles[role.id] = role
        self.dispatch(
            "GUILD_ROLE_CREATE", lambda: {"guild_id": str(guild.id), "role": role.payload()}
        )
        return role

    def add_member(
        self,
        guild: FakeGuild,
        user: FakeUser,
        *,
        roles: list[FakeRole] | tuple[FakeRole, ...] = (),
        nick: str | None = None,
    ) -> FakeMember:
        """Make ``user`` a member (GUILD_MEMBER_ADD goes out if the bot has the members intent)."""
        member = FakeMember(user, guild.id, [r.id for r in roles], nick)
        guild.members[user.id] = member
        if self.session is not None and self.session.intents & INTENT_GUILD_MEMBERS:
            self.dispatch(
                "GUILD_MEMBER_ADD", lambda: {**member.payload(), "guild_id": str(guild.id)}
            )
        return member

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """The DM channel between ``user`` and the bot (created on first use)."""
        for channel in self.channels.values():
            if channel.type == DM_CHANNEL and channel.recipient is user:
                return channel
        channel = FakeChannel(id=snowflake(), name="", type=DM_CHANNEL, recipient=user)
        self.channels[channel.id] = channel
        return channel

    def delete_channel(self, channel: FakeChannel) -> None:
        """Remove a channel: CHANNEL_DELETE goes out and REST calls then get 10003."""
        payload = channel.payload()
        self.channels.pop(channel.id, None)
        if channel.guild_id is not None:
            self.guilds[channel.guild_id].channels.pop(channel.id, None)
        self.dispatch("CHANNEL_DELETE", payload)

    def bot_permissions(self, guild: FakeGuild | None) -> int:
        """The bot's guild-level permissions (``app_permissions``)."""
        if guild is None:
            return ALL_PERMISSIONS & ~discord.Permissions(administrator=True).value
        return guild.permissions_for(guild.members[self.bot_user.id])

    # ------------------------------------------------------------------ server lifecycle

    async def start(self) -> None:
        """Listen on a free loopback port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("GET", "/", self._gateway)
        app.router.add_route("GET", "/attachments/{aid}/{filename}", self._attachment)
        app.router.add_route("*", r"/api/v{version:\d+}/{tail:.*}", self._rest)
        app.router.add_route("*", "/{tail:.*}", self._not_api)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._wakeup = asyncio.get_running_loop().create_future()

    async def stop(self) -> None:
        """Close gateway sockets and the server; safe to call twice."""
        for conn in list(self._connections):
            await conn.close(1001, "fake discord stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_base_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be (also READY.resume_gateway_url)."""
        return f"ws://127.0.0.1:{self._port}/"

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[FakeDiscord]:
        """Point discord.py's REST and gateway at this fake; restore the real URLs afterwards."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    def watch_bot(self, task: asyncio.Task[Any]) -> None:
        """Make every wait fail at once if ``bot.start()`` dies (parser errors kill the bot)."""
        self._bot_task = task

    @contextlib.asynccontextmanager
    async def running(
        self, bot: discord.Client, *, ready_timeout: float = 5.0
    ) -> AsyncIterator[discord.Client]:
        """Start ``bot`` against the fake, wait for READY, and close it cleanly afterwards."""
        with self.patch_discord():
            task = asyncio.create_task(bot.start(self.token), name="fake-discord-bot")
            self.watch_bot(task)
            try:
                await self.wait_for_ready(ready_timeout)
                # READY and GUILD_CREATE being sent is not the client having parsed them:
                # wait until every guild is in the bot's cache so tests never race it.
                await self.wait_until(
                    lambda: all(bot.get_guild(guild_id) for guild_id in self.guilds),
                    ready_timeout,
                    "the bot to cache every guild",
                )
                yield bot
            finally:
                self._bot_task = None
                await bot.close()
                await asyncio.wait({task}, timeout=5.0)
                if not task.done():
                    task.cancel()
                    await asyncio.wait({task})
                # Retrieving the exception here also avoids "Task exception was never retrieved".
                crash = None if task.cancelled() else task.exception()
            # Only reached when the body raised nothing: surface a bot that died on close.
            if crash is not None:
                raise BotCrashedError(f"the bot died: {crash!r}") from crash

    # ------------------------------------------------------------------ waiting

    def _wake(self) -> None:
        """Wake every waiter: called on each fake-side state change."""
        fut = self._wakeup
        if fut is not None and not fut.done():
            fut.set_result(None)
        if self._runner is not None:
            self._wakeup = asyncio.get_running_loop().create_future()

    def _check_bot(self) -> None:
        task = self._bot_task
        if task is None or not task.done():
            return
        self._bot_task = None
        if task.cancelled():
            raise BotCrashedError("the bot task was cancelled")
        exc = task.exception()
        if exc is not None:
            raise BotCrashedError(f"the bot died: {exc!r}") from exc
        raise BotCrashedError("the bot task finished (bot.start() returned)")

    async def wait_until(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, what: str = "a condition"
    ) -> T:
        """Wait until ``predicate()`` is truthy; wakes on fake-side changes and polls every 20 ms.

        Polling is needed because predicates may read the bot's own cache, which the
        fake cannot observe changing.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self._check_bot()
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            waitables: list[asyncio.Future[Any]] = []
            if self._wakeup is not None:
                waitables.append(self._wakeup)
            if self._bot_task is not None:
                waitables.append(self._bot_task)
            if waitables:
                await asyncio.wait(waitables, timeout=min(remaining, POLL_INTERVAL))
            else:
                await asyncio.sleep(min(remaining, POLL_INTERVAL))

    async def wait_for_ready(self, timeout: float = 5.0) -> None:
        """Wait until READY and every GUILD_CREATE went out (the bot can take interactions).

        This is not ``on_ready``: that fires ``guild_ready_timeout`` later (use
        ``guild_ready_timeout=0.05`` or ``bot.wait_until_ready()`` if the test needs it).
        """
        await self.wait_until(lambda: self._active is not None, timeout, "READY")

    async def wait_for_resume(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until the bot has RESUMEd ``count`` times in total."""
        await self.wait_until(lambda: self.resume_count >= count, timeout, "RESUME")

    # ------------------------------------------------------------------ gateway control

    def _next_connection_number(self) -> int:
        self._connection_counter += 1
        return self._connection_counter

    def dispatch(self, event: str, data: JSON | Callable[[], JSON]) -> None:
        """Send a gateway event (snapshotted now). Without a session it is dropped: the
        bot gets the current state in READY/GUILD_CREATE anyway. Without a live
        connection it is kept for the RESUME replay."""
        session = self.session
        if session is None:
            return
        payload = data() if callable(data) else data
        _seq, text = session.encode(event, payload)
        if self._active is not None and self._active.session is session:
            self._active.send_raw(text)
        self._wake()

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the bot closes the socket and RESUMEs on a new one."""
        conn = await self._live_connection()
        conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def disconnect(self, code: int = 4000) -> None:
        """Drop the socket from the server side; with a resumable code the bot RESUMEs."""
        conn = await self._live_connection()
        self._active = None
        await conn.close(code, "dropped by fake discord")

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9; with ``resumable=False`` the bot must IDENTIFY again."""
        conn = await self._live_connection()
        if not resumable:
            self.session = None
        conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def _live_connection(self, timeout: float = 5.0) -> GatewayConnection:
        conn = await self.wait_until(lambda: self._active, timeout, "a gateway connection")
        assert conn is not None
        return conn

    # ------------------------------------------------------------------ injecting

    def _resolve_context(
        self,
        user: FakeUser | FakeMember,
        channel: FakeChannel | None,
        guild: FakeGuild | None,
        permissions: int | None,
        validate: bool,
    ) -> tuple[FakeUser, FakeChannel, FakeGuild | None, FakeMember | None, int]:
        """Work out channel, guild, member and permissions for an injected interaction."""
        fake_user = user.user if isinstance(user, FakeMember) else user
        if channel is None:
            if guild is None:
                if len(self.guilds) != 1:
                    raise ValueError(
                        "pass channel= (or guild=) when there is not exactly one guild"
                    )
                guild = next(iter(self.guilds.values()))
            texts = [c for c in guild.channels.values() if c.type == TEXT_CHANNEL]
            if not texts:
                raise ValueError(f"guild {guild.name!r} has no text channel")
            channel = texts[0]
        if channel.type == DM_CHANNEL:
            if channel.recipient is not fake_user and validate:
                raise ValueError("a DM interaction must come from the DM's recipient")
            return fake_user, channel, None, None, permissions or 0
        guild = self.guilds[channel.guild_id] if channel.guild_id is not None else guild
        assert guild is not None
        member = guild.members.get(fake_user.id)
        if member is None:
            if validate:
                raise ValueError(f"{fake_user.name} is not a member of {guild.name}")
            member = FakeMember(fake_user, guild.id)
        perms = guild.permissions_for(member) if permissions is None else permissions
        return fake_user, channel, guild, member, perms

    def _base_interaction(
        self,
        kind: int,
        user: FakeUser,
        channel: FakeChannel,
        guild: FakeGuild | None,
        member: FakeMember | None,
        perms: int,
        locale: str,
    ) -> JSON:
        payload: JSON = {
            "id": str(snowflake()),
            "application_id": str(self.application_id),
            "type": kind,
            "token": f"fake-interaction-{secrets.token_urlsafe(24)}",
            "version": 1,
            "attachment_size_limit": 10 * 1024 * 1024,
            "channel_id": str(channel.id),
            "channel": ix.channel_stub(channel, guild, perms),
            "locale": locale,
            "app_permissions": str(self.bot_permissions(guild)),
            "entitlements": [],
        }
        if guild is not None and member is not None:
            payload["guild_id"] = str(guild.id)
            payload["guild"] = {"id": str(guild.id), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["member"] = {**member.payload(), "permissions": str(perms)}
            payload["authorizing_integration_owners"] = {"0": str(guild.id)}
            payload["context"] = 0
        else:
            payload["user"] = user.payload()
            payload["authorizing_integration_owners"] = {"0": str(user.id)}
            payload["context"] = 1
        return payload

    def _command_schema(self, name: str, guild: FakeGuild | None) -> JSON:
        root = name.split()[0]
        if guild is not None:
            schema = ix.find_command(self.commands.get(guild.id, []), root)
            if schema is not None:
                return schema
        schema = ix.find_command(self.commands.get(None, []), root)
        if schema is None:
            where = f"guild {guild.name!r} or globally" if guild else "globally"
            raise LookupError(f"/{root} was never synced {where}")
        return schema

    def _register(
        self, payload: JSON, user: FakeUser, channel: FakeChannel, guild: FakeGuild | None
    ) -> ix.InteractionHandle:
        handle = ix.InteractionHandle(
            fake=self,
            id=int(payload["id"]),
            token=payload["token"],
            type=payload["type"],
            payload=payload,
            created_at=asyncio.get_running_loop().time(),
            channel=channel,
            guild=guild,
            user=user,
        )
        self._interactions[handle.id] = handle
        self._by_token[handle.token] = handle
        return handle

    async def _send_interaction(self, payload: JSON) -> None:
        await self._live_connection()
        self.dispatch("INTERACTION_CREATE", payload)

    async def inject_interaction(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | FakeMember,
        channel: FakeChannel | None = None,
        guild: FakeGuild | None = None,
        permissions: int | None = None,
        locale: str = "en-US",
        validate: bool = True,
        _kind: int = ix.APPLICATION_COMMAND,
        _focused: str | None = None,
    ) -> ix.InteractionHandle:
        """Invoke a synced slash command as ``user`` would (``name`` may be "digest set")."""
        fake_user, channel, guild, member, perms = self._resolve_context(
            user, channel, guild, permissions, validate
        )
        schema = self._command_schema(name, guild)
        ix.check_availability(schema, guild=guild, permissions=perms, validate=validate)
        leaf, wrappers = ix.descend(schema, name.split()[1:])
        leaf_options, resolved = ix.build_options(
            self, leaf, options or {}, guild=guild, validate=validate, focused=_focused
        )
        payload = self._base_interaction(_kind, fake_user, channel, guild, member, perms, locale)
        data: JSON = {
            "id": schema["id"],
            "name": schema["name"],
            "type": 1,
            "options": ix.wrap_options(leaf_options, wrappers),
        }
        if resolved.payload():
            data["resolved"] = resolved.payload()
        if schema.get("guild_id") is not None:
            data["guild_id"] = schema["guild_id"]
        payload["data"] = data
        handle = self._register(payload, fake_user, channel, guild)
        await self._send_interaction(payload)
        return handle

    async def inject_autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str,
        user: FakeUser | FakeMember,
        channel: FakeChannel | None = None,
        guild: FakeGuild | None = None,
        validate: bool = True,
        timeout: float = 5.0,
    ) -> list[JSON]:
        """Send an autocomplete request with ``focused`` being typed; returns the choices."""
        handle = await self.inject_interaction(
            name,
            options,
            user=user,
            channel=channel,
            guild=guild,
            validate=validate,
            _kind=ix.AUTOCOMPLETE,
            _focused=focused,
        )
        body = await handle.response(timeout)
        if body["type"] != 8:
            raise AssertionError(f"autocomplete answered with callback type {body['type']}")
        return list(body.get("data", {}).get("choices", []))

    async def inject_component(
        self,
        message: JSON | int,
        custom_id: str,
        *,
        user: FakeUser | FakeMember,
        values: list[str] | None = None,
        validate: bool = True,
    ) -> ix.InteractionHandle:
        """Click a button (or pick select ``values``) on a message the bot sent."""
        message_id = int(message["id"]) if isinstance(message, Mapping) else int(message)
        stored = self._messages.get(message_id)
        if stored is None:
            raise LookupError(f"no message {message_id}")
        component = _find_component(stored.get("components") or [], custom_id)
        if component is None and validate:
            raise LookupError(f"message {message_id} has no component {custom_id!r}")
        if component is not None and component.get("disabled") and validate:
            raise ValueError(f"component {custom_id!r} is disabled")
        channel = self.channels[int(stored["channel_id"])]
        fake_user, channel, guild, member, perms = self._resolve_context(
            user, channel, None, None, validate
        )
        payload = self._base_interaction(
            ix.MESSAGE_COMPONENT, fake_user, channel, guild, member, perms, "en-US"
        )
        data: JSON = {
            "custom_id": custom_id,
            "component_type": component["type"] if component else 2,
        }
        if values is not None:
            data["values"] = values
        payload["data"] = data
        payload["message"] = stored
        handle = self._register(payload, fake_user, channel, guild)
        handle.original = stored
        await self._send_interaction(payload)
        return handle

    async def inject_modal_submit(
        self,
        handle: ix.InteractionHandle,
        values: Mapping[str, str],
        *,
        user: FakeUser | FakeMember | None = None,
    ) -> ix.InteractionHandle:
        """Submit the modal the bot opened on ``handle`` (callback type 9) with text ``values``."""
        if handle.modal is None:
            raise LookupError(f"interaction {handle.id} did not open a modal")
        fake_user, channel, guild, member, perms = self._resolve_context(
            user or handle.user, handle.channel, handle.guild, None, True
        )
        rows: list[JSON] = []
        for row in handle.modal.get("components", []):
            inner = row.get("components") or ([row["component"]] if "component" in row else [])
            leaves = [
                {
                    "type": c["type"],
                    "custom_id": c["custom_id"],
                    "value": values.get(c["custom_id"], ""),
                }
                for c in inner
                if c.get("type") == 4
            ]
            if row.get("type") == 18:
                rows.extend({"type": 18, "component": leaf} for leaf in leaves)
            else:
                rows.append({"type": 1, "components": leaves})
        payload = self._base_interaction(
            ix.MODAL_SUBMIT, fake_user, channel, guild, member, perms, "en-US"
        )
        payload["data"] = {"custom_id": handle.modal["custom_id"], "components": rows}
        if handle.type == ix.MESSAGE_COMPONENT and handle.original is not None:
            payload["message"] = handle.original
        new = self._register(payload, fake_user, channel, guild)
        if "message" in payload:
            new.original = handle.original
        await self._send_interaction(payload)
        return new

    async def user_says(
        self, channel: FakeChannel, user: FakeUser | FakeMember, content: str
    ) -> JSON:
        """A human posts a message (MESSAGE_CREATE; content blanked without the intent)."""
        fake_user = user.user if isinstance(user, FakeMember) else user
        message = self._store_message(channel, fake_user, {"content": content}, [])
        self._dispatch_message_create(message)
        return message

    # ------------------------------------------------------------------ reading results

    def messages(self, channel: FakeChannel) -> list[JSON]:
        """The channel's (non-ephemeral) messages, oldest first."""
        return list(channel.messages)

    def get_message(self, message_id: int) -> JSON | None:
        """Any stored message, ephemeral ones included."""
        return self._messages.get(message_id)

    async def wait_for_message(
        self,
        channel: FakeChannel,
        predicate: Callable[[JSON], bool] | None = None,
        *,
        timeout: float = 5.0,
    ) -> JSON:
        """The next message by the bot in ``channel`` matching ``predicate``.

        Each call consumes messages up to the one it returns, so consecutive calls
        return consecutive bot messages.
        """

        def find() -> JSON | None:
            start = self._message_cursors.get(channel.id, 0)
            for index in range(start, len(channel.messages)):
                message = channel.messages[index]
                if int(message["author"]["id"]) != self.bot_user.id:
                    continue
                if predicate is None or predicate(message):
                    self._message_cursors[channel.id] = index + 1
                    return message
            return None

        return await self.wait_until(find, timeout, f"a bot message in #{channel.name}")

    def requests_matching(self, method: str, path_regex: str) -> list[RecordedRequest]:
        """Recorded REST calls with this method (or "*") whose path matches the regex."""
        pattern = re.compile(path_regex)
        return [
            r
            for r in self.requests
            if method in ("*", r.method) and pattern.search(r.path) is not None
        ]

    def interaction(self, interaction_id: int) -> ix.InteractionHandle:
        """The handle of an injected interaction."""
        return self._interactions[interaction_id]

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        body: JSON | None = None,
        retry_after: float | None = None,
        times: int = 1,
    ) -> Fault:
        """Answer the next ``times`` matching REST calls with ``status`` and a Discord error body.

        429 adds ``Retry-After``/``X-RateLimit-*`` headers, ``Via`` (discord.py treats a
        429 without it as a Cloudflare ban) and ``retry_after`` in the body.
        """
        fault_body = dict(
            body
            if body is not None
            else _DEFAULT_FAULT_BODIES.get(status, {"message": "error", "code": 0})
        )
        if status == 429:
            retry_after = 0.1 if retry_after is None else retry_after
            fault_body.setdefault("retry_after", retry_after)
        fault = Fault(
            method.upper(), re.compile(path_regex), status, fault_body, retry_after, times
        )
        self._faults.append(fault)
        return fault

    def delay(
        self, method: str, path_regex: str, seconds: float, times: int | None = None
    ) -> Delay:
        """Hold matching REST calls for ``seconds`` before answering them."""
        delay = Delay(method.upper(), re.compile(path_regex), seconds, times)
        self._delays.append(delay)
        return delay

    # ------------------------------------------------------------------ HTTP plumbing

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            self.unhandled.append("GET / (not a websocket upgrade)")
            return rest.json_response({"message": "404: Not Found", "code": 0}, 404)
        return await handle_gateway(self, request)

    async def _attachment(self, request: web.Request) -> web.Response:
        stored = self.attachments.get(int(request.match_info["aid"]))
        if stored is None:
            return web.Response(status=404)
        _name, content_type, data = stored
        return web.Response(body=data, content_type=content_type)

    async def _not_api(self, request: web.Request) -> web.Response:
        self.unhandled.append(f"{request.method} {request.path}")
        return rest.json_response({"message": "404: Not Found", "code": 0}, 404)

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await rest.read_body(request)
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            headers=CIMultiDict(request.headers),
            files=files,
        )
        self.requests.append(recorded)
        response = await self._answer(recorded)
        recorded.status = response.status
        response.headers["Via"] = "1.1 google"
        self._wake()
        return response

    async def _answer(self, req: RecordedRequest) -> web.Response:
        for delay in self._delays:
            if delay.matches(req.method, req.path):
                if delay.remaining is not None:
                    delay.remaining -= 1
                await asyncio.sleep(delay.seconds)
                break
        for fault in self._faults:
            if fault.matches(req.method, req.path):
                fault.remaining -= 1
                fault.hits += 1
                return _fault_response(fault)
        route = rest.match_route(req.method, req.path)
        if route is None:
            self.unhandled.append(f"{req.method} {req.path}")
            return rest.json_response({"message": "404: Not Found", "code": 0}, 404)
        handler, match, needs_auth = route
        if needs_auth and req.headers.get("Authorization") != f"Bot {self.token}":
            return rest.json_response({"message": "401: Unauthorized", "code": 0}, 401)
        try:
            return await handler(self, req, match)
        except DiscordError as exc:
            return rest.json_response(exc.body, exc.status)

    # ------------------------------------------------------------------ messages (used by rest)

    def _store_message(
        self,
        channel: FakeChannel,
        author: FakeUser,
        body: JSON,
        files: list[UploadedFile],
        *,
        ephemeral: bool = False,
        extra: JSON | None = None,
        validate: bool = True,
    ) -> JSON:
        """Validate and store a new message, as Discord does for every create route."""
        if validate:
            rest.validate_message(body, files, creating=True)
        message: JSON = {
            "id": str(snowflake()),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": body.get("content") or "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._new_attachments(channel, body, files),
            "embeds": list(body.get("embeds") or []),
            "components": list(body.get("components") or []),
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if body.get("message_reference"):
            message["message_reference"] = {
                **body["message_reference"],
                "channel_id": str(channel.id),
            }
            message["type"] = 19
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if body.get("poll"):
            message["poll"] = body["poll"]
        message.update(extra or {})
        self._fill_mentions(message)
        self._messages[int(message["id"])] = message
        if not ephemeral:
            channel.messages.append(message)
        self._wake()
        return message

    def _fill_mentions(self, message: JSON) -> None:
        content = message.get("content") or ""
        ids = {int(m) for m in re.findall(r"<@!?(\d+)>", content)}
        message["mentions"] = [self.users[i].payload() for i in ids if i in self.users]
        message["mention_roles"] = re.findall(r"<@&(\d+)>", content)
        message["mention_everyone"] = "@everyone" in content or "@here" in content

    def _new_attachments(
        self, channel: FakeChannel, body: JSON, files: list[UploadedFile]
    ) -> list[JSON]:
        described = {str(a.get("id")): a for a in body.get("attachments") or []}
        out: list[JSON] = []
        for index, upload in enumerate(files):
            key = upload.field_name.removeprefix("files[").removesuffix("]") or str(index)
            meta = described.get(key, {})
            filename = meta.get("filename") or upload.filename
            aid = snowflake()
            self.attachments[aid] = (filename, upload.content_type, upload.data)
            url = f"{self.base_url}/attachments/{aid}/{filename}"
            item: JSON = {
                "id": str(aid),
                "filename": filename,
                "size": len(upload.data),
                "url": url,
                "proxy_url": url,
                "content_type": upload.content_type,
            }
            if meta.get("description"):
                item["description"] = meta["description"]
            out.append(item)
        return out

    def _edit_message(self, message: JSON, body: JSON, files: list[UploadedFile]) -> JSON:
        """Apply an edit; returns the new version (stored objects are replaced, not mutated)."""
        new = dict(message)
        for key in ("content", "embeds", "components", "flags", "poll"):
            if key in body:
                value = body[key]
                new[key] = value if value is not None else ([] if key != "content" else "")
        if "flags" in body:
            # Discord keeps EPHEMERAL and clears LOADING on edit.
            new["flags"] = (int(body["flags"] or 0) | (message["flags"] & 64)) & ~128
        else:
            new["flags"] = message["flags"] & ~128
        if "attachments" in body or files:
            keep_ids = {str(a.get("id")) for a in body.get("attachments") or []}
            kept = (
                [a for a in message["attachments"] if a["id"] in keep_ids]
                if "attachments" in body
                else list(message["attachments"])
            )
            channel = self.channels.get(int(message["channel_id"]))
            new["attachments"] = kept + (
                self._new_attachments(channel, body, files) if channel else []
            )
        new["edited_timestamp"] = iso_now()
        rest.validate_message(
            {k: new.get(k) for k in ("content", "embeds", "components", "poll")},
            [],
            creating=False,
            has_attachments=bool(new["attachments"]),
        )
        self._fill_mentions(new)
        self._replace_message(message, new)
        return new

    def _replace_message(self, old: JSON, new: JSON) -> None:
        self._messages[int(new["id"])] = new
        channel = self.channels.get(int(new["channel_id"]))
        if channel is not None:
            for index, existing in enumerate(channel.messages):
                if existing["id"] == new["id"]:
                    channel.messages[index] = new
                    self.dispatch("MESSAGE_UPDATE", self._gateway_message(new))
                    break
        self._wake()

    def _delete_message(self, message: JSON) -> None:
        self._messages.pop(int(message["id"]), None)
        channel = self.channels.get(int(message["channel_id"]))
        if channel is not None and message in channel.messages:
            channel.messages.remove(message)
            data: JSON = {"id": message["id"], "channel_id": message["channel_id"]}
            if "guild_id" in message:
                data["guild_id"] = message["guild_id"]
            self.dispatch("MESSAGE_DELETE", data)
        self._wake()

    def _gateway_message(self, message: JSON) -> JSON:
        """MESSAGE_CREATE/UPDATE payload: the member field for guild messages, and content
        blanked without the MESSAGE_CONTENT intent (except the bot's own, DMs, mentions)."""
        data = dict(message)
        guild_id = message.get("guild_id")
        if guild_id is not None:
            guild = self.guilds.get(int(guild_id))
            member = guild.members.get(int(message["author"]["id"])) if guild else None
            if member is not None:
                data["member"] = member.payload(with_user=False)
        session = self.session
        own = int(message["author"]["id"]) == self.bot_user.id
        mentioned = any(int(u["id"]) == self.bot_user.id for u in message.get("mentions", []))
        if (
            session is not None
            and not session.intents & INTENT_MESSAGE_CONTENT
            and guild_id is not None
            and not own
            and not mentioned
        ):
            data.update(content="", embeds=[], attachments=[], components=[])
        return data

    def _dispatch_message_create(self, message: JSON) -> None:
        session = self.session
        if session is None:
            return
        needed = INTENT_GUILD_MESSAGES if message.get("guild_id") else INTENT_DIRECT_MESSAGES
        if session.intents & needed:
            self.dispatch("MESSAGE_CREATE", self._gateway_message(message))


def _find_component(components: list[JSON], custom_id: str) -> JSON | None:
    """Depth-first search through rows, sections and containers."""
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        for key in ("components", "accessory", "component"):
            child = component.get(key)
            children = (
                child if isinstance(child, list) else [child] if isinstance(child, dict) else []
            )
            found = _find_component(children, custom_id)
            if found is not None:
                return found
    return None


def _fault_response(fault: Fault) -> web.Response:
    response = rest.json_response(fault.body, fault.status)
    if fault.status == 429:
        retry_after = fault.retry_after or 0.0
        response.headers["Retry-After"] = f"{retry_after:.3f}"
        scope = "global" if fault.body.get("global") else "user"
        response.headers["X-RateLimit-Scope"] = scope
    return response
