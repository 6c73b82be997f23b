"""Exceptions of the fake (kept apart so every module can import them without cycles)."""

from __future__ import annotations

from typing import Any


class BotCrashedError(RuntimeError):
    """The watched ``bot.start()`` task ended while a test was waiting on it."""


class DiscordError(Exception):
    """Raised inside handlers to answer with a Discord-style JSON error body."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None):
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body: dict[str, Any] = {"message": message, "code": code}
        if errors is not None:
            self.body["errors"] = errors
