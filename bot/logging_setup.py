"""One logging set-up for Dateline and discord.py: one line per event, never the token."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from bot.config import LoggingConfig

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RedactFilter(logging.Filter):
    """Replaces secrets in every record, wherever the message came from."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secrets:
            message = record.getMessage()
            if any(secret in message for secret in self._secrets):
                for secret in self._secrets:
                    message = message.replace(secret, "[redacted]")
                record.msg, record.args = message, None
        return True


def setup_logging(config: LoggingConfig, *, secrets: list[str]) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_dateline", False):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if config.file is not None:
        config.file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                config.file, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
            )
        )
    redact = RedactFilter(secrets)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(redact)
        handler._dateline = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(config.level)
    logging.getLogger("discord").setLevel(max(logging.INFO, root.level))
