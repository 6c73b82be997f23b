"""REST routes of the fake, with the Discord rules a bot can trip over.

Every handler takes ``(fake, request, match)`` and returns a response; errors are
raised as ``DiscordError`` so they carry Discord's JSON error shape and codes.
JSON responses use the exact ``Content-Type: application/json`` because
discord.py only parses bodies with exactly that header.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from . import interactions as ix
from .errors import DiscordError
from .state import DM_CHANNEL, JSON, FakeChannel, UploadedFile, snowflake

if TYPE_CHECKING:
    from .server import FakeDiscord, RecordedRequest

Handler = Callable[["FakeDiscord", "RecordedRequest", re.Match[str]], Awaitable[web.Response]]

EPHEMERAL = 1 << 6
LOADING = 1 << 7
MAX_CONTENT = 2000
EMBED_LIMITS = {"title": 256, "description": 4096}


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with the exact content type discord.py checks for."""
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
    )


def no_content() -> web.Response:
    """204, as Discord answers deletes and reactions."""
    return web.Response(status=204)


def _error(status: int, code: int, message: str, errors: JSON | None = None) -> DiscordError:
    return DiscordError(status, code, message, errors)


def form_error(field: str, code: str, message: str) -> DiscordError:
    """Discord's 50035 Invalid Form Body with a nested ``errors`` tree."""
    tree: JSON = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(field.split(".")):
        tree = {part: tree}
    return _error(400, 50035, "Invalid Form Body", tree)


async def read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """JSON bodies and multipart (``payload_json`` + ``files[n]``) alike."""
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            assert isinstance(part, BodyPartReader)
            data = await part.read()
            if part.name == "payload_json":
                payload = json.loads(data)
            elif part.filename is not None:
                files.append(
                    UploadedFile(
                        field_name=part.name or "",
                        filename=part.filename,
                        content_type=part.headers.get("Content-Type", "application/octet-stream"),
                        data=bytes(data),
                    )
                )
        return payload, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode(errors="replace"), []


