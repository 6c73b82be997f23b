"""One logging set-up for Dateline and discord.py: one line per event, never the token.

Every record (Dateline's, discord.py's, aiosqlite's, APScheduler's) goes through the root
logger's handlers: stderr, plus a rotating file when ``[logging] file`` is set. Each event is
one line, ``time level logger: message``; a traceback or a message with line breaks continues
on lines indented by four spaces, so every line that does not start with a space is a new
event (and log shippers can join continuations). Secrets are replaced in the finished text,
tracebacks included, because a token can hide in an exception message as easily as in a log
call.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys

from bot.config import LoggingConfig

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
REDACTED = "[redacted]"
CONTINUATION = "\n    "
MAX_BYTES = 5_000_000
BACKUPS = 3
# Libraries that are very chatty at DEBUG (every SQL call, every gateway frame): they log at
# INFO or above even when Dateline itself is at DEBUG.
_QUIET_AT_DEBUG = ("discord", "aiosqlite", "apscheduler")


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RedactFilter(logging.Filter):
    """Replaces secrets in the message of every record, before any formatter sees it."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                record.msg, record.args = _redact(message, self.secrets), None
        return True


class OneLineFormatter(logging.Formatter):
    """``time level logger: message`` with continuations indented and secrets replaced."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__(_FORMAT)
        self.secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record).rstrip("\n")
        return _redact(text, self.secrets).replace("\n", CONTINUATION)


def _is_ours(handler: logging.Handler) -> bool:
    return bool(getattr(handler, "_dateline", False))


def setup_logging(config: LoggingConfig, *, secrets: list[str]) -> None:
    """Replace Dateline's handlers on the root logger (safe to call again, e.g. on reload)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if _is_ours(handler):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if config.file is not None:
        config.file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                config.file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
            )
        )
    redact = RedactFilter(secrets)
    for handler in handlers:
        handler.setFormatter(OneLineFormatter(secrets))
        handler.addFilter(redact)
        handler._dateline = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    set_levels(config.level)


def set_levels(level: str) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    for name in _QUIET_AT_DEBUG:
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))


def reconfigure_logging(config: LoggingConfig) -> None:
    """Apply a reloaded ``[logging]`` section, keeping the secrets given at start-up.

    When logging was never set up by Dateline (an embedding application or a test owns the
    handlers), only the levels change.
    """
    ours = [handler for handler in logging.getLogger().handlers if _is_ours(handler)]
    if not ours:
        set_levels(config.level)
        return
    formatter = ours[0].formatter
    secrets = formatter.secrets if isinstance(formatter, OneLineFormatter) else []
    setup_logging(config, secrets=secrets)
