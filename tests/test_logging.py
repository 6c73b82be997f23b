"""Logging: one line per event, discord.py through the same handlers, never the token."""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from admin_helpers import restored_logging

from bot.config import LoggingConfig
from bot.logging_setup import MAX_BYTES, reconfigure_logging, setup_logging

TOKEN = "MTA5.secret-token.for-the-log-test"
EVENT_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) +[\w.]+: "
)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    with restored_logging():
        yield


def _events(text: str) -> list[str]:
    """Every line is an event or an indented continuation of the one before."""
    lines = text.splitlines()
    for line in lines:
        assert line.startswith("    ") or EVENT_LINE.match(line), line
    return [line for line in lines if not line.startswith("    ")]


def test_the_token_never_reaches_a_log_line(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "bot.log"
    setup_logging(LoggingConfig(level="DEBUG", file=log_file), secrets=[TOKEN])
    log = logging.getLogger("bot.test")
    log.info("token in the message: %s" % TOKEN)  # noqa: UP031 - the point of the test
    log.info("token in the arguments: %s", TOKEN)
    logging.getLogger("discord.http").warning("sent Authorization: Bot %s", TOKEN)
    try:
        raise RuntimeError(f"bad token {TOKEN}")
    except RuntimeError:
        log.exception("token in a traceback")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert TOKEN not in text
    assert text.count("[redacted]") == 4  # message, arguments, discord, traceback
    events = _events(text)
    assert len(events) == 4
    assert " bot.test: token in the arguments: [redacted]" in events[1]
    assert " discord.http: sent Authorization: Bot [redacted]" in events[2]
    assert "RuntimeError: bad token [redacted]" in text


def test_one_line_per_event_with_the_logger_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "bot.log"
    setup_logging(LoggingConfig(level="INFO", file=log_file), secrets=[])
    logging.getLogger("bot.digest.scheduler").info("first line\nsecond line")
    logging.getLogger("bot.app").warning("plain")
    text = log_file.read_text("utf-8")
    events = _events(text)
    assert len(events) == 2
    assert events[0].endswith(" bot.digest.scheduler: first line")
    assert "\n    second line\n" in text
    assert events[1].endswith("WARNING bot.app: plain")
    assert capsys.readouterr().err == text  # stderr gets the same lines


def test_the_level_applies_to_dateline_and_libraries_stay_quiet_at_debug(tmp_path: Path) -> None:
    log_file = tmp_path / "bot.log"
    setup_logging(LoggingConfig(level="DEBUG", file=log_file), secrets=[])
    logging.getLogger("bot.search").debug("ours at debug")
    logging.getLogger("discord.gateway").debug("every gateway frame")
    logging.getLogger("aiosqlite").debug("every SQL call")
    logging.getLogger("discord.client").info("logging in using static token")
    text = log_file.read_text("utf-8")
    assert "ours at debug" in text
    assert "every gateway frame" not in text
    assert "every SQL call" not in text
    assert "discord.client: logging in using static token" in text
    files = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.handlers.RotatingFileHandler)
    ]
    assert len(files) == 1
    assert files[0].maxBytes == MAX_BYTES
    assert files[0].backupCount > 0


def test_reconfigure_changes_level_and_file_and_keeps_the_secrets(tmp_path: Path) -> None:
    first, second = tmp_path / "first.log", tmp_path / "second.log"
    setup_logging(LoggingConfig(level="INFO", file=first), secrets=[TOKEN])
    reconfigure_logging(LoggingConfig(level="WARNING", file=second))
    log = logging.getLogger("bot.test")
    log.info("now too quiet to show")
    log.warning("after the reload: %s", TOKEN)
    ours = [handler for handler in logging.getLogger().handlers if getattr(handler, "_dateline", 0)]
    assert len(ours) == 2  # stderr and the new file, not a second copy of each
    assert first.read_text("utf-8") == ""
    text = second.read_text("utf-8")
    assert "now too quiet" not in text
    assert "after the reload: [redacted]" in text
    assert logging.getLogger().level == logging.WARNING


def test_reconfigure_without_our_handlers_only_changes_levels() -> None:
    before = list(logging.getLogger().handlers)
    reconfigure_logging(LoggingConfig(level="ERROR"))
    assert logging.getLogger().handlers == before
    assert logging.getLogger().level == logging.ERROR