def validate_message(
    body: JSON, files: list[UploadedFile], *, creating: bool, has_attachments: bool = False
) -> None:
    """50006 for empty messages, 50035 for content/embed limits."""
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    if not isinstance(content, str):
        raise form_error("content", "BASE_TYPE_STRING", "Must be a string.")
    if len(content) > MAX_CONTENT:
        raise form_error(
            "content", "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_CONTENT} or fewer in length."
        )
    if len(embeds) > 10:
        raise form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for index, embed in enumerate(embeds):
        total += _check_embed(index, embed)
    if total > 6000:
        raise form_error(
            "embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    components = body.get("components") or []
    if not (
        content
        or embeds
        or files
        or components
        or body.get("poll")
        or has_attachments
        or body.get("sticker_ids")
    ):
        raise _error(400, 50006, "Cannot send an empty message")
    if creating and len(components) > 40:
        raise form_error("components", "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.")


def _check_embed(index: int, embed: JSON) -> int:
    size = 0
    for key, limit in EMBED_LIMITS.items():
        text = embed.get(key) or ""
        if len(text) > limit:
            raise form_error(
                f"embeds.{index}.{key}",
                "BASE_TYPE_MAX_LENGTH",
                f"Must be {limit} or fewer in length.",
            )
        size += len(text)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        raise form_error(
            f"embeds.{index}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
        )
    for fi, fld in enumerate(fields):
        name, value = fld.get("name") or "", fld.get("value") or ""
        if not name or len(name) > 256:
            raise form_error(
                f"embeds.{index}.fields.{fi}.name",
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 256 in length.",
            )
        if not value or len(value) > 1024:
            raise form_error(
                f"embeds.{index}.fields.{fi}.value",
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 1024 in length.",
            )
        size += len(name) + len(value)
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    if len(footer) > 2048:
        raise form_error(
            f"embeds.{index}.footer.text",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 2048 or fewer in length.",
        )
    if len(author) > 256:
        raise form_error(
            f"embeds.{index}.author.name", "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length."
        )
    return size + len(footer) + len(author)


# ---------------------------------------------------------------------- login / gateway


async def get_me(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """Login step 1: a 401 here (bad token) is what raises ``LoginFailure``."""
    return json_response(
        {**fake.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0}
    )


async def get_application(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """Login step 2: sets ``application_id``; no interactions endpoint URL (we use the gateway)."""
    return json_response(
        {
            "id": str(fake.application_id),
            "name": fake.bot_user.name,
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": fake.owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "summary": "",
            "interactions_endpoint_url": None,
            "tags": [],
        }
    )


async def get_gateway_bot(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """Only AutoShardedClient asks; it then connects to ``url``."""
    return json_response(
        {
            "url": fake.gateway_url.rstrip("/"),
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 0,
                "max_concurrency": 1,
            },
        }
    )


async def get_gateway(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """Unauthenticated gateway URL lookup."""
    return json_response({"url": fake.gateway_url.rstrip("/")})


# ---------------------------------------------------------------------- commands

_NAME_RE = re.compile(r"^[-_\w]{1,32}$")


def _check_command(schema: JSON, where: str) -> None:
    """The part of Discord's schema validation that catches real mistakes in a bot."""
    name = schema.get("name", "")
    kind = schema.get("type", 1)
    if kind == 1 and (not _NAME_RE.match(name) or name != name.lower()):
        raise form_error(
            f"{where}.name", "APPLICATION_COMMAND_INVALID_NAME", f"Invalid name {name!r}"
        )
    if kind == 1 and not 1 <= len(schema.get("description", "")) <= 100:
        raise form_error(
            f"{where}.description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
        )
    options = schema.get("options") or []
    if len(options) > 25:
        raise form_error(
            f"{where}.options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
        )
    seen_optional = False
    for index, option in enumerate(options):
        path = f"{where}.options.{index}"
        if option["type"] in (ix.SUB_COMMAND, ix.SUB_COMMAND_GROUP):
            _check_command({**option, "type": 1}, path)
            continue
        if not _NAME_RE.match(option.get("name", "")) or option["name"] != option["name"].lower():
            raise form_error(f"{path}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name")
        if not 1 <= len(option.get("description", "")) <= 100:
            raise form_error(
                f"{path}.description",
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        if option.get("required"):
            if seen_optional:
                raise form_error(
                    f"{path}.required",
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            raise form_error(
                f"{path}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
            )
        if choices and option.get("autocomplete"):
            raise form_error(
                f"{path}.autocomplete",
                "AUTOCOMPLETE_AND_CHOICES",
                "Autocomplete cannot be set with choices",
            )


async def put_commands(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """Bulk overwrite: store the schemas (the fake builds interactions from them)."""
    if int(m["app"]) != fake.application_id:
        raise _error(403, 50001, "Missing Access")
    guild_id = int(m["guild"]) if m.groupdict().get("guild") else None
    if guild_id is not None and guild_id not in fake.guilds:
        raise _error(403, 50001, "Missing Access")
    body = req.json or []
    if len(body) > 100:
        raise form_error("_", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
    previous = {(c["name"], c.get("type", 1)): c for c in fake.commands.get(guild_id, [])}
    stored: list[JSON] = []
    for index, schema in enumerate(body):
        _check_command(schema, str(index))
        old = previous.get((schema["name"], schema.get("type", 1)))
        command: JSON = {
            "type": 1,
            "description": "",
            "default_member_permissions": None,
            "nsfw": False,
            **schema,
            "id": old["id"] if old else str(snowflake()),
            "application_id": str(fake.application_id),
            "version": str(snowflake()),
            "guild_id": str(guild_id) if guild_id else None,
        }
        stored.append(command)
    fake.commands[guild_id] = stored
    return json_response(stored)


async def get_commands(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """The stored schemas (``tree.fetch_commands``)."""
    guild_id = int(m["guild"]) if m.groupdict().get("guild") else None
    return json_response(fake.commands.get(guild_id, []))


# ---------------------------------------------------------------------- interactions


def _handle_for(fake: FakeDiscord, token: str, app_id: str | None = None) -> ix.InteractionHandle:
    handle = fake._by_token.get(token)
    if handle is None or (app_id is not None and int(app_id) != fake.application_id):
        raise _error(404, 10015, "Unknown Webhook")
    return handle


def _interaction_message_extra(fake: FakeDiscord, handle: ix.InteractionHandle) -> JSON:
    data = handle.payload.get("data", {})
    meta = {
        "id": str(handle.id),
        "type": handle.type,
        "user": handle.user.payload(),
        "authorizing_integration_owners": handle.payload.get("authorizing_integration_owners", {}),
    }
    extra: JSON = {
        "webhook_id": str(fake.application_id),
        "application_id": str(fake.application_id),
        "interaction_metadata": meta,
        "type": 20 if handle.type == ix.APPLICATION_COMMAND else 0,
    }
    if handle.type == ix.APPLICATION_COMMAND:
        meta["name"] = data.get("name")
        extra["interaction"] = {
            "id": str(handle.id),
            "type": handle.type,
            "name": data.get("name"),
            "user": handle.user.payload(),
        }
    return extra


_ALLOWED_CALLBACKS = {
    ix.APPLICATION_COMMAND: {4, 5, 9},
    ix.MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    ix.AUTOCOMPLETE: {8},
    ix.MODAL_SUBMIT: {4, 5, 6, 7},
}


async def interaction_callback(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """The initial response, with Discord's one-shot and 3-second rules."""
    handle = fake._interactions.get(int(m["iid"]))
    if handle is None or handle.token != m["token"]:
        raise _error(404, 10062, "Unknown interaction")
    try:
        return _accept_callback(fake, handle, req)
    except DiscordError as exc:
        # Kept on the handle so a test can see *why* the bot's reply was refused.
        handle.callback_error = exc.body
        fake._wake()
        raise


def _accept_callback(
    fake: FakeDiscord, handle: ix.InteractionHandle, req: RecordedRequest
) -> web.Response:
    kind = _check_callback(fake, handle, req.json or {})
    body: JSON = req.json or {}
    data: JSON = body.get("data") or {}
    message: JSON | None = None
    if kind == 4:
        message = fake._store_message(
            handle.channel,
            fake.bot_user,
            data,
            req.files,
            ephemeral=bool(int(data.get("flags") or 0) & EPHEMERAL),
            extra=_interaction_message_extra(fake, handle),
        )
        _announce(fake, message)
        handle.original = message
    elif kind == 5:
        flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
        message = fake._store_message(
            handle.channel,
            fake.bot_user,
            {"content": "", "flags": flags},
            [],
            ephemeral=bool(flags & EPHEMERAL),
            extra=_interaction_message_extra(fake, handle),
            validate=False,
        )
        _announce(fake, message)
        handle.original = message
    elif kind == 7:
        if handle.original is None:
            raise _error(400, 50035, "Invalid Form Body")
        message = fake._edit_message(handle.original, data, req.files)
        handle.original = message
        handle.edits.append(message)
    elif kind == 8:
        handle.choices = list(data.get("choices") or [])
        if len(handle.choices) > 25:
            raise form_error(
                "data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
            )
    elif kind == 9:
        handle.modal = data
    handle.callback = body
    fake._wake()
    resource: JSON = {"type": kind}
    if message is not None:
        resource["message"] = message
    interaction: JSON = {
        "id": str(handle.id),
        "type": handle.type,
        "response_message_id": message["id"] if message else None,
        "response_message_loading": kind == 5,
        "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
    }
    return json_response({"interaction": interaction, "resource": resource})


def _check_callback(fake: FakeDiscord, handle: ix.InteractionHandle, body: JSON) -> int:
    """Discord's rules for the initial response; returns the callback type."""
    if handle.callback is not None:
        raise _error(400, 40060, "Interaction has already been acknowledged.")
    loop_time = asyncio.get_running_loop().time()
    if loop_time - handle.created_at > fake.initial_response_deadline:
        raise _error(404, 10062, "Unknown interaction")
    kind = int(body.get("type", 0))
    if kind not in _ALLOWED_CALLBACKS.get(handle.type, set()):
        raise form_error(
            "type", "INTERACTION_RESPONSE_TYPE_INVALID", f"Callback type {kind} is not valid here"
        )
    return kind


def _announce(fake: FakeDiscord, message: JSON) -> None:
    """Non-ephemeral interaction replies show up in the channel like any message."""
    if not message["flags"] & EPHEMERAL:
        fake._dispatch_message_create(message)


def _webhook_message(fake: FakeDiscord, handle: ix.InteractionHandle, mid: str) -> JSON:
    if handle.callback is None:
        raise _error(404, 10015, "Unknown Webhook")
    if mid == "@original":
        if handle.original is None:
            raise _error(404, 10008, "Unknown Message")
        return handle.original
    for message in handle.followups:
        if message["id"] == mid:
            return fake.get_message(int(mid)) or message
    raise _error(404, 10008, "Unknown Message")


async def webhook_message_get(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """``original_response()`` / fetching a followup."""
    handle = _handle_for(fake, m["token"], m["app"])
    return json_response(_webhook_message(fake, handle, m["mid"]))


async def webhook_message_patch(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """``edit_original_response`` (including the edit after a defer) and followup edits."""
    handle = _handle_for(fake, m["token"], m["app"])
    message = _webhook_message(fake, handle, m["mid"])
    new = fake._edit_message(message, req.json or {}, req.files)
    if m["mid"] == "@original":
        handle.original = new
        handle.edits.append(new)
    else:
        handle.followups = [new if f["id"] == new["id"] else f for f in handle.followups]
    fake._wake()
    return json_response(new)


async def webhook_message_delete(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """``delete_original_response`` and followup deletes."""
    handle = _handle_for(fake, m["token"], m["app"])
    message = _webhook_message(fake, handle, m["mid"])
    fake._delete_message(message)
    if m["mid"] == "@original":
        handle.original = None
    return no_content()


async def webhook_execute(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """``followup.send``: only valid once the interaction was acknowledged (else 10015)."""
    handle = _handle_for(fake, m["token"], m["app"])
    if handle.callback is None or handle.type == ix.AUTOCOMPLETE:
        raise _error(404, 10015, "Unknown Webhook")
    body: JSON = req.json or {}
    extra = _interaction_message_extra(fake, handle)
    extra["type"] = 0
    message = fake._store_message(
        handle.channel,
        fake.bot_user,
        body,
        req.files,
        ephemeral=bool(int(body.get("flags") or 0) & EPHEMERAL),
        extra=extra,
    )
    _announce(fake, message)
    handle.followups.append(message)
    fake._wake()
    if req.query.get("wait") in ("1", "true", "True"):
        return json_response(message)
    return no_content()


# ---------------------------------------------------------------------- channels / guilds / users


def _channel(fake: FakeDiscord, cid: str) -> FakeChannel:
    channel = fake.channels.get(int(cid))
    if channel is None:
        raise _error(404, 10003, "Unknown Channel")
    return channel


def _channel_message(fake: FakeDiscord, channel: FakeChannel, mid: str) -> JSON:
    message = channel.find_message(int(mid))
    if message is None:
        raise _error(404, 10008, "Unknown Message")
    return message


async def get_channel(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``fetch_channel``."""
    return json_response(_channel(fake, m["cid"]).payload())


async def create_message(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``channel.send``: JSON or multipart; echoed to the bot as MESSAGE_CREATE."""
    channel = _channel(fake, m["cid"])
    body: JSON = req.json or {}
    message = fake._store_message(channel, fake.bot_user, body, req.files)
    fake._dispatch_message_create(message)
    return json_response(message)


async def list_messages(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``channel.history``: newest first, with limit/before/after."""
    channel = _channel(fake, m["cid"])
    messages = list(channel.messages)
    if "before" in req.query:
        messages = [x for x in messages if int(x["id"]) < int(req.query["before"])]
    if "after" in req.query:
        messages = [x for x in messages if int(x["id"]) > int(req.query["after"])]
    limit = int(req.query.get("limit", 50))
    newest_first = list(reversed(messages))
    if "after" in req.query:
        newest_first = newest_first[-limit:]
    return json_response(newest_first[:limit])


async def get_message(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``fetch_message``."""
    channel = _channel(fake, m["cid"])
    return json_response(_channel_message(fake, channel, m["mid"]))


async def edit_message(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``message.edit`` (only the bot's own messages, as on Discord)."""
    channel = _channel(fake, m["cid"])
    message = _channel_message(fake, channel, m["mid"])
    if int(message["author"]["id"]) != fake.bot_user.id:
        raise _error(403, 50005, "Cannot edit a message authored by another user")
    return json_response(fake._edit_message(message, req.json or {}, req.files))


async def delete_message(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``message.delete``."""
    channel = _channel(fake, m["cid"])
    fake._delete_message(_channel_message(fake, channel, m["mid"]))
    return no_content()


async def add_reaction(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """Reactions are accepted and recorded only (see ``fake.requests``)."""
    channel = _channel(fake, m["cid"])
    _channel_message(fake, channel, m["mid"])
    return no_content()


async def typing(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``channel.typing()``."""
    _channel(fake, m["cid"])
    return no_content()


async def get_guild(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``fetch_guild``."""
    guild = fake.guilds.get(int(m["gid"]))
    if guild is None:
        raise _error(404, 10004, "Unknown Guild")
    payload = guild.payload()
    for key in ("channels", "members", "threads", "voice_states", "presences"):
        payload.pop(key, None)
    return json_response(payload)


async def get_guild_channels(
    fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]
) -> web.Response:
    """``guild.fetch_channels``."""
    guild = fake.guilds.get(int(m["gid"]))
    if guild is None:
        raise _error(404, 10004, "Unknown Guild")
    return json_response([c.payload() for c in guild.channels.values()])


async def get_member(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``guild.fetch_member``."""
    guild = fake.guilds.get(int(m["gid"]))
    if guild is None:
        raise _error(404, 10004, "Unknown Guild")
    member = guild.members.get(int(m["uid"]))
    if member is None:
        raise _error(404, 10007, "Unknown Member")
    return json_response(member.payload())


async def get_user(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``fetch_user``."""
    user = fake.users.get(int(m["uid"]))
    if user is None:
        raise _error(404, 10013, "Unknown User")
    return json_response(user.payload())


async def open_dm(fake: FakeDiscord, req: RecordedRequest, m: re.Match[str]) -> web.Response:
    """``user.send`` first opens (or reuses) the DM channel."""
    user = fake.users.get(int((req.json or {}).get("recipient_id", 0)))
    if user is None:
        raise form_error("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
    channel = fake.dm_channel(user)
    assert channel.type == DM_CHANNEL
    return json_response(channel.payload())


_S = r"(?P<{}>\d+)"
_ROUTES: list[tuple[str, str, Handler, bool]] = [
    ("GET", r"/users/@me", get_me, True),
    ("GET", r"/oauth2/applications/@me", get_application, True),
    ("GET", r"/gateway/bot", get_gateway_bot, True),
    ("GET", r"/gateway", get_gateway, False),
    ("PUT", rf"/applications/{_S.format('app')}/commands", put_commands, True),
    ("GET", rf"/applications/{_S.format('app')}/commands", get_commands, True),
    (
        "PUT",
        rf"/applications/{_S.format('app')}/guilds/{_S.format('guild')}/commands",
        put_commands,
        True,
    ),
    (
        "GET",
        rf"/applications/{_S.format('app')}/guilds/{_S.format('guild')}/commands",
        get_commands,
        True,
    ),
    (
        "POST",
        rf"/interactions/{_S.format('iid')}/(?P<token>[^/]+)/callback",
        interaction_callback,
        False,
    ),
    (
        "GET",
        rf"/webhooks/{_S.format('app')}/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)",
        webhook_message_get,
        False,
    ),
    (
        "PATCH",
        rf"/webhooks/{_S.format('app')}/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)",
        webhook_message_patch,
        False,
    ),
    (
        "DELETE",
        rf"/webhooks/{_S.format('app')}/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)",
        webhook_message_delete,
        False,
    ),
    ("POST", rf"/webhooks/{_S.format('app')}/(?P<token>[^/]+)", webhook_execute, False),
    ("GET", rf"/channels/{_S.format('cid')}", get_channel, True),
    ("GET", rf"/channels/{_S.format('cid')}/messages", list_messages, True),
    ("POST", rf"/channels/{_S.format('cid')}/messages", create_message, True),
    ("GET", rf"/channels/{_S.format('cid')}/messages/{_S.format('mid')}", get_message, True),
    ("PATCH", rf"/channels/{_S.format('cid')}/messages/{_S.format('mid')}", edit_message, True),
    ("DELETE", rf"/channels/{_S.format('cid')}/messages/{_S.format('mid')}", delete_message, True),
    (
        "PUT",
        rf"/channels/{_S.format('cid')}/messages/{_S.format('mid')}/reactions/[^/]+/@me",
        add_reaction,
        True,
    ),
    ("POST", rf"/channels/{_S.format('cid')}/typing", typing, True),
    ("GET", rf"/guilds/{_S.format('gid')}", get_guild, True),
    ("GET", rf"/guilds/{_S.format('gid')}/channels", get_guild_channels, True),
    ("GET", rf"/guilds/{_S.format('gid')}/members/{_S.format('uid')}", get_member, True),
    ("GET", rf"/users/{_S.format('uid')}", get_user, True),
    ("POST", r"/users/@me/channels", open_dm, True),
]
_COMPILED = [
    (method, re.compile(pattern + "$"), handler, auth) for method, pattern, handler, auth in _ROUTES
]


def match_route(method: str, path: str) -> tuple[Handler, re.Match[str], bool] | None:
    """The handler for ``method path`` (path relative to /api/v10), or None."""
    for route_method, pattern, handler, auth in _COMPILED:
        if route_method == method:
            match = pattern.match(path)
            if match is not None:
                return handler, match, auth
    return None
