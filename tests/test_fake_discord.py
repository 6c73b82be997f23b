"""Tests of the fake Discord itself, driven by the real discord.py client and a tiny echo bot.

These prove the fake speaks enough of the protocol for the bot's own end-to-end
tests to be trusted: if discord.py accepts everything here, it is talking to the
fake exactly as it would talk to Discord.
"""

from __future__ import annotations

import asyncio
import io
import socket
import time
from typing import Any

import aiohttp
import discord
import pytest
from conftest import FAKE_TOKEN
from discord import app_commands
from discord.ext import commands
from fakediscord import BotCrashedError, FakeDiscord, OptionError

FRUITS = ["apple", "apricot", "banana", "blueberry", "cherry"]


class PagerView(discord.ui.View):
    """Two buttons that flip through pages by editing the message in place."""

    def __init__(self, pages: list[str]) -> None:
        super().__init__(timeout=30)
        self.pages = pages
        self.index = 0

    @discord.ui.button(label="Next", custom_id="pager:next", style=discord.ButtonStyle.primary)
    async def next_page(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        self.index = min(self.index + 1, len(self.pages) - 1)
        button.disabled = self.index == len(self.pages) - 1
        await interaction.response.edit_message(content=self.pages[self.index], view=self)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    """A one-field modal, to check modal submit payloads."""

    text: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Text", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}", ephemeral=True)


