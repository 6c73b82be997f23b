"""The gateway websocket: HELLO, heartbeats, IDENTIFY/READY/GUILD_CREATE, RESUME, dispatch.

Events are serialised (and given their sequence number) the moment they are
dispatched, then written by one writer task per connection. That keeps the
zlib stream in order and makes every event a snapshot of the state at the time
it was "sent" (later state changes cannot leak into it). The session keeps all
dispatched events so a RESUME can replay the ones the client missed, the way
real Discord does.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .state import JSON, snowflake

if TYPE_CHECKING:
    from .server import FakeDiscord

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE, RESUME, RECONNECT = 0, 1, 2, 3, 4, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11
HEARTBEAT_INTERVAL_MS = 41250

INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | (1 << 8) | INTENT_MESSAGE_CONTENT


@dataclass
class GatewayLogEntry:
    """One gateway message; ``direction`` is "in" (from the bot) or "out" (to the bot)."""

    direction: str
    payload: JSON
    connection: int


@dataclass
class Session:
    """A gateway session: survives reconnects, so RESUME can replay missed events."""

    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    sent: list[tuple[int, str]] = field(default_factory=list)

    def encode(self, event: str, data: Any) -> tuple[int, str]:
        """Assign the next sequence number and snapshot the event as JSON text."""
        self.seq += 1
        text = json.dumps({"op": DISPATCH, "t": event, "s": self.seq, "d": data})
        self.sent.append((self.seq, text))
        return self.seq, text


class GatewayConnection:
    """One websocket connection from the bot."""

    def __init__(self, fake: FakeDiscord, ws: web.WebSocketResponse, number: int, compress: bool):
        self.fake = fake
        self.ws = ws
        self.number = number
        self.session: Session | None = None
        self._compressor = zlib.compressobj() if compress else None
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    def start_writer(self) -> None:
        """Start the single task that writes frames in order."""
        self._writer = asyncio.get_running_loop().create_task(self._write_loop())

    async def stop_writer(self) -> None:
        """Flush nothing more and wait for the writer to finish (no leaked tasks)."""
        if self._writer is None:
            return
        self._queue.put_nowait(None)
        try:
            await asyncio.wait_for(self._writer, 1.0)
        except (TimeoutError, ConnectionError, RuntimeError):
            self._writer.cancel()
        self._writer = None

    def send_raw(self, text: str) -> None:
        """Queue an already-encoded message (order is the order of calls)."""
        self.fake.gateway_log.append(GatewayLogEntry("out", json.loads(text), self.number))
        self._queue.put_nowait(text)

    def send(self, payload: JSON) -> None:
        """Queue a non-dispatch payload (HELLO, ACK, op 7, op 9)."""
        self.send_raw(json.dumps(payload))

    async def _write_loop(self) -> None:
        while True:
            text = await self._queue.get()
            if text is None or self.ws.closed:
                return
            try:
                if self._compressor is not None:
                    data = self._compressor.compress(text.encode())
                    data += self._compressor.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return

    async def close(self, code: int, message: str = "") -> None:
        """Close from the server side (a drop, a bad token, ...)."""
        if not self.ws.closed:
            await self.ws.close(code=code, message=message.encode())


async def handle_gateway(fake: FakeDiscord, request: web.Request) -> web.WebSocketResponse:
    """Serve one gateway connection until either side closes it."""
    ws = web.WebSocketResponse(autoping=True)
    await ws.prepare(request)
    compress = request.query.get("compress") == "zlib-stream"
    fake.gateway_connections.append(dict(request.query))
    conn = GatewayConnection(fake, ws, fake._next_connection_number(), compress)
    fake._connections.append(conn)
    conn.start_writer()
    conn.send(
        {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None}
    )
    try:
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            fake.gateway_log.append(GatewayLogEntry("in", payload, conn.number))
            await _on_message(fake, conn, payload)
            fake._wake()
    finally:
        if fake._active is conn:
            fake._active = None
        fake._connections.remove(conn)
        await conn.stop_writer()
        fake._wake()
    return ws


async def _on_message(fake: FakeDiscord, conn: GatewayConnection, payload: JSON) -> None:
    op = payload.get("op")
    data: Any = payload.get("d")
    if op == HEARTBEAT:
        conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
    elif op == IDENTIFY:
        await _identify(fake, conn, data)
    elif op == RESUME:
        await _resume(fake, conn, data)
    elif op == REQUEST_MEMBERS:
        _request_members(fake, conn, data)
    elif op == PRESENCE:
        fake.presence = data
    # Voice state updates and unknown ops are only logged, like Discord ignores them.


async def _identify(fake: FakeDiscord, conn: GatewayConnection, data: JSON) -> None:
    if data.get("token") != fake.token:
        await conn.close(4004, "Authentication failed.")
        return
    intents = int(data.get("intents", 0))
    if fake.allowed_intents is not None and intents & PRIVILEGED_INTENTS & ~fake.allowed_intents:
        await conn.close(4014, "Disallowed intent(s).")
        return
    session = Session(id=f"fake-session-{snowflake()}", intents=intents, shard=data.get("shard"))
    fake._sessions[session.id] = session
    fake.session = session
    conn.session = session
    fake.identify_count += 1
    ready: JSON = {
        "v": 10,
        "user": {**fake.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
        "guilds": [{"id": str(g), "unavailable": True} for g in fake.guilds],
        "session_id": session.id,
        "session_type": "normal",
        "resume_gateway_url": fake.gateway_url,
        "application": {"id": str(fake.application_id), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "user_settings": {},
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["fake"],
        "_trace": ["fake-discord"],
    }
    if session.shard is not None:
        ready["shard"] = session.shard
    fake._active = conn
    conn.send_raw(session.encode("READY", ready)[1])
    for guild in fake.guilds.values():
        conn.send_raw(session.encode("GUILD_CREATE", guild.payload())[1])
    fake.ready_count += 1


async def _resume(fake: FakeDiscord, conn: GatewayConnection, data: JSON) -> None:
    session = fake._sessions.get(str(data.get("session_id")))
    if data.get("token") != fake.token:
        await conn.close(4004, "Authentication failed.")
        return
    if session is None or session is not fake.session:
        conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
        return
    conn.session = session
    last_seen = int(data.get("seq") or 0)
    for seq, text in session.sent:
        if seq > last_seen:
            conn.send_raw(text)
    fake._active = conn
    conn.send_raw(session.encode("RESUMED", {"_trace": ["fake-discord"]})[1])
    fake.resume_count += 1


def _request_members(fake: FakeDiscord, conn: GatewayConnection, data: JSON) -> None:
    session = conn.session
    if session is None:
        return
    guild = fake.guilds.get(int(data["guild_id"]))
    if guild is None:
        return
    query = (data.get("query") or "").lower()
    wanted = {int(u) for u in data.get("user_ids") or []}
    members = [
        m.payload()
        for m in guild.members.values()
        if (not wanted or m.id in wanted) and m.user.name.lower().startswith(query)
    ]
    limit = int(data.get("limit") or 0)
    if limit:
        members = members[:limit]
    chunk: JSON = {
        "guild_id": str(guild.id),
        "members": members,
        "chunk_index": 0,
        "chunk_count": 1,
        "not_found": [],
    }
    if data.get("nonce") is not None:
        chunk["nonce"] = data["nonce"]
    conn.send_raw(session.encode("GUILD_MEMBERS_CHUNK", chunk)[1])
