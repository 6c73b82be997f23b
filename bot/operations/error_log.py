"""A small in-memory log of recent errors, for /admin health.

Fed by a logging handler at ERROR on the root logger, so it sees the tree's error handler
("error <ref> in <command>"), failed reloads, scheduler failures and discord.py's own errors
without each of them knowing about it. Bounded, so a crash loop cannot grow memory.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime

CAPACITY = 200
MESSAGE_CHARS = 200


@dataclass(frozen=True)
class ErrorEntry:
    when: datetime
    kind: str  # the exception class (unwrapped from CommandInvokeError), else the logger
    logger: str
    message: str


@dataclass(frozen=True)
class ErrorKind:
    kind: str
    count: int
    last_seen: datetime
    last_message: str


class ErrorLog:
    """The last :data:`CAPACITY` errors; counts are over what is kept."""

    def __init__(self, capacity: int = CAPACITY, secrets: list[str] | None = None) -> None:
        self._entries: deque[ErrorEntry] = deque(maxlen=capacity)
        self.secrets = [secret for secret in secrets or [] if secret]
        self.handler = ErrorLogHandler(self)

    def __len__(self) -> int:
        return len(self._entries)

    def record(self, kind: str, logger: str, message: str, when: datetime | None = None) -> None:
        for secret in self.secrets:
            message = message.replace(secret, "[redacted]")
        first_line = message.strip().splitlines()[0] if message.strip() else ""
        self._entries.append(
            ErrorEntry(when or datetime.now(UTC), kind, logger, first_line[:MESSAGE_CHARS])
        )

    def newest(self, limit: int = 5) -> list[ErrorEntry]:
        return list(reversed(self._entries))[:limit]

    def by_kind(self) -> list[ErrorKind]:
        """One row per kind, the most recently seen kind first."""
        rows: dict[str, ErrorKind] = {}
        for entry in reversed(self._entries):
            row = rows.get(entry.kind)
            if row is None:
                rows[entry.kind] = ErrorKind(entry.kind, 1, entry.when, entry.message)
            else:
                rows[entry.kind] = ErrorKind(
                    row.kind, row.count + 1, row.last_seen, row.last_message
                )
        return list(rows.values())


class ErrorLogHandler(logging.Handler):
    """Copies ERROR and worse records into an :class:`ErrorLog`."""

    def __init__(self, log: ErrorLog) -> None:
        super().__init__(level=logging.ERROR)
        self._log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._log.record(
                error_kind(record),
                record.name,
                record.getMessage(),
                datetime.fromtimestamp(record.created, UTC),
            )
        except Exception:  # noqa: BLE001 - a logging handler must never raise into its caller
            self.handleError(record)


def error_kind(record: logging.LogRecord) -> str:
    """``extra={"error_kind": ...}``, else the exception's class (through discord.py's invoke
    wrapper), else the logger's name."""
    given = getattr(record, "error_kind", None)
    if isinstance(given, str):
        return given
    if record.exc_info and record.exc_info[1] is not None:
        error: BaseException = record.exc_info[1]
        original = getattr(error, "original", None)
        if isinstance(original, BaseException):
            error = original
        return type(error).__name__
    return record.name
