"""Opening the SQLite index: pragmas, migrations, and explicit transactions.

Connections run in autocommit mode (``isolation_level=None``) and every write happens in an
explicit ``BEGIN IMMEDIATE … COMMIT``, so a whole index build is one transaction that either
lands completely or leaves the previous index untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.storage.migrations import MIGRATIONS, SCHEMA_VERSION


class DatabaseError(RuntimeError):
    """The index cannot be opened or used; the message says what to do about it."""


async def connect(
    path: Path, *, readonly: bool = False, factory: type[sqlite3.Connection] = sqlite3.Connection
) -> aiosqlite.Connection:
    """Open ``path`` with WAL, foreign keys and the schema migrated to the current version;
    ``factory`` is the connection class (see :class:`bot.storage.ranking.RankingConnection`)."""
    if not readonly:
        path.parent.mkdir(parents=True, exist_ok=True)
    target = f"file:{path}?mode=ro" if readonly else str(path)
    try:
        connection = await aiosqlite.connect(
            target, isolation_level=None, uri=readonly, factory=factory
        )
    except Exception as error:
        raise DatabaseError(f"cannot open the index {path}: {error}") from error
    try:
        connection.row_factory = aiosqlite.Row
        await connection.execute("PRAGMA foreign_keys = ON")
        await connection.execute("PRAGMA busy_timeout = 5000")
        if not readonly:
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
            await migrate(connection)
        else:
            await _check_version(connection, path)
    except aiosqlite.DatabaseError as error:
        await connection.close()
        raise DatabaseError(describe(error, path, opening=True)) from error
    except BaseException:
        await connection.close()
        raise
    return connection


# Faults an operator fixes without rebuilding: telling them to delete the index would be wrong.
_NOT_DAMAGE = {
    sqlite3.SQLITE_READONLY: "is read-only (check the file's permissions and the mount)",
    sqlite3.SQLITE_FULL: "cannot grow: the disk is full",
    sqlite3.SQLITE_BUSY: "is locked by another program; try again when it has finished",
    sqlite3.SQLITE_LOCKED: "is locked by another program; try again when it has finished",
    sqlite3.SQLITE_CANTOPEN: "cannot be opened (check the path and its permissions)",
}


_DAMAGE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def describe(error: sqlite3.Error, path: Path, *, opening: bool = False) -> str:
    """A sentence naming the index file and what to do, for a SQLite error about it.

    A damaged file is rebuilt from the corpus; a read-only, full or locked one is not
    damaged, and says so. While ``opening``, any other error means the file is not a
    Dateline index we can migrate, which a rebuild also cures.
    """
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    problem = _NOT_DAMAGE.get(primary) if primary is not None else None
    if problem is not None:
        return f"the index {path} {problem} ({error})"
    if opening or primary in _DAMAGE:
        return (
            f"the index {path} is damaged or not a Dateline database ({error}); "
            "delete it and run `python -m bot index` to rebuild it from the corpus"
        )
    return f"the index {path} could not be updated ({error})"


async def schema_version(connection: aiosqlite.Connection) -> int:
    async with connection.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(connection: aiosqlite.Connection) -> None:
    """Apply the migrations this database has not had yet, each in its own transaction."""
    version = await schema_version(connection)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"the index has schema version {version}, newer than this Dateline "
            f"({SCHEMA_VERSION}); upgrade Dateline or rebuild the index"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        async with transaction(connection):
            for statement in _statements(MIGRATIONS[number - 1]):
                await connection.execute(statement)
            await connection.execute(f"PRAGMA user_version = {number}")


async def _check_version(connection: aiosqlite.Connection, path: Path) -> None:
    version = await schema_version(connection)
    if version != SCHEMA_VERSION:
        raise DatabaseError(
            f"the index {path} has schema version {version}, expected {SCHEMA_VERSION}; "
            "run `python -m bot index` to build it"
        )


def _statements(script: str) -> list[str]:
    """Split a migration into statements (they hold no semicolons inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]


@asynccontextmanager
async def transaction(connection: aiosqlite.Connection) -> AsyncIterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error or cancellation."""
    await connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk, an I/O error); a
        # second ROLLBACK would fail and hide the real error behind "no transaction".
        if connection.in_transaction:
            await connection.execute("ROLLBACK")
        raise
    await connection.execute("COMMIT")
