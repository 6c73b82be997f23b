"""The fake Discord's world: users, guilds, roles, channels, members and messages.

Objects are small dataclasses that know how to render themselves as the JSON
payloads real Discord sends, so the server never hand-builds a user or channel
dict twice (and a test's view of an object always matches what the bot saw).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value
DEFAULT_EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_application_commands=True,
    create_public_threads=True,
).value
DEFAULT_BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    read_message_history=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_external_emojis=True,
).value

TEXT_CHANNEL = 0
DM_CHANNEL = 1
VOICE_CHANNEL = 2
CATEGORY_CHANNEL = 4
NEWS_CHANNEL = 5

_counter = itertools.count(1)


def snowflake() -> int:
    """A fresh, time-based snowflake, so ``created_at`` on fake objects is plausible."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    """Timestamps in the ISO form Discord uses (discord.py parses them)."""
    return datetime.now(UTC).isoformat()


@dataclass
class FakeUser:
    """A Discord user (humans and the bot itself)."""

    id: int
    name: str
    bot: bool = False
    global_name: str | None = None

    @property
    def mention(self) -> str:
        """Mention syntax, handy when a test builds message content."""
        return f"<@{self.id}>"

    def payload(self) -> JSON:
        """The user object as Discord sends it (new-style usernames, discriminator "0")."""
        data: JSON = {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class FakeRole:
    """A guild role; the @everyone role has the guild's id, as on Discord."""

    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False

    @property
    def mention(self) -> str:
        """Role mention syntax."""
        return f"<@&{self.id}>"

    def payload(self) -> JSON:
        """The role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": True,
            "flags": 0,
        }


@dataclass
class FakeChannel:
    """A guild channel or a DM channel; its messages are stored in order."""

    id: int
    name: str
    type: int = TEXT_CHANNEL
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    recipient: FakeUser | None = None
    messages: list[JSON] = field(default_factory=list)

    @property
    def mention(self) -> str:
        """Channel mention syntax."""
        return f"<#{self.id}>"

    def payload(self) -> JSON:
        """The channel object as Discord sends it in GUILD_CREATE and GET /channels."""
        if self.type == DM_CHANNEL:
            recipients = [self.recipient.payload()] if self.recipient else []
            return {
                "id": str(self.id),
                "type": DM_CHANNEL,
                "last_message_id": self.last_message_id,
                "recipients": recipients,
            }
        data: JSON = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "flags": 0,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.type in (TEXT_CHANNEL, NEWS_CHANNEL):
            data.update(
                topic=self.topic,
                nsfw=False,
                last_message_id=self.last_message_id,
                rate_limit_per_user=0,
            )
        return data

    @property
    def last_message_id(self) -> str | None:
        """Id of the newest message, as Discord reports it on the channel."""
        return self.messages[-1]["id"] if self.messages else None

    def find_message(self, message_id: int) -> JSON | None:
        """The stored message with this id, or None."""
        for message in self.messages:
            if int(message["id"]) == message_id:
                return message
        return None


@dataclass
class FakeMember:
    """A user's membership in one guild."""

    user: FakeUser
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    @property
    def id(self) -> int:
        """Members share the user's id."""
        return self.user.id

    def payload(self, *, with_user: bool = True) -> JSON:
        """The guild member object; ``with_user=False`` for ``resolved.members``."""
        data: JSON = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass
class FakeGuild:
    """A guild with its roles, channels and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)

    @property
    def everyone(self) -> FakeRole:
        """The @everyone role (id == guild id); discord.py needs it for permission maths."""
        return self.roles[self.id]

    def permissions_for(self, member: FakeMember) -> int:
        """Guild-level permissions: owner and administrators get everything."""
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        value = self.everyone.permissions
        for role_id in member.roles:
            role = self.roles.get(role_id)
            if role is not None:
                value |= role.permissions
        if value & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return value

    def payload(self) -> JSON:
        """The GUILD_CREATE payload; ``member_count == len(members)`` so it counts as chunked."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "description": None,
            "banner": None,
            "vanity_url_code": None,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [r.payload() for r in self.roles.values()],
            "channels": [c.payload() for c in self.channels.values()],
            "members": [m.payload() for m in self.members.values()],
            "member_count": len(self.members),
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "large": False,
            "unavailable": False,
            "joined_at": iso_now(),
            "max_members": 500000,
            "application_id": None,
            "premium_progress_bar_enabled": False,
        }


@dataclass
class UploadedFile:
    """A file part of a multipart request (``files[n]``)."""

    field_name: str
    filename: str
    content_type: str
    data: bytes
