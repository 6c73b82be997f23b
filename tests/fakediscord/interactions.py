"""Interaction payloads built from the synced command schemas, and the test-side handle.

Options are checked the way the Discord client checks them before it sends an
interaction (required, type, choices, ranges, lengths), so a test cannot feed the
bot something no real user could. ``validate=False`` turns the checks off for
tests that want to poke at the bot's own defences.
"""

# Test helpers take an explicit ``timeout`` so a hung bot fails one test fast.
# ruff: noqa: ASYNC109

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .state import (
    DM_CHANNEL,
    JSON,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
)

if TYPE_CHECKING:
    from .server import FakeDiscord

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)

# Interaction types.
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5


class OptionError(ValueError):
    """Raised when a test sends options that the Discord client would refuse to send."""


@dataclass
class Resolved:
    """Collects ``data.resolved`` entries for snowflake options."""

    users: JSON = field(default_factory=dict)
    members: JSON = field(default_factory=dict)
    roles: JSON = field(default_factory=dict)
    channels: JSON = field(default_factory=dict)

    def payload(self) -> JSON:
        """Only the non-empty maps, as Discord sends them."""
        return {k: v for k, v in vars(self).items() if v}


@dataclass
class InteractionHandle:
    """What a test holds after injecting an interaction: awaitables for the bot's replies.

    ``callback`` is the body of the bot's first callback (``{"type", "data"}``);
    ``original`` is the current state of the message the interaction owns (for a
    component interaction, the message the component is on); ``edits`` and
    ``followups`` keep every version in order, and ``next_edit``/``next_followup``
    hand them out one at a time.
    """

    fake: FakeDiscord
    id: int
    token: str
    type: int
    payload: JSON
    created_at: float
    channel: FakeChannel
    guild: FakeGuild | None
    user: FakeUser
    callback: JSON | None = None
    callback_error: JSON | None = None
    original: JSON | None = None
    edits: list[JSON] = field(default_factory=list)
    followups: list[JSON] = field(default_factory=list)
    modal: JSON | None = None
    choices: list[JSON] | None = None
    _edit_cursor: int = 0
    _followup_cursor: int = 0

    @property
    def responded(self) -> bool:
        """Whether the bot's initial callback was accepted."""
        return self.callback is not None

    async def response(self, timeout: float = 5.0) -> JSON:
        """The bot's initial callback body (``{"type": n, "data": {...}}``)."""
        await self.fake.wait_until(
            lambda: self.callback is not None, timeout, f"a response to interaction {self.id}"
        )
        assert self.callback is not None
        return self.callback

    async def next_edit(self, timeout: float = 5.0) -> JSON:
        """The next version of ``original`` produced by an edit (PATCH @original or type 7)."""
        await self.fake.wait_until(
            lambda: len(self.edits) > self._edit_cursor, timeout, f"an edit of {self.id}"
        )
        self._edit_cursor += 1
        return self.edits[self._edit_cursor - 1]

    async def next_followup(self, timeout: float = 5.0) -> JSON:
        """The next followup message the bot sent for this interaction."""
        await self.fake.wait_until(
            lambda: len(self.followups) > self._followup_cursor,
            timeout,
            f"a followup of {self.id}",
        )
        self._followup_cursor += 1
        return self.followups[self._followup_cursor - 1]


ObjectRef = FakeUser | FakeMember | FakeRole | FakeChannel | int | str | Mapping[str, Any]


def ref_id(obj: ObjectRef) -> int:
    """Accept fake objects, ids or payload dicts wherever a test names an object."""
    if isinstance(obj, FakeUser | FakeMember | FakeRole | FakeChannel):
        return obj.id
    if isinstance(obj, Mapping):
        return int(obj["id"])
    return int(obj)


def find_command(schemas: list[JSON], name: str) -> JSON | None:
    """The chat-input command schema with this top-level name."""
    for schema in schemas:
        if schema["name"] == name and schema.get("type", 1) == 1:
            return schema
    return None


def descend(schema: JSON, path: list[str]) -> tuple[JSON, list[tuple[str, int]]]:
    """Walk ``digest set`` style paths down to the leaf; returns its schema and the wrappers."""
    node = schema
    wrappers: list[tuple[str, int]] = []
    for part in path:
        subs = [
            o
            for o in node.get("options") or []
            if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) and o["name"] == part
        ]
        if not subs:
            raise LookupError(f"/{schema['name']} has no subcommand {part!r}")
        node = subs[0]
        wrappers.append((part, node["type"]))
    leaf_subs = [
        o for o in node.get("options") or [] if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
    ]
    if leaf_subs:
        names = ", ".join(o["name"] for o in leaf_subs)
        raise LookupError(f"/{schema['name']} {' '.join(path)} needs a subcommand ({names})")
    return node, wrappers


def build_options(
    fake: FakeDiscord,
    leaf: JSON,
    values: Mapping[str, Any],
    *,
    guild: FakeGuild | None,
    validate: bool,
    focused: str | None = None,
) -> tuple[list[JSON], Resolved]:
    """Turn ``{"name": value}`` into the option list Discord sends, with ``resolved`` data."""
    specs = {o["name"]: o for o in leaf.get("options") or []}
    resolved = Resolved()
    out: list[JSON] = []
    if validate:
        unknown = set(values) - set(specs)
        if unknown:
            raise OptionError(f"unknown option(s) {sorted(unknown)}; schema has {sorted(specs)}")
        if focused is None:
            missing = [n for n, s in specs.items() if s.get("required") and n not in values]
            if missing:
                raise OptionError(f"required option(s) missing: {missing}")
    if focused is not None and focused not in values:
        raise OptionError(f"focused option {focused!r} needs a (partial) value")
    for name, value in values.items():
        spec = specs.get(name, {"type": _guess_type(value), "name": name})
        is_focused = name == focused
        if is_focused and validate and not spec.get("autocomplete"):
            raise OptionError(f"option {name!r} has no autocomplete")
        wire = _option_value(fake, spec, value, guild, resolved, validate and not is_focused)
        option: JSON = {"name": name, "type": spec["type"], "value": wire}
        if is_focused:
            option["focused"] = True
        out.append(option)
    return out, resolved


