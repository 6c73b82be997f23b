"""A small fake Discord (REST + gateway) for end-to-end tests of the real discord.py client.

Why: slash-command bots cannot be tested against real Discord offline, and
patching discord.py internals tests the patches. This fake speaks the real
protocol on 127.0.0.1, so the unmodified client logs in, syncs, connects and
answers interactions exactly as in production. Protocol notes and pitfalls:
``/work/shared/docs/fake-discord.md``.

Typical use (the ``fake_discord`` fixture in ``tests/conftest.py`` starts/stops it)::

    guild = fake.add_guild("G")
    general = fake.add_text_channel(guild, "general")
    mods = fake.add_role(guild, "Mods", permissions=1 << 13)
    bob = fake.add_member(guild, fake.add_user("bob"), roles=[mods])
    async with fake.running(create_bot(guild_ready_timeout=0.05)) as bot:
        h = await fake.inject_interaction("digest set", {"hour": 7}, user=bob, channel=general)
        body = await h.response()          # {"type": 4, "data": {...}}
        edited = await h.next_edit()       # after a defer + edit_original_response
        await fake.wait_for_message(general, lambda m: "digest" in m["content"])

Bots must sync their commands (``tree.sync()`` in ``setup_hook``): interactions
are built from the synced schemas and options are validated like the Discord
client does (``validate=False`` to skip). Every REST call is in
``fake.requests``; every gateway frame in ``fake.gateway_log``; unknown routes
answer 404 and land in ``fake.unhandled`` (the fixture asserts it is empty).
"""

from .errors import BotCrashedError, DiscordError
from .interactions import InteractionHandle, OptionError
from .server import Delay, FakeDiscord, Fault, RecordedRequest
from .state import FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser

__all__ = [
    "BotCrashedError",
    "Delay",
    "DiscordError",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "Fault",
    "InteractionHandle",
    "OptionError",
    "RecordedRequest",
]