class EchoBot(commands.Bot):
    """A minimal slash-command bot that exercises every interaction path the fake supports."""

    def __init__(
        self, *, announce_channel_id: int | None = None, guild_id: int | None = None
    ) -> None:
        intents = discord.Intents.default()
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.announce_channel_id = announce_channel_id
        self.sync_guild_id = guild_id
        self.app_errors: list[app_commands.AppCommandError] = []
        self.announced = asyncio.Event()

    async def setup_hook(self) -> None:
        tree = self.tree

        @tree.command(description="Repeat some text")
        @app_commands.describe(text="What to say", times="How often")
        async def echo(
            interaction: discord.Interaction, text: str, times: app_commands.Range[int, 1, 5] = 1
        ) -> None:
            await interaction.response.send_message(" ".join([text] * times))

        @tree.command(description="Say something only you can see")
        async def secret(interaction: discord.Interaction, text: str) -> None:
            await interaction.response.send_message(f"psst: {text}", ephemeral=True)

        @tree.command(description="Think, then answer")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content="done thinking")
            await interaction.followup.send("one more thing", ephemeral=True)

        @tree.command(description="Pick a fruit")
        async def fruit(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"you picked {name}")

        @fruit.autocomplete("name")
        async def fruit_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]

        @tree.command(description="Show pages")
        async def pages(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("page 1", view=PagerView(["page 1", "page 2"]))

        @tree.command(description="Who is that")
        async def whois(interaction: discord.Interaction, user: discord.User) -> None:
            where = "DM" if interaction.guild is None else interaction.guild.name
            await interaction.response.send_message(f"{user.name} (asked in {where})")

        @tree.command(description="Answer too late")
        async def late(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.3)
            await interaction.response.send_message("sorry, late")

        @tree.command(description="Leave feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(FeedbackModal())

        digest = app_commands.Group(name="digest", description="Daily digest")

        @digest.command(name="set", description="Set the digest hour")
        async def digest_set(
            interaction: discord.Interaction, hour: app_commands.Range[int, 0, 23]
        ) -> None:
            await interaction.response.send_message(f"digest at {hour:02d}:00", ephemeral=True)

        tree.add_command(digest)

        @tree.error
        async def on_app_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            self.app_errors.append(error)

        if self.sync_guild_id is not None:
            guild = discord.Object(self.sync_guild_id)

            @tree.command(description="Moderators only", guild=guild)
            @app_commands.default_permissions(manage_messages=True)
            @app_commands.checks.has_permissions(manage_messages=True)
            async def purge(interaction: discord.Interaction) -> None:
                await interaction.response.send_message("purged", ephemeral=True)

            await tree.sync(guild=guild)
        await tree.sync()
        if self.announce_channel_id is not None:
            self.loop.create_task(self._announce())

    async def _announce(self) -> None:
        """A background task that posts on its own, not in reply to anything."""
        await self.wait_until_ready()
        channel = self.get_channel(self.announce_channel_id or 0)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("good morning", file=discord.File(io.BytesIO(b"hello"), "hello.txt"))
        self.announced.set()


@pytest.fixture
def world(fake_discord: FakeDiscord) -> dict[str, Any]:
    """One guild with #general and a member Bob; handy names for the tests."""
    guild = fake_discord.add_guild("Dateline HQ")
    general = fake_discord.add_text_channel(guild, "general")
    bob = fake_discord.add_user("bob")
    fake_discord.add_member(guild, bob)
    return {"guild": guild, "general": general, "bob": bob}


async def test_login_sync_and_ready(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    bot = EchoBot()
    async with fake_discord.running(bot):
        await asyncio.wait_for(bot.wait_until_ready(), 2)
        assert bot.user is not None
        assert bot.user.id == fake_discord.bot_user.id
        assert bot.application_id == fake_discord.application_id
        guild = bot.get_guild(world["guild"].id)
        assert guild is not None
        assert guild.default_role is not None
        assert guild.get_channel(world["general"].id) is not None
        names = {c["name"] for c in fake_discord.commands[None]}
        assert {"echo", "secret", "slow", "fruit", "pages", "digest"} <= names
    paths = [(r.method, r.path) for r in fake_discord.requests[:2]]
    assert paths == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    identify = next(e for e in fake_discord.gateway_log if e.payload.get("op") == 2)
    assert identify.payload["d"]["token"] == FAKE_TOKEN
    assert fake_discord.gateway_connections[0]["compress"] == "zlib-stream"


async def test_slash_command_with_options(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction(
            "echo", {"text": "hi", "times": 3}, user=world["bob"]
        )
        body = await handle.response()
        assert body["type"] == 4
        assert body["data"]["content"] == "hi hi hi"
        assert handle.original is not None
        assert fake_discord.messages(world["general"])[-1]["content"] == "hi hi hi"
        with pytest.raises(OptionError):
            await fake_discord.inject_interaction(
                "echo", {"text": "x", "times": 9}, user=world["bob"]
            )
        with pytest.raises(OptionError):
            await fake_discord.inject_interaction("echo", {}, user=world["bob"])
        with pytest.raises(LookupError):
            await fake_discord.inject_interaction("nope", {}, user=world["bob"])


async def test_ephemeral_reply(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction("secret", {"text": "x"}, user=world["bob"])
        body = await handle.response()
        assert body["data"]["flags"] & 64
        assert handle.original is not None
        assert handle.original["content"] == "psst: x"
        assert fake_discord.messages(world["general"]) == []


async def test_subcommand_path(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction("digest set", {"hour": 7}, user=world["bob"])
        assert (await handle.response())["data"]["content"] == "digest at 07:00"
        with pytest.raises(LookupError):
            await fake_discord.inject_interaction("digest", {"hour": 7}, user=world["bob"])


async def test_defer_edit_then_followup(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction("slow", user=world["bob"])
        assert (await handle.response())["type"] == 5
        edited = await handle.next_edit()
        assert edited["content"] == "done thinking"
        assert not edited["flags"] & 128  # no longer "thinking"
        followup = await handle.next_followup()
        assert followup["content"] == "one more thing"
        assert followup["flags"] & 64
        assert handle.original == edited


async def test_autocomplete_then_invoke(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        choices = await fake_discord.inject_autocomplete(
            "fruit", {"name": "ap"}, focused="name", user=world["bob"]
        )
        assert [c["value"] for c in choices] == ["apple", "apricot"]
        handle = await fake_discord.inject_interaction(
            "fruit", {"name": "apple"}, user=world["bob"]
        )
        assert (await handle.response())["data"]["content"] == "you picked apple"


async def test_button_click_pages(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction("pages", user=world["bob"])
        await handle.response()
        assert handle.original is not None
        click = await fake_discord.inject_component(
            handle.original, "pager:next", user=world["bob"]
        )
        assert (await click.response())["type"] == 7
        updated = await click.next_edit()
        assert updated["content"] == "page 2"
        assert updated["id"] == handle.original["id"]
        assert updated["components"][0]["components"][0]["disabled"] is True
        assert fake_discord.messages(world["general"])[-1]["content"] == "page 2"
        with pytest.raises(ValueError, match="disabled"):
            await fake_discord.inject_component(updated, "pager:next", user=world["bob"])


async def test_user_option_is_resolved(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction(
            "whois", {"user": world["bob"]}, user=world["bob"]
        )
        assert (await handle.response())["data"]["content"] == "bob (asked in Dateline HQ)"


async def test_dm_interaction(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        dm = fake_discord.dm_channel(world["bob"])
        handle = await fake_discord.inject_interaction(
            "whois", {"user": world["bob"]}, user=world["bob"], channel=dm
        )
        assert "member" not in handle.payload
        assert "guild_id" not in handle.payload
        assert (await handle.response())["data"]["content"] == "bob (asked in DM)"


async def test_background_task_posts_with_file(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    bot = EchoBot(announce_channel_id=world["general"].id)
    async with fake_discord.running(bot):
        message = await fake_discord.wait_for_message(world["general"])
        assert message["content"] == "good morning"
        assert message["attachments"][0]["filename"] == "hello.txt"
        await asyncio.wait_for(bot.announced.wait(), 2)
        channel = bot.get_channel(world["general"].id)
        assert isinstance(channel, discord.TextChannel)
        fetched = await channel.fetch_message(int(message["id"]))
        assert await fetched.attachments[0].read() == b"hello"


async def test_late_response_is_rejected(world: dict[str, Any], fake_discord: FakeDiscord) -> None:
    fake_discord.initial_response_deadline = 0.1
    bot = EchoBot()
    async with fake_discord.running(bot):
        handle = await fake_discord.inject_interaction("late", user=world["bob"])
        await fake_discord.wait_until(lambda: bot.app_errors, 3, "the bot's error handler")
        assert not handle.responded
        assert handle.callback_error == {"message": "Unknown interaction", "code": 10062}
        error = bot.app_errors[0]
        assert isinstance(error, app_commands.CommandInvokeError)
        assert isinstance(error.original, discord.NotFound)
        assert error.original.code == 10062


async def test_bad_token_is_login_failure(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    bot = EchoBot()
    with fake_discord.patch_discord():
        try:
            with pytest.raises(discord.LoginFailure):
                await bot.start("not-the-token")
        finally:
            await bot.close()
    assert fake_discord.requests[0].status == 401


async def test_bad_token_on_gateway_closes_4004(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    bot = EchoBot()
    with fake_discord.patch_discord():
        try:
            await bot.login(FAKE_TOKEN)
            bot.http.token = "changed-after-login"
            with pytest.raises(discord.ConnectionClosed) as info:
                await asyncio.wait_for(bot.connect(reconnect=True), 5)
            assert info.value.code == 4004
        finally:
            await bot.close()


async def test_reconnect_and_drop_resume(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        await fake_discord.request_reconnect()
        await fake_discord.wait_for_resume(1)
        handle = await fake_discord.inject_interaction(
            "echo", {"text": "after op7"}, user=world["bob"]
        )
        assert (await handle.response())["data"]["content"] == "after op7"

        await fake_discord.disconnect()
        # Dispatched while the bot is away: replayed on RESUME, as real Discord does.
        handle = await fake_discord.inject_interaction(
            "echo", {"text": "while away"}, user=world["bob"]
        )
        await fake_discord.wait_for_resume(2)
        assert (await handle.response())["data"]["content"] == "while away"
    assert fake_discord.identify_count == 1
    resumes = [e for e in fake_discord.gateway_log if e.payload.get("op") == 6]
    assert len(resumes) == 2


async def test_500_is_retried_by_discord_py(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    bot = EchoBot()
    async with fake_discord.running(bot):
        fault = fake_discord.fail_next("POST", r"^/channels/\d+/messages$", 500)
        channel = bot.get_channel(world["general"].id)
        assert isinstance(channel, discord.TextChannel)
        started = time.monotonic()
        message = await channel.send("retried")
        # discord.py retries 500/502/504/524 itself after sleeping 1 + 2*tries seconds.
        assert time.monotonic() - started >= 1.0
        assert message.content == "retried"
        assert fault.hits == 1
        statuses = [r.status for r in fake_discord.requests_matching("POST", r"/messages$")]
        assert statuses == [500, 200]

        fake_discord.fail_next("POST", r"/messages$", 403)
        with pytest.raises(discord.Forbidden) as forbidden:
            await channel.send("nope")
        assert forbidden.value.code == 50013

        fake_discord.fail_next("POST", r"/messages$", 404)
        with pytest.raises(discord.NotFound) as missing:
            await channel.send("nope")
        assert missing.value.code == 10003


async def test_429_retry_after_is_honoured(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    bot = EchoBot()
    async with fake_discord.running(bot):
        fake_discord.fail_next("POST", r"/messages$", 429, retry_after=0.3)
        channel = bot.get_channel(world["general"].id)
        assert isinstance(channel, discord.TextChannel)
        started = time.monotonic()
        await channel.send("eventually")
        assert time.monotonic() - started >= 0.3
        statuses = [r.status for r in fake_discord.requests_matching("POST", r"/messages$")]
        assert statuses == [429, 200]


async def test_50_concurrent_interactions(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handles = [
            await fake_discord.inject_interaction("echo", {"text": f"n{i}"}, user=world["bob"])
            for i in range(50)
        ]
        bodies = await asyncio.gather(*(h.response() for h in handles))
        assert [b["data"]["content"] for b in bodies] == [f"n{i}" for i in range(50)]


async def test_discord_rules_over_raw_http(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    """The rules a buggy bot would trip over, checked without discord.py's own guards."""
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction("late", user=world["bob"])
        base = fake_discord.api_base_url
        app = fake_discord.application_id
        callback = f"{base}/interactions/{handle.id}/{handle.token}/callback"
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"{base}/webhooks/{app}/{handle.token}", json={"content": "x"}
            ) as r:
                assert (r.status, (await r.json())["code"]) == (404, 10015)
            async with http.post(callback, json={"type": 4, "data": {"content": ""}}) as r:
                assert (r.status, (await r.json())["code"]) == (400, 50006)
            async with http.post(callback, json={"type": 4, "data": {"content": "x" * 2001}}) as r:
                assert (r.status, (await r.json())["code"]) == (400, 50035)
            async with http.post(callback, json={"type": 4, "data": {"content": "ok"}}) as r:
                assert r.status == 200
                assert r.headers["Content-Type"] == "application/json"
            async with http.post(callback, json={"type": 4, "data": {"content": "again"}}) as r:
                assert (r.status, (await r.json())["code"]) == (400, 40060)
            async with http.get(f"{base}/nowhere", headers={"Authorization": "Bot x"}) as r:
                assert r.status == 404
        # The bot's own (late) answer to the same interaction is refused too.
        await fake_discord.wait_until(
            lambda: len(fake_discord.requests_matching("POST", "/callback$")) >= 5
        )
        assert fake_discord.requests_matching("POST", "/callback$")[-1].status == 400
    assert fake_discord.unhandled == ["GET /nowhere"]
    fake_discord.unhandled.clear()


async def test_crashed_bot_is_reported_fast(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    class Broken(EchoBot):
        async def setup_hook(self) -> None:
            raise RuntimeError("boom in setup_hook")

    bot = Broken()
    started = time.monotonic()
    with pytest.raises(BotCrashedError, match="boom"):
        async with fake_discord.running(bot):
            pass
    assert time.monotonic() - started < 1.0


def test_network_guard_blocks_the_internet() -> None:
    with pytest.raises(OSError, match="network guard"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    with pytest.raises(OSError, match="network guard"):
        socket.getaddrinfo("discord.com", 443)


async def test_modal_submit(fake_discord: FakeDiscord, world: dict[str, Any]) -> None:
    async with fake_discord.running(EchoBot()):
        handle = await fake_discord.inject_interaction("feedback", user=world["bob"])
        assert (await handle.response())["type"] == 9
        assert handle.modal is not None
        submit = await fake_discord.inject_modal_submit(handle, {"feedback:text": "great"})
        assert (await submit.response())["data"]["content"] == "thanks: great"


async def test_guild_command_and_permissions(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    guild = world["guild"]
    mods = fake_discord.add_role(guild, "Mods", permissions=1 << 13)  # manage_messages
    alice = fake_discord.add_member(guild, fake_discord.add_user("alice"), roles=[mods])
    bot = EchoBot(guild_id=guild.id)
    async with fake_discord.running(bot):
        assert [c["name"] for c in fake_discord.commands[guild.id]] == ["purge"]
        handle = await fake_discord.inject_interaction("purge", user=alice)
        assert handle.payload["data"]["guild_id"] == str(guild.id)
        assert (await handle.response())["data"]["content"] == "purged"
        # The Discord client would not even offer the command to Bob...
        with pytest.raises(OptionError, match="default_member_permissions"):
            await fake_discord.inject_interaction("purge", user=world["bob"])
        # ...but if it did (say a server admin changed the override), the bot's check says no.
        await fake_discord.inject_interaction("purge", user=world["bob"], validate=False)
        await fake_discord.wait_until(lambda: bot.app_errors, 3, "the permission error")
        assert isinstance(bot.app_errors[0], app_commands.MissingPermissions)
        with pytest.raises(LookupError):
            await fake_discord.inject_interaction(
                "purge", user=world["bob"], channel=fake_discord.dm_channel(world["bob"])
            )


async def test_deleted_channel_and_slow_route(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    extra = fake_discord.add_text_channel(world["guild"], "scratch")
    bot = EchoBot()
    async with fake_discord.running(bot):
        channel = bot.get_channel(extra.id)
        assert isinstance(channel, discord.TextChannel)
        fake_discord.delay("POST", r"/typing$", 0.2, times=1)
        started = time.monotonic()
        await channel.typing()
        assert time.monotonic() - started >= 0.2
        fake_discord.delete_channel(extra)
        await fake_discord.wait_until(lambda: bot.get_channel(extra.id) is None, 2)
        with pytest.raises(discord.NotFound) as info:
            await channel.send("into the void")
        assert info.value.code == 10003


async def test_sharded_bot_members_and_prefix_command(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    bot = commands.AutoShardedBot(
        command_prefix="!", intents=discord.Intents.all(), guild_ready_timeout=0.05
    )

    @bot.command()
    async def ping(ctx: commands.Context[Any]) -> None:
        await ctx.send(f"pong {ctx.author.name}")

    async with fake_discord.running(bot):
        await asyncio.wait_for(bot.wait_until_ready(), 2)
        guild = bot.get_guild(world["guild"].id)
        assert guild is not None
        assert guild.get_member(world["bob"].id) is not None  # cached from GUILD_CREATE
        carol = fake_discord.add_member(world["guild"], fake_discord.add_user("carol"))
        await fake_discord.wait_until(lambda: guild.get_member(carol.id), 2, "GUILD_MEMBER_ADD")
        found = await guild.query_members("car")
        assert [m.id for m in found] == [carol.id]
        await fake_discord.user_says(world["general"], world["bob"], "!ping")
        reply = await fake_discord.wait_for_message(world["general"])
        assert reply["content"] == "pong bob"
    assert fake_discord.requests_matching("GET", "^/gateway/bot$")


async def test_message_content_needs_the_intent(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    bot = EchoBot()  # default intents: no MESSAGE_CONTENT
    seen: list[str] = []

    async def on_message(message: discord.Message) -> None:
        seen.append(message.content)

    bot.add_listener(on_message)
    async with fake_discord.running(bot):
        await fake_discord.user_says(world["general"], world["bob"], "secret words")
        await fake_discord.user_says(
            world["general"], world["bob"], f"{fake_discord.bot_user.mention} hello"
        )
        await fake_discord.wait_until(lambda: len(seen) == 2, 2, "two messages")
    assert seen == ["", f"{fake_discord.bot_user.mention} hello"]


async def test_invalid_session_makes_the_bot_identify_again(
    fake_discord: FakeDiscord, world: dict[str, Any]
) -> None:
    class QuickBot(EchoBot):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            """discord.py's default sleeps 5 s before a re-IDENTIFY; skip that here."""

    async with fake_discord.running(QuickBot()):
        await fake_discord.invalidate_session(resumable=False)
        await fake_discord.wait_until(lambda: fake_discord.identify_count == 2, 5, "IDENTIFY")
        await fake_discord.wait_for_ready()
        handle = await fake_discord.inject_interaction("echo", {"text": "fresh"}, user=world["bob"])
        assert (await handle.response())["data"]["content"] == "fresh"