def _guess_type(value: Any) -> int:
    """Used only with ``validate=False`` for options the schema does not know."""
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, FakeUser | FakeMember):
        return USER
    if isinstance(value, FakeRole):
        return ROLE
    if isinstance(value, FakeChannel):
        return CHANNEL
    return STRING


def _option_value(
    fake: FakeDiscord,
    spec: JSON,
    value: Any,
    guild: FakeGuild | None,
    resolved: Resolved,
    validate: bool,
) -> Any:
    kind = spec["type"]
    name = spec["name"]
    if kind in (USER, CHANNEL, ROLE, MENTIONABLE):
        return _snowflake_option(fake, spec, value, guild, resolved, validate)
    if not validate:
        return value
    checks: dict[int, Callable[[Any], bool]] = {
        STRING: lambda v: isinstance(v, str),
        INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        BOOLEAN: lambda v: isinstance(v, bool),
        NUMBER: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    }
    check = checks.get(kind)
    if check is None:
        raise OptionError(f"option {name!r}: type {kind} is not supported by the fake")
    if not check(value):
        raise OptionError(f"option {name!r} (type {kind}) cannot take {value!r}")
    if kind == INTEGER and abs(value) > 2**53:
        raise OptionError(f"option {name!r}: {value} is outside Discord's integer range")
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise OptionError(f"option {name!r}: {value!r} is not one of the choices")
    if "min_value" in spec and spec["min_value"] is not None and value < spec["min_value"]:
        raise OptionError(f"option {name!r}: {value} < min_value {spec['min_value']}")
    if "max_value" in spec and spec["max_value"] is not None and value > spec["max_value"]:
        raise OptionError(f"option {name!r}: {value} > max_value {spec['max_value']}")
    if kind == STRING:
        low = spec.get("min_length") or 0
        high = spec.get("max_length") or 6000
        if not low <= len(value) <= high:
            raise OptionError(f"option {name!r}: length {len(value)} not in [{low}, {high}]")
    return value


def _snowflake_option(
    fake: FakeDiscord,
    spec: JSON,
    value: Any,
    guild: FakeGuild | None,
    resolved: Resolved,
    validate: bool,
) -> str:
    kind = spec["type"]
    name = spec["name"]
    oid = ref_id(value)
    user = fake.users.get(oid)
    role = guild.roles.get(oid) if guild else None
    channel = fake.channels.get(oid)
    if kind in (USER, MENTIONABLE) and user is not None:
        resolved.users[str(oid)] = user.payload()
        member = guild.members.get(oid) if guild else None
        if member is not None:
            data = member.payload(with_user=False)
            data["permissions"] = str(guild.permissions_for(member)) if guild else "0"
            resolved.members[str(oid)] = data
        return str(oid)
    if kind in (ROLE, MENTIONABLE) and role is not None:
        resolved.roles[str(oid)] = role.payload()
        return str(oid)
    if kind == CHANNEL and channel is not None:
        types = spec.get("channel_types")
        if validate and types and channel.type not in types:
            raise OptionError(f"option {name!r}: channel type {channel.type} not in {types}")
        if validate and guild is not None and channel.guild_id != guild.id:
            raise OptionError(f"option {name!r}: channel {oid} is not in this guild")
        data = channel.payload()
        data["permissions"] = str(fake.bot_permissions(guild)) if guild else "0"
        resolved.channels[str(oid)] = data
        return str(oid)
    if validate:
        raise OptionError(f"option {name!r} (type {kind}): no such object {oid}")
    return str(oid)


def wrap_options(leaf_options: list[JSON], wrappers: list[tuple[str, int]]) -> list[JSON]:
    """Nest leaf options inside their subcommand / group options."""
    options = leaf_options
    for name, kind in reversed(wrappers):
        options = [{"name": name, "type": kind, "options": options}]
    return options


def check_availability(
    schema: JSON, *, guild: FakeGuild | None, permissions: int, validate: bool
) -> None:
    """Refuse commands a real client would not offer (DM-disabled, missing member perms)."""
    if not validate:
        return
    if guild is None:
        contexts = schema.get("contexts")
        if schema.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
            raise OptionError(f"/{schema['name']} is not available in DMs")
        return
    contexts = schema.get("contexts")
    if contexts is not None and 0 not in contexts:
        raise OptionError(f"/{schema['name']} is not available in guilds")
    needed = schema.get("default_member_permissions")
    if needed is not None and int(needed) & permissions != int(needed):
        raise OptionError(
            f"/{schema['name']} needs default_member_permissions {needed}; the user has "
            f"{permissions} so the Discord client would not offer it"
        )


def channel_stub(channel: FakeChannel, guild: FakeGuild | None, perms: int) -> JSON:
    """``interaction.channel``: a partial channel with the invoker's permissions."""
    data = channel.payload()
    if channel.type != DM_CHANNEL:
        data["permissions"] = str(perms)
    return data
