"""Small key/value facts kept beside the index (command schema hash, last reload, …)."""

from __future__ import annotations

import aiosqlite


async def get_meta(connection: aiosqlite.Connection, key: str) -> str | None:
    async with connection.execute("SELECT value FROM meta WHERE key = ?", (key,)) as cursor:
        row = await cursor.fetchone()
    return str(row[0]) if row else None


async def set_meta(connection: aiosqlite.Connection, key: str, value: str) -> None:
    await connection.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def is_empty(connection: aiosqlite.Connection) -> bool:
    """True when no index build has ever committed (a fresh database)."""
    return await get_meta(connection, "indexed_at") is None
